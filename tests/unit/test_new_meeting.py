"""`make new-meeting`: the next meeting's site, started from this one, passes `make check`
with placeholders in both languages, and keeps the data every meeting reuses."""

from __future__ import annotations

import datetime as dt

import yaml

from macros.cli import check as gate
from macros.cli import new_meeting
from macros.content.validate import load_dataset

from conftest import NOTE, ROOT, copy_project

TODAY = dt.date(2022, 1, 10)
REUSED = ("organisations.yml", "roles.yml", "countries.yml", "glossary.yml")


def test_new_meeting_passes_the_check_with_placeholders_and_the_reused_data(tmp_path):
    """Run on a copy of the fixture meeting NOTE, as `make new-meeting` runs on the project."""
    source = copy_project(tmp_path / "this", NOTE)
    for left_out in (".git", "site", "dist", ".venv"):  # history, builds, environment: never copied
        (source / left_out).mkdir()
    target = tmp_path / "next"
    new_meeting.start(source, target, "next-meeting-2022-03-15", dt.date(2022, 3, 15), "America/Guatemala", TODAY)
    report = gate.run(target)
    assert (report.problems, report.internal) == ([], [])
    for name in REUSED:
        assert (target / "data" / name).read_bytes() == (NOTE / "data" / name).read_bytes(), name
    data = load_dataset(target / "data")
    assert data.meeting.id == "next-meeting-2022-03-15"
    assert data.meeting.date == dt.date(2022, 3, 15)
    assert data.meeting.timezone == "America/Guatemala"
    assert data.figures == {} or not data.figures
    for lang, word in (("en", "to be written"), ("es", "por redactar")):
        assert word in data.meeting.title(lang)
        for page in (NOTE / "docs" / lang).glob("*.md"):  # every page is kept, its text replaced
            text = (target / "docs" / lang / page.name).read_text(encoding="utf-8")
            assert word in text.lower(), page.name
    config = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert "to be written" in config["site_name"]
    # Nothing that belonged to this meeting is left in its data: no figure, source or footnote,
    # and the agenda's two slots are placeholders.
    assert all("to be confirmed" in slot.title("en") for slot in data.slots)
    changes = yaml.safe_load((target / "data" / "changelog.yml").read_text(encoding="utf-8"))["changes"]
    assert [change["date"] for change in changes] == [TODAY]
    assert not any((target / left_out).exists() for left_out in (".git", "site", "dist", ".venv"))


def test_new_meeting_refuses_a_bad_id_date_or_folder(tmp_path, capsys):
    assert new_meeting.main([str(tmp_path), "--id", "Next Meeting", "--date", "2022-02-30"]) == 1
    err = capsys.readouterr().err
    assert "ID='Next Meeting'" in err and "DATE='2022-02-30'" in err and "already exists" in err


def test_make_new_meeting_is_documented_and_runs_this_module():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '$(BIN)/python -m macros.cli.new_meeting "$(DIR)" --id "$(ID)" --date "$(DATE)"' in makefile
    assert "make new-meeting DIR=" in (ROOT / "README.md").read_text(encoding="utf-8")
