"""Durations and clock times as prose writes them, both ways.

``in_words(minutes, lang)`` writes a duration the way running text does:
"three and a half hours" / "tres horas y media", "an hour and a half" /
"una hora y media", "3 hours and 35 minutes" / "3 horas y 35 minutos" (CLDR's
units and list pattern, through Babel). Never a decimal of an hour.

``typed(text, lang)`` finds the durations and the HH:MM times a text spells out,
so that `make check` can tell a page or a description that restates them
instead of taking them from the data. Babel carries no spelled-out numbers
(CLDR's RBNF), so the words for one to twelve are written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel.lists import format_list
from babel.units import format_unit

LOCALES = {"en": "en", "es": "es_419"}

# One to twelve in words (CLDR spellout-cardinal; Spanish in the feminine, as "hora" is).
NUMBER_WORDS = {
    "en": ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
    "es": ["una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce"],
}
# The same numbers as a reader may type them (any gender, "a"/"an" for one).
_TYPED_ONE = {"en": ["one", "a", "an"], "es": ["una", "un", "uno"]}

DAY = 24 * 60  # "24 hours" / "formato de 24 horas" speak of the clock, not of a duration


def number_in_words(count: int, lang: str, feminine: bool = False) -> str:
    """A count for running text: one to twelve in words ('three' / 'tres'), digits above. In Spanish,
    one agrees with its noun: 'un objetivo', 'una parte'."""
    if count == 1 and lang == "es":
        return "una" if feminine else "un"
    return NUMBER_WORDS[lang][count - 1] if 1 <= count <= len(NUMBER_WORDS[lang]) else str(count)


def _hours_in_words(hours: int, lang: str) -> str:
    return NUMBER_WORDS[lang][hours - 1] if 1 <= hours <= len(NUMBER_WORDS[lang]) else str(hours)


def in_words(minutes: int, lang: str) -> str:
    """A duration for running text, in whole hours, halves, or hours and minutes."""
    hours, rest = divmod(minutes, 60)
    loc = LOCALES[lang]
    if rest == 0 and hours:
        unit = {"en": ("hour", "hours"), "es": ("hora", "horas")}[lang][hours != 1]
        return f"{_hours_in_words(hours, lang)} {unit}"
    if rest == 30:
        if hours == 0:
            return "half an hour" if lang == "en" else "media hora"
        if hours == 1:
            return "an hour and a half" if lang == "en" else "una hora y media"
        if lang == "en":
            return f"{_hours_in_words(hours, lang)} and a half hours"
        return f"{_hours_in_words(hours, lang)} horas y media"
    parts = []
    if hours:
        parts.append(format_unit(hours, "duration-hour", length="long", locale=loc))
    parts.append(format_unit(rest, "duration-minute", length="long", locale=loc))
    return format_list(parts, locale=loc)


@dataclass(frozen=True)
class Typed:
    """A time or a duration spelled out in a text: where, as written, and its value."""

    start: int  # offset in the text
    text: str
    kind: str  # "time" or "duration"
    minutes: int | None  # a time: minutes after midnight; a duration: its length
    decimal: bool = False  # a duration written as a decimal of an hour ("3.5 hours")


def _number_pattern(lang: str) -> str:
    words = sorted(NUMBER_WORDS[lang] + _TYPED_ONE[lang], key=len, reverse=True)
    return r"(?:\d+(?:[.,]\d+)?|" + "|".join(words) + ")"


def _value(word: str, lang: str) -> float:
    word = word.lower()
    if word in _TYPED_ONE[lang]:
        return 1
    if word in NUMBER_WORDS[lang]:
        return NUMBER_WORDS[lang].index(word) + 1
    return float(word.replace(",", "."))


_N = {lang: _number_pattern(lang) for lang in NUMBER_WORDS}
_DURATION = {
    "en": re.compile(
        rf"\b(?:half an hour|an hour and a half|(?P<h>{_N['en']}) and a half hours?"
        rf"|(?P<h2>{_N['en']})[ \u00a0]hours?(?:,? (?:and )?(?P<m2>{_N['en']})[ \u00a0]minutes?)?"
        rf"|(?P<m>{_N['en']})[ \u00a0]minutes?)\b",
        re.I,
    ),
    "es": re.compile(
        rf"\b(?:media hora|una hora y media|(?P<h>{_N['es']})[ \u00a0]horas? y media"
        rf"|(?P<h2>{_N['es']})[ \u00a0]horas?(?:,? (?:y )?(?P<m2>{_N['es']})[ \u00a0]minutos?)?"
        rf"|(?P<m>{_N['es']})[ \u00a0]minutos?)\b",
        re.I,
    ),
}
_UNITS = {"en": re.compile(r"hour|minute", re.I), "es": re.compile(r"hora|minuto", re.I)}
_TIME = re.compile(r"(?<![\d:.])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")


def typed(text: str, lang: str) -> list[Typed]:
    """Every HH:MM time and every duration (under a day) written in the text."""
    found = []
    units = _UNITS[lang].search(text) is not None  # most texts name no hour or minute: skip the long pattern
    for match in _TIME.finditer(text):
        found.append(Typed(match.start(), match.group(0), "time", int(match.group(1)) * 60 + int(match.group(2))))
    for match in _DURATION[lang].finditer(text) if units else ():
        phrase = match.group(0).lower()
        groups = match.groupdict()
        if phrase in ("half an hour", "media hora"):
            minutes = 30.0
        elif phrase in ("an hour and a half", "una hora y media"):
            minutes = 90.0
        elif groups["h"]:
            minutes = _value(groups["h"], lang) * 60 + 30
        elif groups["h2"]:
            minutes = _value(groups["h2"], lang) * 60 + (_value(groups["m2"], lang) if groups["m2"] else 0)
        else:
            minutes = _value(groups["m"], lang)
        numbers = [g for g in (groups["h"], groups["h2"], groups["m2"], groups["m"]) if g]
        decimal = any(re.search(r"\d[.,]\d", n) for n in numbers)
        if minutes >= DAY:
            continue
        found.append(Typed(match.start(), match.group(0), "duration", round(minutes), decimal))
    return sorted(found, key=lambda t: t.start)
