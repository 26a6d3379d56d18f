"""Resetting a lost second factor (federation/two_factor.py `second_factor_reset`): the service, who may do
it (members/permissions.py), the admin page and its buttons, and what the person meets at the next sign-in."""

import datetime as dt
import re
from base64 import b32decode

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.users.models import UserProfile

from federation import two_factor
from federation.models import ActivityLogEntry
from members.enums import RoleKind
from members.permissions import SECRETARIAT_GROUP, can_reset_second_factor
from members.services import role_grant
from tests.factories import AssociationFactory, UserFactory
from tests.two_factor import login_without_second_factor, totp_code

BASE_URL = "https://federacja.example.org"
WARNING = "Their authenticator app and all their recovery codes stop working at once."


@pytest.fixture(autouse=True)
def _english_and_a_known_address(settings):
    """Messages are asserted in English (the msgids); mails link to a known address."""
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    with translation.override("en"):
        yield


@pytest.fixture
def zgl(db):
    return AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl")


def holder(association, kind, username, first_name="", last_name="", **fields):
    """A person holding `kind` in `association`, granted through the service."""
    user = UserFactory(username=username, first_name=first_name, last_name=last_name, **fields)
    role_grant(user=user, association=association, kind=kind, starts_on=dt.date(2020, 1, 1))
    return user


def speaks(user, language: str):
    """The person chose `language` for the admin (their Wagtail profile): the admin's pages and their mails."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def signatory(zgl):
    return holder(zgl, RoleKind.SIGNATORY, "zgl.prezes", "Anna", "Nowak")


@pytest.fixture
def clerk(db):
    """A member of the secretariat, not signed in anywhere."""
    user = UserFactory(username="sekretariat", first_name="Ewa", last_name="Kowalska", is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    return speaks(user, "en")


@pytest.fixture
def root(db):
    return speaks(UserFactory(username="root", first_name="Jan", last_name="Główny", is_staff=True, is_superuser=True), "en")


@pytest.fixture
def administrator(zgl):
    """An association's administrator with access to the admin (as an editor of pages), not the secretariat."""
    user = holder(zgl, RoleKind.ADMINISTRATOR, "zgl.admin", "Piotr", "Lis", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return speaks(user, "en")


def set_up(user) -> tuple[TOTPDevice, list[str]]:
    """An authenticator and ten recovery codes, set up through the service as the setup page does."""
    key = two_factor.new_secret()
    return two_factor.totp_device_confirm(user=user, key=key, token=f"{totp(bytes.fromhex(key)):06d}")


def signed_in(user) -> Client:
    """A browser in which `user` signed in and gave the second factor."""
    client = Client()
    client.force_login(user)
    return client


def devices(user) -> tuple[int, int, int]:
    return (
        TOTPDevice.objects.filter(user=user).count(),
        StaticDevice.objects.filter(user=user).count(),
        StaticToken.objects.filter(device__user=user).count(),
    )


def resets() -> list[tuple]:
    return list(ActivityLogEntry.objects.filter(action="federation.two_factor.reset").values_list("actor__username", "object_id", "data"))


def reset_page(person) -> str:
    return reverse("second_factor_reset", args=[person.pk])


def text(response) -> str:
    return response.content.decode()


# --- The service -----------------------------------------------------------------------------------------


def test_second_factor_reset_removes_the_devices_logs_and_mails_the_person(
    signatory, clerk, site_pages, mailoutbox, django_capture_on_commit_callbacks
):
    speaks(signatory, "en")
    set_up(signatory)
    StaticToken.objects.filter(device__user=signatory).first().delete()

    with django_capture_on_commit_callbacks(execute=True):
        two_factor.second_factor_reset(user=signatory, by=clerk)

    assert devices(signatory) == (0, 0, 0)
    assert resets() == [("sekretariat", str(signatory.pk), {"authenticator": True, "recovery_codes_left": 9})]
    assert [(mail.to, mail.subject, mail.body) for mail in mailoutbox] == [
        (
            ["zgl.prezes@example.org"],
            "Your second factor was reset: Test Federation",
            "Dear Anna Nowak,\n\n"
            "Ewa Kowalska reset the second factor of your account on Test Federation: your authenticator app and your "
            "recovery codes no longer work for it.\n\n"
            "The next time you sign in with your password, you will set up a new authenticator app and receive new "
            f"recovery codes:\n{BASE_URL}/en/accounts/login/\n\n"
            "Your username: zgl.prezes\n\n"
            "If you did not ask for this, tell the federation's secretariat at once.\n",
        )
    ]


def test_second_factor_reset_mail_goes_in_the_site_language_to_a_person_who_chose_none(
    signatory, clerk, site_pages, mailoutbox, django_capture_on_commit_callbacks
):
    set_up(signatory)

    with django_capture_on_commit_callbacks(execute=True):
        two_factor.second_factor_reset(user=signatory, by=clerk)

    [mail] = mailoutbox
    # Polish, the site's default: the greeting and the username line are translated already, the federation
    # is named in Polish, and the sign-in address has no language prefix.
    assert mail.body.startswith("Dzień dobry Anna Nowak,\n\n")
    assert "Federacja Testowa" in mail.subject
    assert f"\n{BASE_URL}/accounts/login/\n\n" in mail.body
    assert "\n\nNazwa użytkownika: zgl.prezes\n\n" in mail.body


def test_second_factor_reset_of_ones_own_is_refused_and_changes_nothing(clerk, mailoutbox, django_capture_on_commit_callbacks):
    set_up(clerk)

    with pytest.raises(ValidationError) as refusal, django_capture_on_commit_callbacks(execute=True):
        two_factor.second_factor_reset(user=clerk, by=clerk)

    assert refusal.value.messages == ["You cannot reset your own second factor. Ask the secretariat to do it."]
    assert (devices(clerk), resets(), mailoutbox) == ((1, 1, 10), [], [])


def test_second_factor_reset_of_someone_without_one_is_refused(signatory, clerk, mailoutbox, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as refusal, django_capture_on_commit_callbacks(execute=True):
        two_factor.second_factor_reset(user=signatory, by=clerk)

    assert refusal.value.messages == ["Anna Nowak has no second factor set up: there is nothing to reset."]
    assert (resets(), mailoutbox) == ([], [])


def test_second_factor_reset_by_an_association_administrator_is_refused(signatory, administrator, mailoutbox):
    set_up(signatory)

    with pytest.raises(PermissionDenied) as refusal:
        two_factor.second_factor_reset(user=signatory, by=administrator)

    assert str(refusal.value) == (
        "Only the secretariat and superusers may reset another person's second factor, and only a superuser may reset a superuser's."
    )
    assert (devices(signatory), resets(), mailoutbox) == ((1, 1, 10), [], [])


# --- Who may reset it ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "person", "allowed"),
    [
        ("clerk", "signatory", True),
        ("root", "signatory", True),
        ("root", "clerk", True),
        ("root", "other_root", True),
        ("administrator", "signatory", False),
        ("clerk", "root", False),
        ("clerk", "clerk", False),
        ("root", "root", False),
        ("anonymous", "signatory", False),
    ],
)
def test_can_reset_second_factor(signatory, clerk, root, administrator, actor, person, allowed):
    people = {
        "signatory": signatory,
        "clerk": clerk,
        "root": root,
        "administrator": administrator,
        "other_root": UserFactory(username="root2", is_superuser=True),
        "anonymous": AnonymousUser(),
    }

    assert can_reset_second_factor(people[actor], people[person]) is allowed


# --- The admin page --------------------------------------------------------------------------------------


def test_reset_page_shows_the_person_and_their_devices(signatory, clerk):
    set_up(signatory)
    StaticToken.objects.filter(device__user=signatory).first().delete()

    response = signed_in(clerk).get(reset_page(signatory))

    assert response.status_code == 200
    page = text(response)
    assert "<td data-person-name>Anna Nowak</td>" in page
    assert "<td data-person-username>zgl.prezes</td>" in page
    assert "<td data-authenticator>yes</td>" in page
    assert "<td data-recovery-codes-left>9</td>" in page
    assert WARNING in page
    assert "Yes, reset the second factor" in page


def test_reset_page_for_someone_without_one_offers_no_reset(signatory, clerk):
    response = signed_in(clerk).get(reset_page(signatory))

    page = text(response)
    assert (response.status_code, "Yes, reset the second factor" in page, WARNING in page) == (200, False, False)
    assert "<td data-authenticator>no</td>" in page
    assert "<td data-recovery-codes-left>0</td>" in page
    assert "Anna Nowak has no second factor set up: there is nothing to reset." in page


def test_reset_page_post_resets_and_returns_with_a_success_message(signatory, clerk, mailoutbox, django_capture_on_commit_callbacks):
    set_up(signatory)
    client = signed_in(clerk)
    roles = reverse("members_roles:index")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reset_page(signatory), {"next": roles})

    assert (response.status_code, response["Location"]) == (302, roles)
    assert devices(signatory) == (0, 0, 0)
    assert resets() == [("sekretariat", str(signatory.pk), {"authenticator": True, "recovery_codes_left": 10})]
    assert [mail.to for mail in mailoutbox] == [["zgl.prezes@example.org"]]
    assert "The second factor of Anna Nowak was reset. They will set up a new authenticator app when they next sign in." in text(
        client.get(roles)
    )


def test_reset_page_goes_back_to_the_users_listing_for_a_superuser_without_next(signatory, root):
    set_up(signatory)

    response = signed_in(root).post(reset_page(signatory))

    assert (response.status_code, response["Location"], devices(signatory)) == (302, reverse("wagtailusers_users:index"), (0, 0, 0))


def test_reset_page_ignores_a_next_leading_to_another_site(signatory, clerk):
    set_up(signatory)

    response = signed_in(clerk).post(reset_page(signatory), {"next": "https://evil.example.org/"})

    assert (response.status_code, response["Location"]) == (302, reverse("members_roles:index"))


def test_reset_page_post_for_someone_without_one_changes_nothing_and_says_why(signatory, clerk):
    client = signed_in(clerk)

    response = client.post(reset_page(signatory), {"next": reverse("members_roles:index")})

    assert (response.status_code, resets()) == (302, [])
    assert "Anna Nowak has no second factor set up: there is nothing to reset." in text(client.get(response["Location"]))


@pytest.mark.parametrize(("actor", "person"), [("administrator", "signatory"), ("clerk", "root")])
def test_reset_page_is_refused_as_the_admin_refuses_and_nothing_changes(signatory, clerk, root, administrator, actor, person):
    people = {"signatory": signatory, "clerk": clerk, "root": root, "administrator": administrator}
    set_up(people[person])
    client = signed_in(people[actor])

    shown = client.get(reset_page(people[person]))
    sent = client.post(reset_page(people[person]))

    # Wagtail answers a PermissionDenied inside the admin with its dashboard and "Sorry, you do not have
    # permission to access this area."
    assert [(r.status_code, r["Location"]) for r in (shown, sent)] == [(302, reverse("wagtailadmin_home"))] * 2
    assert (devices(people[person]), resets()) == ((1, 1, 10), [])


def test_reset_page_of_ones_own_is_refused(clerk):
    client = signed_in(clerk)  # gives the clerk an authenticator

    response = client.post(reset_page(clerk))

    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert (TOTPDevice.objects.filter(user=clerk).count(), resets()) == (1, [])


def test_reset_page_of_nobody_is_not_found(clerk):
    assert signed_in(clerk).get(reverse("second_factor_reset", args=[999_999])).status_code == 404


# --- Its buttons -----------------------------------------------------------------------------------------


def test_users_listing_shows_the_button_only_for_people_who_have_a_second_factor(zgl, signatory, root):
    set_up(signatory)
    editor = holder(zgl, RoleKind.EDITOR, "zgl.redaktor", "Olga", "Wiśniewska")

    page = text(signed_in(root).get(reverse("wagtailusers_users:index")))

    # The superuser has an authenticator too (signed in with it), but resets nobody's own.
    assert [f'href="{reset_page(user)}?next=/admin/users/"' in page for user in (signatory, editor, root)] == [True, False, False]
    assert "Reset second factor" in page


def test_roles_listing_shows_the_secretariat_the_button_for_holders_with_a_second_factor(zgl, signatory, clerk):
    set_up(signatory)
    editor = holder(zgl, RoleKind.EDITOR, "zgl.redaktor", "Olga", "Wiśniewska")
    roles = reverse("members_roles:index")

    page = text(signed_in(clerk).get(roles))

    assert [f'href="{reset_page(user)}?next={roles}"' in page for user in (signatory, editor)] == [True, False]


def test_users_listing_asks_for_second_factors_once_whatever_the_number_of_people(zgl, root):
    def queries() -> int:
        client = signed_in(root)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("wagtailusers_users:index")).status_code == 200
        return len(captured)

    set_up(holder(zgl, RoleKind.SIGNATORY, "signatory0"))
    one = queries()
    for number in range(1, 6):
        set_up(holder(zgl, RoleKind.SIGNATORY, f"signatory{number}"))
    many = queries()

    assert one == many


# --- After the reset -------------------------------------------------------------------------------------


def test_after_the_reset_the_person_sets_up_a_new_authenticator_at_the_next_sign_in(signatory, clerk):
    old_device, _codes = set_up(signatory)
    open_session = signed_in(signatory)
    workspace = reverse("positions:list")
    assert open_session.get(workspace).status_code == 200

    two_factor.second_factor_reset(user=signatory, by=clerk)

    # A session that gave the second factor with the old authenticator is asked for it again.
    asked = open_session.get(workspace)
    assert (asked.status_code, asked["Location"]) == (302, f"{reverse('two_factor')}?next={workspace}")
    # Signing in with the password leads to setting up a new authenticator, then to ten new recovery codes.
    client = Client()
    signed = client.post(reverse("login"), {"username": "zgl.prezes", "password": "correct-horse-battery", "next": workspace})
    assert (signed.status_code, signed["Location"]) == (302, f"{reverse('two_factor')}?next={workspace}")
    setup = client.get(signed["Location"])
    secret = re.search(r'data-secret="([A-Z2-7]+)"', text(setup))[1]
    confirmed = client.post(reverse("two_factor"), {"code": totp_code(b32decode(secret)), "next": workspace})
    assert (confirmed.status_code, confirmed["Location"]) == (302, f"{reverse('two_factor_recovery_codes')}?next={workspace}")
    new_device = TOTPDevice.objects.get(user=signatory)
    assert (new_device.pk != old_device.pk, new_device.key != old_device.key, devices(signatory)) == (True, True, (1, 1, 10))
    assert client.get(workspace).status_code == 200


def test_after_the_reset_a_session_signed_in_before_must_sign_in_again_to_set_up_an_authenticator(signatory, clerk):
    set_up(signatory)
    open_session = signed_in(signatory)  # say, a browser left signed in on the lost phone
    workspace = reverse("positions:list")

    two_factor.second_factor_reset(user=signatory, by=clerk)
    setup_offered = open_session.get(f"{reverse('two_factor')}?next={workspace}")
    login_page = open_session.get(setup_offered["Location"])

    assert (setup_offered.status_code, setup_offered["Location"]) == (302, f"{reverse('login')}?next={workspace}")
    assert "_auth_user_id" not in open_session.session
    assert "Your second factor was reset. Sign in again with your password, then set up your new authenticator app." in text(login_page)
    assert devices(signatory) == (0, 0, 0)


def test_after_the_reset_signing_in_without_the_second_factor_still_cannot_reach_the_workspace(signatory, clerk):
    set_up(signatory)
    two_factor.second_factor_reset(user=signatory, by=clerk)
    client = Client()
    login_without_second_factor(client, signatory)

    response = client.get(reverse("positions:list"))

    assert (response.status_code, response["Location"]) == (302, f"{reverse('two_factor')}?next={reverse('positions:list')}")
