"""Every page follows the data: after `make shift`, no old time is left anywhere.

A copy of the project is moved with `make shift` (its first slot, so every time
moves) and built; the times each agenda gives are computed from the data with
zoneinfo (the meeting's zone, UTC, and every Member Country's zones), never read
from the output. A time of the old agenda that the new one does not give must
appear in no page, description, calendar file or open-data file. A time or a
duration typed in a page that disagrees with the data is refused at its line.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import copy_project, mkdocs_build
from macros.cli import check as gate
from macros.cli.reschedule import main as reschedule
from macros.content.text import plain
from macros.content.validate import load_dataset

SHIFT = 15
TEXT_FILES = {".html", ".json", ".csv", ".xml", ".ics", ".txt"}
CLOCK = re.compile(r"(?<![\d:])(\d\d):(\d\d)(?![\d])")


def instants(data) -> set[dt.datetime]:
    zone = zoneinfo.ZoneInfo(data.meeting.timezone)
    return {
        dt.datetime.combine(data.meeting.date, dt.time.fromisoformat(clock), zone)
        for slot in data.all_slots()
        for clock in (slot.start, slot.end)
    }


def clocks(data) -> set[str]:
    """Every HH:MM a page may show for this agenda: in the meeting's zone, in UTC, in each Member Country."""
    zones = {data.meeting.timezone, "UTC"}
    for country in data.countries:
        zones |= {country.zone, *getattr(country, "other_zones", [])}
    return {
        moment.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%H:%M") for moment in instants(data) for zone in zones
    }


@pytest.fixture(scope="module")
def shifted(tmp_path_factory) -> tuple[Path, set[str], object]:
    root = copy_project(tmp_path_factory.mktemp("shifted") / "project")
    before = load_dataset(root / "data")
    first = before.slots[0].id
    assert reschedule([first, str(SHIFT), "--root", str(root)]) == 0
    after = load_dataset(root / "data")
    assert after.meeting.duration_minutes == before.meeting.duration_minutes
    build = mkdocs_build(root, root / "site")
    assert build.returncode == 0, build.stderr[-3000:]
    old = clocks(before) - clocks(after)
    assert old, "the shift must leave some old times behind to look for"
    return root, old, after


def _history_spans(text: str, entries: list[str]) -> list[tuple[int, int]]:
    """Where the agenda changelog's entries stand in a file: they record earlier agendas, with their times."""
    return [(m.start(), m.end()) for entry in entries for m in re.finditer(re.escape(entry), text)]


def test_no_old_time_is_left_after_a_shift(shifted):
    root, old, after = shifted
    model = after.files.get("changelog.yml")
    entries = [plain(c.text(lang)) for c in (model.changes if model else []) for lang in ("en", "es")]
    left = []
    for path in sorted((root / "site").rglob("*")):
        if path.suffix not in TEXT_FILES or "assets" in path.relative_to(root / "site").parts:
            continue
        text = path.read_text(encoding="utf-8")
        history = _history_spans(text, entries)
        for match in CLOCK.finditer(text):
            if any(start <= match.start() < end for start, end in history):
                continue
            if match.group(0) in old:
                line = text.count("\n", 0, match.start()) + 1
                left.append(f"{path.relative_to(root / 'site')}:{line}: {text[max(0, match.start() - 60) : match.end() + 20]!r}")
    assert left == []


def test_calendars_give_the_new_times(shifted):
    root, _, after = shifted
    expected = {moment.astimezone(dt.UTC) for moment in instants(after)}
    files = sorted((root / "site").rglob("*.ics"))
    assert files
    for path in files:
        for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            for key in ("DTSTART", "DTEND"):
                assert event.decoded(key).astimezone(dt.UTC) in expected, (path.name, key)


def test_descriptions_follow_the_data(shifted):
    root, _, after = shifted
    start = after.meeting.start
    descriptions = [
        re.search(r'<meta name="description" content="([^"]*)"', p.read_text(encoding="utf-8")).group(1)
        for p in (root / "site").rglob("index.html")
        if "404" not in p.parts
    ]
    assert all("{{" not in d for d in descriptions)
    assert not any(re.search(r"\d[.,]\d+ (hours|horas)", d) for d in descriptions)
    assert all(m.group(0) in clocks(after) for d in descriptions for m in CLOCK.finditer(d)), start


# --- typed in a page -----------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def append(root: Path, page: str, text: str) -> int:
    path = root / page
    body = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(body, encoding="utf-8")
    return body.count("\n")


def messages(root: Path) -> list[str]:
    report = gate.run(root)
    assert report.internal == []
    return [str(p) for p in report.sorted_problems()]


def test_a_typed_time_that_is_not_in_the_agenda_is_refused_at_its_line(project):
    data = load_dataset(project / "data")
    unused = next(f"{h:02d}:07" for h in range(24) if f"{h:02d}:07" not in clocks(data))
    line = append(project, "docs/en/index.md", f"The doors open at {unused}.")
    assert messages(project) == [
        f"docs/en/index.md:{line}: text: {unused} is no start or end of a slot in data/agenda.yml (the meeting "
        f"runs from {data.meeting.start} to {data.meeting.end}); write the time with a macro that reads the "
        "agenda, so that it follows every change: {{ start() }} or {{ end() }} for the meeting, "
        '{{ start("slot-id") }} or {{ end("slot-id") }} for a slot'
    ]


def test_a_time_of_the_agenda_typed_in_a_page_is_accepted(project):
    data = load_dataset(project / "data")
    append(project, "docs/es/index.md", f"La reunión termina a las {data.meeting.end}.")
    assert messages(project) == []


def test_a_duration_as_a_decimal_of_an_hour_is_refused(project):
    line = append(project, "docs/en/index.md", "It lasts 3.583 hours.")
    (message,) = messages(project)
    assert message.startswith(
        f"docs/en/index.md:{line}: text: '3.583 hours' writes a duration as a decimal of an hour; "
        "write {{ duration() }}"
    )


def set_description(root: Path, page: str, description: str) -> int:
    path = root / page
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^description: .*$", lambda _: f"description: {description}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    return text[: text.index("description: ")].count("\n") + 1


SPANISH_HOURS = ["una hora", "dos horas", "tres horas", "cuatro horas", "cinco horas", "seis horas", "siete horas"]


def test_a_typed_duration_that_disagrees_is_refused_in_a_description(project):
    data = load_dataset(project / "data")
    lengths = {data.meeting.duration_minutes} | {s.minutes for s in data.all_slots()}
    typed = next(words for hours, words in enumerate(SPANISH_HOURS, 1) if hours * 60 not in lengths)
    line = set_description(project, "docs/es/index.md", f"Una reunión de {typed}.")
    (message,) = messages(project)
    assert message.startswith(f"docs/es/index.md:{line}: description: '{typed}' is not the length of the meeting")


def test_macros_in_a_description_are_checked(project):
    line = set_description(project, "docs/en/index.md", 'From {{ start("nowhere") }}.')
    (message,) = messages(project)
    # The strict build refuses it with the same line, and no traceback.
    build = mkdocs_build(project, project / "site")
    assert build.returncode != 0 and message in build.stderr and "Traceback" not in build.stderr, build.stderr
    assert message.startswith(f"docs/en/index.md:{line}: description: start('nowhere'): no slot with that id in data/agenda.yml")
