"""Render the data as HTML for a page, in the page's language.

Every piece of HTML comes from a Jinja template in ``templates/`` with
autoescaping on. Text from the data files goes through ``r.text()`` (inline
Markdown, as HTML) or ``r.plain()`` (the same words without markup, for
attributes, tooltips and SVG), one rule for every text (see text.py). Links go through a ``link(slug, anchor)`` function
given by the caller, so this module knows nothing of the site generator.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pydantic
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from macros.content import durations
from macros.content import models as m
from macros.content import text as markup
from macros.content.dataset import Dataset
from macros.content.loader import load
from macros.content.problems import Problem, raise_if_any
from macros.content.rules import string_problems
from macros.content.validate import validate_document, yaml_traps
from macros.pages.sources import Page, Section
from macros.render import charts, compiled, wording
from macros.render import formatting as fmt

TEMPLATES = Path(__file__).parent / "templates"
PROJECT = Path(__file__).resolve().parents[2]  # the folder holding macros/ (its .cache/: render/compiled.py)
STRINGS = Path(__file__).parent / "strings.yml"

if TYPE_CHECKING:  # an annotation only: the build layer hands the edition in
    from macros.build.edition import Edition

Link = Callable[[str, str | None], str]


class StringsFile(pydantic.RootModel[dict[str, m.Text | wording.PluralText]]):
    """strings.yml: every key maps to a text in both languages, or to its forms for one and for more."""

    model_config = pydantic.ConfigDict(strict=True, frozen=True)


@functools.cache
def strings() -> dict[str, m.Text | wording.PluralText]:
    """The words around the data (macros/render/strings.yml); DataError if it is broken."""
    return load_strings(STRINGS)


def load_strings(path: Path, display: str = "macros/render/strings.yml") -> dict[str, m.Text]:
    """A strings file read and checked: its shape, its placeholders, its Spanish."""
    doc, problems = load(path, display)
    raise_if_any(problems)
    value, problems = validate_document(doc, StringsFile)
    raise_if_any(problems + yaml_traps(doc))
    raise_if_any(string_problems(doc, value.root))
    return value.root


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    return compiled.keep_compiled(env, PROJECT)


def description_problems(page: Page, renderer: Renderer) -> list[Problem]:
    """A description's macros (start, end, duration, meeting_date), run as the build runs them."""
    try:
        renderer.expand(page.description)
    except (TemplateError, KeyError, TypeError) as error:
        if isinstance(error, TemplateSyntaxError):
            what = f"a macro call is not written right ({error.message})"
        else:
            what = str(error.args[0] if isinstance(error, KeyError) and error.args else error)
        return [
            Problem(
                page.file,
                page.description_line,
                "description",
                f"{what}; a description may use {{{{ start() }}}}, {{{{ end() }}}}, {{{{ duration() }}}}, "
                "{{ meeting_date() }} and {{ count() }}, with a slot's id from data/agenda.yml in the brackets",
            )
        ]
    return []


@functools.cache
def description_environment() -> SandboxedEnvironment:
    """Descriptions are plain text: only the plain macros, no autoescape (escaped where shown)."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


@functools.lru_cache(maxsize=256)
def _description_template(text: str):
    return description_environment().from_string(text)


def _oneline(markup: str) -> Markup:
    """Inline snippets must not contain line breaks, or Markdown splits them."""
    return Markup(re.sub(r"\s*\n\s*", " ", markup).strip())


class Renderer:
    """All the macros of one page: the data, the page's language, its links."""

    def __init__(
        self, data: Dataset, lang: str, link: Link, edition: Edition | None = None, download: str | None = None
    ):
        if lang not in m.LANGUAGES:
            raise ValueError(f"unknown language {lang!r}")
        self.data = data
        self.lang = lang
        self.link = link
        self.edition = edition
        self.download = download  # URL of the offline archive, relative to the page
        self.strings = strings()

    # -- helpers shared by the templates --

    def t(self, key: str, count: int | None = None, **values) -> Markup:
        """A string of strings.yml with its {placeholders} filled; values are escaped unless Markup.

        A string with plural forms takes `count`: how many subjects or items it speaks of."""
        entry = self.strings[key]
        if isinstance(entry, wording.PluralText):
            if count is None:
                raise TypeError(f"macros/render/strings.yml: {key!r} has plural forms; the template must give a count")
            text = wording.form(entry, self.lang, count)
        else:
            text = entry(self.lang)
        return Markup.escape(text).format(**values)

    def join(self, items: list) -> Markup:
        """'a, b and c' / 'a, b y c' (wording.join)."""
        return wording.join(list(items), self.lang)

    def _offset(self) -> str:
        """'UTC−05:00': the meeting's UTC offset at its start."""
        return fmt.utc_offset(self.data.meeting.starts_at)

    def city(self) -> str:
        """The city that names the meeting's time zone, in the page's language (CLDR)."""
        return fmt.meeting_city(self.data.meeting, self.lang)

    def zone(self) -> Markup:
        """The time zone of every time on the site: 'Mexico City time, UTC−05:00'."""
        return self.t("zone", city=self.city(), offset=self._offset())

    def times_note(self) -> Markup:
        """'Times are Mexico City time (UTC−05:00).', after a sentence that gives times."""
        return self.t("times_note", city=self.city(), offset=self._offset())

    def _render(self, template: str, **context) -> Markup:
        context.setdefault("r", self)
        context.setdefault("lang", self.lang)
        return Markup(environment().get_template(template).render(**context).strip())

    def text(self, value: m.Text | str | None, lang: str | None = None, links: bool = True) -> Markup:
        """A data text as HTML, in the page's language (or `lang`): inline Markdown, all else escaped.
        links=False for a text placed inside a link: its own links keep only their words."""
        if value is None:
            return Markup("")
        return markup.inline(value if isinstance(value, str) else value(lang or self.lang), links)

    def plain(self, value: m.Text | str | None, lang: str | None = None) -> str:
        """The same text without markup, for attributes, tooltips, SVG and aria-labels (escape it)."""
        if value is None:
            return ""
        return markup.plain(value if isinstance(value, str) else value(lang or self.lang))

    def org(self, org_id: str, tooltip: bool = False) -> Markup:
        """An organisation's name (or acronym), linked to the glossary.

        In a page's text (the org() macro) an acronym gets its tooltip from the
        page's Markdown (the abbreviations of registry.py); HTML blocks, which
        Markdown leaves alone, ask for it here (tooltip=True). Either way an
        acronym is in exactly one <abbr>."""
        if org_id not in self.data.organisations:
            raise KeyError(f"org({org_id!r}): no organisation with that id in data/organisations.yml")
        return _oneline(self._render("org.html", org=self.data.organisations[org_id], tooltip=tooltip))

    def org_name(self, org_id: str) -> Markup:
        """An organisation's full name, with its acronym in brackets."""
        org = self.data.organisations[org_id]
        if org.acronym is None:
            return self.text(org.name)
        return Markup("{} ({})").format(self.text(org.name), self.text(org.acronym))

    def speaker(self, speaker: m.Speaker) -> Markup:
        pattern = self.data.roles[speaker.role].pattern(self.lang)
        before, _, after = pattern.partition("{org}")
        return Markup("{}{}{}").format(self._spaced(before), self.org(speaker.org, tooltip=True), self._spaced(after))

    def _spaced(self, part: str) -> Markup:
        """A piece of a role pattern as HTML, keeping the spaces around it ("Director of the ", ": ")."""
        words = part.strip()
        if not words:
            return Markup.escape(part)
        lead, trail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()) :]
        return Markup.escape(lead) + self.text(words) + Markup.escape(trail)

    def times(self, slot: m.Slot) -> str:
        return fmt.time_range(slot.start, slot.end, self.lang)

    def timed(self, slot: m.Slot) -> Markup:
        """The slot's times, each a <time> with its instant (for the agenda's time-zone choice)."""
        from macros.render.timezones import time_range

        return time_range(self, slot)

    def slot_name(self, slot: m.Slot, links: bool = False) -> Markup:
        """'Block 1: <title>' or '<title> (in block 1)'; by default for use inside a link."""
        block = self.data.block_of(slot.id)
        title = self.text(slot.title, links=links)
        if slot.type == "block":
            return Markup("{}: {}").format(self.t("block", number=self.data.block_number(slot)), title)
        if block is not None:
            return Markup("{} ({})").format(title, self.t("in_block", number=self.data.block_number(block)))
        return title

    def part(self, slot: m.Slot) -> Markup:
        """A slot named in a sentence, linked to the agenda, with its times:
        'block 2, “Strengthening…” (11:30–13:00)' / 'el bloque 2, “Fortalecimiento…” (11:30–13:00)'."""
        title, times = self.text(slot.title, links=False), self.times(slot)
        block = self.data.block_of(slot.id)
        if slot.type == "block":
            name = self.t("part_block", number=self.data.block_number(slot), title=title, times=times)
        elif block is not None:
            name = self.t("part_item", number=self.data.block_number(block), title=title, times=times)
        else:
            name = self.t("part_slot", title=title, times=times)
        return Markup('<a href="{}">{}</a>').format(self.link("agenda", "slot-" + slot.id), name)

    def parts(self, slot_ids: list[str]) -> Markup:
        """Several slots in a sentence: 'block 1, “…” (10:10–11:30) and “…” (13:00–13:15)'."""
        return self.join([self.part(self.data.slot(slot_id)) for slot_id in slot_ids])

    def figure_value(self, figure: m.Figure) -> str:
        return self.t(f"qualifier_{figure.qualifier}", value=fmt.measure(figure, self.lang))

    def period(self, figure: m.Figure) -> Markup | str:
        if figure.period.description is not None:
            return self.text(figure.period.description)
        return fmt.period(figure.period, self.lang)

    def audiences(self, slot: m.Slot) -> list[str]:
        """The names of the participant groups that may attend a slot (the Dataset decides who)."""
        return [self.t(f"audience_{g}") for g in self.data.audiences(slot)]

    def audience_list(self, slot: m.Slot) -> Markup:
        """'Member Countries, civil society and international organizations', starting with a capital."""
        text = self.join(self.audiences(slot))
        return Markup(text[:1].upper() + text[1:])

    # -- the macros --

    def _slot_or_meeting(self, macro: str, slot_id: str | None) -> m.Slot | None:
        if slot_id is None:
            return None
        if not self.data.has_slot(slot_id):
            ids = ", ".join(s.id for s in self.data.all_slots())
            raise KeyError(f"{macro}({slot_id!r}): no slot with that id in data/agenda.yml; the slots are {ids}")
        return self.data.slot(slot_id)

    def start(self, slot_id: str | None = None) -> str:
        """The meeting's start (its first slot that is not logistics), or a slot's: '10:00'."""
        slot = self._slot_or_meeting("start", slot_id)
        return fmt.clock(slot.start if slot else self.data.meeting.start, self.lang)

    def end(self, slot_id: str | None = None) -> str:
        """The meeting's end (its last slot's), or a slot's: '13:30'."""
        slot = self._slot_or_meeting("end", slot_id)
        return fmt.clock(slot.end if slot else self.data.meeting.end, self.lang)

    def duration(self, slot_id: str | None = None) -> str:
        """The meeting's duration, or a slot's, in words: 'three and a half hours' / 'tres horas y media'."""
        slot = self._slot_or_meeting("duration", slot_id)
        return fmt.duration(slot.minutes if slot else self.data.meeting.duration_minutes, self.lang)

    COUNTABLE = ("objectives", "blocks", "member_countries")

    def count(self, what: str, feminine: bool = False) -> str:
        """How many objectives, agenda blocks or Member Countries the data has, in words: 'three' / 'tres'
        (feminine=True for a Spanish feminine noun when there is one: 'una parte')."""
        numbers = {
            "objectives": len(self.data.objectives),
            "blocks": len(self.data.blocks()),
            "member_countries": len(self.data.countries),
        }
        if what not in numbers:
            raise KeyError(f"count({what!r}): write one of " + ", ".join(repr(k) for k in self.COUNTABLE))
        return durations.number_in_words(numbers[what], self.lang, feminine)

    def meeting_date(self, weekday: bool = True) -> str:
        """The meeting's date: 'Monday, September 20, 2021' / 'lunes, 20 de septiembre de 2021';
        weekday=False: 'September 20, 2021' / '20 de septiembre de 2021'."""
        date = self.data.meeting.date
        return fmt.long_date(date, self.lang) if weekday else fmt.date_text(date, self.lang)

    def expand(self, text: str) -> str:
        """A front-matter description with its macros (start, end, duration, meeting_date) filled in,
        as plain text; escape it where it lands."""
        if "{" not in text:
            return text
        return _description_template(text).render(**self.plain_macros())

    def plain_macros(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "duration": self.duration,
            "meeting_date": self.meeting_date,
            "count": self.count,
        }

    def meeting_facts(self) -> Markup:
        meeting = self.data.meeting
        first = self.data.slots[0]
        return self._render(
            "meeting_facts.html",
            meeting=meeting,
            date=fmt.long_date(meeting.date, self.lang),
            time_range=fmt.time_range(meeting.start, meeting.end, self.lang),
            zone=self.zone(),
            utc_range=fmt.time_range(
                fmt.utc_clock(meeting.starts_at, self.lang), fmt.utc_clock(meeting.ends_at, self.lang), self.lang
            ),
            start_iso=meeting.starts_at.isoformat(),
            end_iso=meeting.ends_at.isoformat(),
            connection=fmt.clock(first.start, self.lang) if first.type == "logistics" else None,
            duration=fmt.duration(meeting.duration_minutes, self.lang),
        )

    def agenda(self, block: str | None = None) -> Markup:
        meeting = self.data.meeting
        if block is None:
            slots, anchors = self.data.slots, True
            caption = self.t("agenda_caption", date=fmt.long_date(meeting.date, self.lang), zone=self.zone())
            label = str(caption)
        else:
            chosen = next((s for s in self.data.blocks() if s.id == block), None)
            if chosen is None:
                raise KeyError(
                    f"agenda(block={block!r}): no block with that id in data/agenda.yml; "
                    f"blocks are {[b.id for b in self.data.blocks()]}"
                )
            slots, anchors = [chosen], False
            caption = self.t(
                "block_caption", number=self.data.block_number(chosen), title=self.text(chosen.title), zone=self.zone()
            )
            label = self.t(
                "block_caption", number=self.data.block_number(chosen), title=self.plain(chosen.title), zone=self.zone()
            )
        return self._render("agenda.html", slots=slots, caption=caption, label=label, anchors=anchors)

    def figure_cards(self, group: str | None = None, featured: bool = False) -> Markup:
        if group is not None and group not in {g.id for g in self.data.groups}:
            raise KeyError(f"figure_cards(group={group!r}): no such group in data/figures.yml")
        figures = [
            f
            for f in self.data.figures.values()
            if (group is None or f.group == group) and (not featured or f.featured)
        ]
        return self._render("figure_cards.html", figures=figures, anchors=not featured)

    def figure(self, figure_id: str) -> Markup:
        """A figure's value inside a sentence, linked to its card."""
        if figure_id not in self.data.figures:
            raise KeyError(f"figure({figure_id!r}): no figure with that id in data/figures.yml")
        figure = self.data.figures[figure_id]
        return _oneline(self._render("figure_ref.html", figure=figure, value=fmt.measure(figure, self.lang)))

    def chart(self, chart_id: str) -> Markup:
        if chart_id not in self.data.charts:
            raise KeyError(f"chart({chart_id!r}): no chart with that id in data/figures.yml")
        chart = self.data.charts[chart_id]
        layout = charts.layout(chart, self.data.figures, self.lang)
        return self._render("chart.html", chart=chart, layout=layout)

    def objectives(self) -> Markup:
        return self._render("objectives.html", objectives=self.data.objectives)

    def participants(self) -> Markup:
        return self._render("participants.html", profiles=self.data.profiles)

    def access(self) -> Markup:
        return self._render("access.html", slots=self.data.slots)

    def glossary(self) -> Markup:
        entries = sorted(
            [("org", o) for o in self.data.organisations.values()] + [("term", t) for t in self.data.terms.values()],
            key=lambda e: wording.sort_key(self.plain(e[1].acronym or e[1].name)),
        )
        return self._render("glossary.html", entries=entries)

    def footnotes(self) -> Markup:
        return self._render("footnotes.html", footnotes=self.data.footnotes_in_order())

    def sources(self) -> Markup:
        return self._render("sources.html", sources=list(self.data.sources.values()))

    def note(self, number: int) -> Markup:
        if number not in self.data.footnotes:
            raise KeyError(f"note({number}): no footnote {number} in data/sources.yml")
        return _oneline(self._render("note_ref.html", number=number))

    def offline_edition(self) -> Markup:
        """How to read the site offline: the download, or how to open this copy."""
        size = None
        if self.edition and self.edition.archive_bytes:
            size = fmt.number(round(self.edition.archive_bytes / 1e6, 1), self.lang)
        return self._render("offline_edition.html", edition=self.edition, size=size)

    def section_cards(self, sections: list[Section]) -> Markup:
        descriptions = {section.slug: self.expand(section.description) for section in sections}
        return self._render("section_cards.html", sections=sections, descriptions=descriptions)
