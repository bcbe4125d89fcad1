"""In Chromium: the agenda's time-zone choice (online and from disk), the Home page's line in
the device's time zone, and the agenda printed as a handout on A4 and US Letter."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import yaml
from babel.dates import format_date

from conftest import DESKTOP, LANGS, NOTE

pytestmark = pytest.mark.browser

MEETING = yaml.safe_load((NOTE / "data" / "meeting.yml").read_text(encoding="utf-8"))
AGENDA = yaml.safe_load((NOTE / "data" / "agenda.yml").read_text(encoding="utf-8"))["slots"]
FIRST = AGENDA[0]
MEXICO = ZoneInfo(MEETING["timezone"])
READER_ZONE = "Asia/Tokyo"  # a reader for whom the meeting falls partly on the next day
CLOCK = re.compile(r"^(?:.*\D)?([01]\d|2[0-3]):[0-5]\d$")


def utc_offset(moment: dt.datetime) -> str:
    """'UTC+09:00', as the site writes offsets (from zoneinfo)."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local(time: str, zone: str) -> dt.datetime:
    moment = dt.datetime.combine(MEETING["date"], dt.time.fromisoformat(time), MEXICO)
    return moment.astimezone(ZoneInfo(zone))


@pytest.fixture(scope="module")
def tokyo(browser):
    """A desktop reader whose device is set to Tokyo time."""
    context = browser.new_context(viewport=DESKTOP, timezone_id=READER_ZONE, reduced_motion="reduce")
    yield context
    context.close()


def first_times(page) -> list[str]:
    return page.locator(f"#slot-{FIRST['id']} .agenda-time time").all_inner_texts()


@pytest.mark.long
def test_zone_choice_shows_the_readers_and_member_zones_and_persists(tokyo, edition, page_in):
    page = page_in(tokyo)
    page.goto(edition.url("en", "agenda"))
    form = page.locator("form.tz-choice")
    assert form.is_visible()
    assert first_times(page) == [FIRST["start"], FIRST["end"]]  # Mexico City time by default

    page.select_option("#tz-choice-select", "local")
    start, end = local(FIRST["start"], READER_ZONE), local(FIRST["end"], READER_ZONE)
    shown = first_times(page)
    for text, moment, day in zip(shown, (start, end), (MEETING["date"], start.date()), strict=True):
        assert CLOCK.match(text) and text.endswith(moment.strftime("%H:%M")), shown
        # The date is shown exactly when it is not the meeting's (or, at the end, the start's).
        assert (moment.date() != day) == (str(moment.day) in text[:-5]), shown
    status = page.locator(".tz-status")
    assert status.get_attribute("aria-live") == "polite" and READER_ZONE in status.inner_text()
    assert utc_offset(start) in status.inner_text()
    assert READER_ZONE in page.locator("table.agenda caption").inner_text()

    # Another page, in the other language: the choice holds, in that language's 24-hour format.
    page.goto(edition.url("es", "agenda"))
    assert page.locator("#tz-choice-select").input_value() == "local"
    shown = first_times(page)
    assert shown[-1].endswith(end.strftime("%H:%M")) and CLOCK.match(shown[-1]), shown
    assert "sept" in shown[-1].lower()  # the next day's date, in Spanish

    # The block tables of another page follow the same choice, their captions naming the zone.
    page.goto(edition.url("es", "methodology"))
    captions = page.locator("table.agenda caption").all_inner_texts()
    assert len(captions) == 2 and all(READER_ZONE in c and utc_offset(start) in c for c in captions), captions
    assert (
        page.locator("table.agenda time")
        .first.inner_text()
        .endswith(local(AGENDA[2]["start"], READER_ZONE).strftime("%H:%M"))
    )
    page.goto(edition.url("es", "agenda"))

    # A Member Country's zone, then back to Mexico City time.
    page.select_option("#tz-choice-select", "America/Vancouver")
    vancouver = [local(FIRST[k], "America/Vancouver").strftime("%H:%M") for k in ("start", "end")]
    assert first_times(page) == vancouver
    page.reload()
    assert first_times(page) == vancouver
    assert "Vancouver" in page.locator("table.agenda caption").inner_text()
    page.select_option("#tz-choice-select", "meeting")
    assert first_times(page) == [FIRST["start"], FIRST["end"]]
    assert "UTC\u221205:00" in page.locator("table.agenda caption").inner_text()


def test_without_javascript_the_agenda_is_in_mexico_city_time(browser, served, page_in):
    context = browser.new_context(java_script_enabled=False, timezone_id=READER_ZONE)
    try:
        page = page_in(context)
        page.goto(served.url("en", "agenda"))
        assert not page.locator("form.tz-choice").is_visible()
        assert first_times(page) == [FIRST["start"], FIRST["end"]]
        page.goto(served.url("en", "index"))
        assert not page.locator(".local-time").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_home_names_the_device_zone_of_its_local_times(tokyo, served, page_in, lang):
    page = page_in(tokyo)
    page.goto(served.url(lang, "index"))
    line = page.locator(".local-time")
    assert line.is_visible()
    text = line.inner_text()
    start = dt.datetime.combine(MEETING["date"], dt.time(10, 0), MEXICO).astimezone(ZoneInfo(READER_ZONE))
    assert READER_ZONE in text and start.strftime("%H:%M") in text and str(start.day) in text, text
    assert utc_offset(start) in text and "GMT" not in text, text
    if lang == "es":  # the house style (STYLE.es.md): no comma after the weekday, as the pages write dates
        weekday = format_date(start.date(), "EEEE", locale="es_419")
        assert f"{weekday} {start.day} de" in text and f"{weekday}," not in text, text


@pytest.mark.parametrize("lang", LANGS)
def test_the_agenda_prints_as_a_handout_of_two_pages_at_most(desktop, served, page_in, lang):
    page = page_in(desktop)
    page.goto(served.url(lang, "agenda"))
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
        assert 1 <= pages <= 2, (lang, paper, pages)
    page.emulate_media(media="print")

    def style(selector: str, name: str) -> str:
        return page.evaluate("([s, n]) => getComputedStyle(document.querySelector(s))[n]", [selector, name])

    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", "form.tz-choice", ".calendar-links"):
        assert style(chrome, "display") == "none", chrome
    heading = page.locator(".print-heading")
    assert heading.is_visible()
    title = MEETING["title"][lang]
    assert title in heading.inner_text() and "UTC\u221205:00" in heading.inner_text()
    assert style("table.agenda tr.agenda-row", "breakInside") == "avoid"
    badge = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('table.agenda .badge-exclusive'));"
        " return [s.color, s.backgroundColor, s.borderTopStyle]; }"
    )
    assert badge == ["rgb(0, 0, 0)", "rgb(255, 255, 255)", "solid"]  # black on white, boxed: legible in B/W
    rows = page.locator("table.agenda tbody tr")
    assert rows.count() == sum(1 + len(s.get("items", [])) for s in AGENDA)
    for slot in [s for top in AGENDA for s in [top, *top.get("items", [])]]:
        if slot.get("speakers"):  # every slot with its presenters, on paper too
            cell = page.locator(f"#slot-{slot['id']} .agenda-speakers")
            assert cell.is_visible() and cell.inner_text().strip(), slot["id"]
