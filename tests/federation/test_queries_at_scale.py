"""Every public page, feed and API list, and the workspace lists, take a fixed number of queries however big
the federation grows: the same counts at two sizes of `manage.py seed_scale`, the larger one ten times the
smaller. A page that queried once per row would differ between the sizes, and from the numbers below.

Counted with the page cache off (the uncached path is the one that must scale) on the second request of each
address: the first fills Wagtail's per-request caches and compiles the templates. CI runs this on SQLite and
on PostgreSQL."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.enums import Audience
from events.selectors import event_list_upcoming
from members.enums import RoleKind
from members.models import Association
from members.services import role_grant
from positions.enums import PositionStatus
from positions.models import Position
from tests.factories import UserFactory

SIZES = {
    "small": {"associations": 12, "local_governments": 300, "positions": 40, "max_signatures": 10, "events": 40, "registrations": 400},
    "large": {"associations": 120, "local_governments": 3000, "positions": 400, "max_signatures": 60, "events": 400, "registrations": 4000},
}

# Queries per request of each address, the same at both sizes.
PUBLIC = {
    "home": 28,
    "members list": 19,
    "association page": 23,
    "presidency": 19,
    "positions list": 23,
    "positions list, page 2": 23,
    "positions list, filtered by year": 23,
    "position page": 21,
    "draft acts": 16,
    "stored PDF": 1,
    "events list": 22,
    "past events": 22,
    "event page": 24,
    "news list": 17,
    "search results": 24,
    "positions feed (Atom)": 9,
    "news feed (Atom)": 10,
    "events calendar (iCalendar)": 5,
    "association calendar (iCalendar)": 6,
    "open data page": 12,
    "positions.csv": 5,
    "sitemap.xml": 26,
    "API: positions": 6,
    "API: positions, page 2": 6,
    "API: associations": 2,
    "API: local governments": 3,
    "API: events": 7,
    "API: presidency terms": 2,
}
# Each includes django-otp's read of the device that verified the session (federation/two_factor.py).
WORKSPACE = {
    "workspace: positions": 16,
    "workspace: events": 28,
}


def _seed(size: str) -> None:
    call_command("seed_scale", stdout=StringIO(), **SIZES[size])


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _counts(client: Client, addresses: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, address in addresses.items():
        first = client.get(address)
        assert first.status_code == 200, f"{name}: GET {address} answered {first.status_code}"
        _body(first)
        with CaptureQueriesContext(connection) as queries:
            _body(client.get(address))
        counts[name] = len(queries)
    return counts


def _public_addresses(site_pages) -> dict[str, str]:
    pages = site_pages["pl"]
    positions, events = pages["positions"].url, pages["events"].url
    position = Position.objects.filter(status=PositionStatus.PUBLISHED).order_by("-adopted_on", "-pk").first()
    event = next(e for e in event_list_upcoming(user=AnonymousUser()) if e.audience == Audience.PUBLIC)
    association = Association.objects.order_by("slug").first()
    year = timezone.localdate().year - 1
    return {
        "home": pages["home"].url,
        "members list": pages["members"].url,
        "association page": f"{pages['members'].url}{association.slug}/",
        "presidency": pages["presidency"].url,
        "positions list": positions,
        "positions list, page 2": f"{positions}?page=2",
        "positions list, filtered by year": f"{positions}?year={year}",
        "position page": f"{positions}{position.slug}/",
        "draft acts": f"{positions}projekty/",
        "stored PDF": reverse("positions_documents:pdf", kwargs={"slug": position.slug}),
        "events list": events,
        "past events": f"{events}?past=1",
        "event page": f"{events}{event.slug}/",
        "news list": pages["news"].url,
        "search results": "/search/?q=odpady",
        "positions feed (Atom)": f"{positions}feed/",
        "news feed (Atom)": f"{pages['news'].url}feed/",
        "events calendar (iCalendar)": reverse("events_calendar:all"),
        "association calendar (iCalendar)": reverse("events_calendar:association", kwargs={"association": association.slug}),
        "open data page": "/open-data/",
        "positions.csv": reverse("open_data_files:positions"),
        "sitemap.xml": "/sitemap.xml",
        "API: positions": "/api/v1/positions",
        "API: positions, page 2": "/api/v1/positions?page=2",
        "API: associations": "/api/v1/associations",
        "API: local governments": "/api/v1/local-governments",
        "API: events": "/api/v1/events",
        "API: presidency terms": "/api/v1/presidency/terms",
    }


@pytest.fixture(params=sorted(SIZES))
def federation_at_scale(request, site_pages):
    _seed(request.param)
    return site_pages


@pytest.mark.django_db
def test_public_pages_feeds_and_api_lists_take_fixed_queries_at_any_size(federation_at_scale):
    from positions.pdf import document_ensure

    position = Position.objects.filter(status=PositionStatus.PUBLISHED).order_by("-adopted_on", "-pk").first()
    document_ensure(version_id=position.current_version_id)
    counts = _counts(Client(), _public_addresses(federation_at_scale))
    assert counts == PUBLIC


@pytest.mark.django_db
def test_workspace_lists_take_fixed_queries_at_any_size(federation_at_scale):
    association = Association.objects.order_by("slug").first()
    editor = UserFactory(username="redaktor")
    role_grant(user=editor, association=association, kind=RoleKind.EDITOR)
    client = Client()
    client.force_login(editor)
    addresses = {"workspace: positions": reverse("positions:list"), "workspace: events": reverse("events:list")}
    counts = _counts(client, addresses)
    assert counts == WORKSPACE
