"""Load every file in data/, check it, and return one consistent Dataset.

The Dataset itself is in dataset.py, the rules across files in rules.py;
here each file's problems of shape become sentences.

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
from pathlib import Path as FsPath

import pydantic

from macros.content import models as m
from macros.content import rules
from macros.content.dataset import Dataset
from macros.content.loader import Document, Scalar, load
from macros.content.problems import Problem, raise_if_any

# --- Turning pydantic's errors into sentences ------------------------------------

_PATTERNS = {
    m.ID_PATTERN: "must be an id of lowercase letters, digits and hyphens, such as block-flows",
    m.TIME_PATTERN: "must be a 24-hour time written HH:MM, such as 09:45",
    m.MONTH_PATTERN: 'must be a month written "YYYY-MM", such as "2021-07"',
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
    current = _unwrap(_field_type(model, loc), item=False)
    if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
        return list(current.model_fields)
    return []


def _field_type(model: type, loc: tuple) -> object:
    """The declared type at a location, such as Speaker for ('slots', 6, 'speakers', 0)."""
    current: object = model
    for part in loc:
        current = _unwrap(current, item=isinstance(part, int))
        if isinstance(part, str):
            if not (isinstance(current, type) and issubclass(current, pydantic.BaseModel)):
                return None
            field = current.model_fields.get(part)
            if field is None:
                return None
            current = field.annotation
    return current


def _unwrap(tp: object, item: bool) -> object:
    """Strip Optional, Annotated and (for a list index) list[...]."""
    while True:
        origin = typing.get_origin(tp)
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if origin is typing.Annotated:
            tp = args[0]
        elif origin in (typing.Union, types.UnionType):
            # The member that can hold what comes next: a list for an index, a model for a field.
            def fits(a: object, item: bool = item) -> bool:
                if item:
                    return typing.get_origin(a) is list
                return isinstance(a, type) and issubclass(a, pydantic.BaseModel)

            tp = next((a for a in args if fits(a)), args[0])
        elif origin is list and item:
            tp, item = args[0], False
        else:
            return tp


def _is_time(model: type, loc: tuple) -> bool:
    """Whether the field at `loc` is a time (HH:MM), such as a slot's start."""
    if not loc or not isinstance(loc[-1], str):
        return False
    parent = _unwrap(_field_type(model, loc[:-1]), item=False) if loc[:-1] else model
    if not (isinstance(parent, type) and issubclass(parent, pydantic.BaseModel)):
        return False
    field = parent.model_fields.get(loc[-1])
    return field is not None and any(getattr(c, "pattern", None) == m.TIME_PATTERN for c in field.metadata)


def _time_fix(raw: str) -> str:
    """'; write 10:15' for a time typed 10.15, 10,15, 10h15 or 9:45; else nothing."""
    match = re.fullmatch(r"\s*[\"']?(\d{1,2})\s*[.:,hH]\s*(\d{2})[\"']?\s*", raw)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return ""
    return f"; write {int(match.group(1)):02d}:{match.group(2)}"


def _unquote(value: object, form: str) -> str:
    """A hint for a value typed in quotes that would be right without them."""
    return " (write it without quotes)" if isinstance(value, str) and re.fullmatch(form, value.strip()) else ""


def _sentence(error: dict, model: type, loc: tuple, scalar: Scalar | None = None) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        if model is m.MeetingFile and len(loc) == 1 and loc[0] in m.DERIVED:
            return f"'{loc[0]}' is no longer typed here: {m.DERIVED[loc[0]]}; remove this line"
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = (
            f"; did you mean '{close[0]}'?"
            if close
            else (f"; the fields here are: {', '.join(allowed)}" if allowed else "")
        )
        return f"'{loc[-1]}' is not a known field{hint}"
    if kind == "string_pattern_mismatch":
        fix = _time_fix(str(value)) if ctx.get("pattern") == m.TIME_PATTERN else ""
        return f"{_PATTERNS.get(ctx.get('pattern'), 'is not in the expected form')}, not {_describe(value)}{fix}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_type":
        read_as = scalar.read_as() if scalar is not None else None
        if read_as and scalar.raw.strip() == "":
            return "has no value; write the text after the colon"
        if read_as and _is_time(model, loc):  # `start: 10.15`, a number for YAML: one sentence, the fix
            return f"{_PATTERNS[m.TIME_PATTERN]}, not {scalar.raw}{_time_fix(scalar.raw)}"
        if read_as:
            return (
                f"must be text, but YAML reads {scalar.raw} without quotes as {read_as}; "
                f'write it in quotes: "{scalar.raw}"'
            )
        return f"must be text, not {_describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number (digits only, no thousands separators), not {_describe(value)}{_unquote(value, r'[0-9]+')}"
    if kind in ("float_type", "float_parsing"):
        return (
            f"must be a number (digits only, no thousands separators or units), not {_describe(value)}"
            f"{_unquote(value, r'[0-9]+(?:[.][0-9]+)?')}"
        )
    if kind == "finite_number":
        return f"must be a finite number, not {value}"
    if kind == "bool_type":
        return f"must be true or false, not {_describe(value)}{_unquote(value, r'true|false')}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return (
            f"must be a date written YYYY-MM-DD, not {_describe(value)}{_unquote(value, r'[0-9]{4}-[0-9]{2}-[0-9]{2}')}"
        )
    if kind == "list_type":
        return f"must be a list (one line per entry, each starting with '- '), not {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        hint = ""
        target = _unwrap(_field_type(model, loc), item=False)
        if isinstance(value, str) and isinstance(target, type) and issubclass(target, pydantic.BaseModel):
            required = [name for name, f in target.model_fields.items() if f.is_required()]
            if len(required) == 1:  # a speaker written as `- inm` instead of `- org: inm`
                hint = f"; write {required[0]}: {value}"
        return f"must be a group of fields (one 'name: value' per line), not {_describe(value)}{hint}"
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
        # A misspelt field ('tittle') is reported once, as unknown with its 'did you mean',
        # not also as the missing field it was meant to be.
        misspelt = set()
        for error in errors:
            if error["type"] == "extra_forbidden":
                parent = _clean_loc(error["loc"][:-1])
                for name in difflib.get_close_matches(str(error["loc"][-1]), _fields_at(model, parent), n=1):
                    misspelt.add(parent + (name,))
        problems = []
        for error in errors:
            if (
                error["type"] != "extra_forbidden"
                and error["loc"]
                and _is_member(error["loc"][-1])
                and _clean_loc(error["loc"]) in inside
            ):
                continue
            if error["type"] == "missing" and _clean_loc(error["loc"]) in misspelt:
                continue
            loc = _clean_loc(error["loc"])
            if error["type"] == "extra_forbidden":
                # The unknown name itself is kept, even if it looks like a union member's ("a[b]", "str").
                loc = _clean_loc(error["loc"][:-1]) + error["loc"][-1:]
            problems.append(doc.problem(loc, _sentence(error, model, loc, doc.scalars.get(tuple(loc)))))
        return None, _dedupe_unions(problems)


def yaml_traps(doc: Document) -> list[Problem]:
    """Texts that YAML silently cut short: an unquoted text followed by ' #...' (read as a comment)."""
    problems = []
    for path, scalar in doc.scalars.items():
        if scalar.comment and path and path[-1] in m.LANGUAGES and not scalar.read_as():
            cut = scalar.comment.strip()
            problems.append(
                doc.problem(
                    path,
                    (
                        f"YAML reads the '{cut}' after this text as a comment, so the text ends at {scalar.raw!r}; "
                        f"if '{cut}' is part of the text, put the whole text in double quotes: \"{scalar.raw} {cut}\"; "
                        "if it is a comment, move it to a line of its own"
                    ),
                )
            )
    return problems


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
            message = f"{head}, or {other.removeprefix('must be ')}, not {tail}"
            single = re.fullmatch(r"the text '([a-z0-9-]+)'", tail)
            if single and "a list" in message:  # `attends: block-flows` for `attends: [block-flows]`
                message += f"; for a single entry write [{single.group(1)}]"
            seen[key] = dataclasses.replace(first, message=message)
    return list(seen.values())


# --- The dataset -----------------------------------------------------------------


def load_dataset(data_dir: FsPath, display_dir: str = "data", reuse: dict | None = None) -> Dataset:
    """Load and check every data file; raise DataError listing all problems.

    Three stages: each file is read (loader.py), given its shape (models.py),
    then the rules across fields and files run over the Dataset (rules.py).

    `reuse`, a dict the caller keeps between loads (build/session.py, for
    `make serve`): a file whose bytes are those of the last load is not read
    and given its shape again (its models are frozen); the rules always run.
    """
    docs: dict[str, Document] = {}
    parsed: dict[str, m.Model] = {}
    problems: list[Problem] = []
    for name, model in m.FILES.items():
        path = data_dir / name
        try:
            key = (str(path), display_dir, path.read_bytes())
        except OSError:
            key = None  # load() says what is wrong with it
        if reuse is not None and key is not None and name in reuse and reuse[name][0] == key:
            _, doc, found, value = reuse[name]
        else:
            doc, found = load(path, f"{display_dir}/{name}")
            value = None
            if not found:
                value, shape = validate_document(doc, model)
                found = shape + yaml_traps(doc)
            if reuse is not None:
                reuse[name] = (key, doc, found, value)
        docs[name] = doc
        problems += found
        if value is not None:
            parsed[name] = value
    raise_if_any(problems)
    data = Dataset.build(parsed, docs)
    data.folder = data_dir  # the rules find the shared files (docs/files/) beside it
    raise_if_any(rules.run(data))
    return data
