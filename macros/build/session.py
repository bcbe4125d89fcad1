"""What a build process keeps between builds: code, data, compiled templates.

MkDocs calls the macros' define_env once per language and, under
`make serve`, again on every rebuild. Reading and validating the data and the pages
each time, and importing the package's modules again, was wasted work: here
the modules are imported afresh only when a file of macros/ changed (so edits
to the code still show), the data is read again only when a data file or the
code changed, and the pages are read and checked again only when a page,
mkdocs.yml or the code changed.

This module and those named in KEEP survive the re-imports; it imports no
other module of the package at load time, and knows nothing of MkDocs.
"""

from __future__ import annotations

import importlib
import sys
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

_cache: dict = {"code": None, "modules": None, "data": None, "pages": None, "files": {}}


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
        _cache.update(code=code, data=None, pages=None, files={}, modules=loaded)
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
        names = set(mods["registry"].functions(lambda: None, lambda: []))
        jinja = mods["safety"].macros_environment({"plugins": [{"macros": macros_settings}]})
        scanner = mods["safety"].MarkdownScan(*mods["links"].markdown_extensions(config))
        for page in found.values():
            markup, free = mods["safety"].page_problems(page, scanner, jinja, names)
            problems += markup + free
        cached = (key, (found, problems))
        _cache["pages"] = cached
    found, problems = cached[1]
    return found, list(problems)
