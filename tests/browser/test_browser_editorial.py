"""Phones in a real browser (Chromium via Playwright): chart text stays readable and no table
or figure needs sideways scrolling from 320 to 430 px, in both languages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import LANGS, pages
from crawl import PHONE_WIDTHS, STACKED_SLUGS, STACKED_WIDTH, visit_of

pytestmark = pytest.mark.browser

MIN_CHART_TEXT_PX = 12


@pytest.mark.parametrize("lang", LANGS)
def test_chart_text_is_at_least_12px_on_a_360px_phone(served_crawl, live_site_dir, lang):
    texts = visit_of(served_crawl[1], lang, "justification").probe("chart-text")
    page = live_site_dir / ("" if lang == "en" else "es") / "justification" / "index.html"
    built = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select("svg.chart-svg text")
    assert len(texts) == len(built)  # every text of every chart the page holds, measured
    small = [t for t in texts if t["px"] < MIN_CHART_TEXT_PX]
    assert not small, f"chart text under {MIN_CHART_TEXT_PX} CSS px at 360 px: {small}"


def test_no_table_needs_sideways_scrolling_on_phones(served_crawl, live_slugs):
    """Each page, loaded once, measured at every phone width: resizing the viewport re-applies the
    media queries and the layout, as turning or changing a phone would."""
    _, visits = served_crawl
    assert [(visit.lang, visit.slug) for visit in visits] == pages(live_slugs)
    assert all(set(visit.too_wide) == set(PHONE_WIDTHS) for visit in visits)
    wide = [
        f"{width} px {visit.lang}/{visit.slug}: {item}"
        for visit in visits
        for width, found in visit.too_wide.items()
        for item in found
    ]
    assert not wide, "wider than the screen:\n" + "\n".join(wide)


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_stacks_on_phones_and_keeps_its_table_semantics(served_crawl, lang):
    """At 390 px each slot reads time, then activity, then presenters, top to bottom, and the
    accessibility tree still has a table with rows, row headers and cells."""
    stacked = visit_of(served_crawl[1], lang, "agenda").probe("agenda-stacked")
    boxes, roles, slots = stacked["boxes"], stacked["roles"], stacked["slots"]
    assert all(boxes), boxes
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] + 1
    assert boxes[1]["y"] + boxes[1]["height"] <= boxes[2]["y"] + 1
    assert roles[0] == "table", roles[:3]
    assert roles.count("row") == slots + 1  # and the header row
    assert roles.count("rowheader") == slots and roles.count("columnheader") == 3


def test_stacked_tables_pass_axe_on_a_phone(served_crawl):
    """The stacked layouts (agenda, access, glossary, methodology's blocks, the charts' tables) at
    390 px: no WCAG 2.2 AA violation, touch target sizes included."""
    _, visits = served_crawl
    stacked = [visit for visit in visits if visit.slug in STACKED_SLUGS]
    assert len(stacked) == len(LANGS) * len(STACKED_SLUGS)
    report = [f"{visit.lang}/{visit.slug}: {line}" for visit in stacked for line in visit.axe["phone"]]
    assert not report, f"axe violations at {STACKED_WIDTH} px:\n" + "\n".join(report)
