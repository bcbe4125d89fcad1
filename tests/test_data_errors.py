"""A corpus of broken inputs: each must be reported as one clear line, no traceback.

Every case copies the project's data/, docs/ and mkdocs.yml into a temporary
folder, makes one small textual edit to one real file (a literal replacement
of a string that must be present, so that a change to the data makes the case
fail loudly instead of silently testing nothing), runs
``python -m macros.check ROOT`` and checks that the problem is reported as
``file:line: field: message`` with the right line. A few cases also run
``mkdocs build --strict`` on the broken copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

PROJECT = Path(__file__).parent.parent


# --- Helpers -------------------------------------------------------------------


def line_of(text: str, needle: str) -> int:
    """The line (1-based) where `needle` starts; leading newlines are skipped."""
    assert needle in text, f"{needle!r} is not in the text"
    index = text.index(needle) + len(needle) - len(needle.lstrip("\n"))
    return text.count("\n", 0, index) + 1


def make_root(tmp_path: Path, site: bool = False) -> Path:
    """A copy of the project's data/, docs/ and mkdocs.yml (and what a build needs)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copytree(PROJECT / "docs", root / "docs")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    # The Spanish pages may still be being written: any English page without
    # its Spanish counterpart gets a copy of the English one, so that the copy
    # starts valid and each case breaks exactly one thing.
    (root / "docs" / "es").mkdir(exist_ok=True)
    for page in (root / "docs" / "en").rglob("*.md"):
        twin = root / "docs" / "es" / page.relative_to(root / "docs" / "en")
        if not twin.exists():
            twin.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, twin)
    if site:
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(PROJECT / "macros", root / "macros", ignore=ignore)
        shutil.copytree(PROJECT / "overrides", root / "overrides", ignore=ignore)
    return root


def edit(root: Path, file: str, old: str, new: str) -> str:
    """Replace the one occurrence of `old` in `file`; return the new text."""
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{file} should contain {old!r} exactly once (has the data changed?)"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def run_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.check", str(root)], cwd=PROJECT,
                          capture_output=True, text=True, timeout=60)


def run_build(root: Path, site: Path) -> subprocess.CompletedProcess:
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([mkdocs, "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)


def problem_lines(output: str) -> list[str]:
    """The problem lines of a check's output, without the heading line."""
    return [line for line in output.splitlines() if line and not line.endswith("in the site's data or pages:")]


# --- The corpus ----------------------------------------------------------------


@dataclass
class Case:
    id: str
    file: str  # relative to the project root
    old: str | None  # a literal string of the real file, which must occur once (None: the whole file)
    new: str | None  # what replaces it (None: the file is deleted)
    path: str  # the field path printed after file:line:
    words: tuple[str, ...]  # key words of the message
    at: str | None = None  # text of the edited file on the expected line (default: `new`)
    line: Callable[[str], int | None] | None = None  # or: the line, computed from the edited text
    column: int | None = None  # for YAML syntax errors
    absent: tuple[str, ...] = ()  # words no line of the report may contain

    def expected_line(self, text: str) -> int | None:
        if self.line is not None:
            return self.line(text)
        return line_of(text, self.at if self.at is not None else self.new)

    def __str__(self) -> str:
        return self.id


CASES = [
    # -- reading the YAML --
    Case("yaml-syntax-error", "data/meeting.yml",
         "\n  en: Second technical meeting", "\n  en: Second: technical meeting",
         path="", words=("YAML syntax error", "mapping values are not allowed", "quote text"),
         column=len("  en: Second:")),
    Case("wrong-indentation", "data/agenda.yml",
         "\n      es: Conexión a la plataforma", "\n     es: Conexión a la plataforma",
         path="", words=("YAML syntax error", "check the indentation of this line"), column=len("     es") - 1),
    Case("tab-indentation", "data/agenda.yml",
         "\n    type: opening\n", "\n\ttype: opening\n",
         path="", words=("indented with a tab", "spaces")),
    Case("impossible-date", "data/meeting.yml",
         "\ndate: 2021-09-20\n", "\ndate: 2021-09-31\n",
         path="date", words=("'2021-09-31' cannot be read", "day is out of range for month")),
    Case("unknown-tag", "data/meeting.yml",
         "\nhost: ppt-mexico ", "\nhost: !org ppt-mexico ",
         path="host", words=("the tag !org is not allowed here",)),
    Case("recursive-alias", "data/meeting.yml",
         "\nformat:\n  en: Virtual\n  es: Virtual\n", "\nformat: &format\n  en: *format\n  es: Virtual\n",
         path="format.en", words=("an alias (*name) refers to the value it is part of",), at="\nformat: &format"),
    Case("list-as-a-key", "data/meeting.yml",
         "\nformat:\n", "\n? [en, es]\n: Virtual\nformat:\n",
         path="", words=("a field name must be a plain word",), at="\n? [en, es]"),
    Case("empty-file", "data/roles.yml",
         None, "",  # the whole file
         path="", words=("the file is empty",), line=lambda text: 1),
    # -- the shape of each file --
    Case("missing-spanish-text", "data/agenda.yml",
         "\n      en: Welcoming words\n      es: Palabras de bienvenida\n", "\n      en: Welcoming words\n",
         path="slots[1].title.es", words=("is required but missing",),
         line=lambda text: line_of(text, "\n      en: Welcoming words") - 1),
    Case("empty-required-text", "data/agenda.yml",
         "\n          en: Break\n", '\n          en: ""\n',
         path="slots[2].items[4].title.en", words=("must not be empty",)),
    Case("blank-required-text", "data/organisations.yml",
         "\n      es: Instituto Guatemalteco de Migración\n", '\n      es: "   "\n',
         path="organisations[9].name.es", words=("must not be empty",)),
    Case("misspelled-key", "data/agenda.yml",
         "\n    title:\n      en: Welcoming words", "\n    tittle:\n      en: Welcoming words",
         path="slots[1].tittle", words=("'tittle' is not a known field", "did you mean 'title'")),
    Case("bracket-in-key", "data/meeting.yml",
         "\ntimezone: America", "\ntime[zone]: America",
         path="time[zone]", words=("'time[zone]' is not a known field", "did you mean 'timezone'")),
    Case("number-with-thousands-separator", "data/figures.yml",
         "\n    value: 845000\n", '\n    value: "845,000"\n',
         path="figures[5].value", words=("must be a number", "no thousands separators", "'845,000'")),
    Case("yes-for-a-boolean", "data/agenda.yml",
         "\n    exclusive: true\n    title:\n      en: Dialogue among",
         '\n    exclusive: "yes"\n    title:\n      en: Dialogue among',
         path="slots[4].exclusive", words=("must be true or false", "'yes'")),
    Case("infinite-number", "data/figures.yml",
         "\n    value: 845000\n", "\n    value: .inf\n",
         path="figures[5].value", words=("must be a finite number, not inf",)),
    Case("quoted-date", "data/meeting.yml",
         "\ndate: 2021-09-20\n", '\ndate: "2021-09-20"\n',
         path="date", words=("must be a date written YYYY-MM-DD", "(write it without quotes)")),
    Case("yes-read-as-a-boolean", "data/meeting.yml",
         "\n  en: Virtual\n", "\n  en: Yes\n",
         path="format.en", words=("must be text, but YAML reads Yes without quotes as true or false", 'write it in quotes: "Yes"')),
    Case("attends-neither-all-nor-a-list", "data/participants.yml",
         "\n    attends: [block-protection]\n  - id: international", "\n    attends: some\n  - id: international",
         path="profiles[4].attends", words=("must be 'all', or a list", "not the text 'some'")),
    Case("attends-a-number", "data/participants.yml",
         "\n    attends: [block-protection]\n  - id: international", "\n    attends: [5]\n  - id: international",
         path="profiles[4].attends[0]", words=("must be text, but YAML reads 5 without quotes as a number",), absent=("must be 'all'",)),
    Case("footnote-not-a-whole-number", "data/sources.yml",
         "\n  - number: 4\n", "\n  - number: four\n",
         path="footnotes[3].number", words=("must be a whole number", "'four'")),
    Case("time-without-leading-zero", "data/agenda.yml",
         '\n    start: "09:45"\n', '\n    start: "9:45"\n',
         path="slots[0].start", words=("24-hour time", "HH:MM", "'9:45'")),
    Case("unknown-slot-type", "data/agenda.yml",
         "\n    type: dialogue\n", "\n    type: debate\n",
         path="slots[4].type", words=("must be one of", "'dialogue'", "not the text 'debate'")),
    Case("javascript-link-in-definition", "data/glossary.yml",
         "\n      en: The governments that make up the RCM.", "\n      en: The governments that make up the [RCM](javascript:alert(1)).",
         path="terms[5].definition.en", words=("the link to 'javascript:alert(1)' is not allowed",)),
    Case("period-start-after-end", "data/figures.yml",
         '\n    period: {start: "2021-01", end: "2021-06"}\n', '\n    period: {start: "2021-09", end: "2021-06"}\n',
         path="figures[6].period", words=("the start 2021-09 is after the end 2021-06",)),
    Case("role-pattern-without-org", "data/roles.yml",
         'pattern: {en: "Director of the {org}"', 'pattern: {en: "Director of the organisation"',
         path="roles[2].pattern", words=("the en text 'Director of the organisation' must contain {org}",)),
    # -- references between files --
    Case("unknown-organisation", "data/agenda.yml",
         "\n          - org: mire-panama\n", "\n          - org: mire-panam\n",
         path="slots[2].items[0].speakers[0].org",
         words=("'mire-panam' is not an organisation listed in organisations.yml", "did you mean 'mire-panama'")),
    Case("unknown-role", "data/agenda.yml",
         "\n            role: director\n", "\n            role: directr\n",
         path="slots[2].items[1].speakers[0].role",
         words=("'directr' is not a role listed in roles.yml", "did you mean 'director'")),
    Case("unknown-source", "data/figures.yml",
         "\n    source: iom\n    footnote: 4\n", "\n    source: ion\n    footnote: 4\n",
         path="figures[5].source", words=("'ion' is not a source listed in sources.yml", "did you mean 'iom'")),
    Case("unknown-footnote", "data/figures.yml",
         "\n    footnote: 4\n", "\n    footnote: 7\n",
         path="figures[5].footnote", words=("7 is not a footnote listed in sources.yml",)),
    Case("unknown-slot-in-objectives", "data/objectives.yml",
         "served_by: [assisted-returns, dialogue]", "served_by: [assisted-return, dialogue]",
         path="objectives[1].served_by[0]", words=("'assisted-return' is not a slot listed in agenda.yml",
                                                   "did you mean 'assisted-returns'")),
    Case("duplicate-id", "data/agenda.yml",
         "\n      - id: protection-panama\n", "\n      - id: protection-costa-rica\n",
         path="slots[3].items[1].id",
         words=("'protection-costa-rica' is used twice", "each id must be unique"),
         # ... and names the line of the first one.
         at="\n      - id: protection-costa-rica\n        type: presentation\n        start: \"11:40\""),
    Case("duplicate-key", "data/meeting.yml",
         '\ndate: 2021-09-20\n', '\ndate: 2021-09-20\ndate: 2021-09-21\n',
         path="date", words=("appears twice", "keep one"), at='\ndate: 2021-09-21\n'),
    # -- the agenda's times --
    Case("end-before-start", "data/agenda.yml",
         '\n    end: "10:10"\n', '\n    end: "09:55"\n',
         path="slots[1].end", words=("09:55 is before the start 10:00",)),
    Case("overlapping-slots", "data/agenda.yml",
         '\n        start: "10:50"\n', '\n        start: "10:45"\n',
         path="slots[2].items[2].start", words=("10:45 overlaps 'guatemala-practices', which ends at 10:50",)),
    Case("slot-outside-its-block", "data/agenda.yml",
         '\n        start: "11:20"\n        end: "11:30"\n', '\n        start: "11:20"\n        end: "11:35"\n',
         path="slots[2].items[4].end", words=("11:35 is after the end of its block, 11:30",), at='end: "11:35"'),
    Case("logistics-after-the-end", "data/agenda.yml",
         '\n    type: logistics\n    start: "09:45"\n    end: "10:00"\n',
         '\n    type: logistics\n    start: "13:45"\n    end: "14:00"\n',
         path="slots[0].start", words=("a logistics slot must come before the meeting ends",), at='start: "13:45"'),
    # -- figures --
    Case("percentage-over-100", "data/figures.yml",
         "\n    value: 90.53\n", "\n    value: 190.53\n",
         path="figures[7].value", words=("190.53 is a percentage over 100",)),
    Case("part-larger-than-whole", "data/figures.yml",
         "\n    value: 45000\n", "\n    value: 65000\n",
         path="figures[9].value", words=("65000 is larger than its whole 'mexico-refugee-requests' (64378)",)),
    Case("chart-parts-exceed-whole", "data/figures.yml",
         "\n    value: 26557\n", "\n    value: 56557\n",
         path="charts[1].series[0].figures", words=("these parts add up to 76258", "more than their whole",
                                                     "'mexico-refugee-requests' (64378)"),
         line=lambda text: line_of(text, "\n        figures: [mexico-refugee-requests-honduras")),
    # -- the meeting --
    Case("utc-offset-is-derived", "data/meeting.yml",
         '\ntimezone: America/Mexico_City\n', '\ntimezone: America/Mexico_City\nutc_offset: "-06:00"\n',
         path="utc_offset", words=("'utc_offset' is no longer typed here", "follows from the time zone"),
         at='utc_offset: "-06:00"'),
    Case("unknown-time-zone", "data/meeting.yml",
         "\ntimezone: America/Mexico_City\n", "\ntimezone: America/Mexico City\n",
         path="timezone", words=("'America/Mexico City' is not a known time zone", "IANA")),
    Case("duration-is-derived", "data/meeting.yml",
         "\ndate: 2021-09-20\n", "\ndate: 2021-09-20\nduration_hours: 3.58333\n",
         path="duration_hours", words=("'duration_hours' is no longer typed here",), at="duration_hours: 3.58333"),
    # -- pages --
    Case("missing-spanish-page", "docs/es/participants.md",
         None, None,  # the file is deleted
         path="", words=("the Spanish page is missing", "docs/en/participants.md has no Spanish counterpart"),
         line=lambda text: None),
    Case("anchor-missing-in-spanish", "docs/es/background.md",
         " { #priority }", "",
         path="", words=("no heading has the anchor { #priority }", "both languages must use the same anchors"),
         # The Spanish heading has no line to point at: the message names the English one.
         line=lambda text: None),
    Case("unknown-figure-in-page", "docs/en/justification.md",
         '{{ figure("mexico-presented-top-three") }}', '{{ figure("no-such-figure") }}',
         path="", words=("figure('no-such-figure')", "no figure with that id in data/figures.yml"),
         line=lambda text: line_of(text, '{{ figure("no-such-figure") }}')),
]


def apply(root: Path, case: Case) -> str:
    path = root / case.file
    if case.new is None:
        assert path.exists(), f"{case.file} should exist"
        path.unlink()
        return ""
    if case.old is None:
        assert path.read_text(encoding="utf-8").strip(), f"{case.file} should not already be empty"
        path.write_text(case.new, encoding="utf-8")
        return case.new
    return edit(root, case.file, case.old, case.new)


def where(case: Case, text: str) -> str:
    """'data/agenda.yml:42' (or ':42:7' for a column), as the report starts."""
    line = case.expected_line(text)
    out = case.file if line is None else f"{case.file}:{line}"
    if case.column is not None:
        out += f":{case.column}"
    return out


def expected_start(case: Case, text: str) -> str:
    return f"{where(case, text)}: {case.path}: " if case.path else f"{where(case, text)}: "


def assert_reported(output: str, case: Case, text: str) -> None:
    start = expected_start(case, text)
    matching = [line for line in problem_lines(output) if start in line]
    assert matching, f"no line containing {start!r} in:\n{output}"
    assert any(all(word in line for word in case.words) for line in matching), \
        f"no line starting {start!r} says {case.words} in:\n{output}"
    for word in case.absent:
        assert word not in output, f"{word!r} should not be reported in:\n{output}"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_broken_input_is_reported(tmp_path: Path, case: Case) -> None:
    root = make_root(tmp_path)
    text = apply(root, case)
    result = run_check(root)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    assert_reported(result.stderr, case, text)


# Specific details, beyond the one-line shape above.


def test_unknown_figure_in_page_names_its_line(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    text = edit(root, "docs/en/justification.md", '{{ figure("mexico-presented-top-three") }}',
                '{{ figure("no-such-figure") }}')
    line = line_of(text, '{{ figure("no-such-figure") }}')
    result = run_check(root)
    assert result.returncode == 1
    assert f"docs/en/justification.md:{line}: " in result.stderr, result.stderr


def test_duplicate_id_names_the_first_line(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    text = edit(root, "data/agenda.yml", "\n      - id: protection-panama\n", "\n      - id: protection-costa-rica\n")
    first = line_of(text, "\n      - id: protection-costa-rica\n")
    result = run_check(root)
    assert f"(first on line {first})" in result.stderr, result.stderr


def test_several_problems_are_reported_at_once(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    figures = edit(root, "data/figures.yml", "\n    value: 845000\n", '\n    value: "845,000"\n')
    agenda = edit(root, "data/agenda.yml", "\n    exclusive: true\n    title:\n      en: Dialogue among",
                  '\n    exclusive: "yes"\n    title:\n      en: Dialogue among')
    result = run_check(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    agenda_line = line_of(agenda, 'exclusive: "yes"')
    figures_line = line_of(figures, 'value: "845,000"')
    lines = problem_lines(result.stderr)
    assert lines == [
        f"data/agenda.yml:{agenda_line}: slots[4].exclusive: must be true or false, not the text 'yes'",
        f"data/figures.yml:{figures_line}: figures[5].value: "
        "must be a number (digits only, no thousands separators or units), not the text '845,000'",
    ], result.stderr
    assert result.stderr.startswith("2 problems in the site's data or pages:"), result.stderr


def test_problems_across_files_are_reported_at_once(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    edit(root, "data/agenda.yml", "\n          - org: mire-panama\n", "\n          - org: mire-panam\n")
    edit(root, "data/figures.yml", "\n    value: 90.53\n", "\n    value: 190.53\n")
    (root / "docs" / "es" / "notes.md").unlink()
    result = run_check(root)
    assert result.returncode == 1
    lines = problem_lines(result.stderr)
    assert len(lines) == 3, result.stderr
    assert [line.split(":")[0] for line in lines] == ["data/agenda.yml", "data/figures.yml", "docs/es/notes.md"]


def test_valid_data_passes(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "valid" in result.stdout


# --- The same problems stop `mkdocs build` --------------------------------------

BUILD_CASES = [case for case in CASES if case.id in ("end-before-start", "misspelled-key", "yaml-syntax-error")]


@pytest.mark.parametrize("case", BUILD_CASES, ids=str)
def test_broken_input_stops_the_build(tmp_path: Path, case: Case) -> None:
    root = make_root(tmp_path, site=True)
    text = apply(root, case)
    result = run_build(root, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert_reported(output, case, text)
