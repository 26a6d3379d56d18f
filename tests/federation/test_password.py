"""Forgotten and changed passwords (federation/views_password.py): the pages in every language, the mailed
link and what it sets, the answer for unknown addresses, expired and broken links, refused new passwords,
changing one's password, the activity log, and the second factor still asked after a reset."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from federation.activity import chain_verify
from federation.models import ActivityLogEntry
from members.enums import RoleKind
from tests.factories import AssociationFactory, UserFactory
from tests.positions.conftest import person
from tests.two_factor import login_without_second_factor, totp_code

pytestmark = pytest.mark.django_db

LANGUAGES = ("pl", "cs", "en")
BASE_URL = "https://federacja.example.org"
OLD = "correct-horse-battery"
NEW = "Lubuskie-latarnie-2026"


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English (the msgids); a test in another language overrides it. Mail links
    start with the site's own address."""
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    with translation.override("en"):
        yield


@pytest.fixture
def anna(db):
    return UserFactory(username="anna", first_name="Anna", last_name="Lis", email="anna@example.org")


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text(response) -> str:
    return response.content.decode()


def reset_link(user, token: str | None = None, language: str = "en") -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return url("password_reset_confirm", language, uidb64=uid, token=token or default_token_generator.make_token(user))


def mailed_link(message) -> str:
    """The path of the one link in a reset mail (which must start with the site's address)."""
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1 and links[0].startswith(BASE_URL + "/")
    return links[0].removeprefix(BASE_URL)


def ask_for_link(client, email: str, language: str = "en"):
    return client.post(url("password_reset", language), {"email": email})


def choose_password(client, link: str, password1: str, password2: str | None = None):
    """Open the mailed link (which moves its token into the session) and send the new password."""
    opened = client.get(link)
    assert opened.status_code == 302
    return client.post(opened["Location"], {"new_password1": password1, "new_password2": password2 or password1})


def sign_in(client, username: str, password: str, language: str = "en"):
    return client.post(url("login", language), {"username": username, "password": password})


def entries(action: str) -> list[tuple]:
    return list(ActivityLogEntry.objects.filter(action=action).order_by("sequence").values_list("actor__username", "source_address"))


# What Django's validators say of "12345" as a new password.
TOO_WEAK = [
    ("id_new_password2", "New password confirmation: This password is too short. It must contain at least 10 characters."),
    ("id_new_password2", "New password confirmation: This password is too common."),
    ("id_new_password2", "New password confirmation: This password is entirely numeric."),
]


class _LongAgo(PasswordResetTokenGenerator):
    """Makes the token Django's generator would have made PASSWORD_RESET_TIMEOUT and a minute ago."""

    def _now(self):
        return dt.datetime.now() - dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)


# --- Every page, in every language ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_password_page_answers_in_the_language_of_its_address(client, anna, language):
    anonymous = [
        url("password_reset", language),
        url("password_reset_done", language),
        reset_link(anna, "1-broken", language),
        url("password_reset_complete", language),
    ]
    valid = client.get(reset_link(anna, language=language), follow=True)
    responses = [client.get(address) for address in anonymous] + [valid]
    client.force_login(anna)
    responses += [client.get(url("password_change", language)), client.get(url("password_change_done", language))]

    assert [response.status_code for response in responses] == [200] * 7
    assert valid.redirect_chain == [(reset_link(anna, "set-password", language), 302)]
    for response in responses:
        page = text(response)
        assert f'<html lang="{language}">' in page
        assert '<div class="wrap wrap--narrow workspace">' in page
        assert "<script>" not in page  # nothing inline for the Content-Security-Policy to refuse


def test_the_pages_say_what_they_are_for(client, anna):
    headings = [
        re.search(r"<h1>(.*?)</h1>", text(client.get(address)))[1]
        for address in (
            url("password_reset"),
            url("password_reset_done"),
            reset_link(anna, "1-broken"),
            url("password_reset_complete"),
        )
    ]
    valid = client.get(reset_link(anna), follow=True)
    client.force_login(anna)
    change, changed = client.get(url("password_change")), client.get(url("password_change_done"))

    assert headings == ["Forgotten password", "Check your e-mail", "This link no longer works", "Your new password is saved"]
    assert [re.search(r"<h1>(.*?)</h1>", text(response))[1] for response in (valid, change, changed)] == [
        "Choose a new password",
        "Change password",
        "Your password is changed",
    ]
    assert "Your username: anna" in text(valid)


def test_the_forms_tell_browsers_and_password_managers_what_each_field_is(client, anna):
    request = text(client.get(url("password_reset")))
    valid = text(client.get(reset_link(anna), follow=True))
    client.force_login(anna)
    change = text(client.get(url("password_change")))

    def autocomplete(page):
        return re.findall(r'<input type="\w+" name="(\w+)" autocomplete="([\w-]+)"', page)

    assert autocomplete(request) == [("email", "email")]
    assert autocomplete(valid) == [("new_password1", "new-password"), ("new_password2", "new-password")]
    assert autocomplete(change) == [
        ("old_password", "current-password"),
        ("new_password1", "new-password"),
        ("new_password2", "new-password"),
    ]
    assert '<label class="field__label" for="id_old_password">Current password</label>' in change
    assert '<label class="field__label" for="id_email">Email</label>' in request


def test_the_sign_in_page_links_to_the_forgotten_password_page(client):
    assert f'<a href="{url("password_reset")}">Forgot your password?</a>' in text(client.get(url("login")))


def test_a_signed_in_person_finds_change_password_beside_sign_out(client, anna):
    client.force_login(anna)

    page = text(client.get(url("password_reset_done")))

    assert f'<a href="{url("password_change")}">Change password</a>' in page
    assert f'action="{url("logout")}"' in page
    assert client.post(url("logout")).status_code == 200
    assert "_auth_user_id" not in client.session


# --- The mailed link --------------------------------------------------------------------------------------


def test_a_known_address_gets_a_link_that_sets_a_new_password_to_sign_in_with(client, anna, mailoutbox, site_pages):
    asked = ask_for_link(client, "Anna@Example.org")
    [message] = mailoutbox
    link = mailed_link(message)
    opened = client.get(link)
    form = client.get(opened["Location"])
    chosen = client.post(opened["Location"], {"new_password1": NEW, "new_password2": NEW})
    signed_in_after_reset = "_auth_user_id" in client.session
    old_refused = sign_in(client, "anna", OLD)
    new_accepted = sign_in(client, "anna", NEW)

    assert (asked.status_code, asked["Location"]) == (302, url("password_reset_done"))
    assert (message.to, message.from_email, message.subject) == (
        ["anna@example.org"],
        settings.DEFAULT_FROM_EMAIL,
        "Choose a new password: Test Federation",
    )
    assert message.body.startswith("Dear Anna Lis,\n\nsomeone, we hope you, asked for a new password for your account on Test Federation")
    assert "Your username: anna" in message.body
    assert "The link works once, and for 72 hours at most." in message.body
    assert re.fullmatch(rf"/en/accounts/reset/{urlsafe_base64_encode(force_bytes(anna.pk))}/[0-9a-z]+-[0-9a-f]+/", link)
    # The token leaves the address before any page is shown, so no Referer can carry it.
    assert (opened.status_code, opened["Location"]) == (302, reset_link(anna, "set-password"))
    assert form.status_code == 200
    assert (chosen.status_code, chosen["Location"]) == (302, url("password_reset_complete"))
    assert signed_in_after_reset is False
    assert old_refused.status_code == 200
    assert "Please enter a correct username and password." in text(old_refused)
    assert (new_accepted.status_code, new_accepted["Location"]) == (302, url("positions:list"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_mail_links_to_the_page_in_the_language_it_was_asked_in(client, anna, mailoutbox, language):
    ask_for_link(client, "anna@example.org", language)

    [message] = mailoutbox
    link = mailed_link(message)
    assert link.startswith({"pl": "/accounts/reset/", "cs": "/cs/accounts/reset/", "en": "/en/accounts/reset/"}[language])
    assert f'<html lang="{language}">' in text(client.get(client.get(link)["Location"]))


def test_the_link_works_once(client, anna, mailoutbox):
    ask_for_link(client, "anna@example.org")
    link = mailed_link(mailoutbox[0])
    choose_password(client, link, NEW)

    again = client.get(link)

    assert again.status_code == 200
    assert "<h1>This link no longer works</h1>" in text(again)


@pytest.mark.parametrize(
    "make_unknown",
    [
        pytest.param(lambda: None, id="nobody_has_it"),
        pytest.param(lambda: UserFactory(username="ewa", email="ewa@example.org", is_active=False), id="an_inactive_account"),
        pytest.param(lambda: UserFactory(username="ewa", email="ewa@example.org", password=None), id="no_usable_password"),
    ],
)
def test_an_address_without_an_account_gets_the_same_answer_and_no_mail(client, anna, mailoutbox, make_unknown):
    make_unknown()
    known = ask_for_link(client, "anna@example.org")
    mailoutbox.clear()

    unknown = ask_for_link(client, "ewa@example.org")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert mailoutbox == []
    assert text(client.get(unknown["Location"])) == text(client.get(known["Location"]))


def test_one_address_gets_three_links_an_hour_and_then_the_same_page_without_mail(client, anna, mailoutbox):
    UserFactory(username="ewa", email="ewa@example.org")
    answers = [ask_for_link(client, email) for email in ("anna@example.org", "ANNA@example.org", "anna@example.org", "Anna@Example.org")]
    other = ask_for_link(client, "ewa@example.org")

    assert [(answer.status_code, answer["Location"]) for answer in [*answers, other]] == [(302, url("password_reset_done"))] * 5
    assert [message.to for message in mailoutbox] == [["anna@example.org"]] * 3 + [["ewa@example.org"]]


def test_a_malformed_address_is_refused_with_the_error_summary(client, anna, mailoutbox):
    response = ask_for_link(client, "anna-at-example")

    page = text(response)
    assert response.status_code == 200
    assert 'id="password-reset-errors" tabindex="-1" data-focus-on-load' in page
    assert re.findall(r'<li><a href="#(\w+)">(.*?)</a></li>', page) == [("id_email", "Email: Enter a valid email address.")]
    assert mailoutbox == []


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda user: _LongAgo().make_token(user), id="expired"),
        pytest.param(lambda user: default_token_generator.make_token(user)[:-1] + "0", id="altered"),
        pytest.param(lambda user: "set-password", id="without_a_token_in_the_session"),
    ],
)
def test_a_link_that_no_longer_works_says_so_and_offers_a_new_one(client, anna, token):
    response = client.get(reset_link(anna, token(anna)))

    page = text(response)
    assert response.status_code == 200
    assert "<h1>This link no longer works</h1>" in page
    assert "The link to choose a new password has been used already, has expired, or was not copied whole." in page
    assert f'<a class="button" href="{url("password_reset")}">Get a new link</a>' in page
    assert "<form" not in page.split("<main", 1)[1]
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_a_link_for_an_unknown_person_says_the_same(client, anna):
    response = client.get(url("password_reset_confirm", uidb64=urlsafe_base64_encode(b"999999"), token="1-broken"))

    assert "<h1>This link no longer works</h1>" in text(response)


@pytest.mark.parametrize(
    ("password1", "password2", "errors"),
    [
        pytest.param(
            NEW, NEW + "x", [("id_new_password2", "New password confirmation: The two password fields didn’t match.")], id="mismatched"
        ),
        pytest.param(
            "12345",
            "12345",
            TOO_WEAK,
            id="too_weak",
        ),
        pytest.param(
            "anna@example.org",
            "anna@example.org",
            [("id_new_password2", "New password confirmation: The password is too similar to the email address.")],
            id="like_the_address",
        ),
    ],
)
def test_a_refused_new_password_keeps_nothing_and_says_why(client, anna, password1, password2, errors):
    response = choose_password(client, reset_link(anna), password1, password2)

    page = text(response)
    anna.refresh_from_db()
    assert response.status_code == 200
    assert 'id="password-reset-errors" tabindex="-1" data-focus-on-load' in page
    assert re.findall(r'<li><a href="#(\w+)">(.*?)</a></li>', page) == errors
    assert (anna.check_password(OLD), "_auth_user_id" in client.session, entries("accounts.password_reset")) == (True, False, [])
    # The person may try again with the same link.
    assert client.post(response.request["PATH_INFO"], {"new_password1": NEW, "new_password2": NEW}).status_code == 302


def test_a_new_password_from_a_link_is_logged_with_the_address(client, anna):
    opened = client.get(reset_link(anna))
    client.post(opened["Location"], {"new_password1": NEW, "new_password2": NEW}, REMOTE_ADDR="203.0.113.7")

    assert entries("accounts.password_reset") == [("anna", "203.0.113.7")]
    assert chain_verify() == []


# --- The second factor after a reset ----------------------------------------------------------------------


@pytest.fixture
def signatory(db):
    zgl = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl")
    user = person(zgl, RoleKind.SIGNATORY, "zgl.prezes")
    user.email = "prezes@zgl.example.org"
    user.save(update_fields=["email"])
    return user


def test_a_signatory_who_set_a_new_password_still_gives_the_second_factor(client, signatory, mailoutbox):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=signatory, name="authenticator", confirmed=True)
    ask_for_link(client, "prezes@zgl.example.org")
    choose_password(client, mailed_link(mailoutbox[0]), NEW)

    signed_in = sign_in(client, "zgl.prezes", NEW)
    workspace = client.get(url("positions:list"))
    confirmed = client.post(url("two_factor"), {"code": totp_code(device.bin_key), "next": url("positions:list")})

    second_factor_page = f"{url('two_factor')}?next={url('positions:list')}"
    assert (signed_in.status_code, signed_in["Location"]) == (302, second_factor_page)
    assert (workspace.status_code, workspace["Location"]) == (302, second_factor_page)
    assert (confirmed.status_code, confirmed["Location"]) == (302, url("positions:list"))
    assert DEVICE_ID_SESSION_KEY in client.session


# --- Changing one's password ------------------------------------------------------------------------------


def test_changing_the_password_needs_signing_in(client, anna):
    page = client.get(url("password_change"))
    sent = client.post(url("password_change"), {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})
    done = client.get(url("password_change_done"))

    anna.refresh_from_db()
    login = url("login")
    assert [(response.status_code, response["Location"]) for response in (page, sent, done)] == [
        (302, f"{login}?next={url('password_change')}"),
        (302, f"{login}?next={url('password_change')}"),
        (302, f"{login}?next={url('password_change_done')}"),
    ]
    assert anna.check_password(OLD) is True


def test_changing_the_password_keeps_this_session_and_is_logged(client, anna):
    client.force_login(anna)

    response = client.post(
        url("password_change"), {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}, REMOTE_ADDR="198.51.100.4"
    )

    anna.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, url("password_change_done"))
    assert (anna.check_password(NEW), client.session["_auth_user_id"]) == (True, str(anna.pk))
    assert client.get(url("password_change_done")).status_code == 200
    assert entries("accounts.password_changed") == [("anna", "198.51.100.4")]
    assert chain_verify() == []


def test_changing_the_password_signs_out_the_other_sessions(client, anna):
    from django.test import Client

    elsewhere = Client()
    elsewhere.force_login(anna)
    client.force_login(anna)

    client.post(url("password_change"), {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})

    assert (client.get(url("positions:list")).status_code, elsewhere.get(url("positions:list")).status_code) == (200, 302)


@pytest.mark.parametrize(
    ("old", "password1", "password2", "errors"),
    [
        pytest.param(
            "wrong-password",
            NEW,
            NEW,
            [("id_old_password", "Current password: Your old password was entered incorrectly. Please enter it again.")],
            id="wrong_current",
        ),
        pytest.param("", NEW, NEW, [("id_old_password", "Current password: This field is required.")], id="no_current"),
        pytest.param(
            OLD, NEW, NEW + "x", [("id_new_password2", "New password confirmation: The two password fields didn’t match.")], id="mismatched"
        ),
        pytest.param(
            OLD,
            "12345",
            "12345",
            TOO_WEAK,
            id="too_weak",
        ),
    ],
)
def test_a_refused_password_change_keeps_the_old_password_and_says_why(client, anna, old, password1, password2, errors):
    client.force_login(anna)

    response = client.post(url("password_change"), {"old_password": old, "new_password1": password1, "new_password2": password2})

    page = text(response)
    anna.refresh_from_db()
    assert response.status_code == 200
    assert 'id="password-change-errors" tabindex="-1" data-focus-on-load' in page
    assert re.findall(r'<li><a href="#(\w+)">(.*?)</a></li>', page) == errors
    assert 'value="' + OLD not in page and 'value="' + NEW not in page  # passwords are never sent back
    assert (anna.check_password(OLD), entries("accounts.password_changed")) == (True, [])


def test_a_signatory_changes_the_password_only_after_the_second_factor(client, signatory):
    login_without_second_factor(client, signatory)

    page = client.get(url("password_change"))
    sent = client.post(url("password_change"), {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})

    signatory.refresh_from_db()
    second_factor_page = f"{url('two_factor')}?next={url('password_change')}"
    assert [(response.status_code, response["Location"]) for response in (page, sent)] == [(302, second_factor_page)] * 2
    assert signatory.check_password(OLD) is True


def test_a_signatory_with_the_second_factor_changes_the_password(client, signatory):
    client.force_login(signatory)  # verified (tests/conftest.py)

    response = client.post(url("password_change"), {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})

    signatory.refresh_from_db()
    assert (response.status_code, signatory.check_password(NEW)) == (302, True)
