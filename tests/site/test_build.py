"""`make build` and `make archive`: all or nothing, strict, reproducible."""

from __future__ import annotations

import datetime as dt
import filecmp
import gzip
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from macros.build import engine
from macros.cli import build

from conftest import ENGINE, ROOT, build_env, copy_project


def _run_build(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros.cli.build", *args],
        cwd=root,
        env=build_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_leaves_site_and_dist_as_they_were(tmp_path):
    root = copy_project(tmp_path / "project")
    page = root / "docs/es/methodology.md"
    page.write_text(page.read_text(encoding="utf-8").replace("(agenda.md)", "(agendas.md)", 1), encoding="utf-8")
    for folder, name in (("site", "index.html"), ("dist", "previous.zip")):
        (root / folder).mkdir()
        (root / folder / name).write_bytes(b"previous edition")
    before = {name: _tree(root / name) for name in ("site", "dist")}
    result = _run_build(root)
    assert result.returncode == 1, result.stdout + result.stderr
    # The offline edition is built strictly: its warning is shown and stops everything.
    assert "WARNING" in result.stderr and "'agendas.md'" in result.stderr, result.stderr
    assert "INFO" not in result.stderr
    assert result.stdout.startswith("Build failed: site/ and dist/ are unchanged. Run `make check`")
    assert {name: _tree(root / name) for name in ("site", "dist")} == before
    assert not list(root.glob(".build-*")), "the temporary build folder is removed"


@pytest.mark.long
def test_two_builds_of_one_commit_are_byte_identical_with_either_engine(tmp_path, offline_zip, site_dir):
    """A second build, in another copy, at another time and with the other engine (ProperDocs when
    the session's editions were built with MkDocs, and the reverse), equals the session's editions:
    builds are reproducible, and `make build ENGINE=properdocs` publishes the very same site."""
    other = next(name for name in engine.ENGINES if name != ENGINE)
    root = copy_project(tmp_path / "project")
    result = _run_build(root, ENGINE=other)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INFO" not in result.stdout + result.stderr  # a summary, not MkDocs' chatter
    assert result.stdout.startswith("Built site/ (")
    (archive,) = (root / "dist").glob("*.zip")
    assert archive.name == offline_zip.name
    assert archive.read_bytes() == offline_zip.read_bytes()
    comparison = filecmp.dircmp(root / "site", site_dir)
    assert _tree(root / "site") == _tree(site_dir), comparison.report()
    # The sitemap's gzip header carries the date of the newest page MkDocs built
    # last (a page's last commit, as in the sitemap's <lastmod>), not the time of the build.
    with (root / "site/sitemap.xml.gz").open("rb") as f:
        header = f.read(8)
    dates = set(re.findall(r"<lastmod>([\d-]+)</lastmod>", (root / "site/sitemap.xml").read_text(encoding="utf-8")))
    midnights = {int(dt.datetime.combine(dt.date.fromisoformat(d), dt.time(), dt.UTC).timestamp()) for d in dates}
    assert int.from_bytes(header[4:8], "little") in midnights
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert names == sorted(names, key=lambda n: n.split("/", 1)[1])
        assert {info.date_time for info in z.infolist()} == {(2021, 9, 20, 0, 0, 0)}
    assert gzip.decompress((root / "site/sitemap.xml.gz").read_bytes()).startswith(b"<?xml")


def test_zip_ignores_file_dates_and_order_on_disk(tmp_path):
    folder = tmp_path / "edition"
    (folder / "b").mkdir(parents=True)
    for name in ("b/z.html", "a.html", "b/a.css"):
        (folder / name).write_text(name, encoding="utf-8")
    build.write_zip(folder, tmp_path / "one.zip", 1632096000)
    os.utime(folder / "a.html", (1, 1))
    (folder / "b/a.css").chmod(0o600)
    build.write_zip(folder, tmp_path / "two.zip", 1632096000)
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as z:
        assert z.namelist() == ["edition/a.html", "edition/b/a.css", "edition/b/z.html"]


def test_build_date_defaults_to_the_last_commit(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    last = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert build.source_date_epoch(ROOT) == last
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1632096000")
    assert build.source_date_epoch(ROOT) == "1632096000"


def test_an_unknown_engine_is_refused_in_one_sentence(tmp_path):
    result = _run_build(copy_project(tmp_path / "project"), ENGINE="zensical")
    assert result.returncode == 1
    assert result.stdout == (
        "Build not started: ENGINE='zensical' is not an engine this site builds with: use ENGINE=mkdocs or "
        "ENGINE=properdocs (the default is mkdocs).\n"
    )
    assert not (tmp_path / "project" / "site").exists()
