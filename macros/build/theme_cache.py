"""The theme's templates, listed and compiled once, not once per language and build.

MkDocs makes a new Jinja environment for every build, and mkdocs-static-i18n
runs one build per language, so on every build of every language (and, under
`make serve`, on every rebuild):

- the theme's ~40 templates were compiled again: about a sixth of a build's
  time. The compiled code is now kept in the process and in the project's
  `.cache/templates/` (macros/render/compiled.py: Jinja's own bytecode-cache
  protocol, checked against each template's source, so an edited template is
  compiled again);
- every file of the theme was listed, to copy its static files, and the
  hidden ones dropped again: Material's theme folder holds some 14,000 icons
  in `.icons/`, listed and matched against a dozen patterns each time, about
  a sixth of a rebuild. ThemeLoader lists the theme without its hidden files
  and folders, which MkDocs never copies ('.*' and '*/.*' in its filter), so
  the same files are copied; templates and icons are still found by name.
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from macros.render.compiled import CompiledTemplates, keep_compiled


class ThemeLoader(FileSystemLoader):
    """A FileSystemLoader whose list of templates leaves out hidden files and folders."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath)
                prefix = "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"
                found.update(prefix + name for name in names if not name.startswith("."))
        return sorted(found)


def fast(env: Environment, project: Path) -> Environment:
    """The theme's Jinja environment, with the listing above and its compiled templates kept."""
    loader = env.loader
    if isinstance(loader, FileSystemLoader) and not isinstance(loader, ThemeLoader):
        env.loader = ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
    if not isinstance(env.bytecode_cache, CompiledTemplates):
        keep_compiled(env, project)
    return env
