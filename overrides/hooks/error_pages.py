"""A "page not found" page in each language.

mkdocs-static-i18n builds each language in turn into the same folder, so the
404.html of the last language overwrites the others. Here each language's
404 page is kept: the default language's at /404.html, every other one at
/<lang>/404.html.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

_pages: dict[str, str] = {}


def on_post_template(output_content: str, template_name: str, config) -> str:
    if template_name == "404.html":
        i18n = config.plugins["i18n"]
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
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    _pages.clear()
