"""When an event's public page, and the lists of events, change by themselves, with no record saved (the page
cache keeps them until then)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from events.enums import Audience, EventStatus
from events.models import Event
from events.selectors import event_lists_change_at, event_page_changes_at
from tests.factories import EventFactory

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _at(hours: float) -> dt.datetime:
    return NOW + dt.timedelta(hours=hours)


@pytest.mark.parametrize(
    ("opens", "closes", "expected"),
    [
        (_at(1), _at(24), _at(1)),  # not open yet: it opens
        (None, _at(24), _at(24)),  # open: it closes
        (_at(-1), None, _at(48)),  # open until the start
        (None, _at(-1), _at(52)),  # closed: the event ends
        (_at(0), _at(24), _at(24)),  # opening this very moment: open now, so it closes next
    ],
)
def test_the_next_change_is_the_first_moment_ahead(opens, closes, expected):
    event = Event(starts_at=_at(48), ends_at=_at(52), registration_opens_at=opens, registration_closes_at=closes)
    assert event_page_changes_at(event, now=NOW) == expected


def test_an_event_that_has_ended_changes_no_more():
    event = Event(starts_at=_at(-5), ends_at=_at(-1))
    assert event_page_changes_at(event, now=NOW) is None


@pytest.mark.django_db
def test_the_lists_change_when_the_next_event_the_visitor_sees_ends():
    now = dt.datetime.now(dt.UTC)
    later = now + dt.timedelta(hours=3)
    EventFactory(starts_at=now - dt.timedelta(hours=1), ends_at=later)
    EventFactory(starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1), audience=Audience.INVITED)
    EventFactory(starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=2), status=EventStatus.DRAFT)
    EventFactory(starts_at=now - dt.timedelta(days=2), ends_at=now - dt.timedelta(days=1))

    assert event_lists_change_at(user=AnonymousUser(), now=now) == later
    assert event_lists_change_at(user=AnonymousUser(), now=later + dt.timedelta(seconds=1)) is None
