"""What a build process keeps between builds: code, data, checked pages.

MkDocs calls the macros' define_env once per language and, under
`make serve`, again on every rebuild. Reading and validating the data and the pages
each time, and importing the package's modules again, was wasted work: here
the modules are imported afresh only when a file of macros/ changed (so edits
to the code still show), the data is read again only when a data file or the
code changed, and the pages are read and checked again only when a page,
mkdocs.yml or the code changed.

Between processes (`make build`, a new `make serve`), `.cache/pages-checked`
holds the fingerprint of the last pages that passed the checks (see
`pages`): the same pages, settings, code and parsers need not be scanned again.

This module and those named in KEEP survive the re-imports; it imports no
other module of the package at load time, and knows nothing of MkDocs.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType

PACKAGE = __name__.partition(".")[0]
HERE = Path(__file__).resolve().parent.parent  # the whole package, every layer
KEEP = {__name__, f"{PACKAGE}.build.preview"}
# Short names (as the adapter uses them) of the modules it calls.
MODULES = {
    "problems": "content.problems",
    "validate": "content.validate",
    "render": "render.renderer",
    "pages": "pages.sources",
    "restated": "pages.restated",
    "registry": "build.registry",
    "preview": "build.preview",
    "safety": "pages.safety",
    "links": "pages.links",
}

_cache: dict = {"code": None, "digest": None, "modules": None, "data": None, "pages": None, "files": {}}
CHECKED = Path(".cache") / "pages-checked"  # in the project: see pages()


def signature(*patterns: tuple[Path, str]) -> tuple:
    """Names, dates and sizes of the files matching the patterns: changes when one is edited."""
    return tuple(
        sorted(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for folder, pattern in patterns
            for p in folder.glob(pattern)
        )
    )


def modules() -> dict[str, ModuleType]:
    """The package's modules, imported afresh if a file of the package changed."""
    code = signature((HERE, "**/*.py"), (HERE, "**/*.yml"))
    if code != _cache["code"]:
        for name in [n for n in sys.modules if n.startswith(f"{PACKAGE}.") and n not in KEEP]:
            del sys.modules[name]
        loaded = {name: importlib.import_module(f"{PACKAGE}.{module}") for name, module in MODULES.items()}
        digest = hashlib.sha256()
        for path in sorted(p for p in HERE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(HERE)}\0".encode() + path.read_bytes() + b"\0")
        _cache.update(code=code, digest=digest.hexdigest(), data=None, pages=None, files={}, modules=loaded)
    return _cache["modules"]


def dataset(data_dir: Path):
    """The validated data (DataError if it is broken), read again only when a data file changed,
    and then only that file read and given its shape again (the rules run over all)."""
    mods = modules()
    # The shared files too: a document of meeting.yml must exist in docs/files/.
    key = (str(data_dir), signature((data_dir, "*.yml"), (data_dir.parent / "docs" / "files", "**/*")))
    cached = _cache["data"]
    if cached is None or cached[0] != key:
        mods["render"].strings()  # macros/render/strings.yml is checked with the data
        cached = (key, mods["validate"].load_dataset(data_dir, reuse=_cache["files"]))
        _cache["data"] = cached
    return cached[1]


def pages(project: Path, macros_settings: dict) -> tuple[dict, list]:
    """The pages of both languages and what `make check` refuses in them and in mkdocs.yml.

    The same functions as `make check`: the texts and navigation titles of
    mkdocs.yml; in each page, raw HTML, attribute lists and any {{ … }} but a
    macro call with fixed values, read with the site's Markdown extensions and
    the macros plugin's own Jinja settings (`macros_settings`, pages/safety.py).
    Read again only when a page or mkdocs.yml changed: every language's build
    and every rebuild after a data edit share one reading.

    The scans of the pages' Markdown and Jinja are skipped when the pages passed
    them before, in this process or another: `.cache/pages-checked` holds the
    fingerprint of the last pages that passed (every page's file and text, the
    Markdown extensions and their settings, the Jinja settings, the code of
    this package, the versions of Python, Python-Markdown, PyMdown Extensions
    and Jinja). Anything else than a match scans them again.
    """
    mods = modules()
    key = (
        str(project),
        repr(sorted(macros_settings.items())),
        signature((project / "docs", "**/*.md"), (project, "mkdocs.yml")),
    )
    cached = _cache["pages"]
    if cached is None or cached[0] != key:
        found, problems = mods["pages"].load_pages(project / "docs")
        config, node, config_problems = mods["pages"].read_config(project / "mkdocs.yml")
        problems += config_problems + mods["pages"].settings_problems(
            config, node, project / "mkdocs.yml", config_problems
        )
        extensions = mods["links"].markdown_extensions(config)
        fingerprint = _fingerprint(found, extensions, macros_settings)
        if problems or _read(project / CHECKED) != fingerprint:
            names = set(mods["registry"].functions(lambda: None, lambda: []))
            jinja = mods["safety"].macros_environment({"plugins": [{"macros": macros_settings}]})
            scanner = mods["safety"].MarkdownScan(*extensions)
            for page in found.values():
                markup, free = mods["safety"].page_problems(page, scanner, jinja, names)
                problems += markup + free
            if not problems:
                _write(project / CHECKED, fingerprint)
        cached = (key, (found, problems))
        _cache["pages"] = cached
    found, problems = cached[1]
    return found, list(problems)


def _fingerprint(found: dict, extensions, macros_settings: dict) -> str:
    """What the scans of the pages depend on, as one digest."""
    import jinja2
    import markdown
    import pymdownx

    digest = hashlib.sha256()
    versions = (sys.version, markdown.__version__, pymdownx.__version__, jinja2.__version__)
    for part in (_cache["digest"], repr(versions), repr(extensions), repr(sorted(macros_settings.items()))):
        digest.update(part.encode("utf-8") + b"\0")
    for page in sorted(found.values(), key=lambda page: page.file):
        digest.update(f"{page.file}\0{page.body_line}\0{page.body}\0".encode())
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _write(path: Path, text: str) -> None:
    """Written whole or not at all (a rename), and never a reason to stop a build."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
