"""The API's joint positions and draft acts: exact answers, filters, paging, 404s, bad input, fixed query
counts; and leak tests: drafts, positions in consultation or signing, declined signatures, signatures on
an earlier text and draft acts without a public stance are created first and never appear."""

import pytest
from django.urls import reverse

from positions.enums import Decision, PositionStatus
from tests.api.conftest import SignatureFactory
from tests.factories import AssociationFactory, DraftActFactory, DraftActIdentifierFactory, TopicFactory, published_position_make

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


def _ref(position):
    return {"slug": position.slug, "reference": position.reference, "title": position.title}


def _items(world):
    position, old = world.position, world.old
    return [
        {
            **_ref(position),
            "status": "published",
            "topic": FINANCE,
            "lead_association": ZGL,
            "adopted_on": "2026-03-12",
            "adopted_place": "Nowa Sól",
            "sha256": position.current_version.sha256,
            "url": f"{HOST}/stanowiska/2026-02-stanowisko/",
            "pdf_url": f"{HOST}/pdf/positions/2026-02-stanowisko.pdf",
        },
        {
            **_ref(old),
            "status": "superseded",
            "topic": None,
            "lead_association": SMO,
            "adopted_on": "2025-05-20",
            "adopted_place": "Nowa Sól",
            "sha256": old.current_version.sha256,
            "url": f"{HOST}/stanowiska/2025-01-stanowisko/",
            "pdf_url": f"{HOST}/pdf/positions/2025-01-stanowisko.pdf",
        },
    ]


def test_position_list_gives_public_positions_newest_first(client, world):
    assert _get(client, reverse("api-v1:position_list")) == {"count": 2, "limit": 20, "offset": 0, "items": _items(world)}


def test_position_detail_gives_the_adopted_text_and_public_signatures(client, world):
    position = world.position
    sha256 = position.current_version.sha256
    assert _get(client, reverse("api-v1:position_detail", kwargs={"slug": position.slug})) == {
        **_items(world)[0],
        "forum": "Zarząd Federacji",
        "addressees": ["Minister Finansów", "Minister Edukacji"],
        "co_drafters": [SMO],
        "published_at": "2026-03-13T08:30:00Z",
        "term": {
            "id": world.current.pk,
            "association": ZGL,
            "starts_on": world.current.starts_on.isoformat(),
            "ends_on": world.current.ends_on.isoformat(),
        },
        "supersedes": _ref(world.old),
        "superseded_by": None,
        "introduction": "",
        "points": [
            {"number": 1, "text": "Federacja popiera kierunek zmian w finansowaniu zadań oświatowych.", "subpoints": []},
            {
                "number": 2,
                "text": "Federacja wnosi o:",
                "subpoints": [
                    {"label": "a", "text": "zwiększenie części oświatowej subwencji o 10%,"},
                    {"label": "b", "text": "waloryzację stawek na ucznia co roku."},
                ],
            },
            {"number": 3, "text": "Zmiany powinny wejść w życie od 1 stycznia 2027 r.", "subpoints": []},
        ],
        "justification": "Uzasadnienie stanowiska.",
        "verify_url": f"{HOST}/verify/{sha256}/",
        "signatures": [
            {
                "association": SMO,
                "decision": "abstained",
                "signer_name": "Jan Novák",
                "signer_function": "Předseda",
                "reservation": "Bod 2 nepodporujeme.",
                "mandate_body": "Rada svazu",
                "mandate_date": "2026-03-01",
                "signed_on": world.today.isoformat(),
            },
            {
                "association": ZGL,
                "decision": "signed",
                "signer_name": "Anna Lis",
                "signer_function": "Prezes Zarządu",
                "reservation": "",
                "mandate_body": "",
                "mandate_date": None,
                "signed_on": world.today.isoformat(),
            },
        ],
        "draft_acts": [
            {
                "id": world.bill.pk,
                "title": "Projekt ustawy o dochodach JST",
                "identifiers": [{"kind": "sejm_print", "value": "2188", "url": "https://www.sejm.gov.pl/druk/2188"}],
            }
        ],
    }


def test_position_detail_of_a_superseded_position_names_its_successor(client, world):
    body = _get(client, reverse("api-v1:position_detail", kwargs={"slug": world.old.slug}))
    assert (body["status"], body["superseded_by"], body["supersedes"]) == ("superseded", _ref(world.position), None)


def test_position_urls_are_the_default_language_pages_whatever_accept_language(client, world):
    body = _get(client, reverse("api-v1:position_detail", kwargs={"slug": world.position.slug}), language="cs")
    assert (body["url"], body["verify_url"]) == (
        f"{HOST}/stanowiska/2026-02-stanowisko/",
        f"{HOST}/verify/{world.position.current_version.sha256}/",
    )


@pytest.mark.parametrize(
    ("params", "slugs"),
    [
        ({"topic": "finanse"}, ["2026-02-stanowisko"]),
        ({"association": "zgl"}, ["2026-02-stanowisko"]),
        ({"association": "smo"}, ["2026-02-stanowisko", "2025-01-stanowisko"]),  # abstained, signed
        ({"association": "zs"}, []),  # declined: never counted as signed by
        ({"association": "sgd"}, []),  # signed an earlier text only
        ({"year": "2025"}, ["2025-01-stanowisko"]),
        ({"year": "1999"}, []),
        ({"status": "superseded"}, ["2025-01-stanowisko"]),
        ({"status": "published"}, ["2026-02-stanowisko"]),
        ({"q": "retencji"}, ["2025-01-stanowisko"]),
        ({"q": "oswiatowej subwencji"}, ["2026-02-stanowisko"]),  # words of the text, without accents
        ({"q": "FT/2026/02"}, ["2026-02-stanowisko"]),
        ({"q": "tajne stanowisko"}, []),
        ({"q": "..."}, []),
        ({"topic": "finanse", "association": "smo", "year": "2026", "status": "published", "q": "oświaty"}, ["2026-02-stanowisko"]),
    ],
)
def test_position_list_filters(client, world, params, slugs):
    body = _get(client, reverse("api-v1:position_list"), **params)
    assert [item["slug"] for item in body["items"]] == slugs
    assert body["count"] == len(slugs)


def test_position_list_pages(client, world):
    assert _get(client, reverse("api-v1:position_list"), limit=1, offset=1) == {
        "count": 2,
        "limit": 1,
        "offset": 1,
        "items": _items(world)[1:],
    }


@pytest.mark.parametrize(
    ("params", "detail"),
    [({"topic": "nic"}, "No topic has the slug “nic”."), ({"association": "nikt"}, "No member association has the slug “nikt”.")],
)
def test_position_list_naming_an_unknown_topic_or_association_is_not_found(client, world, params, detail):
    assert _get(client, reverse("api-v1:position_list"), expect=404, **params) == {"detail": detail}


@pytest.mark.parametrize(
    ("params", "parameter", "kind"),
    [
        ({"year": "0"}, "year", "greater_than_equal"),
        ({"year": "10000"}, "year", "less_than_equal"),
        ({"year": "twenty"}, "year", "int_parsing"),
        ({"status": "draft"}, "status", "literal_error"),
        ({"status": "signing"}, "status", "literal_error"),
        ({"topic": "a/b"}, "topic", "string_pattern_mismatch"),
    ],
)
def test_position_list_refuses_bad_parameters(client, world, params, parameter, kind):
    body = _get(client, reverse("api-v1:position_list"), expect=422, **params)
    assert [(error["parameter"], error["type"]) for error in body["errors"]] == [(parameter, kind)]


def test_position_detail_of_an_unknown_slug_is_not_found(client, world):
    body = _get(client, reverse("api-v1:position_detail", kwargs={"slug": "nic"}), expect=404)
    assert body == {"detail": "No published position has the slug “nic”."}


# --- Leaks ----------------------------------------------------------------------------------------------

SECRETS = ["Tajne stanowisko", "tajne-", "Piotr Sprzeciw", "Dawny Podpis", "Podpis Projektu", "Projekt tajnego rozporządzenia", "declined"]


@pytest.mark.parametrize("status", ["draft", "consultation", "final", "signing", "withdrawn"])
def test_position_detail_of_a_position_not_yet_public_is_not_found(client, world, status):
    assert client.get(reverse("api-v1:position_detail", kwargs={"slug": f"tajne-{status}"})).status_code == 404


def test_positions_api_never_shows_what_is_not_public(client, world):
    urls = [
        reverse("api-v1:position_list") + "?limit=100",
        reverse("api-v1:position_list") + "?topic=finanse",
        reverse("api-v1:position_list") + "?association=smo",
        reverse("api-v1:position_list") + "?q=tajne",
        reverse("api-v1:position_detail", kwargs={"slug": world.position.slug}),
        reverse("api-v1:position_detail", kwargs={"slug": world.old.slug}),
        reverse("api-v1:draft_act_list") + "?limit=100",
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert [secret for secret in SECRETS if secret in content] == [], url


# --- Draft acts -----------------------------------------------------------------------------------------


def test_draft_act_list_gives_draft_acts_with_a_public_stance(client, world):
    assert _get(client, reverse("api-v1:draft_act_list")) == {
        "count": 1,
        "limit": 20,
        "offset": 0,
        "items": [
            {
                "id": world.bill.pk,
                "title": "Projekt ustawy o dochodach JST",
                "identifiers": [{"kind": "sejm_print", "value": "2188", "url": "https://www.sejm.gov.pl/druk/2188"}],
                "jurisdiction": "PL",
                "originating_body": "Ministerstwo Finansów",
                "stage": "consultation",
                "stance": "support_with_amendments",
                "summary": "Zmiany w subwencji.",
                "topic": FINANCE,
                "lead_association": ZGL,
                "positions": [_ref(world.position)],
            }
        ],
    }


def test_draft_act_list_names_only_public_positions(client, world):
    world.bill.positions.add(*world.drafts)
    assert _get(client, reverse("api-v1:draft_act_list"))["items"][0]["positions"] == [_ref(world.position)]


@pytest.mark.parametrize(
    ("params", "count"), [({"topic": "finanse"}, 1), ({"jurisdiction": "PL"}, 1), ({"jurisdiction": "CZ"}, 0), ({"jurisdiction": "EU"}, 0)]
)
def test_draft_act_list_filters(client, world, params, count):
    assert _get(client, reverse("api-v1:draft_act_list"), **params)["count"] == count


def test_draft_act_list_refuses_an_unknown_jurisdiction(client, world):
    body = _get(client, reverse("api-v1:draft_act_list"), expect=422, jurisdiction="DE")
    assert [(error["parameter"], error["type"]) for error in body["errors"]] == [("jurisdiction", "enum")]


# --- Queries --------------------------------------------------------------------------------------------


def _positions(count):
    topic = TopicFactory()
    signer = AssociationFactory()
    positions = []
    for number in range(count):
        position = published_position_make(lead_association=AssociationFactory(), reference_number=number + 1, topic=topic)
        SignatureFactory(position=position, association=signer)
        SignatureFactory(position=position, decision=Decision.ABSTAINED)
        SignatureFactory(position=position, decision=Decision.DECLINED)
        positions.append(position)
    return positions


@pytest.mark.parametrize("count", [1, 25])
def test_position_list_query_count_does_not_grow(client, db, django_assert_num_queries, count):
    _positions(count)
    # The count and the page of positions, then the positions page of the site for the addresses: its
    # view restrictions, the page, the default locale, and Wagtail's site lookup (three).
    with django_assert_num_queries(8):
        assert len(_get(client, reverse("api-v1:position_list"), limit=100)["items"]) == count


@pytest.mark.parametrize("count", [1, 25])
def test_position_detail_query_count_does_not_grow_with_signatures_or_draft_acts(client, db, django_assert_num_queries, count):
    position = _positions(1)[0]
    for _number in range(count):
        SignatureFactory(position=position)
        bill = DraftActFactory(stance_is_public=True)
        DraftActIdentifierFactory(draft_act=bill)
        position.draft_acts.add(bill)
    # The position with its draft acts (and their identifiers) and co-drafters, its signatures, then the
    # positions page of the site for the addresses (six queries, as for the list).
    with django_assert_num_queries(11):
        body = _get(client, reverse("api-v1:position_detail", kwargs={"slug": position.slug}))
    assert (len(body["signatures"]), len(body["draft_acts"])) == (count + 2, count)


@pytest.mark.parametrize("count", [1, 25])
def test_draft_act_list_query_count_does_not_grow(client, db, django_assert_num_queries, count):
    for number in range(count):
        bill = DraftActFactory(stance_is_public=True, topic=TopicFactory(), lead_association=AssociationFactory())
        DraftActIdentifierFactory(draft_act=bill)
        bill.positions.add(published_position_make(lead_association=AssociationFactory(), reference_number=number + 1))
    with django_assert_num_queries(4):
        body = _get(client, reverse("api-v1:draft_act_list"), limit=100)
    assert [len(item["positions"]) for item in body["items"]] == [1] * count


def test_position_list_shows_no_status_but_published_and_superseded(client, world):
    statuses = {item["status"] for item in _get(client, reverse("api-v1:position_list"), limit=100)["items"]}
    assert statuses == {PositionStatus.PUBLISHED, PositionStatus.SUPERSEDED}
