"""The API's events: only events open to anyone, published or cancelled; never members-only or invited-only
events, drafts, or the online link."""

import datetime as dt

import pytest
from django.urls import reverse

from events import services as event_services
from events.enums import Audience, EventKind
from tests.factories import AssociationFactory, EventFactory, TopicFactory

ZGL = {"slug": "zgl", "name": "Związek Gmin Lubuskich", "short_name": "ZGL"}
SMO = {"slug": "smo", "name": "Svaz měst a obcí Libereckého kraje", "short_name": "SMO"}
FINANCE = {"slug": "finanse", "name": {"pl": "Finanse lokalne", "cs": "Místní finance", "en": None}}
HOST = "http://testserver"


@pytest.fixture(autouse=True)
def _pages(site):
    """Addresses of positions and events are on the pages of the site."""


def _get(client, url, expect=200, language="en", **params):
    response = client.get(url, params, headers={"Accept-Language": language})
    assert response.status_code == expect, response.content
    return response.json()


def _local(moment, zone="Europe/Warsaw"):
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(zone)).isoformat()


def _items(world):
    meeting, seminar, training = world.meeting, world.seminar, world.training
    free = {"kind": "free", "amount": None, "currency": None, "vat_basis": ""}
    common = {"registration_opens_at": None, "registration_closes_at": None, "language": "pl", "time_zone": "Europe/Warsaw"}
    return [
        {
            "slug": "posiedzenie-zarzadu",
            "title": "Posiedzenie Zarządu",
            "kind": "board_sitting",
            "status": "cancelled",
            "starts_at": _local(meeting.starts_at),
            "ends_at": _local(meeting.ends_at),
            "venue": "Urząd Marszałkowski",
            "address": "ul. Podgórna 7, 65-057 Zielona Góra",
            "online": False,
            "topic": None,
            "organisers": [ZGL],
            "fee": free,
            "capacity": 30,
            "places_left": 30,
            "url": f"{HOST}/wydarzenia/posiedzenie-zarzadu/",
            **common,
        },
        {
            "slug": "seminarium-finanse",
            "title": "Seminarium: finanse gmin",
            "kind": "seminar",
            "status": "published",
            "starts_at": _local(seminar.starts_at),
            "ends_at": _local(seminar.ends_at),
            "venue": "Urząd Marszałkowski",
            "address": "ul. Podgórna 7, 65-057 Zielona Góra",
            "online": True,
            "topic": FINANCE,
            "organisers": [ZGL],
            "fee": free,
            "capacity": 30,
            "places_left": 29,
            "url": f"{HOST}/wydarzenia/seminarium-finanse/",
            **common,
        },
        {
            "slug": "skoleni-liberec",
            "title": "Školení: rozpočet obce",
            "kind": "training",
            "status": "published",
            "starts_at": _local(training.starts_at, "Europe/Prague"),
            "ends_at": _local(training.ends_at, "Europe/Prague"),
            "venue": "Krajský úřad",
            "address": "U Jezu 642, Liberec",
            "online": False,
            "topic": None,
            "organisers": [SMO, ZGL],
            "fee": {"kind": "paid", "amount": "250.00", "currency": "CZK", "vat_basis": "osvobozeno"},
            "capacity": None,
            "places_left": None,
            "url": f"{HOST}/cs/wydarzenia/skoleni-liberec/",
            **common,
            "language": "cs",
            "time_zone": "Europe/Prague",
        },
    ]


@pytest.fixture
def registered(world):
    """One person registered for the seminar (one place fewer); their name must never appear."""
    return event_services.registration_create(
        event=world.seminar,
        participants=[event_services.Participant(first_name="Ewa", last_name="Uczestniczka", email="ewa@example.org")],
    )


def test_event_list_gives_public_events_by_start(client, world, registered):
    assert _get(client, reverse("api-v1:event_list")) == {"count": 3, "limit": 20, "offset": 0, "items": _items(world)}


def test_event_detail_gives_the_agenda_minutes_and_public_positions_only(client, world, registered):
    position = world.position
    assert _get(client, reverse("api-v1:event_detail", kwargs={"slug": "posiedzenie-zarzadu"})) == {
        **_items(world)[0],
        "description": "",
        "speakers": [],
        "hours": None,
        "accreditation_number": "",
        "term": {
            "id": world.current.pk,
            "association": ZGL,
            "starts_on": world.current.starts_on.isoformat(),
            "ends_on": world.current.ends_on.isoformat(),
        },
        "agenda": [
            {
                "order": 1,
                "title": "Przyjęcie stanowiska",
                "position": {"slug": position.slug, "reference": position.reference, "title": position.title},
            },
            {"order": 2, "title": "Projekt w toku", "position": None},
        ],
        "minutes": "Zarząd przyjął stanowisko.",
        "positions_adopted": [{"slug": position.slug, "reference": position.reference, "title": position.title}],
    }


def test_event_detail_of_a_seminar_gives_speakers_and_hours(client, world, registered):
    body = _get(client, reverse("api-v1:event_detail", kwargs={"slug": "seminarium-finanse"}))
    assert (body["speakers"], body["hours"], body["description"], body["online"]) == (
        ["dr Ewa Przykładowa – radczyni prawna"],
        "4.0",
        "O finansach.",
        True,
    )


@pytest.mark.parametrize("slug", ["tylko-dla-czlonkow", "na-zaproszenie", "szkic-wydarzenia", "nic"])
def test_event_detail_of_an_event_not_open_to_anyone_is_not_found(client, world, slug):
    body = _get(client, reverse("api-v1:event_detail", kwargs={"slug": slug}), expect=404)
    assert body == {"detail": f"No public event has the slug “{slug}”."}


def test_events_api_never_shows_hidden_events_the_online_link_or_participants(client, world, registered, django_user_model):
    urls = [
        reverse("api-v1:event_list") + "?limit=100",
        reverse("api-v1:event_list") + "?organiser=zgl",
        *(
            reverse("api-v1:event_detail", kwargs={"slug": slug})
            for slug in ("posiedzenie-zarzadu", "seminarium-finanse", "skoleni-liberec")
        ),
    ]
    secrets = [
        "Szkolenie dla członków",
        "Spotkanie na zaproszenie",
        "Szkic wydarzenia",
        "meet.example.org",
        "tajny-link",
        "Uczestniczka",
        "Tajne",
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert [secret for secret in secrets if secret in content] == [], url


@pytest.mark.parametrize(
    ("params", "slugs"),
    [
        ({"kind": "seminar"}, ["seminarium-finanse"]),
        ({"kind": "board_sitting"}, ["posiedzenie-zarzadu"]),
        ({"kind": "webinar"}, []),
        ({"organiser": "smo"}, ["skoleni-liberec"]),
        ({"organiser": "zgl"}, ["posiedzenie-zarzadu", "seminarium-finanse", "skoleni-liberec"]),
        ({"organiser": "zs"}, []),
        ({"topic": "finanse"}, ["seminarium-finanse"]),
        ({"from": "today"}, ["seminarium-finanse", "skoleni-liberec"]),
        ({"to": "today"}, ["posiedzenie-zarzadu"]),
        ({"from": "+14", "to": "+14"}, ["seminarium-finanse"]),
        ({"from": "+41", "to": "+41"}, ["skoleni-liberec"]),  # the second day of a two-day training
        ({"from": "+15", "to": "+39"}, []),
        ({"from": "0001-01-01", "to": "9999-12-31"}, ["posiedzenie-zarzadu", "seminarium-finanse", "skoleni-liberec"]),
        ({"from": "9999-12-31"}, []),
        ({"to": "0001-01-01"}, []),
    ],
)
def test_event_list_filters(client, world, params, slugs):
    def day(value):
        if value == "today":
            return world.today.isoformat()
        if value.startswith("+"):
            return (world.today + dt.timedelta(days=int(value))).isoformat()
        return value

    body = _get(
        client, reverse("api-v1:event_list"), **{key: day(value) if key in ("from", "to") else value for key, value in params.items()}
    )
    assert [item["slug"] for item in body["items"]] == slugs
    assert body["count"] == len(slugs)


def test_event_list_pages(client, world, registered):
    assert _get(client, reverse("api-v1:event_list"), limit=2, offset=1)["items"] == _items(world)[1:]


@pytest.mark.parametrize(
    ("params", "detail"),
    [({"organiser": "nikt"}, "No member association has the slug “nikt”."), ({"topic": "nic"}, "No topic has the slug “nic”.")],
)
def test_event_list_naming_an_unknown_organiser_or_topic_is_not_found(client, world, params, detail):
    assert _get(client, reverse("api-v1:event_list"), expect=404, **params) == {"detail": detail}


@pytest.mark.parametrize(
    ("params", "parameter", "kind"),
    [
        ({"kind": "party"}, "kind", "enum"),
        ({"from": "jutro"}, "from", "date_parsing"),
        ({"to": "2026-13-01"}, "to", "date_from_datetime_parsing"),
        ({"organiser": "x" * 101}, "organiser", "string_too_long"),
    ],
)
def test_event_list_refuses_bad_parameters(client, world, params, parameter, kind):
    body = _get(client, reverse("api-v1:event_list"), expect=422, **params)
    assert [(error["parameter"], error["type"]) for error in body["errors"]] == [(parameter, kind)]


def _events(count):
    organisers = [AssociationFactory(), AssociationFactory()]
    topic = TopicFactory()
    for _number in range(count):
        EventFactory(organisers=organisers, topic=topic)
        EventFactory(organisers=organisers, audience=Audience.MEMBERS)
        EventFactory(organisers=organisers, kind=EventKind.WEBINAR, audience=Audience.INVITED)


@pytest.mark.parametrize("count", [1, 25])
def test_event_list_query_count_does_not_grow(client, db, django_assert_num_queries, count):
    _events(count)
    # The count, the page of events, their organisers, then the events pages of the site for the
    # addresses (view restrictions, pages, default locale) and Wagtail's site lookup (three).
    with django_assert_num_queries(9):
        body = _get(client, reverse("api-v1:event_list"), limit=100)
    assert [len(item["organisers"]) for item in body["items"]] == [2] * count


@pytest.mark.parametrize("count", [1, 25])
def test_event_detail_query_count_does_not_grow_with_the_agenda(client, world, django_assert_num_queries, count):
    from events.models import AgendaItem

    for order in range(count):
        AgendaItem.objects.create(event=world.meeting, order=order + 10, title="Punkt", position=world.old)
    # As for the list (without the count), with the agenda (and its positions) and the positions adopted.
    with django_assert_num_queries(10):
        body = _get(client, reverse("api-v1:event_detail", kwargs={"slug": "posiedzenie-zarzadu"}))
    assert len(body["agenda"]) == count + 2
