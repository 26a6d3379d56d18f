"""The public calendar feeds, read back with the `icalendar` parser as Google, Outlook and Apple calendars
would: local times with their time zone, VTIMEZONE blocks, cancelled events marked, an address for each
event, and nothing that is not public (invited-only and draft events, online links)."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.enums import Audience, EventKind, EventStatus
from tests.factories import EventFactory

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def _local(zone, days: int, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.localtime(timezone.now() + dt.timedelta(days=days), zone).replace(hour=hour, minute=minute, second=0, microsecond=0)


@pytest.fixture
def events(org, site_pages):
    warsaw = EventFactory(
        title="Seminarium o budżecie",
        slug="seminarium-budzet",
        organisers=[org.zgl],
        starts_at=_local(WARSAW, 10, 10),
        ends_at=_local(WARSAW, 10, 14),
        online_url="https://meet.example.org/tajne-seminarium",
    )
    prague = EventFactory(
        kind=EventKind.TRAINING,
        title="Školení: rozpočet obce",
        slug="skoleni-rozpocet",
        organisers=[org.smo],
        time_zone="Europe/Prague",
        language="cs",
        starts_at=_local(PRAGUE, 40, 9, 30),
        ends_at=_local(PRAGUE, 40, 15),
        venue="Krajský úřad",
        address="U Jezu 642/2a, Liberec",
    )
    webinar = EventFactory(
        kind=EventKind.WEBINAR,
        title="Webinarium odwołane",
        slug="webinarium-odwolane",
        organisers=[org.zgl, org.smo],
        status=EventStatus.CANCELLED,
        venue="",
        address="",
        online_url="https://meet.example.org/webinarium",
    )
    EventFactory(title="Narada zamknięta", slug="narada", organisers=[org.zgl], audience=Audience.INVITED)
    EventFactory(title="Szkic", slug="szkic", organisers=[org.zgl], status=EventStatus.DRAFT)
    return {"warsaw": warsaw, "prague": prague, "webinar": webinar, "pages": site_pages}


def _feed(client, url) -> icalendar.Calendar:
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    return icalendar.Calendar.from_ical(response.content)


def _by_title(calendar) -> dict:
    return {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}


def test_calendar_feed_lists_public_events_only(client, events):
    calendar = _feed(client, "/calendar/events.ics")

    assert sorted(_by_title(calendar)) == ["Seminarium o budżecie", "Webinarium odwołane", "Školení: rozpočet obce"]
    assert calendar["VERSION"] == "2.0"
    with translation.override("pl"):  # no language prefix on /calendar/: the default language
        assert str(calendar["X-WR-CALNAME"]) == f"Federacja Testowa – {gettext('Events')}"


def test_calendar_feed_has_a_vtimezone_for_each_zone_used(client, events):
    calendar = _feed(client, "/calendar/events.ics")

    assert sorted(str(component["TZID"]) for component in calendar.walk("VTIMEZONE")) == ["Europe/Prague", "Europe/Warsaw"]


def test_calendar_feed_writes_local_times_with_their_time_zone(client, events):
    entries = _by_title(_feed(client, "/calendar/events.ics"))

    training = entries["Školení: rozpočet obce"]
    assert training["DTSTART"].params["TZID"] == "Europe/Prague"
    assert training["DTSTART"].to_ical() == events["prague"].starts_at.astimezone(PRAGUE).strftime("%Y%m%dT093000").encode()
    assert training.decoded("DTSTART") == events["prague"].starts_at
    assert training.decoded("DTEND") == events["prague"].ends_at
    seminar = entries["Seminarium o budżecie"]
    assert seminar["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert seminar.decoded("DTSTART").strftime("%H:%M") == "10:00"


def test_calendar_feed_marks_cancelled_events(client, events):
    entries = _by_title(_feed(client, "/calendar/events.ics"))

    assert entries["Webinarium odwołane"]["STATUS"] == "CANCELLED"
    assert entries["Seminarium o budżecie"]["STATUS"] == "CONFIRMED"


def test_calendar_feed_gives_each_event_the_address_of_its_page(client, events):
    entries = _by_title(_feed(client, "/calendar/events.ics"))
    pages = events["pages"]

    assert str(entries["Seminarium o budżecie"]["URL"]) == f"http://testserver{pages['pl']['events'].url}seminarium-budzet/"
    assert str(entries["Školení: rozpočet obce"]["URL"]) == f"http://testserver{pages['cs']['events'].url}skoleni-rozpocet/"
    assert str(entries["Školení: rozpočet obce"]["LOCATION"]) == "Krajský úřad, U Jezu 642/2a, Liberec"


def test_calendar_feeds_never_carry_the_online_link(client, events):
    for url in ("/calendar/events.ics", "/calendar/zgl.ics", "/calendar/smo.ics"):
        body = client.get(url).content.decode()
        assert "meet.example.org" not in body, url
        assert "Narada zamknięta" not in body, url
        assert "Szkic" not in body, url


def test_association_calendar_lists_only_its_events(client, events, org):
    smo = _by_title(_feed(client, "/calendar/smo.ics"))

    assert sorted(smo) == ["Webinarium odwołane", "Školení: rozpočet obce"]
    zones = sorted(str(component["TZID"]) for component in _feed(client, "/calendar/smo.ics").walk("VTIMEZONE"))
    assert zones == ["Europe/Prague", "Europe/Warsaw"]


def test_association_calendar_of_an_unknown_association_is_404(client, events):
    assert client.get("/calendar/nikt.ics").status_code == 404


def test_calendar_feed_may_be_cached_for_a_quarter_of_an_hour(client, events):
    assert client.get("/calendar/events.ics")["Cache-Control"] == "public, max-age=900"
