"""Templates listed and compiled once, not once per language and build (the
work and the reasons: macros/build/theme_cache.py, macros/render/compiled.py):

- the theme's: MkDocs lists the theme's files with the environment
  `config.theme.get_env()` returns, before any later event could reach it, so
  that method is wrapped here;
- the pages', which mkdocs-macros renders as templates made from each page's
  text, with the environment it makes in its own `on_config`: reached here
  before the first page; each is kept under the name of the page
  mkdocs-macros is rendering.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _project(config) -> Path:
    project = Path(config.config_file_path).resolve().parent
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    return project


def on_config(config):
    project = _project(config)
    from macros.build.theme_cache import fast

    theme = config.theme
    make = theme.get_env
    if getattr(make, "__wrapped__", None) is None:  # once, though every language runs this

        def get_env():
            return fast(make(), project)

        get_env.__wrapped__ = make
        theme.get_env = get_env
    return config


def on_pre_build(config) -> None:
    project = _project(config)
    from macros.render.compiled import keep_compiled_pages

    macros = config.plugins.get("macros")
    if macros is None:
        return

    def page() -> str | None:  # the page mkdocs-macros is rendering
        current = getattr(macros, "page", None)  # mkdocs-macros raises AttributeError before the first page
        return current.file.src_uri if current is not None else None

    keep_compiled_pages(macros.env, project, page)
