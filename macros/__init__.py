"""MkDocs adapter: registers the macros with mkdocs-macros-plugin.

All the work is in plain modules (loader, models, validate, render, charts,
formatting, pages) that know nothing of MkDocs; this file only connects them
to the page being built. A problem in the data or pages stops the build with
one line per problem and no traceback.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

DEFAULT_LANGUAGE = "en"

# Modules kept across rebuilds: their state belongs to the `make serve` process.
_KEEP = {f"{__name__}.preview", f"{__name__}.jinja_cache"}
# What `make serve` keeps between rebuilds: the modules (reloaded only when
# their code changes) and the data (read again only when a file in data/ or
# the code changes). MkDocs calls define_env once per language and rebuild.
_CACHE: dict = {"code": None, "modules": None, "data": None}


def _signature(*patterns: tuple[Path, str]) -> tuple:
    return tuple(
        sorted(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for folder, pattern in patterns
            for p in folder.glob(pattern)
        )
    )


def _load() -> dict[str, ModuleType]:
    """The macros' modules, imported afresh when their code changed, so that
    `make serve` picks up edits to the code, not only to data and pages."""
    here = Path(__file__).parent
    code = _signature((here, "*.py"), (here, "*.yml"))
    if code != _CACHE["code"]:
        for name in [n for n in sys.modules if n.startswith(f"{__name__}.") and n not in _KEEP]:
            del sys.modules[name]
        _CACHE.update(
            code=code,
            data=None,
            modules={
                name: importlib.import_module(f"{__name__}.{name}")
                for name in ("problems", "validate", "render", "pages", "registry", "preview")
            },
        )
    return _CACHE["modules"]


def _dataset(mods, data_dir: Path):
    """The validated data, read again only when a data file changed."""
    key = (str(data_dir), _signature((data_dir, "*.yml")))
    cached = _CACHE["data"]
    if cached is None or cached[0] != key:
        mods["render"].strings()  # macros/strings.yml is checked with the data
        cached = (key, mods["validate"].load_dataset(data_dir))
        _CACHE["data"] = cached
    return cached[1]


def define_env(env) -> None:
    from mkdocs.exceptions import PluginError

    mods = _load()
    project = Path(env.conf["config_file_path"]).resolve().parent
    data, problems = None, []
    try:
        pages, problems = mods["pages"].load_pages(project / "docs")
        if problems:
            raise mods["problems"].DataError(problems)
        data = _dataset(mods, project / "data")
    except mods["problems"].DataError as error:
        if not mods["preview"].STATE.on:
            raise PluginError(str(error)) from None
        # `make serve`: the pages show the problems instead (overrides/hooks/preview.py).
        mods["preview"].STATE.broken = True
    order = mods["pages"].slugs_of(env.conf["nav"]) or sorted(
        {slug for slug, _ in pages}, key=lambda s: (s != "index", s)
    )
    state: dict = {}

    def current():
        return state["renderer"]

    def page_sections():
        return mods["pages"].sections(pages, order, state["renderer"].lang)

    env.variables["_site"] = {
        "data": data,
        "state": state,
        "modules": mods,
        "pages": sorted(f"{lang}/{slug}" for slug, lang in pages),
    }
    for name, function in mods["registry"].functions(current, page_sections).items():
        env.macro(function, name)


def _language(env) -> str:
    return getattr(env.page.file, "locale", None) or env.conf["theme"].get("language") or DEFAULT_LANGUAGE


def _linker(env, lang: str, pages):
    from mkdocs.utils import get_relative_url

    directory_urls = env.conf["use_directory_urls"]
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    here = env.page.url or ("" if directory_urls else "index.html")

    def link(slug: str, anchor: str | None = None) -> str:
        if f"{lang}/{slug}" not in pages:  # `make check` names the page and line
            raise KeyError(f"link({slug!r}): no page docs/{lang}/{slug}.md")
        if directory_urls:
            target = prefix + ("" if slug == "index" else f"{slug}/")
        else:
            target = prefix + f"{slug}.html"
        url = get_relative_url(target or ".", here or ".")
        if directory_urls and not url.endswith("/"):
            url += "/"
        return f"{url}#{anchor}" if anchor else url

    return link


def _edition(env):
    """The build's edition (set by overrides/hooks/edition.py) and the archive's URL."""
    from mkdocs.utils import get_relative_url

    edition = env.conf["extra"].get("edition")
    if not edition:
        return None, None
    download = None
    if edition.archive:
        download = get_relative_url(f"downloads/{edition.archive}", env.page.url or ".")
    return edition, download


def on_pre_page_macros(env) -> None:
    """Per page: the page's language, links relative to it, fresh config.

    mkdocs-macros takes its copy of `config` and `extra` before
    mkdocs-static-i18n applies a language's settings, so both are refreshed
    here for every page.
    """
    site = env.variables["_site"]
    if site["data"] is None:  # `make serve` with broken data: the page lists the problems instead
        env.markdown = ""
        return
    lang = _language(env)
    env.variables["config"] = env.conf
    env.variables["extra"] = env.conf.get("extra", {})
    env.variables["lang"] = lang
    mods = site["modules"]
    edition, download = _edition(env)
    site["state"]["renderer"] = mods["render"].Renderer(
        site["data"], lang, _linker(env, lang, site["pages"]), edition, download
    )


def on_post_page_macros(env) -> None:
    """Acronyms become tooltips: abbreviation definitions in the page's language."""
    site = env.variables["_site"]
    if site["data"] is None:
        return
    env.markdown += "\n\n" + site["modules"]["registry"].abbreviations(site["state"]["renderer"]) + "\n"
