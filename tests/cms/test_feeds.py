"""The Atom feeds (adopted positions: all, per topic, per association; news in each language) read with a
real feed parser, and how pages announce them (`<link rel="alternate">` in the head, visible links).
Leak tests first create what could leak: positions before adoption, superseded or withdrawn ones,
declined signatures, draft, unpublished and private news."""

import datetime as dt
from types import SimpleNamespace

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import PageViewRestriction

from cms.models import NewsPage
from cms.services import news_publish
from positions.enums import Decision, PositionStatus
from positions.models import Signature
from tests.factories import AssociationFactory, PositionFactory, TopicFactory, UserFactory, published_position_make

LANGUAGES = ["pl", "cs", "en"]
ATOM = "application/atom+xml; charset=utf-8"


def _sign(position, association, decision=Decision.SIGNED) -> Signature:
    """A decision on the position's current text, as `signature_record` leaves it."""
    return Signature.objects.create(
        position=position,
        version=position.current_version,
        association=association,
        signer=UserFactory(),
        signer_name="Anna Lis",
        decision=decision,
        text_sha256=position.current_version.sha256,
    )


def _published_at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.UTC)


def _parse(client, url) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == ATOM
    feed = feedparser.parse(response.content)
    assert feed.bozo is False, (url, feed.get("bozo_exception"))
    return feed


def _head(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[: html.index("</head>")]


def _body(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[html.index("<body") :]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context.captured_queries)


@pytest.fixture
def feeds(federation):
    """Three published positions on two topics with public decisions of two associations, and beside them
    every position the feeds must not carry; news in each language with draft, unpublished and private items."""
    zgl, ozs = federation["presiding"], federation["following"]
    water = TopicFactory(
        slug="gospodarka-wodna", name_pl="Gospodarka wodna", name_cs="Vodní hospodářství", name_en="Water management", lead_association=zgl
    )
    finance = TopicFactory(
        slug="finanse", name_pl="Finanse lokalne", name_cs="Místní finance", name_en="Local finance", lead_association=ozs
    )
    retention = published_position_make(
        lead_association=zgl,
        reference_number=7,
        adopted_on=dt.date(2026, 5, 8),
        title="Stanowisko w sprawie retencji korytowej",
        topic=water,
        published_at=_published_at(dt.date(2026, 5, 10)),
    )
    _sign(retention, zgl)
    incomes = published_position_make(
        lead_association=ozs,
        reference_number=8,
        adopted_on=dt.date(2026, 5, 30),
        title="Stanowisko w sprawie dochodów gmin",
        topic=finance,
        published_at=_published_at(dt.date(2026, 6, 1)),
    )
    _sign(incomes, ozs)
    _sign(incomes, zgl, Decision.DECLINED)
    drought = published_position_make(
        lead_association=ozs,
        reference_number=5,
        adopted_on=dt.date(2026, 3, 30),
        title="Stanowisko w sprawie suszy rolniczej",
        topic=water,
        published_at=_published_at(dt.date(2026, 4, 1)),
    )
    _sign(drought, zgl, Decision.ABSTAINED)
    old = published_position_make(
        lead_association=zgl,
        reference_number=2,
        adopted_on=dt.date(2025, 2, 1),
        status=PositionStatus.SUPERSEDED,
        title="Stanowisko w sprawie małej retencji",
        topic=water,
        published_at=_published_at(dt.date(2025, 2, 3)),
    )
    _sign(old, zgl)
    hidden = [old]
    for status, title in (
        (PositionStatus.DRAFT, "Szkic stanowiska o wodach opadowych"),
        (PositionStatus.CONSULTATION, "Stanowisko w konsultacjach o cyfryzacji"),
        (PositionStatus.FINAL, "Tekst ostateczny o zabytkach"),
        (PositionStatus.SIGNING, "Stanowisko w podpisywaniu o transporcie"),
        (PositionStatus.WITHDRAWN, "Wycofane stanowisko o opłatach targowych"),
    ):
        position = PositionFactory(lead_association=zgl, status=status, title=title, topic=water)
        _sign(position, zgl)
        hidden.append(position)

    news = {}
    secret_news = []
    for language in LANGUAGES:
        index = federation["pages"][language]["news"]
        news[language] = [
            news_publish(
                index=index, title=f"Posiedzenie zarządu ({language})", date=dt.date(2026, 10, 20), summary="Obrady.", body="<p>T.</p>"
            ),
            news_publish(
                index=index, title=f"Nowy członek ({language})", date=dt.date(2026, 11, 3), summary="Przyjęcie.", body="<p>T.</p>"
            ),
            news_publish(index=index, title=f"Szkolenie RODO ({language})", date=dt.date(2026, 9, 1), summary="Zapisy.", body="<p>T.</p>"),
        ]
        draft = NewsPage(title=f"Szkic wiadomości ({language})", date=dt.date(2026, 11, 20), summary="S.", body="<p>S.</p>", live=False)
        index.add_child(instance=draft)
        draft.save_revision()
        unpublished = news_publish(
            index=index, title=f"Wycofana wiadomość ({language})", date=dt.date(2026, 11, 21), summary="S.", body="<p>S.</p>"
        )
        unpublished.unpublish()
        private = news_publish(
            index=index, title=f"Wiadomość dla członków ({language})", date=dt.date(2026, 11, 22), summary="S.", body="<p>S.</p>"
        )
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        secret_news += [draft.title, unpublished.title, private.title]
    return SimpleNamespace(
        pages=federation["pages"],
        zgl=zgl,
        ozs=ozs,
        water=water,
        finance=finance,
        retention=retention,
        incomes=incomes,
        drought=drought,
        hidden=hidden,
        news=news,
        secret_news=secret_news,
    )


def _titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


def _entry_title(position) -> str:
    return f"{position.reference} {position.title}"


# --- Positions feed ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_positions_feed_lists_published_positions_newest_first_in_each_language(client, feeds, language):
    index = feeds.pages[language]["positions"]
    feed = _parse(client, index.url + "feed/")
    assert feed.feed.language == language
    assert feed.feed.link == f"http://localhost{index.url}"
    assert _titles(feed) == [_entry_title(p) for p in (feeds.incomes, feeds.retention, feeds.drought)]
    assert [entry.link for entry in feed.entries] == [
        f"http://localhost{index.url}{p.slug}/" for p in (feeds.incomes, feeds.retention, feeds.drought)
    ]
    assert [entry.published for entry in feed.entries] == [
        "2026-06-01T12:00:00+00:00",
        "2026-05-10T12:00:00+00:00",
        "2026-04-01T12:00:00+00:00",
    ]
    water = {"pl": "Gospodarka wodna", "cs": "Vodní hospodářství", "en": "Water management"}[language]
    assert [tag.term for tag in feed.entries[1].tags] == [water]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=gospodarka-wodna", ["retention", "drought"]),
        ("topic=finanse", ["incomes"]),
        ("association=zgl", ["retention", "drought"]),  # signed one, abstained on the other; declined the third
        ("association=ozs", ["incomes"]),
        ("topic=gospodarka-wodna&association=ozs", []),
    ],
)
def test_positions_feed_filters_by_topic_and_association(client, feeds, query, expected):
    feed = _parse(client, feeds.pages["pl"]["positions"].url + "feed/?" + query)
    assert _titles(feed) == [_entry_title(getattr(feeds, name)) for name in expected]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_positions_feed_titles_name_the_filter_in_the_language(client, feeds, language):
    index = feeds.pages[language]["positions"]
    federation = {"pl": "Federacja Testowa", "cs": "Testovací federace", "en": "Test Federation"}[language]
    water = {"pl": "Gospodarka wodna", "cs": "Vodní hospodářství", "en": "Water management"}[language]
    assert _parse(client, index.url + "feed/").feed.title == f"{federation} – {index.title}"
    assert _parse(client, index.url + "feed/?topic=gospodarka-wodna").feed.title == f"{federation} – {index.title}: {water}"
    assert _parse(client, index.url + "feed/?association=zgl").feed.title == f"{federation} – {index.title}: ZGL"


@pytest.mark.django_db
def test_positions_feeds_never_carry_unpublished_superseded_or_declined(client, feeds):
    urls = []
    for language in LANGUAGES:
        feed_url = feeds.pages[language]["positions"].url + "feed/"
        urls += [feed_url, feed_url + "?topic=gospodarka-wodna", feed_url + "?association=zgl", feed_url + "?association=ozs"]
    for url in urls:
        content = client.get(url).content.decode()
        for position in feeds.hidden:
            assert position.title not in content, (url, position.title)
            assert not position.slug or position.slug not in content, (url, position.slug)
    zgl_feed = _parse(client, feeds.pages["pl"]["positions"].url + "feed/?association=zgl")
    assert _entry_title(feeds.incomes) not in _titles(zgl_feed)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "heading"), [("", "Nie znaleziono strony"), ("/cs", "Stránka nebyla nalezena"), ("/en", "Page not found")]
)
@pytest.mark.parametrize("query", ["topic=nie-ma", "association=nie-ma", "topic=finanse&association=nie-ma"])
def test_positions_feed_for_unknown_topic_or_association_is_not_found(client, feeds, prefix, heading, query):
    response = client.get(f"{prefix}/stanowiska/feed/?{query}")
    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?topic=topic-x", "?association=zgl"])
def test_positions_feed_query_count_does_not_grow_with_positions(client, federation, query):
    zgl = federation["presiding"]
    topic = TopicFactory(slug="topic-x")
    url = federation["pages"]["pl"]["positions"].url + "feed/" + query
    _sign(
        published_position_make(lead_association=zgl, reference_number=1, topic=topic, published_at=_published_at(dt.date(2026, 1, 5))), zgl
    )
    _queries(client, url)
    one = _queries(client, url)
    for number in range(2, 32):
        position = published_position_make(
            lead_association=AssociationFactory(),
            reference_number=number,
            topic=topic if number % 2 else TopicFactory(),
            published_at=_published_at(dt.date(2026, 1, 5) + dt.timedelta(days=number)),
        )
        _sign(position, zgl)
    assert len(_parse(client, url).entries) > 1
    assert _queries(client, url) == one


# --- News feed -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_news_feed_lists_published_news_newest_first_in_each_language(client, feeds, language):
    index = feeds.pages[language]["news"]
    feed = _parse(client, index.url + "feed/")
    assert feed.feed.language == language
    assert feed.feed.link == f"http://localhost{index.url}"
    federation = {"pl": "Federacja Testowa", "cs": "Testovací federace", "en": "Test Federation"}[language]
    assert feed.feed.title == f"{federation} – {index.title}"
    newest_first = [feeds.news[language][1], feeds.news[language][0], feeds.news[language][2]]
    assert _titles(feed) == [item.title for item in newest_first]
    assert [entry.link for entry in feed.entries] == [f"http://localhost{item.url}" for item in newest_first]
    assert all(entry.link.startswith("http://localhost/") for entry in feed.entries)
    assert feed.entries[0].summary == "<p>Przyjęcie.</p>"


@pytest.mark.django_db
def test_news_feeds_never_carry_draft_unpublished_or_private_news(client, feeds):
    for language in LANGUAGES:
        content = client.get(feeds.pages[language]["news"].url + "feed/").content.decode()
        for title in feeds.secret_news:
            assert title not in content, (language, title)
        other_languages = [f"({code})" for code in LANGUAGES if code != language]
        assert not any(marker in content for marker in other_languages)


@pytest.mark.django_db
def test_news_feed_query_count_does_not_grow_with_news(client, federation):
    index = federation["pages"]["en"]["news"]
    news_publish(index=index, title="First", date=dt.date(2026, 1, 1), summary="S.", body="<p>B.</p>")
    url = index.url + "feed/"
    _queries(client, url)
    one = _queries(client, url)
    for number in range(2, 41):
        news_publish(
            index=index, title=f"News {number}", date=dt.date(2026, 1, 1) + dt.timedelta(days=number), summary="S.", body="<p>B.</p>"
        )
    assert len(_parse(client, url).entries) == 30
    assert _queries(client, url) == one


# --- Discovery -----------------------------------------------------------------------------------------


def _translated(language: str, message: str) -> str:
    """`message` as the page in `language` shows it (the catalogue's translation, or the English source)."""
    with translation.override(language):
        return gettext(message)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_announces_the_positions_and_news_feeds_in_its_language(client, feeds, language):
    pages = feeds.pages[language]
    head = _head(client, pages["home"].url)
    positions_title = _translated(language, "Adopted positions (Atom feed)")
    news_title = _translated(language, "News (Atom feed)")
    assert f'<link rel="alternate" type="application/atom+xml" title="{positions_title}" href="{pages["positions"].url}feed/">' in head
    assert f'<link rel="alternate" type="application/atom+xml" title="{news_title}" href="{pages["news"].url}feed/">' in head
    assert head.count('type="application/atom+xml"') == 2
    assert _translated("pl", "Adopted positions (Atom feed)") == "Przyjęte stanowiska (kanał Atom)"


@pytest.mark.django_db
def test_news_index_and_news_items_announce_the_news_feed(client, feeds):
    index = feeds.pages["en"]["news"]
    link = f'<link rel="alternate" type="application/atom+xml" title="News (Atom feed)" href="{index.url}feed/">'
    assert link in _head(client, index.url)
    assert link in _head(client, feeds.news["en"][0].url)
    visible = f'<a class="feed-link" href="{index.url}feed/" type="application/atom+xml">Subscribe to the news (Atom feed)</a>'
    assert visible in _body(client, index.url)
    cs_index = feeds.pages["cs"]["news"]
    assert f'href="{cs_index.url}feed/"' in _head(client, feeds.news["cs"][0].url)


@pytest.mark.django_db
def test_association_page_announces_its_positions_feed(client, feeds):
    members, positions = feeds.pages["en"]["members"], feeds.pages["en"]["positions"]
    feed_url = f"{positions.url}feed/?association=zgl"
    head = _head(client, f"{members.url}zgl/")
    assert f'<link rel="alternate" type="application/atom+xml" title="Positions signed by ZGL (Atom feed)" href="{feed_url}">' in head
    body = _body(client, f"{members.url}zgl/")
    assert f'<a class="feed-link" href="{feed_url}" type="application/atom+xml">Positions signed by ZGL (Atom feed)</a>' in body
    assert _titles(_parse(client, feed_url)) == [_entry_title(feeds.retention), _entry_title(feeds.drought)]
    pl_head = _head(client, f"{feeds.pages['pl']['members'].url}ozs/")
    assert f'href="{feeds.pages["pl"]["positions"].url}feed/?association=ozs"' in pl_head


@pytest.mark.django_db
def test_positions_index_announces_the_feed_of_every_topic(client, feeds):
    index = feeds.pages["en"]["positions"].url
    head = _head(client, index)
    assert f'<link rel="alternate" type="application/atom+xml" title="Adopted positions (Atom feed)" href="{index}feed/">' in head
    for slug, name in (("finanse", "Local finance"), ("gospodarka-wodna", "Water management")):
        tag = f'<link rel="alternate" type="application/atom+xml" title="Adopted positions: {name} (Atom feed)" href="{index}feed/?topic={slug}">'
        assert tag in head
    # The federation fixture's topic has no position yet: it can still be followed.
    assert head.count('type="application/atom+xml"') == 4
    body = _body(client, index)
    aside = body[body.index('<aside class="feeds"') : body.index("</aside>", body.index('<aside class="feeds"'))]
    assert '<h2 id="feeds-heading">Feeds</h2>' in aside
    assert f'<a class="feed-link" href="{index}feed/" type="application/atom+xml">All adopted positions (Atom feed)</a>' in aside
    assert (
        f'<a class="feed-link" href="{index}feed/?topic=gospodarka-wodna" type="application/atom+xml">'
        "Adopted positions: Water management (Atom feed)</a>"
    ) in aside
    assert aside.count('class="feed-link"') == 4
    for href in (f"{index}feed/?topic=gospodarka-wodna", f"{index}feed/?topic=finanse"):
        _parse(client, href)


@pytest.mark.django_db
def test_position_page_announces_all_positions_and_its_topic(client, feeds):
    index = feeds.pages["en"]["positions"].url
    head = _head(client, f"{index}{feeds.retention.slug}/")
    assert f'<link rel="alternate" type="application/atom+xml" title="Adopted positions (Atom feed)" href="{index}feed/">' in head
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Adopted positions: Water management (Atom feed)" '
        f'href="{index}feed/?topic=gospodarka-wodna">'
    ) in head
    assert head.count('type="application/atom+xml"') == 2


@pytest.mark.django_db
def test_positions_index_query_count_does_not_grow_with_topics(client, feeds):
    url = feeds.pages["pl"]["positions"].url
    _queries(client, url)
    one = _queries(client, url)
    for _ in range(20):
        TopicFactory(lead_association=feeds.zgl)
    assert _head(client, url).count('type="application/atom+xml"') == 24
    assert _queries(client, url) == one
