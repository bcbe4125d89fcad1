"""The macros a page may call, by name: one table for every generator.

``functions(current)`` maps each macro name to a function that renders with
``current()``, the renderer of the page being built. The MkDocs adapter
(``__init__.py``) and the stand-alone check (``check.py``) both use it, so the
pages call the same macros everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from macros.outputs import publish
from macros.pages.sources import Section
from macros.render import changelog, timezones
from macros.render.renderer import Renderer


def functions(current: Callable[[], Renderer], sections: Callable[[], list[Section]]) -> dict[str, Callable]:
    return {
        "meeting_facts": lambda: current().meeting_facts(),
        "agenda": lambda block=None: current().agenda(block),
        "figure_cards": lambda group=None, featured=False: current().figure_cards(group, featured),
        "figure": lambda figure_id: current().figure(figure_id),
        "chart": lambda chart_id: current().chart(chart_id),
        "objectives": lambda: current().objectives(),
        "participants": lambda: current().participants(),
        "access": lambda: current().access(),
        "glossary": lambda: current().glossary(),
        "footnotes": lambda: current().footnotes(),
        "sources": lambda: current().sources(),
        "note": lambda number: current().note(number),
        "org": lambda org_id: current().org(org_id),
        "section_cards": lambda: current().section_cards(sections()),
        "offline_edition": lambda: current().offline_edition(),
        # Times, dates and durations in running text (and in front-matter descriptions).
        "start": lambda slot=None: current().start(slot),
        "end": lambda slot=None: current().end(slot),
        "duration": lambda slot=None: current().duration(slot),
        "meeting_date": lambda weekday=True: current().meeting_date(weekday),
        # Counts the prose restates: count("objectives"), count("blocks"), count("member_countries").
        "count": lambda what, feminine=False: current().count(what, feminine),
        # Times in the Member Countries, calendars, open data, structured data (issue of times).
        "member_times": lambda: timezones.member_times_table(current()),
        "time_zone_choice": lambda: timezones.time_zone_choice(current()),
        "calendar_links": lambda blocks=False: publish.calendar_links(current(), blocks),
        "open_data": lambda: publish.open_data(current()),
        "event_data": lambda: publish.event_data(current()),
        # What participants need to take part (meeting.yml), or that the concept note does not give it.
        "participation": lambda: publish.participation(current()),
        "print_heading": lambda: publish.print_heading(current()),
        # The agenda changelog (data/changelog.yml).
        "agenda_changes": lambda: changelog.agenda_changes(current()),
    }


def abbreviations(renderer: Renderer, text: str | None = None) -> str:
    """Markdown abbreviation lines (*[RCM]: …) for the page's language; with `text` (the page's
    Markdown), only those of the acronyms it holds: Python-Markdown's abbr looks for every
    definition in every text of the page, and one that cannot match there only costs time."""
    lines = []
    for entry in [*renderer.data.organisations.values(), *renderer.data.terms.values()]:
        if entry.acronym is None:
            continue
        acronym, name = renderer.plain(entry.acronym), renderer.plain(entry.name)
        if acronym != name and (text is None or acronym in text):
            lines.append(f"*[{acronym}]: {name}")
    return "\n".join(lines)
