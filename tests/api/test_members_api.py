"""The API's member associations and local governments: exact answers, filters, paging, 404s, bad input,
and a fixed number of queries whatever the page size."""

import datetime as dt

import pytest
from django.urls import reverse

from members.enums import Country, LocalGovernmentKind
from tests.factories import AssociationFactory, LocalGovernmentFactory, LocalGovernmentMembershipFactory

ZGL = {"slug": "zgl", "name": "Związek Gmin Lubuskich", "short_name": "ZGL"}
SMO = {"slug": "smo", "name": "Svaz měst a obcí Libereckého kraje", "short_name": "SMO"}
SGD = {"slug": "sgd", "name": "Stowarzyszenie Gmin Dawnych", "short_name": "SGD"}
ZS = {"slug": "zs", "name": "Związek Sprzeciwu", "short_name": "ZS"}


def _item(ref, **fields):
    defaults = {
        "legal_form": "association",
        "country": "PL",
        "region": "lubuskie",
        "city": "",
        "website": None,
        "joined_on": "2013-10-29",
        "left_on": None,
        "is_member": True,
    }
    return {**ref, **defaults, **fields}


ASSOCIATIONS = [
    _item(SGD, joined_on="2014-01-01", left_on="2020-01-01", is_member=False),
    _item(SMO, country="CZ", region="Liberecký kraj", city="Liberec", joined_on="2015-03-01"),
    _item(ZGL, city="Zielona Góra", website="https://zgl.example.org"),
    _item(ZS),
]


def _get(client, url, expect=200, language="en", **params):
    response = client.get(url, params, headers={"Accept-Language": language})
    assert response.status_code == expect, response.content
    return response.json()


# --- Associations ---------------------------------------------------------------------------------------


def test_association_list_gives_every_association_by_name(client, world):
    assert _get(client, reverse("api-v1:association_list")) == {"count": 4, "limit": 20, "offset": 0, "items": ASSOCIATIONS}


@pytest.mark.parametrize(
    ("params", "slugs"),
    [
        ({"country": "CZ"}, ["smo"]),
        ({"country": "PL"}, ["sgd", "zgl", "zs"]),
        ({"membership": "current"}, ["smo", "zgl", "zs"]),
        ({"membership": "former"}, ["sgd"]),
        ({"membership": "current", "country": "PL"}, ["zgl", "zs"]),
        ({"q": "Związek Gmin"}, ["zgl"]),
        ({"q": "lubuskich"}, ["sgd", "zgl", "zs"]),  # their region
        ({"q": "LIBERECKY"}, ["smo"]),
        ({"q": "nic takiego"}, []),
        ({"q": "\x00"}, ["sgd", "smo", "zgl", "zs"]),
    ],
)
def test_association_list_filters(client, world, params, slugs):
    body = _get(client, reverse("api-v1:association_list"), **params)
    assert [item["slug"] for item in body["items"]] == slugs
    assert body["count"] == len(slugs)


def test_association_list_pages_with_limit_and_offset(client, world):
    body = _get(client, reverse("api-v1:association_list"), limit=2, offset=1)
    assert body == {"count": 4, "limit": 2, "offset": 1, "items": ASSOCIATIONS[1:3]}
    assert _get(client, reverse("api-v1:association_list"), limit=2, offset=10) == {"count": 4, "limit": 2, "offset": 10, "items": []}


def test_association_detail_gives_contacts_identifiers_and_topics_led(client, world):
    assert _get(client, reverse("api-v1:association_detail", kwargs={"slug": "zgl"})) == {
        **ASSOCIATIONS[2],
        "description": "Związek gmin województwa lubuskiego.",
        "street_address": "ul. Podgórna 7",
        "postal_code": "65-057",
        "email": "biuro@zgl.example.org",
        "identifiers": {"krs": "0000339564", "regon": None, "nip": None, "ico": None},
        "local_government_count": 1,
        "topics_led": [{"slug": "finanse", "name": {"pl": "Finanse lokalne", "cs": "Místní finance", "en": None}}],
    }


def test_association_detail_of_a_former_member_says_when_it_left(client, world):
    body = _get(client, reverse("api-v1:association_detail", kwargs={"slug": "sgd"}))
    assert (body["left_on"], body["is_member"], body["local_government_count"]) == ("2020-01-01", False, 0)


def test_association_detail_never_gives_the_telephone(client, world):
    response = client.get(reverse("api-v1:association_detail", kwargs={"slug": "zgl"}))
    assert "+48 68" not in response.content.decode()


def test_association_detail_of_an_unknown_slug_is_not_found(client, world):
    body = _get(client, reverse("api-v1:association_detail", kwargs={"slug": "nikt"}), expect=404)
    assert body == {"detail": "No member association has the slug “nikt”."}


@pytest.mark.parametrize(
    ("params", "parameter", "kind"),
    [
        ({"country": "DE"}, "country", "enum"),
        ({"membership": "maybe"}, "membership", "literal_error"),
        ({"limit": "101"}, "limit", "less_than_equal"),
        ({"limit": "0"}, "limit", "greater_than_equal"),
        ({"limit": "5.0"}, "limit", "int_parsing"),
        ({"offset": "-1"}, "offset", "greater_than_equal"),
        ({"offset": "abc"}, "offset", "int_parsing"),
        ({"q": "x" * 201}, "q", "string_too_long"),
    ],
)
def test_association_list_refuses_bad_parameters_with_a_message(client, world, params, parameter, kind):
    body = _get(client, reverse("api-v1:association_list"), expect=422, **params)
    assert body["detail"] == "Some parameters are not valid."
    assert [(error["parameter"], error["location"], error["type"]) for error in body["errors"]] == [(parameter, "query", kind)]
    assert body["errors"][0]["message"]


def test_association_list_messages_name_the_limit(client, world):
    body = _get(client, reverse("api-v1:association_list"), expect=422, limit="500")
    assert body["errors"] == [
        {"parameter": "limit", "location": "query", "message": "Give a value of at most 100.", "type": "less_than_equal"}
    ]


def test_association_detail_refuses_a_slug_that_cannot_be_one(client, world):
    body = _get(client, "/api/v1/associations/%C5%82%C3%B3d%C5%BA", expect=422)
    assert body["errors"] == [
        {
            "parameter": "slug",
            "location": "path",
            "message": "Use only the letters a–z, digits, hyphens and underscores, as in the addresses of the site.",
            "type": "string_pattern_mismatch",
        }
    ]


@pytest.mark.parametrize("extra", [0, 24])
def test_association_list_query_count_does_not_grow(client, world, django_assert_num_queries, extra):
    AssociationFactory.create_batch(extra)
    with django_assert_num_queries(2):
        body = _get(client, reverse("api-v1:association_list"), limit=100)
    assert len(body["items"]) == 4 + extra


def test_association_list_query_count_with_one_association(client, db, django_assert_num_queries):
    AssociationFactory()
    with django_assert_num_queries(2):
        assert len(_get(client, reverse("api-v1:association_list"))["items"]) == 1


@pytest.mark.parametrize("extra", [0, 20])
def test_association_detail_query_count_does_not_grow_with_topics(client, world, django_assert_num_queries, extra):
    from tests.factories import TopicFactory

    TopicFactory.create_batch(extra, lead_association=world.zgl)
    with django_assert_num_queries(2):
        assert len(_get(client, reverse("api-v1:association_detail", kwargs={"slug": "zgl"}))["topics_led"]) == 1 + extra


# --- Local governments ----------------------------------------------------------------------------------

BYTNICA = {
    "code": "0802012",
    "name": "Gmina Bytnica",
    "country": "PL",
    "kind": "gmina_wiejska",
    "population": 2500,
    "parent": {"code": "0802", "name": "Powiat krośnieński"},
    "associations": [ZGL],
}
LIBEREC = {
    "code": "563889",
    "name": "Liberec",
    "country": "CZ",
    "kind": "statutarni_mesto",
    "population": 104000,
    "parent": None,
    "associations": [SMO],
}
POWIAT = {
    "code": "0802",
    "name": "Powiat krośnieński",
    "country": "PL",
    "kind": "powiat",
    "population": 55000,
    "parent": None,
    "associations": [],
}


def test_local_government_list_gives_units_by_name_with_their_current_associations(client, world):
    assert _get(client, reverse("api-v1:local_government_list")) == {
        "count": 3,
        "limit": 20,
        "offset": 0,
        "items": [BYTNICA, LIBEREC, POWIAT],
    }


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"country": "CZ"}, ["563889"]),
        ({"kind": "powiat"}, ["0802"]),
        ({"association": "zgl"}, ["0802012"]),
        ({"association": "sgd"}, []),  # its membership ended
        ({"code": "0802"}, ["0802012", "0802"]),
        ({"code": "08020"}, ["0802012"]),
        ({"code": "5"}, ["563889"]),
        ({"q": "bytn"}, ["0802012"]),
        ({"q": "LIBEREC"}, ["563889"]),
        ({"country": "PL", "kind": "gmina_wiejska", "association": "zgl", "code": "08", "q": "gmina"}, ["0802012"]),
    ],
)
def test_local_government_list_filters(client, world, params, codes):
    body = _get(client, reverse("api-v1:local_government_list"), **params)
    assert [item["code"] for item in body["items"]] == codes
    assert body["count"] == len(codes)


def test_local_government_list_pages(client, world):
    body = _get(client, reverse("api-v1:local_government_list"), limit=1, offset=2)
    assert body == {"count": 3, "limit": 1, "offset": 2, "items": [POWIAT]}


def test_local_government_list_for_an_unknown_association_is_not_found(client, world):
    body = _get(client, reverse("api-v1:local_government_list"), expect=404, association="nikt")
    assert body == {"detail": "No member association has the slug “nikt”."}


@pytest.mark.parametrize(
    ("params", "parameter", "kind"),
    [
        ({"code": "08-02"}, "code", "string_pattern_mismatch"),
        ({"code": "08020120"}, "code", "string_pattern_mismatch"),
        ({"kind": "miasto"}, "kind", "enum"),
        ({"association": "zły slug"}, "association", "string_pattern_mismatch"),
    ],
)
def test_local_government_list_refuses_bad_parameters(client, world, params, parameter, kind):
    body = _get(client, reverse("api-v1:local_government_list"), expect=422, **params)
    assert [(error["parameter"], error["type"]) for error in body["errors"]] == [(parameter, kind)]


def test_local_government_detail_gives_every_membership_oldest_first(client, world):
    assert _get(client, reverse("api-v1:local_government_detail", kwargs={"code": "0802012"})) == {
        **BYTNICA,
        "memberships": [
            {"association": SGD, "joined_on": "2014-01-01", "left_on": "2020-01-01"},
            {"association": ZGL, "joined_on": "2015-01-01", "left_on": None},
        ],
    }


def test_local_government_detail_of_an_unknown_code_is_not_found(client, world):
    body = _get(client, reverse("api-v1:local_government_detail", kwargs={"code": "1234567"}), expect=404)
    assert body == {"detail": "No local government has the code “1234567”."}


def test_local_government_detail_refuses_a_code_that_cannot_be_one(client, world):
    body = _get(client, "/api/v1/local-governments/08x", expect=422)
    assert body["errors"][0]["message"] == "An official code has 2 to 7 digits."


def _units(count):
    association = AssociationFactory()
    parent = LocalGovernmentFactory(code="0262", kind=LocalGovernmentKind.POWIAT)
    for number in range(count):
        unit = LocalGovernmentFactory(code=f"{5000 + number:06d}", country=Country.CZECHIA, kind=LocalGovernmentKind.OBEC, parent=parent)
        LocalGovernmentMembershipFactory(local_government=unit, association=association, joined_on=dt.date(2016, 1, 1))
        LocalGovernmentMembershipFactory(local_government=unit, association=AssociationFactory(), joined_on=dt.date(2017, 1, 1))


@pytest.mark.parametrize("count", [1, 30])
def test_local_government_list_query_count_does_not_grow(client, db, django_assert_num_queries, count):
    _units(count)
    with django_assert_num_queries(3):
        body = _get(client, reverse("api-v1:local_government_list"), limit=100, country="CZ")
    assert len(body["items"]) == count
    assert {len(item["associations"]) for item in body["items"]} == {2}


@pytest.mark.parametrize("count", [1, 30])
def test_local_government_detail_query_count_does_not_grow_with_memberships(client, db, django_assert_num_queries, count):
    unit = LocalGovernmentFactory(code="0802012")
    for _number in range(count):
        LocalGovernmentMembershipFactory(local_government=unit, joined_on=dt.date(2016, 1, 1))
    with django_assert_num_queries(2):
        body = _get(client, reverse("api-v1:local_government_detail", kwargs={"code": "0802012"}))
    assert len(body["memberships"]) == count
