"""The built site in a real browser: Chromium driven by Playwright (sync API).

Two editions are checked: the online site served over HTTP on 127.0.0.1
(`site_server`) and the offline edition unpacked from its zip and opened
from disk (file://, `offline_dir`). Chromium is Debian's (see `browser` in
conftest.py); a missing Chromium fails these tests, it never skips them.

Run: .venv/bin/python -m pytest tests/test_browser.py -q
Screenshots go to $SCREENSHOT_DIR, by default test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import LANGS, NARROW_WIDTH, OTHER, html_lang
from crawl import SCHEMES, SCREENSHOT_SLUGS, visit_of

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

# Search words taken from the pages (checked against the built indexes below):
# one only on the English pages, one only on the Spanish pages.
EN_WORD = "expulsions"
ES_WORD = "expulsiones"


# --- 1 and 2: console, page errors, requests ------------------------------------


def test_pages_load_without_errors(crawl, live_slugs):
    edition, visits = crawl
    assert len(visits) == len(LANGS) * len(live_slugs)
    problems = []
    for visit in visits:
        where = f"[{edition.name}] {visit.lang}/{visit.slug} ({visit.url})"
        if edition.name == "served" and visit.status != 200:
            problems.append(f"{where}: HTTP status {visit.status}")
        if visit.html_lang != visit.lang:
            problems.append(f"{where}: html[lang] is {visit.html_lang!r}")
        problems += [f"{where}: console error: {text}" for text in visit.console_errors]
        problems += [f"{where}: page error: {text}" for text in visit.page_errors]
    assert not problems, "\n".join(problems)


def test_no_request_leaves_the_edition(crawl):
    edition, visits = crawl
    assert all(visit.requests for visit in visits)
    foreign = sorted(
        {
            f"{url}  (from {visit.lang}/{visit.slug})"
            for visit in visits
            for url in visit.requests
            if not edition.allowed_request(url)
        }
    )
    what = "a host other than " + urlsplit(edition.base).netloc if edition.name == "served" else "non-file: URLs"
    assert not foreign, f"[{edition.name}] requests to {what}:\n" + "\n".join(foreign)


def test_no_csp_violation_and_no_dialog_on_any_page(crawl):
    """Every page of the edition works under the site's Content-Security-Policy: the theme's
    scripts, the palette, the time-zone choice, search and, offline, the search worker's iframe
    (a violation inside that iframe shows as a console error, see test_pages_load_without_errors)."""
    edition, visits = crawl
    problems = []
    for visit in visits:
        where = f"[{edition.name}] {visit.lang}/{visit.slug}"
        problems += [f"{where}: CSP violation: {text}" for text in visit.csp_violations]
        problems += [f"{where}: dialog: {text}" for text in visit.dialogs]
    assert not problems, "\n".join(problems)


# --- 3: language switcher -----------------------------------------------------------


def switcher_sample(slugs: list[str]) -> list[str]:
    """The home page (the root of each language) and the last page of the menu: the switcher is the
    same code on every page (its links on every page are checked in test_site.py)."""
    return list(dict.fromkeys([slugs[0], slugs[-1]]))


@pytest.mark.long
def test_language_switcher_keeps_the_page(edition, desktop, page_in, slugs):
    """From English pages to their Spanish pages and back, by the header's language selector."""
    page = page_in(desktop)
    problems = []

    def switch(lang: str, slug: str) -> bool:
        other = OTHER[lang]
        where = f"[{edition.name}] {lang}/{slug} -> {other}"
        if edition.locate(page.url) != (lang, slug) or html_lang(page) != lang:
            problems.append(f"{where}: not on the {lang} page before switching ({page.url})")
            return False
        link = page.locator(f".md-header .md-select a.md-select__link[hreflang={other}]")
        if link.count() != 1:
            problems.append(f"{where}: {link.count()} language links to {other!r} in the header")
            return False
        page.hover(".md-header .md-select")
        with page.expect_navigation(wait_until="load"):
            link.click()
        landed = edition.locate(page.url)
        if landed != (other, slug):
            problems.append(f"{where}: landed on {page.url} ({landed})")
            return False
        if html_lang(page) != other:
            problems.append(f"{where}: html[lang] is {html_lang(page)!r} after switching")
            return False
        return True

    for slug in switcher_sample(slugs):
        page.goto(edition.url("en", slug))
        if switch("en", slug):
            switch("es", slug)
    assert not problems, "\n".join(problems)


# --- 4: search in the page's language -------------------------------------------------


def index_text(path: Path) -> str:
    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    return " ".join(f"{doc['title']} {doc['text']}" for doc in docs).lower()


def test_search_words_are_language_specific(site_dir):
    """The words the search test types are in one language's pages only."""
    en = index_text(site_dir / "search" / "search_index.json")
    es = index_text(site_dir / "es" / "search" / "search_index.json")
    assert re.search(rf"\b{EN_WORD}\b", en) and not re.search(rf"\b{EN_WORD}\b", es), EN_WORD
    assert re.search(rf"\b{ES_WORD}\b", es) and not re.search(rf"\b{ES_WORD}\b", en), ES_WORD


SEARCH_SETTLED = """([word, key]) => {
    // Done when the results of `word` are listed, or the count line says none matched; with
    // key "search.result.placeholder", when the cleared field shows the hint again.
    const input = document.querySelector("input.md-search__input");
    const meta = document.querySelector(".md-search-result__meta");
    if (!input || input.value !== word || !meta) return false;
    const text = JSON.parse(document.getElementById("__config").textContent).translations[key];
    return (key === "search.result.none" && document.querySelector(".md-search-result__item") !== null)
        || meta.textContent.trim() === text;
}"""


def search(page, word: str) -> tuple[list[str], str]:
    """Type `word` into Material's search; the result links and the result count line. A word typed
    before is cleared first, and the hint must show again, so no earlier result is read."""
    field = page.locator("input.md-search__input")
    field.click()
    if field.input_value():
        field.fill("")
        field.press("End")  # Material queries on keyup
        page.wait_for_function(SEARCH_SETTLED, arg=["", "search.result.placeholder"])
    field.fill(word)
    field.press("End")
    page.wait_for_function(SEARCH_SETTLED, arg=[word, "search.result.none"])
    links = page.eval_on_selector_all(
        ".md-search-result__item a.md-search-result__link", "links => links.map(link => link.href)"
    )
    return links, page.inner_text(".md-search-result__meta").strip()


# On each language's page, the words typed one after the other and the language the results must
# be in: an English word on a Spanish page must give no English result (None).
SEARCHES = {
    "en": [(EN_WORD, "en")],
    "es": [(EN_WORD, None), (ES_WORD, "es")],
}


@pytest.mark.parametrize("lang", LANGS)
def test_search_stays_in_the_page_language(edition, desktop, page_in, slugs, lang):
    page = page_in(desktop)
    page.goto(edition.url(lang, "justification"))
    for word, results_lang in SEARCHES[lang]:
        links, meta = search(page, word)
        where = f"[{edition.name}] {word!r} on the {lang} page"
        print(f"{where}: {meta}")
        located = [(href, edition.locate(href)) for href in links]
        outside = [href for href, at in located if at is None or at[1] not in slugs]
        assert not outside, f"{where}: result links that are not pages of the site: {outside}"
        if results_lang:
            assert links, f"{where}: no results ({meta})"
            wrong = [href for href, at in located if at[0] != results_lang]
            assert not wrong, f"{where}: results not in {results_lang!r}: {wrong}"
        else:
            english = [href for href, at in located if at[0] == "en"]
            assert not english, f"{where}: English results on a Spanish page: {english}"


# --- 5: axe-core, light and dark palettes ---------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violation(served_crawl, live_slugs, lang):
    """Every page in the light palette, then in the dark one (switched in place after the light run:
    the same DOM and layout, so the dark palette is checked with the rules that read colours)."""
    _, visits = served_crawl
    visits = [visit for visit in visits if visit.lang == lang]
    assert [visit.slug for visit in visits] == live_slugs
    report = []
    for visit in visits:
        for scheme, palette in SCHEMES.items():
            assert visit.palettes[scheme] == palette, (
                f"{lang}/{visit.slug}: palette {visit.palettes[scheme]!r} in the {scheme} scheme"
            )
            report += [f"{scheme} {lang}/{visit.slug}: {line}" for line in visit.axe[scheme]]
    print(f"axe ({lang}): {len(SCHEMES) * len(visits)} page views checked, {len(report)} violations")
    for line in report:
        print("  " + line)
    assert not report, "axe violations:\n" + "\n".join(report)


# --- 6: 320 px wide -------------------------------------------------------------------


def test_no_sideways_scroll_at_320px(crawl):
    edition, visits = crawl
    wide = [
        f"[{edition.name}] {visit.lang}/{visit.slug}: scrollWidth {scroll} > innerWidth {inner}"
        for visit in visits
        for scroll, inner in [visit.widths[NARROW_WIDTH]]
        if scroll > inner + 1
    ]
    assert all(visit.widths[NARROW_WIDTH][1] == NARROW_WIDTH for visit in visits)
    assert not wide, "pages that scroll sideways at 320 px:\n" + "\n".join(wide)


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_table_scrolls_in_its_own_box_at_320px(served_crawl, lang):
    state = visit_of(served_crawl[1], lang, "agenda").probe("agenda-scroll-box")
    assert state["tables"] == 1
    box = state["box"]
    assert box, "the agenda table is not directly inside a .table-scroll container"
    assert box["overflowX"] in ("auto", "scroll"), state
    width, height = state["innerWidth"], state["innerHeight"]
    assert width == 320, state
    assert box["left"] >= -1 and box["right"] <= width + 1, f"the container overflows the page: {state}"
    if box["scrollWidth"] > box["clientWidth"]:
        assert state["scrolled"] > 0, f"the agenda table is wider than its container, which does not scroll: {state}"
    # The first slot's time, scrolled into view vertically only: it must be on screen without
    # scrolling the table sideways.
    rect = state["firstTime"]
    assert rect["width"] > 0 and rect["height"] > 0, rect
    assert rect["x"] >= 0 and rect["x"] + rect["width"] <= width + 1, f"first slot's time off screen: {rect}"
    assert rect["y"] >= 0 and rect["y"] + rect["height"] <= height + 1, f"first slot's time off screen: {rect}"
    assert state["scrollLeft"] == 0


# --- 7: screenshots -------------------------------------------------------------------


def screenshot_dir() -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "test-artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.long
def test_screenshots(served_crawl):
    """Full-page screenshots of the home page and the agenda, in both languages, on a desktop and on
    a phone, for reviewers to look at (taken during the crawl)."""
    _, visits = served_crawl
    folder = screenshot_dir()
    written = []
    for visit in visits:
        if visit.slug not in SCREENSHOT_SLUGS:
            continue
        for size in ("desktop", "phone"):
            data = visit.probe(f"screenshot-{size}")
            assert len(data) > 1000 and data[:8] == b"\x89PNG\r\n\x1a\n", (visit.lang, visit.slug, size)
            target = folder / f"{visit.lang}-{visit.slug}-{size}.png"
            target.write_bytes(data)
            written.append(target)
    assert len(written) == 2 * len(LANGS) * len(SCREENSHOT_SLUGS)
    print(f"{len(written)} screenshots in {folder}")


# --- 8: 404 pages -----------------------------------------------------------------------


@pytest.mark.parametrize("path, lang", [("no-such-page/", "en"), ("es/no-such-page/", "es")])
def test_missing_page_is_a_404_in_its_language(site_server, path, lang):
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(site_server + path, timeout=10)
    error = caught.value
    assert error.code == 404
    body = error.read().decode("utf-8")
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", body)
    assert match and match.group(1) == lang, body[:300]


@pytest.mark.parametrize("lang", LANGS)
def test_charts_print_with_their_bars_and_labels(served, desktop, page_in, tmp_path, lang):
    """In print, every chart keeps coloured bars, black labels and its data table."""
    page = page_in(desktop)
    page.goto(served.url(lang, "justification"))
    page.emulate_media(media="print")
    charts = page.evaluate("""() => [...document.querySelectorAll("figure.chart")].map(figure => {
        const svg = figure.querySelector("svg.chart-svg");
        const box = svg.getBoundingClientRect();
        return {
            width: box.width, height: box.height,
            bars: [...svg.querySelectorAll("rect.chart-bar")].map(r => getComputedStyle(r).fill),
            labels: [...svg.querySelectorAll("text")].map(t => getComputedStyle(t).fill),
            title: svg.querySelector("title").textContent,
            rows: figure.querySelectorAll("table.chart-table tbody tr").length,
        };
    })""")
    assert len(charts) == 3
    for chart in charts:
        assert chart["width"] > 200 and chart["height"] > 50, chart
        assert chart["bars"] and all(fill not in ("none", "rgba(0, 0, 0, 0)") for fill in chart["bars"]), chart
        assert set(chart["labels"]) == {"rgb(0, 0, 0)"}, chart
        assert chart["title"] and chart["rows"] >= 2, chart
    pdf = tmp_path / f"justification-{lang}.pdf"
    page.pdf(path=str(pdf))
    assert pdf.stat().st_size > 10_000
