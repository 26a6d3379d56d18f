"""sitemap.xml and robots.txt: the sitemap lists every public address in every language (pages, adopted
positions, current member associations, public events), each with its versions in the other languages,
and nothing else. Leak tests first create what could leak: draft, unpublished and private pages,
unadopted positions, draft and invited-only events, former members."""

import copy
import datetime as dt
import xml.etree.ElementTree as ET
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from cms.demo.accessibility import ACCESSIBILITY_SECTION
from cms.models import NewsPage, StandardPage
from cms.services import news_publish, site_setup
from events.enums import Audience, EventStatus
from positions.enums import PositionStatus
from tests.conftest import SITE_CONTENT
from tests.factories import AssociationFactory, EventFactory, PositionFactory, published_position_make

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGUAGES = ["pl", "cs", "en"]
SECTIONS = ["home", "members", "presidency", "positions", "events", "news", "about", "contact", "accessibility"]


def _content() -> dict:
    content = copy.deepcopy(SITE_CONTENT)
    for language in LANGUAGES:
        content[language]["accessibility"] = ACCESSIBILITY_SECTION[language]
    return content


def _sitemap(client) -> dict[str, ET.Element]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return {url.find(f"{SITEMAP}loc").text: url for url in ET.fromstring(response.content).findall(f"{SITEMAP}url")}


def _alternates(url: ET.Element) -> list[tuple[str, str]]:
    return [(link.get("hreflang"), link.get("href")) for link in url.findall(f"{XHTML}link") if link.get("rel") == "alternate"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context.captured_queries)


def _full(path: str) -> str:
    return f"http://localhost{path}"


@pytest.fixture
def site(db):
    """The site in three languages with the accessibility statement, public records, and beside them
    everything that must stay out of the sitemap."""
    pages = site_setup(content=_content(), federation={"name_pl": "Federacja Testowa", "name_cs": "Testovací federace"})
    today = dt.date.today()
    zgl = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl")
    ozs = AssociationFactory(name="Opolski Związek Samorządów", short_name="OZS", slug="ozs")
    former = AssociationFactory(name="Związek Byłych Członków", short_name="ZBC", slug="zbc", left_on=today - dt.timedelta(days=30))
    newcomer = AssociationFactory(name="Związek Przyszłych Członków", short_name="ZPC", slug="zpc", joined_on=today + dt.timedelta(days=30))

    published = published_position_make(
        lead_association=zgl, reference_number=4, published_at=dt.datetime(2026, 4, 2, 12, 0, tzinfo=dt.UTC)
    )
    superseded = published_position_make(
        lead_association=zgl,
        reference_number=1,
        adopted_on=dt.date(2025, 1, 20),
        status=PositionStatus.SUPERSEDED,
        published_at=dt.datetime(2025, 1, 21, 12, 0, tzinfo=dt.UTC),
    )
    hidden_positions = [
        PositionFactory(lead_association=zgl, status=status, slug=f"2026-9{number}-ukryte")
        for number, status in enumerate(
            [PositionStatus.DRAFT, PositionStatus.CONSULTATION, PositionStatus.FINAL, PositionStatus.SIGNING, PositionStatus.WITHDRAWN]
        )
    ]

    seminar = EventFactory(organisers=[zgl], slug="seminarium-otwarte")
    members_only = EventFactory(organisers=[zgl], slug="szkolenie-dla-czlonkow", audience=Audience.MEMBERS)
    cancelled = EventFactory(organisers=[ozs], slug="konferencja-odwolana", status=EventStatus.CANCELLED)
    invited = EventFactory(organisers=[zgl], slug="spotkanie-dyrektorow", audience=Audience.INVITED)
    draft_event = EventFactory(organisers=[zgl], slug="szkic-wydarzenia", status=EventStatus.DRAFT)

    news = news_publish(index=pages["pl"]["news"], title="Nowy plan pracy", date=dt.date(2026, 11, 2), summary="S.", body="<p>B.</p>")
    draft_news = NewsPage(title="Szkic wiadomości", slug="szkic-wiadomosci", date=today, summary="S.", body="<p>B.</p>", live=False)
    pages["pl"]["news"].add_child(instance=draft_news)
    draft_news.save_revision()

    home = pages["pl"]["home"]
    draft_page = StandardPage(title="Strona w przygotowaniu", slug="w-przygotowaniu", body="<p>B.</p>", live=False)
    home.add_child(instance=draft_page)
    draft_page.save_revision()
    unpublished_page = StandardPage(title="Strona wycofana", slug="wycofana", body="<p>B.</p>")
    home.add_child(instance=unpublished_page)
    unpublished_page.save_revision().publish()
    unpublished_page.unpublish()
    private_page = StandardPage(title="Dla członków", slug="dla-czlonkow", body="<p>B.</p>")
    home.add_child(instance=private_page)
    private_page.save_revision().publish()
    PageViewRestriction.objects.create(page=private_page, restriction_type=PageViewRestriction.LOGIN)
    private_child = StandardPage(title="Protokoły", slug="protokoly", body="<p>B.</p>")
    private_page.add_child(instance=private_child)
    private_child.save_revision().publish()

    return SimpleNamespace(
        pages=pages,
        associations=[ozs, zgl],
        former=former,
        newcomer=newcomer,
        positions=[published, superseded],
        published=published,
        hidden_positions=hidden_positions,
        events=[seminar, members_only, cancelled],
        hidden_events=[invited, draft_event],
        news=news,
        hidden_pages=[draft_news, draft_page, unpublished_page, private_page, private_child],
    )


def _expected(site) -> set[str]:
    expected = {_full(site.news.url)}
    for language in LANGUAGES:
        pages = site.pages[language]
        expected |= {_full(pages[key].url) for key in SECTIONS}
        expected |= {_full(f"{pages['positions'].url}{position.slug}/") for position in site.positions}
        expected |= {_full(f"{pages['members'].url}{association.slug}/") for association in site.associations}
        expected |= {_full(f"{pages['events'].url}{event.slug}/") for event in site.events}
        with translation.override(language):
            expected.add(_full(reverse("open_data")))
    return expected


@pytest.mark.django_db
def test_sitemap_lists_every_public_address_in_every_language_and_nothing_else(client, site):
    entries = _sitemap(client)
    assert set(entries) == _expected(site)
    # Per language: the sections, two positions, two associations, three events and the open-data page.
    assert len(entries) == 3 * (len(SECTIONS) + 2 + 2 + 3 + 1) + 1


@pytest.mark.django_db
def test_sitemap_leaves_out_drafts_private_pages_unadopted_positions_and_closed_events(client, site):
    content = client.get("/sitemap.xml").content.decode()
    for page in site.hidden_pages:
        assert f"/{page.slug}/" not in content, page.slug
    for position in site.hidden_positions:
        assert position.slug not in content
    for event in site.hidden_events:
        assert event.slug not in content
    assert "/zbc/" not in content  # a former member: its page stays reachable from the members page
    assert "/zpc/" not in content  # not a member yet


@pytest.mark.django_db
def test_every_sitemap_address_opens_for_an_anonymous_visitor(client, site):
    for location in _sitemap(client):
        path = urlsplit(location).path
        assert client.get(path).status_code == 200, path
    for page in site.hidden_pages:
        assert client.get(page.url or f"/{page.slug}/").status_code in (302, 404), page.slug
    events = site.pages["pl"]["events"].url
    for event in site.hidden_events:
        assert client.get(f"{events}{event.slug}/").status_code == 404


@pytest.mark.django_db
def test_sitemap_names_each_address_in_the_other_languages(client, site):
    entries = _sitemap(client)
    slug = site.published.slug
    versions = [(language, _full(f"{site.pages[language]['positions'].url}{slug}/")) for language in LANGUAGES]
    for _language, location in versions:
        assert _alternates(entries[location]) == [*versions, ("x-default", versions[0][1])]
    statement = [(language, _full(site.pages[language]["accessibility"].url)) for language in LANGUAGES]
    assert statement[1][1] == "http://localhost/cs/prohlaseni-o-pristupnosti/"
    assert _alternates(entries[statement[2][1]]) == [*statement, ("x-default", statement[0][1])]
    zgl = [(language, _full(f"{site.pages[language]['members'].url}zgl/")) for language in LANGUAGES]
    assert _alternates(entries[zgl[1][1]]) == [*zgl, ("x-default", zgl[0][1])]
    assert _alternates(entries[_full(site.news.url)]) == []  # written in Polish only


@pytest.mark.django_db
def test_sitemap_dates_positions_by_their_publication(client, site):
    entries = _sitemap(client)
    for language in LANGUAGES:
        index = site.pages[language]["positions"].url
        for position in site.positions:
            lastmod = entries[_full(f"{index}{position.slug}/")].find(f"{SITEMAP}lastmod").text
            assert lastmod == position.published_at.date().isoformat()
        assert entries[_full(f"{site.pages[language]['members'].url}zgl/")].find(f"{SITEMAP}lastmod") is None


@pytest.mark.django_db
def test_sitemap_query_count_does_not_grow_with_records(client, site):
    _queries(client, "/sitemap.xml")
    one = _queries(client, "/sitemap.xml")
    for number in range(20):
        association = AssociationFactory()
        published_position_make(lead_association=association, reference_number=20 + number)
        EventFactory(organisers=[association])
        news_publish(index=site.pages["cs"]["news"], title=f"Zpráva {number}", date=dt.date(2026, 1, 1), summary="S.", body="<p>B.</p>")
    entries = _sitemap(client)
    assert len(entries) == len(_expected(site)) + 20 * 3 * 3 + 20
    # Twenty more news pages are twenty more rows of the same queries, not more queries.
    assert _queries(client, "/sitemap.xml") == one


# --- robots.txt -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_private_areas_in_every_language(client, site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    prefixes = ["" if code == settings.LANGUAGE_CODE else f"/{code}" for code, _name in settings.LANGUAGES]
    disallowed = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow: ")]
    assert sorted(disallowed) == sorted(f"{prefix}/{area}/" for prefix in prefixes for area in ("admin", "accounts", "workspace"))
    assert lines[0] == "User-agent: *"
    assert lines[-1] == "Sitemap: http://testserver/sitemap.xml"


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap_of_the_host_asked(client, site, settings):
    settings.ALLOWED_HOSTS = ["federacja.example.org"]
    response = client.get("/robots.txt", HTTP_HOST="federacja.example.org", secure=True)
    assert response.content.decode().splitlines()[-1] == "Sitemap: https://federacja.example.org/sitemap.xml"
