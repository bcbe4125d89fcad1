"""`make check` and the strict build agree: every input below is refused by both, or accepted by both.

The inputs are edits a person could make to a page, to mkdocs.yml or to a data file (one of each kind of
the broken-input corpus of tests/unit whose check and build run different code, plus one data file: the
data is read by the same function in both), and inputs that are valid but unusual. Each is
applied to its own copy of the fixture meeting; `make check` runs in-process, and the copies are built
strictly in one process by the engine (ENGINE, MkDocs by default), as `make build` builds them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_env, copy_project
from macros.cli import check as gate

EN = "docs/en/methodology.md"
DIALOGUE = "[dialogue of the countries of the region](agenda.md#slot-dialogue)"

# (name, file, text replaced, replacement); file None: the Spanish notes page removed.
REFUSED = [
    ("missing-page", EN, "[agenda](agenda.md)", "[agenda](agendas.md)"),
    ("missing-anchor", EN, DIALOGUE, DIALOGUE.replace("slot-dialogue", "slot-dialog")),
    ("raw-html", EN, "\nLikewise, ", "\n<b>Likewise</b>, "),
    ("free-jinja-config", EN, "\nLikewise, ", "\n{{ config.site_name }} Likewise, "),
    ("unknown-macro", EN, '{{ org("inm") }}', '{{ orgs("inm") }}'),
    ("event-attribute", "docs/en/notes.md", "{ #notes-and-sources }", '{ #notes-and-sources onclick="x" }'),
    ("heading-without-anchor", "docs/en/notes.md", "# Notes and sources { #notes-and-sources }", "# Notes and sources"),
    ("html-in-title", "docs/en/notes.md", "title: Notes and sources", "title: Notes <i>and</i> sources"),
    ("spanish-page-missing", None, "", ""),
    ("nav-title-untranslated", "mkdocs.yml", "\n  - notes.md\n", "\n  - Notes: notes.md\n"),
    ("html-in-a-data-text", "data/organisations.yml", "High Commissioner for Refugees\n", "High Commissioner<br>for Refugees\n"),
]
ACCEPTED = [
    ("front-matter-closed-with-dots", "docs/en/notes.md", "the source of every figure on this site.\n---\n",
     "the source of every figure on this site.\n...\n"),
    ("angle-brackets-in-a-title", "docs/en/notes.md", "title: Notes and sources", 'title: "Notes & sources: x < y"'),
    ("macro-call-without-spaces", EN, '{{ org("inm") }}', '{{org("inm")}}'),
    ("windows-line-endings", "docs/en/notes.md", "\n", "\r\n"),
]

# Builds each project given on the command line, strictly, in one process; prints {project: error or ""}.
_BUILDS = r"""
import importlib, json, sys, tempfile
from macros.build import engine
package = engine.package()
build = importlib.import_module(f"{package}.commands.build").build
load_config = importlib.import_module(f"{package}.config").load_config
found = {}
for project in sys.argv[1:]:
    try:
        build(load_config(f"{project}/mkdocs.yml", strict=True, site_dir=tempfile.mkdtemp()))
        found[project] = ""
    except BaseException as error:
        found[project] = f"{type(error).__name__}: {error}"
print(json.dumps(found))
"""


def _project(root: Path, name: str, file: str | None, old: str, new: str) -> Path:
    project = copy_project(root / name)
    if file is None:
        (project / "docs" / "es" / "notes.md").unlink()
        return project
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_bytes((text.replace(old, new) if old == "\n" else text.replace(old, new, 1)).encode("utf-8"))
    return project


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[str, tuple[bool, bool, str]]:
    """name -> (refused by make check, refused by the strict build, what the build said)."""
    root = tmp_path_factory.mktemp("agreement")
    projects = {name: _project(root, name, *edit) for name, *edit in REFUSED + ACCEPTED}
    checked = {}
    for name, project in projects.items():
        report = gate.run(project)
        checked[name] = bool(report.problems or report.internal)
    result = subprocess.run(
        [sys.executable, "-c", _BUILDS, *map(str, projects.values())],
        cwd=next(iter(projects.values())),
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    built = json.loads(result.stdout.strip().splitlines()[-1])
    return {name: (checked[name], bool(built[str(p)]), built[str(p)]) for name, p in projects.items()}


@pytest.mark.long
@pytest.mark.parametrize("name", [case[0] for case in REFUSED])
def test_refused_by_both(verdicts, name):
    checked, built, said = verdicts[name]
    assert (checked, built) == (True, True), said


@pytest.mark.long
@pytest.mark.parametrize("name", [case[0] for case in ACCEPTED])
def test_accepted_by_both(verdicts, name):
    checked, built, said = verdicts[name]
    assert (checked, built) == (False, False), said
