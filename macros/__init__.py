"""MkDocs adapter: registers the macros with mkdocs-macros-plugin.

All the work is in plain modules (loader, models, validate, render, charts,
formatting, pages) that know nothing of MkDocs; this file only connects them
to the page being built (session.py keeps code and data between builds). A
problem in the data or pages stops the build with one line per problem and no
traceback; under `make serve` the pages list the problems instead (preview.py).
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_LANGUAGE = "en"


def define_env(env) -> None:
    from mkdocs.exceptions import PluginError

    from macros.build import session

    mods = session.modules()
    project = Path(env.conf["config_file_path"]).resolve().parent
    data, problems = None, []
    try:
        # What `make check` refuses before running any macro, the build refuses too, with the same
        # functions (build/session.py), read once for every language and rebuild.
        pages, problems = session.pages(project, dict(env.config))
        if problems:
            raise mods["problems"].DataError(problems)
        data = session.dataset(project / "data")
        problems = mods["restated"].problems(pages, data)
        for page in pages.values():  # the macros of descriptions, as make check runs them
            renderer = mods["render"].Renderer(data, page.lang, lambda slug, anchor=None: "")
            problems += mods["render"].description_problems(page, renderer)
        if problems:
            raise mods["problems"].DataError(problems)
    except mods["problems"].DataError as error:
        if not mods["preview"].STATE.on:
            raise PluginError(str(error)) from None
        # `make serve`: the pages show the problems instead (overrides/hooks/serve_problems.py).
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
    """The build's edition (set by overrides/hooks/set_edition.py) and the archive's URL."""
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
    renderer = mods["render"].Renderer(site["data"], lang, _linker(env, lang, site["pages"]), edition, download)
    site["state"]["renderer"] = renderer
    # A description may hold {{ start() }}, {{ end() }}, {{ duration() }}, {{ meeting_date() }}.
    meta = env.page.meta
    if isinstance(meta.get("description"), str):
        meta["description"] = renderer.expand(meta["description"])


def on_post_page_macros(env) -> None:
    """Acronyms become tooltips: abbreviation definitions in the page's language."""
    site = env.variables["_site"]
    if site["data"] is None:
        return
    found = site["modules"]["registry"].abbreviations(site["state"]["renderer"], env.markdown)
    env.markdown += "\n\n" + found + "\n"
