"""The second factor in tests. Every `client.force_login` also marks the session as verified by an
authenticator (the autouse fixture in tests/conftest.py), so tests of other things sign in as before;
`login_without_second_factor` signs in without it, and `totp_code` computes a code as the app would."""

import time

from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def mark_verified(client, user) -> TOTPDevice:
    """Mark `client`'s session as verified by the person's authenticator (made confirmed if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_without_second_factor(client, user) -> None:
    """`client.force_login` as Django has it: signed in, second factor not given."""
    force_login = ClientMixin.force_login
    getattr(force_login, "__wrapped__", force_login)(client, user)


def totp_code(key: bytes, *, after_step: int = -1) -> str:
    """The code an authenticator app holding `key` shows now, or for the first time step after `after_step`
    (a code is accepted once: a second sign-in within the same 30 seconds needs the next one, which the
    server accepts one step ahead)."""
    totp = TOTP(key)
    totp.time = time.time()
    if totp.t() <= after_step:
        totp.time += (after_step + 1 - totp.t()) * totp.step
    return f"{totp.token():0{totp.digits}d}"
