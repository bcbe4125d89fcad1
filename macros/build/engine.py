"""The engine that builds and serves the site: one setting, ENGINE, for every command.

`ENGINE=mkdocs` (the default) or `ENGINE=properdocs`: ProperDocs 1.6.7 is a maintained fork
of MkDocs 1.6 that reads the same mkdocs.yml, loads the same plugins and theme, and builds
this site byte-identical (tests/test_build.py checks it). Everything that runs a build or a
server (macros/cli/build.py, macros/cli/benchmark.py, `make serve`, the tests' builds) asks this
module for the command, and names mkdocs.yml explicitly (ProperDocs looks for properdocs.yml
first, and says so when it falls back), so moving off MkDocs is one setting:

    make build ENGINE=properdocs
    ENGINE=properdocs python -m macros.cli.build
    python -m macros.cli.serve ...   # what `make serve` runs: the engine's own command
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT = "mkdocs"
# Engine -> its Python package (for in-process builds, as `serve` runs them).
ENGINES = {"mkdocs": "mkdocs", "properdocs": "properdocs"}


class UnknownEngine(ValueError):
    """ENGINE names no engine this project builds with."""


def name(value: str | None = None) -> str:
    """The engine asked for: `value`, else the ENGINE environment variable, else mkdocs."""
    chosen = (value if value is not None else os.environ.get("ENGINE", "")).strip() or DEFAULT
    if chosen not in ENGINES:
        raise UnknownEngine(
            f"ENGINE={chosen!r} is not an engine this site builds with: use "
            + " or ".join(f"ENGINE={known}" for known in ENGINES)
            + f" (the default is {DEFAULT})"
        )
    return chosen


def executable(value: str | None = None) -> str:
    """The engine's command-line program, from the Python environment running this code."""
    return str(Path(sys.executable).parent / name(value))


def command(action: str, config: Path | str, *args: str, value: str | None = None) -> list[str]:
    """`<engine> ACTION --config-file CONFIG ARGS...`: a build or serve command line."""
    return [executable(value), action, "--config-file", str(config), *args]


def package(value: str | None = None) -> str:
    """The engine's Python package (its `commands.build` and `config` modules)."""
    return ENGINES[name(value)]


def running() -> str:
    """The engine of this process, for its logger's name: properdocs when its package is loaded (it
    then answers for `mkdocs.*` imports, and its `mkdocs` logger is a child of `properdocs`), else mkdocs."""
    return "properdocs" if "properdocs" in sys.modules else "mkdocs"
