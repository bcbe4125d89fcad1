"""The edition of a build: its version, its date and the offline archive's name.

The archive is named after the meeting's id (data/meeting.yml). The version is the project's version from pyproject.toml plus the git commit
(`1.0.0+3f2a1bc`), or SITE_VERSION when set; the build date is today (UTC),
or SOURCE_DATE_EPOCH when set, so that a build can be reproduced.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from macros.content import models as m
from macros.content.loader import load
from macros.content.validate import validate_document
from macros.render import formatting as fmt

ROOT = Path(__file__).resolve().parents[2]
FALLBACK_STEM = "meeting"  # while the data is broken (a build then fails; `make serve` lists the problems)


@dataclass(frozen=True)
class Edition:
    version: str
    built: dt.date
    offline: bool
    archive: str | None = None  # file name of the offline zip, if any
    archive_bytes: int | None = None
    site_url: str | None = None  # the online site's address (SITE_URL), if set; never offline

    def built_text(self, lang: str) -> str:
        return fmt.long_date(self.built, lang)


def version(root: Path = ROOT) -> str:
    if os.environ.get("SITE_VERSION"):
        return os.environ["SITE_VERSION"]
    base = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return base
    return f"{base}+{commit}" if commit else base


def build_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def meeting_id(root: Path = ROOT) -> str:
    """The meeting's id in data/meeting.yml, read and checked as the rest of the data is."""
    doc, problems = load(root / "data" / "meeting.yml", "data/meeting.yml")
    meeting, problems = (None, problems) if problems else validate_document(doc, m.MeetingFile)
    return meeting.id if meeting is not None and not problems else FALLBACK_STEM


def archive_name(version_text: str, root: Path = ROOT) -> str:
    """'<meeting id>-offline-<version>.zip'."""
    return f"{meeting_id(root)}-offline-{version_text}.zip"


def dist_dir(root: Path = ROOT) -> Path:
    """Where the offline zip is: dist/, or SITE_DIST_DIR while macros/cli/build.py builds."""
    return Path(os.environ["SITE_DIST_DIR"]) if os.environ.get("SITE_DIST_DIR") else root / "dist"


def current(offline: bool, root: Path = ROOT) -> Edition:
    """This build's edition; an online build offers the archive if dist/ has it."""
    text = version(root)
    archive = dist_dir(root) / archive_name(text, root)
    if offline or not archive.is_file():
        return Edition(text, build_date(), offline)
    return Edition(text, build_date(), offline, archive.name, archive.stat().st_size)
