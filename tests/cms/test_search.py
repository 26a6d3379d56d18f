"""The site-wide search: one box over positions, draft acts, good practices, news, events and member
associations, grouped by kind; Polish and Czech words found whatever their endings and diacritics; nothing
that is not public ever comes back. Leak tests first create what could leak, with the same words."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.services import news_publish
from events.enums import Audience, EventStatus
from federation.search import fold, search_terms, stem
from positions.enums import PositionStatus, Stance
from tests.factories import AssociationFactory, DraftActFactory, EventFactory, PositionFactory, published_position_make

SEARCH = {"pl": "/search/", "cs": "/cs/search/", "en": "/en/search/"}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("stanowisko", "stanowisk"),
        ("stanowiska", "stanowisk"),
        ("Stanowiskach", "stanowisk"),
        ("stanowiskiem", "stanowisk"),
        ("stanovisko", "stanovisk"),
        ("stanoviskem", "stanovisk"),
        ("Łódź", "lodz"),
        ("Łodzi", "lodz"),
        ("lodz", "lodz"),
        ("Plzeňský", "plzensk"),
        ("odpadów", "odpad"),
        ("odpadami", "odpad"),
        ("2026", "2026"),
    ],
)
def test_search_terms_fold_and_stem_polish_and_czech_words(word, expected):
    assert search_terms(word) == expected


def test_search_terms_drop_markup_and_keep_every_word():
    assert search_terms("<p>Gminy <b>Łódzkie</b>, PROS/2026/01</p>") == "gmin lodzk pros 2026 01"
    assert fold("Žluťoučký kůň ŁÓDŹ") == "zlutoucky kun lodz"
    assert stem("dom") == "dom"


@pytest.fixture
def world(federation):
    zgl, ozs = federation["presiding"], federation["following"]
    pages = federation["pages"]
    lodz = AssociationFactory(name="Stowarzyszenie Gmin Regionu Łódzkiego", short_name="SGRL", slug="sgrl", city="Łódź", region="łódzkie")
    position = published_position_make(
        lead_association=zgl,
        reference_number=3,
        adopted_on=dt.date(2026, 3, 12),
        title="Stanowisko w sprawie gospodarki odpadami",
        text__points=[{"text": "Federacja popiera selektywną zbiórkę odpadów w Łodzi i w gminach.", "subpoints": []}],
    )
    superseded = published_position_make(
        lead_association=zgl,
        reference_number=1,
        adopted_on=dt.date(2025, 3, 12),
        status=PositionStatus.SUPERSEDED,
        title="Stanowisko w sprawie odpadów komunalnych",
    )
    hidden_positions = [
        PositionFactory(lead_association=zgl, status=status, title=f"Tajne stanowisko o odpadach ({status})")
        for status in (PositionStatus.DRAFT, PositionStatus.CONSULTATION, PositionStatus.SIGNING, PositionStatus.WITHDRAWN)
    ]
    bill = DraftActFactory(title="Projekt ustawy o odpadach", stance=Stance.SUPPORT, stance_is_public=True, summary="Nowe opłaty.")
    hidden_bill = DraftActFactory(title="Projekt rozporządzenia o odpadach niebezpiecznych", stance=Stance.OPPOSE, stance_is_public=False)
    news = news_publish(
        index=pages["pl"]["news"],
        title="Stanowiska federacji w Łodzi",
        date=dt.date(2026, 3, 14),
        summary="Zarząd przyjął stanowisko o odpadach.",
        body="<p>Posiedzenie odbyło się w Łodzi.</p>",
    )
    news_cs = news_publish(
        index=pages["cs"]["news"],
        title="Stanoviska federace k odpadům",
        date=dt.date(2026, 3, 14),
        summary="Předsednictvo přijalo stanovisko.",
        body="<p>Zasedání v Plzni.</p>",
    )
    draft_news = pages["pl"]["news"].add_child(
        instance=type(news)(title="Szkic: odpady w Łodzi", date=dt.date(2026, 3, 15), summary="Szkic", body="<p>x</p>", live=False)
    )
    event = EventFactory(title="Seminarium o odpadach", venue="Urząd Miasta Łodzi", address="ul. Piotrkowska 104, Łódź", organisers=[zgl])
    hidden_events = [
        EventFactory(title="Szkolenie o odpadach (szkic)", status=EventStatus.DRAFT, organisers=[zgl]),
        EventFactory(title="Narada o odpadach (tylko zaproszeni)", audience=Audience.INVITED, organisers=[zgl]),
    ]
    return SimpleNamespace(
        pages=pages,
        zgl=zgl,
        ozs=ozs,
        lodz=lodz,
        position=position,
        superseded=superseded,
        hidden_positions=hidden_positions,
        bill=bill,
        hidden_bill=hidden_bill,
        news=news,
        news_cs=news_cs,
        draft_news=draft_news,
        event=event,
        hidden_events=hidden_events,
    )


def _search(client, query, language="pl", **params):
    response = client.get(SEARCH[language], {"q": query, **params})
    assert response.status_code == 200
    return response


def _titles(response) -> dict[str, list[str]]:
    """The hits' titles by kind, in the order shown."""
    return {group.kind: [hit.title for hit in group.hits] for group in response.context["result"].groups}


@pytest.mark.django_db
def test_search_finds_stanowisko_for_stanowiska_grouped_by_kind(client, world):
    response = _search(client, "stanowiska")
    titles = _titles(response)
    # Both positions rank alike; the backends order such ties differently.
    assert sorted(titles["positions"]) == ["Stanowisko w sprawie gospodarki odpadami", "Stanowisko w sprawie odpadów komunalnych"]
    assert titles == {"positions": titles["positions"], "news": ["Stanowiska federacji w Łodzi"]}
    html = response.content.decode()
    assert f'href="{world.pages["pl"]["positions"].url}{world.position.slug}/"' in html


@pytest.mark.django_db
def test_search_finds_lodz_without_diacritics(client, world):
    assert _titles(_search(client, "lodz", "en")) == {
        "positions": ["Stanowisko w sprawie gospodarki odpadami"],
        "events": ["Seminarium o odpadach"],
        "associations": ["Stowarzyszenie Gmin Regionu Łódzkiego"],
    }


@pytest.mark.django_db
def test_search_matches_every_word(client, world):
    assert _titles(_search(client, "odpady Łódź")) == {
        "positions": ["Stanowisko w sprawie gospodarki odpadami"],
        "news": ["Stanowiska federacji w Łodzi"],
        "events": ["Seminarium o odpadach"],
    }


@pytest.mark.django_db
def test_search_covers_draft_acts_and_associations(client, world):
    titles = _titles(_search(client, "projekt ustawy", "en"))
    assert titles == {"draft_acts": ["Projekt ustawy o odpadach"]}
    hit = _search(client, "projekt ustawy", "en").context["result"].groups[0].hits[0]
    assert hit.url == f"{world.pages['en']['positions'].url}projekty/#draft-act-{world.bill.pk}"
    assert _titles(_search(client, "stowarzyszenie regionu", "cs")) == {"associations": ["Stowarzyszenie Gmin Regionu Łódzkiego"]}


@pytest.mark.django_db
def test_search_shows_pages_of_the_language_being_read(client, world):
    assert _titles(_search(client, "stanovisko", "cs")) == {"news": ["Stanoviska federace k odpadům"]}
    assert "news" not in _titles(_search(client, "stanovisko", "pl"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "cs", "en"])
def test_search_never_returns_what_is_not_public(client, world, language):
    secrets = [
        *(position.title for position in world.hidden_positions),
        world.hidden_bill.title,
        world.draft_news.title,
        *(event.title for event in world.hidden_events),
    ]
    for query in ("odpady", "tajne", "szkic", "niebezpiecznych", "zaproszeni", "narada", "szkolenie"):
        html = _search(client, query, language).content.decode()
        for secret in secrets:
            assert secret not in html, (query, secret)


@pytest.mark.django_db
def test_search_kind_filter_lists_one_kind_paginated(client, world):
    for number in range(25):
        published_position_make(lead_association=world.zgl, reference_number=10 + number, title=f"Stanowisko o odpadach nr {number}")
    everything = _search(client, "odpady", "en")
    positions = next(group for group in everything.context["result"].groups if group.kind == "positions")
    assert (positions.count, len(positions.hits)) == (27, 5)
    assert "Show all 27 results in Joint positions" in everything.content.decode()

    first = _search(client, "odpady", "en", kind="positions")
    [group] = first.context["result"].groups
    assert (group.count, len(group.hits), group.page.number, group.page.paginator.num_pages) == (27, 20, 1, 2)
    second = _search(client, "odpady", "en", kind="positions", page=2)
    assert len(second.context["result"].groups[0].hits) == 7


@pytest.mark.django_db
def test_search_refuses_bad_input_with_a_message(client, world):
    response = _search(client, "!!! ???", "en")
    assert response.context["result"] is None
    html = response.content.decode()
    assert "Type at least one word to search for." in html
    assert 'role="alert"' in html
    assert 'value="!!! ???"' in html  # the text typed stays in the box

    response = _search(client, "odpady", "en", kind="secret-drafts")
    assert response.context["result"] is None
    assert "Select a valid choice. secret-drafts is not one of the available choices." in response.content.decode()

    response = _search(client, "x" * 201, "en")
    assert "Ensure this value has at most 200 characters (it has 201)." in response.content.decode()


@pytest.mark.django_db
def test_search_without_query_shows_only_the_form(client, world):
    response = client.get(SEARCH["en"])
    assert response.status_code == 200
    assert response.context["result"] is None
    assert 'role="alert"' not in response.content.decode()


@pytest.mark.django_db
def test_search_with_nothing_found_says_so(client, world):
    html = _search(client, "hydrologia", "en").content.decode()
    assert "Nothing was found for “hydrologia”." in html


@pytest.mark.django_db
def test_search_box_is_on_every_page_and_keeps_the_query(client, world):
    html = client.get(world.pages["en"]["members"].url).content.decode()
    assert '<form class="site-search" role="search" method="get" action="/en/search/">' in html
    html = _search(client, "odpady", "en").content.decode()
    assert re.search(r'<input id="site-search-q" name="q" type="search" value="odpady"', html)


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_search_query_count_does_not_grow_with_hits(client, world):
    client.get(SEARCH["en"], {"q": "odpady"})  # the site and locale records are cached from then on
    few = _queries(client, SEARCH["en"], {"q": "odpady"})
    few_kind = _queries(client, SEARCH["en"], {"q": "odpady", "kind": "events"})
    for number in range(12):
        published_position_make(lead_association=world.zgl, reference_number=40 + number, title=f"Stanowisko o odpadach nr {number}")
        EventFactory(title=f"Warsztaty o odpadach {number}", organisers=[world.zgl, world.ozs])
        DraftActFactory(title=f"Projekt o odpadach {number}", stance=Stance.SUPPORT, stance_is_public=True)
    assert _queries(client, SEARCH["en"], {"q": "odpady"}) == few
    assert _queries(client, SEARCH["en"], {"q": "odpady", "kind": "events"}) == few_kind
