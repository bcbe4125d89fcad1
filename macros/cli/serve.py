"""`python -m macros.cli.serve ARGS...` (what `make serve` runs): the engine's own command with ARGS.

The engine is the one ENGINE names (macros/build/engine.py): `mkdocs serve ...` by default.
"""

from __future__ import annotations

import os
import sys

from macros.build import engine


def main(argv: list[str] | None = None) -> int:
    """Run the engine ENGINE names with ARGS."""
    args = sys.argv[1:] if argv is None else argv
    try:
        program = engine.executable()
    except engine.UnknownEngine as error:
        print(f"{error}.", file=sys.stderr)
        return 2
    os.execv(program, [program, *args])
    return 0  # not reached: the engine replaced this process


if __name__ == "__main__":
    sys.exit(main())
