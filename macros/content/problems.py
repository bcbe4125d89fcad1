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

    @classmethod
    def at_mark(cls, file: str, mark, path: str, message: str, first_line: int = 1) -> Problem:
        """A problem at a YAML mark (0-based line and column; None: no line). `first_line` is the
        file's line of the YAML text's first line (a page's front matter starts on line 2)."""
        if mark is None:
            return cls(file, None, path, message)
        return cls(file, mark.line + first_line, path, message, column=mark.column + 1)

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
