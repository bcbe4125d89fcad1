"""Compiled theme templates, kept for the life of the process.

MkDocs makes a new Jinja environment for every build, and mkdocs-static-i18n
runs one build per language, so the theme's ~50 templates were compiled again
for each language and, under `make serve`, on every rebuild: about a third of
a build's time. The compiled code is kept here, keyed by template and checked
against its source (Jinja's own bytecode-cache protocol), so an edited
template is compiled again.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


THEME = MemoryBytecodeCache()
