"""`python -m macros.cli.archive`: build the offline edition and pack it as a zip.

The offline edition is the whole site, both languages, built with Material's
offline plugin (OFFLINE=true): every page works when opened from disk
(file://), with navigation, language switching and search. It is written to
dist/<meeting>-offline-<version>.zip, holding one folder of the same name;
a reader unpacks it and opens index.html. The build itself, strict and all or
nothing, is macros/cli/build.py's.
"""

from __future__ import annotations

import sys

from macros.cli.build import main as build_main


def main() -> int:
    return build_main(["--archive"])


if __name__ == "__main__":
    sys.exit(main())
