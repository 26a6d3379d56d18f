"""The password pages pass axe-core at WCAG 2.1 AA in real Chromium, in Polish, Czech and English, as a person
goes through them: from the sign-in page to asking for a link, the page after, the mailed link (working,
refused, used), the new password saved, then changing the password while signed in; every form also after
a refused submit, with focus on its error summary."""

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.axe import axe_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("pl", "cs", "en")
PREFIXES = {"pl": "/", "cs": "/cs/", "en": "/en/"}


def mailed_path(message) -> str:
    return urlsplit(re.search(r"https?://\S+", message.body)[0]).path


def test_password_pages_have_no_axe_violations(live_server, page, site_pages, mailoutbox):
    UserFactory(username="anna", email="anna@example.org")
    password = "correct-horse-battery"
    failures = {}

    def check(name: str):
        if violations := axe_violations(page):
            failures[name] = violations

    def submit():
        page.locator("form.form button[type=submit]").click()

    def refused(summary_id: str, name: str):
        page.locator(f"#{summary_id}").wait_for()
        check(name)
        assert page.evaluate("document.activeElement.id") == summary_id, name

    for language in LANGUAGES:
        prefix = PREFIXES[language]
        base = live_server.url + prefix
        # From the sign-in page to asking for a link; first with no address.
        page.goto(f"{base}accounts/login/")
        page.locator(f'main a[href="{prefix}accounts/password_reset/"]').click()
        page.wait_for_url(f"{base}accounts/password_reset/")
        check(f"{language}: reset form")
        submit()
        refused("password-reset-errors", f"{language}: reset form refused")
        page.locator("input[name=email]").fill("anna@example.org")
        submit()
        page.wait_for_url(f"{base}accounts/password_reset/done/")
        check(f"{language}: reset asked")
        # The mailed link: two different passwords first, then a good one.
        link = mailed_path(mailoutbox[-1])
        page.goto(live_server.url + link)
        page.wait_for_url(re.compile(r"/set-password/$"))
        check(f"{language}: new password form")
        page.locator("input[name=new_password1]").fill("Lubuskie-latarnie-2026")
        page.locator("input[name=new_password2]").fill("Lubuskie-latarnie-2027")
        submit()
        refused("password-reset-errors", f"{language}: new password refused")
        password = f"Lubuskie-latarnie-{language}"
        page.locator("input[name=new_password1]").fill(password)
        page.locator("input[name=new_password2]").fill(password)
        submit()
        page.wait_for_url(f"{base}accounts/reset/done/")
        check(f"{language}: new password saved")
        # The same link again: used.
        page.goto(live_server.url + link)
        page.locator("main a.button").wait_for()
        assert page.locator("main form").count() == 0
        check(f"{language}: link no longer works")
        # Signed in with the new password: changing it, first with a wrong current one.
        page.goto(f"{base}accounts/login/")
        page.locator("input[name=username]").fill("anna")
        page.locator("input[name=password]").fill(password)
        submit()
        page.locator(".account__logout").wait_for()
        page.locator(f'.account a[href="{prefix}accounts/password_change/"]').click()
        page.wait_for_url(f"{base}accounts/password_change/")
        check(f"{language}: change form")
        page.locator("input[name=old_password]").fill("wrong-password")
        page.locator("input[name=new_password1]").fill("Opolskie-drogi-2026")
        page.locator("input[name=new_password2]").fill("Opolskie-drogi-2026")
        submit()
        refused("password-change-errors", f"{language}: change refused")
        page.locator("input[name=old_password]").fill(password)
        password = f"Opolskie-drogi-{language}"
        page.locator("input[name=new_password1]").fill(password)
        page.locator("input[name=new_password2]").fill(password)
        submit()
        page.wait_for_url(f"{base}accounts/password_change/done/")
        check(f"{language}: password changed")
        page.locator(".account__logout button").click()
        page.wait_for_url(f"{base}accounts/logout/")
    assert len(mailoutbox) == 3
    assert failures == {}
