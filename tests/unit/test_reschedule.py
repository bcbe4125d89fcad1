"""`make shift FROM=<slot> MINUTES=<n>`: one step moves a slot and everything after it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from macros.cli.reschedule import main as reschedule
from macros.content.validate import load_dataset

from conftest import NOTE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(NOTE / "data", tmp_path / "data")
    return tmp_path


def times(path: Path) -> dict[str, tuple[str, str]]:
    """slot id -> (start, end), read with plain PyYAML."""
    out = {}
    for slot in yaml.safe_load(path.read_text(encoding="utf-8"))["slots"]:
        out[slot["id"]] = (slot["start"], slot["end"])
        for item in slot.get("items", []):
            out[item["id"]] = (item["start"], item["end"])
    return out


def later(clock: str, minutes: int) -> str:
    h, m = map(int, clock.split(":"))
    total = h * 60 + m + minutes
    return f"{total // 60:02d}:{total % 60:02d}"


def test_moving_the_break_moves_everything_after_it(root: Path, capsys) -> None:
    agenda = root / "data" / "agenda.yml"
    before_text, before = agenda.read_text(encoding="utf-8"), times(agenda)
    assert reschedule(["break", "5", "--root", str(root)]) == 0
    after = times(agenda)
    boundary = before["break"][0]
    for slot_id, (start, end) in before.items():
        expected_start = later(start, 5) if start >= boundary else start
        expected_end = later(end, 5) if end >= boundary else end
        assert after[slot_id] == (expected_start, expected_end), slot_id
    # The slot before the break grew; the meeting's end and duration follow.
    data = load_dataset(root / "data")
    assert data.meeting.end == later(before["closure"][1], 5)
    assert data.meeting.duration_minutes == 210 + 5
    # Only the times changed: comments, quotes and every other line are as they were.
    old_lines, new_lines = before_text.splitlines(), agenda.read_text(encoding="utf-8").splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert changed and all(a.split(":")[0] == b.split(":")[0] and ('"' in b) == ('"' in a) for a, b in changed)
    assert all(a.strip().startswith(("start:", "end:")) for a, _ in changed)
    assert "Moved 'break' and everything after it by +5 minutes" in capsys.readouterr().out


def test_moving_earlier_shortens_the_slot_before(root: Path) -> None:
    agenda = root / "data" / "agenda.yml"
    before = times(agenda)
    assert reschedule(["dialogue", "-5", "--root", str(root)]) == 0
    after = times(agenda)
    assert after["questions-protection"] == (
        before["questions-protection"][0],
        later(before["questions-protection"][1], -5),
    )
    assert after["dialogue"] == tuple(later(t, -5) for t in before["dialogue"])
    assert after["welcome"] == before["welcome"]


def test_a_move_that_breaks_the_agenda_writes_nothing(root: Path, capsys) -> None:
    agenda = root / "data" / "agenda.yml"
    text = agenda.read_text(encoding="utf-8")
    assert reschedule(["questions-flows", "-25", "--root", str(root)]) == 1
    assert agenda.read_text(encoding="utf-8") == text
    err = capsys.readouterr().err
    assert "Moving 'questions-flows' by -25 minutes would make the agenda wrong:" in err
    assert "slots[2].items[2].end: 10:45 is before the start 10:50" in err
    assert "data/agenda.yml was not changed." in err


def test_an_unknown_slot_gets_a_suggestion(root: Path, capsys) -> None:
    assert reschedule(["brake", "5", "--root", str(root)]) == 1
    assert "data/agenda.yml: there is no slot 'brake'; did you mean 'break'?" in capsys.readouterr().err


def test_minutes_must_be_a_number(root: Path, capsys) -> None:
    assert reschedule(["break", "five", "--root", str(root)]) == 2
    assert "MINUTES must be a whole number of minutes, such as 5 or -10, not 'five'" in capsys.readouterr().err


def test_dry_run_writes_nothing(root: Path) -> None:
    agenda = root / "data" / "agenda.yml"
    text = agenda.read_text(encoding="utf-8")
    assert reschedule(["break", "5", "--root", str(root), "--dry-run"]) == 0
    assert agenda.read_text(encoding="utf-8") == text


def test_the_command_runs_in_the_project_folder(tmp_path: Path) -> None:
    """As `make shift` runs it (in a copy of the project)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(NOTE / "data", project / "data")
    shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        [sys.executable, "-m", "macros.cli.reschedule", "break", "5"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert times(project / "data" / "agenda.yml")["break"] == tuple(
        later(t, 5) for t in times(NOTE / "data" / "agenda.yml")["break"]
    )
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '-m macros.cli.reschedule "$(FROM)" "$(MINUTES)"' in makefile


def test_line_endings_and_byte_order_mark_are_kept(root: Path) -> None:
    agenda = root / "data" / "agenda.yml"
    agenda.write_bytes(b"\xef\xbb\xbf" + agenda.read_bytes().replace(b"\n", b"\r\n"))
    assert reschedule(["break", "5", "--root", str(root)]) == 0
    data = agenda.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == data.count(b"\n")
    assert times(agenda)["break"] == tuple(later(t, 5) for t in times(NOTE / "data" / "agenda.yml")["break"])
