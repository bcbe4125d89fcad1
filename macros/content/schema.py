"""The JSON Schema of each data file, from its model (models.py).

Editors that understand JSON Schema (VS Code with the YAML extension, the
JetBrains IDEs, and others) validate and complete data/*.yml as the
secretariat types: each data file names its schema on its first line, and
.vscode/settings.json maps them too. `make schemas` writes them (cli/schemas.py).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from macros.content.models import FILES

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


@functools.cache  # the open data of each language publishes it again
def schema_text(name: str) -> str:
    model = FILES[name]
    schema = model.model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"data/{name}", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def schema_path(name: str, folder: Path = SCHEMAS) -> Path:
    return folder / name.replace(".yml", ".schema.json")
