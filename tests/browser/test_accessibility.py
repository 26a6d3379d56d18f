"""Every public page type, in each language, passes axe-core at WCAG 2.1 AA in real Chromium: the pages by
their addresses (site pages, positions, events, good practices, search results, the statement, open data,
verification, sign-in, 404), then the forms as a visitor sees them after a refused submit."""

import copy
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cms.demo.accessibility import ACCESSIBILITY_SECTION
from cms.demo.practices import PRACTICES_SECTION
from cms.services import news_publish, site_setup
from events import services as event_services
from events.enums import Audience, EventKind, EventStatus, Fee
from events.models import AgendaItem
from members.enums import LocalGovernmentKind
from positions.enums import Decision, IdentifierKind, PositionStatus
from positions.models import Signature
from tests.browser.axe import axe_failures, axe_violations
from tests.conftest import SITE_CONTENT
from tests.factories import (
    AssociationFactory,
    DraftActFactory,
    DraftActIdentifierFactory,
    EventFactory,
    LocalGovernmentFactory,
    LocalGovernmentMembershipFactory,
    TermFactory,
    TopicFactory,
    UserFactory,
    published_position_make,
)
from tests.factories.practices import GoodPracticePageFactory, PracticeCategoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("pl", "cs", "en")
PREFIXES = {"pl": "/", "cs": "/cs/", "en": "/en/"}


@pytest.fixture
def public_site():
    """One federation with something on every public page type, in Polish, Czech and English."""
    content = copy.deepcopy(SITE_CONTENT)
    for language in LANGUAGES:
        content[language]["accessibility"] = ACCESSIBILITY_SECTION[language]
        content[language]["practices"] = PRACTICES_SECTION[language]
    pages = site_setup(
        content=content, federation={"name_pl": "Federacja Testowa", "name_cs": "Testovací federace", "name_en": "Test Federation"}
    )
    today = timezone.localdate()
    presiding = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl", krs="0000339564")
    AssociationFactory(name="Stowarzyszenie Gmin Regionu Łódzkiego", short_name="SGRL", slug="sgrl", city="Łódź", region="łódzkie")
    TopicFactory(lead_association=presiding)
    LocalGovernmentMembershipFactory(association=presiding)
    TermFactory(association=presiding, starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30))
    TermFactory(association=AssociationFactory(), starts_on=today + dt.timedelta(days=31), ends_on=today + dt.timedelta(days=200))
    TermFactory(association=AssociationFactory(), starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=31))
    old = published_position_make(lead_association=presiding, reference_number=1, status=PositionStatus.SUPERSEDED, forum="Zarząd")
    position = published_position_make(lead_association=presiding, reference_number=2, supersedes=old, addressees="Minister Finansów")
    bill = DraftActFactory(stance_is_public=True)
    DraftActIdentifierFactory(draft_act=bill, kind=IdentifierKind.SEJM_PRINT, url="https://www.sejm.gov.pl/")
    position.draft_acts.add(bill)
    for decision in (Decision.SIGNED, Decision.ABSTAINED):
        Signature.objects.create(
            position=position,
            version=position.current_version,
            association=AssociationFactory(),
            signer=UserFactory(),
            signer_name="Anna Lis",
            decision=decision,
            reservation="Zastrzeżenie." if decision == Decision.ABSTAINED else "",
            text_sha256=position.current_version.sha256,
        )
    seminar = EventFactory(
        organisers=[presiding], slug="seminarium", speakers="dr Ewa Przykładowa – radczyni prawna", online_url="https://meet.example.org/x"
    )
    paid = EventFactory(
        organisers=[presiding],
        slug="szkolenie-platne",
        kind=EventKind.TRAINING,
        fee=Fee.PAID,
        fee_amount=250,
        vat_basis="zw. art. 43 ust. 1 pkt 29 lit. c ustawy o VAT",
        audience=Audience.MEMBERS,
        capacity=1,
    )
    event_services.registration_create(  # full: the page offers the waiting list
        event=paid,
        participants=[event_services.Participant(first_name="Jan", last_name="Lis", email="jan.lis@example.org", association=presiding)],
    )
    EventFactory(organisers=[presiding], slug="odwolane", status=EventStatus.CANCELLED)
    meeting = EventFactory(
        organisers=[presiding],
        slug="posiedzenie",
        kind=EventKind.BOARD_SITTING,
        starts_at=timezone.now() - dt.timedelta(days=5),
        ends_at=timezone.now() - dt.timedelta(days=5, hours=-4),
        minutes="Zarząd przyjął stanowisko.",
    )
    AgendaItem.objects.create(event=meeting, order=1, title="Przyjęcie stanowiska", position=position)
    meeting.positions_adopted.set([position])
    waiting = event_services.registration_create(
        event=seminar,
        participants=[event_services.Participant(first_name="Anna", last_name="Lis", email="anna.lis@example.org")],
    )[0]
    energy = PracticeCategoryFactory(
        slug="energia", name_pl="Efektywność energetyczna", name_cs="Energetická účinnost", name_en="Energy efficiency"
    )
    bytnica = LocalGovernmentFactory(code="0802032", name="Bytnica")
    practices = {}
    for language in LANGUAGES:
        news_publish(
            index=pages[language]["news"],
            title="Posiedzenie zarządu w Łodzi",
            date=today,
            summary="Krótko o finansach samorządu.",
            body="<p>Treść.</p>",
        )
        bytnica_practice = GoodPracticePageFactory(
            parent=pages[language]["practices"],
            title="Oszczędne latarnie w Bytnicy",
            categories=[energy],
            local_governments=[bytnica],
            association=presiding,
            population=2600,
        )
        lodz_practice = GoodPracticePageFactory(
            parent=pages[language]["practices"],
            title="Budżet obywatelski w Łodzi",
            unit_kind=LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS,
            town="Łódź",
            county="Łódź",
            region="PL-10",
            implementing_unit="Urząd Miasta Łodzi",
            latitude=Decimal("51.75920"),
            longitude=Decimal("19.45600"),
        )
        practices[language] = {"bytnica": bytnica_practice, "lodz": lodz_practice}
    return {
        "pages": pages,
        "position": position,
        "old": old,
        "practices": practices,
        "cancel_token": event_services.cancel_token(waiting),
    }


def _page_urls(site: dict, language: str) -> list[str]:
    """The addresses of every public page type in one language."""
    pages, prefix = site["pages"][language], PREFIXES[language]
    positions, events, library = pages["positions"].url, pages["events"].url, pages["practices"].url
    news = pages["news"].get_children().live().first()
    sha256 = site["position"].current_version.sha256
    return [
        *(pages[key].url for key in ("home", "members", "presidency", "news", "about", "contact", "accessibility")),
        pages["members"].url + "zgl/",
        news.url,
        positions,
        positions + "?q=zzz&year=1999",
        f"{positions}{site['position'].slug}/",
        f"{positions}{site['old'].slug}/",
        positions + "projekty/",
        events,
        events + "?past=1",
        events + "?kind=zzz",
        events + "seminarium/?people=2",
        events + "szkolenie-platne/",
        events + "odwolane/",
        events + "posiedzenie/",
        f"{prefix}registrations/cancel/{site['cancel_token']}/",
        prefix + "registrations/cancel/tampered/",
        library,
        library + "?category=energia&region=PL-08",
        library + "?region=XX-99&kind=zzz",
        site["practices"][language]["bytnica"].url,
        prefix + "open-data/",
        prefix + "verify/",
        f"{prefix}verify/{sha256}/",
        f"{prefix}verify/{'0' * 64}/",
        prefix + "verify/?code=123",
        prefix + "accounts/login/",
        prefix + "no-such-page/",
    ]


def _search_urls(language: str) -> list[str]:
    search = PREFIXES[language] + "search/"
    return [
        search,
        search + "?q=lodz",  # an association, a news item and a good practice, without the diacritics
        search + "?q=samorzadu",
        search + "?q=stanowisko&kind=positions&page=2",  # one kind, paginated (one hit a page here)
        search + "?q=zzzyxq",  # nothing found
        search + "?q=zzzyxq&kind=events",
        search + "?q=%2B%2B%2B",  # no words: the error summary
        search + "?q=" + "a" * 201,  # too long: the error summary
    ]


def test_public_pages_have_no_axe_violations(live_server, page, public_site, monkeypatch):
    monkeypatch.setattr("cms.selectors.PAGE_SIZE", 1)
    urls = [url for language in LANGUAGES for url in _page_urls(public_site, language) + _search_urls(language)]
    assert axe_failures(page, live_server.url, urls) == {}
    # The last pages checked are what they were meant to be: one kind paginated, a refused search.
    page.goto(live_server.url + "/en/search/?q=stanowisko&kind=positions&page=2")
    assert page.locator(".search-group h2").all_inner_texts() == ["Joint positions (2)"]
    assert "Page 2 of 2" in page.locator(".pagination").inner_text()
    page.goto(live_server.url + "/en/search/?q=" + "a" * 201)
    assert page.locator("#search-errors li").all_inner_texts() == ["Ensure this value has at most 200 characters (it has 201)."]


def test_forms_after_a_refused_submit_have_no_axe_violations(live_server, page, public_site):
    UserFactory(username="anna", email="anna@example.org")
    failures = {}

    def check(name: str):
        if violations := axe_violations(page):
            failures[name] = violations

    for language in LANGUAGES:
        prefix = PREFIXES[language]
        # Registration with nothing typed in.
        page.goto(f"{live_server.url}{public_site['pages'][language]['events'].url}seminarium/")
        page.locator("form.registration-form button[type=submit]").click()
        page.locator("#registration-errors").wait_for()
        check(f"{language}: registration refused")
        # Sign-in with a wrong password, then with the right one, then signing out.
        page.goto(f"{live_server.url}{prefix}accounts/login/")
        page.locator("input[name=username]").fill("anna")
        page.locator("input[name=password]").fill("niepoprawne-haslo")
        page.locator("form.form button[type=submit]").click()
        page.locator(".error-summary").wait_for()
        check(f"{language}: sign-in refused")
        page.locator("input[name=password]").fill("correct-horse-battery")
        page.locator("form.form button[type=submit]").click()
        page.locator(".account__logout").wait_for()
        page.goto(live_server.url + public_site["pages"][language]["home"].url)
        check(f"{language}: home page, signed in")
        page.locator(".account__logout button").click()
        page.wait_for_url(f"{live_server.url}{prefix}accounts/logout/")
        check(f"{language}: signed out")
    assert failures == {}
