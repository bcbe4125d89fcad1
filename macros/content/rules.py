"""The rules across fields and files, one small function each, all in RULES.

A rule reads the Dataset (every file has its own shape by then: models.py)
and returns the problems it finds, each at the file, line and field where the
editor must act. ``run`` applies every rule; a rule that fails with an
exception is a bug in this code, reported as an InternalError, never as a
mistake in the data.
"""

from __future__ import annotations

import difflib
import re
import string
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterable

from macros.content import models as m
from macros.content.dataset import MEMBER_COUNTRIES, Dataset, walk
from macros.content.loader import Document
from macros.content.problems import InternalError, Path, Problem

Rule = Callable[[Dataset], Iterable[Problem]]


# --- helpers ----------------------------------------------------------------------


def _ref(d: Dataset, file: str, path: Path, value: str | None, known: Iterable, what: str, where: str) -> list[Problem]:
    """A reference to an id that must exist, with a 'did you mean' hint."""
    known = set(known)
    if value is None or value in known:
        return []
    close = difflib.get_close_matches(value, sorted(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return [d.at(file, path, f"{value!r} is not {what} listed in {where}{hint}")]


def _walk_slots(d: Dataset):
    """(path, slot) for every slot of agenda.yml as written, items included."""
    for i, slot in enumerate(d.files["agenda.yml"].slots):
        yield ("slots", i), slot
        for j, item in enumerate(slot.items):
            yield ("slots", i, "items", j), item


def _unique(d: Dataset, file: str, key: str, items: list, attr: str = "id") -> list[Problem]:
    problems, seen = [], {}
    for index, item in enumerate(items):
        value = getattr(item, attr)
        if value in seen:
            line = d.line_of(file, (key, seen[value], attr))
            problems.append(
                d.at(
                    file,
                    (key, index, attr),
                    f"{value!r} is used twice (first on line {line}); each {attr} must be unique",
                )
            )
        else:
            seen[value] = index
    return problems


# --- ids and references ---------------------------------------------------------------


def document_files(d: Dataset) -> list[Problem]:
    """Every document of meeting.yml is a file in docs/files/ (shared by both languages)."""
    if d.folder is None:
        return []  # a Dataset built in memory, not from a project's folders
    from macros.content.dataset import shared_files

    folder = shared_files(d.folder)
    # Hidden files (.gitkeep) are not published.
    files = [p.relative_to(folder) for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    present = sorted(p.as_posix() for p in files if not any(part.startswith(".") for part in p.parts))
    problems = []
    for i, document in enumerate(d.files["meeting.yml"].documents):
        if document.file in present:
            continue
        close = difflib.get_close_matches(document.file, present, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        problems.append(
            d.at(
                "meeting.yml",
                ("documents", i, "file"),
                f"there is no file docs/{m.FILES_FOLDER}/{document.file}: put the file in docs/{m.FILES_FOLDER}/ "
                f"(shared by both languages) or correct its name{hint}",
            )
        )
    return problems


def unique_ids(d: Dataset) -> list[Problem]:
    """Every id (and footnote number) appears once in its list."""
    f = d.files
    lists = [
        ("organisations.yml", "organisations", f["organisations.yml"].organisations, "id"),
        ("glossary.yml", "terms", f["glossary.yml"].terms, "id"),
        ("roles.yml", "roles", f["roles.yml"].roles, "id"),
        ("objectives.yml", "objectives", f["objectives.yml"].objectives, "id"),
        ("participants.yml", "profiles", f["participants.yml"].profiles, "id"),
        ("figures.yml", "groups", f["figures.yml"].groups, "id"),
        ("figures.yml", "figures", f["figures.yml"].figures, "id"),
        ("figures.yml", "charts", f["figures.yml"].charts, "id"),
        ("sources.yml", "sources", f["sources.yml"].sources, "id"),
        ("sources.yml", "footnotes", f["sources.yml"].footnotes, "number"),
    ]
    return [p for file, key, items, attr in lists for p in _unique(d, file, key, items, attr)]


def unique_countries(d: Dataset) -> list[Problem]:
    """A Member Country is listed once, under one id and one code."""
    if "countries.yml" not in d.files:
        return []
    countries = d.files["countries.yml"].countries
    return _unique(d, "countries.yml", "countries", countries) + _unique(
        d, "countries.yml", "countries", countries, "code"
    )


def unique_slot_ids(d: Dataset) -> list[Problem]:
    """A slot id names one slot of the whole agenda, items included (links use it)."""
    problems, seen = [], {}
    for path, slot in _walk_slots(d):
        if slot.id in seen:
            line = d.line_of("agenda.yml", seen[slot.id] + ("id",))
            problems.append(
                d.at(
                    "agenda.yml",
                    path + ("id",),
                    f"{slot.id!r} is used twice (first on line {line}); each id must be unique",
                )
            )
        else:
            seen[slot.id] = path
    return problems


def unique_acronyms(d: Dataset) -> list[Problem]:
    """An acronym names one organisation or term, in each language (it becomes a tooltip)."""
    problems = []
    for lang in m.LANGUAGES:
        seen: dict[str, str] = {}
        for file, key, items in (
            ("organisations.yml", "organisations", d.files["organisations.yml"].organisations),
            ("glossary.yml", "terms", d.files["glossary.yml"].terms),
        ):
            for index, item in enumerate(items):
                if item.acronym is None:
                    continue
                acronym = item.acronym(lang)
                if acronym in seen and seen[acronym] != item.id:
                    problems.append(
                        d.at(
                            file,
                            (key, index, "acronym", lang),
                            f"{acronym!r} is already the acronym of {seen[acronym]!r}; an acronym must name one thing",
                        )
                    )
                seen.setdefault(acronym, item.id)
    return problems


def meeting_organisations(d: Dataset) -> list[Problem]:
    """The organiser and the host are organisations of organisations.yml."""
    meeting = d.files["meeting.yml"]
    return [
        *_ref(
            d, "meeting.yml", ("organiser",), meeting.organiser, d.organisations, "an organisation", "organisations.yml"
        ),
        *_ref(d, "meeting.yml", ("host",), meeting.host, d.organisations, "an organisation", "organisations.yml"),
    ]


def meeting_time_zone(d: Dataset) -> list[Problem]:
    """The time zone is an IANA name (the UTC offset follows from it)."""
    zone = d.files["meeting.yml"].timezone
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return [
            d.at(
                "meeting.yml",
                ("timezone",),
                f"{zone!r} is not a known time zone; use an IANA name such as America/Mexico_City",
            )
        ]
    return []


def speaker_references(d: Dataset) -> list[Problem]:
    """Speakers name organisations and roles that exist."""
    problems = []
    for path, slot in _walk_slots(d):
        for k, speaker in enumerate(slot.speakers):
            where = path + ("speakers", k)
            problems += _ref(
                d, "agenda.yml", where + ("org",), speaker.org, d.organisations, "an organisation", "organisations.yml"
            )
            problems += _ref(d, "agenda.yml", where + ("role",), speaker.role, d.roles, "a role", "roles.yml")
    return problems


def objective_references(d: Dataset) -> list[Problem]:
    """Objectives are served by slots that exist."""
    ids = [s.id for _, s in _walk_slots(d)]
    return [
        p
        for i, objective in enumerate(d.files["objectives.yml"].objectives)
        for k, slot_id in enumerate(objective.served_by)
        for p in _ref(d, "objectives.yml", ("objectives", i, "served_by", k), slot_id, ids, "a slot", "agenda.yml")
    ]


def profile_references(d: Dataset) -> list[Problem]:
    """Profiles name organisations and slots that exist."""
    ids = [s.id for _, s in _walk_slots(d)]
    problems = []
    for i, profile in enumerate(d.files["participants.yml"].profiles):
        problems += _ref(
            d,
            "participants.yml",
            ("profiles", i, "organisation"),
            profile.organisation,
            d.organisations,
            "an organisation",
            "organisations.yml",
        )
        if profile.attends != "all":
            for k, slot_id in enumerate(profile.attends):
                problems += _ref(
                    d, "participants.yml", ("profiles", i, "attends", k), slot_id, ids, "a slot", "agenda.yml"
                )
    return problems


# --- the agenda ---------------------------------------------------------------------------


def slot_times(d: Dataset) -> list[Problem]:
    """Every slot ends after it starts."""
    problems = []
    for path, slot in _walk_slots(d):
        start, end = m.minutes(slot.start), m.minutes(slot.end)
        if end <= start:
            problems.append(
                d.at(
                    "agenda.yml",
                    path + ("end",),
                    f"{slot.end} is {'before' if end < start else 'the same as'} the start {slot.start}",
                )
            )
    return problems


def block_items(d: Dataset) -> list[Problem]:
    """Only blocks have items, every block has some, and blocks do not nest."""
    problems = []
    for path, slot in _walk_slots(d):
        if slot.type == "block" and not slot.items and len(path) == 2:
            problems.append(d.at("agenda.yml", path + ("type",), "a block must list its items"))
        if slot.type != "block" and slot.items:
            problems.append(
                d.at("agenda.yml", path + ("items",), f"only a slot of type block has items; this one is {slot.type!r}")
            )
        if len(path) == 4 and slot.type == "block":
            problems.append(d.at("agenda.yml", path + ("type",), "a block cannot be inside another block"))
    return problems


def _sequence(d: Dataset, slots: list[m.Slot], path: Path) -> list[Problem]:
    problems = []
    for index in range(1, len(slots)):
        before, slot = slots[index - 1], slots[index]
        if m.minutes(slot.start) < m.minutes(before.start):
            problems.append(
                d.at(
                    "agenda.yml",
                    path + (index, "start"),
                    f"{slot.start} is earlier than the slot before it ({before.id!r}, {before.start}); "
                    "keep slots in order",
                )
            )
        elif m.minutes(slot.start) < m.minutes(before.end):
            problems.append(
                d.at(
                    "agenda.yml",
                    path + (index, "start"),
                    f"{slot.start} overlaps {before.id!r}, which ends at {before.end}",
                )
            )
    return problems


def slot_order(d: Dataset) -> list[Problem]:
    """Slots, and the items of each block, are in order and do not overlap."""
    slots = d.files["agenda.yml"].slots
    problems = _sequence(d, slots, ("slots",))
    for i, block in enumerate(slots):
        problems += _sequence(d, block.items, ("slots", i, "items"))
    return problems


def items_within_blocks(d: Dataset) -> list[Problem]:
    """A block's items lie inside the block's times."""
    problems = []
    for i, block in enumerate(d.files["agenda.yml"].slots):
        for j, item in enumerate(block.items):
            where = ("slots", i, "items", j)
            if m.minutes(item.start) < m.minutes(block.start):
                problems.append(
                    d.at(
                        "agenda.yml",
                        where + ("start",),
                        f"{item.start} is before the start of its block, {block.start}",
                    )
                )
            if m.minutes(item.end) > m.minutes(block.end):
                problems.append(
                    d.at("agenda.yml", where + ("end",), f"{item.end} is after the end of its block, {block.end}")
                )
    return problems


def meeting_span(d: Dataset) -> list[Problem]:
    """The meeting has a slot besides logistics, and logistics come before it ends."""
    slots = d.files["agenda.yml"].slots
    if all(s.type == "logistics" for s in slots):
        return [d.at("agenda.yml", ("slots",), "the agenda has no slot other than logistics")]
    if any(m.minutes(s.end) < m.minutes(s.start) for s in d.all_slots()):
        return []  # a slot that ends before it starts is the one problem to report (slot_times)
    end = m.minutes(d.meeting.end)
    return [
        d.at("agenda.yml", ("slots", i, "start"), "a logistics slot must come before the meeting ends")
        for i, slot in enumerate(slots)
        if slot.type == "logistics" and m.minutes(slot.start) >= end
    ]


# --- participants -------------------------------------------------------------------------


def exclusive_attendance(d: Dataset) -> list[Problem]:
    """Only Member Countries attend a slot exclusive to them, so the Participants page and
    the access table agree."""
    problems = []
    for i, profile in enumerate(d.files["participants.yml"].profiles):
        if profile.group == MEMBER_COUNTRIES:
            continue
        if profile.attends == "all":
            exclusive = [s.id for s in d.slots if s.exclusive]
            if exclusive:
                problems.append(
                    d.at(
                        "participants.yml",
                        ("profiles", i, "attends"),
                        (
                            f"'all' includes slots exclusive to Member Countries ({', '.join(exclusive)}), and this profile's "
                            f"group is {profile.group!r}; list the slots it may attend instead, such as [{_open_example(d)}]"
                        ),
                    )
                )
            continue
        for k, slot_id in enumerate(profile.attends):
            if not d.has_slot(slot_id):
                continue  # reported by profile_references
            slot = d.slot(slot_id)
            if d.is_exclusive(slot):
                origin = d.origin(slot if slot.exclusive else d.block_of(slot.id))
                line = d.line_of("agenda.yml", origin.path + ("exclusive",)) if origin else None
                problems.append(
                    d.at(
                        "participants.yml",
                        ("profiles", i, "attends", k),
                        (
                            f"{slot_id!r} is exclusive to Member Countries (exclusive: true on line "
                            f"{line} of agenda.yml), and this profile's group is {profile.group!r}; "
                            f"remove {slot_id!r} from this list, or make the slot open to all in agenda.yml"
                        ),
                    )
                )
    return problems


def _open_example(d: Dataset) -> str:
    return ", ".join(s.id for s in d.slots if not d.is_exclusive(s) and s.type != "logistics")


# --- figures and sources ------------------------------------------------------------------


def figure_references(d: Dataset) -> list[Problem]:
    """Figures name a group, a source, a footnote and a whole that exist."""
    file, problems = "figures.yml", []
    groups = [g.id for g in d.files[file].groups]
    for i, figure in enumerate(d.files[file].figures):
        path = ("figures", i)
        problems += _ref(d, file, path + ("group",), figure.group, groups, "a group", "the groups of figures.yml")
        problems += _ref(d, file, path + ("source",), figure.source, d.sources, "a source", "sources.yml")
        if figure.footnote is not None and figure.footnote not in d.footnotes:
            problems.append(
                d.at(file, path + ("footnote",), f"{figure.footnote} is not a footnote listed in sources.yml")
            )
        problems += _ref(d, file, path + ("part_of",), figure.part_of, d.figures, "a figure", "figures.yml")
    return problems


def percentages(d: Dataset) -> list[Problem]:
    """A percentage is at most 100."""
    return [
        d.at("figures.yml", ("figures", i, "value"), f"{figure.value:g} is a percentage over 100")
        for i, figure in enumerate(d.files["figures.yml"].figures)
        if figure.unit == "percent" and figure.value > 100
    ]


def parts_and_wholes(d: Dataset) -> list[Problem]:
    """A part is in the unit of its whole and not larger than it; nothing is a part of itself."""
    problems = []
    for i, figure in enumerate(d.files["figures.yml"].figures):
        path = ("figures", i)
        whole = d.figures.get(figure.part_of) if figure.part_of else None
        if whole is None:
            continue
        if whole.id == figure.id:
            problems.append(d.at("figures.yml", path + ("part_of",), "a figure cannot be a part of itself"))
        elif whole.unit != figure.unit:
            problems.append(
                d.at(
                    "figures.yml",
                    path + ("unit",),
                    f"{figure.unit!r} differs from the unit of its whole {whole.id!r} ({whole.unit!r})",
                )
            )
        elif figure.value > whole.value:
            problems.append(
                d.at(
                    "figures.yml",
                    path + ("value",),
                    f"{figure.value:g} is larger than its whole {whole.id!r} ({whole.value:g})",
                )
            )
    return problems


def chart_series(d: Dataset) -> list[Problem]:
    """A chart's series list the same categories, in one unit, adding up to no more than their whole."""
    file, problems = "figures.yml", []
    for i, chart in enumerate(d.files[file].charts):
        categories = unit = None
        for s, series in enumerate(chart.series):
            figures = []
            for k, figure_id in enumerate(series.figures):
                path = ("charts", i, "series", s, "figures", k)
                figure = d.figures.get(figure_id)
                if figure is None:
                    problems += _ref(d, file, path, figure_id, d.figures, "a figure", "figures.yml")
                    continue
                if figure.category is None:
                    problems.append(
                        d.at(file, path, f"{figure_id!r} has no category, which names its bar in the chart")
                    )
                if unit is not None and figure.unit != unit:
                    problems.append(
                        d.at(file, path, f"{figure_id!r} is in {figure.unit!r}, but the chart is in {unit!r}")
                    )
                unit = unit or figure.unit
                figures.append(figure)
            where = ("charts", i, "series", s, "figures")
            names = [f.category.en if f.category else f.id for f in figures]
            if categories is None:
                categories = names
            elif names != categories:
                problems.append(
                    d.at(
                        file,
                        where,
                        f"the categories {names} differ from those of the first series "
                        f"{categories}; list the same categories in the same order",
                    )
                )
            for whole_id in Counter(f.part_of for f in figures if f.part_of):
                whole = d.figures.get(whole_id)
                total = sum(f.value for f in figures if f.part_of == whole_id)
                if whole is not None and total > whole.value:
                    problems.append(
                        d.at(
                            file,
                            where,
                            f"these parts add up to {total:g}, more than their whole {whole_id!r} ({whole.value:g})",
                        )
                    )
            if unit == "percent" and sum(f.value for f in figures) > 100:
                problems.append(
                    d.at(file, where, f"these percentages add up to {sum(f.value for f in figures):g}, more than 100")
                )
    return problems


def footnote_sources(d: Dataset) -> list[Problem]:
    """A footnote's source exists."""
    return [
        p
        for i, footnote in enumerate(d.files["sources.yml"].footnotes)
        for p in _ref(
            d,
            "sources.yml",
            ("footnotes", i, "source"),
            footnote.source,
            d.sources,
            "a source",
            "the sources of sources.yml",
        )
    ]


# --- languages ---------------------------------------------------------------------------------


def untranslated(text: m.Text, field: str | int) -> bool:
    """A Spanish text identical to its English one, where that is not expected: not an acronym, not
    a role pattern, not only names, acronyms and numbers (Honduras; Necoclí, Colombia; ZIP, {size} MB),
    and not marked `identical: true`."""
    if text.identical or text.en.strip() != text.es.strip() or field in ("acronym", "pattern"):
        return False
    # Ordinary words start with a lowercase letter; names (Necoclí, Colombia), acronyms (ZIP, MB),
    # numbers and {placeholders} do not, so a text made only of them may be the same in both languages.
    words = re.sub(r"\{[^}]*\}", " ", text.en).split()
    return any(w[0].islower() for w in words)


def _untranslated_message() -> str:
    return (
        "is the same as the English text; translate it, or, if it is the same in both languages on purpose "
        "(a name, say), add `identical: true` to this text"
    )


def untranslated_spanish(d: Dataset) -> list[Problem]:
    """A Spanish text is not a copy of the English (names, acronyms and numbers aside)."""
    problems = []
    for name, model in d.files.items():
        for path, value in walk(model):
            if isinstance(value, m.Text) and path and untranslated(value, path[-1]):
                problems.append(d.at(name, path + ("es",), _untranslated_message()))
    return problems


RULES: list[Rule] = [
    unique_ids,
    unique_slot_ids,
    unique_countries,
    unique_acronyms,
    meeting_organisations,
    meeting_time_zone,
    document_files,
    speaker_references,
    objective_references,
    profile_references,
    slot_times,
    block_items,
    slot_order,
    items_within_blocks,
    meeting_span,
    exclusive_attendance,
    figure_references,
    percentages,
    parts_and_wholes,
    chart_series,
    footnote_sources,
    untranslated_spanish,
]


def run(d: Dataset, rules: Iterable[Rule] = RULES) -> list[Problem]:
    """Every problem every rule finds; a rule that crashes is an InternalError."""
    problems: list[Problem] = []
    for rule in rules:
        try:
            problems += list(rule(d))
        except Exception as error:  # a bug in a rule, not a mistake in the data
            raise InternalError(
                f"the rule {rule.__name__} (macros/content/rules.py) failed: {type(error).__name__}: {error}"
            ) from error
    return problems


# --- macros/render/strings.yml -----------------------------------------------------------------------


def placeholders(text: str) -> set[str] | None:
    """The {names} of a UI string; None when a brace is not a placeholder."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def string_problems(doc: Document, strings: dict) -> list[Problem]:
    """macros/render/strings.yml: placeholders match across languages (and plural forms); Spanish is translated."""
    problems = []
    for key, text in strings.items():
        if not isinstance(text, m.Text):  # plural forms (wording.PluralText): every form, the same {names}
            forms = {(lang, form): getattr(text(lang), form) for lang in m.LANGUAGES for form in ("one", "other")}
            found = {where: placeholders(value) for where, value in forms.items()}
            for where, names in found.items():
                if names is None:
                    problems.append(
                        doc.problem(
                            (key, *where),
                            "has a { or } that is not a {placeholder}; write {{ or }} for a brace shown as typed",
                        )
                    )
            if None not in found.values() and len({frozenset(n) for n in found.values()}) > 1:
                problems.append(
                    doc.problem(
                        (key,),
                        "the placeholders differ between the forms or languages; use the same {names} in every form",
                    )
                )
            continue
        names = {lang: placeholders(text(lang)) for lang in m.LANGUAGES}
        for lang in m.LANGUAGES:
            if names[lang] is None:
                problems.append(
                    doc.problem(
                        (key, lang),
                        "has a { or } that is not a {placeholder}; write {{ or }} for a brace shown as typed",
                    )
                )
        if None not in names.values() and names["en"] != names["es"]:
            only_en, only_es = names["en"] - names["es"], names["es"] - names["en"]
            detail = "; ".join(
                part
                for part in (
                    f"{', '.join('{' + n + '}' for n in sorted(only_en))} only in English" if only_en else "",
                    f"{', '.join('{' + n + '}' for n in sorted(only_es))} only in Spanish" if only_es else "",
                )
                if part
            )
            problems.append(
                doc.problem(
                    (key, "es"),
                    f"the placeholders differ between the languages ({detail}); use the same {{names}} in both",
                )
            )
        if untranslated(text, key):
            problems.append(doc.problem((key, "es"), _untranslated_message()))
    return problems
