"""Every public page type, in each language, passes axe-core at WCAG 2.1 AA in real Chromium: the pages by
their addresses (site pages, positions, events, good practices, search results, the statement, open data,
verification, sign-in, an expired cancellation link, 404), the forms as a visitor sees them after a refused
submit, the pages a visitor reaches by acting (registered, cancelled, signing in locked out, the second
factor) and the server-error page."""

import copy
import datetime as dt
import re
import time
from base64 import b32decode
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import signing
from django.urls import path
from django.utils import timezone

from cms.demo.accessibility import ACCESSIBILITY_SECTION
from cms.demo.practices import PRACTICES_SECTION
from cms.services import news_publish, site_setup
from events import services as event_services
from events.enums import Audience, EventKind, EventStatus, Fee
from events.models import AgendaItem, Registration
from federation import urls as federation_urls
from members.enums import LocalGovernmentKind, RoleKind
from members.services import role_grant
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
from tests.two_factor import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("pl", "cs", "en")
PREFIXES = {"pl": "/", "cs": "/cs/", "en": "/en/"}


def _server_error(request):
    raise RuntimeError("A fault in a view: the visitor gets the 500 page.")


# The site's addresses and one whose view fails, for the server-error page (test_..._server_error_page_...).
urlpatterns = [path("server-error/", _server_error), *federation_urls.urlpatterns]


def _expired_cancel_token(registration) -> str:
    """A cancellation link signed as `events.services.cancel_token` signs it, a day longer ago than it lasts."""
    signer = signing.TimestampSigner(salt=event_services.CANCEL_SALT)
    signed_at = int(time.time()) - (settings.EVENT_CANCEL_LINK_DAYS + 1) * 24 * 3600
    value = f"{registration.pk}{signer.sep}{signing.b62_encode(signed_at)}"
    return f"{value}{signer.sep}{signer.signature(value)}"


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
        "expired_cancel_token": _expired_cancel_token(waiting),
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
        f"{prefix}registrations/cancel/{site['expired_cancel_token']}/",
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
    expired = page.goto(f"{live_server.url}/cs/registrations/cancel/{public_site['expired_cancel_token']}/")
    assert expired.status == 410
    assert page.locator(".organisers li strong").all_inner_texts() == ["Związek Gmin Lubuskich"]


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


def test_pages_after_registering_cancelling_and_signing_in_have_no_axe_violations(live_server, page, public_site):
    """What a visitor reaches only by acting: the registration received and the registration cancelled
    through the e-mailed link; sign-in locked out after five wrong passwords (429); the second factor set
    up (refused code, recovery codes, the count of those left), asked for at the next sign-in (refused
    code), and the refusal of a workspace form sent without it (403)."""
    association = AssociationFactory()
    failures = {}

    def check(name: str):
        if violations := axe_violations(page):
            failures[name] = violations

    def sign_in(username: str, password: str = "correct-horse-battery"):
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        with page.expect_navigation() as navigation:
            page.locator("form.form button[type=submit]").click()
        return navigation.value

    for language in LANGUAGES:
        prefix, site = PREFIXES[language], live_server.url
        # Registering for the seminar, then cancelling with the link from the confirmation e-mail.
        seminar = f"{site}{public_site['pages'][language]['events'].url}seminarium/"
        page.goto(seminar)
        page.locator("input[name=person-0-first_name]").fill("Ewa")
        page.locator("input[name=person-0-last_name]").fill("Nowak")
        page.locator("input[name=person-0-email]").fill(f"ewa.nowak.{language}@example.org")
        page.locator("form.registration-form button[type=submit]").click()
        page.wait_for_url(f"{seminar}registered/#results")
        assert page.locator(".registration-results tbody tr").all_inner_texts()[0].split("\t")[:2] == [
            "Ewa Nowak",
            f"ewa.nowak.{language}@example.org",
        ]
        check(f"{language}: registered")
        token = event_services.cancel_token(Registration.objects.get(email=f"ewa.nowak.{language}@example.org"))
        page.goto(f"{site}{prefix}registrations/cancel/{token}/")
        page.locator("form.cancel-form button[type=submit]").click()
        page.wait_for_url(f"{site}{prefix}registrations/cancel/{token}/?done=1")
        assert page.locator(".notice--done").count() == page.locator(".registration-status .status-badge--cancelled").count() == 1
        check(f"{language}: cancelled")

        # Five wrong passwords for one username: the fifth answer is the lockout page.
        page.goto(f"{site}{prefix}accounts/login/")
        statuses = [sign_in(f"ktos-{language}", "zle-haslo").status for _attempt in range(5)]
        assert statuses == [200, 200, 200, 200, 429]
        assert page.locator("input[name=password]").count() == 0
        check(f"{language}: sign-in locked out")

        # A signatory without an authenticator sets one up, a wrong code first.
        signatory = UserFactory(username=f"podpisujacy-{language}")
        role_grant(user=signatory, association=association, kind=RoleKind.SIGNATORY, starts_on=dt.date(2020, 1, 1))
        page.goto(f"{site}{prefix}accounts/login/")
        sign_in(signatory.username)
        assert page.url.startswith(f"{site}{prefix}accounts/two-factor/?next=")
        secret = page.locator("[data-secret]").get_attribute("data-secret")
        check(f"{language}: second factor, set up")
        page.locator("input[name=code]").fill("000000")
        page.locator("form.form button[type=submit]").click()
        page.locator("#two-factor-errors").wait_for()
        check(f"{language}: second factor, set up, code refused")
        page.locator("input[name=code]").fill(totp_code(b32decode(secret)))
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/accounts/two-factor/recovery-codes/"))
        assert page.locator(".recovery-codes li").count() == 10
        check(f"{language}: second factor, new recovery codes")
        page.goto(f"{site}{prefix}accounts/two-factor/recovery-codes/")
        assert page.locator(".recovery-codes").count() == 0
        assert page.locator(f"form[action='{prefix}accounts/two-factor/recovery-codes/'] button").count() == 1
        check(f"{language}: second factor, recovery codes left")
        page.locator(".account__logout button").click()
        page.wait_for_url(f"{site}{prefix}accounts/logout/")

        # At the next sign-in the code is asked for; a wrong one is refused, and so is a workspace form.
        page.goto(f"{site}{prefix}accounts/login/")
        sign_in(signatory.username)
        assert page.locator("[data-secret]").count() == 0
        check(f"{language}: second factor")
        page.locator("input[name=code]").fill("000000")
        page.locator("form.form button[type=submit]").click()
        page.locator("#two-factor-errors").wait_for()
        check(f"{language}: second factor, code refused")
        token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
        with page.expect_navigation() as navigation:
            page.evaluate(SUBMIT_A_FORM, [f"{prefix}workspace/positions/", token])
        assert navigation.value.status == 403
        assert page.locator(f"a.button[href='{prefix}accounts/two-factor/']").count() == 1
        check(f"{language}: second factor required")
        page.locator(".account__logout button").click()
        page.wait_for_url(f"{site}{prefix}accounts/logout/")
    assert failures == {}


# A form posted from the page, as a workspace form would be, built through the DevTools protocol (the
# site's Content-Security-Policy rightly refuses inline scripts).
SUBMIT_A_FORM = """([action, token]) => {
    const form = Object.assign(document.createElement("form"), {method: "post", action: action});
    form.append(Object.assign(document.createElement("input"), {type: "hidden", name: "csrfmiddlewaretoken", value: token}));
    document.body.append(form);
    form.submit();
}"""


def test_server_error_page_has_no_axe_violations(live_server, page, settings):
    # DEBUG is off, as in production: Django's handler renders 500.html without a context or the database.
    settings.ROOT_URLCONF = __name__
    response = page.goto(live_server.url + "/server-error/")
    assert response.status == 500
    assert page.locator("h1").inner_text() == "Błąd serwera"
    assert page.locator("h2").all_inner_texts() == ["Chyba serveru", "Server error"]
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "640px"  # its own stylesheet (error.css) applies
    assert axe_violations(page) == []
