"""The good-practice library in real Chromium: from the map to a practice, by mouse and by keyboard, and
axe-core at WCAG 2.1 AA on the library and a practice in Polish, Czech and English."""

import copy
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cms.demo.practices import PRACTICES_SECTION
from cms.services import site_setup
from members.enums import LocalGovernmentKind
from tests.browser.axe import axe_violations
from tests.conftest import SITE_CONTENT
from tests.factories import AssociationFactory, LocalGovernmentFactory
from tests.factories.practices import GoodPracticePageFactory, PracticeCategoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Attachments are written to a folder of this test, not to the project's media folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def library_site():
    content = copy.deepcopy(SITE_CONTENT)
    for language, section in PRACTICES_SECTION.items():
        content[language]["practices"] = section
    pages = site_setup(
        content=content, federation={"name_pl": "Federacja Testowa", "name_cs": "Testovací federace", "name_en": "Test Federation"}
    )
    association = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl")
    energy = PracticeCategoryFactory(
        slug="energia", name_pl="Efektywność energetyczna", name_cs="Energetická účinnost", name_en="Energy efficiency"
    )
    social = PracticeCategoryFactory(
        slug="uslugi-spoleczne", name_pl="Usługi społeczne", name_cs="Sociální služby", name_en="Social services"
    )
    bytnica = LocalGovernmentFactory(code="0802032", name="Bytnica")
    practices = {}
    for language, library in ((code, pages[code]["practices"]) for code in ("pl", "cs", "en")):
        practices[language] = {
            "streets": GoodPracticePageFactory(
                parent=library,
                title="Oszczędne latarnie w Bytnicy",
                categories=[energy],
                local_governments=[bytnica],
                association=association,
                population=2600,
            ),
            "seniors": GoodPracticePageFactory(
                parent=library,
                title="Asystent seniora w Opolu",
                categories=[social],
                unit_kind=LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS,
                town="Opole",
                county="Opole",
                region="PL-16",
                latitude=Decimal("50.67510"),
                longitude=Decimal("17.92130"),
            ),
            "plzen": GoodPracticePageFactory(
                parent=library,
                title="Sdílený energetik v Plzni",
                categories=[energy, social],
                unit_kind=LocalGovernmentKind.STATUTORY_CITY,
                town="Plzeň",
                county="Plzeň-město",
                region="CZ-32",
                latitude=Decimal("49.74770"),
                longitude=Decimal("13.37760"),
            ),
        }
    return {"pages": pages, "practices": practices}


def test_visitor_opens_a_practice_from_its_point_on_the_map(live_server, page, library_site):
    page.goto(live_server.url + "/en/good-practices/")
    point = page.locator("svg .practice-map__point", has=page.locator("title", has_text="Sdílený energetik v Plzni"))
    point.click()
    page.wait_for_url(live_server.url + "/en/good-practices/sdileny-energetik-v-plzni/")
    assert page.locator("h1").inner_text() == "Sdílený energetik v Plzni"
    assert "Plzeň Region" in page.locator(".practice__place").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "practice-en.png"), full_page=True)


def test_visitor_chooses_a_region_on_the_map_then_a_practice(live_server, page, library_site):
    page.goto(live_server.url + "/dobre-praktyki/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "practices-pl.png"), full_page=True)
    page.locator('svg .practice-map__region[data-region="PL-16"] path').click()
    page.wait_for_url(live_server.url + "/dobre-praktyki/?region=PL-16")
    assert page.locator(".practice-item__title a").all_inner_texts() == ["Asystent seniora w Opolu"]
    assert page.locator('svg .practice-map__region[aria-current="true"]').get_attribute("data-region") == "PL-16"
    assert page.locator("#id_region").input_value() == "PL-16"
    page.get_by_role("link", name="Asystent seniora w Opolu", exact=True).first.click()
    page.wait_for_url(live_server.url + "/dobre-praktyki/asystent-seniora-w-opolu/")
    assert page.locator("h1").inner_text() == "Asystent seniora w Opolu"


def test_library_and_practice_pages_load_nothing_from_another_server(live_server, page, library_site):
    """The maps are SVG drawn by the site from the outlines it ships: no tile server, font or script
    service learns who reads the library."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    library, practice = live_server.url + "/en/good-practices/", live_server.url + library_site["practices"]["en"]["plzen"].url
    page.goto(library)
    page.wait_for_load_state("networkidle")
    assert page.locator("svg.practice-map__svg .practice-map__region").count() == 30
    page.goto(practice)
    page.wait_for_load_state("networkidle")
    assert page.locator("svg.practice-map__svg--location .practice-map__marker").count() == 1

    origin = urlsplit(live_server.url)
    assert {library, practice, live_server.url + "/static/federation/css/practices.css"} <= set(requested)
    assert [url for url in requested if (urlsplit(url).scheme, urlsplit(url).netloc) != (origin.scheme, origin.netloc)] == []


def test_keyboard_reaches_the_map_links_with_a_visible_focus(live_server, page, library_site):
    page.goto(live_server.url + "/en/good-practices/")
    page.locator("button", has_text="Show good practices").focus()
    reached = []
    for _press in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement; return {cls: el.getAttribute('class') || '', label: el.getAttribute('aria-label') || el.textContent.trim(), href: el.getAttribute('href')}; }"
        )
        reached.append(focused)
        if "practice-map__point" in focused["cls"]:
            break
    classes = [item["cls"] for item in reached]
    assert "practice-map__skip" in classes[0]  # "Skip the map" comes first
    regions = [item for item in reached if "practice-map__region" in item["cls"]]
    assert len(regions) == 30
    assert regions[0]["href"].startswith("/en/good-practices/?region=")
    assert "practice-map__point" in classes[-1]
    # The focused point is drawn differently from the others (dark fill, yellow ring).
    style = page.evaluate(
        "() => { const c = document.activeElement.querySelector('circle'); const s = getComputedStyle(c); return [s.fill, s.stroke]; }"
    )
    assert style == ["rgb(27, 35, 48)", "rgb(255, 191, 71)"]
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{reached[-1]['href']}")
    assert page.locator("h1").inner_text() in {"Sdílený energetik v Plzni", "Asystent seniora w Opolu", "Oszczędne latarnie w Bytnicy"}


def test_skip_link_jumps_over_the_map(live_server, page, library_site):
    page.goto(live_server.url + "/en/good-practices/")
    page.locator("button", has_text="Show good practices").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip the map"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results-heading"


def test_library_and_practice_pages_have_no_axe_violations(live_server, page, library_site):
    urls = []
    for language in ("pl", "cs", "en"):
        library = library_site["pages"][language]["practices"]
        urls += [
            library.url,
            library.url + "?category=energia&region=PL-08",
            library.url + "?region=XX-99&kind=zzz",
            library.url + "?region=PL-02",
            library_site["practices"][language]["streets"].url,
            library_site["practices"][language]["plzen"].url,
        ]
    failures = {}
    for url in urls:
        page.goto(live_server.url + url)
        violations = axe_violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}
