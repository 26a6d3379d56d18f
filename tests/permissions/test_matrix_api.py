"""The public API (/api/v1/) and the other public files, for every role of the matrix: a signed-in person,
the secretariat or a superuser gets exactly what an anonymous visitor gets. Never a draft or a position in
signing, a declined signature or its reservation, an event not open to anyone, a registration, nor anyone's
e-mail address; and the API is read-only (405 for every writing method)."""

import pytest
from django.test import Client

from tests.permissions.conftest import SECRETS
from tests.permissions.test_matrix import ROLES, snapshot

LISTS = [
    "/api/v1/associations?limit=100",
    "/api/v1/local-governments?limit=100",
    "/api/v1/presidency/terms?limit=100",
    "/api/v1/presidency/terms/current",
    "/api/v1/presidency/trios?limit=100",
    "/api/v1/positions?limit=100",
    "/api/v1/draft-acts?limit=100",
    "/api/v1/events?limit=100",
]
PUBLIC_FILES = ["/open-data/positions.csv", "/open-data/signatures.csv", "/calendar/events.ics", "/calendar/zgl.ics", "/sitemap.xml"]
NOT_PUBLIC = [
    "/api/v1/positions/tajny-projekt",  # a draft (given a slug, so only the status keeps it out)
    "/api/v1/positions/w-podpisywaniu",  # in signing
    "/api/v1/events/szkolenie-robocze",  # a draft event
    "/api/v1/events/dla-zaproszonych",  # invited people only
    "/api/v1/events/posiedzenie-zarzadu",  # the board's sitting, invited only
]
NEVER = [
    SECRETS.draft_title,
    SECRETS.signing_title,
    "tajny-projekt",
    "w-podpisywaniu",
    SECRETS.declined_reservation,
    SECRETS.declined_signer,
    SECRETS.participant_last_name,
    SECRETS.participant_email,
    SECRETS.user_email_domain,
    SECRETS.draft_event_title,
    SECRETS.invited_event_title,
    "uchwala",  # the resolution file's name
]
WRITING_METHODS = ["post", "put", "patch", "delete"]


def _client(world, role) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_api_and_public_files_show_nothing_internal_to_anyone(world, db, role):
    client = _client(world, role)
    published = f"/api/v1/positions/{world.published.slug}"
    bodies = {}
    for address in [*LISTS, published, f"/api/v1/events/{world.seminar.slug}", *PUBLIC_FILES]:
        response = client.get(address)
        assert response.status_code == 200, (role, address)
        bodies[address] = response.content.decode()

    leaks = {address: [secret for secret in NEVER if secret in body] for address, body in bodies.items()}
    assert leaks == dict.fromkeys(bodies, []), role
    # The published position is there with the signature that counts, and without the one declined.
    signatures = client.get(published).json()["signatures"]
    assert [signature["signer_name"] for signature in signatures] == ["Podpisujący Przewodniczący"], role
    assert {address: client.get(address).status_code for address in NOT_PUBLIC} == dict.fromkeys(NOT_PUBLIC, 404), role


@pytest.mark.parametrize("role", ["anonymous", "editor_of_lead", "secretariat", "superuser"])
def test_api_refuses_every_writing_method(world, db, role):
    client = _client(world, role)
    addresses = [*(address.split("?")[0] for address in LISTS), f"/api/v1/positions/{world.published.slug}", *NOT_PUBLIC]
    before = snapshot()

    answers = {
        (method, address): getattr(client, method)(address, {}, content_type="application/json")
        for method in WRITING_METHODS
        for address in addresses
    }

    assert {key: response.status_code for key, response in answers.items()} == dict.fromkeys(answers, 405), role
    assert snapshot() == before
