""" "Last updated" on every page, in the page's language (macros/build/dates.py
finds the date in git; overrides/partials/source-file.html shows it). The
sitemap's <lastmod> of the page is the same date."""

from __future__ import annotations

import sys
from pathlib import Path


def _modules(config):
    root = Path(config.config_file_path).resolve().parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from macros.build import dates as history
    from macros.render.formatting import date_text

    return root, history, date_text


def on_page_markdown(markdown: str, page, config, files) -> str:
    root, history, date_text = _modules(config)
    source = Path(page.file.abs_src_path)
    # The page as written (the macros have already expanded `markdown`).
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return markdown  # only under `make serve`, whose pages then list the problem (hooks/serve_problems.py)
    date = history.last_updated(source, root, text)
    if date is not None:
        lang = getattr(page.file, "locale", None) or config.theme.get("language") or "en"
        page.meta["last_updated"] = {"iso": date.isoformat(), "text": date_text(date, lang), "lang": lang}
        page.update_date = date.isoformat()  # the sitemap's <lastmod>
    return markdown
