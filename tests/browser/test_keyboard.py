"""Keyboard-only use of the public site in real Chromium: the skip link comes first and moves focus to the
main content, the header's search box, the language switcher and the main menu are reached with Tab,
every focus stop on the key pages shows a visible focus indicator, and a refused form moves focus to its
error summary, whose links lead to the fields."""

from pathlib import Path

import pytest

from tests.browser.test_accessibility import public_site  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# What the focused element is, for assertions: its text or label, and its address or id.
FOCUSED = """() => {
  const el = document.activeElement;
  const name = el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent);
  return {tag: el.tagName.toLowerCase(), name: name.replace(/\\s+/g, ' ').trim(), href: el.getAttribute('href'), id: el.id};
}"""

# The styles that can show focus: an outline, a box shadow, or (on the map's SVG links) the fill and
# stroke of the shapes inside. Read for every element before anything has focus, then for each focus stop.
FOCUS_STYLE = """el => {
  const own = getComputedStyle(el);
  const style = {
    outline: own.outlineStyle === 'none' || parseFloat(own.outlineWidth) === 0 || own.outlineColor === 'rgba(0, 0, 0, 0)'
      ? 'none' : `${own.outlineStyle} ${own.outlineWidth} ${own.outlineColor}`,
    shadow: own.boxShadow,
    shapes: [...el.querySelectorAll('path, circle')].map(shape => {
      const s = getComputedStyle(shape);
      return `${s.fill} ${s.stroke} ${s.strokeWidth}`;
    }).join('; '),
  };
  const box = el.getBoundingClientRect();
  style.visible = box.width > 0 && box.height > 0 && own.visibility !== 'hidden';
  return style;
}"""


def _tab_stops(page, limit: int = 400) -> list[dict]:
    """Press Tab until every focus stop of the page has been visited once (round past the footer to the
    top if need be); for each, what it is and whether its focused style differs visibly from its style
    without focus."""
    page.evaluate(
        f"""() => {{
          const style = {FOCUS_STYLE};
          document.activeElement.blur();
          window.__unfocused = new Map();
          for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')) {{
            window.__unfocused.set(el, style(el));
          }}
        }}"""
    )
    stops, left = [], 0
    for _press in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            f"""() => {{
              const el = document.activeElement;
              if (el === document.body || el === document.documentElement) return null;
              if (el.dataset.tabStop) return 'again';
              el.dataset.tabStop = 'yes';
              const focused = ({FOCUS_STYLE})(el);
              const before = window.__unfocused.get(el);
              const shown = focused.visible && before !== undefined && (
                (focused.outline !== 'none' && focused.outline !== before.outline)
                || (focused.shadow !== 'none' && focused.shadow !== before.shadow)
                || (focused.shapes !== '' && focused.shapes !== before.shapes));
              return {{...({FOCUSED})(), shown}};
            }}"""
        )
        if stop == "again" or (stop is None and left):
            return stops
        if stop is None:  # past the footer: the next Tab starts at the top (a field with autofocus began the walk)
            left += 1
            continue
        stops.append(stop)
    raise AssertionError(f"Tab did not leave the page after {limit} presses")


def test_skip_link_comes_first_and_moves_focus_to_the_main_content(live_server, page, public_site):  # noqa: F811
    for language, name in (("pl", "Przejdź do treści głównej"), ("cs", "Přejít na hlavní obsah"), ("en", "Skip to main content")):
        page.goto(live_server.url + public_site["pages"][language]["home"].url)
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED) == {"tag": "a", "name": name, "href": "#main", "id": ""}
        assert page.locator(".skip-link").bounding_box()["y"] == 0  # shown on screen while focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        # The next Tab continues inside the main content, past the header.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('main') !== null") is True


def test_header_search_language_switcher_and_main_menu_are_reached_in_order(live_server, page, public_site):  # noqa: F811
    page.goto(live_server.url + "/en/")
    stops = []
    for _press in range(17):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    assert [(stop["tag"], stop["name"], stop["href"]) for stop in stops] == [
        ("a", "Skip to main content", "#main"),
        ("a", "F Test Federation", "/en/"),
        ("a", "Sign in", "/en/accounts/login/"),
        ("input", "Search the site", None),
        ("button", "Search", None),
        ("a", "Polski", "/"),
        ("a", "Čeština", "/cs/"),
        ("a", "English", "/en/"),
        ("a", "Home", "/en/"),
        ("a", "Members", "/en/czlonkowie/"),
        ("a", "Presidency", "/en/prezydencja/"),
        ("a", "Positions", "/en/stanowiska/"),
        ("a", "Events", "/en/wydarzenia/"),
        ("a", "Good practices", "/en/good-practices/"),
        ("a", "News", "/en/aktualnosci/"),
        ("a", "About us", "/en/o-nas/"),
        ("a", "Contact", "/en/kontakt/"),
    ]

    # Enter on a language in the switcher opens the page in that language.
    page.goto(live_server.url + "/en/")
    for _press in range(7):
        page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["name"] == "Čeština"
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/cs/")
    assert page.locator("html").get_attribute("lang") == "cs"

    # Enter on a main-menu item opens its section.
    for _press in range(14):
        page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["name"] == "Dobrá praxe"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".site-header").screenshot(path=str(ARTIFACTS / "keyboard-focus-main-menu.png"))
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/cs/dobra-praxe/")
    assert page.locator("h1").inner_text() == "Dobrá praxe"


def test_header_search_by_keyboard_lands_on_the_results(live_server, page, public_site):  # noqa: F811
    page.goto(live_server.url + "/")
    for _press in range(4):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("lodz")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/search/?q=lodz")
    assert page.locator("#results-heading").inner_text() == "3 wyniki dla zapytania „lodz”"
    assert page.locator(".search-group h2").all_inner_texts() == [
        "Dobre praktyki (1)",
        "Aktualności (1)",
        "Stowarzyszenia członkowskie (1)",
    ]
    assert page.locator("#site-search-q").input_value() == "lodz"


def _focus_stops_without_an_indicator(page, base_url: str, urls: list[str]) -> dict[str, list[str]]:
    invisible = {}
    for url in urls:
        page.goto(base_url + url)
        stops = _tab_stops(page)
        assert len(stops) > 17, f"{url}: only {len(stops)} focus stops"  # walked past the header's seventeen
        missing = [f"{stop['tag']} {stop['name'][:40]!r} {stop['href'] or stop['id']}" for stop in stops if not stop["shown"]]
        if missing:
            invisible[url] = missing
    return invisible


def test_every_focus_stop_on_the_key_pages_shows_a_visible_focus_indicator(live_server, page, public_site):  # noqa: F811
    pages = public_site["pages"]["en"]
    urls = [
        pages["home"].url,
        "/en/search/?q=lodz",
        pages["positions"].url,
        pages["events"].url + "seminarium/",
        public_site["practices"]["en"]["bytnica"].url,
        "/en/accounts/login/",
    ]
    assert _focus_stops_without_an_indicator(page, live_server.url, urls) == {}


def test_every_focus_stop_on_the_good_practice_library_shows_a_visible_focus_indicator(live_server, page, public_site):  # noqa: F811
    urls = [public_site["pages"]["en"]["practices"].url]
    assert _focus_stops_without_an_indicator(page, live_server.url, urls) == {}


def test_a_refused_registration_moves_focus_to_its_error_summary(live_server, page, public_site):  # noqa: F811
    page.goto(live_server.url + public_site["pages"]["en"]["events"].url + "seminarium/")
    page.locator("#id_person-0-first_name").focus()
    page.keyboard.type("Anna")
    page.keyboard.press("Enter")  # submits the form with the other required fields empty
    page.wait_for_url(live_server.url + public_site["pages"]["en"]["events"].url + "seminarium/#registration")
    assert page.evaluate("document.activeElement.id") == "registration-errors"
    assert page.locator("#registration-errors li").all_inner_texts() == [
        "Person 1: Last name: This field is required.",
        "Person 1: E-mail: This field is required.",
    ]
    # The summary's first link takes focus to the field to correct, keeping what was typed.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["href"] == "#id_person-0-last_name"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_person-0-last_name"
    assert page.locator("#id_person-0-first_name").input_value() == "Anna"


def test_a_refused_search_moves_focus_to_its_error_summary(live_server, page, public_site):  # noqa: F811
    page.goto(live_server.url + "/en/")
    page.locator("#site-search-q").focus()
    page.keyboard.type("+++")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/en/search/?q=%2B%2B%2B")
    assert page.evaluate("document.activeElement.id") == "search-errors"
    assert page.locator("#search-errors .form-errors__title").inner_text() == "The search could not be run:"
    assert page.locator("#search-errors li").all_inner_texts() == ["Type at least one word to search for."]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_q"


def test_a_refused_sign_in_moves_focus_to_its_error_summary(live_server, page, public_site):  # noqa: F811
    page.goto(live_server.url + "/en/accounts/login/")
    page.locator("#id_username").focus()
    page.keyboard.type("nobody")
    page.keyboard.press("Tab")
    page.keyboard.type("wrong-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "login-errors"
    assert page.locator("#login-errors").inner_text().splitlines()[0] == "You could not be signed in:"
