"""What builds keep between languages, rebuilds and runs (the theme's listing,
macros/build/theme_cache.py; the checked pages, macros/build/session.py; the compiled templates,
macros/render/compiled.py; the data files, macros/content/validate.py) gives the same result as
starting afresh, and follows edits."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from macros.build import theme_cache
from macros.content import models as m
from macros.content.problems import DataError
from macros.content.validate import load_dataset
from macros.render import compiled

from conftest import NOTE, copy_project

ROOT = Path(__file__).resolve().parents[2]


def _theme_files(tmp_path: Path, fast: bool) -> tuple[list[str], object]:
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    (tmp_path / "docs").mkdir(exist_ok=True)
    config.load_dict(
        {
            "site_name": "x",
            "docs_dir": str(tmp_path / "docs"),
            "theme": {"name": "material", "custom_dir": str(ROOT / "overrides")},
        }
    )
    errors, _ = config.validate()
    assert errors == []
    env = config.theme.get_env()
    if fast:
        env = theme_cache.fast(env, tmp_path)
    files = Files([])
    files.add_files_from_theme(env, config)
    return sorted(f.src_uri for f in files), env


def test_the_theme_listing_without_hidden_folders_copies_the_same_files(tmp_path):
    plain, plain_env = _theme_files(tmp_path, fast=False)
    fast, fast_env = _theme_files(tmp_path, fast=True)
    assert fast == plain
    # Material's own assets and the site's (overrides/assets/) alike.
    assert any(name.startswith("assets/javascripts/bundle.") for name in fast)
    assert {
        f"assets/{p.relative_to(ROOT / 'overrides/assets').as_posix()}"
        for p in (ROOT / "overrides/assets").rglob("*")
        if p.is_file()
    } <= set(fast)
    # What the listing leaves out is there, and still found by name: Material includes its icons
    # by path ('.icons/material/….svg'), as the palette toggle does.
    hidden = [name for name in plain_env.loader.list_templates() if name.startswith(".icons/")]
    assert len(hidden) > 1000
    assert not any(name.startswith(".") or "/." in name for name in fast_env.loader.list_templates())
    assert "<svg" in fast_env.get_template(".icons/material/weather-night.svg").render()


def test_checked_pages_are_shared_until_a_page_changes(tmp_path):
    root = copy_project(tmp_path / "project")
    script = """
import json
from pathlib import Path
from macros.build import session
root = Path.cwd()
first = session.pages(root, {})
again = session.pages(root, {})
page = root / "docs/es/notes.md"
page.write_text(page.read_text(encoding="utf-8") + "\\nTexto <b>en negrita</b>.\\n", encoding="utf-8")
edited = session.pages(root, {})
print(json.dumps({
    "shared": first[0] is again[0],
    "first": [str(p) for p in first[1]],
    "edited": [str(p) for p in edited[1]],
    "reread": edited[0] is not first[0],
}))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
    seen = json.loads(result.stdout)
    assert seen["shared"] and seen["first"] == [] and seen["reread"]
    assert len(seen["edited"]) == 1 and seen["edited"][0].startswith("docs/es/notes.md:"), seen["edited"]


def _template(folder: Path, project: Path, **settings) -> Template:
    return compiled.keep_compiled(Environment(loader=FileSystemLoader(folder), **settings), project).get_template(
        "t.html"
    )


def test_compiled_templates_come_back_from_disk_and_follow_their_source_and_settings(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.html").write_text("<p>{{ text }}</p>", encoding="utf-8")
    compiles = []
    compile_ = Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        compiles.append(name)
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counted)
    monkeypatch.setattr(compiled, "_MEMORY", {})
    assert _template(folder, tmp_path).render(text="<b>") == "<p><b></p>"
    assert compiles == ["t.html"] and list((tmp_path / ".cache/templates").iterdir())
    monkeypatch.setattr(compiled, "_MEMORY", {})  # another process: the disk only
    assert _template(folder, tmp_path).render(text="x") == "<p>x</p>"
    assert compiles == ["t.html"]
    # An edited template is compiled again; an environment that escapes gets code of its own.
    (folder / "t.html").write_text("<div>{{ text }}</div>", encoding="utf-8")
    assert _template(folder, tmp_path).render(text="<b>") == "<div><b></div>"
    assert _template(folder, tmp_path, autoescape=True).render(text="<b>") == "<div>&lt;b&gt;</div>"
    monkeypatch.setattr(compiled, "_MEMORY", {})
    assert _template(folder, tmp_path, autoescape=True).render(text="<b>") == "<div>&lt;b&gt;</div>"
    assert _template(folder, tmp_path).render(text="<b>") == "<div><b></div>"
    assert len(compiles) == 3


def test_a_garbled_entry_or_a_folder_that_cannot_be_written_only_means_compiling_again(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.html").write_text("<p>{{ text }}</p>", encoding="utf-8")
    monkeypatch.setattr(compiled, "_MEMORY", {})
    _template(folder, tmp_path).render(text="x")
    for entry in (tmp_path / ".cache/templates").iterdir():
        entry.write_bytes(entry.read_bytes()[:40] + b"\x00garbled")
    monkeypatch.setattr(compiled, "_MEMORY", {})
    assert _template(folder, tmp_path).render(text="x") == "<p>x</p>"
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / ".cache").write_text("a file where the folder would be", encoding="utf-8")
    assert _template(folder, blocked).render(text="y") == "<p>y</p>"


def test_data_files_unchanged_since_the_last_load_are_reused_and_an_edited_one_is_read_again(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(NOTE / "data", data)
    reuse: dict = {}
    first = load_dataset(data, reuse=reuse)
    assert set(reuse) == set(m.FILES)
    agenda = data / "agenda.yml"
    text = agenda.read_text(encoding="utf-8")
    slot = first.slots[-1]
    agenda.write_text(text.replace(f'end: "{slot.end}"', 'end: "23:59"', 1), encoding="utf-8")
    second = load_dataset(data, reuse=reuse)
    assert second.slots[-1].end == "23:59" and second.slots[-1].end != slot.end
    assert second.files["meeting.yml"] is first.files["meeting.yml"]  # not read again
    assert second.files["agenda.yml"] is not first.files["agenda.yml"]
    # A broken file is refused every time, reused or not, with the same words as a fresh load.
    agenda.write_text(text.replace(f'end: "{slot.end}"', 'end: "25:00"', 1), encoding="utf-8")
    refusals = []
    for keep in (reuse, reuse, None):
        with pytest.raises(DataError) as error:
            load_dataset(data, reuse=keep)
        refusals.append([str(p) for p in error.value.problems])
    assert refusals[0] == refusals[1] == refusals[2] and any("agenda.yml" in p for p in refusals[0])


def test_a_pages_template_is_compiled_once_per_text_and_kept_on_disk_under_its_name(tmp_path, monkeypatch):
    compiles = []
    compile_ = Environment.compile

    def counted(self, source, *args, **kwargs):
        compiles.append(source)
        return compile_(self, source, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counted)
    monkeypatch.setattr(compiled, "_MEMORY", {})
    current = {"page": "en/agenda.md"}

    def environment(**settings) -> Environment:
        return compiled.keep_compiled_pages(Environment(**settings), tmp_path, lambda: current["page"])

    text = "# {{ title }}"
    assert environment().from_string(text).render(title="<b>") == "# <b>"
    monkeypatch.setattr(compiled, "_MEMORY", {})  # another process: the disk only
    assert environment().from_string(text).render(title="x") == "# x"
    assert compiles == [text]
    # Another environment's settings, an edited text, another page: compiled again.
    assert environment(autoescape=True).from_string(text).render(title="<b>") == "# &lt;b&gt;"
    assert environment().from_string(text + "!").render(title="x") == "# x!"
    current["page"] = "es/agenda.md"
    assert environment().from_string(text + "!").render(title="y") == "# y!"
    assert compiles == [text, text, text + "!", text + "!"]
    # One entry per page and settings: an edited text replaces its page's entry.
    assert len(list((tmp_path / ".cache/templates").iterdir())) == 3
    # With no page named, a text is compiled as Jinja does.
    current["page"] = None
    environment().from_string(text).render(title="z")
    assert len(compiles) == 5


def test_pages_that_passed_are_not_scanned_again_until_a_page_or_the_code_changes(tmp_path):
    root = copy_project(tmp_path / "project")
    # One process plays several: forgetting the session's own memory leaves only .cache/ to remember.
    script = """
import json
from pathlib import Path
from macros.build import session
safety = session.modules()["safety"]  # the modules the session imported
scans = []
scan = safety.page_problems
def counted(page, *args):
    scans.append(page.file)
    return scan(page, *args)
safety.page_problems = counted
def run():
    session._cache["pages"] = None
    scans.clear()
    found, problems = session.pages(Path.cwd(), {})
    return {"scans": len(scans), "problems": [str(p) for p in problems]}
seen = [run()]
seen.append(Path(".cache/pages-checked").is_file())
seen.append(run())  # the same pages, code and settings: passed before
notes = Path("docs/es/notes.md")  # edited: scanned again, and refused, every time
text = notes.read_text(encoding="utf-8")
notes.write_text(text + "\\nTexto <b>en negrita</b>.\\n", encoding="utf-8")
seen += [run(), run()]
notes.write_text(text, encoding="utf-8")
seen.append(run())
session._cache["digest"] = "the code changed"
seen.append(run())
print(json.dumps(seen))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
    seen = json.loads(result.stdout)
    pages = len(list((root / "docs").rglob("*.md")))
    passed, again, refused, refused_again, restored, new_code = (seen[0], *seen[2:])
    assert passed == {"scans": pages, "problems": []} and seen[1] is True
    assert again == {"scans": 0, "problems": []}
    for refusal in (refused, refused_again):
        assert refusal["scans"] == pages and len(refusal["problems"]) == 1, refusal
        assert refusal["problems"][0].startswith("docs/es/notes.md:")
    assert restored == {"scans": 0, "problems": []}
    assert new_code == {"scans": pages, "problems": []}
