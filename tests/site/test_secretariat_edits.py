"""A secretariat edit that passes `make check` keeps `make test` green.

Ordinary edits, made as the README tells the secretariat to make them, to a copy of the live
project (whatever it holds today): a speaker replaced by a new organisation, the meeting moved
and a break lengthened with `make shift`, a new figure card and a new glossary term. The copy
passes the check (in-process, the code of `make check`), builds strictly, and passes the
checks that hold for any meeting; the pages and calendars show the edits. Every expectation
comes from the edited data, none from today's content.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import outputs
import pytest
import yaml
from bs4 import BeautifulSoup
from icalendar import Calendar

from macros.cli import check as gate
from macros.cli import new_meeting
from macros.cli.reschedule import main as shift
from macros.content.validate import load_dataset

from conftest import LANGS, NOTE, ROOT, copy_project, mkdocs_build

TODAY = dt.date(2022, 1, 10)
NEW_ORG = """  - id: test-partner-organisation
    kind: civil-society
    acronym: {en: TPO, es: OSP}
    name:
      en: Test Partner Organization
      es: Organización Socia de Prueba
"""
NEW_TERM = """  - id: term-border-crossing-point
    name:
      en: Border crossing point
      es: Punto de cruce fronterizo
    definition:
      en: A place where people may lawfully cross a border.
      es: Lugar por el que las personas pueden cruzar legalmente una frontera.
"""


def new_figure(group: str, source: str) -> str:
    return f"""  - id: people-assisted-at-crossings
    group: {group}
    value: 1250
    unit: count
    label:
      en: People assisted at border crossing points
      es: Personas atendidas en los puntos de cruce fronterizo
    period: {{description: {{en: During the week of the meeting, es: Durante la semana de la reunión}}}}
    geography: {{en: Border crossing points, es: Puntos de cruce fronterizo}}
    source: {source}
"""


NEW_GROUP = """  - id: border-crossings
    title:
      en: At the border crossing points
      es: En los puntos de cruce fronterizo
"""
NEW_SOURCE = """  - id: secretariat-report
    publisher: {en: RCM Technical Secretariat, es: Secretaría Técnica de la CRM}
    title: {en: Report to the meeting, es: Informe a la reunión}
    short: {en: Secretariat report, es: Informe de la Secretaría}
"""


def add_item(path: Path, key: str, text: str) -> None:
    """`text`, an item of the list `key`, added first, as an editor would type it (an empty list,
    `key: []`, becomes a list of one)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.rstrip() in (f"{key}:", f"{key}: []"))
    lines[at] = f"{key}:\n" + text
    path.write_text("".join(lines), encoding="utf-8")


def set_speaker(path: Path, slots: list[dict], new: str) -> str:
    """The first speaker of the agenda becomes `new`; with no speaker at all, `new` presents the
    first slot that is not logistics. Returns the slot's id."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    speaking = next((s for s in all_slots(slots) if s.get("speakers")), None)
    slot = speaking or next(s for s in slots if s["type"] != "logistics")
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {slot['id']}")
    if speaking:
        old = speaking["speakers"][0]["org"]
        at = next(i for i in range(start, len(lines)) if lines[i].strip() == f"- org: {old}")
        lines[at] = lines[at].replace(f"org: {old}", f"org: {new}")
    else:
        indent = " " * (len(lines[start]) - len(lines[start].lstrip()) + 2)
        lines.insert(start + 1, f"{indent}speakers: [{{org: {new}}}]\n")
    path.write_text("".join(lines), encoding="utf-8")
    return slot["id"]


def all_slots(slots: list[dict]) -> list[dict]:
    return [s for top in slots for s in [top, *top.get("items", [])]]


def edit(root: Path) -> dict:
    """The secretariat's edits, made to the project in `root`; what they changed."""
    data = root / "data"
    slots = yaml.safe_load((data / "agenda.yml").read_text(encoding="utf-8"))["slots"]
    # 1. A speaker replaced by a new organisation.
    add_item(data / "organisations.yml", "organisations", NEW_ORG)
    speaking = set_speaker(data / "agenda.yml", slots, "test-partner-organisation")
    # 2. The meeting 30 minutes later, then the first break 10 minutes longer (make shift); with
    # no break, the last but one slot.
    assert shift([slots[0]["id"], "30", "--root", str(root)]) == 0
    tops = [s["id"] for s in slots]
    breaks = [i for i, s in enumerate(slots) if s["type"] == "break" and i + 1 < len(slots)]
    lengthened = slots[breaks[0]]["id"] if breaks else slots[-2]["id"]
    assert shift([tops[tops.index(lengthened) + 1], "10", "--root", str(root)]) == 0
    # 3. A new figure card: in the group of the first figure, from the first source, if there
    # are any; else in a new group, from a new source.
    figures = yaml.safe_load((data / "figures.yml").read_text(encoding="utf-8"))
    sources = yaml.safe_load((data / "sources.yml").read_text(encoding="utf-8"))["sources"]
    if figures["figures"]:
        group = figures["figures"][0]["group"]
    else:
        group = "border-crossings"
        add_item(data / "figures.yml", "groups", NEW_GROUP)
    if sources:
        source = sources[0]["id"]
    else:
        source = "secretariat-report"
        add_item(data / "sources.yml", "sources", NEW_SOURCE)
    add_item(data / "figures.yml", "figures", new_figure(group, source))
    # 4. A new glossary term.
    add_item(data / "glossary.yml", "terms", NEW_TERM)
    return {"speaking": speaking, "lengthened": lengthened}


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> tuple[Path, dict]:
    root = copy_project(tmp_path_factory.mktemp("edited") / "project", ROOT)
    before = load_dataset(root / "data")
    return root, {"before": before, **edit(root)}


def test_the_same_edits_pass_the_check_on_the_next_meeting(tmp_path):
    """On a site just started by `make new-meeting` (no figures, sources or speakers yet) too."""
    target = tmp_path / "next"
    new_meeting.start(copy_project(tmp_path / "this", NOTE), target, "next", dt.date(2022, 3, 15), None, TODAY)
    edit(target)
    report = gate.run(target)
    assert (report.problems, report.internal) == ([], [])


def test_the_edits_pass_the_check(edited):
    root, _ = edited
    report = gate.run(root)
    assert (report.problems, report.internal) == ([], [])


def test_make_shift_moved_the_meeting_and_lengthened_the_break(edited):
    root, facts = edited
    before, after = facts["before"], load_dataset(root / "data")
    assert after.meeting.starts_at == before.meeting.starts_at + dt.timedelta(minutes=30)
    assert after.meeting.ends_at == before.meeting.ends_at + dt.timedelta(minutes=40)
    old = next(s for s in before.slots if s.id == facts["lengthened"])
    new = next(s for s in after.slots if s.id == facts["lengthened"])
    assert new.minutes == old.minutes + 10


@pytest.fixture(scope="module")
def edited_site(edited) -> Path:
    root, _ = edited
    result = mkdocs_build(root, root.parent / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root.parent / "site"


def page(site: Path, slug: str, lang: str) -> BeautifulSoup:
    path = site / ("" if lang == "en" else lang) / ("" if slug == "index" else slug) / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.mark.long
def test_the_edited_site_builds_strictly_and_shows_the_edits(edited, edited_site):
    root, facts = edited
    data = load_dataset(root / "data")
    assert outputs.broken_links(edited_site) == []
    assert outputs.foreign_loads(edited_site) == []
    new_org, figure = data.organisations["test-partner-organisation"], data.figures["people-assisted-at-crossings"]
    for lang in LANGS:
        agenda = page(edited_site, "agenda", lang).select_one("article").get_text(" ")
        assert new_org.name(lang) in agenda or new_org.acronym(lang) in agenda
        for slot in data.slots:
            assert slot.start in agenda and slot.end in agenda, slot.id
        assert figure.label(lang) in page(edited_site, "key-figures", lang).get_text(" ")
        glossary = page(edited_site, "glossary", lang).get_text(" ")
        assert {"en": "Border crossing point", "es": "Punto de cruce fronterizo"}[lang] in glossary
        ics = (edited_site / ("" if lang == "en" else lang) / "calendar" / "meeting.ics").read_bytes()
        (event,) = Calendar.from_ical(ics).walk("VEVENT")
        assert event.decoded("DTSTART") == data.meeting.starts_at
        assert event.decoded("DTEND") == data.meeting.ends_at
