"""Sign-in throttling (django-axes): five wrong passwords lock one username out from one address for 15
minutes; other people, and the same person from elsewhere, still sign in."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings

from federation.request_context import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
RIGHT = "correct-horse-battery"


def sign_in(client, username, password, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def five_wrong_passwords(client, username, **headers):
    return [sign_in(client, username, "wrong-password", **headers).status_code for _ in range(5)]


def test_sign_in_after_five_wrong_passwords_is_locked_out_even_with_the_right_one(client):
    UserFactory(username="redaktor")

    statuses = five_wrong_passwords(client, "redaktor")
    response = sign_in(client, "redaktor", RIGHT)

    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    page = response.content.decode()
    assert "<h1>Signing in is paused</h1>" in page
    assert "There were too many wrong passwords for this username from your address. Try again in 15 minutes." in page
    assert "_auth_user_id" not in client.session


def test_sign_in_lockout_leaves_other_usernames_from_the_same_address_alone(client):
    UserFactory(username="redaktor")
    other = UserFactory(username="sekretarz")
    five_wrong_passwords(client, "redaktor")

    response = sign_in(client, "sekretarz", RIGHT)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_sign_in_works_again_after_the_cool_off(client):
    user = UserFactory(username="redaktor")
    five_wrong_passwords(client, "redaktor")
    AccessAttempt.objects.filter(username="redaktor").update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))

    response = sign_in(client, "redaktor", RIGHT)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_in_success_resets_the_count_of_failures(client):
    UserFactory(username="redaktor")
    statuses = [sign_in(client, "redaktor", "wrong-password").status_code for _ in range(4)]
    assert sign_in(client, "redaktor", RIGHT).status_code == 302
    client.logout()

    statuses += [sign_in(client, "redaktor", "wrong-password").status_code for _ in range(4)]

    assert statuses == [200] * 8
    assert sign_in(client, "redaktor", RIGHT).status_code == 302


@override_settings(BEHIND_PROXY=True)
def test_sign_in_lockout_behind_the_proxy_counts_the_visitors_address(client):
    UserFactory(username="redaktor")
    five_wrong_passwords(client, "redaktor", HTTP_X_FORWARDED_FOR="198.51.100.7")

    elsewhere = sign_in(client, "redaktor", RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.9")
    client.logout()
    same_place = sign_in(client, "redaktor", RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert (elsewhere.status_code, same_place.status_code) == (302, 429)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded_for", "expected"),
    [
        (False, "198.51.100.7", "10.0.0.2"),
        (True, "198.51.100.7", "198.51.100.7"),
        (True, "192.0.2.1, 198.51.100.7", "198.51.100.7"),
        (True, "", "10.0.0.2"),
    ],
)
def test_client_address_trusts_x_forwarded_for_only_behind_the_proxy(behind_proxy, forwarded_for, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)

    with override_settings(BEHIND_PROXY=behind_proxy):
        assert client_address(request) == expected
