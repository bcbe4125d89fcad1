"""Hosting: the "page not found" page of each language, site_url, the sitemap
and robots.txt.

mkdocs-static-i18n builds each language in turn into the same folder, so the
404.html of the last language overwrites the others. Here each language's
404 page (template overrides/404.html) is kept: the default language's at
/404.html, every other one at /<lang>/404.html. A 404 page is served at any
depth, so its language links go to each language's home page, absolutely.

The offline edition is opened from disk, where no server answers with a 404
page: it has none, and ignores site_url (SITE_URL), so it is the same
wherever the online site is published.

A sitemap needs absolute addresses: without site_url the build writes none
(rather than one with relative <loc>s) and says so in one line; the offline
edition has none. The online site's robots.txt names the sitemap when there
is one (macros/outputs/publish.py).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority

_pages: dict[str, str] = {}

_LANGUAGE_LINK = re.compile(r'(<a href=")[^"]*(" hreflang="([\w-]+)"[^>]*class="md-select__link")')


def _offline(config) -> bool:
    edition = config.extra.get("edition")
    return bool(edition and edition.offline)


def on_config(config):
    if _offline(config):
        config.site_url = None
    config.extra["not_found"] = _not_found_words(config)
    return config


def _not_found_words(config) -> dict[str, dict[str, str]]:
    """The 404 page's words in each language, from macros/render/strings.yml."""
    root = str(Path(config.config_file_path).resolve().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from macros.content.models import LANGUAGES
    from macros.content.problems import DataError
    from macros.render.renderer import strings

    try:
        s = strings()
    except DataError:  # reported with the data; `make serve` shows the list of problems instead
        return {lang: dict.fromkeys(("title", "body", "home"), "") for lang in LANGUAGES}
    return {lang: {key: s[f"not_found_{key}"](lang) for key in ("title", "body", "home")} for lang in LANGUAGES}


def _root(config) -> str:
    return urlsplit(config.site_url or "/").path.rstrip("/") + "/"


def language_links(html: str, root: str, default: str) -> str:
    """Point the header's language links of a 404 page at each language's home page."""
    return _LANGUAGE_LINK.sub(
        lambda m: m.group(1) + root + ("" if m.group(3) == default else f"{m.group(3)}/") + m.group(2), html
    )


def on_post_template(output_content: str, template_name: str, config) -> str:
    if template_name == "404.html":
        i18n = config.plugins["i18n"]
        output_content = language_links(output_content, _root(config), i18n.default_language)
        _pages[i18n.current_language] = output_content
    return output_content


@event_priority(-110)
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:
        return
    site = Path(config.site_dir)
    for lang, html in _pages.items():
        target = site / "404.html" if lang == i18n.default_language else site / lang / "404.html"
        if _offline(config):
            target.unlink(missing_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    _pages.clear()
    _sitemap_and_robots(config, site)


def _sitemap_and_robots(config, site: Path) -> None:
    root = str(Path(config.config_file_path).resolve().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from macros.outputs import publish

    if not config.site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site / name).unlink(missing_ok=True)
        if not _offline(config) and os.environ.get("SITE_PREVIEW") != "1":  # not at every `make serve` rebuild
            # Printed, not logged: a logged warning would fail the strict build.
            print(publish.NO_SITEMAP, file=sys.stderr)
    if not _offline(config):
        (site / "robots.txt").write_text(publish.robots_txt(config.site_url), encoding="utf-8")
