"""The anonymous page cache: a second visit is served from the cache, per language, and any change to
what the public pages show drops every cached page once its transaction commits."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.services import news_publish
from events import services as event_services
from events.enums import Audience
from events.models import Registration
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


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _registration(token: str, email: str) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "person-TOTAL_FORMS": "1",
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "1",
        "person-MAX_NUM_FORMS": "20",
        "person-0-first_name": "Anna",
        "person-0-last_name": "Lis",
        "person-0-email": email,
    }


@pytest.fixture
def seminar(site_pages):
    EventFactory(organisers=[AssociationFactory()], slug="szkolenie")
    return site_pages["pl"]["events"].url + "szkolenie/"


def test_the_event_page_is_stored_with_a_placeholder_and_each_visitor_gets_their_own_token(seminar, stored):
    first_visitor, second_visitor = Client(), Client()
    first = first_visitor.get(seminar)
    second = second_visitor.get(seminar)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")

    tokens = {_token(first.content.decode()), _token(second.content.decode())}
    assert len(tokens) == 2
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert int(second["Content-Length"]) == len(second.content)
    # What is kept is the page with the placeholder: no visitor's token or cookie.
    ((kept, _seconds),) = stored
    _status, headers, content, placeholder = kept
    assert placeholder.startswith(page_cache.PLACEHOLDER_PREFIX) and len(placeholder) == 64
    assert _token(content.decode()) == placeholder
    assert placeholder not in first.content.decode() + second.content.decode()
    assert "set-cookie" not in {name.lower() for name, _value in headers}


def test_a_visitor_with_a_csrf_cookie_stores_the_placeholder_not_their_token(seminar, stored):
    visitor = Client()
    visitor.cookies["csrftoken"] = "a" * 32  # a well-formed CSRF secret, as Django sets it
    page = visitor.get(seminar)

    ((kept, _seconds),) = stored
    assert _token(kept[2].decode()) == kept[3]
    assert _token(page.content.decode()) != kept[3]
    assert page.cookies["csrftoken"].value == "a" * 32


def test_a_head_request_answers_from_the_stored_page_without_a_body(seminar, stored):
    assert Client().head(seminar)["X-Page-Cache"] == "miss"
    assert stored == []  # a HEAD is answered, never stored
    page = Client().get(seminar)
    head = Client().head(seminar)
    assert (head["X-Page-Cache"], head.content) == ("hit", b"")
    assert head["Content-Length"] == page["Content-Length"]


def _through_the_middleware(template: str, cookies: dict | None = None):
    """A GET of a page rendered from `template`, through the page cache and Django's CSRF middleware."""
    from django.middleware.csrf import CsrfViewMiddleware
    from django.template import RequestContext, Template
    from django.test import RequestFactory

    def view(request):
        return HttpResponse(Template("{% load page_cache %}" + template).render(RequestContext(request)))

    handler = page_cache.UpdatePageCacheMiddleware(CsrfViewMiddleware(page_cache.FetchFromPageCacheMiddleware(view)))
    request = RequestFactory().get("/a-page-with-a-form/")
    request.COOKIES.update(cookies or {})
    return handler(request)


@pytest.mark.parametrize(
    "template",
    [
        '<form method="post">{% csrf_token %}</form>',
        '<form method="post">{% page_cache_csrf_token %}</form><form method="post">{% csrf_token %}</form>',
    ],
)
def test_a_page_holding_a_visitors_own_token_is_never_stored(template, stored):
    first = _through_the_middleware(template)
    second = _through_the_middleware(template)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "miss")
    assert stored == []
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_an_unreadable_csrf_cookie_gets_a_new_one_and_the_page_is_not_stored(stored):
    response = _through_the_middleware('<form method="post">{% page_cache_csrf_token %}</form>', {"csrftoken": "not a secret"})
    assert stored == []
    assert response.cookies["csrftoken"].value != "not a secret"
    assert page_cache.PLACEHOLDER_PREFIX not in response.content.decode()


def test_a_page_changing_at_a_naive_time_is_a_programming_error(rf):
    with pytest.raises(ValueError, match="aware"):
        page_cache.changes_at(rf.get("/"), dt.datetime(2026, 3, 2, 9, 0))


def test_a_registration_sent_from_a_page_served_from_the_cache_passes_the_csrf_check(seminar):
    Client().get(seminar)  # someone else's visit stores the page
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(seminar)
    assert page["X-Page-Cache"] == "hit"

    response = visitor.post(seminar, _registration(_token(page.content.decode()), "anna.lis@example.org"))

    assert response.status_code == 302
    assert Registration.objects.get().email == "anna.lis@example.org"


def test_a_token_from_the_cache_is_refused_with_another_visitors_cookie(seminar):
    Client().get(seminar)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token = _token(first.get(seminar).content.decode())
    second.get(seminar)

    response = second.post(seminar, _registration(first_token, "anna.lis@example.org"))

    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_a_visitor_who_has_a_csrf_cookie_keeps_it(seminar):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(seminar)
    cookie = visitor.cookies["csrftoken"].value
    page = visitor.get(seminar)
    assert page["X-Page-Cache"] == "hit"
    assert page.cookies["csrftoken"].value == cookie
    assert visitor.post(seminar, _registration(_token(page.content.decode()), "jan.lis@example.org")).status_code == 302


@pytest.fixture
def stored(monkeypatch):
    """Each page the cache stores: (what is kept, for how many seconds)."""
    entries = []
    real = page_cache.cache

    def recording_set(key, value, timeout):
        entries.append((value, timeout))
        return real.set(key, value, timeout)

    monkeypatch.setattr(page_cache, "cache", SimpleNamespace(get=real.get, set=recording_set))
    return entries


def _seconds(stored) -> list[int]:
    return [seconds for _kept, seconds in stored]


@pytest.mark.parametrize("field", ["registration_opens_at", "registration_closes_at"])
def test_an_event_page_is_kept_only_until_its_registration_opens_or_closes(site_pages, stored, field):
    now = timezone.now()
    EventFactory(slug="szkolenie", **{field: now + dt.timedelta(seconds=90)})
    url = site_pages["pl"]["events"].url + "szkolenie/"

    Client().get(url)

    (seconds,) = _seconds(stored)
    assert 85 <= seconds <= 90


def test_an_event_page_is_not_kept_in_its_last_second(site_pages, stored):
    starts = timezone.now() - dt.timedelta(hours=1)
    EventFactory(slug="trwa", starts_at=starts, ends_at=timezone.now() + dt.timedelta(milliseconds=500))
    url = site_pages["pl"]["events"].url + "trwa/"

    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert stored == []


def test_an_event_page_with_nothing_ahead_but_its_end_a_day_away_is_kept_the_usual_time(site_pages, stored):
    EventFactory(slug="szkolenie", registration_closes_at=timezone.now() - dt.timedelta(days=1))
    Client().get(site_pages["pl"]["events"].url + "szkolenie/")
    assert _seconds(stored) == [600]


@pytest.mark.parametrize("query", ["", "?past=1"])
def test_the_event_lists_are_kept_only_until_the_next_public_event_ends(site_pages, stored, query):
    now = timezone.now()
    EventFactory(starts_at=now - dt.timedelta(hours=2), ends_at=now + dt.timedelta(minutes=3))
    EventFactory(starts_at=now - dt.timedelta(hours=2), ends_at=now + dt.timedelta(minutes=1), audience=Audience.INVITED)
    EventFactory(starts_at=now - dt.timedelta(days=2), ends_at=now - dt.timedelta(days=1))
    Client().get(site_pages["pl"]["events"].url + query)
    (seconds,) = _seconds(stored)
    assert 175 <= seconds <= 180  # the invited-only event, which the public does not see, is not waited for


def test_the_home_page_is_kept_only_until_the_first_of_its_events_ends(site_pages, stored):
    now = timezone.now()
    EventFactory(organisers=[AssociationFactory()], starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(minutes=2))
    EventFactory(organisers=[AssociationFactory()])
    Client().get(site_pages["pl"]["home"].url)
    (seconds,) = _seconds(stored)
    assert 115 <= seconds <= 120


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
