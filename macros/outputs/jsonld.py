"""schema.org structured data of the meeting: an Event, in the page's language.

Only what the data says: name, description, start and end with the UTC
offset of the date, online attendance, a VirtualLocation (the concept note
gives no meeting URL, so none is given), the organiser and the language.
"""

from __future__ import annotations

from macros.content import text as markup
from macros.content.dataset import Dataset


def event(data: Dataset, lang: str) -> dict:
    meeting = data.meeting
    organiser = data.organisations[meeting.organiser]
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": markup.plain(meeting.title(lang)),
        "description": markup.plain(meeting.kind(lang)),
        "startDate": meeting.starts_at.isoformat(timespec="minutes"),
        "endDate": meeting.ends_at.isoformat(timespec="minutes"),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "name": markup.plain(meeting.format(lang))},
        "organizer": {"@type": "Organization", "name": markup.plain(organiser.name(lang))},
        "inLanguage": lang,
    }
