"""Two app servers against one database and one Redis behave as one site: a position published through
the first is visible, with its PDF, through the second at once; the anonymous page cache, shared in Redis,
is dropped for both; a member signed in through one is signed in on the other.

Each server is gunicorn with the production configuration file, started as production starts it, with
only environment variables telling it where the database, Redis and the shared media volume are.
"""

import re
import uuid
from base64 import b32decode

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from positions import services
from positions.enums import Decision, PositionStatus
from positions.models import Position
from tests.factories import PositionFactory
from tests.federation.servers import Server, database_url, production_environment
from tests.positions.conftest import fed  # noqa: F401 (the fixture)
from tests.two_factor import totp_code

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's
PUBLIC_HOST = "federation.test"


@pytest.fixture
def servers(tmp_path, site_pages):
    environment = production_environment(
        DJANGO_SECRET_KEY="two-servers-share-this-secret-" + uuid.uuid4().hex,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,federation.test",
        DATABASE_URL=database_url(),
        DATABASE_CONN_MAX_AGE="0",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CACHE_KEY_PREFIX=f"two-servers-{uuid.uuid4().hex}",
        PAGE_CACHE_SECONDS="600",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        SERVE_MEDIA="true",
        EMAIL_URL="dummymail://",
        GUNICORN_ACCESS_LOG="",
    )
    pair = [Server("first", environment, tmp_path), Server("second", environment, tmp_path)]
    try:
        for server in pair:
            server.wait()
        yield pair
    finally:
        for server in pair:
            server.stop()


def _signed_by_all(fed):  # noqa: F811 (the fixture)
    position = PositionFactory(lead_association=fed.zgl, title="Stanowisko w sprawie transportu zbiorowego")
    services.position_transition(position=position, to=PositionStatus.FINAL, by=fed.people.zgl_editor)
    services.position_transition(
        position=position, to=PositionStatus.SIGNING, by=fed.people.ozs_admin, signing_deadline=fed.today.replace(year=fed.today.year + 1)
    )
    position = Position.objects.select_related("current_version").get(pk=position.pk)
    for association, signatory in [
        (fed.zgl, fed.people.zgl_signatory),
        (fed.ozs, fed.people.ozs_signatory),
        (fed.smo, fed.people.smo_signatory),
        (fed.zgp, fed.people.zgp_signatory),
    ]:
        services.signature_record(
            position=position, association=association, decision=Decision.SIGNED, by=signatory, text_sha256=position.current_version.sha256
        )
    return position


def _public(server, path):
    """An anonymous visit as the reverse proxy passes it on: with the site's public host name."""
    return requests.get(server.url + path, headers={"Host": PUBLIC_HOST})


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _sign_in(session, server, user):
    # The servers hash passwords as production does, not with the tests' fast hasher.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    page = session.get(f"{server.url}/accounts/login/")
    response = session.post(
        f"{server.url}/accounts/login/",
        data={"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": _csrf_token(page.text)},
        headers={"Referer": f"{server.url}/accounts/login/"},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    if response.headers["Location"].startswith("/accounts/two-factor/"):
        _set_up_second_factor(session, server, response.headers["Location"])


def _set_up_second_factor(session, server, address):
    """Signatories and administrators set up an authenticator at their first sign-in (federation/two_factor.py),
    here from the key the page shows to people who type it in."""
    page = session.get(server.url + address)
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page.text).group(1)
    response = session.post(
        f"{server.url}/accounts/two-factor/",
        data={"code": totp_code(b32decode(secret)), "csrfmiddlewaretoken": _csrf_token(page.text)},
        headers={"Referer": server.url + address},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]


def test_two_app_servers_behave_as_one_site(servers, fed, site_pages):  # noqa: F811
    first, second = servers
    position = _signed_by_all(fed)
    positions_list = site_pages["pl"]["positions"].url

    # Anonymous visitors: the list is stored once in Redis and served from it by either server.
    assert _public(first, positions_list).headers["X-Page-Cache"] == "miss"
    cached = _public(second, positions_list)
    assert cached.headers["X-Page-Cache"] == "hit"
    assert position.title not in cached.text

    # The presiding association's administrator publishes through the first server.
    member = requests.Session()
    _sign_in(member, first, fed.people.ozs_admin)
    detail = member.get(f"{first.url}/workspace/positions/{position.pk}/")
    assert detail.status_code == 200
    published = member.post(
        f"{first.url}/workspace/positions/{position.pk}/move/",
        data={"to": "published", "to-published-adopted_place": "Nowa Sól", "csrfmiddlewaretoken": _csrf_token(detail.text)},
        headers={"Referer": f"{first.url}/workspace/positions/{position.pk}/"},
        allow_redirects=False,
    )
    assert published.status_code == 302, published.text[:500]
    position.refresh_from_db()
    assert position.status == PositionStatus.PUBLISHED

    # At once, through the second server: the list is fresh, the page and its PDF are there.
    fresh = _public(second, positions_list)
    assert fresh.headers["X-Page-Cache"] == "miss"
    assert position.title in fresh.text
    assert _public(first, positions_list).headers["X-Page-Cache"] == "hit"
    page = _public(second, f"{positions_list}{position.slug}/")
    assert page.status_code == 200
    assert position.reference in page.text
    pdf_path = re.search(r'href="([^"]+\.pdf)"', page.text).group(1)
    pdf = _public(second, re.sub(r"^https?://[^/]+", "", pdf_path))
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    # The session made on the first server works on the second.
    workspace = member.get(f"{second.url}/workspace/positions/", allow_redirects=False)
    assert workspace.status_code == 200
    assert "X-Page-Cache" not in workspace.headers
    assert position.title in workspace.text
