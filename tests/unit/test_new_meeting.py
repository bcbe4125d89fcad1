"""`make new-meeting`: the next meeting's site, started from this one, passes `make check`
with placeholders in both languages, and keeps the data every meeting reuses."""

from __future__ import annotations

import datetime as dt

import yaml

from macros.cli import check as gate
from macros.cli import new_meeting
from macros.content.validate import load_dataset

from conftest import ROOT

REUSED = ("organisations.yml", "roles.yml", "countries.yml", "glossary.yml")


def test_new_meeting_passes_the_check_with_placeholders_and_the_reused_data(tmp_path):
    target = tmp_path / "next"
    assert (
        new_meeting.main(
            [str(target), "--id", "next-meeting-2022-03-15", "--date", "2022-03-15", "--timezone", "America/Guatemala"]
        )
        == 0
    )
    assert gate.check(target) == []
    for name in REUSED:
        assert (target / "data" / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name
    data = load_dataset(target / "data")
    assert data.meeting.id == "next-meeting-2022-03-15"
    assert data.meeting.date == dt.date(2022, 3, 15)
    assert data.meeting.timezone == "America/Guatemala"
    assert data.figures == {} or not data.figures
    for lang, word in (("en", "to be written"), ("es", "por redactar")):
        assert word in data.meeting.title(lang)
        for page in (ROOT / "docs" / lang).glob("*.md"):  # every page is kept, its text replaced
            text = (target / "docs" / lang / page.name).read_text(encoding="utf-8")
            assert word in text.lower(), page.name
    config = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert "to be written" in config["site_name"]
    # Nothing that belonged to this meeting is left in its data: no figure, source or footnote,
    # and the agenda's two slots are placeholders.
    assert all("to be confirmed" in slot.title("en") for slot in data.slots)
    assert not (target / ".git").exists() and not (target / "site").exists()


def test_new_meeting_refuses_a_bad_id_date_or_folder(tmp_path, capsys):
    assert new_meeting.main([str(tmp_path), "--id", "Next Meeting", "--date", "2022-02-30"]) == 1
    err = capsys.readouterr().err
    assert "ID='Next Meeting'" in err and "DATE='2022-02-30'" in err and "already exists" in err
