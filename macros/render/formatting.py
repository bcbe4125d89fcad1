"""Numbers, dates and times in the page's language, following CLDR via Babel.

English uses the ``en`` locale, Spanish the Latin-American ``es_419``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo

from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_timezone_location,
)
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

from macros.content import durations
from macros.content import models as m
from macros.content.text import plain

LOCALES = {"en": "en", "es": "es_419"}

_UNITS = {"week": "duration-week", "month": "duration-month"}


def locale(lang: str) -> str:
    return LOCALES[lang]


def meeting_city(meeting, lang: str) -> str:
    """The city that names the meeting's time zone: meeting.yml's zone_city, else CLDR's."""
    if meeting.zone_city is not None:
        return plain(meeting.zone_city(lang))
    return zone_city(meeting.timezone, lang)


def zone_city(zone: str, lang: str) -> str:
    """The city that names an IANA zone, in CLDR: 'Mexico City' / 'Ciudad de México'."""
    return get_timezone_location(ZoneInfo(zone), locale=locale(lang), return_city=True)


def number(value: float, lang: str) -> str:
    """845000 -> '845,000'; 90.53 -> '90.53' (es_419 groups and separates as en)."""
    return format_decimal(value, locale=locale(lang), decimal_quantization=False)


def measure(figure: m.Figure, lang: str) -> str:
    """The value with its unit: '28%', '845,000', '4 weeks' / '4 semanas'."""
    if figure.unit == "percent":
        return format_percent(figure.value / 100, locale=locale(lang), decimal_quantization=False)
    if figure.unit in _UNITS:
        return format_unit(figure.value, _UNITS[figure.unit], length="long", locale=locale(lang))
    return number(figure.value, lang)


def closed_range(text: str) -> str:
    """The house style for ranges: an en dash without spaces between single words or numbers
    ('10:00–13:30', 'January–July 2021'), as both languages write them; CLDR's English spaces it.
    A range whose first end is several words keeps its spaces ('December 2020 – February 2021')."""
    found = re.match(r"^(.*?)\s+–\s+(.*)$", text)
    if found is None or re.search(r"\s", found.group(1)):
        return text
    return f"{found.group(1)}–{found.group(2)}"


def month_range(start: str, end: str, lang: str) -> str:
    """'2021-01'..'2021-07' -> 'January–July 2021' / 'enero–julio de 2021'."""
    first, last = m.month_start(start), m.month_start(end)
    if first == last:
        return format_skeleton("yMMMM", first, locale=locale(lang))
    return closed_range(format_interval(first, last, "yMMMM", locale=locale(lang)))


def period(value: m.Period, lang: str) -> str:
    if value.description is not None:
        return value.description(lang)
    return month_range(value.start, value.end, lang)


def long_date(date: dt.date, lang: str) -> str:
    """'Monday, September 20, 2021' / 'lunes 20 de septiembre de 2021': CLDR's full date; in Spanish
    without the comma after the day of the week, as running text writes it ('del lunes 20 de…')."""
    text = format_date(date, "full", locale=locale(lang))
    return text.replace(", ", " ", 1) if lang == "es" else text


def date_text(date: dt.date, lang: str) -> str:
    """'September 20, 2021' / '20 de septiembre de 2021' (CLDR long date, no weekday)."""
    return format_date(date, "long", locale=locale(lang))


def clock(time: str, lang: str) -> str:
    """A 24-hour time, as in the concept note."""
    return format_time(dt.time.fromisoformat(time), "HH:mm", locale=locale(lang))


@functools.cache  # Babel's interval formatting is slow, and the agenda asks for the same ranges often
def time_range(start: str, end: str, lang: str) -> str:
    """'09:45–10:00' in both languages: CLDR's 24-hour interval, with two-digit hours as in the
    concept note (es_419 would write 9:45) and the dash closed up (closed_range)."""
    text = format_interval(dt.time.fromisoformat(start), dt.time.fromisoformat(end), "Hm", locale=locale(lang))
    return closed_range(re.sub(r"(?<!\d)(\d):(\d\d)", r"0\1:\2", text))


def utc_offset(moment: dt.datetime) -> str:
    """'UTC−05:00': the offset of the moment's zone at that moment, with a true minus sign (the one form on the site)."""
    minutes = int((moment.utcoffset() or dt.timedelta(0)).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def clock_at(moment: dt.datetime, lang: str) -> str:
    """The 24-hour time of a moment in its own zone."""
    return format_time(moment, "HH:mm", tzinfo=moment.tzinfo, locale=locale(lang))


def utc_clock(moment: dt.datetime, lang: str) -> str:
    """The 24-hour time of a moment in UTC."""
    return clock_at(moment.astimezone(ZoneInfo("UTC")), lang)


def duration(minutes: int, lang: str) -> str:
    """210 -> 'three and a half hours' / 'tres horas y media'; 215 -> '3 hours and 35 minutes'.
    Never a decimal of an hour (durations.in_words)."""
    return durations.in_words(minutes, lang)
