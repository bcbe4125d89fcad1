"""The agenda changelog (data/changelog.yml): what changed in the agenda and when.

``agenda_changes(renderer)`` is the macro: a list, newest first, each change
with its date in the page's language (CLDR long date) and its text.
"""

from __future__ import annotations

from markupsafe import Markup

from macros.render.formatting import date_text
from macros.render.renderer import Renderer


def changes(renderer: Renderer) -> list:
    """The changes, newest first (entries of one day keep the file's order)."""
    model = renderer.data.files.get("changelog.yml")
    entries = list(model.changes) if model is not None else []
    return sorted(entries, key=lambda change: change.date, reverse=True)


def agenda_changes(renderer: Renderer) -> Markup:
    items = [
        {"iso": change.date.isoformat(), "date": date_text(change.date, renderer.lang), "text": change.text}
        for change in changes(renderer)
    ]
    return renderer._render("agenda_changes.html", items=items)
