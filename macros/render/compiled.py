"""Compiled Jinja templates kept between builds: in memory for the life of the
process, and on disk as Python keeps its .pyc files.

Compiling the theme's templates, the site's own and the pages (which
mkdocs-macros renders as templates) is about a sixth of a strict build, and
mkdocs-static-i18n builds every language with new environments. Jinja's own
bytecode-cache protocol keeps the compiled code in the process, and in the
project's `.cache/templates/` folder (ignored by git, safe to delete) for the
next build:

- each entry is found by the template's name and file, and by what changes
  the compiled code (the environment's settings, Jinja's and Python's
  versions): an environment that escapes never loads code compiled for one
  that does not;
- each entry holds the checksum of the source it was compiled from, and is
  compiled again when the source differs (an edited template, a new theme);
- entries are written to a temporary file and renamed (Jinja's
  FileSystemBytecodeCache), so parallel builds never read half an entry;
- a folder that cannot be written, or an entry that cannot be read, only
  means compiling again: the cache never stops a build.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

FOLDER = Path(".cache") / "templates"

# The settings of an environment that change the code it compiles (Jinja's lexer, parser and
# code generator read them), and the versions that do.
_SETTINGS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
    "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
    "autoescape", "is_async",
)  # fmt: skip


def settings_of(env: Environment) -> str:
    """What the code an environment compiles depends on, as one text."""
    parts = [f"{name}={getattr(env, name)!r}" for name in _SETTINGS]
    parts.append(f"finalize={env.finalize is not None}")
    parts.append(f"extensions={sorted(env.extensions)}")
    parts.append(f"jinja={jinja2.__version__} python={sys.version}")
    return "\n".join(parts)


_MEMORY: dict[str, bytes] = {}  # entry -> compiled code, for the life of the process


class CompiledTemplates(FileSystemBytecodeCache):
    def __init__(self, folder: Path, settings: str) -> None:
        super().__init__(str(folder))
        self._folder = folder
        self._salt = hashlib.sha256(settings.encode("utf-8")).hexdigest()

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self._salt}|{name}", filename)

    def load_bytecode(self, bucket: Bucket) -> None:
        code = _MEMORY.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # checked against the source, as from disk
            if bucket.code is not None:
                return
        try:
            super().load_bytecode(bucket)
        except Exception:  # an entry cut short or garbled: compile again
            bucket.reset()
        if bucket.code is not None:
            _MEMORY[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        _MEMORY[bucket.key] = bucket.bytecode_to_string()
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:  # a read-only checkout, a full disk: compiled again next time
            pass


def keep_compiled(env: Environment, project: Path) -> Environment:
    """`env` with its compiled templates kept in the project's .cache/templates/ folder."""
    env.bytecode_cache = CompiledTemplates(project / FOLDER, settings_of(env))
    return env


def keep_compiled_pages(env: Environment, project: Path, page: Callable[[], str | None]) -> Environment:
    """`env` with the templates it makes from a page's text kept compiled like the others.

    mkdocs-macros renders each page's Markdown as a template made from its text
    (Environment.from_string), in every build and rebuild. `page()` names the
    page being rendered: its text's compiled code is kept under that name, in
    the process and in .cache/templates/, one entry per page, replaced when
    the page's text changes (the entry holds the checksum of its text). A text
    made while no page is named is compiled as Jinja does.
    """
    if getattr(env.compile, "keeps_pages", False):
        return env
    cache = CompiledTemplates(project / FOLDER, settings_of(env))
    compile_ = env.compile

    def compile(source, name=None, filename=None, raw=False, defer_init=False):
        owner = page()
        if not isinstance(source, str) or name or filename or raw or defer_init or not owner:
            return compile_(source, name, filename, raw, defer_init)
        bucket = cache.get_bucket(env, f"<the text of {owner}>", None, source)
        if bucket.code is None:
            bucket.code = compile_(source)
            cache.set_bucket(bucket)
        return bucket.code

    compile.keeps_pages = True
    env.compile = compile
    return env
