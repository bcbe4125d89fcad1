"""Phones in a real browser (Chromium via Playwright): chart text stays readable and no table
or figure needs sideways scrolling from 320 to 430 px, in both languages."""

from __future__ import annotations

import pytest

from conftest import LANGS, pages
from crawl import PHONE_WIDTHS, STACKED_SLUGS, STACKED_WIDTH

pytestmark = pytest.mark.browser

MIN_CHART_TEXT_PX = 12

CHART_TEXT = """() => [...document.querySelectorAll("svg.chart-svg text")].map(text => ({
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
}))"""


@pytest.mark.parametrize("lang", LANGS)
def test_chart_text_is_at_least_12px_on_a_360px_phone(browser, served, page_in, lang):
    context = browser.new_context(viewport={"width": 360, "height": 780}, color_scheme="light")
    try:
        page = page_in(context)
        page.goto(served.url(lang, "justification"))
        texts = page.evaluate(CHART_TEXT)
        assert len(texts) >= 12  # three charts: names and values
        small = [t for t in texts if t["px"] < MIN_CHART_TEXT_PX]
        assert not small, f"chart text under {MIN_CHART_TEXT_PX} CSS px at 360 px: {small}"
    finally:
        context.close()


def test_no_table_needs_sideways_scrolling_on_phones(served_crawl, slugs):
    """Each page, loaded once, measured at every phone width: resizing the viewport re-applies the
    media queries and the layout, as turning or changing a phone would."""
    _, visits = served_crawl
    assert [(visit.lang, visit.slug) for visit in visits] == pages(slugs)
    assert all(set(visit.too_wide) == set(PHONE_WIDTHS) for visit in visits)
    wide = [
        f"{width} px {visit.lang}/{visit.slug}: {item}"
        for visit in visits
        for width, found in visit.too_wide.items()
        for item in found
    ]
    assert not wide, "wider than the screen:\n" + "\n".join(wide)


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_stacks_on_phones_and_keeps_its_table_semantics(browser, served, page_in, lang):
    """At 390 px each slot reads time, then activity, then presenters, top to bottom, and the
    accessibility tree still has a table with rows, row headers and cells."""
    context = browser.new_context(viewport={"width": 390, "height": 780}, color_scheme="light")
    try:
        page = page_in(context)
        page.goto(served.url(lang, "agenda"))
        row = page.locator("#slot-assisted-returns")
        boxes = [row.locator(sel).bounding_box() for sel in (".agenda-time", ".agenda-activity", ".agenda-speakers")]
        assert all(boxes), boxes
        assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] + 1
        assert boxes[1]["y"] + boxes[1]["height"] <= boxes[2]["y"] + 1
        # Chromium's own accessibility tree (DevTools protocol), as screen readers get it: the agenda
        # table's node and its descendants.
        cdp = context.new_cdp_session(page)
        document = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        table = cdp.send("DOM.querySelector", {"nodeId": document, "selector": "table.agenda"})["nodeId"]
        backend = cdp.send("DOM.describeNode", {"nodeId": table})["node"]["backendNodeId"]
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        by_id = {node["nodeId"]: node for node in nodes}
        root = next(node for node in nodes if node.get("backendDOMNodeId") == backend)
        roles, todo = [], [root]
        while todo:
            node = todo.pop()
            if not node.get("ignored"):
                roles.append(node.get("role", {}).get("value"))
            todo += [by_id[child] for child in node.get("childIds", []) if child in by_id]
        slots = len(page.locator("table.agenda tbody tr").all())
        assert roles[0] == "table", roles[:3]
        assert roles.count("row") == slots + 1  # and the header row
        assert roles.count("rowheader") == slots and roles.count("columnheader") == 3
    finally:
        context.close()


def test_stacked_tables_pass_axe_on_a_phone(served_crawl):
    """The stacked layouts (agenda, access, glossary, methodology's blocks, the charts' tables) at
    390 px: no WCAG 2.2 AA violation, touch target sizes included."""
    _, visits = served_crawl
    stacked = [visit for visit in visits if visit.slug in STACKED_SLUGS]
    assert len(stacked) == len(LANGS) * len(STACKED_SLUGS)
    report = [f"{visit.lang}/{visit.slug}: {line}" for visit in stacked for line in visit.axe["phone"]]
    assert not report, f"axe violations at {STACKED_WIDTH} px:\n" + "\n".join(report)
