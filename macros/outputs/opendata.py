"""The meeting's data as open data files: JSON and CSV, UTF-8, both languages.

- JSON: each data file as the site reads it (every field, defaults included;
  the agenda's slots also with their start and end as date, time and UTC
  offset), naming in "$schema" the JSON Schema published beside it, whose
  "$id" is its file name (relative, so the files are the same online, offline
  and wherever they are copied).
- CSV: one row per record (a slot, a speaker of a slot, a figure, an
  organisation, a source, a footnote), a column per language for every text;
  texts keep their inline Markdown as written in data/. Times are ISO 8601
  with date and offset (and in UTC) next to the local clock time.
- datapackage.json: a Frictionless (Tabular) Data Package describing every
  CSV table: its columns with types, formats and constraints, its primary key
  and its foreign keys; the licence when meeting.yml states one.

``files(data)`` gives every file's bytes, so that the Data page can show
their sizes and a build hook can write them; nothing here depends on MkDocs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import typing
import weakref
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pydantic import Field

from macros.content import models as m
from macros.content.dataset import Dataset
from macros.render import formatting as fmt

FOLDER = "open-data"  # at the site's root, shared by both languages
UTC = "UTC"


@dataclass(frozen=True)
class DataFile:
    name: str  # agenda.csv
    dataset: str  # agenda, figures, organisations, sources, footnotes
    kind: str  # json, csv, schema


def _json(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# A text cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell of a CSV file: a text that a spreadsheet would read as a formula is neutralised with
    a leading apostrophe, as OWASP recommends against CSV injection (numbers are left as they are)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO(newline="")
    # Every cell quoted, so that a neutralised cell stays one text cell.
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def _both(text: m.Text | None) -> list[str | None]:
    return [text.en, text.es] if text is not None else [None, None]


def _utc(data: Dataset, time: str) -> str:
    meeting = data.meeting
    moment = meeting.at(time).astimezone(ZoneInfo(UTC))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _local(data: Dataset, time: str) -> str:
    """ISO 8601 with date and UTC offset: 2021-09-20T10:00:00-05:00."""
    meeting = data.meeting
    return meeting.at(time).isoformat(timespec="seconds")


def agenda_csv(data: Dataset) -> bytes:
    header = [field["name"] for field in TABLES["agenda"]["fields"]]
    rows = []
    for slot in data.all_slots():
        block = data.block_of(slot.id)
        rows.append(
            [
                slot.id,
                block.id if block else None,
                slot.type,
                slot.start,
                slot.end,
                _local(data, slot.start),
                _local(data, slot.end),
                _utc(data, slot.start),
                _utc(data, slot.end),
                *_both(slot.title),
                data.is_exclusive(slot),
            ]
        )
    return _csv(header, rows)


def speakers_csv(data: Dataset) -> bytes:
    """One row per speaker of a slot, in the agenda's order (the slot's id and the speaker's place in it)."""
    header = [field["name"] for field in TABLES["speakers"]["fields"]]
    rows = []
    for slot in data.all_slots():
        for position, speaker in enumerate(slot.speakers, start=1):
            rows.append([slot.id, position, speaker.org, speaker.role])
    return _csv(header, rows)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def figures_csv(data: Dataset) -> bytes:
    header = [
        "id",
        "group",
        "label_en",
        "label_es",
        "qualifier",
        "value",
        "unit",
        "category_en",
        "category_es",
        "period_start",
        "period_end",
        "period_en",
        "period_es",
        "place_en",
        "place_es",
        "source",
        "source_en",
        "source_es",
        "footnote",
        "part_of",
        "definition_en",
        "definition_es",
    ]
    rows = []
    for f in data.figures.values():
        source = data.sources[f.source]
        rows.append(
            [
                f.id,
                f.group,
                *_both(f.label),
                f.qualifier,
                _number(f.value),
                f.unit,
                *_both(f.category),
                f.period.start,
                f.period.end,
                fmt.period(f.period, "en"),
                fmt.period(f.period, "es"),
                *_both(f.geography),
                f.source,
                *_both(source.short),
                f.footnote,
                f.part_of,
                *_both(f.definition),
            ]
        )
    return _csv(header, rows)


def organisations_csv(data: Dataset) -> bytes:
    header = ["id", "kind", "acronym_en", "acronym_es", "name_en", "name_es", "url"]
    return _csv(header, [[o.id, o.kind, *_both(o.acronym), *_both(o.name), o.url] for o in data.organisations.values()])


def sources_csv(data: Dataset) -> bytes:
    header = ["id", "publisher_en", "publisher_es", "title_en", "title_es", "short_en", "short_es"]
    return _csv(header, [[s.id, *_both(s.publisher), *_both(s.title), *_both(s.short)] for s in data.sources.values()])


def footnotes_csv(data: Dataset) -> bytes:
    header = ["number", "text_en", "text_es", "source"]
    return _csv(header, [[f.number, *_both(f.text), f.source] for f in data.footnotes_in_order()])


# name -> (data file whose JSON it is, CSV maker)
DATASETS = {
    "agenda": ("agenda.yml", agenda_csv),
    "figures": ("figures.yml", figures_csv),
    "organisations": ("organisations.yml", organisations_csv),
    "sources": ("sources.yml", sources_csv),
}
# Tables in CSV only: the speakers are in agenda.json (a list per slot), the footnotes in sources.json.
CSV_ONLY = {"speakers": speakers_csv, "footnotes": footnotes_csv}
PACKAGE = "datapackage.json"


# --- JSON, with its JSON Schema ---------------------------------------------------------


class PublishedSlot(m.Slot):
    """A slot of agenda.json: as in agenda.yml, with its start and end as date, time and offset."""

    start_at: dt.datetime = Field(description="The start: date, time and UTC offset (ISO 8601).")
    end_at: dt.datetime = Field(description="The end: date, time and UTC offset (ISO 8601).")
    items: list[PublishedSlot] = []


class PublishedAgenda(m.Model):
    slots: list[PublishedSlot] = Field(min_length=1)


PUBLISHED_MODELS: dict[str, type[m.Model]] = {"agenda.yml": PublishedAgenda}


def schema_name(name: str) -> str:
    return f"{name}.schema.json"


def json_schema(name: str) -> dict:
    """The JSON Schema of `name`.json: the data file's model (models.py; the agenda's with its
    dated times), with its file name as "$id" and a "$schema" property naming it in the data."""
    source = DATASETS[name][0]
    model = PUBLISHED_MODELS.get(source, m.FILES[source])
    schema = model.model_json_schema(mode="validation")
    properties = {"$schema": {"const": schema_name(name), "description": "This file's JSON Schema."}}
    schema["properties"] = {**properties, **schema["properties"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_name(name),
        **schema,
        "title": f"{name}.json",
    }


def _dated(data: Dataset, slot: dict) -> dict:
    out = {}
    for key, value in slot.items():
        out[key] = [_dated(data, item) for item in value] if key == "items" else value
        if key == "end":
            out["start_at"] = _local(data, slot["start"])
            out["end_at"] = _local(data, slot["end"])
    return out


def json_value(data: Dataset, name: str) -> dict:
    source = DATASETS[name][0]
    value = data.files[source].model_dump(mode="json")
    if name == "agenda":
        value = {**value, "slots": [_dated(data, slot) for slot in value["slots"]]}
    return {"$schema": schema_name(name), **value}


# --- the Data Package ------------------------------------------------------------------


def _choices(model: type[m.Model], field: str) -> list[str]:
    """The values a Literal field of a model allows (models.py is the one place they are listed)."""
    annotation = model.model_fields[field].annotation
    args = typing.get_args(annotation)
    return [a for a in args if isinstance(a, str)] or [
        v for arg in args for v in typing.get_args(arg) if isinstance(v, str)
    ]


def _id(name: str = "id", description: str = "") -> dict:
    return {"name": name, "type": "string", "constraints": {"pattern": m.ID_PATTERN[1:-1]}, "description": description}


def _text(name: str, lang: str, what: str, required: bool = True) -> dict:
    language = {"en": "English", "es": "Spanish"}[lang]
    field = {"name": name, "type": "string", "description": f"{what}, in {language}; inline Markdown as written."}
    if required:
        field["constraints"] = {"required": True}
    return field


def _texts(stem: str, what: str, required: bool = True) -> list[dict]:
    return [_text(f"{stem}_{lang}", lang, what, required) for lang in m.LANGUAGES]


def _clock(name: str, what: str) -> dict:
    return {
        "name": name,
        "type": "time",
        "format": "%H:%M",
        "description": f"{what}: local clock time (24-hour HH:MM) in the meeting's time zone.",
    }


def _moment(name: str, what: str, utc: bool = False) -> dict:
    zone = "in UTC (ISO 8601, ending in Z)" if utc else "with the UTC offset of the meeting's time zone (ISO 8601)"
    return {"name": name, "type": "datetime", "description": f"{what}: date and time {zone}."}


def _required(field: dict) -> dict:
    return {**field, "constraints": {**field.get("constraints", {}), "required": True}}


def _tables() -> dict[str, dict]:
    """Table Schema of every CSV table: name -> {fields, primaryKey, foreignKeys}."""
    return {
        "agenda": {
            "fields": [
                _required(_id(description="The slot's id in agenda.yml.")),
                _id("block", "The id of the block this slot is an item of (empty for a top-level slot)."),
                {"name": "type", "type": "string", "constraints": {"required": True, "enum": _choices(m.Slot, "type")}},
                _required(_clock("start_time", "The start")),
                _required(_clock("end_time", "The end")),
                _required(_moment("start", "The start")),
                _required(_moment("end", "The end")),
                _required(_moment("start_utc", "The start", utc=True)),
                _required(_moment("end_utc", "The end", utc=True)),
                *_texts("title", "The title"),
                {
                    "name": "member_countries_only",
                    "type": "boolean",
                    "constraints": {"required": True},
                    "description": "Whether the slot is reserved to the delegations of the Member Countries.",
                },
            ],
            "primaryKey": ["id"],
            "foreignKeys": [{"fields": ["block"], "reference": {"resource": "", "fields": ["id"]}}],
        },
        "speakers": {
            "fields": [
                _required(_id("slot", "The id of the slot (agenda.csv).")),
                {
                    "name": "position",
                    "type": "integer",
                    "constraints": {"required": True, "minimum": 1},
                    "description": "The speaker's place in the slot's list, from 1.",
                },
                _required(_id("org", "The organisation's id (organisations.csv).")),
                _required(_id("role", "The speaker's role (an id of roles.yml: presenter, moderator...).")),
            ],
            "primaryKey": ["slot", "position"],
            "foreignKeys": [
                {"fields": ["slot"], "reference": {"resource": "agenda", "fields": ["id"]}},
                {"fields": ["org"], "reference": {"resource": "organisations", "fields": ["id"]}},
            ],
        },
        "figures": {
            "fields": [
                _required(_id(description="The figure's id in figures.yml.")),
                _required(_id("group", "The id of the figure's group in figures.yml.")),
                *_texts("label", "What the figure counts"),
                {
                    "name": "qualifier",
                    "type": "string",
                    "constraints": {"required": True, "enum": _choices(m.Figure, "qualifier")},
                },
                {"name": "value", "type": "number", "constraints": {"required": True, "minimum": 0}},
                {
                    "name": "unit",
                    "type": "string",
                    "constraints": {"required": True, "enum": _choices(m.Figure, "unit")},
                },
                *_texts("category", "The category", required=False),
                {"name": "period_start", "type": "yearmonth", "description": "The first month of the period."},
                {"name": "period_end", "type": "yearmonth", "description": "The last month of the period."},
                *_texts("period", "The period as the site words it"),
                *_texts("place", "The place"),
                _required(_id("source", "The id of the figure's source (sources.csv).")),
                *_texts("source", "The source as the site names it"),
                {
                    "name": "footnote",
                    "type": "integer",
                    "constraints": {"minimum": 1},
                    "description": "The number of the concept note's footnote on the figure (footnotes.csv).",
                },
                _id("part_of", "The id of the figure this one is part of."),
                *_texts("definition", "The definition", required=False),
            ],
            "primaryKey": ["id"],
            "foreignKeys": [
                {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}},
                {"fields": ["footnote"], "reference": {"resource": "footnotes", "fields": ["number"]}},
                {"fields": ["part_of"], "reference": {"resource": "", "fields": ["id"]}},
            ],
        },
        "organisations": {
            "fields": [
                _required(_id(description="The organisation's id in organisations.yml.")),
                {
                    "name": "kind",
                    "type": "string",
                    "constraints": {"required": True, "enum": _choices(m.Organisation, "kind")},
                },
                *_texts("acronym", "The acronym", required=False),
                *_texts("name", "The name"),
                {"name": "url", "type": "string", "format": "uri", "description": "The organisation's website."},
            ],
            "primaryKey": ["id"],
        },
        "sources": {
            "fields": [
                _required(_id(description="The source's id in sources.yml.")),
                *_texts("publisher", "The publisher"),
                *_texts("title", "The title"),
                *_texts("short", "The short name the site uses"),
            ],
            "primaryKey": ["id"],
        },
        "footnotes": {
            "fields": [
                {"name": "number", "type": "integer", "constraints": {"required": True, "minimum": 1}},
                *_texts("text", "The footnote's text"),
                _id("source", "The id of the source the footnote names (sources.csv)."),
            ],
            "primaryKey": ["number"],
            "foreignKeys": [{"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}],
        },
    }


TABLES = _tables()


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() or c == "." else " " for c in text.lower()).split())


def package(data: Dataset, contents: dict[str, bytes]) -> dict:
    """datapackage.json: every CSV table, with its Table Schema (``TABLES``)."""
    meeting = data.meeting
    value: dict = {
        "profile": "tabular-data-package",
        "name": f"meeting-{meeting.date.isoformat()}-open-data",
        "title": fmt_plain(meeting.title.en),
        "description": fmt_plain(meeting.kind.en),
    }
    licence = meeting.licence
    if licence is not None:
        entry = {"name": _slug(licence.name.en), "title": fmt_plain(licence.name.en)}
        if licence.url:
            entry["path"] = licence.url
        value["licenses"] = [entry]
    value["resources"] = [
        {
            "profile": "tabular-data-resource",
            "name": name,
            "path": f"{name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(contents[f"{name}.csv"]),
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": {"missingValues": [""], **TABLES[name]},
        }
        for name in [*DATASETS, *CSV_ONLY]
    ]
    return value


def fmt_plain(text: str) -> str:
    from macros.content.text import plain

    return plain(text)


# --- every file ------------------------------------------------------------------------


def listing() -> list[DataFile]:
    out = []
    for name in DATASETS:
        out += [
            DataFile(f"{name}.json", name, "json"),
            DataFile(schema_name(name), name, "schema"),
            DataFile(f"{name}.csv", name, "csv"),
        ]
    out += [DataFile(f"{name}.csv", name, "csv") for name in CSV_ONLY]
    out.append(DataFile(PACKAGE, "package", "package"))
    return out


# The files of the last dataset asked for: the Data page of each language lists them (with their
# sizes) and the build writes them, from the same dataset.
_last: tuple[weakref.ref, dict[str, bytes]] | None = None


def files(data: Dataset) -> dict[str, bytes]:
    """Every open data file: name -> bytes (deterministic: the same data gives the same bytes)."""
    global _last
    if _last is None or _last[0]() is not data:
        _last = (weakref.ref(data), _files(data))
    return dict(_last[1])


def _files(data: Dataset) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for name, (_, make_csv) in DATASETS.items():
        out[f"{name}.json"] = _json(json_value(data, name))
        out[schema_name(name)] = (json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        out[f"{name}.csv"] = make_csv(data)
    for name, make_csv in CSV_ONLY.items():
        out[f"{name}.csv"] = make_csv(data)
    out[PACKAGE] = _json(package(data, out))
    return out
