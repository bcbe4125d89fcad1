"""Times and durations typed in a page that the data should give.

A page or a front-matter description that writes "09:45" or "three and a half
hours" goes stale as soon as the agenda moves (`make shift`). The macros
{{ start() }}, {{ end() }}, {{ duration() }} and {{ meeting_date() }} take them
from data/agenda.yml and meeting.yml instead. A typed time that is no start or
end of the agenda (in the meeting's time zone or in UTC), a typed duration that
is neither the meeting's nor a slot's, and any duration written as a decimal of
an hour are refused at their line, with the macro to write. `make check` and
the build (macros/__init__.py) both run this.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from macros.content import durations
from macros.content import models as m
from macros.content.dataset import Dataset
from macros.content.problems import Problem
from macros.pages.sources import Page

_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _blank(text: str) -> str:
    """The text with its macro calls replaced by spaces, lines and offsets kept."""
    return _MACRO.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)


def _utc(data: Dataset, time: str) -> int:
    meeting = data.meeting
    moment = dt.datetime.combine(meeting.date, dt.time.fromisoformat(time), zoneinfo.ZoneInfo(meeting.timezone))
    utc = moment.astimezone(dt.UTC)
    return utc.hour * 60 + utc.minute


def problems(pages: dict[tuple[str, str], Page], data: Dataset) -> list[Problem]:
    """Every time or duration typed in a page or description that the data does not give."""
    slots = data.all_slots()
    times = {m.minutes(t) for s in slots for t in (s.start, s.end)}
    times |= {_utc(data, t) for s in slots for t in (s.start, s.end)}
    lengths = {data.meeting.duration_minutes} | {s.minutes for s in slots}
    found = []
    for page in pages.values():
        found += [
            Problem(page.file, page.description_line, "description", message)
            for _, message in _messages(page.description, page.lang, data, times, lengths)
        ]
        body = _without_code(_blank(page.body))
        found += [
            Problem(page.file, page.body_line + body.count("\n", 0, offset), "text", message)
            for offset, message in _messages(body, page.lang, data, times, lengths)
        ]
    return found


def _without_code(text: str) -> str:
    """Fenced code blocks blanked out (their lines kept): an example is not a statement."""
    out, fenced = [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            out.append("")
        else:
            out.append("" if fenced else line)
    return "\n".join(line.ljust(len(original)) for line, original in zip(out, text.split("\n"), strict=True))


def _messages(text: str, lang: str, data: Dataset, times: set[int], lengths: set[int]) -> list[tuple[int, str]]:
    """(offset in the text, sentence) of each time or duration the data does not give."""
    meeting = data.meeting
    runs = f"the meeting runs from {meeting.start} to {meeting.end}"
    out = []
    for item in durations.typed(_blank(text), lang):
        if item.kind == "time" and item.minutes not in times:
            message = (
                f"{item.text} is no start or end of a slot in data/agenda.yml ({runs}); write the time with "
                "a macro that reads the agenda, so that it follows every change: {{ start() }} or {{ end() }} "
                'for the meeting, {{ start("slot-id") }} or {{ end("slot-id") }} for a slot'
            )
        elif item.kind == "duration" and item.decimal:
            message = (
                f"'{item.text}' writes a duration as a decimal of an hour; write {{{{ duration() }}}} "
                f'("{durations.in_words(meeting.duration_minutes, lang)}" today), or '
                '{{ duration("slot-id") }} for a slot'
            )
        elif item.kind == "duration" and item.minutes not in lengths:
            message = (
                f"'{item.text}' is not the length of the meeting or of a slot in data/agenda.yml: the meeting "
                f"lasts {durations.in_words(meeting.duration_minutes, 'en')}, from {meeting.start} to "
                f"{meeting.end}; write "
                "{{ duration() }} for the meeting's, or {{ duration(\"slot-id\") }} for a slot's, so that it "
                "follows the agenda"
            )
        else:
            continue
        out.append((item.start, message))
    return out
