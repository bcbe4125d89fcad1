"""`python -m macros.check`: check data and pages without building the site.

Prints one line per problem (file:line: field: what is wrong) and exits 1, or
prints a one-line summary and exits 0. Besides the data files, every page of
both languages is read and its macros are rendered, so an unknown id in a
page (say, figure("no-such-figure")) is caught here too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jinja2 import Environment, StrictUndefined, TemplateError

from . import registry
from .pages import load_pages, nav_slugs, sections
from .problems import DataError, Problem
from .render import Renderer, strings
from .validate import load_dataset


def check(root: Path) -> list[Problem]:
    """Every problem in the data and pages under `root`."""
    pages, problems = load_pages(root / "docs")
    try:
        strings()
        data = load_dataset(root / "data")
    except DataError as error:
        return problems + error.problems
    try:
        order = nav_slugs(root / "mkdocs.yml")
    except (OSError, ValueError) as error:
        return problems + [Problem("mkdocs.yml", None, "nav", f"cannot be read: {error}")]
    for slug in order:
        for lang in ("en", "es"):
            if (slug, lang) not in pages and not any(p.file.endswith(f"/{lang}/{slug}.md") for p in problems):
                problems.append(Problem(f"docs/{lang}/{slug}.md", None, "", "the page is in mkdocs.yml's nav but does not exist"))
    state: dict = {}
    env = Environment(undefined=StrictUndefined, autoescape=False)
    env.globals.update(registry.functions(lambda: state["r"], lambda: sections(pages, order, state["r"].lang)))
    for page in pages.values():
        state["r"] = Renderer(data, page.lang, lambda slug, anchor=None: f"{slug}#{anchor or ''}")
        try:
            env.from_string(page.body).render(lang=page.lang)
        except Exception as error:  # any failure of a page's macros is reported, never a traceback
            line = _template_line(error)
            problems.append(Problem(page.file, page.body_line + line - 1 if line else None, "", _explain(error)))
    return problems


def _template_line(error: BaseException) -> int | None:
    """The line of the page where rendering failed, from Jinja's traceback."""
    if isinstance(error, TemplateError) and getattr(error, "lineno", None):
        return error.lineno
    line = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _explain(error: BaseException) -> str:
    if isinstance(error, TemplateError):
        return f"template error: {error.message}"
    if isinstance(error, KeyError) and error.args:
        return f"a macro failed: {error.args[0]}"
    return f"a macro failed: {error}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.check", description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".", type=Path, help="the project folder (default: .)")
    args = parser.parse_args(argv)
    problems = check(args.root)
    if problems:
        print(DataError(sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.path, p.message))), file=sys.stderr)
        return 1
    print("Data and pages are valid: both languages, every file in data/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
