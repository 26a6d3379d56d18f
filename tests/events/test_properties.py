# ruff: noqa: F811  (the `org` fixture is imported from tests/events/conftest.py for the page tests)
"""Property-based tests of registration: random group registrations and cancellations against events with
a random number of places (or none), some of them closed; then random input through the public pages.

An oracle keeps who should be confirmed and who waits, in order; the database must agree after every call,
a cancellation must promote exactly the first in line, and every refused call must be a ValidationError with
a translated message. Through the web, nothing a visitor types or puts in an address gives an error 500."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from events import services
from events.enums import Audience, EventStatus, RegistrationStatus
from events.models import Registration
from events.services import Participant
from tests.events.conftest import org  # noqa: F401
from tests.factories import EventFactory
from tests.properties import PROPERTY_SETTINGS, Refused, api_answers, nasty_text, page_answers, raw_query, refusal, rolled_back

VALID = ["anna@bytnica.example.pl", " Anna@Bytnica.Example.PL ", "jan@bytnica.example.pl", "petr@smo.example.cz", "ewa@zgl.example.pl"]
INVALID = ["anna(at)bytnica", "", "jan@", "@zgl.example.pl", "a b@c.pl", "x\x00@y.pl", "<b>@x.pl"]
# Twelve people, written now and then in capitals and with spaces around (the same address to the service).
address = st.tuples(st.integers(min_value=0, max_value=11), st.booleans()).map(
    lambda drawn: f" Osoba{drawn[0]}@Gmina.Example.PL " if drawn[1] else f"osoba{drawn[0]}@gmina.example.pl"
)
colleague = st.tuples(
    address,
    st.sampled_from(["Anna", "Jan", "Petr"]),
    st.sampled_from(["Nowak", "Dvořák"]),
    st.integers(min_value=0, max_value=9).map(lambda drawn: drawn > 0),  # affiliated, mostly
)
mistaken = st.tuples(
    st.one_of(st.sampled_from(VALID), st.sampled_from(INVALID), st.text(max_size=30)),
    st.sampled_from(["Anna", " ", ""]),
    st.sampled_from(["Nowak", ""]),
    st.booleans(),
)
person = st.integers(min_value=0, max_value=9).flatmap(lambda drawn: colleague if drawn < 8 else mistaken)
operation = st.integers(min_value=0, max_value=9).flatmap(
    lambda drawn: (
        st.tuples(st.just("register"), st.lists(person, min_size=0 if drawn == 0 else 1, max_size=4))
        if drawn < 6
        else st.tuples(st.just("cancel"), st.integers(0, 30))
    )
)
WINDOWS = ["open"] * 8 + ["closed", "not yet", "cancelled", "draft"]


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


class Line:
    """The oracle: who holds a place and who waits, in order."""

    def __init__(self, event):
        self.event = event
        self.confirmed: list[int] = []
        self.waiting: list[int] = []
        self.active: dict[str, int] = {}  # e-mail -> registration pk

    def expect_register(self, people, open_window) -> bool:
        """Whether registering `people` must succeed."""
        if not people:
            return False
        seen = set()
        for address, first, last, affiliated in people:
            normalised = address.strip().lower()
            if not first.strip() or not last.strip() or not _is_email(normalised) or normalised in seen:
                return False
            if self.event.audience == Audience.MEMBERS and not affiliated:
                return False
            seen.add(normalised)
        return open_window and not (seen & self.active.keys())

    def registered(self, registrations):
        for registration in registrations:
            place = self.event.capacity is None or len(self.confirmed) < self.event.capacity
            assert registration.status == (RegistrationStatus.CONFIRMED if place else RegistrationStatus.WAITING)
            (self.confirmed if place else self.waiting).append(registration.pk)
            self.active[registration.email] = registration.pk

    def cancelled(self, pk) -> int | None:
        """The registration that must be promoted."""
        self.active = {address: held for address, held in self.active.items() if held != pk}
        if pk in self.waiting:
            self.waiting.remove(pk)
            return None
        self.confirmed.remove(pk)
        if self.waiting and (self.event.capacity is None or len(self.confirmed) < self.event.capacity):
            promoted = self.waiting.pop(0)
            self.confirmed.append(promoted)
            return promoted
        return None

    def assert_holds(self):
        rows = Registration.objects.filter(event=self.event)
        confirmed = rows.filter(status=RegistrationStatus.CONFIRMED)
        assert self.event.capacity is None or confirmed.count() <= self.event.capacity
        assert sorted(confirmed.values_list("pk", flat=True)) == sorted(self.confirmed)
        waiting = rows.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")
        assert list(waiting.values_list("pk", flat=True)) == self.waiting
        active = rows.exclude(status=RegistrationStatus.CANCELLED)
        assert dict(active.values_list("email", "pk")) == self.active


def _event(org, capacity, window, audience):
    now = timezone.now()
    return EventFactory(
        organisers=[org.smo],
        capacity=capacity,
        audience=audience,
        status={"cancelled": EventStatus.CANCELLED, "draft": EventStatus.DRAFT}.get(window, EventStatus.PUBLISHED),
        registration_opens_at=now + dt.timedelta(days=1) if window == "not yet" else None,
        registration_closes_at=now - dt.timedelta(minutes=1) if window == "closed" else None,
    )


@settings(PROPERTY_SETTINGS, max_examples=50)
@given(
    capacity=st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
    window=st.sampled_from(WINDOWS),
    audience=st.sampled_from([Audience.PUBLIC, Audience.PUBLIC, Audience.MEMBERS]),
    operations=st.lists(operation, min_size=4, max_size=14),
)
def test_registration_never_exceeds_capacity_and_promotes_the_first_in_line(org, capacity, window, audience, operations):
    with rolled_back():
        event = _event(org, capacity, window, audience)
        line = Line(event)
        for step in operations:
            if step[0] == "register":
                people = step[1]
                participants = [
                    Participant(first_name=first, last_name=last, email=address, association=org.zgl if affiliated else None)
                    for address, first, last, affiliated in people
                ]
                result = refusal(
                    lambda participants=participants: services.registration_create(event=event, participants=participants),
                    expected=ValidationError,
                )
                if line.expect_register(people, open_window=window == "open"):
                    assert not isinstance(result, Refused), result
                    line.registered(result)
                else:
                    assert isinstance(result, Refused), (people, result)
            else:
                registrations = list(Registration.objects.filter(event=event).order_by("pk"))
                if not registrations:
                    continue
                registration = registrations[step[1] % len(registrations)]
                was_cancelled = registration.status == RegistrationStatus.CANCELLED
                result = refusal(
                    lambda registration=registration: services.registration_cancel(registration=registration), expected=ValidationError
                )
                if was_cancelled:
                    assert isinstance(result, Refused), result
                else:
                    assert not isinstance(result, Refused), result
                    promoted = line.cancelled(registration.pk)
                    assert (result.pk if result else None) == promoted
            line.assert_holds()


# --- Through the web ----------------------------------------------------------------------------------------


def _post_data(rows, total, extra):
    data = {"person-TOTAL_FORMS": total, "person-INITIAL_FORMS": "0", "person-MIN_NUM_FORMS": "1", "person-MAX_NUM_FORMS": "20"}
    for index, fields in enumerate(rows):
        data.update({f"person-{index}-{name}": value for name, value in fields.items()})
    data.update(extra)
    return data


field = st.one_of(nasty_text, st.sampled_from(VALID))
row = st.fixed_dictionaries(
    {},
    optional={
        "first_name": field,
        "last_name": field,
        "email": field,
        "job_title": field,
        "unit": field,
        "association": field,
        "local_government": field,
    },
)


@PROPERTY_SETTINGS
@given(
    rows=st.lists(row, min_size=0, max_size=3),
    total=st.one_of(st.sampled_from(["1", "2", "3"]), nasty_text),
    extra=st.dictionaries(st.sampled_from(["person-INITIAL_FORMS", "invoice-buyer_nip", "people", "csrfmiddlewaretoken"]), nasty_text),
)
def test_registration_form_answers_any_input_without_a_server_error(client, org, site_pages, rows, total, extra):
    with rolled_back():
        event = EventFactory(organisers=[org.zgl], slug="seminarium-budzet", capacity=2)
        url = site_pages["en"]["events"].url + "seminarium-budzet/"

        response = client.post(url, _post_data(rows, total, extra))

        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:
            assert "The registration could not be made:" in response.content.decode()
            assert not Registration.objects.filter(event=event).exists()
        else:
            assert Registration.objects.filter(event=event).exists()


@PROPERTY_SETTINGS
@given(
    params=st.dictionaries(st.sampled_from(["kind", "topic", "organiser", "month", "past", "page", "people"]), nasty_text, max_size=4),
    raw=raw_query,
)
def test_event_pages_answer_any_filter_without_a_server_error(client, org, site_pages, params, raw):
    with rolled_back():
        EventFactory(organisers=[org.zgl], slug="seminarium-budzet")
        index = site_pages["en"]["events"].url
        page_answers(client.get(index, params))
        page_answers(client.get(f"{index}?month={raw}&organiser={raw}"))
        page_answers(client.get(index + "seminarium-budzet/", params))


@PROPERTY_SETTINGS
@given(
    params=st.dictionaries(st.sampled_from(["kind", "organiser", "topic", "from", "to", "limit", "offset"]), nasty_text, max_size=4),
    raw=raw_query,
)
def test_events_api_answers_any_filter_without_a_server_error(client, org, params, raw):
    with rolled_back():
        EventFactory(organisers=[org.zgl])
        api_answers(client.get("/api/v1/events", params))
        api_answers(client.get(f"/api/v1/events?from={raw}&organiser={raw}"))
