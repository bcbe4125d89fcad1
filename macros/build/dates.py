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
def _history(root: str) -> dict[str, dt.date]:
    """The date of the last commit of every file under `root` (paths relative to it), from one `git log`."""
    try:
        out = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--format=%x00%ct", "--name-only", "--relative", "--", "."],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    latest: dict[str, dt.date] = {}
    for commit in out.split("\0")[1:]:
        stamp, *names = commit.strip().splitlines()
        date = dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
        for name in filter(None, names):
            latest[name] = max(date, latest.get(name, date))
    return latest


def _git_date(root: str, paths: tuple[str, ...]) -> dt.date | None:
    """The last commit's date among the files and folders `paths` (as `git log -1 -- paths` finds it)."""
    history = _history(root)
    dates = [
        date
        for name, date in history.items()
        if any(name == path or name.startswith(path.rstrip("/") + "/") for path in paths)
    ]
    return max(dates, default=None)


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
