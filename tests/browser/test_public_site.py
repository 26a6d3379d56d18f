"""The public site as a visitor uses it, in Debian's Chromium driven by Playwright."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from cms.services import site_setup
from tests.conftest import SITE_CONTENT
from tests.factories import AssociationFactory, TermFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def presiding_federation():
    site_setup(
        content=SITE_CONTENT, federation={"name_pl": "Federacja Testowa", "name_cs": "Testovací federace", "name_en": "Test Federation"}
    )
    today = timezone.localdate()
    presiding = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl", region="lubuskie")
    following = AssociationFactory(name="Opolski Związek Samorządów", short_name="OZS", slug="ozs")
    TermFactory(association=presiding, starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30))
    TermFactory(association=following, starts_on=today + dt.timedelta(days=31), ends_on=today + dt.timedelta(days=200))
    return presiding


def test_visitor_switches_language_and_opens_presiding_association(live_server, page, presiding_federation):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.locator("h1").inner_text() == "Federacja Testowa"
    assert page.locator(".term-card--current .term-card__name").inner_text() == "Związek Gmin Lubuskich"

    page.get_by_role("link", name="Čeština").click()
    page.wait_for_url(f"{live_server.url}/cs/")
    assert page.locator("html").get_attribute("lang") == "cs"
    assert page.locator("h1").inner_text() == "Testovací federace"

    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".term-card--current .term-card__name").inner_text() == "Związek Gmin Lubuskich"

    page.locator(".term-card--current .term-card__name a").click()
    page.wait_for_url(f"{live_server.url}/en/czlonkowie/zgl/")
    assert page.locator("h1").inner_text().startswith("Związek Gmin Lubuskich")
    assert page.locator('.languages a[aria-current="true"]').inner_text() == "English"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "association-en.png"), full_page=True)


def test_skip_link_is_first_stop_for_keyboard_users(live_server, page, presiding_federation):
    page.goto(live_server.url + "/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
