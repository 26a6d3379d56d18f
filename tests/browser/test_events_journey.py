"""An event fills up and its waiting list moves, as a member association's staff and the participants use
it, in real Chromium against the live server: a group registration takes the last places, two more
colleagues join the waiting list, one participant cancels through the link in their e-mail, and the first
one waiting gets the place. Each page on the way is checked with axe-core and photographed at desktop and
phone widths."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from cms.services import site_setup
from events.enums import RegistrationStatus
from events.models import Registration
from members.enums import RoleKind
from tests.browser.axe import axe_violations
from tests.conftest import SITE_CONTENT
from tests.events.conftest import person
from tests.factories import AssociationFactory, EventFactory, LocalGovernmentFactory, LocalGovernmentMembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def seminar():
    """The public site, ZGL with a staff member and a member gmina, and ZGL's seminar with three places."""
    site_setup(
        content=SITE_CONTENT,
        federation={"name_pl": "Federacja Testowa", "name_cs": "Testovací federace", "name_en": "Test Federation", "short_name": "FT"},
    )
    zgl = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl")
    gmina = LocalGovernmentFactory(name="Gmina Bytnica", code="0802012")
    LocalGovernmentMembershipFactory(local_government=gmina, association=zgl)
    person(zgl, RoleKind.STAFF, "zgl.pracownik")
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(days=21)
    return EventFactory(
        title="Seminarium: zamówienia publiczne w gminie",
        slug="seminarium-zamowienia",
        description="Praktyczne seminarium dla pracowników urzędów gmin o nowych progach zamówień publicznych.",
        speakers="dr Ewa Przykładowa – radczyni prawna\nMarek Wzorcowy – Urząd Zamówień Publicznych",
        organisers=[zgl],
        capacity=3,
        language="en",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=5),
        online_url="https://meet.example.org/seminarium",
    )


class Visit:
    """One browser tab on the live server; axe-core on every page checked, screenshots at two widths."""

    def __init__(self, page, live_server):
        self.page, self.base = page, live_server.url
        self.failures: dict[str, list[str]] = {}

    def goto(self, path: str):
        self.page.goto(path if path.startswith("http") else self.base + path)

    def check(self, name: str, *, photograph: bool = True):
        violations = axe_violations(self.page)
        if violations:
            self.failures[name] = violations
        if photograph:
            ARTIFACTS.mkdir(exist_ok=True)
            self.page.screenshot(path=str(ARTIFACTS / f"events-{name}.png"), full_page=True)
            size = self.page.viewport_size
            self.page.set_viewport_size(PHONE)
            self.page.screenshot(path=str(ARTIFACTS / f"events-{name}-375.png"), full_page=True)
            violations = axe_violations(self.page)
            if violations:
                self.failures[f"{name}-375"] = violations
            self.page.set_viewport_size(size)

    def fill_person(self, number: int, first: str, last: str, email: str, *, local_government: str = ""):
        row = self.page.locator(f"#person-{number}")
        row.get_by_label("First name").fill(first)
        row.get_by_label("Last name").fill(last)
        row.get_by_label("E-mail").fill(email)
        row.get_by_label("Job title").fill("inspektor")
        row.get_by_label("Office or department").fill("Referat zamówień publicznych")
        if local_government:
            row.get_by_label("Member local government").fill(local_government)

    def set_rows(self, count: int):
        self.page.get_by_label("Registering colleagues? Number of people:").fill(str(count))
        self.page.get_by_role("button", name="Show the rows").click()
        self.page.wait_for_load_state()
        assert self.page.locator("fieldset.person").count() == count

    def results(self) -> list[str]:
        return [" ".join(row.split()) for row in self.page.locator(".registration-results tbody tr").all_inner_texts()]


def _cancel_link(email: str, subject_start: str) -> str:
    (message,) = [message for message in mail.outbox if message.to == [email] and message.subject.startswith(subject_start)]
    return re.search(r"https?://\S+/registrations/cancel/[^/\s]+/", message.body).group(0)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_group_fills_the_event_then_a_cancellation_moves_the_waiting_list(live_server, page, seminar):
    visit = Visit(page, live_server)
    event_path = f"/en/wydarzenia/{seminar.slug}/"

    # ZGL's staff member signs in and opens the seminar: three places left.
    visit.goto(f"/en/accounts/login/?next={event_path}")
    page.get_by_label("Username").fill("zgl.pracownik")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}{event_path}")
    assert page.locator(".places").inner_text() == "3 of 3 available"
    assert "meet.example.org" not in page.content()
    visit.check("event")

    # A group of three colleagues; a typing error in one address is refused and everything typed is kept.
    visit.set_rows(3)
    visit.fill_person(1, "Anna", "Kowalska", "anna.kowalska@bytnica.example.pl", local_government="Gmina Bytnica (0802012)")
    visit.fill_person(2, "Piotr", "Nowak", "piotr.nowak(at)bytnica.example.pl")
    visit.fill_person(3, "Ewa", "Wiśniewska", "ewa.wisniewska@bytnica.example.pl")
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    assert "Person 2: E-mail: Enter a valid email address." in page.locator(".form-errors").inner_text()
    assert page.locator("#person-2").get_by_label("E-mail").input_value() == "piotr.nowak(at)bytnica.example.pl"
    assert page.locator("#person-3").get_by_label("Last name").input_value() == "Wiśniewska"
    assert Registration.objects.count() == 0
    visit.check("event-error")
    page.locator("#person-2").get_by_label("E-mail").fill("piotr.nowak@bytnica.example.pl")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(f"{live_server.url}{event_path}registered/#results")
    assert visit.results() == [
        "Anna Kowalska anna.kowalska@bytnica.example.pl confirmed",
        "Piotr Nowak piotr.nowak@bytnica.example.pl confirmed",
        "Ewa Wiśniewska ewa.wisniewska@bytnica.example.pl confirmed",
    ]
    visit.check("registered")

    # The seminar is now full; two more colleagues join the waiting list.
    page.get_by_role("link", name="Back to the event").click()
    page.wait_for_url(f"{live_server.url}{event_path}")
    assert page.locator(".places").inner_text() == "Full – waiting list open"
    assert "All places are taken. You can still register" in page.locator("#registration").inner_text()
    visit.set_rows(2)
    visit.fill_person(1, "Jan", "Zieliński", "jan.zielinski@bytnica.example.pl")
    visit.fill_person(2, "Maria", "Lewandowska", "maria.lewandowska@bytnica.example.pl")
    visit.check("event-full")
    page.get_by_role("button", name="Join the waiting list").click()
    page.wait_for_url(f"{live_server.url}{event_path}registered/#results")
    assert visit.results() == [
        "Jan Zieliński jan.zielinski@bytnica.example.pl waiting list, position 1",
        "Maria Lewandowska maria.lewandowska@bytnica.example.pl waiting list, position 2",
    ]
    visit.check("registered-waiting")
    visit.goto(event_path)
    assert page.locator(".places").inner_text() == "Full – waiting list open\n2 people on the waiting list"
    assert [message.subject for message in mail.outbox].count(f"Waiting list: {seminar.title}") == 2

    # Piotr cannot come: he opens the link from his e-mail (no login) and cancels.
    participant = page.context.browser.new_context(viewport=DESKTOP)
    tab = participant.new_page()
    own = Visit(tab, live_server)
    own.goto(_path(_cancel_link("piotr.nowak@bytnica.example.pl", "Registration confirmed")))
    assert " ".join(tab.locator(".registration-card").inner_text().split()) == (
        f"Event {seminar.title} When {tab.locator('.registration-card dd').nth(1).inner_text()} "
        "Where Urząd Marszałkowski, ul. Podgórna 7, 65-057 Zielona Góra Name Piotr Nowak Status confirmed"
    )
    own.check("cancel")
    tab.get_by_role("button", name="Cancel my registration").click()
    tab.wait_for_load_state()
    assert "Your registration has been cancelled." in tab.locator(".notice").inner_text()
    assert tab.locator(".registration-status").inner_text() == "cancelled"
    own.check("cancelled")

    # Jan, first in line, has the place and is told so; his own link shows it.
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["piotr.nowak@bytnica.example.pl"] == RegistrationStatus.CANCELLED
    assert statuses["jan.zielinski@bytnica.example.pl"] == RegistrationStatus.CONFIRMED
    assert statuses["maria.lewandowska@bytnica.example.pl"] == RegistrationStatus.WAITING
    own.goto(_path(_cancel_link("jan.zielinski@bytnica.example.pl", "A place for you")))
    assert tab.locator(".registration-status").inner_text() == "confirmed"
    own.goto(_path(_cancel_link("maria.lewandowska@bytnica.example.pl", "Waiting list")))
    assert tab.locator(".registration-status").inner_text() == "waiting list, position 1"
    participant.close()

    # The event page: still full, one person waiting.
    visit.goto(event_path)
    assert page.locator(".places").inner_text() == "Full – waiting list open\n1 person on the waiting list"
    visit.goto("/en/wydarzenia/")
    assert "Full – waiting list open" in page.locator(".event-list").inner_text()
    visit.check("index")
    assert visit.failures == {} and own.failures == {}


def test_two_visitors_register_through_the_event_page_kept_in_the_page_cache(live_server, page, seminar, settings):
    """The page with its registration form is stored once; each visitor's copy carries their own CSRF token."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "browser-page-cache"}}
    event_path = f"/en/wydarzenia/{seminar.slug}/"
    first = page.goto(live_server.url + event_path)
    assert first.headers["x-page-cache"] == "miss"

    other = page.context.browser.new_context(viewport=DESKTOP)
    tab = other.new_page()
    second = tab.goto(live_server.url + event_path)
    assert second.headers["x-page-cache"] == "hit"

    for visit, (first_name, email) in [
        (Visit(tab, live_server), ("Jan", "jan.zielinski@bytnica.example.pl")),
        (Visit(page, live_server), ("Ewa", "ewa.wisniewska@bytnica.example.pl")),
    ]:
        visit.fill_person(1, first_name, "Zieliński", email)
        visit.page.get_by_role("button", name="Register").click()
        visit.page.wait_for_url(f"{live_server.url}{event_path}registered/#results")
        assert visit.results() == [f"{first_name} Zieliński {email} confirmed"]
    other.close()
    assert sorted(Registration.objects.values_list("email", flat=True)) == [
        "ewa.wisniewska@bytnica.example.pl",
        "jan.zielinski@bytnica.example.pl",
    ]


def test_a_large_federation_suggests_member_local_governments_from_the_api_as_one_types(live_server, page, seminar, monkeypatch):
    # Past the inline limit the page lists none; the script fills the suggestions from the open API.
    monkeypatch.setattr("cms.models.LOCAL_GOVERNMENT_OPTIONS_INLINE", 0)
    page.goto(f"{live_server.url}/en/wydarzenia/{seminar.slug}/")
    assert page.locator("#member-local-governments option").count() == 0

    page.locator("#person-1").get_by_label("Member local government").press_sequentially("Bytn")
    options = page.locator("#member-local-governments option")
    options.first.wait_for(state="attached")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == ["Gmina Bytnica (0802012)"]

    page.locator("#person-1").get_by_label("Member local government").fill("Nieznana")
    # Playwright's wait_for_function evaluates a string in the page, which the Content-Security-Policy refuses.
    expect(options).to_have_count(0)
    page.locator("#person-1").get_by_label("Member local government").fill("0802")
    expect(options.first).to_have_attribute("value", "Gmina Bytnica (0802012)")
