"""`make serve`: when an edit breaks the data or a page, the browser shows why.

While `mkdocs serve` runs (overrides/hooks/serve_problems.py notices), a problem
does not stop the rebuild, which would leave the open tab stale and new
requests hanging: the build goes on, and every page of the site is replaced
by a page listing the problems (file:line: sentence), in the page's language.
MkDocs' live reload brings the open tab to it, and back to the page once the
file is fixed.

This module keeps that state for the serving process and writes the page; it
knows nothing of MkDocs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from macros.build import engine

# When strings.yml itself cannot be read, the list of problems (which then names it) is shown
# under these words, the only ones of the site kept outside strings.yml.
FALLBACK = {
    "title": "The site cannot be shown: {count} to fix",
    "count": "{count} problem(s)",
    "intro": "An edit broke the site:",
    "after": "Fix the file and save it.",
}


def words(lang: str, count: int) -> dict[str, str]:
    """The page's words in `lang` (strings.yml's problems_* texts), for `count` problems."""
    from macros.content.problems import DataError
    from macros.render import wording
    from macros.render.renderer import strings

    try:
        s = strings()
    except DataError:
        text = dict(FALLBACK)
        text["count"] = text["count"].format(count=count)
    else:
        text = {key: s[f"problems_{key}"](lang) for key in ("title", "intro", "after")}
        text["count"] = wording.form(s["problems_count"], lang, count).format(count=count)
    text["title"] = text["title"].format(count=text["count"])
    return text


_PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.4rem; color: #a00000; }
li { font-family: ui-monospace, monospace; font-size: .9rem; margin: .4rem 0; overflow-wrap: anywhere; }
</style>
</head>
<body>
<main>
<h1>{{ title }}</h1>
<p>{{ intro }}</p>
<ul class="problems">
{% for problem in problems %}<li>{{ problem }}</li>
{% endfor %}</ul>
<p>{{ after }}</p>
</main>
</body>
</html>
""")


@dataclass
class State:
    on: bool = False  # this process is `mkdocs serve`
    broken: bool = False  # the data or pages could not be read
    records: list[str] = field(default_factory=list)  # MkDocs' warnings and errors of this build
    handler: logging.Handler | None = None
    listing: bool = False  # this build's pages were replaced by the list of problems


STATE = State()


class _Collector(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        STATE.records.append(record.getMessage())


def start_build() -> None:
    """A rebuild begins: forget the last one's problems; collect this one's warnings."""
    STATE.broken = False
    STATE.listing = False
    STATE.records.clear()
    if STATE.handler is None:
        STATE.handler = _Collector(logging.WARNING)
        logging.getLogger(engine.running()).addHandler(STATE.handler)


def error_page(problems: list[str], lang: str) -> str:
    text = words(lang, len(problems))
    return _PAGE.render(lang=lang, title=text["title"], intro=text["intro"], after=text["after"], problems=problems)


def write_error_pages(site_dir: Path, problems: list[str], languages: list[str], default: str) -> int:
    """Every HTML page of the built site becomes the list of problems, in its language."""
    pages = {lang: error_page(problems, lang) for lang in languages}
    STATE.listing = True
    count = 0
    for path in site_dir.rglob("*.html"):
        first = path.relative_to(site_dir).parts[0]
        lang = first if first in pages and first != default else default
        path.write_text(pages[lang], encoding="utf-8")
        count += 1
    return count
