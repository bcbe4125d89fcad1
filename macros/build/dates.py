"""When each page last changed, from git.

A page's date is that of the last commit that changed its Markdown file, or,
for a page that shows data through macros (it contains "{{"), the data files
and the words around them (data/, macros/render/strings.yml) as well. Dates are
read from the commits, never from the clock, so the online site and the
offline edition of one commit show the same dates, build after build.

Without git history (a copy of the sources, an export), the date is that of
SOURCE_DATE_EPOCH when set, else there is none and no date is shown.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from functools import cache
from pathlib import Path

DATA_PATHS = ("data", "macros/render/strings.yml")


@cache
def _git_date(root: str, paths: tuple[str, ...]) -> dt.date | None:
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *paths],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return dt.datetime.fromtimestamp(int(out), dt.UTC).date() if out else None


def _fallback() -> dt.date | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else None


def page_paths(source: Path, root: Path, markdown: str) -> tuple[str, ...]:
    """The files whose commits date a page: its Markdown, plus the data when it calls macros."""
    own = source.resolve().relative_to(root.resolve()).as_posix()
    return (own, *DATA_PATHS) if "{{" in markdown else (own,)


def last_updated(source: Path, root: Path, markdown: str) -> dt.date | None:
    """The date the page `source` (under the project `root`) last changed."""
    return _git_date(str(root), page_paths(source, root, markdown)) or _fallback()
