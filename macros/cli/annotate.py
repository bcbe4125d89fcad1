"""Run a command and show its `file:line: field: sentence` lines on GitHub.

    python3 macros/cli/annotate.py [--level error|warning] [--title TITLE] -- make check

The command's output is passed through unchanged. Then every line of the form
`file:line: sentence` or `file:line:column: sentence` (what `make check`,
`make build` and `make translations` print) becomes a workflow command
(`::error file=…,line=…::sentence`), which GitHub shows on that line of the
pull request, and the lines are added, in the same words, to the job summary
($GITHUB_STEP_SUMMARY). The exit status is the command's. Outside GitHub
Actions only the command's output is shown. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# file:line[:column]: sentence -- the file is a relative path without spaces or colons.
LINE = re.compile(r"^(?P<file>[\w./-]+\.\w+):(?P<line>\d+)(?::(?P<column>\d+))?: (?P<message>\S.*)$")


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    column: int | None
    message: str

    def text(self) -> str:
        where = f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")
        return f"{where}: {self.message}"


def findings(output: str) -> list[Finding]:
    """The `file:line: sentence` lines of a command's output, in order, each once."""
    found: dict[Finding, None] = {}
    for raw in output.splitlines():
        match = LINE.match(raw.strip())
        if match:
            column = int(match["column"]) if match["column"] else None
            found[Finding(match["file"], int(match["line"]), column, match["message"])] = None
    return list(found)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(finding: Finding, level: str, title: str) -> str:
    """`::error file=…,line=…,title=…::sentence`, escaped as GitHub's workflow commands require."""
    props = [f"file={_escape_property(finding.file)}", f"line={finding.line}"]
    if finding.column:
        props.append(f"col={finding.column}")
    props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(finding.message)}"


def summary(found: list[Finding], title: str, command: str, status: int) -> str:
    """Markdown for the job summary: the lines in the command's own words."""
    if not found:
        state = "passed" if status == 0 else f"failed (exit status {status}); see the job's log"
        return f"### {title}\n\n`{command}` {state}.\n"
    lines = "\n".join(f.text() for f in found)
    count = f"{len(found)} line{'s' if len(found) != 1 else ''}"
    return f"### {title}\n\n`{command}` reported {count} (file:line: field: what is wrong):\n\n```text\n{lines}\n```\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--level", choices=("error", "warning", "notice"), default="error")
    parser.add_argument("--title", help="heading of the annotations and the summary (default: the command)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    shown = " ".join(command)
    title = args.title or shown
    process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sys.stdout.write(process.stdout)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        found = findings(process.stdout)
        for finding in found:
            print(workflow_command(finding, args.level, title))
        if os.environ.get("GITHUB_STEP_SUMMARY"):
            with Path(os.environ["GITHUB_STEP_SUMMARY"]).open("a", encoding="utf-8") as out:
                out.write(summary(found, title, shown, process.returncode) + "\n")
    sys.stdout.flush()
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
