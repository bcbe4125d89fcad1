"""The meeting's data as open data files: JSON and CSV, UTF-8, both languages.

- JSON: each data file as the site reads it (every field, defaults included),
  valid against the JSON Schema published beside it (schemas/).
- CSV: one row per record (a slot, a figure, an organisation, a source, a
  footnote), a column per language for every text; texts keep their inline
  Markdown as written in data/.

``files(data)`` gives every file's bytes, so that the Data page can show
their sizes and a build hook can write them; nothing here depends on MkDocs.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from . import formatting as fmt
from . import models as m
from .dataset import Dataset
from .schema import schema_text

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
    moment = fmt.moment(meeting.date, time, meeting.timezone).astimezone(ZoneInfo(UTC))
    return moment.strftime("%Y-%m-%dT%H:%MZ")


def _local(data: Dataset, time: str) -> str:
    meeting = data.meeting
    return fmt.moment(meeting.date, time, meeting.timezone).isoformat(timespec="minutes")


def agenda_csv(data: Dataset) -> bytes:
    header = [
        "id",
        "block",
        "type",
        "start",
        "end",
        "start_utc",
        "end_utc",
        "title_en",
        "title_es",
        "member_countries_only",
        "speakers",
    ]
    rows = []
    for slot in data.all_slots():
        block = data.block_of(slot.id)
        speakers = "; ".join(f"{s.org} ({s.role})" for s in slot.speakers)
        rows.append(
            [
                slot.id,
                block.id if block else None,
                slot.type,
                _local(data, slot.start),
                _local(data, slot.end),
                _utc(data, slot.start),
                _utc(data, slot.end),
                *_both(slot.title),
                data.is_exclusive(slot),
                speakers,
            ]
        )
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
    header = ["id", "kind", "acronym_en", "acronym_es", "name_en", "name_es"]
    return _csv(header, [[o.id, o.kind, *_both(o.acronym), *_both(o.name)] for o in data.organisations.values()])


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
CSV_ONLY = {"footnotes": footnotes_csv}  # footnotes are in sources.json too


def listing() -> list[DataFile]:
    out = []
    for name in DATASETS:
        out += [
            DataFile(f"{name}.json", name, "json"),
            DataFile(f"{name}.schema.json", name, "schema"),
            DataFile(f"{name}.csv", name, "csv"),
        ]
    out += [DataFile(f"{name}.csv", name, "csv") for name in CSV_ONLY]
    return out


def files(data: Dataset) -> dict[str, bytes]:
    """Every open data file: name -> bytes (deterministic: the same data gives the same bytes)."""
    out: dict[str, bytes] = {}
    for name, (source, make_csv) in DATASETS.items():
        out[f"{name}.json"] = _json(data.files[source].model_dump(mode="json"))
        out[f"{name}.schema.json"] = schema_text(source).encode("utf-8")  # as in schemas/ (make schemas)
        out[f"{name}.csv"] = make_csv(data)
    for name, make_csv in CSV_ONLY.items():
        out[f"{name}.csv"] = make_csv(data)
    return out
