"""'Last updated' on every page: the date of the page's last commit, the same online and offline.

Checked on the live site: the dates come from this checkout's history of docs/ and data/, and
the rule holds for any meeting."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from babel.dates import format_date
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, SITE_URL

EPOCH_DATE = dt.date(2021, 9, 20)  # SOURCE_DATE_EPOCH of the test builds: used when git has no date


def expected(lang: str, slug: str) -> dt.date:
    """The last commit of the page's Markdown, and of data/ and strings.yml when the page calls macros."""
    source = ROOT / "docs" / lang / f"{slug}.md"
    paths = [str(source.relative_to(ROOT))]
    if "{{" in source.read_text(encoding="utf-8"):
        paths += ["data", "macros/render/strings.yml"]
    out = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", *paths], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return dt.datetime.fromtimestamp(int(out), dt.UTC).date() if out else EPOCH_DATE


def shown(path) -> tuple[str, str, str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    aside = soup.select_one("article aside.page-updated")
    assert aside is not None, path
    time = aside.find("time")
    return aside.get_text(" ", strip=True), time["datetime"], time.get_text(strip=True)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_shows_its_last_update_in_its_language(live_site_dir, live_offline_dir, live_slugs, lang):
    label = {"en": "Last updated:", "es": "Última actualización:"}[lang]
    locale = {"en": "en", "es": "es_419"}[lang]
    for slug in live_slugs:
        date = expected(lang, slug)
        prefix = "" if lang == "en" else "es/"
        online = live_site_dir / prefix / ("index.html" if slug == "index" else f"{slug}/index.html")
        offline = live_offline_dir / prefix / f"{slug}.html"
        text, iso, words = shown(online)
        assert iso == date.isoformat(), (lang, slug)
        assert words == format_date(date, "long", locale=locale), (lang, slug)
        assert text.startswith(label), text
        assert shown(offline) == (text, iso, words), f"{lang}/{slug}: offline edition differs"


def test_sitemap_dates_are_the_pages_last_updates(live_site_dir, live_slugs):
    sitemap = BeautifulSoup((live_site_dir / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    lastmod = {url.loc.get_text(): url.lastmod.get_text() for url in sitemap.find_all("url")}
    for lang in LANGS:
        for slug in live_slugs:
            path = ("" if lang == "en" else "es/") + ("" if slug == "index" else f"{slug}/")
            assert lastmod[SITE_URL + path] == expected(lang, slug).isoformat(), (lang, slug)
