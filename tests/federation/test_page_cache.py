"""The anonymous page cache: a second visit is served from the cache, per language, and any change to
what the public pages show drops every cached page once its transaction commits."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.services import news_publish
from events import services as event_services
from federation import page_cache
from positions.enums import PositionStatus
from positions.models import Comment
from tests.factories import AssociationFactory, EventFactory, TermFactory, UserFactory, published_position_make

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache-tests"}}
    from django.core.cache import cache

    cache.clear()


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"], response.content.decode()


def test_second_anonymous_visit_is_served_from_the_cache_with_one_query(client, site_pages):
    home = site_pages["pl"]["home"].url
    state, first = _get(client, home)
    assert state == "miss"
    with CaptureQueriesContext(connection) as queries:
        state, second = _get(client, home)
    assert state == "hit"
    assert second == first
    assert len(queries) == 1  # the public content version


def test_each_language_is_cached_on_its_own(client, site_pages):
    _get(client, "/")
    state, czech = _get(client, "/cs/")
    assert state == "miss"
    assert 'lang="cs"' in czech
    assert _get(client, "/cs/")[0] == "hit"
    assert 'lang="pl"' in _get(client, "/")[1]


def test_publishing_a_position_drops_the_cached_list(client, site_pages):
    positions = site_pages["pl"]["positions"].url
    position = published_position_make(lead_association=AssociationFactory(), reference_number=7, status=PositionStatus.SIGNING)
    _get(client, positions)
    state, page = _get(client, positions)
    assert state == "hit"
    assert position.title not in page

    position.status = PositionStatus.PUBLISHED
    position.save(update_fields=["status"])
    state, page = _get(client, positions)
    assert state == "miss"
    assert position.title in page


def test_a_new_term_drops_the_cached_home_page(client, site_pages):
    home = site_pages["en"]["home"].url
    _get(client, home)
    today = timezone.localdate()
    TermFactory(
        association=AssociationFactory(name="Związek Gmin Lubuskich"),
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=150),
    )
    state, page = _get(client, home)
    assert state == "miss"
    assert "Związek Gmin Lubuskich" in page


def test_an_event_change_drops_the_cached_event_list(client, site_pages):
    event = EventFactory(organisers=[AssociationFactory()], slug="seminarium-budzet", title="Seminarium o budżecie")
    url = site_pages["pl"]["events"].url
    _get(client, url)
    assert _get(client, url)[0] == "hit"
    event.title = "Seminarium o budżecie na 2027 rok"
    event.save()
    state, page = _get(client, url)
    assert state == "miss"
    assert "Seminarium o budżecie na 2027 rok" in page


def test_publishing_news_drops_the_cached_news_index(client, site_pages):
    news = site_pages["cs"]["news"].url
    _get(client, news)
    news_publish(index=site_pages["cs"]["news"], title="Zasedání předsednictva", date=timezone.localdate(), summary="S.", body="<p>B.</p>")
    state, page = _get(client, news)
    assert state == "miss"
    assert "Zasedání předsednictva" in page


def test_signed_in_members_always_get_a_fresh_page(client, site_pages):
    home = site_pages["pl"]["home"].url
    _get(client, home)
    assert _get(client, home)[0] == "hit"
    client.force_login(UserFactory())
    response = client.get(home)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_pages_with_a_form_token_are_never_stored(client, site_pages):
    event = EventFactory(organisers=[AssociationFactory()], slug="szkolenie")
    url = site_pages["pl"]["events"].url + "szkolenie/"
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert event.pk


def test_pages_are_served_uncached_while_the_cache_is_down(client, site_pages, settings):
    settings.CACHES = {"default": {"BACKEND": "federation.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    for _ in range(2):
        assert _get(client, site_pages["pl"]["home"].url)[0] == "miss"


def test_a_transaction_raises_the_version_once_and_a_rolled_back_one_not_at_all():
    association = AssociationFactory()
    before = page_cache.current_version()
    with transaction.atomic():
        for number in range(5):
            published_position_make(lead_association=association, reference_number=number)
        assert page_cache.current_version() == before
    assert page_cache.current_version() == before + 1

    with pytest.raises(RuntimeError), transaction.atomic():
        AssociationFactory()
        raise RuntimeError("rolled back")
    assert page_cache.current_version() == before + 1


def test_records_no_public_page_shows_leave_the_cache_alone():
    position = published_position_make(lead_association=AssociationFactory(), reference_number=1, status=PositionStatus.CONSULTATION)
    author = UserFactory()
    before = page_cache.current_version()
    Comment.objects.create(
        position=position, version=position.current_version, author=author, association=position.lead_association, text="Uwaga."
    )
    assert page_cache.current_version() == before


def test_a_registration_changes_the_places_left_on_the_cached_page(client, site_pages):
    event = EventFactory(organisers=[AssociationFactory()], slug="webinar", capacity=5)
    before = page_cache.current_version()
    event_services.registration_create(
        event=event, participants=[event_services.Participant(first_name="Anna", last_name="Lis", email="anna.lis@example.org")]
    )
    assert page_cache.current_version() > before
