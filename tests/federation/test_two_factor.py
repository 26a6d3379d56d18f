"""The second factor of signing in (federation/two_factor.py): who needs it, setting up an authenticator,
recovery codes, throttling, where it is asked for, and that signing is refused without it."""

import datetime as dt
import functools
import re
from base64 import b32decode
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import is_verified as otp_is_verified
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from federation import two_factor
from members.enums import RoleKind
from members.permissions import SECRETARIAT_GROUP
from members.services import role_end
from positions import services
from positions.enums import Decision, PositionStatus
from positions.models import Position, Signature
from tests.factories import AssociationFactory, PositionFactory, UserFactory
from tests.positions.conftest import person
from tests.two_factor import login_without_second_factor, totp_code

D = dt.date


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); the view's language follows the URL prefix."""
    with translation.override("en"):
        yield


@pytest.fixture
def zgl(db):
    return AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl", joined_on=D(2013, 10, 29))


@pytest.fixture
def signatory(zgl):
    return person(zgl, RoleKind.SIGNATORY, "zgl.prezes", title="Prezes Zarządu")


def text(response) -> str:
    return response.content.decode()


def workspace() -> str:
    return reverse("positions:list")


def second_factor_page(next_url: str) -> str:
    return f"{reverse('two_factor')}?next={quote(next_url, safe='/')}"


def shown_secret(response) -> str:
    return re.search(r'data-secret="([A-Z2-7]+)"', text(response))[1]


def set_up(user) -> tuple[TOTPDevice, list[str]]:
    """An authenticator set up through the service, as the setup page does."""
    key = two_factor.new_secret()
    return two_factor.totp_device_confirm(user=user, key=key, token=f"{totp(bytes.fromhex(key)):06d}")


def verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


# --- Who needs it ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "needed"),
    [(RoleKind.SIGNATORY, True), (RoleKind.ADMINISTRATOR, True), (RoleKind.EDITOR, False), (RoleKind.STAFF, False)],
)
def test_required_for_a_role_holder_follows_the_kind_of_role(zgl, kind, needed):
    assert two_factor.required_for(person(zgl, kind, "osoba")) is needed


def test_required_for_the_secretariat_and_superusers_but_not_for_others(db):
    secretariat = UserFactory(username="sekretariat", is_staff=True)
    secretariat.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))

    assert [
        two_factor.required_for(user)
        for user in (secretariat, UserFactory(username="root", is_superuser=True), UserFactory(username="nikt", is_staff=True))
    ] == [True, True, False]


def test_required_for_ends_with_the_role(zgl, signatory):
    role_end(role=signatory.association_roles.get())

    assert two_factor.required_for(signatory) is False


# --- Setting up an authenticator -------------------------------------------------------------------------


def test_setup_with_the_code_from_the_app_confirms_it_and_shows_ten_recovery_codes_once(client, signatory):
    login_without_second_factor(client, signatory)
    page = client.get(second_factor_page(workspace()))
    secret = shown_secret(page)

    response = client.post(reverse("two_factor"), {"code": f"{totp(b32decode(secret)):06d}", "next": workspace()})

    device = TOTPDevice.objects.get(user=signatory)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in text(page)
    assert (response.status_code, response["Location"]) == (302, f"{reverse('two_factor_recovery_codes')}?next={workspace()}")
    assert (device.confirmed, b32decode(secret).hex(), verified(client)) == (True, device.key, True)
    codes = sorted(StaticToken.objects.filter(device__user=signatory).values_list("token", flat=True))
    assert len(set(codes)) == 10
    shown = client.get(response["Location"])
    assert sorted(re.findall(r"<li><code>([a-z2-7]{8})</code></li>", text(shown))) == codes
    assert "They are shown only this once." in text(shown)
    again = client.get(response["Location"])
    assert re.findall(r"<code>", text(again)) == []
    assert "You have 10 unused recovery codes." in text(again)
    assert client.get(workspace()).status_code == 200


def test_setup_with_a_wrong_code_saves_nothing_and_keeps_the_same_secret(client, signatory):
    login_without_second_factor(client, signatory)
    secret = shown_secret(client.get(reverse("two_factor")))
    wrong = f"{(totp(b32decode(secret)) + 500_000) % 1_000_000:06d}"

    response = client.post(reverse("two_factor"), {"code": wrong, "next": workspace()})

    assert response.status_code == 200
    assert "That code is not right. Check that your phone&#x27;s clock is set automatically" in text(response)
    assert 'id="two-factor-errors" tabindex="-1" data-focus-on-load' in text(response)
    assert shown_secret(response) == secret
    assert (TOTPDevice.objects.count(), StaticDevice.objects.count(), verified(client)) == (0, 0, False)


# --- Confirming a sign-in --------------------------------------------------------------------------------


def test_the_code_from_the_app_verifies_the_session_and_goes_on_to_next(client, signatory):
    device, _codes = set_up(signatory)
    login_without_second_factor(client, signatory)
    page = client.get(second_factor_page(workspace()))

    response = client.post(reverse("two_factor"), {"code": totp_code(device.bin_key, after_step=device.last_t), "next": workspace()})

    assert "data-secret" not in text(page)
    assert (response.status_code, response["Location"], verified(client)) == (302, workspace(), True)


def test_next_leading_to_another_site_is_replaced_by_the_workspace(client, signatory):
    device, _codes = set_up(signatory)
    login_without_second_factor(client, signatory)

    response = client.post(
        reverse("two_factor"), {"code": totp_code(device.bin_key, after_step=device.last_t), "next": "https://evil.example.org/"}
    )

    assert (response.status_code, response["Location"]) == (302, workspace())


def test_a_recovery_code_works_once_and_only_once(client, signatory):
    _device, codes = set_up(signatory)
    login_without_second_factor(client, signatory)

    first = client.post(reverse("two_factor"), {"code": codes[3].upper(), "next": workspace()})
    client.logout()
    login_without_second_factor(client, signatory)
    second = client.post(reverse("two_factor"), {"code": codes[3], "next": workspace()})

    assert (first.status_code, first["Location"]) == (302, workspace())
    assert second.status_code == 200
    assert "That code is not right, or it was used already." in text(second)
    assert (verified(client), StaticToken.objects.filter(device__user=signatory).count()) == (False, 9)


def test_a_wrong_code_slows_down_the_next_try(client, signatory, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device, _codes = set_up(signatory)
    right = totp_code(device.bin_key, after_step=device.last_t)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    login_without_second_factor(client, signatory)

    refused = client.post(reverse("two_factor"), {"code": wrong, "next": workspace()})
    throttled = client.post(reverse("two_factor"), {"code": right, "next": workspace()})

    assert "That code is not right, or it was used already." in text(refused)
    assert "Too many wrong codes. Wait 60 seconds and try again." in text(throttled)
    assert (throttled.status_code, verified(client)) == (200, False)


def test_new_recovery_codes_replace_the_old_ones(client, signatory):
    _device, old = set_up(signatory)
    client.force_login(signatory)

    response = client.post(reverse("two_factor_recovery_codes"), {"next": workspace()})
    shown = client.get(response["Location"])

    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", text(shown))
    assert sorted(new) == sorted(StaticToken.objects.filter(device__user=signatory).values_list("token", flat=True))
    assert set(new) & set(old) == set()


# --- Where it is asked for -------------------------------------------------------------------------------


def test_signing_in_sends_a_signatory_to_the_second_factor_before_next(client, signatory):
    response = client.post(reverse("login"), {"username": "zgl.prezes", "password": "correct-horse-battery", "next": workspace()})

    assert (response.status_code, response["Location"]) == (302, second_factor_page(workspace()))


@pytest.mark.parametrize(
    ("address", "page"),
    [
        ("/workspace/positions/", "/accounts/two-factor/"),
        ("/en/workspace/events/", "/en/accounts/two-factor/"),
        ("/cs/workspace/positions/?status=signing", "/cs/accounts/two-factor/"),
        ("/admin/", "/accounts/two-factor/"),
    ],
)
def test_workspace_and_admin_send_an_unverified_signatory_to_the_second_factor(client, signatory, address, page):
    login_without_second_factor(client, signatory)

    response = client.get(address)

    assert (response.status_code, response["Location"]) == (302, f"{page}?next={quote(address, safe='/')}")


def test_public_pages_stay_open_to_an_unverified_signatory(client, signatory, site_pages):
    login_without_second_factor(client, signatory)

    assert [client.get(address).status_code for address in ("/", "/en/", "/open-data/")] == [200, 200, 200]


def test_a_staff_member_without_such_a_role_is_not_asked(client, zgl):
    staff = person(zgl, RoleKind.STAFF, "zgl.pracownik")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    staff.groups.add(Group.objects.get(name="Editors"))
    login_without_second_factor(client, staff)

    assert [client.get(address).status_code for address in (workspace(), "/admin/")] == [200, 200]


# --- Signing ---------------------------------------------------------------------------------------------


def in_signing(zgl) -> Position:
    editor = person(zgl, RoleKind.EDITOR, "zgl.redaktor")
    position = PositionFactory(lead_association=zgl, title="Stanowisko w sprawie oświaty")
    services.position_transition(position=position, to=PositionStatus.FINAL, by=editor)
    services.position_transition(
        position=position,
        to=PositionStatus.SIGNING,
        by=UserFactory(username="root", is_superuser=True),
        signing_deadline=timezone.localdate() + dt.timedelta(days=14),
    )
    return Position.objects.select_related("current_version").get(pk=position.pk)


def test_signing_is_refused_without_the_second_factor_and_allowed_after_it(client, zgl, signatory):
    position = in_signing(zgl)
    device, _codes = set_up(signatory)
    login_without_second_factor(client, signatory)
    sign = reverse("positions:sign", args=[position.pk])
    data = {"association": zgl.pk, "decision": Decision.SIGNED, "text_sha256": position.current_version.sha256}

    refused = client.post(sign, data)
    client.post(reverse("two_factor"), {"code": totp_code(device.bin_key, after_step=device.last_t), "next": workspace()})
    signed = client.post(sign, data)

    assert refused.status_code == 403
    assert "Confirm your sign-in with the code from your authenticator app before you continue" in text(refused)
    assert (signed.status_code, list(Signature.objects.values_list("signer__username", "decision"))) == (
        302,
        [("zgl.prezes", Decision.SIGNED)],
    )


def test_signature_record_refuses_a_web_session_without_the_second_factor(zgl, signatory):
    position = in_signing(zgl)
    # As django-otp's middleware marks the user of a request whose session has not given the second factor.
    signatory.otp_device = None
    signatory.is_verified = functools.partial(otp_is_verified, signatory)

    with pytest.raises(PermissionDenied) as refusal:
        services.signature_record(
            position=position, association=zgl, decision=Decision.SIGNED, by=signatory, text_sha256=position.current_version.sha256
        )

    assert str(refusal.value) == two_factor.missing_message()
    assert Signature.objects.count() == 0
