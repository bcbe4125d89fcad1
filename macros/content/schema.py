"""`python -m macros.schema`: write a JSON Schema for each data file.

Editors that understand JSON Schema (VS Code with the YAML extension, the
JetBrains IDEs, and others) validate and complete data/*.yml as the
secretariat types: each data file names its schema on its first line, and
.vscode/settings.json maps them too. `--check` fails if a schema is stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .models import FILES

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def schema_text(name: str) -> str:
    model = FILES[name]
    schema = model.model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"data/{name}", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def schema_path(name: str, folder: Path = SCHEMAS) -> Path:
    return folder / name.replace(".yml", ".schema.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.schema", description=__doc__.splitlines()[0])
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
