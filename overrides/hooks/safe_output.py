"""Safe output: every editable text escaped at its source, the CSP, and the built HTML verified.

- The texts of mkdocs.yml (site name, description, author, copyright, the texts
  of `extra`, the language names) and of each page's front matter (title,
  description), and the titles of the navigation (their translations included),
  are HTML-escaped once, as `Markup`, before any template reads them. The
  theme's templates do not escape them (MkDocs' Jinja does not autoescape);
  with this, `x < y & z` shows as typed in the window title, the header, the
  navigation, the footer, the search index and the 404 pages, and `| e` in a
  template leaves the escaped text as it is.
- The Content-Security-Policy of macros/build/verify_html.py is handed to the theme
  (config.extra.content_security_policy; overrides/main.html writes it first
  in <head>).
- A `title` attribute is shown by the theme's tooltips as HTML: once every
  file is written, the titles holding `<` or `&` are escaped once more.
- Once both languages are built, every HTML file of the edition is verified
  (macros/build/verify_html.py); a finding fails the build, naming the file and the
  element. Under `make serve` the findings are printed instead.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

_CONFIG_TEXTS = ("site_name", "site_description", "site_author", "copyright")
# Keys of `extra` whose values are addresses or objects of the build, not texts.
_NOT_TEXT = {"polyfills", "link", "homepage", "edition", "content_security_policy", "lang"}


def _modules(config):
    root = str(Path(config.config_file_path).resolve().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from macros.build import preview, verify_html

    return preview, verify_html


def _escaped(value):
    """Strings escaped (once: an escaped Markup is left as it is), in lists and dicts too."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: item if key in _NOT_TEXT else _escaped(item) for key, item in value.items()}
    return value


# After mkdocs-static-i18n (-100) has set the language's site name, copyright and language list.
@event_priority(-150)
def on_config(config):
    preview, verify_html = _modules(config)
    for key in _CONFIG_TEXTS:
        if isinstance(config.get(key), str):
            config[key] = escape(config[key])
    for key, value in list(config.extra.items()):
        if key not in _NOT_TEXT:
            config.extra[key] = _escaped(value)
    # `make serve` injects its live-reload script inline: its pages get the preview's policy.
    policy = verify_html.preview_policy() if preview.STATE.on else verify_html.policy()
    config.extra["content_security_policy"] = policy
    return config


# Before mkdocs-static-i18n (-100) builds the next language: its settings are given back as the
# plain text they were (static-i18n only overrides settings whose type is exactly `str`).
@event_priority(0)
def _restore_texts(config) -> None:
    for key in _CONFIG_TEXTS:
        if isinstance(config.get(key), Markup):
            config[key] = config[key].unescape()


def _escape_titles(items) -> None:
    for item in items or []:
        # A page's own title comes from its front matter (escaped in on_page_markdown); a title
        # written in the nav, a section's or a link's is set on the item.
        if "title" in vars(item) and isinstance(item.title, str):
            item.title = escape(item.title)
        _escape_titles(getattr(item, "children", None))


@event_priority(-150)  # after mkdocs-static-i18n's nav_translations
def on_nav(nav, config, files):
    _escape_titles(nav.items)
    return nav


def on_page_markdown(markdown: str, page, config, files) -> str:
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], Markup):
            page.meta[key] = escape(page.meta[key])
    return markdown


@event_priority(-130)  # after every file is written (hooks at -110, the problems pages at -120)
def _verify(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    preview, verify_html = _modules(config)
    if preview.STATE.on and preview.STATE.listing:
        # `make serve` with a broken edit: every page is the list of problems (macros/build/preview.py,
        # a fixed template that escapes them), shown on this machine only and never published.
        return
    site = Path(config.site_dir)
    for path in site.rglob("*.html"):  # every page, the 404 pages (hooks/error_pages.py) included
        html = path.read_text(encoding="utf-8")
        safe = verify_html.tooltip_titles(html)
        if safe != html:
            path.write_text(safe, encoding="utf-8")
    root = urlsplit(config.site_url or "/").path or "/"
    findings = verify_html.check_site(Path(config.site_dir), config.extra["content_security_policy"], root=root)
    if not findings:
        return
    lines = [str(finding) for finding in findings]
    if preview.STATE.on:
        print("The built pages hold HTML that could run script:", *lines, sep="\n", file=sys.stderr)
        return
    raise PluginError(
        f"{len(lines)} problem{'s' if len(lines) != 1 else ''} in the built HTML (the site is not published):\n"
        + "\n".join(lines)
    )


on_post_build = CombinedEvent(_restore_texts, _verify)
