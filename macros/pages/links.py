"""Links and anchors of the rendered pages, checked as a strict MkDocs build checks them.

A page's Markdown (its macros already expanded) is rendered with the Markdown
extensions listed in mkdocs.yml. From the result come:

- the anchors the page has: every ``id`` (headings, macro output) and every
  ``<a name>``, as MkDocs collects them;
- the links written in the page's Markdown (``[text](target)``), resolved like
  MkDocs resolves them: a relative path to another page's ``.md`` file,
  optionally with ``#anchor``; anything else relative (``../glossary/``) is
  "unrecognized" and fails a strict build;
- every URL in the page (``href``, ``src``…), which may only be ``http(s):``,
  ``mailto:`` or relative.

This module knows nothing of MkDocs: it uses Python-Markdown directly.
"""

from __future__ import annotations

import posixpath
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

# Extensions MkDocs always adds to those of mkdocs.yml.
_BUILTIN = ("toc", "tables", "fenced_code")
ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "background"}


def markdown_extensions(config: dict) -> tuple[list[str], dict[str, dict]]:
    """The extensions (and their settings) of mkdocs.yml's `markdown_extensions`."""
    names: list[str] = list(_BUILTIN)
    settings: dict[str, dict] = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, str):
            name, options = entry, {}
        elif isinstance(entry, dict) and len(entry) == 1:
            name, options = next(iter(entry.items()))
            options = options if isinstance(options, dict) else {}
        else:
            continue
        if name not in names:
            names.append(name)
        # Settings whose value YAML could not build (such as !!python/name:…) are left to their defaults.
        settings[name] = {key: value for key, value in options.items() if value is not None}
    return names, settings


class _LinkCollector(Treeprocessor):
    """The links of the Markdown itself (not those inside raw HTML), as MkDocs sees them."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.links: list[str] = []

    def run(self, root):
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if key and element.get(key) is not None:
                self.links.append(element.get(key))
        return root


class _HtmlScan(HTMLParser):
    """Anchors and URLs of a piece of HTML (what may run script is refused by safety.py, and
    verified on the output by verify_html.py)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[int, str]] = []  # (line, URL)

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if name == "id" or (name == "name" and tag == "a"):
                if value:
                    self.ids.add(value)
            elif name in _URL_ATTRIBUTES and value is not None:
                self.urls.append((line, value))
            elif name == "srcset" and value:
                self.urls += [(line, part.split()[0]) for part in value.split(",") if part.strip()]

    handle_startendtag = handle_starttag


def scan_html(text: str) -> _HtmlScan:
    scan = _HtmlScan()
    scan.feed(text)
    scan.close()
    return scan


def bad_scheme(url: str) -> str | None:
    """The scheme of a URL that is neither http(s):, mailto: nor relative."""
    cleaned = re.sub(r"[\x00-\x20]", "", url)
    match = _SCHEME.match(cleaned)
    if match and match.group(1).lower() not in ALLOWED_SCHEMES:
        return match.group(1).lower()
    return None


@dataclass
class Rendered:
    html: str
    links: list[str]  # the Markdown's own links, in order
    ids: set[str] = field(default_factory=set)


# Extensions whose output depends on the page's text alone: no file read, nothing kept from one
# page to the next. With only these, a text rendered before is not rendered again (make serve
# checks the whole site after every edit, which changes one page or none).
PURE_EXTENSIONS = frozenset(
    {
        "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
        "sane_lists", "smarty", "tables", "toc",
        "pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.highlight",
        "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.mark", "pymdownx.smartsymbols",
        "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
    }
)  # fmt: skip
_RENDERED: OrderedDict[tuple[str, str], Rendered] = OrderedDict()
_RENDERED_MAX = 256


class MarkdownRenderer:
    """Python-Markdown set up like the site's build."""

    def __init__(self, extensions: list[str], settings: dict[str, dict]):
        self.md = markdown.Markdown(extensions=extensions, extension_configs=settings)
        self.collector = _LinkCollector(self.md)
        self.md.treeprocessors.register(self.collector, "site_links", 0)
        pure = set(extensions) <= PURE_EXTENSIONS
        self.setup = repr((extensions, sorted(settings.items()))) if pure else None

    def render(self, text: str) -> Rendered:
        key = (self.setup, text)
        if self.setup is not None and key in _RENDERED:
            _RENDERED.move_to_end(key)
            return _copy(_RENDERED[key])
        self.md.reset()
        self.collector.links = []
        html = self.md.convert(text)
        result = Rendered(html, list(self.collector.links), scan_html(html).ids)
        if self.setup is not None:
            _RENDERED[key] = _copy(result)
            while len(_RENDERED) > _RENDERED_MAX:
                _RENDERED.popitem(last=False)
        return result


def _copy(result: Rendered) -> Rendered:
    return Rendered(result.html, list(result.links), set(result.ids))


@dataclass(frozen=True)
class Target:
    """Where a relative link of a page leads: a page (docs-relative path) and an anchor."""

    path: str | None  # "en/glossary.md", or None for the page itself
    anchor: str
    unrecognized: bool  # not a .md file: MkDocs leaves it as is and warns


def resolve(page_uri: str, url: str) -> Target | None:
    """A relative link of the page `page_uri` ("en/agenda.md"); None for a web address."""
    scheme, netloc, path, _query, anchor = urlsplit(url)
    if scheme or netloc:
        return None
    if not path:
        return Target(None, anchor, False)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), unquote(path)).lstrip("/"))
    return Target(target, anchor, not posixpath.splitext(path)[1])


_BLOCK = re.compile(r"^\s*<(div|table|section|figure|ul|ol|dl|p|h[1-6]|details|nav|aside|svg|blockquote)[\s>]")


def is_block(html: str) -> bool:
    """Whether a macro's output is block HTML (a table, cards…), not a few words."""
    return bool(_BLOCK.match(html))


def misplaced_calls(body: str, renderer: MarkdownRenderer, block_lines: set[int]) -> list[tuple[int, str]]:
    """Macro calls Markdown would mangle: (line in `body`, 0-based; "code" or "paragraph").

    Each `{{ … }}` is replaced by a marker word and the page is rendered:
    - a marker inside <pre> is a call indented (a tab or four spaces after a
      blank line), so that its HTML would be published as a grey code block;
    - a call whose output is block HTML (on a line of `block_lines`) must be
      alone on its line: after text on the same line (or a heading's or a list
      item's marker), its HTML would be poured into that paragraph.
    """
    calls: list[int] = []

    def marker(match: re.Match) -> str:
        calls.append(body.count("\n", 0, match.start()))
        return f"SITEMACROCALL{len(calls) - 1}X" + "\n" * match.group(0).count("\n")

    replaced = re.sub(r"\{\{.*?\}\}", marker, body, flags=re.S)
    if not calls:
        return []
    html = renderer.render(replaced).html
    found: dict[int, str] = {}
    for block in re.findall(r"<pre[ >].*?</pre>", html, flags=re.S):
        for n in re.findall(r"SITEMACROCALL(\d+)X", block):
            found.setdefault(calls[int(n)], "code")
    lines = body.split("\n")
    for line in sorted(set(calls) & block_lines):
        if line not in found and not re.fullmatch(r"\s*\{\{[^\n]*?\}\}\s*", lines[line]):
            found[line] = "paragraph"
    return sorted(found.items())
