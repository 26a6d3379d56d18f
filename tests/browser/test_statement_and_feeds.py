"""The accessibility statement in real Chromium: it passes axe-core at WCAG 2.1 AA in each language (as do
the pages that now offer feed links), and a visitor reaches it from the footer of the home page."""

import copy
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from cms.demo.accessibility import ACCESSIBILITY_SECTION
from cms.services import news_publish, site_setup
from positions.enums import Decision
from positions.models import Signature
from tests.browser.axe import axe_violations
from tests.conftest import SITE_CONTENT
from tests.factories import AssociationFactory, TopicFactory, UserFactory, published_position_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["pl", "cs", "en"]


def _site() -> dict:
    content = copy.deepcopy(SITE_CONTENT)
    for language in LANGUAGES:
        content[language]["accessibility"] = ACCESSIBILITY_SECTION[language]
    federation = {
        "name_pl": "Federacja Testowa",
        "name_cs": "Testovací federace",
        "name_en": "Test Federation",
        "street_address": "ul. Samorządowa 12",
        "postal_code": "65-001",
        "city": "Zielona Góra",
    }
    return site_setup(content=content, federation=federation)


def test_statement_and_feed_pages_have_no_axe_violations(live_server, page):
    pages = _site()
    zgl = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl")
    position = published_position_make(lead_association=zgl, reference_number=3, topic=TopicFactory(lead_association=zgl))
    Signature.objects.create(
        position=position,
        version=position.current_version,
        association=zgl,
        signer=UserFactory(),
        signer_name="Anna Lis",
        decision=Decision.SIGNED,
        text_sha256=position.current_version.sha256,
    )
    TopicFactory(lead_association=zgl)
    urls = []
    for language in LANGUAGES:
        news_publish(
            index=pages[language]["news"], title="Posiedzenie zarządu", date=dt.date(2026, 11, 2), summary="Krótko.", body="<p>T.</p>"
        )
        urls += [
            pages[language]["accessibility"].url,
            pages[language]["positions"].url,
            f"{pages[language]['positions'].url}{position.slug}/",
            f"{pages[language]['members'].url}zgl/",
            pages[language]["news"].url,
        ]
    failures = {}
    for url in urls:
        page.goto(live_server.url + url)
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}


@pytest.mark.parametrize(
    ("language", "link", "heading"),
    [
        ("pl", "Deklaracja dostępności", "Deklaracja dostępności"),
        ("cs", "Prohlášení o přístupnosti", "Prohlášení o přístupnosti"),
        ("en", "Accessibility statement", "Accessibility statement"),
    ],
)
def test_footer_link_leads_from_the_home_page_to_the_statement(live_server, page, language, link, heading):
    pages = _site()
    page.goto(live_server.url + pages[language]["home"].url)
    page.get_by_role("contentinfo").get_by_role("link", name=link, exact=True).click()
    expect(page).to_have_url(live_server.url + pages[language]["accessibility"].url)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("article time").first).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}$"))
