"""The API's presidency: terms with date filters, the term in force today, trios."""

import datetime as dt

import pytest
from django.urls import reverse

from presidency.models import Term
from tests.factories import AssociationFactory, TermFactory, TrioFactory

ZGL = {"slug": "zgl", "name": "Związek Gmin Lubuskich", "short_name": "ZGL"}
SMO = {"slug": "smo", "name": "Svaz měst a obcí Libereckého kraje", "short_name": "SMO"}


def _get(client, url, expect=200, language="en", **params):
    response = client.get(url, params, headers={"Accept-Language": language})
    assert response.status_code == expect, response.content
    return response.json()


def _ref(term):
    return {
        "id": term.pk,
        "association": ZGL if term.association.slug == "zgl" else SMO,
        "starts_on": term.starts_on.isoformat(),
        "ends_on": term.ends_on.isoformat(),
    }


def _terms(world):
    trio = {"id": world.trio.pk, "name": "Trio 2026"}
    return [
        {**_ref(world.past), "gap_before": False, "programme": "", "priorities": [], "trio": trio, "is_current": False},
        {
            **_ref(world.current),
            "gap_before": False,
            "programme": "Program prezydencji.",
            "priorities": ["Finanse gmin", "Retencja wody"],
            "trio": trio,
            "is_current": True,
        },
        {**_ref(world.upcoming), "gap_before": False, "programme": "", "priorities": [], "trio": None, "is_current": False},
    ]


def test_term_list_gives_every_term_by_first_day(client, world):
    assert _get(client, reverse("api-v1:term_list")) == {"count": 3, "limit": 20, "offset": 0, "items": _terms(world)}


def test_term_list_never_gives_the_handover_note(client, world):
    assert "Notatka wewnętrzna" not in client.get(reverse("api-v1:term_list")).content.decode()


def test_term_list_filters_by_overlapping_dates_and_association(client, world):
    today = world.today

    def ids(**params):
        return [item["id"] for item in _get(client, reverse("api-v1:term_list"), **params)["items"]]

    assert ids(**{"from": today.isoformat()}) == [world.current.pk, world.upcoming.pk]
    assert ids(to=today.isoformat()) == [world.past.pk, world.current.pk]
    assert ids(**{"from": today.isoformat(), "to": today.isoformat()}) == [world.current.pk]
    assert ids(**{"from": world.current.ends_on.isoformat(), "to": world.upcoming.starts_on.isoformat()}) == [
        world.current.pk,
        world.upcoming.pk,
    ]
    assert ids(association="smo") == [world.past.pk, world.upcoming.pk]
    assert ids(association="smo", to=today.isoformat()) == [world.past.pk]
    assert ids(**{"from": "9999-12-31"}) == []
    assert ids(to="0001-01-01") == []


def test_term_list_pages(client, world):
    assert _get(client, reverse("api-v1:term_list"), limit=1, offset=1) == {
        "count": 3,
        "limit": 1,
        "offset": 1,
        "items": _terms(world)[1:2],
    }


@pytest.mark.parametrize(
    ("params", "parameter"),
    [({"from": "0"}, "from"), ({"to": "2026-02-30"}, "to"), ({"to": "12.03.2026"}, "to"), ({"association": "a b"}, "association")],
)
def test_term_list_refuses_bad_parameters(client, world, params, parameter):
    body = _get(client, reverse("api-v1:term_list"), expect=422, **params)
    assert [error["parameter"] for error in body["errors"]] == [parameter]
    if parameter != "association":
        assert body["errors"][0]["message"] == "Give a date as YYYY-MM-DD, e.g. 2026-03-12."


def test_term_list_for_an_unknown_association_is_not_found(client, world):
    body = _get(client, reverse("api-v1:term_list"), expect=404, association="nikt")
    assert body == {"detail": "No member association has the slug “nikt”."}


def test_term_current_gives_the_term_in_force_today(client, world):
    assert _get(client, reverse("api-v1:term_current")) == _terms(world)[1]


def test_term_current_when_nobody_presides_is_not_found(client, world):
    Term.objects.filter(pk=world.current.pk).update(starts_on=world.today + dt.timedelta(days=1))
    body = _get(client, reverse("api-v1:term_current"), expect=404)
    assert body == {"detail": "No association holds the presidency today."}


def test_trio_list_gives_each_trio_with_its_terms(client, world):
    assert _get(client, reverse("api-v1:trio_list")) == {
        "count": 1,
        "limit": 20,
        "offset": 0,
        "items": [
            {"id": world.trio.pk, "name": "Trio 2026", "programme": "Wspólny program.", "terms": [_ref(world.past), _ref(world.current)]}
        ],
    }


def _schedule(count):
    start = dt.date(2030, 1, 1)
    for number in range(count):
        trio = TrioFactory()
        for offset in range(3):
            first = start + dt.timedelta(days=30 * (3 * number + offset))
            TermFactory(association=AssociationFactory(), starts_on=first, ends_on=first + dt.timedelta(days=29), trio=trio)


@pytest.mark.parametrize("count", [1, 12])
def test_term_list_query_count_does_not_grow(client, db, django_assert_num_queries, count):
    _schedule(count)
    with django_assert_num_queries(2):
        assert len(_get(client, reverse("api-v1:term_list"), limit=100)["items"]) == 3 * count


@pytest.mark.parametrize("count", [1, 12])
def test_trio_list_query_count_does_not_grow(client, db, django_assert_num_queries, count):
    _schedule(count)
    with django_assert_num_queries(3):
        body = _get(client, reverse("api-v1:trio_list"), limit=100)
    assert [len(item["terms"]) for item in body["items"]] == [3] * count
