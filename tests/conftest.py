import datetime as dt
import functools
import os

import pytest
from hypothesis import settings as hypothesis_settings

from cms.services import site_setup

# The property tests draw the same examples on every run (a fixed seed, no example database), so a run is
# repeatable and CI judges the code, not the luck of the draw; HYPOTHESIS_PROFILE=explore draws anew.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

SITE_CONTENT = {
    "pl": {
        "home": {"title": "Federacja", "mission": "Wspólny głos samorządów."},
        "members": {"title": "Członkowie", "slug": "czlonkowie"},
        "presidency": {"title": "Prezydencja", "slug": "prezydencja"},
        "positions": {"title": "Stanowiska", "slug": "stanowiska", "intro": "<p>Wspólne stanowiska przyjęte przez członków.</p>"},
        "events": {"title": "Wydarzenia", "slug": "wydarzenia", "intro": "<p>Szkolenia, seminaria i posiedzenia federacji.</p>"},
        "news": {"title": "Aktualności", "slug": "aktualnosci"},
        "about": {"title": "O nas", "slug": "o-nas", "body": "<p>Porozumienie regionalnych organizacji.</p>"},
        "contact": {"title": "Kontakt", "slug": "kontakt"},
    },
    "cs": {
        "home": {"title": "Federace", "mission": "Společný hlas samospráv."},
        "members": {"title": "Členové"},
        "presidency": {"title": "Předsednictví"},
        "positions": {"title": "Stanoviska", "intro": "<p>Společná stanoviska přijatá členy.</p>"},
        "events": {"title": "Akce", "intro": "<p>Školení, semináře a zasedání federace.</p>"},
        "news": {"title": "Aktuality"},
        "about": {"title": "O nás", "body": "<p>Dohoda regionálních organizací.</p>"},
        "contact": {"title": "Kontakt"},
    },
    "en": {
        "home": {"title": "Federation", "mission": "The common voice of local governments."},
        "members": {"title": "Members"},
        "presidency": {"title": "Presidency"},
        "positions": {"title": "Positions", "intro": "<p>Joint positions adopted by the members.</p>"},
        "events": {"title": "Events", "intro": "<p>Trainings, seminars and the federation's meetings.</p>"},
        "news": {"title": "News"},
        "about": {"title": "About us", "body": "<p>An accord of regional organisations.</p>"},
        "contact": {"title": "Contact"},
    },
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings, tmp_path):
    """Files the tests make (PDFs, demo attachments, uploads) never land in the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: counters kept there (links mailed to an address) must not carry
    over from an earlier test in the same process."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Most tests change records and read pages within one transaction that never commits, so the page
    cache's version would never move; tests of the cache itself (tests/federation/test_page_cache.py) turn it
    on and commit."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """Signatories, administrators and the secretariat need a second factor (federation/two_factor.py);
    a test signed in with `client.force_login` has given it, as if through an authenticator app. Tests of
    the second factor itself sign in with `tests.two_factor.login_without_second_factor`."""
    from django.test.client import ClientMixin

    from tests.two_factor import mark_verified

    force_login = ClientMixin.force_login

    @functools.wraps(force_login)
    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        mark_verified(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login_verified)


@pytest.fixture
def site_pages(db):
    """The public page tree in Polish, Czech and English, as `make demo` builds it (with less text)."""
    return site_setup(
        content=SITE_CONTENT,
        federation={"name_pl": "Federacja Testowa", "name_cs": "Testovací federace", "name_en": "Test Federation", "short_name": "FT"},
    )


@pytest.fixture
def secretariat(client, db):
    """A member of the federation's secretariat, logged in to `client`."""
    from django.contrib.auth.models import Group

    from members.permissions import SECRETARIAT_GROUP
    from tests.factories import UserFactory

    user = UserFactory(username="sekretariat", is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    client.force_login(user)
    return user


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def long_ago():
    return dt.date(2013, 10, 29)
