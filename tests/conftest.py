"""Shared fixtures: the site is built once per test session.

`site_dir` is the online site (mkdocs build --strict), `offline_dir` the
offline edition unpacked from the zip that `python -m macros.archive` makes.
Both are built from this checkout into temporary folders.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
LANGS = ("en", "es")
VERSION = "test-edition"


def build_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_VERSION": VERSION, "SOURCE_DATE_EPOCH": "1632096000"}
    env.pop("OFFLINE", None)
    env.update(extra)
    return env


def mkdocs_build(root: Path, site: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(site)], cwd=root,
                          env=build_env(**env), capture_output=True, text=True, timeout=300)


def copy_project(target: Path) -> Path:
    """A copy of the project's sources, to build with edited data."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("data", "docs", "macros", "overrides"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy2(ROOT / name, target / name)
    return target


def nav_slugs() -> list[str]:
    from macros.pages import nav_slugs as read

    return read(ROOT / "mkdocs.yml")


@pytest.fixture(scope="session")
def slugs() -> list[str]:
    return nav_slugs()


@pytest.fixture(scope="session")
def dataset():
    from macros.validate import load_dataset

    return load_dataset(ROOT / "data")


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The offline edition's zip, built by macros.archive in a copy of the project."""
    root = copy_project(tmp_path_factory.mktemp("archive-project"))
    result = subprocess.run([sys.executable, "-m", "macros.archive"], cwd=root, env=build_env(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    zips = list((root / "dist").glob("*.zip"))
    assert len(zips) == 1, zips
    return zips[0]


@pytest.fixture(scope="session")
def offline_dir(offline_zip, tmp_path_factory) -> Path:
    """The offline edition, unpacked as a reader would."""
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    return folder


@pytest.fixture(scope="session")
def site_dir(offline_zip, tmp_path_factory) -> Path:
    """The online site, built after the archive so it offers it for download."""
    root = offline_zip.parent.parent
    site = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site
