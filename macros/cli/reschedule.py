"""`python -m macros.cli.reschedule SLOT MINUTES` (or `make shift FROM=SLOT MINUTES=N`):
move a slot and everything after it by N minutes, in one step.

Every time in data/agenda.yml at or after the start of SLOT moves by MINUTES
(negative moves earlier), and so does the end of the slot just before it, so
that it grows or shrinks instead of leaving a gap or an overlap. Blocks whose
items move follow them. Only those times change in the file: comments,
quotes and layout stay as they are. The new agenda is checked with every rule
before it is written; if anything would be wrong, nothing is written and the
problems are listed. The meeting's end and duration follow by themselves.

Example: `make shift FROM=break MINUTES=5` gives the questions before the
break five more minutes and moves the break and the rest of the day five
minutes later.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros.content.loader import PureLoader, read_text
from macros.content.models import minutes
from macros.content.problems import DataError, Problem
from macros.content.validate import load_dataset

AGENDA = "agenda.yml"


@dataclass(frozen=True)
class Change:
    slot: str
    field: str
    old: str
    new: str
    start: int  # character offsets of the value in the file
    end: int
    quote: str


class MoveError(DataError):
    """The agenda would be wrong after the move (the file is left as it was)."""


def clock(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


def _slots(node: yaml.Node):
    """(id, mapping node) for every slot and item, in file order."""
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        if key.value == "slots" and isinstance(value, yaml.SequenceNode):
            for slot in value.value:
                yield from _slot(slot)


def _slot(node: yaml.Node):
    if not isinstance(node, yaml.MappingNode):
        return
    fields = {k.value: v for k, v in node.value}
    slot_id = fields.get("id")
    yield (slot_id.value if isinstance(slot_id, yaml.ScalarNode) else "?"), fields
    items = fields.get("items")
    if isinstance(items, yaml.SequenceNode):
        for item in items.value:
            yield from _slot(item)


def plan(text: str, slot_id: str, delta: int, display: str = f"data/{AGENDA}") -> list[Change]:
    """The changes that move `slot_id` and what follows by `delta` minutes; DataError if impossible."""
    loader = PureLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    slots = list(_slots(root))
    ids = [i for i, _ in slots]
    if slot_id not in ids:
        close = difflib.get_close_matches(slot_id, ids, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; the slots are: {', '.join(ids)}"
        raise DataError([Problem(display, None, "", f"there is no slot {slot_id!r}{hint}")])
    start_node = dict(slots)[slot_id].get("start")
    boundary = minutes(start_node.value)
    changes: list[Change] = []
    for sid, fields in slots:
        for name in ("start", "end"):
            node = fields.get(name)
            value = minutes(node.value)
            if value > boundary or value == boundary and (name == "start" or sid != slot_id):
                new = value + delta
                line = node.start_mark.line + 1
                if not 0 <= new < 24 * 60:
                    raise DataError(
                        [
                            Problem(
                                display,
                                line,
                                f"{sid}.{name}",
                                f"{node.value} moved by {delta} minutes would leave the day",
                            )
                        ]
                    )
                quote = node.style if node.style in ('"', "'") else ""
                changes.append(
                    Change(sid, name, node.value, clock(new), node.start_mark.index, node.end_mark.index, quote)
                )
    return changes


def apply(text: str, changes: list[Change]) -> str:
    for change in sorted(changes, key=lambda c: c.start, reverse=True):
        text = text[: change.start] + f"{change.quote}{change.new}{change.quote}" + text[change.end :]
    return text


def reschedule(root: Path, slot_id: str, delta: int, dry_run: bool = False) -> list[Change]:
    """Move the slot and what follows; write data/agenda.yml only if the result passes every rule."""
    data = root / "data"
    display = f"data/{AGENDA}"
    load_dataset(data)  # the agenda must be valid before it is moved
    text, problems = read_text(data / AGENDA, display)
    if text is None:
        raise DataError(problems)
    changes = plan(text, slot_id, delta, display)
    new_text = apply(text, changes)
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(data, trial)
        (trial / AGENDA).write_text(new_text, encoding="utf-8")
        try:
            load_dataset(trial)
        except DataError as error:
            raise MoveError(error.problems) from None
    if not dry_run:
        target = data / AGENDA
        temporary = target.with_name(f".{AGENDA}.tmp")
        # Keep the file's byte-order mark and line endings, whatever the editor saved.
        raw = target.read_bytes()
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
        newline = "\r\n" if b"\r\n" in raw else "\n"
        with open(temporary, "w", encoding="utf-8", newline=newline) as out:
            out.write(bom + new_text)
        os.replace(temporary, target)
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli.reschedule", description=__doc__.splitlines()[0])
    parser.add_argument("slot", help="the id of the first slot to move (from data/agenda.yml)")
    parser.add_argument("minutes", help="how many minutes later (negative: earlier)")
    parser.add_argument("--root", default=".", type=Path, help="the project folder (default: .)")
    parser.add_argument("--dry-run", action="store_true", help="show the changes without writing them")
    args = parser.parse_args(argv)
    try:
        delta = int(args.minutes)
    except ValueError:
        print(f"MINUTES must be a whole number of minutes, such as 5 or -10, not {args.minutes!r}", file=sys.stderr)
        return 2
    try:
        changes = reschedule(args.root, args.slot, delta, args.dry_run)
    except MoveError as error:
        print(f"Moving {args.slot!r} by {delta:+d} minutes would make the agenda wrong:", file=sys.stderr)
        print("\n".join(str(p) for p in error.problems), file=sys.stderr)
        print("data/agenda.yml was not changed.", file=sys.stderr)
        return 1
    except DataError as error:
        print(error, file=sys.stderr)
        print("data/agenda.yml was not changed.", file=sys.stderr)
        return 1
    if not changes or delta == 0:
        print("Nothing to move.")
        return 0
    verb = "Would move" if args.dry_run else "Moved"
    print(f"{verb} {args.slot!r} and everything after it by {delta:+d} minutes in data/agenda.yml:")
    moved: dict[str, dict[str, Change]] = {}
    for change in changes:
        moved.setdefault(change.slot, {})[change.field] = change
    for slot, fields in moved.items():
        old = "–".join(fields[f].old if f in fields else "" for f in ("start", "end")).strip("–")
        new = "–".join(fields[f].new if f in fields else "" for f in ("start", "end")).strip("–")
        what = " and ".join(fields)
        print(f"  {slot}: {what} {old} -> {new}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
