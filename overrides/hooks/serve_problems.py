"""`make serve`: problems show in the browser instead of stopping the rebuild.

The work is in macros/build/preview.py. Here: notice that this is `mkdocs serve`,
keep a broken edit from aborting the rebuild (which leaves the tab stale),
and, once every language is built, replace the pages by the list of problems
as `make check` words them.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.plugins import event_priority


def _macros(config):
    root = str(Path(config.config_file_path).resolve().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from macros.build import preview

    preview.STATE.on = os.environ.get("SITE_PREVIEW") == "1"
    return preview


def on_startup(command, dirty) -> None:
    if command == "serve":
        os.environ["SITE_PREVIEW"] = "1"  # this process serves; read by _macros() on every rebuild


@event_priority(100)  # before the macros read the data (macros/__init__.py)
def on_config(config):
    preview = _macros(config)
    i18n = config.plugins.get("i18n")
    if not preview.STATE.on or (i18n is not None and i18n.building):
        return config
    preview.start_build()
    macros = config.plugins.get("macros")
    if macros is not None:
        macros.config["on_error_fail"] = False  # a macro's error is listed, not fatal
    return config


@event_priority(-200)  # after mkdocs-static-i18n has chosen the language's files
def on_files(files, config):
    """Under `make serve`, a page MkDocs cannot read (not UTF-8) must not stop the
    rebuild either: it gets a stand-in text, and the problem is listed."""
    preview = _macros(config)
    if not preview.STATE.on:
        return files
    for file in files.documentation_pages():
        try:
            _ = file.content_string
        except (UnicodeDecodeError, OSError):
            # Not the content_string setter: it forgets the file's path, which
            # mkdocs-static-i18n still reads.
            file._content = "---\ntitle: …\ndescription: …\n---\n"
            preview.STATE.broken = True
    return files


@event_priority(-120)  # after every other post_build step
def on_post_build(config) -> None:
    preview = _macros(config)
    if not preview.STATE.on:
        return
    # A warning must not abort the rebuild (MkDocs would stop serving new
    # pages): clear strict mode's counts; the warnings are shown below.
    from macros.build import engine

    for handler in logging.getLogger(engine.running()).handlers:
        if hasattr(handler, "counts"):
            handler.counts.clear()
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    if not (preview.STATE.broken or preview.STATE.records):
        return
    from macros.cli import check

    report = check.run(Path(config.config_file_path).resolve().parent)
    problems = [str(p) for p in report.sorted_problems()] + [f"internal error {text}" for text in report.internal]
    problems = problems or list(preview.STATE.records)
    languages = [lang.locale for lang in i18n.config.languages] if i18n else ["en"]
    default = i18n.default_language if i18n else "en"
    preview.write_error_pages(Path(config.site_dir), problems, languages, default)
    # Printed, not logged: a logged error would count as a warning of strict mode.
    print(
        f"{len(problems)} problem{'s' if len(problems) != 1 else ''}: every page shows the list until they are fixed.",
        *problems,
        sep="\n",
        file=sys.stderr,
    )
