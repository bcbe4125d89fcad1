"""Problems found in the data or the pages, reported one line each.

A problem names the file, the line (and column, for YAML syntax errors), the
field path and says in a plain sentence what is wrong, e.g.

    data/agenda.yml:42: slots[3].end: 10:05 is before the start 10:10
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """('slots', 3, 'end') -> 'slots[3].end'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    path: str
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass
class DataError(Exception):
    """Raised with every problem of a run, so that all are reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the site's data or pages:"
        return "\n".join([head, *(str(p) for p in self.problems)])


class InternalError(Exception):
    """A bug in the site's own code (macros/), as opposed to a mistake in the data or pages.

    Reported apart from problems, so that nobody looks for a mistake in a file that has none."""


def raise_if_any(problems: Iterable[Problem]) -> None:
    problems = list(problems)
    if problems:
        raise DataError(sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.path, p.message)))
