"""The open-data page and the API's reference page pass axe-core at WCAG 2.1 AA in real Chromium, in each
language, and their links work."""

from pathlib import Path

import pytest

from cms.services import site_setup
from tests.browser.axe import axe_violations
from tests.conftest import SITE_CONTENT
from tests.factories import AssociationFactory, TopicFactory, published_position_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(db):
    site_setup(
        content=SITE_CONTENT, federation={"name_pl": "Federacja Testowa", "name_cs": "Testovací federace", "name_en": "Test Federation"}
    )
    lead = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl")
    TopicFactory(lead_association=lead)
    return published_position_make(lead_association=lead, reference_number=1, title="Stanowisko w sprawie finansowania oświaty")


@pytest.mark.parametrize("prefix", ["", "/cs", "/en"])
def test_open_data_page_has_no_axe_violations(live_server, page, published, prefix):
    page.goto(f"{live_server.url}{prefix}/open-data/")
    assert page.locator("h1").inner_text()
    assert axe_violations(page) == []


def test_open_data_page_links_to_files_the_api_and_its_docs(live_server, page, published):
    page.goto(f"{live_server.url}/en/open-data/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download positions.csv").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.splitlines()[1].startswith("FT/2026/01,Stanowisko w sprawie finansowania oświaty,")
    page.get_by_role("link", name="Reference of the API: every request with its parameters and its answers").click()
    page.wait_for_url(f"{live_server.url}/en/api/v1/docs")
    assert page.locator(".api-operation").count() == 12


@pytest.mark.parametrize("prefix", ["", "/cs", "/en"])
def test_api_docs_page_has_no_axe_violations(live_server, page, published, prefix):
    page.goto(f"{live_server.url}{prefix}/api/v1/docs")
    assert page.locator("h1").inner_text()
    assert axe_violations(page) == []


def test_api_docs_page_contents_lead_to_each_operation_and_schema(live_server, page, published):
    page.goto(f"{live_server.url}/en/api/v1/docs")
    page.get_by_role("navigation", name="On this page").get_by_role("link", name="GET /api/v1/positions/{slug}").click()
    assert page.url.endswith("#op-position_detail")
    page.locator("#op-position_detail-answer").get_by_role("link", name="Point").click()
    assert page.url.endswith("#schema-Point")
    assert page.get_by_role("heading", name="Point", exact=True).is_visible()
    with page.expect_response(f"{live_server.url}/api/v1/positions") as answer:
        page.locator("#op-position_list").locator("xpath=..").get_by_role("link", name="/api/v1/positions", exact=True).click()
    assert answer.value.json()["count"] == 1
