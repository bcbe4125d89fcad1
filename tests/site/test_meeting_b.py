"""A second meeting, with no code change: the fixture tests/fixtures/meeting-b ("Test meeting B",
fictional) has another date, another time zone and another agenda. One strict build of both
languages; its times, calendars and names follow its own data, the Member Countries' times
derived here from zoneinfo on its date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from babel.dates import format_date
from bs4 import BeautifulSoup
from icalendar import Calendar

from conftest import FIXTURES, LANGS, built_once, copy_project, mkdocs_build

MEETING_B = FIXTURES / "meeting-b"
UTC = dt.UTC
EPOCH = "1710201600"  # 2024-03-12, the meeting's date: no page of B has a reason to show 2021


def raw(name: str) -> dict:
    return yaml.safe_load((MEETING_B / "data" / name).read_text(encoding="utf-8"))


MEETING = raw("meeting.yml")
SLOTS = raw("agenda.yml")["slots"]
COUNTRIES = raw("countries.yml")["countries"]
ZONE = ZoneInfo(MEETING["timezone"])
FIRST = next(slot for slot in SLOTS if slot["type"] != "logistics")
START = dt.datetime.combine(MEETING["date"], dt.time.fromisoformat(FIRST["start"]), ZONE)
END = dt.datetime.combine(MEETING["date"], dt.time.fromisoformat(SLOTS[-1]["end"]), ZONE)


@pytest.fixture(scope="session")
def meeting_b_site(tmp_path_factory) -> Path:
    def build(folder: Path) -> None:
        result = mkdocs_build(copy_project(folder / "project", MEETING_B), folder / "site", SOURCE_DATE_EPOCH=EPOCH)
        assert result.returncode == 0, result.stdout + result.stderr

    return built_once(tmp_path_factory, "meeting-b", build) / "site"


def page(site: Path, slug: str, lang: str) -> BeautifulSoup:
    path = site / ("" if lang == "en" else lang) / ("" if slug == "index" else slug) / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_the_fixture_is_another_meeting():
    assert MEETING["date"] != dt.date(2021, 9, 20) and MEETING["timezone"] != "America/Mexico_City"
    assert "test fixture" in MEETING["title"]["en"]
    # On its date Canada keeps daylight time and Guatemala does not: the offsets differ from September 2021's.
    assert START.utcoffset() == dt.timedelta(hours=-6)


def test_it_passes_the_check():
    from macros.cli import check as gate

    report = gate.run(MEETING_B)
    assert (report.problems, report.internal) == ([], [])


@pytest.mark.parametrize("lang", LANGS)
def test_member_countries_times_follow_zoneinfo_on_its_date(meeting_b_site, lang):
    groups = page(meeting_b_site, "index", lang).select("table.member-times tbody")
    assert len(groups) == len(COUNTRIES)
    for group, country in zip(groups, COUNTRIES, strict=True):
        zones = [country["zone"], *country.get("other_zones", [])]
        rows = group.select("tr")
        assert len(rows) == len(zones), country["id"]
        for row, zone in zip(rows, zones, strict=True):
            start, end = START.astimezone(ZoneInfo(zone)), END.astimezone(ZoneInfo(zone))
            times = row.select("time")
            assert [t.get_text() for t in times] == [start.strftime("%H:%M"), end.strftime("%H:%M")], zone
            minutes = int(start.utcoffset().total_seconds() // 60)
            sign = "+" if minutes >= 0 else "\u2212"
            assert f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}" in text_of(row), zone


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_and_home_follow_its_data(meeting_b_site, lang):
    agenda = text_of(page(meeting_b_site, "agenda", lang).select_one("article"))
    for slot in SLOTS:
        assert slot["title"][lang] in agenda
        for item in slot.get("items", []):
            assert item["title"][lang] in agenda
    home = text_of(page(meeting_b_site, "index", lang).select_one("article"))
    assert MEETING["title"][lang] in home
    assert {"en": "Guatemala time, UTC\u221206:00", "es": "hora de Guatemala, UTC\u221206:00"}[lang] in home
    assert "Mexico City time" not in home and "hora de la Ciudad de México" not in home


def test_no_page_or_calendar_speaks_of_the_other_meeting(meeting_b_site):
    """The concept note's meeting (20 September 2021, 10:00 to 13:30) is nowhere in B's site: its
    date in any CLDR form of either language, or its id. The glossary, reused data, may name 2021."""
    other = dt.date(2021, 9, 20)
    words = {
        format_date(other, form, locale=locale)
        for form in ("full", "long", "medium")
        for locale in ("en", "es_419")
    } | {"rcm-border-management-meeting-2021-09-20", "2021-09-20"}
    for path in [*meeting_b_site.rglob("*.html"), *meeting_b_site.rglob("*.ics"), *meeting_b_site.rglob("*.json")]:
        text = path.read_text(encoding="utf-8")
        found = [word for word in words if word in text]
        assert not found, (path, found)


def test_calendars_carry_its_id_zone_and_instants(meeting_b_site):
    blocks = [slot for slot in SLOTS if slot["type"] == "block"]
    for lang in LANGS:
        folder = meeting_b_site / ("" if lang == "en" else lang) / "calendar"
        assert sorted(p.name for p in folder.glob("*.ics")) == sorted(
            ["meeting.ics", *[f"{b['id']}.ics" for b in blocks]]
        )
        (event,) = Calendar.from_ical((folder / "meeting.ics").read_bytes()).walk("VEVENT")
        assert str(event["UID"]) == f"meeting@{MEETING['id']}"
        assert event["DTSTART"].params["TZID"] == MEETING["timezone"]
        assert event.decoded("DTSTART").astimezone(UTC) == START.astimezone(UTC)
        assert event.decoded("DTEND").astimezone(UTC) == END.astimezone(UTC)


def test_the_offline_edition_is_named_after_its_id(tmp_path):
    from macros.build import edition

    root = copy_project(tmp_path / "project", MEETING_B)
    assert edition.archive_name("1.0.0", root) == f"{MEETING['id']}-offline-1.0.0.zip"
