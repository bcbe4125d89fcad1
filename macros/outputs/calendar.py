"""Calendar files (iCalendar, RFC 5545) of the meeting, made with icalendar.

One file for the whole meeting and one per thematic block of the agenda, in
each language: summary, description and location in that language. Each
carries a VTIMEZONE for the meeting's zone (meeting.yml) with the rules of
the meeting's year, a UID made of the meeting's id (meeting.yml) that stays the
same from build to build (and between the two languages: it is the same
event), and a DTSTAMP taken from the
build's source date, so that two builds of the same sources give the same
bytes. Nothing here depends on MkDocs.

RFC 5546: a published calendar (METHOD:PUBLISH) needs an ORGANIZER, so the
files carry METHOD:PUBLISH and ORGANIZER only when meeting.yml gives a contact
address, and no METHOD otherwise (a plain RFC 5545 calendar). The link to join
(meeting.yml connection.url) is the event's URL. The whole meeting's event
starts when the meeting starts and has a reminder at the agenda's logistics
slot (the connection test), which its description names.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from macros.content import models as m
from macros.content import text as markup
from macros.content.dataset import Dataset
from macros.render import formatting as fmt

PRODID = "-//RCM Working Group on Border Management//Meeting site//EN"
# meeting.yml's status -> the event's STATUS (RFC 5545 has no "postponed" or "moved online").
STATUS = {
    "scheduled": "CONFIRMED",
    "rescheduled": "CONFIRMED",
    "moved-online": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}
FOLDER = "calendar"  # under each language's root: calendar/, es/calendar/
MEETING_FILE = "meeting.ics"


def stamp(built: dt.date | dt.datetime) -> dt.datetime:
    """DTSTAMP: the build's source date (SOURCE_DATE_EPOCH, or the edition's date), in UTC."""
    if isinstance(built, dt.datetime):
        return built.astimezone(dt.UTC)
    return dt.datetime.combine(built, dt.time(0, 0), dt.UTC)


def file_name(slot: m.Slot | None = None) -> str:
    return MEETING_FILE if slot is None else f"{slot.id}.ics"


def uid(data: Dataset, slot: m.Slot | None = None) -> str:
    """'break@<the meeting's id>': the same for every build of one meeting, distinct between meetings."""
    return f"{'meeting' if slot is None else slot.id}@{data.meeting.id}"


def _plain(text: m.Text | None, lang: str) -> str:
    return markup.plain(text(lang)) if text is not None else ""


def _speakers(data: Dataset, slot: m.Slot, lang: str) -> str:
    names = []
    for speaker in slot.speakers:
        org = data.organisations[speaker.org]
        name = _plain(org.acronym or org.name, lang)
        names.append(data.roles[speaker.role].pattern(lang).replace("{org}", name))
    return "; ".join(names)


def _line(data: Dataset, slot: m.Slot, lang: str, words: dict[str, str], indent: str = "") -> str:
    text = f"{indent}{fmt.time_range(slot.start, slot.end, lang)} {_plain(slot.title, lang)}"
    if data.is_exclusive(slot) and not (data.block_of(slot.id) and data.block_of(slot.id).exclusive):
        text += f" ({words['exclusive']})"
    speakers = _speakers(data, slot, lang)
    return f"{text} — {speakers}" if speakers else text


def _participation(data: Dataset, lang: str, words: dict[str, str]) -> list[str]:
    """How to join, register and write, or that the concept note does not say (one line each)."""
    meeting = data.meeting
    connection, registration, contact = meeting.connection, meeting.registration, meeting.contact
    lines = []
    if connection is None:
        lines.append(words["missing_connection"])
    else:
        if connection.platform is not None:
            lines.append(words["platform"].format(platform=_plain(connection.platform, lang)))
        lines.append(words["link"].format(link=connection.url) if connection.url else words["missing_connection_url"])
    if registration is None:
        lines.append(words["missing_registration"])
    else:
        value = " ".join(v for v in (_plain(registration.text, lang), registration.url or "") if v)
        lines.append(words["registration"].format(value=value))
    lines.append(words["contact"].format(email=contact.email) if contact else words["missing_contact"])
    return lines


def connection_test(data: Dataset) -> m.Slot | None:
    """The agenda's logistics slot before the meeting starts (the connection test), if any."""
    first = data.slots[0]
    return first if first.type == "logistics" and first.start < data.meeting.start else None


def description(data: Dataset, lang: str, words: dict[str, str], slot: m.Slot | None = None) -> str:
    """The agenda (of the meeting, or of one block) as plain text, in the meeting's time zone."""
    meeting = data.meeting
    zone = words["zone"].format(city=fmt.meeting_city(meeting, lang), offset=fmt.utc_offset(meeting.starts_at))
    lines = [_plain(meeting.kind, lang), *_participation(data, lang, words), words["times"].format(zone=zone), ""]
    slots = data.slots if slot is None else [slot]
    for top in slots:
        lines.append(_line(data, top, lang, words))
        for item in top.items:
            lines.append(_line(data, item, lang, words, "  "))
    return "\n".join(lines)


def calendar(
    data: Dataset, lang: str, built: dt.date | dt.datetime, words: dict[str, str], slot: m.Slot | None = None
) -> bytes:
    """The .ics of the whole meeting (slot None) or of one block, in `lang`.

    `words` are the texts around the data in that language: 'block' ("Block {number}"),
    'location', 'times' ("Agenda ({zone}):"), 'zone' ("{city} time, {offset}"), 'exclusive'."""
    meeting = data.meeting
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    contact = meeting.contact
    if contact is not None:
        cal.add("method", "PUBLISH")  # RFC 5546: PUBLISH names its ORGANIZER
    event = Event()
    event.add("uid", uid(data, slot))
    event.add("dtstamp", stamp(built))
    if contact is not None:
        organizer = vCalAddress(f"mailto:{contact.email}")
        organizer.params["CN"] = vText(
            _plain(contact.name, lang) if contact.name else _plain(data.organisations[meeting.organiser].name, lang)
        )
        event.add("organizer", organizer)
    title = _plain(meeting.title, lang)
    if slot is None:
        start, end, summary = meeting.starts_at, meeting.ends_at, title
    else:
        start, end = meeting.at(slot.start), meeting.at(slot.end)
        block = words["block"].format(number=data.block_number(slot))
        summary = f"{block}: {_plain(slot.title, lang)} — {title}"
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", description(data, lang, words, slot))
    connection = meeting.connection
    platform = _plain(connection.platform, lang) if connection and connection.platform else ""
    event.add("location", f"{words['location']}: {platform}" if platform else words["location"])
    if connection and connection.url:
        event.add("url", connection.url)
    event.add("status", STATUS[meeting.status])
    event.add("transp", "OPAQUE")
    test = connection_test(data) if slot is None else None
    if test is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", words["connection"].format(time=fmt.clock(test.start, lang)))
        alarm.add("trigger", meeting.at(test.start) - start)
        event.add_component(alarm)
    cal.add_component(event)
    cal.add_missing_timezones(
        first_date=dt.date(meeting.date.year, 1, 1), last_date=dt.date(meeting.date.year + 1, 1, 1)
    )
    return cal.to_ical()


def calendars(data: Dataset, lang: str, built: dt.date | dt.datetime, words: dict[str, str]) -> dict[str, bytes]:
    """Every calendar file of a language: file name -> bytes."""
    files = {file_name(): calendar(data, lang, built, words)}
    for block in data.blocks():
        files[file_name(block)] = calendar(data, lang, built, words, block)
    return files
