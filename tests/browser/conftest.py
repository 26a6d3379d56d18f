import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make test`, which installs Debian's chromium package.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test itself are safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        # Every context, also those a test opens for a second visitor, reports Content-Security-Policy
        # violations (Chromium logs each one to the console).
        open_context = browser.new_context
        browser.new_context = lambda *args, **kwargs: _watch_for_csp_violations(open_context(*args, **kwargs))
        yield browser
        browser.close()


CSP_VIOLATIONS: list[str] = []


def _watch_for_csp_violations(context):
    def record(message):
        if "Content Security Policy" in message.text:
            CSP_VIOLATIONS.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", record)
    return context


@pytest.fixture
def page(browser):
    """A fresh browser tab; the test fails if any page it opened broke the Content-Security-Policy."""
    CSP_VIOLATIONS.clear()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
    if CSP_VIOLATIONS:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(CSP_VIOLATIONS))
