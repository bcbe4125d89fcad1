"""Hosting: site_url from SITE_URL, the 404 pages, and the offline edition untouched by either."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, mkdocs_build

SITE_URL = "https://example.org/rcm-meeting/"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def hosted_site(tmp_path_factory, offline_zip) -> Path:
    """The online site built with SITE_URL set, as the publishing workflow builds it."""
    site = tmp_path_factory.mktemp("hosted") / "site"
    result = mkdocs_build(offline_zip.parent.parent, site, SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_site_url_gives_canonical_links_and_sitemap(hosted_site, slugs):
    for lang in ("en", "es"):
        for slug in slugs:
            path = ("" if lang == "en" else "es/") + ("" if slug == "index" else f"{slug}/")
            canonical = soup_of(hosted_site / path / "index.html").find("link", rel="canonical")
            assert canonical and canonical["href"] == SITE_URL + path, (lang, slug, canonical)
    sitemap = (hosted_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    assert {SITE_URL, SITE_URL + "es/", SITE_URL + "agenda/", SITE_URL + "es/agenda/"} <= locations
    assert all(url.startswith(SITE_URL) for url in locations)
    assert gzip.decompress((hosted_site / "sitemap.xml.gz").read_bytes()).decode() == sitemap


def test_404_pages_link_absolutely_under_site_url(hosted_site):
    """A 404 page is served at any depth: its assets and links start with site_url's path."""
    for page, lang, home in (("404.html", "en", "/rcm-meeting/"), ("es/404.html", "es", "/rcm-meeting/es/")):
        soup = soup_of(hosted_site / page)
        assert soup.html["lang"] == lang
        for tag, attr in (("link", "href"), ("script", "src"), ("a", "href")):
            for node in soup.find_all(tag, attrs={attr: True}):
                url = node[attr]
                assert url.startswith(("/rcm-meeting/", "#", "https:", "mailto:")), f"{page}: {tag} {url}"
        links = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}
        assert links == {"en": "/rcm-meeting/", "es": "/rcm-meeting/es/"}, page
        assert soup.select_one("article h1 + p + p a")["href"] == home


def test_spanish_404_page_is_in_spanish(site_dir):
    soup = soup_of(site_dir / "es" / "404.html")
    assert soup.html["lang"] == "es"
    assert soup.select_one("article h1").get_text(strip=True) == "Página no encontrada"
    assert soup.title.get_text().startswith("Página no encontrada")
    assert not soup.select("article noscript"), "the Spanish 404 page is for Spanish paths only"
    links = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}
    assert links == {"en": "/", "es": "/es/"}


def test_root_404_page_carries_both_languages(site_dir):
    """GitHub Pages serves the root page for every path: Spanish is in it for readers without JavaScript."""
    soup = soup_of(site_dir / "404.html")
    assert soup.html["lang"] == "en"
    assert soup.select_one("article h1").get_text(strip=True) == "Page not found"
    spanish = BeautifulSoup(soup.select_one("article noscript").decode_contents(), "html.parser")
    assert spanish.div["lang"] == "es"
    assert spanish.h2.get_text(strip=True) == "Página no encontrada"
    assert spanish.a["href"] == "/es/"


def test_offline_edition_has_no_404_page_and_no_site_url(offline_dir):
    """From disk no server answers with a 404 page, and the edition is the same wherever the site is hosted."""
    assert not (offline_dir / "404.html").exists() and not (offline_dir / "es" / "404.html").exists()
    for page in (offline_dir / "index.html", offline_dir / "es" / "agenda.html"):
        assert soup_of(page).find("link", rel="canonical") is None, page


def test_offline_build_ignores_site_url(tmp_path):
    """OFFLINE=true with SITE_URL set: no canonical link to the host in the archive's pages."""
    root = copy_project(tmp_path / "project")
    site = tmp_path / "offline"
    result = mkdocs_build(root, site, OFFLINE="true", SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    assert SITE_URL not in (site / "index.html").read_text(encoding="utf-8")
    assert not (site / "404.html").exists()
