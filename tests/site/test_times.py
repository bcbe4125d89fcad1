"""Times in the Member Countries, the agenda's machine-readable times, calendar files, open data
and structured data. Expectations come from the data files read directly (plain PyYAML),
zoneinfo, the concept note's "GMT −5" and the issue's list of Member Countries — not from the
site's own code."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from icalendar import Calendar

from macros.content.problems import DataError
from macros.content.validate import load_dataset
from macros.outputs import calendar as ics
from macros.outputs import opendata, publish
from macros.render import timezones
from macros.render.renderer import Renderer

from conftest import LANGS, NOTE, ROOT

UTC = dt.UTC


def raw(name: str) -> dict:
    return yaml.safe_load((NOTE / "data" / name).read_text(encoding="utf-8"))


MEETING = raw("meeting.yml")
AGENDA = raw("agenda.yml")["slots"]
COUNTRIES = raw("countries.yml")["countries"]
MAIN = [s for s in AGENDA if s["type"] != "logistics"]
MEXICO = ZoneInfo(MEETING["timezone"])
START = dt.datetime.combine(MEETING["date"], dt.time.fromisoformat(MAIN[0]["start"]), MEXICO)
END = dt.datetime.combine(MEETING["date"], dt.time.fromisoformat(MAIN[-1]["end"]), MEXICO)
# The concept note: 10:00 to 13:30, "GMT −5".
NOTE_START_UTC = dt.datetime(2021, 9, 20, 15, 0, tzinfo=UTC)
NOTE_END_UTC = dt.datetime(2021, 9, 20, 18, 30, tzinfo=UTC)
MEMBER_COUNTRIES = {
    "en": [
        "Belize",
        "Canada",
        "Costa Rica",
        "El Salvador",
        "United States",
        "Guatemala",
        "Honduras",
        "Mexico",
        "Nicaragua",
        "Panama",
        "Dominican Republic",
    ],
    "es": [
        "Belice",
        "Canadá",
        "Costa Rica",
        "El Salvador",
        "Estados Unidos",
        "Guatemala",
        "Honduras",
        "México",
        "Nicaragua",
        "Panamá",
        "República Dominicana",
    ],
}


def text_of(node) -> str:
    return " ".join(node.get_text(" ").replace("\u00a0", " ").split())


def renderer(dataset, lang: str) -> Renderer:
    return Renderer(dataset, lang, lambda slug, anchor=None: f"{slug}.md" + (f"#{anchor}" if anchor else ""))


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def page(site: Path, slug: str, lang: str) -> BeautifulSoup:
    prefix = site if lang == "en" else site / lang
    path = prefix / "index.html" if slug == "index" else prefix / slug / "index.html"
    return soup(path.read_text(encoding="utf-8"))


def instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).astimezone(UTC)


# --- 1. times in every Member Country ----------------------------------------------------


def test_the_meeting_is_1500_to_1830_utc_as_the_note_says():
    assert START.astimezone(UTC) == NOTE_START_UTC and END.astimezone(UTC) == NOTE_END_UTC
    assert START.utcoffset() == dt.timedelta(hours=-5)  # Mexico City kept daylight time in 2021


def test_the_member_countries_are_the_eleven_of_the_rcm():
    assert len(COUNTRIES) == 11
    for country in COUNTRIES:
        ZoneInfo(country["zone"])


@pytest.mark.parametrize("lang", LANGS)
def test_member_times_table_follows_zoneinfo_on_the_meeting_date(dataset, lang):
    table = soup(str(timezones.member_times_table(renderer(dataset, lang))))
    groups = table.select("tbody")
    assert len(groups) == len(COUNTRIES)
    names = [text_of(group.select_one("th")) for group in groups]
    assert names == MEMBER_COUNTRIES[lang]
    for group, country in zip(groups, COUNTRIES, strict=True):
        zones = [country["zone"], *country.get("other_zones", [])]
        rows = group.select("tr")
        assert len(rows) == len(zones), country["id"]
        if len(zones) > 1:  # several zones: the capital first, and said so
            assert country["capital"][lang] in text_of(rows[0]) and "capital" in text_of(rows[0])
        else:
            assert country["capital"][lang] in text_of(rows[0])
        for row, zone in zip(rows, zones, strict=True):
            start, end = START.astimezone(ZoneInfo(zone)), END.astimezone(ZoneInfo(zone))
            times = row.select("time")
            assert [t.get_text() for t in times] == [start.strftime("%H:%M"), end.strftime("%H:%M")], zone
            assert [instant(t["datetime"]) for t in times] == [NOTE_START_UTC, NOTE_END_UTC], zone
            minutes = int(start.utcoffset().total_seconds() // 60)
            sign = "+" if minutes >= 0 else "\u2212"
            assert f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}" in text_of(row), zone


def test_mexico_city_is_utc_minus_5_on_the_page(site_dir):
    row = page(site_dir, "index", "en").select_one("#times-america-mexico_city tr")
    assert "10:00" in text_of(row) and "13:30" in text_of(row) and "UTC\u221205:00" in text_of(row)


@pytest.mark.parametrize(
    "old, new, field, message",
    [
        (
            "zone: America/Managua",
            "zone: Central America",
            "countries[8].zone",
            "'Central America' is not a known time zone; use an IANA name such as America/Guatemala",
        ),
        (
            "code: NI",
            "code: Nicaragua",
            "countries[8].code",
            "'Nicaragua' is not a two-letter country code (ISO 3166), such as GT for Guatemala",
        ),
    ],
)
def test_a_wrong_zone_or_country_code_is_refused_with_its_line(tmp_path, old, new, field, message):
    data = tmp_path / "data"
    data.mkdir()
    for file in (NOTE / "data").glob("*.yml"):
        (data / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    text = (data / "countries.yml").read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    (data / "countries.yml").write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_dataset(data)
    assert [str(p) for p in error.value.problems] == [f"data/countries.yml:{line}: {field}: {message}"]


# --- 2. the agenda's machine-readable times and the choice of zone ------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_agenda_time_carries_its_instant(site_dir, lang):
    doc = page(site_dir, "agenda", lang)
    table = doc.select_one("table.agenda")
    slots = [s for top in AGENDA for s in [top, *top.get("items", [])]]
    for slot in slots:
        times = table.select_one(f"#slot-{slot['id']} .agenda-time").select("time")
        expected = [
            dt.datetime.combine(MEETING["date"], dt.time.fromisoformat(slot[k]), MEXICO) for k in ("start", "end")
        ]
        assert [dt.datetime.fromisoformat(t["datetime"]) for t in times] == expected, slot["id"]
        assert [t.get_text() for t in times] == [slot["start"], slot["end"]]


@pytest.mark.parametrize("lang", LANGS)
def test_zone_choice_is_hidden_without_javascript_and_offers_every_member_zone(site_dir, lang):
    form = page(site_dir, "agenda", lang).select_one("form.tz-choice")
    assert form.has_attr("hidden") and form.has_attr("data-search-exclude")
    values = [o["value"] for o in form.select("option")]
    zones = [z for c in COUNTRIES for z in [c["zone"], *c.get("other_zones", [])]]
    assert values == ["meeting", "local", *zones]
    assert form.select_one("[aria-live=polite]") is not None


def test_hidden_and_script_filled_text_stays_out_of_the_search_index(site_dir):
    for index in (site_dir / "search" / "search_index.json", site_dir / "es" / "search" / "search_index.json"):
        text = json.dumps(json.loads(index.read_text(encoding="utf-8"))["docs"], ensure_ascii=False)
        for words in (
            "time zone set on this device",
            "zona horaria configurada en este dispositivo",
            "schema.org",
            "VirtualLocation",
        ):
            assert words not in text, (index, words)


# --- 3. calendar files -----------------------------------------------------------------------


def _calendars(site: Path) -> dict[tuple[str, str], Calendar]:
    out = {}
    for lang in LANGS:
        folder = site / ("" if lang == "en" else lang) / "calendar"
        for path in sorted(folder.glob("*.ics")):
            out[lang, path.name] = Calendar.from_ical(path.read_bytes())
    return out


def test_calendar_files_hold_the_right_instants_in_each_language(site_dir):
    calendars = _calendars(site_dir)
    blocks = [s for s in AGENDA if s["type"] == "block"]
    assert set(calendars) == {
        (lang, name) for lang in LANGS for name in ["meeting.ics", *[f"{b['id']}.ics" for b in blocks]]
    }
    uids = {}
    for (lang, name), cal in calendars.items():
        (event,) = cal.walk("VEVENT")
        (zone,) = cal.walk("VTIMEZONE")
        assert str(zone["TZID"]) == MEETING["timezone"]
        slot = next((b for b in blocks if f"{b['id']}.ics" == name), None)
        if slot is None:
            expected = (NOTE_START_UTC, NOTE_END_UTC)
            assert str(event["SUMMARY"]) == MEETING["title"][lang]
        else:
            expected = tuple(
                dt.datetime.combine(MEETING["date"], dt.time.fromisoformat(slot[k]), MEXICO).astimezone(UTC)
                for k in ("start", "end")
            )
            assert slot["title"][lang] in str(event["SUMMARY"])
        assert (event.decoded("DTSTART").astimezone(UTC), event.decoded("DTEND").astimezone(UTC)) == expected
        assert event["DTSTART"].params["TZID"] == MEETING["timezone"]
        # DTSTAMP: the build's source date (SOURCE_DATE_EPOCH of the test builds).
        assert event.decoded("DTSTAMP") == dt.datetime(2021, 9, 20, tzinfo=UTC)
        location = {"en": "Virtual meeting (online)", "es": "Reunión virtual (en línea)"}[lang]
        assert str(event["LOCATION"]) == location
        for top in [slot] if slot else AGENDA:
            assert top["title"][lang] in str(event["DESCRIPTION"])
        uids.setdefault(name, set()).add(str(event["UID"]))
    assert all(len(found) == 1 for found in uids.values())  # one event, one UID, in both languages
    assert len({next(iter(v)) for v in uids.values()}) == len(uids)


def test_calendar_files_are_reproducible(dataset):
    words = publish.calendar_words("es")
    first = ics.calendars(dataset, "es", dt.date(2021, 9, 20), words)
    again = ics.calendars(load_dataset(NOTE / "data"), "es", dt.date(2021, 9, 20), words)
    assert first == again


@pytest.mark.parametrize(
    "lang, slug, words",
    [
        ("en", "index", "Add to calendar"),
        ("es", "index", "Agregar al calendario"),
        ("en", "agenda", "Add to calendar"),
        ("es", "agenda", "Agregar al calendario"),
    ],
)
def test_pages_link_their_language_calendars(site_dir, lang, slug, words):
    links = page(site_dir, slug, lang).select(".calendar-links a")
    assert words in text_of(page(site_dir, slug, lang).select_one(".calendar-links"))
    base = site_dir / ("" if lang == "en" else lang) / ("" if slug == "index" else slug)
    targets = {(base / a["href"]).resolve() for a in links}
    lang_root = (site_dir / ("" if lang == "en" else lang)).resolve()
    assert (lang_root / "calendar" / "meeting.ics") in targets
    assert all(t.is_file() and t.parent == lang_root / "calendar" for t in targets)


def test_the_offline_edition_has_every_generated_file(site_dir, offline_dir):
    def listing(root: Path) -> dict[str, bytes]:
        files = [*root.glob("calendar/*.ics"), *root.glob("es/calendar/*.ics"), *root.glob("open-data/*")]
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}

    online = listing(site_dir)
    assert len(online) >= 6 + len(opendata.listing())
    assert listing(offline_dir) == online


# --- 4. open data -------------------------------------------------------------------------------


def _contains(big, small, where="") -> None:
    """Every value written in the YAML is in the JSON (which adds the defaults)."""
    if isinstance(small, dict):
        for key, value in small.items():
            assert key in big, f"{where}.{key}"
            _contains(big[key], value, f"{where}.{key}")
    elif isinstance(small, list):
        assert len(big) == len(small), where
        for i, (a, b) in enumerate(zip(big, small, strict=True)):
            _contains(a, b, f"{where}[{i}]")
    else:
        assert big == small, where


@pytest.mark.parametrize("name", ["agenda", "figures", "organisations", "sources"])
def test_json_files_hold_the_data_and_follow_their_schema(site_dir, name):
    folder = site_dir / "open-data"
    value = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    _contains(value, raw(f"{name}.yml"))
    schema = json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
    # The data names its schema, which names itself (relative: the same online, offline and copied).
    assert value["$schema"] == schema["$id"] == f"{name}.schema.json"
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(value, schema)


def _rows(site: Path, name: str) -> list[dict]:
    data = (site / "open-data" / f"{name}.csv").read_bytes()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_agenda_csv_has_one_row_per_slot(site_dir):
    rows = _rows(site_dir, "agenda")
    slots = [(s, top) for top in AGENDA for s in [top, *top.get("items", [])]]
    assert [r["id"] for r in rows] == [s["id"] for s, _ in slots]
    for row, (slot, top) in zip(rows, slots, strict=True):
        assert (row["title_en"], row["title_es"]) == (slot["title"]["en"], slot["title"]["es"])
        start = dt.datetime.combine(MEETING["date"], dt.time.fromisoformat(slot["start"]), MEXICO)
        assert instant(row["start"]) == instant(row["start_utc"].replace("Z", "+00:00")) == start.astimezone(UTC)
        assert (row["start_time"], row["end_time"]) == (slot["start"], slot["end"])  # the local clock times
        exclusive = bool(slot.get("exclusive") or top.get("exclusive"))
        assert row["member_countries_only"] == str(exclusive).lower(), slot["id"]
        assert row["block"] == (top["id"] if slot is not top else "")


def test_figures_csv_has_one_row_per_figure_with_its_source(site_dir):
    figures = raw("figures.yml")["figures"]
    sources = {s["id"]: s for s in raw("sources.yml")["sources"]}
    rows = _rows(site_dir, "figures")
    assert [r["id"] for r in rows] == [f["id"] for f in figures]
    for row, figure in zip(rows, figures, strict=True):
        assert float(row["value"]) == float(figure["value"])
        assert row["qualifier"] == figure.get("qualifier", "exact") and row["unit"] == figure["unit"]
        assert (row["place_en"], row["place_es"]) == (figure["geography"]["en"], figure["geography"]["es"])
        assert row["source_en"] == sources[figure["source"]]["short"]["en"]
        assert row["source_es"] == sources[figure["source"]]["short"]["es"]
        assert row["footnote"] == str(figure.get("footnote") or "")
        assert row["period_start"] == figure["period"].get("start", "")


def test_other_csv_files_have_one_row_per_record(site_dir):
    assert [r["id"] for r in _rows(site_dir, "organisations")] == [
        o["id"] for o in raw("organisations.yml")["organisations"]
    ]
    assert [r["id"] for r in _rows(site_dir, "sources")] == [s["id"] for s in raw("sources.yml")["sources"]]
    footnotes = raw("sources.yml")["footnotes"]
    rows = _rows(site_dir, "footnotes")
    assert [(r["number"], r["text_es"]) for r in rows] == [(str(f["number"]), f["text"]["es"]) for f in footnotes]


@pytest.mark.parametrize("lang", LANGS)
def test_data_page_lists_every_file_with_its_real_size(site_dir, lang):
    table = page(site_dir, "data", lang).select_one("table.open-data")
    items = table.select("tbody li")
    names = [text_of(item.select_one("a")) for item in items]
    assert sorted(names) == sorted(p.name for p in (site_dir / "open-data").iterdir())
    base = site_dir / ("" if lang == "en" else lang) / "data"
    for item in items:
        target = (base / item.select_one("a")["href"]).resolve()
        size = len(target.read_bytes()) / 1000
        shown = float(re.search(r"([\d.,]+) kB", text_of(item)).group(1).replace(",", ""))
        assert abs(shown - size) <= 0.05 + 1e-9, (target.name, shown, size)
    # What each dataset holds, said once per dataset.
    assert len(table.select("tbody tr")) == len({p.name.split(".")[0] for p in (site_dir / "open-data").iterdir()})


# --- 5. structured data ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_home_carries_the_meeting_as_a_schema_org_event(site_dir, lang):
    doc = page(site_dir, "index", lang)
    (script,) = doc.select('script[type="application/ld+json"]')
    event = json.loads(script.string)
    assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
    assert event["name"] == MEETING["title"][lang]
    assert event["startDate"].endswith("-05:00") and event["endDate"].endswith("-05:00")
    assert instant(event["startDate"]) == NOTE_START_UTC and instant(event["endDate"]) == NOTE_END_UTC
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"]["@type"] == "VirtualLocation" and "url" not in event["location"]
    organiser = next(o for o in raw("organisations.yml")["organisations"] if o["id"] == MEETING["organiser"])
    assert event["organizer"] == {"@type": "Organization", "name": organiser["name"][lang]}
    assert event["inLanguage"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_offline_pages_link_the_generated_files(offline_dir, lang):
    """From disk (slug.html pages), the Data page's and Home's links reach the files."""
    folder = offline_dir / ("" if lang == "en" else lang)
    for name, selector in (("data.html", "table.open-data a"), ("index.html", ".calendar-links a")):
        links = soup((folder / name).read_text(encoding="utf-8")).select(selector)
        assert links, name
        for link in links:
            assert (folder / link["href"]).resolve().is_file(), (name, link["href"])
