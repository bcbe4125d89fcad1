"""Load every file in data/, check it, and return one consistent Dataset.

All problems of a run are collected and raised together as a DataError, each
naming file, line and field. Nothing here depends on MkDocs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import types
import typing
import zoneinfo
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path as FsPath

import pydantic

from . import models as m
from .loader import Document, load
from .problems import Path, Problem, raise_if_any

# --- Turning pydantic's errors into sentences ------------------------------------

_PATTERNS = {
    m.ID_PATTERN: "must be an id of lowercase letters, digits and hyphens, such as block-flows",
    m.TIME_PATTERN: "must be a 24-hour time written HH:MM, such as 09:45",
    m.MONTH_PATTERN: 'must be a month written "YYYY-MM", such as "2021-07"',
    m.OFFSET_PATTERN: 'must be a UTC offset written "+HH:MM" or "-HH:MM", such as "-05:00"',
}


def _describe(value: object) -> str:
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if value is None:
        return "nothing"
    return repr(value)


def _fields_at(model: type, loc: tuple) -> list[str]:
    """The field names allowed at a location, for 'did you mean' hints."""
    current: object = model
    for part in loc:
        current = _unwrap(current, item=isinstance(part, int))
        if isinstance(part, str):
            if not (isinstance(current, type) and issubclass(current, pydantic.BaseModel)):
                return []
            field = current.model_fields.get(part)
            if field is None:
                return []
            current = field.annotation
    current = _unwrap(current, item=False)
    if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(tp: object, item: bool) -> object:
    """Strip Optional, Annotated and (for a list index) list[...]."""
    while True:
        origin = typing.get_origin(tp)
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if origin is typing.Annotated:
            tp = args[0]
        elif origin in (typing.Union, types.UnionType):
            # The member that can hold what comes next: a list for an index, a model for a field.
            def fits(a: object) -> bool:
                if item:
                    return typing.get_origin(a) is list
                return isinstance(a, type) and issubclass(a, pydantic.BaseModel)
            tp = next((a for a in args if fits(a)), args[0])
        elif origin is list and item:
            tp, item = args[0], False
        else:
            return tp


def _unquote(value: object, form: str) -> str:
    """A hint for a value typed in quotes that would be right without them."""
    return " (write it without quotes)" if isinstance(value, str) and re.fullmatch(form, value.strip()) else ""


def _sentence(error: dict, model: type, loc: tuple) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else (f"; the fields here are: {', '.join(allowed)}" if allowed else "")
        return f"'{loc[-1]}' is not a known field{hint}"
    if kind == "string_pattern_mismatch":
        return f"{_PATTERNS.get(ctx.get('pattern'), 'is not in the expected form')}, not {_describe(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_type":
        hint = " (put the text in quotes: YAML reads yes, no, on and off as true or false)" if isinstance(value, bool) else ""
        return f"must be text, not {_describe(value)}{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number (digits only, no thousands separators), not {_describe(value)}{_unquote(value, r'[0-9]+')}"
    if kind in ("float_type", "float_parsing"):
        return (f"must be a number (digits only, no thousands separators or units), not {_describe(value)}"
                f"{_unquote(value, r'[0-9]+(?:[.][0-9]+)?')}")
    if kind == "finite_number":
        return f"must be a finite number, not {value}"
    if kind == "bool_type":
        return f"must be true or false, not {_describe(value)}{_unquote(value, r'true|false')}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return f"must be a date written YYYY-MM-DD, not {_describe(value)}{_unquote(value, r'[0-9]{4}-[0-9]{2}-[0-9]{2}')}"
    if kind == "list_type":
        return f"must be a list (one line per entry, each starting with '- '), not {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a group of fields (one 'name: value' per line), not {_describe(value)}"
    if kind == "literal_error":
        expected = str(ctx.get("expected"))
        return f"must be {'one of ' if ' or ' in expected else ''}{expected}, not {_describe(value)}"
    if kind == "too_short":
        return "must list at least one entry"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be {'at least' if kind.endswith('equal') else 'more than'} {ctx.get('ge', ctx.get('gt')):g}, not {value}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def _is_member(part: str | int) -> bool:
    """Pydantic's name for a union member in a location ('list[str]', 'literal[...]')."""
    return isinstance(part, str) and ("[" in part or part in ("str", "int", "float"))


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's names for union members ('list[str]', 'literal[...]')."""
    return tuple(p for p in loc if not _is_member(p))


def validate_document(doc: Document, model: type[m.Model]) -> tuple[m.Model | None, list[Problem]]:
    try:
        return model.model_validate(doc.data), []
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A value that has the shape of one member of a union ('all' | a list
        # of ids) but fails inside it: only what fails inside is reported.
        inside = {_clean_loc(e["loc"][:i]) for e in errors for i, part in enumerate(e["loc"][:-1]) if _is_member(part)}
        problems = []
        for error in errors:
            if error["type"] != "extra_forbidden" and _is_member(error["loc"][-1]) and _clean_loc(error["loc"]) in inside:
                continue
            loc = _clean_loc(error["loc"])
            if error["type"] == "extra_forbidden":
                # The unknown name itself is kept, even if it looks like a union member's ("a[b]", "str").
                loc = _clean_loc(error["loc"][:-1]) + error["loc"][-1:]
            problems.append(doc.problem(loc, _sentence(error, model, loc)))
        return None, _dedupe_unions(problems)


def _dedupe_unions(problems: list[Problem]) -> list[Problem]:
    """A value that fits no member of a union is reported once, naming every member:
    "must be 'all', or a list (...), not the text 'some'"."""
    seen: dict[tuple, Problem] = {}
    for problem in problems:
        key = (problem.file, problem.line, problem.path)
        first = seen.setdefault(key, problem)
        head, sep, tail = first.message.rpartition(", not ")
        other, other_sep, other_tail = problem.message.rpartition(", not ")
        if first is not problem and sep and other_sep and tail == other_tail and other.startswith("must be "):
            seen[key] = dataclasses.replace(first, message=f"{head}, or {other.removeprefix('must be ')}, not {tail}")
    return list(seen.values())


# --- The dataset -----------------------------------------------------------------


@dataclass
class Dataset:
    meeting: m.MeetingFile
    organisations: dict[str, m.Organisation]
    terms: dict[str, m.Term]
    roles: dict[str, m.Role]
    objectives: list[m.Objective]
    slots: list[m.Slot]
    profiles: list[m.Profile]
    groups: list[m.FigureGroup]
    figures: dict[str, m.Figure]
    charts: dict[str, m.Chart]
    sources: dict[str, m.Source]
    footnotes: dict[int, m.Footnote]

    def replace(self, **changes) -> "Dataset":
        """A copy with some fields changed (for tests and previews)."""
        return dataclasses.replace(self, **changes)

    def all_slots(self) -> list[m.Slot]:
        """Top-level slots and the items of blocks, in agenda order."""
        out = []
        for slot in self.slots:
            out.append(slot)
            out.extend(slot.items)
        return out

    def slot(self, slot_id: str) -> m.Slot:
        return next(s for s in self.all_slots() if s.id == slot_id)

    def block_of(self, slot_id: str) -> m.Slot | None:
        return next((s for s in self.slots if any(i.id == slot_id for i in s.items)), None)

    def is_exclusive(self, slot: m.Slot) -> bool:
        block = self.block_of(slot.id)
        return slot.exclusive or bool(block and block.exclusive)

    def blocks(self) -> list[m.Slot]:
        return [s for s in self.slots if s.type == "block"]

    def figures_in(self, group_id: str) -> list[m.Figure]:
        return [f for f in self.figures.values() if f.group == group_id]


def load_dataset(data_dir: FsPath, display_dir: str = "data") -> Dataset:
    """Load and check every data file; raise DataError listing all problems."""
    docs: dict[str, Document] = {}
    parsed: dict[str, m.Model] = {}
    problems: list[Problem] = []
    for name, model in m.FILES.items():
        doc, found = load(data_dir / name, f"{display_dir}/{name}")
        docs[name] = doc
        problems += found
        if found:
            continue
        value, found = validate_document(doc, model)
        problems += found
        if value is not None:
            parsed[name] = value
    raise_if_any(problems)
    checker = _Checker(docs, parsed)
    problems += checker.run()
    raise_if_any(problems)
    return checker.dataset()


class _Checker:
    """Checks across fields and files, once every file has its own shape."""

    def __init__(self, docs: dict[str, Document], parsed: dict[str, m.Model]):
        self.docs = docs
        self.meeting: m.MeetingFile = parsed["meeting.yml"]
        self.orgs: m.OrganisationsFile = parsed["organisations.yml"]
        self.glossary: m.GlossaryFile = parsed["glossary.yml"]
        self.roles: m.RolesFile = parsed["roles.yml"]
        self.objectives: m.ObjectivesFile = parsed["objectives.yml"]
        self.agenda: m.AgendaFile = parsed["agenda.yml"]
        self.participants: m.ParticipantsFile = parsed["participants.yml"]
        self.figures: m.FiguresFile = parsed["figures.yml"]
        self.sources: m.SourcesFile = parsed["sources.yml"]
        self.problems: list[Problem] = []

    def add(self, file: str, path: Path, message: str) -> None:
        self.problems.append(self.docs[file].problem(path, message))

    def run(self) -> list[Problem]:
        self.org_ids = self._unique("organisations.yml", "organisations", self.orgs.organisations)
        self.term_ids = self._unique("glossary.yml", "terms", self.glossary.terms)
        self.role_ids = self._unique("roles.yml", "roles", self.roles.roles)
        self._unique("objectives.yml", "objectives", self.objectives.objectives)
        self._unique("participants.yml", "profiles", self.participants.profiles)
        self.group_ids = self._unique("figures.yml", "groups", self.figures.groups)
        self.figure_ids = self._unique("figures.yml", "figures", self.figures.figures)
        self._unique("figures.yml", "charts", self.figures.charts)
        self.source_ids = self._unique("sources.yml", "sources", self.sources.sources)
        self.footnote_numbers = self._unique("sources.yml", "footnotes", self.sources.footnotes, attr="number")
        self.slot_ids = self._unique_slots()
        self._acronyms()
        self._meeting()
        self._agenda()
        self._objectives()
        self._participants()
        self._figures()
        self._charts()
        self._footnotes()
        return self.problems

    # -- ids and references --

    def _unique(self, file: str, key: str, items: list, attr: str = "id") -> set:
        seen: dict[object, int] = {}
        for index, item in enumerate(items):
            value = getattr(item, attr)
            if value in seen:
                line = self.docs[file].line((key, seen[value], attr))
                self.add(file, (key, index, attr), f"{value!r} is used twice (first on line {line}); each {attr} must be unique")
            else:
                seen[value] = index
        return set(seen)

    def _unique_slots(self) -> set[str]:
        seen: dict[str, Path] = {}
        for path, slot in self._walk_slots():
            if slot.id in seen:
                line = self.docs["agenda.yml"].line(seen[slot.id] + ("id",))
                self.add("agenda.yml", path + ("id",), f"{slot.id!r} is used twice (first on line {line}); each id must be unique")
            else:
                seen[slot.id] = path
        return set(seen)

    def _walk_slots(self):
        for i, slot in enumerate(self.agenda.slots):
            yield ("slots", i), slot
            for j, item in enumerate(slot.items):
                yield ("slots", i, "items", j), item

    def _ref(self, file: str, path: Path, value: str | None, known: set, what: str, where: str) -> None:
        if value is None or value in known:
            return
        close = difflib.get_close_matches(value, sorted(known), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        self.add(file, path, f"{value!r} is not {what} listed in {where}{hint}")

    def _acronyms(self) -> None:
        for lang in m.LANGUAGES:
            seen: dict[str, str] = {}
            for file, key, items in (("organisations.yml", "organisations", self.orgs.organisations),
                                     ("glossary.yml", "terms", self.glossary.terms)):
                for index, item in enumerate(items):
                    if item.acronym is None:
                        continue
                    acronym = item.acronym(lang)
                    if acronym in seen and seen[acronym] != item.id:
                        self.add(file, (key, index, "acronym", lang),
                                 f"{acronym!r} is already the acronym of {seen[acronym]!r}; an acronym must name one thing")
                    seen.setdefault(acronym, item.id)

    # -- meeting.yml --

    def _meeting(self) -> None:
        meeting = self.meeting
        self._ref("meeting.yml", ("organiser",), meeting.organiser, self.org_ids, "an organisation", "organisations.yml")
        self._ref("meeting.yml", ("host",), meeting.host, self.org_ids, "an organisation", "organisations.yml")
        start, end = m.minutes(meeting.start), m.minutes(meeting.end)
        if end <= start:
            self.add("meeting.yml", ("end",), f"{meeting.end} is not after the start {meeting.start}")
        elif abs((end - start) / 60 - meeting.duration_hours) > 1e-9:
            self.add("meeting.yml", ("duration_hours",),
                     f"{meeting.duration_hours:g} hours does not match {meeting.start}–{meeting.end} "
                     f"({(end - start) / 60:g} hours)")
        try:
            zone = zoneinfo.ZoneInfo(meeting.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.add("meeting.yml", ("timezone",),
                     f"{meeting.timezone!r} is not a known time zone; use an IANA name such as America/Mexico_City")
            return
        moment = datetime.combine(meeting.date, datetime.strptime(meeting.start, "%H:%M").time(), zone)
        offset = moment.utcoffset() or timedelta(0)
        sign = "-" if offset < timedelta(0) else "+"
        total = abs(int(offset.total_seconds())) // 60
        actual = f"{sign}{total // 60:02d}:{total % 60:02d}"
        if actual != meeting.utc_offset:
            self.add("meeting.yml", ("utc_offset",),
                     f"{meeting.utc_offset} does not match {meeting.timezone} on {meeting.date.isoformat()}, "
                     f"which is UTC{actual}")

    # -- agenda.yml --

    def _agenda(self) -> None:
        file = "agenda.yml"
        for path, slot in self._walk_slots():
            if m.minutes(slot.end) <= m.minutes(slot.start):
                self.add(file, path + ("end",), f"{slot.end} is {'before' if m.minutes(slot.end) < m.minutes(slot.start) else 'the same as'} the start {slot.start}")
            for k, speaker in enumerate(slot.speakers):
                self._ref(file, path + ("speakers", k, "org"), speaker.org, self.org_ids, "an organisation", "organisations.yml")
                self._ref(file, path + ("speakers", k, "role"), speaker.role, self.role_ids, "a role", "roles.yml")
            if slot.type == "block" and not slot.items:
                self.add(file, path + ("type",), "a block must list its items")
            if slot.type != "block" and slot.items:
                self.add(file, path + ("items",), f"only a slot of type block has items; this one is {slot.type!r}")
            if len(path) == 4 and slot.type == "block":
                self.add(file, path + ("type",), "a block cannot be inside another block")
        self._sequence(self.agenda.slots, ("slots",))
        for i, block in enumerate(self.agenda.slots):
            for j, item in enumerate(block.items):
                where = ("slots", i, "items", j)
                if m.minutes(item.start) < m.minutes(block.start):
                    self.add(file, where + ("start",), f"{item.start} is before the start of its block, {block.start}")
                if m.minutes(item.end) > m.minutes(block.end):
                    self.add(file, where + ("end",), f"{item.end} is after the end of its block, {block.end}")
            self._sequence(block.items, ("slots", i, "items"))
        self._span()

    def _sequence(self, slots: list[m.Slot], path: Path) -> None:
        for index in range(1, len(slots)):
            before, slot = slots[index - 1], slots[index]
            if m.minutes(slot.start) < m.minutes(before.start):
                self.add("agenda.yml", path + (index, "start"),
                         f"{slot.start} is earlier than the slot before it ({before.id!r}, {before.start}); keep slots in order")
            elif m.minutes(slot.start) < m.minutes(before.end):
                self.add("agenda.yml", path + (index, "start"),
                         f"{slot.start} overlaps {before.id!r}, which ends at {before.end}")

    def _span(self) -> None:
        main = [s for s in self.agenda.slots if s.type != "logistics"]
        if not main:
            self.add("agenda.yml", ("slots",), "the agenda has no slot other than logistics")
            return
        first, last = main[0], main[-1]
        index_first, index_last = self.agenda.slots.index(first), self.agenda.slots.index(last)
        if first.start != self.meeting.start:
            self.add("agenda.yml", ("slots", index_first, "start"),
                     f"the meeting starts at {self.meeting.start} (meeting.yml), but its first slot starts at {first.start}")
        if last.end != self.meeting.end:
            self.add("agenda.yml", ("slots", index_last, "end"),
                     f"the meeting ends at {self.meeting.end} (meeting.yml), but its last slot ends at {last.end}")
        for index, slot in enumerate(self.agenda.slots):
            if slot.type == "logistics" and m.minutes(slot.start) >= m.minutes(self.meeting.end):
                self.add("agenda.yml", ("slots", index, "start"), "a logistics slot must come before the meeting ends")

    # -- objectives.yml, participants.yml --

    def _objectives(self) -> None:
        for i, objective in enumerate(self.objectives.objectives):
            for k, slot_id in enumerate(objective.served_by):
                self._ref("objectives.yml", ("objectives", i, "served_by", k), slot_id, self.slot_ids,
                          "a slot", "agenda.yml")

    def _participants(self) -> None:
        for i, profile in enumerate(self.participants.profiles):
            self._ref("participants.yml", ("profiles", i, "organisation"), profile.organisation, self.org_ids,
                      "an organisation", "organisations.yml")
            if profile.attends != "all":
                for k, slot_id in enumerate(profile.attends):
                    self._ref("participants.yml", ("profiles", i, "attends", k), slot_id, self.slot_ids,
                              "a slot", "agenda.yml")

    # -- figures.yml, sources.yml --

    def _figures(self) -> None:
        file = "figures.yml"
        by_id = {f.id: f for f in self.figures.figures}
        for i, figure in enumerate(self.figures.figures):
            path = ("figures", i)
            self._ref(file, path + ("group",), figure.group, self.group_ids, "a group", "the groups of figures.yml")
            self._ref(file, path + ("source",), figure.source, self.source_ids, "a source", "sources.yml")
            if figure.footnote is not None and figure.footnote not in self.footnote_numbers:
                self.add(file, path + ("footnote",), f"{figure.footnote} is not a footnote listed in sources.yml")
            if figure.unit == "percent" and figure.value > 100:
                self.add(file, path + ("value",), f"{figure.value:g} is a percentage over 100")
            if figure.part_of is not None:
                self._ref(file, path + ("part_of",), figure.part_of, self.figure_ids, "a figure", "figures.yml")
                whole = by_id.get(figure.part_of)
                if whole is figure:
                    self.add(file, path + ("part_of",), "a figure cannot be a part of itself")
                elif whole is not None:
                    if whole.unit != figure.unit:
                        self.add(file, path + ("unit",), f"{figure.unit!r} differs from the unit of its whole "
                                                         f"{whole.id!r} ({whole.unit!r})")
                    elif figure.value > whole.value:
                        self.add(file, path + ("value",), f"{figure.value:g} is larger than its whole "
                                                          f"{whole.id!r} ({whole.value:g})")

    def _charts(self) -> None:
        file = "figures.yml"
        by_id = {f.id: f for f in self.figures.figures}
        for i, chart in enumerate(self.figures.charts):
            categories = None
            unit = None
            for s, series in enumerate(chart.series):
                figures = []
                for k, figure_id in enumerate(series.figures):
                    path = ("charts", i, "series", s, "figures", k)
                    figure = by_id.get(figure_id)
                    if figure is None:
                        self._ref(file, path, figure_id, self.figure_ids, "a figure", "figures.yml")
                        continue
                    if figure.category is None:
                        self.add(file, path, f"{figure_id!r} has no category, which names its bar in the chart")
                    if unit is not None and figure.unit != unit:
                        self.add(file, path, f"{figure_id!r} is in {figure.unit!r}, but the chart is in {unit!r}")
                    unit = unit or figure.unit
                    figures.append(figure)
                names = [f.category.en if f.category else f.id for f in figures]
                if categories is None:
                    categories = names
                elif names != categories:
                    self.add(file, ("charts", i, "series", s, "figures"),
                             f"the categories {names} differ from those of the first series {categories}; "
                             "list the same categories in the same order")
                wholes = Counter(f.part_of for f in figures if f.part_of)
                for whole_id in wholes:
                    whole = by_id.get(whole_id)
                    total = sum(f.value for f in figures if f.part_of == whole_id)
                    if whole is not None and total > whole.value:
                        self.add(file, ("charts", i, "series", s, "figures"),
                                 f"these parts add up to {total:g}, more than their whole {whole_id!r} ({whole.value:g})")
                if unit == "percent" and sum(f.value for f in figures) > 100:
                    self.add(file, ("charts", i, "series", s, "figures"),
                             f"these percentages add up to {sum(f.value for f in figures):g}, more than 100")

    def _footnotes(self) -> None:
        for i, footnote in enumerate(self.sources.footnotes):
            self._ref("sources.yml", ("footnotes", i, "source"), footnote.source, self.source_ids, "a source",
                      "the sources of sources.yml")

    def dataset(self) -> Dataset:
        return Dataset(
            meeting=self.meeting,
            organisations={o.id: o for o in self.orgs.organisations},
            terms={t.id: t for t in self.glossary.terms},
            roles={r.id: r for r in self.roles.roles},
            objectives=list(self.objectives.objectives),
            slots=list(self.agenda.slots),
            profiles=list(self.participants.profiles),
            groups=list(self.figures.groups),
            figures={f.id: f for f in self.figures.figures},
            charts={c.id: c for c in self.figures.charts},
            sources={s.id: s for s in self.sources.sources},
            footnotes={f.number: f for f in self.sources.footnotes},
        )
