"""The Dataset: every data file, indexed, with where each object came from.

It is the hub between the files and the pages. It answers the data questions
(which slots a profile may attend, the number of a block or an objective,
which figures a footnote or a source qualifies, the meeting's end and
duration) so that the renderer only presents answers. Rules about the data
(``rules.py``) read it too, and report a problem at the file and line where
an object was written (``Dataset.origin``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from macros.content import models as m
from macros.content.loader import Document
from macros.content.problems import Path, Problem, format_path

MEMBER_COUNTRIES = "member-countries"


@dataclass(frozen=True)
class Origin:
    """Where an object of the data was written."""

    file: str  # as shown in messages: data/agenda.yml
    path: Path  # ("slots", 2, "items", 0)
    line: int | None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class Meeting:
    """meeting.yml, with what follows from the agenda and the time zone.

    The start is the start of the first slot that is not logistics, the end
    the end of the last slot; the duration follows, and the UTC offset is the
    time zone's on that date. None of these is typed in meeting.yml.
    """

    file: m.MeetingFile
    start: str
    end: str

    def __getattr__(self, name: str):
        # id, title, kind, organiser, host, date, timezone, format: as in meeting.yml.
        if name.startswith("__") or name == "file":
            raise AttributeError(name)
        return getattr(self.file, name)

    @property
    def duration_minutes(self) -> int:
        return m.minutes(self.end) - m.minutes(self.start)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.file.timezone)

    def at(self, time: str) -> dt.datetime:
        """The moment a clock time ('09:45') of the agenda is, on the meeting's date in its time zone."""
        return dt.datetime.combine(self.file.date, dt.time.fromisoformat(time), self.zone)

    @property
    def starts_at(self) -> dt.datetime:
        return self.at(self.start)

    @property
    def ends_at(self) -> dt.datetime:
        return self.at(self.end)


@dataclass
class Dataset:
    meeting: Meeting
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
    countries: list[m.Country] = field(default_factory=list)  # the Member Countries (countries.yml)
    # The files as read (lists keep duplicates, which the rules report) and their documents.
    files: dict[str, m.Model] = field(default_factory=dict, repr=False)
    docs: dict[str, Document] = field(default_factory=dict, repr=False)
    origins: dict[int, Origin] = field(default_factory=dict, repr=False)
    # The data/ folder the files were read from (set by validate.load_dataset); the
    # files meeting.yml names are in docs/files/ beside it.
    folder: FsPath | None = field(default=None, repr=False)

    # -- building -------------------------------------------------------------------

    @classmethod
    def build(cls, files: dict[str, m.Model], docs: dict[str, Document] | None = None) -> Dataset:
        """The dataset of parsed files (file name in data/ -> model); `docs` give the lines."""
        docs = docs or {}
        agenda: m.AgendaFile = files["agenda.yml"]
        main = [s for s in agenda.slots if s.type != "logistics"] or agenda.slots
        meeting = Meeting(files["meeting.yml"], start=main[0].start, end=main[-1].end)
        data = cls(
            meeting=meeting,
            organisations={o.id: o for o in files["organisations.yml"].organisations},
            terms={t.id: t for t in files["glossary.yml"].terms},
            roles={r.id: r for r in files["roles.yml"].roles},
            objectives=list(files["objectives.yml"].objectives),
            slots=list(agenda.slots),
            profiles=list(files["participants.yml"].profiles),
            groups=list(files["figures.yml"].groups),
            figures={f.id: f for f in files["figures.yml"].figures},
            charts={c.id: c for c in files["figures.yml"].charts},
            sources={s.id: s for s in files["sources.yml"].sources},
            footnotes={f.number: f for f in files["sources.yml"].footnotes},
            countries=list(files["countries.yml"].countries) if "countries.yml" in files else [],
            files=dict(files),
            docs=dict(docs),
        )
        for name, model in files.items():
            for path, value in walk(model):
                if isinstance(value, m.Model):
                    data.origins[id(value)] = data._origin(name, path)
        return data

    def replace(self, **changes) -> Dataset:
        """A copy with some fields changed (for tests and previews)."""
        return dataclasses.replace(self, **changes)

    # -- where things came from -------------------------------------------------------

    def _origin(self, name: str, path: Path) -> Origin:
        doc = self.docs.get(name)
        return Origin(doc.file if doc else f"data/{name}", tuple(path), doc.line(path) if doc else None)

    def origin(self, obj: object) -> Origin | None:
        """Where an object of the data (a slot, a figure...) was written."""
        return self.origins.get(id(obj))

    def at(self, name: str, path: Path, message: str) -> Problem:
        """A problem at a field of a data file ('agenda.yml', ('slots', 2, 'end'))."""
        origin = self._origin(name, path)
        return Problem(origin.file, origin.line, format_path(path), message)

    def line_of(self, name: str, path: Path) -> int | None:
        return self._origin(name, path).line

    # -- the agenda --------------------------------------------------------------------

    def all_slots(self) -> list[m.Slot]:
        """Top-level slots and the items of blocks, in agenda order."""
        out = []
        for slot in self.slots:
            out.append(slot)
            out.extend(slot.items)
        return out

    def slot(self, slot_id: str) -> m.Slot:
        return next(s for s in self.all_slots() if s.id == slot_id)

    def has_slot(self, slot_id: str) -> bool:
        return any(s.id == slot_id for s in self.all_slots())

    def block_of(self, slot_id: str) -> m.Slot | None:
        return next((s for s in self.slots if any(i.id == slot_id for i in s.items)), None)

    def is_exclusive(self, slot: m.Slot) -> bool:
        """Exclusive to Member Countries: the slot itself, or its block."""
        block = self.block_of(slot.id)
        return slot.exclusive or bool(block and block.exclusive)

    def blocks(self) -> list[m.Slot]:
        return [s for s in self.slots if s.type == "block"]

    def block_number(self, slot: m.Slot) -> int:
        """1 for the agenda's first block, and so on."""
        return [b.id for b in self.blocks()].index(slot.id) + 1

    # -- objectives and participants ------------------------------------------------------

    def objective_number(self, objective: m.Objective) -> int:
        return [o.id for o in self.objectives].index(objective.id) + 1

    def objectives_served(self, slot: m.Slot) -> list[m.Objective]:
        return [o for o in self.objectives if slot.id in o.served_by]

    def may_attend(self, profile: m.Profile, slot: m.Slot) -> bool:
        """A profile may attend a slot it lists (or one of its items, or its block, or all),
        unless the slot is exclusive to Member Countries and the profile is not one."""
        if self.is_exclusive(slot) and profile.group != MEMBER_COUNTRIES:
            return False
        if profile.attends == "all":
            return True
        block = self.block_of(slot.id)
        return (
            slot.id in profile.attends
            or any(i.id in profile.attends for i in slot.items)
            or (block is not None and block.id in profile.attends)
        )

    def audiences(self, slot: m.Slot) -> list[str]:
        """The participant groups that may attend a slot, in the order of participants.yml."""
        groups: list[str] = []
        for profile in self.profiles:
            if self.may_attend(profile, slot) and profile.group not in groups:
                groups.append(profile.group)
        return groups

    # -- figures, footnotes and sources ----------------------------------------------------

    def figures_with_footnote(self, number: int) -> list[m.Figure]:
        return [f for f in self.figures.values() if f.footnote == number]

    def figures_from(self, source_id: str) -> list[m.Figure]:
        return [f for f in self.figures.values() if f.source == source_id]

    def footnotes_in_order(self) -> list[m.Footnote]:
        return sorted(self.footnotes.values(), key=lambda f: f.number)


def walk(value: object, path: Path = ()) -> Iterator[tuple[Path, object]]:
    """Every model, list item and field value under `value`, with its path."""
    yield path, value
    if isinstance(value, m.Model):
        for name in type(value).model_fields:
            yield from walk(getattr(value, name), path + (name,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, path + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, path + (key,))


def shared_files(data_folder: FsPath) -> FsPath:
    """docs/files/: images and downloads shared by both languages, beside data/."""
    return data_folder.parent / "docs" / m.FILES_FOLDER
