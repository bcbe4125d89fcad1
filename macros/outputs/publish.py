"""What the site publishes besides its pages: calendar files, open data files
and the meeting's structured data, with the macros that link or embed them.

``generated(data, built)`` gives every file to write into the built site
(path relative to the site's root -> bytes); overrides/hooks/generated.py
writes them once per build. The macros take the page's Renderer. Nothing
here depends on MkDocs.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from macros.content.dataset import Dataset, shared_files
from macros.content.models import FILES_FOLDER, LANGUAGES
from macros.outputs import calendar as ics
from macros.outputs import jsonld, opendata
from macros.render import formatting as fmt
from macros.render.renderer import strings
from macros.render.timezones import script_json

DEFAULT_LANGUAGE = "en"
LANGS = LANGUAGES


def calendar_words(lang: str) -> dict[str, str]:
    s = strings()
    return {
        "block": s["block"](lang),
        "location": s["ics_location"](lang),
        "times": s["ics_times"](lang),
        "exclusive": s["exclusive"](lang),
        "zone": s["zone"](lang),
        "connection": s["fact_connection"](lang),
        "platform": s["take_platform"](lang),
        "link": s["take_link"](lang),
        "registration": s["ics_registration"](lang),
        "contact": s["ics_contact"](lang),
        "missing_connection": s["missing_connection"](lang),
        "missing_connection_url": s["missing_connection_url"](lang),
        "missing_registration": s["missing_registration"](lang),
        "missing_contact": s["missing_contact"](lang),
    }


def language_root(lang: str) -> str:
    """The folder of a language in the site: '' for the default language, 'es/' for Spanish."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def generated(data: Dataset, built: dt.date | dt.datetime) -> dict[str, bytes]:
    """Every generated file: path relative to the site's root -> bytes."""
    out = {f"{opendata.FOLDER}/{name}": content for name, content in opendata.files(data).items()}
    for lang in LANGS:
        for name, content in ics.calendars(data, lang, built, calendar_words(lang)).items():
            out[f"{language_root(lang)}{ics.FOLDER}/{name}"] = content
    return out


# --- sitemap and robots.txt ------------------------------------------------------------

NO_SITEMAP = (
    "Note: no sitemap.xml, because SITE_URL is not set: a sitemap needs the site's address "
    "(for instance SITE_URL=https://example.org/meeting/ make build)."
)


def robots_txt(site_url: str | None) -> str:
    """robots.txt of the online site: every page may be indexed; the sitemap, when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines += ["", f"Sitemap: {site_url.rstrip('/')}/sitemap.xml"]
    return "\n".join(lines) + "\n"


# --- links from a page ------------------------------------------------------------------


def _roots(r) -> tuple[str, str]:
    """(the page's language root, the site's root), as URLs relative to the page."""
    home = r.link("index")
    base = home.rsplit("/", 1)[0] + "/" if "/" in home else ""
    site = base + ("../" * language_root(r.lang).count("/"))
    return base, site


def calendar_links(r, blocks: bool = False) -> Markup:
    """The macro calendar_links(): 'Add to calendar' for the whole meeting (and each block)."""
    base, _ = _roots(r)
    links = [{"href": f"{base}{ics.FOLDER}/{ics.file_name()}", "text": r.t("ics_meeting")}]
    if blocks:
        for block in r.data.blocks():
            links.append(
                {
                    "href": f"{base}{ics.FOLDER}/{ics.file_name(block)}",
                    "text": r.t("ics_block", number=r.data.block_number(block), title=r.plain(block.title)),
                }
            )
    return r._render("calendar_links.html", links=links)


def open_data(r) -> Markup:
    """The macro open_data(): every open data file with its size and what it holds."""
    _, site = _roots(r)
    contents = opendata.files(r.data)
    datasets: dict[str, dict] = {}
    for item in opendata.listing():
        entry = datasets.setdefault(
            item.dataset,
            {
                "id": item.dataset,
                "name": r.t(f"data_name_{item.dataset}"),
                "holds": r.t(f"data_holds_{item.dataset}"),
                "files": [],
            },
        )
        entry["files"].append(
            {
                "name": item.name,
                "href": f"{site}{opendata.FOLDER}/{item.name}",
                "format": r.t(f"data_format_{item.kind}"),
                "size": r.t("data_size", size=fmt.number(round(len(contents[item.name]) / 1000, 1), r.lang)),
            }
        )
    licence = r.data.meeting.licence
    licence_text = None
    if licence is not None:
        licence_text = _link(licence.url, r.text(licence.name, links=False)) if licence.url else r.text(licence.name)
    return r._render("open_data.html", datasets=list(datasets.values()), licence=licence_text)


def _link(href: str, text: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


def documents(data: Dataset, site_root: str, lang: str) -> list[dict]:
    """The documents of meeting.yml: link (from a page whose site root is `site_root`), format, size."""
    folder = shared_files(data.folder) if data.folder is not None else None
    out = []
    for document in data.meeting.documents:
        size = (folder / document.file).stat().st_size if folder is not None else 0
        suffix = document.file.rsplit(".", 1)[-1].upper() if "." in document.file else ""
        out.append(
            {
                "title": document.title,
                "language": document.language,
                "href": f"{site_root}{FILES_FOLDER}/{document.file}",
                "format": suffix,
                "size": _size(size, lang),
            }
        )
    return out


def _size(size: int, lang: str) -> str:
    """'240 kB', '1.2 MB' (1 kB = 1000 bytes), in the language's number format."""
    if size < 1_000_000:
        return f"{fmt.number(round(size / 1000, 1), lang)} kB"
    return f"{fmt.number(round(size / 1_000_000, 1), lang)} MB"


def participation(r) -> Markup:
    """The macro participation(): how to join, registration, contact and documents, or, for each
    one the data leaves empty, the sentence that the concept note does not give it."""
    _, site = _roots(r)
    meeting = r.data.meeting
    return r._render(
        "participation.html",
        connection=meeting.connection,
        registration=meeting.registration,
        contact=meeting.contact,
        documents=documents(r.data, site, r.lang),
        link=_link,
    )


def event_data(r) -> Markup:
    """The macro event_data(): the meeting as schema.org Event JSON-LD, in the page's language."""
    site_url = r.edition.site_url if r.edition else None
    home = f"{site_url}{language_root(r.lang)}" if site_url else None
    return r._render("event_data.html", json=script_json(jsonld.event(r.data, r.lang, site_url, home)))


def print_heading(r) -> Markup:
    """The macro print_heading(): the meeting's title, date and time zone, shown only in print."""
    meeting = r.data.meeting
    return r._render(
        "print_heading.html",
        title=r.text(meeting.title),
        date=fmt.long_date(meeting.date, r.lang),
        times=fmt.time_range(meeting.start, meeting.end, r.lang),
        zone=r.zone(),
    )
