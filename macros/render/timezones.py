"""The meeting's times in every Member Country, and the time-zone choice of the agenda.

Times are computed with zoneinfo under each zone's rules on the meeting's
date (Mexico City observed daylight time, UTC−5, in September 2021), not
today's. Nothing here depends on MkDocs: the macros take the page's Renderer.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date
from markupsafe import Markup

from macros.content import models as m
from macros.content.dataset import Dataset
from macros.render import formatting as fmt


@dataclass(frozen=True)
class LocalTimes:
    """The meeting in one time zone of a Member Country."""

    country: m.Country
    zone: str
    capital: bool  # the zone of the country's capital
    start: dt.datetime
    end: dt.datetime


def in_zone(data: Dataset, zone: str) -> tuple[dt.datetime, dt.datetime]:
    """The meeting's start and end as local times of `zone`, under that zone's rules on the date."""
    tz = zoneinfo.ZoneInfo(zone)
    return data.meeting.starts_at.astimezone(tz), data.meeting.ends_at.astimezone(tz)


def member_times(data: Dataset) -> list[list[LocalTimes]]:
    """For each Member Country, in the order of countries.yml: the capital's zone, then its other main zones."""
    table = []
    for country in data.countries:
        rows = []
        for index, zone in enumerate([country.zone, *country.other_zones]):
            start, end = in_zone(data, zone)
            rows.append(LocalTimes(country, zone, index == 0, start, end))
        table.append(rows)
    return table


def country_name(country: m.Country, lang: str) -> str:
    """The country's name in CLDR ('Dominican Republic', 'República Dominicana')."""
    return Locale.parse(fmt.locale(lang)).territories[country.code]


def _time(r, moment: dt.datetime, meeting_date: dt.date) -> Markup:
    """A <time> with its instant; the local date is added when it is not the meeting's date."""
    text = fmt.clock_at(moment, r.lang)
    if moment.date() != meeting_date:
        text = f"{format_date(moment.date(), 'medium', locale=fmt.locale(r.lang))}, {text}"
    return Markup('<time datetime="{}">{}</time>').format(moment.isoformat(timespec="minutes"), text)


def member_times_table(r) -> Markup:
    """The macro member_times(): a table of the meeting's local start and end in each Member Country."""
    data: Dataset = r.data
    if not data.countries:
        raise KeyError("member_times(): data/countries.yml lists no country")
    date = data.meeting.date
    groups = []
    for rows in member_times(data):
        groups.append(
            [
                {
                    "country": country_name(row.country, r.lang),
                    "place": r.plain(row.country.capital) if row.capital else fmt.zone_city(row.zone, r.lang),
                    "capital": row.capital,
                    "several": len(rows) > 1,
                    "start": _time(r, row.start, date),
                    "end": _time(r, row.end, date),
                    "offset": fmt.utc_offset(row.start),
                    "zone": row.zone,
                }
                for row in rows
            ]
        )
    several = [country_name(rows[0].country, r.lang) for rows in member_times(data) if len(rows) > 1]
    return r._render(
        "member_times.html",
        groups=groups,
        several=r.join(several),
        date=fmt.long_date(date, r.lang),
        zone=r.zone(),
        dash=range_dash(r.lang),
        start=fmt.clock(data.meeting.start, r.lang),
        end=fmt.clock(data.meeting.end, r.lang),
    )


def range_dash(lang: str) -> str:
    """What CLDR puts between the two times of a 24-hour range in the language (' – ' or '–')."""
    text = fmt.time_range("10:00", "11:00", lang)
    return text[text.index("10:00") + 5 : text.rindex("11:00")]


def zone_choices(r) -> list[dict]:
    """The Member Countries' zones offered by the agenda's time-zone choice, labelled in the page's language."""
    choices = []
    for rows in member_times(r.data):
        name = country_name(rows[0].country, r.lang)
        for row in rows:
            place = r.plain(row.country.capital) if row.capital else fmt.zone_city(row.zone, r.lang)
            label = name if len(rows) == 1 else f"{name} – {place}"
            choices.append({"zone": row.zone, "label": label, "offset": fmt.utc_offset(row.start)})
    return choices


def time_zone_choice(r) -> Markup:
    """The macro time_zone_choice(): a form, shown only when JavaScript runs (timezone.js), to show
    the agenda's times in Mexico City time, the reader's zone or a Member Country's zone."""
    data: Dataset = r.data
    meeting = data.meeting
    return r._render(
        "time_zone_choice.html",
        meeting_zone=meeting.timezone,
        meeting_offset=fmt.utc_offset(meeting.starts_at),
        choices=zone_choices(r),
        date=meeting.date.isoformat(),
        zone_text=r.plain(str(r.zone())),
    )


def time_range(r, slot: m.Slot) -> Markup:
    """A slot's times as in the agenda ('10:10 – 10:30'), each end a <time> with its instant
    (timezone.js rewrites them in the reader's chosen zone)."""
    data: Dataset = r.data
    meeting = data.meeting
    text = fmt.time_range(slot.start, slot.end, r.lang)
    first, last = fmt.clock(slot.start, r.lang), fmt.clock(slot.end, r.lang)
    head, found, rest = text.partition(first)
    middle, found_end, tail = rest.rpartition(last)
    if not found or not found_end:  # a range CLDR writes otherwise: the instants still go on the cell
        return Markup("{}").format(text)
    start = meeting.at(slot.start).isoformat(timespec="minutes")
    end = meeting.at(slot.end).isoformat(timespec="minutes")
    return Markup('{}<time datetime="{}">{}</time>{}<time datetime="{}">{}</time>{}').format(
        head, start, first, middle, end, last, tail
    )


def script_json(value: object) -> Markup:
    """JSON for a <script> element: '<', '>' and '&' escaped so no text can close the element."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
