"""Hosting: site_url from SITE_URL, the 404 pages, and the offline edition untouched by either."""

from __future__ import annotations

import gzip
import importlib.util
import re
from pathlib import Path
from types import SimpleNamespace

from bs4 import BeautifulSoup

from conftest import ROOT, SITE_URL


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def error_pages_hook():
    spec = importlib.util.spec_from_file_location("error_pages", ROOT / "overrides" / "hooks" / "error_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_site_url_gives_canonical_links_and_sitemap(site_dir, slugs):
    """The test builds set SITE_URL (conftest.build_env), as the publishing workflow does."""
    for lang in ("en", "es"):
        for slug in slugs:
            path = ("" if lang == "en" else "es/") + ("" if slug == "index" else f"{slug}/")
            canonical = soup_of(site_dir / path / "index.html").find("link", rel="canonical")
            assert canonical and canonical["href"] == SITE_URL + path, (lang, slug, canonical)
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    locations = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    assert {SITE_URL, SITE_URL + "es/", SITE_URL + "agenda/", SITE_URL + "es/agenda/"} <= locations
    assert all(url.startswith(SITE_URL) for url in locations)
    assert gzip.decompress((site_dir / "sitemap.xml.gz").read_bytes()).decode() == sitemap


def test_404_pages_link_absolutely(site_dir):
    """A 404 page is served at any depth: its assets and links start with site_url's path."""
    for page, lang, home in (("404.html", "en", "/"), ("es/404.html", "es", "/es/")):
        soup = soup_of(site_dir / page)
        assert soup.html["lang"] == lang
        for tag, attr in (("link", "href"), ("script", "src"), ("a", "href")):
            for node in soup.find_all(tag, attrs={attr: True}):
                url = node[attr]
                assert url.startswith(("/", "#", "https:", "mailto:")), f"{page}: {tag} {url}"
        links = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}
        assert links == {"en": "/", "es": "/es/"}, page
        assert soup.select_one("article h1 + p + p a")["href"] == home


def test_404_language_links_follow_a_site_url_with_a_path():
    """On GitHub Pages a project site lives under /<repository>/."""
    hook = error_pages_hook()
    config = SimpleNamespace(site_url="https://example.github.io/rcm-meeting/")
    html = (
        '<a href="../participants/" hreflang="en" lang="en" class="md-select__link">English</a>'
        '<a href="../../es/participants/" hreflang="es" lang="es" class="md-select__link">Español</a>'
    )
    fixed = hook.language_links(html, hook._root(config), "en")
    assert re.findall(r'href="([^"]+)"', fixed) == ["/rcm-meeting/", "/rcm-meeting/es/"]


def test_spanish_404_page_is_in_spanish(site_dir):
    soup = soup_of(site_dir / "es" / "404.html")
    assert soup.html["lang"] == "es"
    assert soup.select_one("article h1").get_text(strip=True) == "Página no encontrada"
    assert soup.title.get_text().startswith("Página no encontrada")
    assert not soup.select("article noscript"), "the Spanish 404 page is for Spanish paths only"


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
    """From disk no server answers with a 404 page; built with SITE_URL set (conftest.build_env), the
    edition still has no link to the host: it is the same wherever the site is published."""
    assert not (offline_dir / "404.html").exists() and not (offline_dir / "es" / "404.html").exists()
    for page in (offline_dir / "index.html", offline_dir / "es" / "agenda.html"):
        assert soup_of(page).find("link", rel="canonical") is None, page
        assert SITE_URL not in page.read_text(encoding="utf-8"), page


def test_offline_build_drops_site_url():
    hook = error_pages_hook()
    for offline, expected in ((True, None), (False, SITE_URL)):
        config = SimpleNamespace(
            site_url=SITE_URL, extra={"edition": SimpleNamespace(offline=offline)}, config_file_path=str(ROOT / "mkdocs.yml")
        )
        assert hook.on_config(config).site_url == expected


# --- findable in both languages: hreflang, sitemap, robots.txt ---------------------------------


def _page_path(lang: str, slug: str) -> str:
    return ("" if lang == "en" else "es/") + ("" if slug == "index" else f"{slug}/")


def test_every_page_names_itself_in_both_languages_and_x_default(site_dir, slugs):
    for lang in ("en", "es"):
        for slug in slugs:
            soup = soup_of(site_dir / _page_path(lang, slug) / "index.html")
            links = {link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"][hreflang]')}
            expected = {"en": SITE_URL + _page_path("en", slug), "es": SITE_URL + _page_path("es", slug)}
            assert links == {**expected, "x-default": expected["en"]}, (lang, slug)
            # The page's own version is its canonical address.
            assert soup.find("link", rel="canonical")["href"] == links[lang]


def test_sitemap_lists_every_page_with_its_versions_and_no_changefreq(site_dir, slugs):
    sitemap = BeautifulSoup((site_dir / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    urls = {url.loc.get_text(): url for url in sitemap.find_all("url")}
    assert set(urls) == {SITE_URL + _page_path(lang, slug) for lang in ("en", "es") for slug in slugs}
    assert not sitemap.find("changefreq")
    for slug in slugs:
        versions = {"en": SITE_URL + _page_path("en", slug), "es": SITE_URL + _page_path("es", slug)}
        for lang in ("en", "es"):
            url = urls[versions[lang]]
            alternates = {link["hreflang"]: link["href"] for link in url.find_all("link")}
            assert alternates == {**versions, "x-default": versions["en"]}, slug
            assert url.lastmod is not None


def test_robots_txt_points_to_the_sitemap(site_dir):
    lines = (site_dir / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /") and line != "Disallow:" for line in lines)


def test_without_site_url_no_sitemap_and_one_line_says_so(tmp_path):
    """A sitemap needs absolute addresses: a build without SITE_URL writes none, and says so once;
    its pages have no canonical or hreflang links (which must be absolute) and keep the language selector."""
    from conftest import mkdocs_build

    site = tmp_path / "site"
    result = mkdocs_build(ROOT, site, SITE_URL="")
    assert result.returncode == 0, result.stderr
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    output = (result.stdout + result.stderr).splitlines()
    notes = [line for line in output if "sitemap" in line.lower()]
    assert len(notes) == 1 and "SITE_URL" in notes[0], notes
    assert "Sitemap:" not in (site / "robots.txt").read_text(encoding="utf-8")
    soup = soup_of(site / "agenda" / "index.html")
    assert soup.find("link", rel="canonical") is None
    assert not soup.select('head link[rel="alternate"]')
    assert {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")} == {"en": "./", "es": "../es/agenda/"}


def test_offline_edition_has_no_sitemap_and_no_robots_txt(offline_dir):
    for name in ("sitemap.xml", "sitemap.xml.gz", "robots.txt"):
        assert not (offline_dir / name).exists(), name
    assert not soup_of(offline_dir / "index.html").select('head link[rel="alternate"]')


def test_make_build_shows_the_sitemap_note_among_mkdocs_chatter():
    """`make build` prints MkDocs' warnings and errors only (macros/cli/build.py), and the one line
    that says why there is no sitemap."""
    from macros.cli import build
    from macros.outputs import publish

    output = f"INFO    -  Building documentation...\n{publish.NO_SITEMAP}\nINFO    -  Documentation built in 1 s\n"
    assert build._report(output) == [publish.NO_SITEMAP]
