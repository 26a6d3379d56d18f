"""A visitor's journey through the public face in real Chromium: search from the header, open a good
practice from the map, follow a feed link and read the feed with a real parser; and axe-core at WCAG 2.1
AA on the pages of that journey not checked elsewhere (search results, no results, a refused search, the
sign-in page with its errors, the 404 page) in Polish, Czech and English."""

from pathlib import Path

import feedparser
import pytest

from tests.browser.test_accessibility import _violations
from tests.browser.test_practices import library_site  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PREFIXES = {"pl": "", "cs": "/cs", "en": "/en"}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_visitor_searches_opens_a_practice_from_the_map_and_follows_a_feed(live_server, page, library_site):  # noqa: F811
    # The header's search box: a word with another ending than the title's and without its diacritics.
    page.goto(live_server.url + "/")
    page.locator("#site-search-q").fill("oszczedna")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url(f"{live_server.url}/search/?q=oszczedna")
    assert page.locator("#results-heading").inner_text() == "1 wynik dla zapytania „oszczedna”"
    assert page.locator("#results-practices h2").inner_text() == "Dobre praktyki (1)"
    assert page.locator("#results-practices a").first.inner_text() == "Oszczędne latarnie w Bytnicy"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "journey-1-search.png"), full_page=True)

    # To the library through the main menu, then a point on the map.
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Dobre praktyki").click()
    page.wait_for_url(f"{live_server.url}/dobre-praktyki/")
    page.locator("svg .practice-map__point", has=page.locator("title", has_text="Asystent seniora w Opolu")).click()
    page.wait_for_url(f"{live_server.url}/dobre-praktyki/asystent-seniora-w-opolu/")
    assert page.locator("h1").inner_text() == "Asystent seniora w Opolu"
    page.screenshot(path=str(ARTIFACTS / "journey-2-practice.png"), full_page=True)

    # Back on the library, the feed its page announces, read by a real feed parser.
    page.go_back()
    announced = page.locator('head link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    page.locator("a.feed-link").click()
    page.wait_for_url(f"{live_server.url}{announced}")
    feed = feedparser.parse(page.request.get(live_server.url + announced).body())
    assert feed.bozo == 0
    assert feed.version == "atom10"
    assert sorted(entry.title for entry in feed.entries) == [
        "Asystent seniora w Opolu",
        "Oszczędne latarnie w Bytnicy",
        "Sdílený energetik v Plzni",
    ]
    # Links are the site's canonical addresses (its Wagtail Site record), not the test server's.
    assert {entry.link for entry in feed.entries} == {practice.full_url for practice in library_site["practices"]["pl"].values()}


def test_search_sign_in_and_error_pages_have_no_axe_violations(live_server, page, library_site):  # noqa: F811
    urls = []
    for prefix in PREFIXES.values():
        urls += [
            f"{prefix}/search/?q=bytnica",
            f"{prefix}/search/?q=energetik&kind=practices",
            f"{prefix}/search/?q=zzzyxq",
            f"{prefix}/search/?q=%2B%2B%2B",
            f"{prefix}/search/?q=" + "a" * 201,
            f"{prefix}/accounts/login/",
            f"{prefix}/no-such-page/",
        ]
    failures = {}
    for url in urls:
        page.goto(live_server.url + url)
        violations = _violations(page)
        if violations:
            failures[url] = violations
    # A refused sign-in, with its error summary, in each language.
    for prefix in PREFIXES.values():
        page.goto(f"{live_server.url}{prefix}/accounts/login/")
        page.locator("input[name=username]").fill("nikt")
        page.locator("input[name=password]").fill("niepoprawne-haslo")
        page.locator("form button[type=submit], form input[type=submit]").last.click()
        page.wait_for_load_state()
        violations = _violations(page)
        if violations:
            failures[f"{prefix}/accounts/login/ (refused)"] = violations
    assert failures == {}


def test_a_refused_search_moves_focus_to_its_error_summary(live_server, page, library_site):  # noqa: F811
    page.goto(f"{live_server.url}/en/search/?q=%2B%2B%2B")
    assert page.evaluate("document.activeElement.id") == "search-errors"
    assert page.locator("#search-errors").inner_text().splitlines()[0] == "The search could not be run:"
    assert page.locator("#search-errors a").get_attribute("href") == "#id_q"
