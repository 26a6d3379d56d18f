"""What a page tells link previews and search engines in its head: `<link rel="canonical">`, Open Graph
(with the locale of the page's language and of its translations), and on the home page the API's
description (RFC 8631 `service-desc`)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.services import news_publish
from tests.factories import published_position_make

LANGUAGES = ["pl", "cs", "en"]
LOCALES = {"pl": "pl_PL", "cs": "cs_CZ", "en": "en_GB"}
FEDERATION = {"pl": "Federacja Testowa", "cs": "Testovací federace", "en": "Test Federation"}


def _head(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[: html.index("</head>")]


def _open_graph(head: str) -> list[tuple[str, str]]:
    """Every Open Graph and article property of the head, in order."""
    return re.findall(r'<meta property="((?:og|article):[a-z_:]+)" content="([^"]*)">', head)


def _canonical(head: str) -> list[str]:
    return re.findall(r'<link rel="canonical" href="([^"]*)">', head)


def _locales(language: str) -> list[tuple[str, str]]:
    return [("og:locale", LOCALES[language])] + [("og:locale:alternate", LOCALES[code]) for code in LANGUAGES if code != language]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_has_canonical_and_open_graph_in_its_language(client, federation, language):
    home = federation["pages"][language]["home"]
    head = _head(client, home.url)
    url = f"http://testserver{home.url}"
    assert _canonical(head) == [url]
    assert _open_graph(head) == [
        ("og:type", "website"),
        ("og:title", FEDERATION[language]),
        ("og:description", home.mission),
        ("og:url", url),
        ("og:site_name", FEDERATION[language]),
        *_locales(language),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_news_page_is_an_article_with_its_summary(client, federation, language):
    item = news_publish(
        index=federation["pages"][language]["news"],
        title="Zarząd przyjął plan pracy na 2027 r.",
        date=dt.date(2026, 11, 2),
        summary="Plan obejmuje siedem stanowisk & dwa seminaria.",
        body="<p>Treść.</p>",
    )
    item.refresh_from_db()
    head = _head(client, item.url)
    url = f"http://testserver{item.url}"
    assert _canonical(head) == [url]
    assert _open_graph(head) == [
        ("og:type", "article"),
        ("og:title", "Zarząd przyjął plan pracy na 2027 r."),
        ("og:description", "Plan obejmuje siedem stanowisk &amp; dwa seminaria."),
        ("og:url", url),
        ("og:site_name", FEDERATION[language]),
        ("og:locale", LOCALES[language]),  # a news item is written in one language only
        ("article:published_time", "2026-11-02"),
        ("article:modified_time", timezone.localtime(item.last_published_at).isoformat()),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "description"), [("about", ""), ("positions", "Wspólne stanowiska przyjęte przez członków."), ("members", "")]
)
def test_other_pages_get_the_generic_open_graph(client, federation, key, description):
    page = federation["pages"]["pl"][key]
    head = _head(client, page.url)
    url = f"http://testserver{page.url}"
    assert _canonical(head) == [url]
    expected = [("og:type", "website"), ("og:title", page.title)]
    expected += [("og:description", description)] if description else []
    assert _open_graph(head) == [*expected, ("og:url", url), ("og:site_name", "Federacja Testowa"), *_locales("pl")]


@pytest.mark.django_db
def test_search_description_is_preferred_for_the_description(client, federation):
    about = federation["pages"]["en"]["about"]
    about.search_description = "Who we are, in two lines."
    about.save_revision().publish()
    assert ("og:description", "Who we are, in two lines.") in _open_graph(_head(client, about.url))


@pytest.mark.django_db
def test_association_page_is_described_by_the_association(client, federation):
    zgl = federation["presiding"]
    zgl.description = "Związek zrzesza 40 gmin województwa lubuskiego."
    zgl.save()
    members = federation["pages"]["cs"]["members"]
    head = _head(client, f"{members.url}zgl/")
    url = f"http://testserver{members.url}zgl/"
    assert _canonical(head) == [url]
    assert _open_graph(head) == [
        ("og:type", "website"),
        ("og:title", "Związek Gmin Lubuskich"),
        ("og:description", "Związek zrzesza 40 gmin województwa lubuskiego."),
        ("og:url", url),
        ("og:site_name", "Testovací federace"),
        *_locales("cs"),
    ]


POSITION_DESCRIPTION = {
    "pl": "Wspólne stanowisko przyjęte w miejscowości Nowa Sól w dniu 12 marca 2026.",
    "cs": "Společné stanovisko přijaté dne 12. března 2026 (Nowa Sól).",
    "en": "Joint position adopted in Nowa Sól on 12 March 2026.",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_position_page_keeps_its_article_open_graph_once(client, federation, language):
    position = published_position_make(
        lead_association=federation["presiding"],
        reference_number=3,
        adopted_on=dt.date(2026, 3, 12),
        title="Stanowisko w sprawie kolei regionalnych",
        published_at=dt.datetime(2026, 3, 13, 9, 0, tzinfo=dt.UTC),
    )
    index = federation["pages"][language]["positions"].url
    head = _head(client, f"{index}{position.slug}/")
    url = f"http://testserver{index}{position.slug}/"
    assert _canonical(head) == [url]
    assert _open_graph(head) == [
        ("og:type", "article"),
        ("og:title", f"FT/2026/03 {position.title}"),
        ("og:description", f"{POSITION_DESCRIPTION[language]} Federacja popiera kierunek zmian w finansowaniu zadań oświatowych."),
        ("og:url", url),
        ("og:site_name", FEDERATION[language]),
        *_locales(language),
        ("article:published_time", "2026-03-13T10:00:00+01:00"),  # Warsaw time
    ]


@pytest.mark.django_db
def test_canonical_keeps_the_page_number_but_not_filters(client, federation):
    news = federation["pages"]["en"]["news"]
    for number in range(12):
        news_publish(
            index=news, title=f"News {number}", date=dt.date(2026, 1, 1) + dt.timedelta(days=number), summary="S.", body="<p>B.</p>"
        )
    assert _canonical(_head(client, news.url + "?page=2")) == [f"http://testserver{news.url}?page=2"]
    assert _canonical(_head(client, news.url + "?page=1")) == [f"http://testserver{news.url}"]
    assert _canonical(_head(client, news.url + "?page=x")) == [f"http://testserver{news.url}"]
    positions = federation["pages"]["en"]["positions"]
    assert _canonical(_head(client, positions.url + "?q=kolej&year=2026")) == [f"http://testserver{positions.url}"]


@pytest.mark.django_db
def test_views_outside_the_page_tree_have_no_open_graph(client, federation):
    for url in (reverse("search") + "?q=stanowisko", reverse("login")):
        head = _head(client, url)
        assert _open_graph(head) == []
        assert _canonical(head) == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_links_the_api_description(client, federation, language):
    """RFC 8631: the OpenAPI document of the public API (api-v1, built separately) is named on the home page."""
    assert reverse("api-v1:openapi-json") == "/api/v1/openapi.json"
    head = _head(client, federation["pages"][language]["home"].url)
    assert '<link rel="service-desc" href="/api/v1/openapi.json" type="application/vnd.oai.openapi+json;version=3.1">' in head


@pytest.mark.parametrize("page", ["²", "9" * 5000, "٣", "-2"])
def test_canonical_address_ignores_a_page_number_that_is_not_plain_digits(page):
    from django.test import RequestFactory

    from cms.templatetags.cms_tags import _canonical_url

    request = RequestFactory().get("/en/stanowiska/", {"page": page})

    assert _canonical_url(request) == "http://testserver/en/stanowiska/"
