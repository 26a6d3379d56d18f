"""iCalendar for events: invitations attached to mail, and the public calendar feeds.

Times are written in the event's own time zone with its VTIMEZONE, so Google, Outlook and Apple
calendars show the same local time the organiser set.
"""

import icalendar
from django.conf import settings
from django.utils import timezone

from events.models import Event

PRODID = "-//Federation of local-government associations//Events//PL"


def _uid(event: Event) -> str:
    host = settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "federation.invalid"
    return f"event-{event.pk}@{host}"


def event_component(event: Event, *, url: str = "", with_online_link: bool = False) -> icalendar.Event:
    """One VEVENT. The online link is only for registered participants, never in public feeds."""
    component = icalendar.Event()
    component.add("uid", _uid(event))
    component.add("summary", event.title)
    component.add("dtstart", timezone.localtime(event.starts_at, event.zone))
    component.add("dtend", timezone.localtime(event.ends_at, event.zone))
    component.add("dtstamp", event.updated_at or timezone.now())
    component.add("last-modified", event.updated_at or timezone.now())
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if with_online_link and event.online_url:
        location = f"{location} / {event.online_url}" if location else event.online_url
    if location:
        component.add("location", location)
    description = event.description
    if with_online_link and event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    if description:
        component.add("description", description)
    if url:
        component.add("url", url)
    component.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    component.add("categories", [event.get_kind_display()])
    return component


def calendar_for(events, *, name: str, url_for=None, with_online_link: bool = False, method: str | None = None) -> bytes:
    """A VCALENDAR with `events` and the time zones they use."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event_component(event, url=url_for(event) if url_for else "", with_online_link=with_online_link))
    calendar.add_missing_timezones()
    return calendar.to_ical()
