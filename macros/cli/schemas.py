"""`python -m macros.cli.schemas` (`make schemas`): write a JSON Schema for each data file.

The schemas come from the models (content/schema.py). `--check` fails if a
schema is stale.
"""

from __future__ import annotations

import argparse
import sys

from macros.content.models import FILES
from macros.content.schema import SCHEMAS, schema_path, schema_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli.schemas", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a schema file is not up to date")
    args = parser.parse_args(argv)
    stale = []
    for name in FILES:
        path, text = schema_path(name), schema_text(name)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(str(path.relative_to(SCHEMAS.parent)))
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(SCHEMAS.parent)}")
    if stale:
        print("stale JSON Schemas (run `make schemas`): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
