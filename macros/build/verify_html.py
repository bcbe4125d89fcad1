"""The built HTML, verified: nothing in a published page can run script but the site's own.

Every HTML file of a built edition is parsed with an HTML5 parser (Lexbor, through
selectolax: the same tree a browser builds, SVG and MathML included) and refused,
naming the file and the element, when it holds:

- an event-handler attribute (any attribute whose name starts with ``on``);
- a ``javascript:``, ``vbscript:`` or ``data:`` address in any attribute that is
  not free text (``href``, ``src``, ``xlink:href``, ``formaction``, ``srcdoc``, SVG
  ``values``/``to``/``from``…), read as the browser reads it: character
  references decoded by the parser, ASCII whitespace and control characters
  removed, each ``;``/``,``-separated part of a list;
- a ``<script>`` that is not one of the site's own: a file of the theme or of the
  project (``src``), one of the theme's inline scripts known by its SHA-256 hash,
  or JSON data (``application/json``, ``application/ld+json``) that parses as JSON;
- an ``<iframe>``, ``<object>``, ``<embed>``, ``<frame>``, ``<frameset>``,
  ``<applet>``, ``<base>``, ``<template>`` or ``<portal>``; a ``<meta http-equiv>``
  other than the Content-Security-Policy;
- a resource (``src``, ``srcset``, ``poster``, a stylesheet's or icon's ``href``,
  ``url(…)`` in a ``style``) on another host;
- a page without the site's Content-Security-Policy ``<meta>`` first in ``<head>``;
- a ``title`` attribute whose text holds HTML markup: with ``content.tooltips``
  Material shows an element's title as a tooltip through ``innerHTML``, so a
  title is HTML, not text. ``tooltip_titles(html)`` makes every title that holds
  ``<`` or ``&`` escaped HTML text (the build runs it on every page), so it
  shows as typed in the tooltip.

``policy()`` is that Content-Security-Policy. Nothing here depends on MkDocs but
``theme_scripts()``, which reads Material's templates for its inline scripts.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markupsafe import escape
from selectolax.lexbor import LexborHTMLParser

from macros.pages.safety import markup_in

# Attributes whose value is free text, never an address: the only ones not read as a URL.
TEXT_ATTRIBUTES = frozenset(
    {
        "alt", "title", "placeholder", "label", "summary", "abbr", "aria-label", "aria-description",
        "aria-roledescription", "aria-valuetext", "aria-placeholder", "data-clipboard-text",
    }
)  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
FORBIDDEN_ELEMENTS = frozenset(
    {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "template", "portal", "noembed"}
)
JSON_TYPES = frozenset({"application/json", "application/ld+json"})
RESOURCE_ATTRIBUTES = frozenset({"src", "poster", "data", "background", "lowsrc", "dynsrc"})
SVG_RESOURCES = frozenset({"image", "use", "feimage", "script"})  # SVG elements whose href loads something
RESOURCE_LINKS = frozenset({"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "import"})
_REMOVED = re.compile(r"[\x00-\x20\x7f]+")  # what a browser's URL parser strips or ignores
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)|@import\s+(['\"])(.*?)\3", re.I | re.S)

# The theme's (Material's) inline scripts the site may carry: the partials that hold them.
THEME_INLINE_PARTIALS = ("partials/javascripts/palette.html", "partials/javascripts/content.html")


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@functools.cache
def theme_scripts() -> tuple[str, ...]:
    """The hashes of the inline scripts of Material's partials listed above (those with no
    template expression in them: the same bytes on every page)."""
    import material.templates

    folder = Path(material.templates.__file__).parent
    hashes = []
    for name in THEME_INLINE_PARTIALS:
        text = (folder / name).read_text(encoding="utf-8")
        for body in re.findall(r"<script>(.*?)</script>", text, flags=re.S):
            if "{{" not in body and "{%" not in body:
                hashes.append(sha256(body))
    return tuple(hashes)


def preview_policy() -> str:
    """The policy of `make serve` only: MkDocs' live reload is an inline script that changes with
    every request, so no hash can allow it; scripts may be inline there (a browser ignores
    'unsafe-inline' next to a hash, so the hashes are left out). Never in a build."""
    return policy(()).replace("script-src 'self' ;", "script-src 'self' 'unsafe-inline';")


def policy(hashes: tuple[str, ...] | None = None) -> str:
    """The Content-Security-Policy of every page, online and offline.

    Scripts only from the site itself ('self') and the theme's known inline scripts by
    hash; no plugin content, no <base>, no form submissions; styles, images, fonts,
    search and the offline search's worker from the site only. Images may also be data:
    URLs, which the theme's stylesheet uses for its icons (the built HTML holds none)."""
    scripts = " ".join(f"'{h}'" for h in (theme_scripts() if hashes is None else hashes))
    return (
        "default-src 'self'; "
        f"script-src 'self' {scripts}; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "worker-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
    )


@dataclass(frozen=True)
class Finding:
    where: str  # the file, relative to the site
    element: str  # the element, as a short start tag
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.element}: {self.what}"


def _shown(node) -> str:
    attrs = " ".join(f'{k}="{(v or "")[:40]}"' if v is not None else k for k, v in node.attributes.items())
    return f"<{node.tag}{' ' + attrs if attrs else ''}>"


def bad_scheme(value: str) -> str | None:
    """The forbidden scheme of an attribute value or of one of its ;/, separated parts."""
    if ":" not in value:  # every scheme ends with one (character references are already decoded)
        return None
    cleaned = _REMOVED.sub("", value).lower()
    parts = {cleaned, *re.split(r"[;,]", cleaned)}
    for part in parts:
        for scheme in BAD_SCHEMES:
            if part.startswith(scheme):
                return scheme.rstrip(":")
    return None


def off_host(url: str) -> bool:
    """Whether a resource address leaves the site: another host, or any absolute address."""
    cleaned = _REMOVED.sub("", url).replace("\\", "/")
    parts = urlsplit(cleaned)
    return bool(parts.netloc) or parts.scheme not in ("", "data", "blob")


@dataclass(frozen=True)
class Known:
    """What a page may hold: its CSP, the hashes of the inline scripts, the site's script files."""

    csp: str
    inline: frozenset[str]
    script_files: frozenset[str]  # paths relative to the site's root
    root: str = "/"  # the path of the site's address (site_url), for absolute links


def check_page(html: str, where: str, known: Known | None, page_path: str = "") -> list[Finding]:
    """The findings of one page (`known` None: a fragment, such as a page's content in make check,
    which may hold no script at all and needs no CSP)."""
    tree = LexborHTMLParser(html)
    found: list[Finding] = []
    if known is not None and not _csp_first(tree, known.csp):
        found.append(
            Finding(where, "<head>", "the site's Content-Security-Policy <meta> is not the first element of <head>")
        )
    for node in tree.root.traverse(include_text=False) if tree.root is not None else []:
        tag = node.tag
        attrs = node.attributes
        if tag in FORBIDDEN_ELEMENTS:
            found.append(Finding(where, _shown(node), f"a <{tag}> element is not allowed in a page"))
        for name, value in attrs.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                found.append(Finding(where, _shown(node), f"the event-handler attribute {name}= could run script"))
                continue
            if value is None:
                continue
            if lowered == "title" and (markup := markup_in(value)):
                found.append(
                    Finding(where, _shown(node), f"the title holds HTML ({markup}), which a tooltip would run")
                )
                continue
            if lowered == "srcdoc":
                found.append(Finding(where, _shown(node), "srcdoc= holds a document that would run in a frame"))
                continue
            if lowered not in TEXT_ATTRIBUTES and not (tag == "meta" and lowered == "content"):
                if scheme := bad_scheme(value):
                    found.append(Finding(where, _shown(node), f"{name}= holds a {scheme}: address"))
                    continue
            if (
                lowered in RESOURCE_ATTRIBUTES or (lowered in ("href", "xlink:href") and tag.lower() in SVG_RESOURCES)
            ) and off_host(value):
                found.append(Finding(where, _shown(node), f"{name}= loads a resource from another host"))
            elif lowered == "srcset" and any(off_host(p.split()[0]) for p in value.split(",") if p.strip()):
                found.append(Finding(where, _shown(node), "srcset= loads an image from another host"))
            elif lowered == "href" and tag == "link":
                rels = set((attrs.get("rel") or "").lower().split())
                if rels & RESOURCE_LINKS and off_host(value):
                    found.append(Finding(where, _shown(node), "a stylesheet or icon from another host"))
            elif lowered == "style":
                found += _css(value, where, node)
        if tag == "meta":
            equiv = (attrs.get("http-equiv") or "").lower()
            if equiv and equiv != "content-security-policy":
                found.append(Finding(where, _shown(node), f'<meta http-equiv="{equiv}"> is not allowed'))
        elif tag == "style":
            found += _css(node.text(deep=True), where, node)
        elif tag == "script":
            found += _script(node, where, known, page_path)
    return found


_TITLE_WITH_MARKUP_CHARACTERS = re.compile(r"""\stitle\s*=\s*(["']?)[^"'>]*[&<]""", re.I)


def tooltip_titles(html: str) -> str:
    """The page with each `title` attribute that holds < or & escaped once more (see above).
    A page with no such title is returned as it is (the quick test only spares the parse: every
    title is verified by check_page)."""
    if not _TITLE_WITH_MARKUP_CHARACTERS.search(html):
        return html
    tree = LexborHTMLParser(html)
    changed = False
    for node in tree.css("[title]"):
        value = node.attributes.get("title") or ""
        if "<" in value or "&" in value:
            node.attrs["title"] = escape(value)
            changed = True
    return tree.html if changed and tree.html else html


def _csp_first(tree, csp: str) -> bool:
    """Whether <head> starts with the CSP <meta> (after <meta charset> only): a policy applies
    only to what comes after it."""
    for child in tree.head.iter(include_text=False) if tree.head is not None else []:
        if child.tag == "meta" and "charset" in child.attributes:
            continue
        equiv = (child.attributes.get("http-equiv") or "").lower()
        return child.tag == "meta" and equiv == "content-security-policy" and child.attributes.get("content") == csp
    return False


def _css(css: str, where: str, node) -> list[Finding]:
    found = []
    for match in _CSS_URL.finditer(css):
        url = match.group(2) if match.group(2) is not None else match.group(4)
        if bad_scheme(url) in ("javascript", "vbscript"):
            found.append(Finding(where, _shown(node), "a style holds a javascript: address"))
        elif off_host(url):
            found.append(Finding(where, _shown(node), "a style loads a resource from another host"))
    return found


def _script(node, where: str, known: Known | None, page_path: str) -> list[Finding]:
    attrs = node.attributes
    kind = (attrs.get("type") or "").strip().lower()
    src = attrs.get("src")
    if known is None:
        if kind in JSON_TYPES and src is None:
            return _json_script(node, where)
        return [Finding(where, _shown(node), "a script in a page's text is not allowed")]
    if src is not None:
        if off_host(src):
            return [Finding(where, _shown(node), "a script from another host")]
        target = unquote(urlsplit(src).path)
        if target.startswith("/"):  # a 404 page's absolute links, under the site's address
            path = posixpath.normpath(target.removeprefix(known.root))
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), target))
        if path.lstrip("/") not in known.script_files:
            return [Finding(where, _shown(node), "a script file that is not one of the site's own")]
        return []
    if kind in JSON_TYPES:
        return _json_script(node, where)
    if kind not in ("", "text/javascript", "module"):
        return [Finding(where, _shown(node), f'a <script type="{kind}"> is not one the site uses')]
    if sha256(node.text(deep=True)) not in known.inline:
        return [Finding(where, _shown(node), "an inline script that is not one of the theme's known scripts")]
    return []


def _json_script(node, where: str) -> list[Finding]:
    try:
        json.loads(node.text(deep=True))
    except ValueError:
        return [Finding(where, _shown(node), "a JSON <script> that is not JSON (a text may have ended it early)")]
    return []


def script_files(site: Path) -> frozenset[str]:
    """The site's own script files: the theme's bundle and the project's, as built into `site`."""
    folder = site / "assets" / "javascripts"
    return frozenset(p.relative_to(site).as_posix() for p in folder.glob("*.js")) if folder.is_dir() else frozenset()


def check_site(
    site: Path, csp: str | None = None, inline: tuple[str, ...] | None = None, root: str = "/"
) -> list[Finding]:
    """Every HTML file of a built site (both languages, the 404 pages); `root` is the path of
    the site's address."""
    hashes = frozenset(theme_scripts() if inline is None else inline)
    known = Known(csp or policy(), hashes, script_files(site), root.rstrip("/") + "/")
    found: list[Finding] = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        found += check_page(path.read_text(encoding="utf-8"), relative, known, relative)
    return found
