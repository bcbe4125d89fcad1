"""Writes the files the site publishes besides its pages (macros/outputs/publish.py):
the open data files (open-data/), and the calendar files of each language
(calendar/, es/calendar/), in the online site and the offline edition alike.

mkdocs-static-i18n builds every language inside the main build: the files are
written once, when the whole site is built. Their dates come from the build's
edition (SOURCE_DATE_EPOCH when set), so a rebuild gives the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-110)
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return  # a language's own build inside static-i18n: wait for the end
    root = Path(config.config_file_path).resolve().parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from macros.build import session
    from macros.content.problems import DataError
    from macros.outputs import publish

    try:
        data = session.dataset(root / "data")  # the data the macros read for this build
    except DataError:
        return  # only under `make serve`, whose pages then list the problems (hooks/serve_problems.py)
    built = config.extra["edition"].built  # set by hooks/set_edition.py, listed first
    site = Path(config.site_dir)
    for path, content in publish.generated(data, built).items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
