"""Passing the second factor in the browser, as a signatory or administrator does after the password."""

import re
from base64 import b32decode

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from federation.two_factor import required_for
from tests.two_factor import totp_code


def needs_second_factor(username: str) -> bool:
    return required_for(get_user_model().objects.get(username=username))


def pass_second_factor(page, username: str, *, check=None) -> None:
    """On the second-factor page after signing in: the first time, set up an authenticator from the key the
    page shows for people who type it in, and continue past the recovery codes; later, give the code of
    the authenticator set up then. `check(name)` is called on each page on the way (e.g. axe)."""
    page.wait_for_url(re.compile(r"/accounts/two-factor/"))
    secret = page.locator("[data-secret]")
    setting_up = secret.count() == 1
    if setting_up:
        code = totp_code(b32decode(secret.get_attribute("data-secret")))
    else:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        code = totp_code(device.bin_key, after_step=device.last_t)
    if check:
        check("second factor: set up" if setting_up else "second factor")
    page.locator("input[name=code]").fill(code)
    page.locator("form.form button[type=submit]").click()
    if setting_up:
        page.wait_for_url(re.compile(r"/accounts/two-factor/recovery-codes/"))
        assert page.locator(".recovery-codes li").count() == 10
        if check:
            check("second factor: recovery codes")
        page.get_by_role("link", name="I have kept the codes safe, continue").click()
