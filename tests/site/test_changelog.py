"""The agenda changelog: data/changelog.yml on the Agenda page of both languages, and its mistakes reported."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml
from babel.dates import format_date
from bs4 import BeautifulSoup

from macros.content.problems import DataError
from macros.content.validate import load_dataset

from conftest import LANGS, NOTE

LOCALES = {"en": "en", "es": "es_419"}


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_page_lists_the_changes_newest_first(site_dir, lang):
    entries = yaml.safe_load((NOTE / "data" / "changelog.yml").read_text(encoding="utf-8"))["changes"]
    entries = sorted(entries, key=lambda entry: entry["date"], reverse=True)
    page = site_dir / ("" if lang == "en" else "es") / "agenda" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    heading = soup.find(id="changes")
    assert heading is not None and heading.name == "h2"
    items = soup.select("ul.agenda-changes > li")
    assert len(items) == len(entries)
    for item, entry in zip(items, entries, strict=True):
        date = entry["date"] if isinstance(entry["date"], dt.date) else dt.date.fromisoformat(entry["date"])
        assert item.time["datetime"] == date.isoformat()
        assert item.time.get_text() == format_date(date, "long", locale=LOCALES[lang])
        assert item.get_text().endswith(entry["text"][lang].replace("**", "").replace("*", ""))


def broken_changelog(tmp_path, edit) -> list[str]:
    data = tmp_path / "data"
    shutil.copytree(NOTE / "data", data)
    lines = (data / "changelog.yml").read_text(encoding="utf-8").splitlines()
    (data / "changelog.yml").write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    return [str(problem) for problem in caught.value.problems]


def first_line(lines: list[str], start: str) -> int:
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith(start))


def test_an_impossible_date_is_reported_on_its_line(tmp_path):
    source = (NOTE / "data" / "changelog.yml").read_text(encoding="utf-8").splitlines()
    line = first_line(source, "- date:")
    messages = broken_changelog(
        tmp_path, lambda lines: [("  - date: 2026-13-40" if i == line else x) for i, x in enumerate(lines, 1)]
    )
    assert messages and messages[0].startswith(f"data/changelog.yml:{line}: changes[0].date: "), messages


def test_a_missing_spanish_text_is_reported(tmp_path):
    source = (NOTE / "data" / "changelog.yml").read_text(encoding="utf-8").splitlines()
    es_line = first_line(source, "es:")
    messages = broken_changelog(tmp_path, lambda lines: [x for i, x in enumerate(lines, 1) if i != es_line])
    assert any(m.startswith("data/changelog.yml:") and ": changes[0].text" in m for m in messages), messages
