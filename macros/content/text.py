"""The one rule for text in the data files: inline Markdown, the same everywhere.

Every text of data/*.yml (titles, names, definitions, labels...) may use
inline Markdown: **bold**, *italics*, `code` and [links](https://example.org).
It is rendered by markdown-it-py in CommonMark mode with raw HTML disabled,
inline only (no headings, lists or paragraphs). Anything else is text, shown
as typed: ``x < y``, ``R&D`` and ``2 * 3`` need no care.

- ``inline(text)`` is the HTML for visible text (a ``Markup``);
- ``plain(text)`` is the same text without markup, for attributes, tooltips,
  image descriptions and SVG (escape it like any string);
- ``problems(text)`` lists what cannot be published: a link to anything but
  http(s):, mailto: or a relative address, an image, or an unclosed ``**``.

The HTML that ``inline`` returns writes the characters Markdown gives a
meaning to (``* _ ` [ ] { } \\``) as character references, so that a page
that places it inside its own Markdown shows it exactly the same.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

SCHEMES = ("http", "https", "mailto")

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Characters the page's own Markdown (Python-Markdown, attr_list) would act on.
_ACTIVE = {ord(c): f"&#{ord(c)};" for c in "*_`[]{}\\"}


def allowed_link(url: str) -> bool:
    """http:, https:, mailto: or a relative address (not //host, which leaves the site)."""
    target = re.sub(r"[\x00-\x20\x7f]", "", url)
    match = _SCHEME.match(target)
    if match:
        return match.group(1).lower() in SCHEMES
    return not target.startswith("//")


def looks_like_web_address(url: str) -> bool:
    """'www.example.org' or 'example.org/page': a web address written without https://."""
    if _SCHEME.match(url) or url.startswith(("/", ".", "#")):
        return False
    host = re.split(r"[/?#]", url, maxsplit=1)[0].lower()
    return host.startswith("www.") or bool(
        re.fullmatch(r"(?:[a-z0-9-]+\.)+(?:org|com|net|int|gov|edu|info|[a-z]{2})", host)
        and not re.search(r"\.(md|html?|pdf|png|jpe?g|svg|gif|webp|zip|csv|json|ics|txt|js|css|py)$", host)
    )


def _text(renderer, tokens, idx, options, env) -> str:
    return escapeHtml(tokens[idx].content).translate(_ACTIVE)


def _code(renderer, tokens, idx, options, env) -> str:
    return "<code>" + escapeHtml(tokens[idx].content).translate(_ACTIVE) + "</code>"


@functools.cache
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.validateLink = allowed_link
    md.add_render_rule("text", _text)
    md.add_render_rule("code_inline", _code)
    md.add_render_rule("softbreak", lambda *args: " ")
    md.add_render_rule("hardbreak", lambda *args: " ")
    return md


@functools.cache
def _unlinked() -> MarkdownIt:
    """The same, with links shown as their words: for text placed inside a link of its own."""
    md = _renderer()
    copy = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    copy.disable("image")
    copy.validateLink = md.validateLink
    for name in ("text", "code_inline", "softbreak", "hardbreak"):
        copy.add_render_rule(name, md.renderer.rules[name])
    copy.add_render_rule("link_open", lambda *args: "")
    copy.add_render_rule("link_close", lambda *args: "")
    return copy


@functools.cache
def _reader() -> MarkdownIt:
    """A parser that accepts every link and image, to find those that are not allowed."""
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: True
    return md


@functools.lru_cache(maxsize=4096)
def inline(text: str, links: bool = True) -> Markup:
    """The HTML of a data text: inline Markdown, everything else escaped.
    With links=False, links keep their words only (for text that is itself inside a link)."""
    return Markup((_renderer() if links else _unlinked()).renderInline(text).strip())


@functools.lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """The words of a data text without its Markdown: '**RCM** [site](x)' -> 'RCM site'."""
    tokens = _renderer().parseInline(text)
    out = []
    for token in tokens[0].children or []:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


@functools.cache
def _html_reader() -> MarkdownIt:
    """A parser that recognises inline HTML as CommonMark defines it (`x < y` is not HTML)."""
    return MarkdownIt("commonmark", {"html": True})


# What Markdown writes instead of the commonest HTML tags.
_INSTEAD = {
    "b": "**bold**",
    "strong": "**bold**",
    "i": "*italics*",
    "em": "*italics*",
    "a": "[words](https://address)",
    "code": "`code`",
}


def _html_problem(tag: str) -> str:
    name = re.match(r"</?\s*([A-Za-z][A-Za-z0-9-]*)", tag)
    name = name.group(1).lower() if name else ""
    if name == "br":
        instead = (
            "a text is one line: instead of <br>, end the sentence with a full stop; a line break "
            "(two spaces at the end of a line) or a list belongs in a page's Markdown, not in a data text"
        )
    elif name in _INSTEAD:
        instead = f"write {_INSTEAD[name]} instead"
    else:
        instead = "remove it"
    return (
        f"{_shown(tag)} is HTML, which a text does not take (it would be shown as typed); texts use Markdown "
        f"(**bold**, *italics*, [words](https://address)): {instead}"
    )


def problems(text: str) -> list[str]:
    """Sentences saying what in a text cannot be published; empty when it is fine."""
    found = []
    for token in _html_reader().parseInline(text)[0].children or []:
        if token.type == "html_inline" and not token.content.startswith("<!--"):
            found.append(_html_problem(token.content))
            break
    tokens = _reader().parseInline(text)
    for token in tokens[0].children or []:
        if token.type == "link_open":
            href = token.attrGet("href") or ""
            if looks_like_web_address(href):
                found.append(f"the link to {_shown(href)} is a web address without https://; write https://{href}")
            elif not allowed_link(href):
                found.append(
                    f"the link to {_shown(href)} is not allowed: a link may point only to an http:, https: "
                    "or mailto: address, or to a page of this site"
                )
        elif token.type == "image":
            found.append("an image cannot be placed in a text; write a link instead: [description](address)")
    # An unclosed ** or __ would be shown as typed. Escaped ones (\*\*) are meant.
    words = plain(re.sub(r"\\[*_]", "", text))
    for marker in ("**", "__"):
        if marker in words:
            found.append(
                f"the {marker} here is not closed, so it would be shown as typed; put {marker} on both sides "
                f"of the words ({marker}like this{marker}), or write {marker[0]} as \\{marker[0]}"
            )
            break
    return found


def _shown(href: str) -> str:
    return repr(href if len(href) <= 40 else href[:37] + "...")
