"""A visitor's journey through the public face in real Chromium: a word typed without its diacritics into
the header's search box, the results grouped by kind, the good-practice library, a region and then a point
on its map, the practice, and the Atom feed the pages announce, read by a real feed parser (feedparser).
axe-core checks each page as the visitor leaves it; screenshots go to test-artifacts/journey-*.png."""

from pathlib import Path

import feedparser
import pytest

from tests.browser.axe import axe_violations
from tests.browser.test_accessibility import public_site  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_visitor_searches_opens_a_practice_from_the_map_and_follows_its_feed(live_server, page, public_site):  # noqa: F811
    failures = {}
    ARTIFACTS.mkdir(exist_ok=True)

    def leave(name: str):
        page.screenshot(path=str(ARTIFACTS / f"journey-{name}.png"), full_page=True)
        if violations := axe_violations(page):
            failures[name] = violations

    # "lodz" in the header's search box finds what is in Łódź, grouped by kind.
    page.goto(live_server.url + "/")
    page.get_by_role("search").first.get_by_label("Przeszukaj serwis").fill("lodz")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/search/?q=lodz")
    assert page.locator("#results-heading").inner_text() == "3 wyniki dla zapytania „lodz”"
    assert page.locator(".search-kinds a").all_inner_texts() == ["Dobre praktyki (1)", "Aktualności (1)", "Stowarzyszenia członkowskie (1)"]
    hits = {
        group: page.locator(f"#results-{group} .search-result__title").all_inner_texts()
        for group in page.locator(".search-group").evaluate_all("groups => groups.map(g => g.id.replace('results-', ''))")
    }
    assert hits == {
        "practices": ["Budżet obywatelski w Łodzi"],
        "news": ["Posiedzenie zarządu w Łodzi"],
        "associations": ["Stowarzyszenie Gmin Regionu Łódzkiego"],
    }
    leave("1-search")

    # The library through the main menu; on its map, the Łódź region, then the point of its practice.
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Dobre praktyki").click()
    page.wait_for_url(f"{live_server.url}/dobre-praktyki/")
    assert page.locator("#results-heading").inner_text() == "2 dobre praktyki"
    page.locator('svg .practice-map__region[data-region="PL-10"] path').click()
    page.wait_for_url(f"{live_server.url}/dobre-praktyki/?region=PL-10")
    assert page.locator(".practice-item__title a").all_inner_texts() == ["Budżet obywatelski w Łodzi"]
    assert page.locator('svg .practice-map__region[aria-current="true"]').get_attribute("aria-label") == "łódzkie: 1 dobra praktyka"
    leave("2-library-region")
    page.locator("svg .practice-map__point", has=page.locator("title", has_text="Budżet obywatelski w Łodzi")).click()
    practices = public_site["practices"]["pl"]
    page.wait_for_url(live_server.url + practices["lodz"].url)
    assert page.locator("h1").inner_text() == "Budżet obywatelski w Łodzi"
    announced = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert announced.get_attribute("title") == "Dobre praktyki (kanał Atom)"
    feed_path = announced.get_attribute("href")
    assert feed_path == "/dobre-praktyki/feed/"
    leave("3-practice")

    # Back on the library, its visible feed link leads to the feed the practice announced.
    page.go_back()
    with page.expect_response(f"{live_server.url}{feed_path}") as response_info:
        page.locator("a.feed-link").click()
    response = response_info.value
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.body())
    assert feed.bozo == 0
    assert feed.version == "atom10"
    assert feed.feed.title == "Federacja Testowa – Dobre praktyki"
    assert feed.feed.language == "pl"
    assert [(entry.title, entry.link) for entry in feed.entries] == [
        ("Budżet obywatelski w Łodzi", practices["lodz"].full_url),
        ("Oszczędne latarnie w Bytnicy", practices["bytnica"].full_url),
    ]
    assert failures == {}
