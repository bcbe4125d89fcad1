"""schema.org structured data of the meeting: an Event, in the page's language.

Only what the data says: name, description, start and end with the UTC
offset of the date, its status, online attendance, a VirtualLocation (with
the link to join when meeting.yml gives one: the concept note does not), the
organiser (with its website when organisations.yml gives one) and the
language. The event's own address (url; @id, the same in both languages) is the Home page's when the
site's address (SITE_URL) is known; nothing is given in its place otherwise.
"""

from __future__ import annotations

from macros.content import text as markup
from macros.content.dataset import Dataset

# meeting.yml's status -> schema.org EventStatusType.
STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "rescheduled": "https://schema.org/EventRescheduled",
    "postponed": "https://schema.org/EventPostponed",
    "cancelled": "https://schema.org/EventCancelled",
    "moved-online": "https://schema.org/EventMovedOnline",
}


def event(data: Dataset, lang: str, site: str | None = None, home: str | None = None) -> dict:
    """The Event; `site` is the site's address and `home` the Home page's in `lang`, if known.
    Its @id is the same in both languages (one event), its url the page in the language."""
    meeting = data.meeting
    organiser = data.organisations[meeting.organiser]
    location = {"@type": "VirtualLocation", "name": markup.plain(meeting.format(lang))}
    if meeting.connection is not None and meeting.connection.url:
        location["url"] = meeting.connection.url
    organizer = {"@type": "Organization", "name": markup.plain(organiser.name(lang))}
    if organiser.url:
        organizer["url"] = organiser.url
    out = {"@context": "https://schema.org", "@type": "Event"}
    if site and home:
        out |= {"@id": f"{site}#event", "url": home}
    return out | {
        "name": markup.plain(meeting.title(lang)),
        "description": markup.plain(meeting.kind(lang)),
        "startDate": meeting.starts_at.isoformat(timespec="minutes"),
        "endDate": meeting.ends_at.isoformat(timespec="minutes"),
        "eventStatus": STATUS[meeting.status],
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": location,
        "organizer": organizer,
        "inLanguage": lang,
    }
