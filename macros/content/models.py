"""The data contract: one pydantic model per file in data/.

Models are strict: a wrong type, an unknown key (such as a misspelt
``tittle:``), an empty text or a text missing one of the two languages is an
error. Checks that need more than one field or file (references, the order of
the agenda, parts and wholes) are in ``validate.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from macros.content.text import problems

LANGUAGES = ("en", "es")

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TIME_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
MONTH_PATTERN = r"^[0-9]{4}-(?:0[1-9]|1[0-2])$"


def _publishable(text: str) -> str:
    """Inline Markdown that can be published (see text.py): allowed links, no images, closed **."""
    found = problems(text)
    if found:
        raise ValueError("; ".join(found))
    return text


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Time = Annotated[str, StringConstraints(pattern=TIME_PATTERN)]
YearMonth = Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
PlainStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
TextStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_publishable)]


def minutes(time: str) -> int:
    """'10:05' -> 605."""
    hours, mins = time.split(":")
    return int(hours) * 60 + int(mins)


def month_start(value: str) -> dt.date:
    year, month = value.split("-")
    return dt.date(int(year), int(month), 1)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class Text(Model):
    """A text in English and Spanish, with inline Markdown (see text.py).

    ``identical: true`` says that the Spanish is the same as the English on
    purpose (a proper name, say); otherwise identical texts of more than one
    word are reported as an untranslated Spanish text.
    """

    en: TextStr = Field(
        description="The English text; inline Markdown allowed (**bold**, *italics*, [link](https://...))."
    )
    es: TextStr = Field(
        description="The Spanish text; inline Markdown allowed (**negrita**, *cursiva*, [enlace](https://...))."
    )
    identical: bool = Field(
        False, description="true when the Spanish is the same as the English on purpose (a name, say)."
    )

    def __call__(self, lang: str) -> str:
        return getattr(self, lang)


# Every text accepts the same inline Markdown; the name is kept for readers of older code.


# --- addresses and files ---------------------------------------------------------


def _web_address(value: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname or any(c.isspace() for c in value):
        raise ValueError(f"{value!r} is not a web address; write it in full, such as https://example.org/meeting")
    return value


def _email_address(value: str) -> str:
    local, at, domain = value.partition("@")
    if not (at and local and "." in domain.strip(".") and "@" not in domain) or any(
        c.isspace() or c in '<>"(),;:[]\\' for c in value
    ):
        raise ValueError(f"{value!r} is not an e-mail address, such as secretariat@example.org")
    return value


def _file_name(value: str) -> str:
    parts = value.split("/")
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    if any(not p or p.startswith(".") or not set(p) <= allowed for p in parts):
        raise ValueError(
            f"{value!r} is not a file name in docs/{FILES_FOLDER}/: use letters, digits, '.', '-' and '_' "
            "(and '/' for a subfolder), such as concept-note-en.pdf"
        )
    return value


WebAddress = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_web_address)]
EmailAddress = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_email_address)]
FileName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_file_name)]

# Images and downloads, shared by both languages: docs/files/ (published at files/).
FILES_FOLDER = "files"


# --- meeting.yml -----------------------------------------------------------------


class Connection(Model):
    """How to join the meeting: its link and the platform it runs on (either may be unknown)."""

    url: WebAddress | None = Field(None, description="The link to join the meeting, https://...")
    platform: Text | None = Field(None, description="The platform, such as Zoom or Webex, in both languages.")


class Registration(Model):
    """How to register: a web address, and/or a text (a deadline, say)."""

    url: WebAddress | None = Field(None, description="The registration form, https://...")
    text: Text | None = Field(None, description="How to register, in both languages (a deadline, say).")

    @model_validator(mode="after")
    def _something(self) -> Registration:
        if self.url is None and self.text is None:
            raise ValueError("give a url, a text or both; or leave registration out")
        return self


class Contact(Model):
    email: EmailAddress = Field(description="The address participants write to, such as secretariat@example.org.")
    name: Text | None = Field(None, description="Who answers at that address, in both languages.")


class MeetingDocument(Model):
    title: Text = Field(description="The document's title, in both languages.")
    file: FileName = Field(description="The file's name in docs/files/, such as concept-note-en.pdf.")
    language: Literal["en", "es"] = Field(description="The language the document is written in: en or es.")


class Licence(Model):
    name: Text = Field(description="The licence of the open data files, such as CC BY 4.0.")
    url: WebAddress | None = Field(None, description="The licence's text, https://...")


class MeetingFile(Model):
    """The meeting's start, end and duration follow from agenda.yml, and its UTC offset from the
    time zone: they are not typed here (see dataset.Meeting). The fields after `format` are
    optional: where one is left out, the site says that the concept note does not give it."""

    id: Id  # names the offline zip and the calendar entries: one per meeting
    title: Text
    kind: Text
    organiser: Id
    host: Id
    date: dt.date
    timezone: PlainStr
    zone_city: Text | None = Field(
        None,
        description="The city that names the time zone in 'Mexico City time' / 'hora de la Ciudad de México', "
        "when CLDR's name (without an article in Spanish) does not read as the region writes it.",
    )
    format: Text
    status: Literal["scheduled", "rescheduled", "postponed", "cancelled", "moved-online"] = Field(
        "scheduled", description="scheduled, rescheduled, postponed, cancelled or moved-online."
    )
    connection: Connection | None = None
    registration: Registration | None = None
    contact: Contact | None = None
    documents: list[MeetingDocument] = []
    licence: Licence | None = Field(None, description="The licence of the open data files, if one is stated.")


# Fields that older versions of meeting.yml had, and where their value comes from now.
DERIVED = {
    "start": "the meeting's start is the start of its first slot in agenda.yml that is not logistics",
    "end": "the meeting's end is the end of its last slot in agenda.yml",
    "duration_hours": "the meeting's duration follows from its first and last slots in agenda.yml",
    "utc_offset": "the UTC offset follows from the time zone",
}


# --- organisations.yml, glossary.yml, roles.yml -----------------------------------


class Organisation(Model):
    id: Id
    kind: Literal["rcm", "government", "international", "civil-society"]
    acronym: Text | None = None
    name: Text
    url: WebAddress | None = Field(None, description="The organisation's website, https://..., if known.")


class OrganisationsFile(Model):
    organisations: list[Organisation] = Field(min_length=1)


class Term(Model):
    id: Id
    acronym: Text | None = None
    name: Text
    definition: Text | None = None


class GlossaryFile(Model):
    terms: list[Term]


class Role(Model):
    id: Id
    name: Text
    pattern: Text

    @field_validator("pattern")
    @classmethod
    def _has_org(cls, pattern: Text) -> Text:
        for lang in LANGUAGES:
            if "{org}" not in pattern(lang):
                raise ValueError(
                    f"the {lang} text {pattern(lang)!r} must contain {{org}}, where the organisation's name goes"
                )
        return pattern


class RolesFile(Model):
    roles: list[Role] = Field(min_length=1)


# --- objectives.yml ------------------------------------------------------------


class Objective(Model):
    id: Id
    text: Text
    served_by: list[Id] = Field(min_length=1)


class ObjectivesFile(Model):
    objectives: list[Objective] = Field(min_length=1)


# --- agenda.yml ----------------------------------------------------------------

SlotType = Literal["logistics", "opening", "block", "presentation", "questions", "dialogue", "break", "closing"]


class Speaker(Model):
    org: Id
    role: Id = "presenter"


class Slot(Model):
    id: Id
    type: SlotType
    start: Time
    end: Time
    title: Text
    exclusive: bool = False
    speakers: list[Speaker] = []
    items: list[Slot] = []

    @property
    def minutes(self) -> int:
        return minutes(self.end) - minutes(self.start)


class AgendaFile(Model):
    slots: list[Slot] = Field(min_length=1)


# --- participants.yml ----------------------------------------------------------


class Profile(Model):
    id: Id
    group: Literal["member-countries", "civil-society", "international"]
    name: Text | None = None
    organisation: Id | None = None
    description: Text | None = None
    attends: Literal["all"] | list[Id]
    # Grammatical number of the profile as a subject ("Puede"/"Pueden participar"):
    # by default singular for an organisation, plural for a named group of people.
    number: Literal["singular", "plural"] | None = None

    @property
    def subjects(self) -> int:
        """1 for a singular subject, 2 for a plural one: the count for plural forms."""
        number = self.number or ("singular" if self.organisation else "plural")
        return 1 if number == "singular" else 2

    @model_validator(mode="after")
    def _name_or_organisation(self) -> Profile:
        if (self.name is None) == (self.organisation is None):
            raise ValueError("give either a name or an organisation, not both and not neither")
        return self


class ParticipantsFile(Model):
    profiles: list[Profile] = Field(min_length=1)


# --- figures.yml ---------------------------------------------------------------


class Period(Model):
    """Either a range of months (start and end, "YYYY-MM") or a description."""

    start: YearMonth | None = None
    end: YearMonth | None = None
    description: Text | None = None

    @model_validator(mode="after")
    def _range_or_description(self) -> Period:
        has_range = self.start is not None or self.end is not None
        if has_range and self.description is not None:
            raise ValueError("give either start and end, or a description, not both")
        if not has_range and self.description is None:
            raise ValueError('give start and end ("YYYY-MM"), or a description')
        if has_range and (self.start is None or self.end is None):
            raise ValueError("a period needs both a start and an end")
        if has_range and month_start(self.start) > month_start(self.end):
            raise ValueError(f"the start {self.start} is after the end {self.end}")
        return self


class FigureGroup(Model):
    id: Id
    title: Text


class Figure(Model):
    id: Id
    group: Id
    value: float = Field(ge=0)
    qualifier: Literal["exact", "more-than", "average", "approximately"] = "exact"
    unit: Literal["count", "percent", "week", "month"]
    label: Text
    definition: Text | None = None
    category: Text | None = None
    period: Period
    geography: Text
    source: Id
    footnote: int | None = Field(default=None, ge=1)
    part_of: Id | None = None
    featured: bool = False


class Series(Model):
    label: Text
    figures: list[Id] = Field(min_length=1)


class Chart(Model):
    id: Id
    title: Text
    series: list[Series] = Field(min_length=1)


class FiguresFile(Model):
    groups: list[FigureGroup] = []  # a meeting may have no figures (yet)
    figures: list[Figure] = []
    charts: list[Chart] = []


# --- sources.yml ---------------------------------------------------------------


class Source(Model):
    id: Id
    publisher: Text
    title: Text
    short: Text


class Footnote(Model):
    number: int = Field(ge=1)
    text: Text
    source: Id | None = None


class SourcesFile(Model):
    sources: list[Source] = []
    footnotes: list[Footnote] = []


# --- countries.yml ---------------------------------------------------------------


def _iana_zone(name: str) -> str:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a known time zone; use an IANA name such as America/Guatemala") from None
    return name


def _territory(code: str) -> str:
    from babel import Locale

    if not (len(code) == 2 and code.isalpha() and code.isupper() and code in Locale("en").territories):
        raise ValueError(f"{code!r} is not a two-letter country code (ISO 3166), such as GT for Guatemala")
    return code


Zone = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_iana_zone)]
Territory = Annotated[str, AfterValidator(_territory)]


class Country(Model):
    """A Member Country: its name comes from CLDR (by its code), in each language."""

    id: Id
    code: Territory
    capital: Text
    zone: Zone
    other_zones: list[Zone] = []


class CountriesFile(Model):
    countries: list[Country] = Field(min_length=1)


class AgendaChange(Model):
    date: dt.date = Field(description="The day the agenda changed, as YYYY-MM-DD.")
    text: Text = Field(description="What changed in the agenda, in English and Spanish.")


class ChangelogFile(Model):
    changes: list[AgendaChange] = Field(min_length=1, description="What changed in the agenda and when, newest first.")


# File name in data/ -> model.
FILES: dict[str, type[Model]] = {
    "meeting.yml": MeetingFile,
    "organisations.yml": OrganisationsFile,
    "glossary.yml": GlossaryFile,
    "roles.yml": RolesFile,
    "objectives.yml": ObjectivesFile,
    "agenda.yml": AgendaFile,
    "participants.yml": ParticipantsFile,
    "figures.yml": FiguresFile,
    "sources.yml": SourcesFile,
    "countries.yml": CountriesFile,
    "changelog.yml": ChangelogFile,
}
