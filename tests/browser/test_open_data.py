"""The open-data page passes axe-core at WCAG 2.1 AA in real Chromium, in each language, and its links work."""

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
    page.get_by_role("link", name="Documentation of the API, where each request can be tried out").click()
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".swagger-ui .opblock").count() == 12
