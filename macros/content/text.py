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


def problems(text: str) -> list[str]:
    """Sentences saying what in a text cannot be published; empty when it is fine."""
    found = []
    tokens = _reader().parseInline(text)
    for token in tokens[0].children or []:
        if token.type == "link_open":
            href = token.attrGet("href") or ""
            if not allowed_link(href):
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
