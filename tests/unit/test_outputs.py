"""Outputs whose mistakes no other test would notice: each expectation comes from the data, CLDR or zoneinfo.

- the two languages' periods of figures.csv are each in their own language;
- a calendar file marks a slot "Member Countries only" exactly when the data reserves it, and its block is not
  already reserved as a whole;
- the Member Countries' times show the local date where it is not the meeting's date;
- a part equal to its whole is a figure the data may hold; one larger than its whole is refused;
- every acronym in the agenda (an HTML block) carries its full name as a tooltip.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from babel.dates import get_month_names
from bs4 import BeautifulSoup
from icalendar import Calendar

from macros.content import rules
from macros.content.text import plain
from macros.outputs import publish
from macros.render import timezones
from macros.render.renderer import Renderer, strings

LOCALES = {"en": "en", "es": "es_419"}
BUILT = dt.date(2021, 9, 20)


def _months(lang: str) -> set[str]:
    return {name.casefold() for name in get_month_names("wide", locale=LOCALES[lang]).values()}


def test_each_language_column_of_figures_csv_names_months_of_its_language(dataset):
    rows = list(csv.DictReader(io.StringIO(publish.generated(dataset, BUILT)["open-data/figures.csv"].decode())))
    dated = [row for row in rows if row["period_start"]]
    assert dated, "the data has figures with a period"
    for row in dated:
        for lang, other in (("en", "es"), ("es", "en")):
            words = set(re.findall(r"\w+", row[f"period_{lang}"].casefold()))
            own, foreign = words & _months(lang), words & (_months(other) - _months(lang))
            assert own and not foreign, (row["id"], lang, row[f"period_{lang}"])


def test_calendar_files_mark_exactly_the_reserved_slots(dataset):
    files = publish.generated(dataset, BUILT)
    for lang in LOCALES:
        mark = f"({strings()['exclusive'](lang)})"
        root = publish.language_root(lang)
        (event,) = Calendar.from_ical(files[f"{root}calendar/meeting.ics"]).walk("VEVENT")
        lines = str(event["DESCRIPTION"]).splitlines()
        for slot in [s for top in dataset.slots for s in (top, *top.items)]:
            block = dataset.block_of(slot.id)
            reserved = dataset.is_exclusive(slot) and not (block and block.exclusive)
            (line,) = [
                line
                for line in lines
                if line.strip().startswith(publish.fmt.time_range(slot.start, slot.end, lang))
                and slot.title(lang).split()[0] in line
            ]
            assert (mark in line) == reserved, (lang, slot.id, line)


def test_member_times_give_the_local_date_where_it_is_not_the_meetings(dataset):
    """The meeting moved to a zone a day ahead of the Americas: every Member Country's row names its own date."""
    meeting = dataset.meeting
    moved = type(meeting)(
        meeting.file.model_copy(update={"timezone": "Pacific/Kiritimati"}), meeting.start, meeting.end
    )
    data = type(dataset)(**{**dataset.__dict__, "meeting": moved})
    for lang in LOCALES:
        html = timezones.member_times_table(Renderer(data, lang, lambda slug, anchor=None: slug))
        times = BeautifulSoup(str(html), "lxml").select("tbody time")
        assert times
        for node in times:
            local = dt.datetime.fromisoformat(node["datetime"])
            assert local.date() != meeting.date  # UTC+14 at 10:00 is the day before in every Member Country
            day = str(local.day)
            assert day in node.get_text().split() or f"{day}," in node.get_text(), (lang, node)
            assert local == moved.starts_at.astimezone(local.tzinfo) or local == moved.ends_at.astimezone(local.tzinfo)
        assert all(ZoneInfo(c.zone) for c in data.countries)


@pytest.mark.parametrize("extra, refused", [(0, False), (1, True)])
def test_a_part_may_equal_its_whole_but_not_exceed_it(dataset, extra, refused):
    part = next(f for f in dataset.figures.values() if f.part_of)
    whole = dataset.figures[part.part_of]
    index = dataset.files["figures.yml"].figures.index(part)
    files = dict(dataset.files)
    figures = list(files["figures.yml"].figures)
    figures[index] = part.model_copy(update={"value": whole.value + extra})
    data = type(dataset)(
        **{
            **dataset.__dict__,
            "files": {**files, "figures.yml": files["figures.yml"].model_copy(update={"figures": figures})},
            "figures": {**dataset.figures, part.id: figures[index]},
        }
    )
    found = [p for p in rules.parts_and_wholes(data) if p.path.endswith(".value")]
    assert bool(found) == refused, found


def test_every_acronym_in_the_agenda_carries_its_full_name(dataset):
    """The agenda is an HTML block, which the Markdown abbreviations do not reach: each speaker's acronym
    carries its organisation's full name itself, in the page's language."""
    for lang in LOCALES:
        html = BeautifulSoup(str(Renderer(dataset, lang, lambda slug, anchor=None: slug).agenda()), "lxml")
        shown = {abbr.get_text(): abbr.get("title") for abbr in html.select("abbr")}
        speakers = {s.org for top in dataset.slots for slot in (top, *top.items) for s in slot.speakers}
        acronyms = [dataset.organisations[org] for org in sorted(speakers) if dataset.organisations[org].acronym]
        assert acronyms, "the agenda's speakers include organisations with acronyms"
        for org in acronyms:
            assert shown.get(plain(org.acronym(lang))) == plain(org.name(lang)), (lang, org.id)


def test_spanish_order_puts_enye_after_n_and_ignores_accents():
    """The Spanish alphabet (Real Academia Española): ñ is a letter of its own, after n; accents do not
    change a word's place."""
    from macros.render.wording import sort_key

    words = ["ñandú", "nube", "oso", "Ómnibus", "nada"]
    assert sorted(words, key=sort_key) == ["nada", "nube", "ñandú", "Ómnibus", "oso"]
