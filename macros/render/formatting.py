"""Numbers, dates and times in the page's language, following CLDR via Babel.

English uses the ``en`` locale, Spanish the Latin-American ``es_419``.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_interval, format_skeleton, format_time, get_timezone_gmt
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

from macros.content import durations
from macros.content import models as m

LOCALES = {"en": "en", "es": "es_419"}

_UNITS = {"week": "duration-week", "month": "duration-month"}


def locale(lang: str) -> str:
    return LOCALES[lang]


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


def month_range(start: str, end: str, lang: str) -> str:
    """'2021-01'..'2021-07' -> 'January – July 2021' / 'enero–julio de 2021'."""
    first, last = m.month_start(start), m.month_start(end)
    if first == last:
        return format_skeleton("yMMMM", first, locale=locale(lang))
    return format_interval(first, last, "yMMMM", locale=locale(lang))


def period(value: m.Period, lang: str) -> str:
    if value.description is not None:
        return value.description(lang)
    return month_range(value.start, value.end, lang)


def long_date(date: dt.date, lang: str) -> str:
    """'Monday, September 20, 2021' / 'lunes, 20 de septiembre de 2021'."""
    return format_date(date, "full", locale=locale(lang))


def date_text(date: dt.date, lang: str) -> str:
    """'September 20, 2021' / '20 de septiembre de 2021' (CLDR long date, no weekday)."""
    return format_date(date, "long", locale=locale(lang))


def clock(time: str, lang: str) -> str:
    """A 24-hour time, as in the concept note."""
    return format_time(dt.time.fromisoformat(time), "HH:mm", locale=locale(lang))


def time_range(start: str, end: str, lang: str) -> str:
    """'09:45 – 10:00' (en) / '09:45–10:00' (es_419): CLDR's 24-hour interval,
    with two-digit hours as in the concept note (es_419 would write 9:45)."""
    text = format_interval(dt.time.fromisoformat(start), dt.time.fromisoformat(end), "Hm", locale=locale(lang))
    return re.sub(r"(?<!\d)(\d):(\d\d)", r"0\1:\2", text)


def moment(date: dt.date, time: str, zone: str) -> dt.datetime:
    return dt.datetime.combine(date, dt.time.fromisoformat(time), ZoneInfo(zone))


def gmt_offset(date: dt.date, time: str, zone: str, lang: str) -> str:
    """'GMT-05:00' in the locale's own form."""
    return get_timezone_gmt(moment(date, time, zone), locale=locale(lang))


def utc_clock(date: dt.date, time: str, zone: str, lang: str) -> str:
    return format_time(moment(date, time, zone).astimezone(ZoneInfo("UTC")), "HH:mm", locale=locale(lang))


def duration(minutes: int, lang: str) -> str:
    """210 -> 'three and a half hours' / 'tres horas y media'; 215 -> '3 hours and 35 minutes'.
    Never a decimal of an hour (durations.in_words)."""
    return durations.in_words(minutes, lang)
