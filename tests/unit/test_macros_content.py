"""What each macro says, checked against the data files read directly (plain PyYAML, not the
site's loader or Dataset), zoneinfo and CLDR: who may attend what, the objectives each slot
serves, the glossary's columns, footnotes and sources per language, acronym tooltips and the
meeting's times."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from babel.units import format_unit
from bs4 import BeautifulSoup

from macros.build.registry import abbreviations
from macros.render import formatting as fmt
from macros.render.renderer import Renderer

from conftest import NOTE

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "es")
LOCALES = {"en": "en", "es": "es_419"}


def raw(name: str) -> dict:
    return yaml.safe_load((NOTE / "data" / name).read_text(encoding="utf-8"))


def ui(key: str, lang: str) -> str:
    return yaml.safe_load((ROOT / "macros" / "render" / "strings.yml").read_text(encoding="utf-8"))[key][lang]


def forms(key: str, lang: str) -> list[str]:
    """A UI string's wordings: one, or its singular and plural forms."""
    value = ui(key, lang)
    return list(value.values()) if isinstance(value, dict) else [value]


def named(text: str, group: str, lang: str) -> bool:
    """Whether a sentence names a participant group (as a list item, in any case)."""
    return ui(f"group_{group}", lang).casefold() in text.casefold()


AGENDA = raw("agenda.yml")["slots"]
PROFILES = raw("participants.yml")["profiles"]
GROUPS = list(dict.fromkeys(p["group"] for p in PROFILES))
OBJECTIVES = raw("objectives.yml")["objectives"]
ORGS = raw("organisations.yml")["organisations"]
TERMS = raw("glossary.yml")["terms"]
FOOTNOTES = raw("sources.yml")["footnotes"]
SOURCES = {s["id"]: s for s in raw("sources.yml")["sources"]}
FIGURES = raw("figures.yml")["figures"]


def every_slot() -> list[tuple[dict, dict | None]]:
    """(slot, its block or None) in agenda order."""
    out = []
    for slot in AGENDA:
        out.append((slot, None))
        out += [(item, slot) for item in slot.get("items", [])]
    return out


def exclusive(slot: dict, block: dict | None) -> bool:
    return bool(slot.get("exclusive") or (block and block.get("exclusive")))


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def link(slug, anchor=None):
    return f"/{slug}/#{anchor or ''}"


@pytest.fixture(params=LANGS)
def r(request, dataset) -> Renderer:
    return Renderer(dataset, request.param, link)


def soup(html) -> BeautifulSoup:
    return BeautifulSoup(str(html), "html.parser")


# --- who may attend what ------------------------------------------------------------------


def groups_allowed(slot: dict, profiles: list[dict] = PROFILES) -> list[str]:
    """The groups expected in a top-level slot, from participants.yml and agenda.yml. A logistics slot
    (the connection test) has none: the concept note gives it no audience."""
    out = []
    if slot["type"] == "logistics":
        return out
    for profile in profiles:
        attends = profile["attends"]
        listed = attends == "all" or slot["id"] in attends or any(i["id"] in attends for i in slot.get("items", []))
        if listed and not (exclusive(slot, None) and profile["group"] != "member-countries"):
            if profile["group"] not in out:
                out.append(profile["group"])
    return out


def test_access_table_lists_who_may_attend_each_part(r):
    rows = soup(r.access()).select("table.access tbody tr")
    assert len(rows) == len(AGENDA)
    for row, slot in zip(rows, AGENDA, strict=True):
        assert row.select_one("a")["href"] == link("agenda", f"slot-{slot['id']}")
        cell = words(row.select("td")[-1])
        allowed = groups_allowed(slot)
        assert [g for g in GROUPS if named(cell, g, r.lang)] == allowed, slot["id"]
        if slot["type"] == "logistics":
            assert cell == ui("audience_unstated", r.lang), slot["id"]
        assert ("is-exclusive" in (row.get("class") or [])) == exclusive(slot, None)


def test_exclusive_parts_are_open_to_member_countries_only(r):
    rows = soup(r.access()).select("table.access tbody tr")
    for row, slot in zip(rows, AGENDA, strict=True):
        if slot.get("exclusive"):
            cell = words(row.select("td")[-1])
            assert [g for g in GROUPS if named(cell, g, r.lang)] == ["member-countries"]


def test_exclusive_parts_stay_closed_to_a_profile_that_attends_all(dataset):
    """Even a non-member profile with `attends: all` (which the rules refuse) never opens an exclusive part."""
    profiles = [dict(p, attends="all") if p["group"] != "member-countries" else p for p in PROFILES]
    data = dataset.replace(
        profiles=[
            p.model_copy(update={"attends": "all"}) if p.group != "member-countries" else p for p in dataset.profiles
        ]
    )
    for lang in LANGS:
        rows = soup(Renderer(data, lang, link).access()).select("table.access tbody tr")
        for row, slot in zip(rows, AGENDA, strict=True):
            cell = words(row.select("td")[-1])
            assert [g for g in GROUPS if named(cell, g, lang)] == groups_allowed(slot, profiles), slot["id"]


def test_participants_page_lists_each_profiles_parts(r):
    html = soup(r.participants())
    slots = {s["id"]: s for s, _ in every_slot()}
    for profile in PROFILES:
        item = html.select_one(f"#profile-{profile['id']}")
        access = item.select_one(".profile-access")
        if profile["attends"] == "all":
            assert words(access) in forms("profile_attends_all", r.lang)
            assert profile["group"] == "member-countries" or not any(s.get("exclusive") for s in AGENDA)
        else:
            hrefs = [a["href"] for a in access.select("a")]
            assert hrefs == [link("agenda", f"slot-{s}") for s in profile["attends"]]
            for slot_id in profile["attends"]:
                block = next((b for b in AGENDA if any(i["id"] == slot_id for i in b.get("items", []))), None)
                assert profile["group"] == "member-countries" or not exclusive(slots[slot_id], block)


# --- objectives -----------------------------------------------------------------------------


def test_agenda_rows_carry_no_objective_numbers(r):
    """The objectives are not part of the concept note's agenda: the agenda table names none; the site's
    reading guide to them is on the Objectives page, where it is disclosed as such."""
    html = soup(r.agenda())
    assert not html.select('a[href*="objective-"]')
    for objective in OBJECTIVES:
        assert objective["text"][r.lang] not in words(html)


def test_agenda_marks_exclusive_rows_and_keeps_the_order(r):
    rows = soup(r.agenda()).select("tr.agenda-row")
    assert [row["id"] for row in rows] == [f"slot-{s['id']}" for s, _ in every_slot()]
    for row, (slot, block) in zip(rows, every_slot(), strict=True):
        assert ("is-exclusive" in row["class"]) == exclusive(slot, block), slot["id"]


def test_objectives_list_the_slots_that_serve_them(r):
    html = soup(r.objectives())
    for objective in OBJECTIVES:
        item = html.select_one(f"#objective-{objective['id']}")
        assert words(item.select_one("p")) == " ".join(objective["text"][r.lang].split())
        hrefs = [a["href"] for a in item.select(".objective-served a")]
        assert hrefs == [link("agenda", f"slot-{s}") for s in objective["served_by"]]


def test_blocks_are_numbered_in_agenda_order(r):
    html = soup(r.agenda())
    blocks = [s for s in AGENDA if s["type"] == "block"]
    for number, block in enumerate(blocks, 1):
        label = html.select_one(f"#slot-{block['id']} .agenda-block-label")
        assert words(label) == ui("block", r.lang).format(number=number)


# --- glossary and tooltips --------------------------------------------------------------------


def test_glossary_has_both_languages_in_their_columns(r):
    html = soup(r.glossary())
    entries = [("org", e) for e in ORGS] + [("term", e) for e in TERMS]
    assert len(html.select("tbody tr")) == len(entries)
    other = "es" if r.lang == "en" else "en"
    for kind, entry in entries:
        row = html.select_one(f"#{kind}-{entry['id']}")
        assert words(row.select_one("td[lang=en]")) == entry["name"]["en"]
        assert words(row.select_one("td[lang=es]")) == entry["name"]["es"]
        acronym = entry.get("acronym")
        head = words(row.select_one("th"))
        if acronym is None:
            assert head == "—"
        elif acronym[r.lang] == acronym[other]:
            assert head == acronym[r.lang]
        else:
            assert head == f"{acronym[r.lang]} ({acronym[other]})"
        notes = words(row.select("td")[-1])
        assert notes == (" ".join(entry["definition"][r.lang].split()) if entry.get("definition") else "")


def test_acronym_tooltips_give_the_name_in_the_pages_language(r):
    lines = abbreviations(r).splitlines()
    expected = [
        f"*[{e['acronym'][r.lang]}]: {e['name'][r.lang]}"
        for e in ORGS + TERMS
        if e.get("acronym") and e["acronym"][r.lang] != e["name"][r.lang]
    ]
    assert sorted(lines) == sorted(expected)


def test_a_page_gets_the_tooltips_of_the_acronyms_it_holds(r):
    entries = [e for e in ORGS + TERMS if e.get("acronym") and e["acronym"][r.lang] != e["name"][r.lang]]
    first = entries[0]
    text = f"A sentence naming {first['acronym'][r.lang]} only."
    second = next(e for e in entries[1:] if e["acronym"][r.lang] not in text)
    lines = abbreviations(r, text).splitlines()
    assert f"*[{first['acronym'][r.lang]}]: {first['name'][r.lang]}" in lines
    assert not any(line.startswith(f"*[{second['acronym'][r.lang]}]") for line in lines)
    assert all(line[2 : line.index("]")] in text for line in lines)
    assert abbreviations(r, "No acronym here.") == ""


def test_org_links_to_its_glossary_entry_with_its_name_as_tooltip(r):
    for org in ORGS:
        html = soup(r.org(org["id"], tooltip=True))
        assert html.a["href"] == link("glossary", f"org-{org['id']}")
        if org.get("acronym"):
            assert html.abbr["title"] == org["name"][r.lang] and words(html.abbr) == org["acronym"][r.lang]
        else:
            assert words(html.a) == org["name"][r.lang]


# --- footnotes and sources ----------------------------------------------------------------------


def test_footnotes_in_the_pages_language_with_their_source_and_figures(r):
    html = soup(r.footnotes())
    items = html.select("ol.note-list > li")
    assert [li["id"] for li in items] == [f"note-{f['number']}" for f in sorted(FOOTNOTES, key=lambda f: f["number"])]
    for footnote in FOOTNOTES:
        item = html.select_one(f"#note-{footnote['number']}")
        assert " ".join(footnote["text"][r.lang].split()) in words(item)
        if footnote.get("source"):
            assert SOURCES[footnote["source"]]["short"][r.lang] in words(item)
        labels = [words(a) for a in item.select("ul.note-figures a")]
        assert labels == [f["label"][r.lang] for f in FIGURES if f.get("footnote") == footnote["number"]]


def test_sources_list_the_figures_taken_from_them(r):
    html = soup(r.sources())
    for source_id, source in SOURCES.items():
        item = html.select_one(f"#source-{source_id}")
        assert words(item.select_one("strong")) == source["publisher"][r.lang]
        hrefs = [a["href"] for a in item.select("ul.source-figures a")]
        assert hrefs == [link("key-figures", f"fig-{f['id']}") for f in FIGURES if f["source"] == source_id]


def test_figure_cards_name_source_and_footnote(r):
    html = soup(r.figure_cards())
    for figure in FIGURES:
        card = html.select_one(f"#fig-{figure['id']}")
        hrefs = [a["href"] for a in card.select("dd a")]
        assert link("notes", f"source-{figure['source']}") in hrefs
        notes = [h for h in hrefs if h.startswith(link("notes", "note-"))]
        assert notes == ([link("notes", f"note-{figure['footnote']}")] if figure.get("footnote") else [])


# --- the meeting's times, derived from the agenda -------------------------------------------------


def test_meeting_times_follow_from_the_agenda_and_the_time_zone(r):
    meeting = raw("meeting.yml")
    main = [s for s in AGENDA if s["type"] != "logistics"]
    start, end = main[0]["start"], main[-1]["end"]
    zone = ZoneInfo(meeting["timezone"])
    day = meeting["date"]

    def utc(clock: str) -> str:
        moment = dt.datetime.combine(day, dt.time.fromisoformat(clock), zone).astimezone(ZoneInfo("UTC"))
        return moment.strftime("%H:%M")

    text = words(soup(r.meeting_facts()))
    hours, minutes = divmod(
        (
            dt.datetime.combine(day, dt.time.fromisoformat(end))
            - dt.datetime.combine(day, dt.time.fromisoformat(start))
        ).seconds
        // 60,
        60,
    )
    assert utc(start) in text and utc(end) in text
    # The duration in words, never as a decimal of an hour: whole hours and halves spelled out
    # ("three and a half hours"), else CLDR's hours and minutes ("3 hours and 35 minutes").
    assert not re.search(r"\d[.,]\d+ (hours|horas)", text)
    if minutes in (0, 30):
        assert re.search(r"(hours?|horas?)", text)
        assert f"{hours} " not in text.split(r.t("fact_duration"))[-1]
    else:
        hour_text = format_unit(hours, "duration-hour", length="long", locale=LOCALES[r.lang])
        assert (
            hour_text in text and format_unit(minutes, "duration-minute", length="long", locale=LOCALES[r.lang]) in text
        )
    # Mexico City was on daylight saving time in September 2021.
    assert fmt.utc_offset(r.data.meeting.starts_at) == "UTC\u221205:00"
