"""A joint position from first draft to the public PDF, as the members' people and a visitor use it, in real
Chromium against the live server. Each workspace page on the way is checked with axe-core."""

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from cms.services import site_setup
from members.enums import RoleKind
from positions import services
from positions.enums import PositionStatus
from positions.models import Comment, Position, Signature
from tests.browser.axe import axe_violations
from tests.browser.two_factor import needs_second_factor, pass_second_factor
from tests.conftest import SITE_CONTENT
from tests.factories import AssociationFactory, TermFactory
from tests.positions.conftest import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
D = dt.date
POINTS = """Federacja popiera kierunek zmian w finansowaniu zadań oświatowych.

Federacja wnosi o:
- zwiększenie części oświatowej subwencji o 10%,
- coroczną waloryzację stawek na ucznia.

Zmiany powinny wejść w życie od 1 stycznia 2027 r."""


@pytest.fixture
def federation():
    """The public site, four members (OZS presiding), and each association's editor and signatory."""
    site_setup(
        content=SITE_CONTENT,
        federation={"name_pl": "Federacja Testowa", "name_cs": "Testovací federace", "name_en": "Test Federation", "short_name": "FT"},
    )
    today = timezone.localdate()
    zgl = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl", joined_on=D(2013, 10, 29))
    ozs = AssociationFactory(name="Opolski Związek Samorządów", short_name="OZS", slug="ozs", joined_on=D(2014, 5, 1))
    smo = AssociationFactory(name="Svaz měst a obcí Libereckého kraje", short_name="SMO", slug="smo", joined_on=D(2015, 3, 1), country="CZ")
    zgp = AssociationFactory(name="Związek Gmin Pomorskich", short_name="ZGP", slug="zgp", joined_on=D(2019, 1, 1))
    TermFactory(association=ozs, starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=150))
    people = {
        "zgl.redaktor": person(zgl, RoleKind.EDITOR, "zgl.redaktor"),
        "smo.redaktor": person(smo, RoleKind.EDITOR, "smo.redaktor"),
        "ozs.admin": person(ozs, RoleKind.ADMINISTRATOR, "ozs.admin"),
    }
    for association, slug in ((zgl, "zgl"), (ozs, "ozs"), (smo, "smo"), (zgp, "zgp")):
        people[f"{slug}.prezes"] = person(association, RoleKind.SIGNATORY, f"{slug}.prezes", title="Prezes Zarządu")
    return {"associations": [zgl, ozs, smo, zgp], "people": people, "today": today}


def en(name: str, **kwargs) -> str:
    """An address of the English interface."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


class Workspace:
    """Signing in and out as one person after another, and checking each page with axe."""

    def __init__(self, page, live_server):
        self.page, self.base = page, live_server.url
        self.failures: dict[str, list[str]] = {}
        self.checked: set[str] = set()

    def goto(self, path: str):
        self.page.goto(self.base + path)

    def sign_in(self, username: str):
        self.goto("/en/accounts/login/")
        if "login" not in self.checked:
            self.check("login")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill("correct-horse-battery")
        self.page.get_by_role("button", name="Sign in").click()
        if needs_second_factor(username):
            pass_second_factor(self.page, username, check=lambda name: name in self.checked or self.check(name))
        self.page.wait_for_url(f"{self.base}/en/workspace/positions/")

    def sign_out(self):
        self.page.get_by_role("button", name="Sign out").click()
        self.page.wait_for_url(f"{self.base}/en/accounts/logout/")
        assert self.page.locator("h1").inner_text() == "You are signed out"

    def check(self, name: str):
        """axe-core at WCAG 2.1 AA on the page as it is now; violations are collected and asserted at the end."""
        self.checked.add(name)
        violations = axe_violations(self.page)
        if violations:
            self.failures[name] = violations

    def screenshot(self, name: str):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def message(self) -> str:
        return self.page.locator(".messages").inner_text()


def test_position_from_draft_to_public_pdf(live_server, page, federation):
    ws = Workspace(page, live_server)
    today = federation["today"]
    zgl, ozs, smo, zgp = federation["associations"]

    # ZGL's editor drafts the position and opens consultation among the members.
    ws.sign_in("zgl.redaktor")
    ws.check("list-empty")
    page.get_by_role("link", name="New position").click()
    ws.check("create")
    ws.screenshot("workspace-create")
    page.get_by_label("Title").fill("Stanowisko w sprawie finansowania oświaty")
    page.get_by_label("Forum").fill("Zarząd Federacji")
    page.get_by_label("Numbered points").fill(POINTS)
    page.get_by_label("Justification").fill("Samorządy finansują oświatę ponad miarę subwencji.")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url(re.compile(r".*/en/workspace/positions/\d+/$"))
    position = Position.objects.get()
    assert ws.message() == "The draft position was saved as version 1."
    assert page.locator(".points > li").count() == 3
    assert [" ".join(item.split()) for item in page.locator(".subpoints > li").all_inner_texts()] == [
        "a) zwiększenie części oświatowej subwencji o 10%,",
        "b) coroczną waloryzację stawek na ucznia.",
    ]
    page.get_by_label("Members comment by").fill((today + dt.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Open consultation among members").click()
    assert ws.message() == "The position is now “consultation among members”."
    ws.check("detail-consultation")
    ws.sign_out()

    # SMO's editor comments on point 2.
    ws.sign_in("smo.redaktor")
    ws.check("list")
    ws.screenshot("workspace-list")
    page.get_by_role("link", name="Stanowisko w sprawie finansowania oświaty").click()
    page.get_by_role("link", name="Comments", exact=True).click()
    page.get_by_label("Provision").select_option(label="Point 2")
    page.get_by_label("fundamental (zásadní)").check()
    page.get_by_label("Comment", exact=True).fill("Waloryzacja powinna odpowiadać wskaźnikowi inflacji.")
    page.get_by_label("Proposed wording").fill("coroczną waloryzację stawek na ucznia o wskaźnik inflacji.")
    page.get_by_role("button", name="Submit the comment").click()
    assert ws.message() == "Your comment was submitted for SMO."
    assert page.locator(".comments-table tbody tr").count() == 1
    ws.check("comments-commenter")
    ws.sign_out()

    # ZGL's editor accepts it, works it into the text (meeting a colleague's save on the way), and fixes the final text.
    ws.sign_in("zgl.redaktor")
    ws.goto(en("positions:comments", pk=position.pk))
    ws.check("comments-lead")
    page.locator(".settle summary").click()
    ws.screenshot("workspace-comments-settle")
    page.get_by_label("Settlement").select_option("accepted")
    page.get_by_label("Reply").fill("Uwzględniono w pkt 2 lit. b.")
    page.get_by_role("button", name="Save the settlement").click()
    assert ws.message() == "The comment was settled: accepted."
    assert Comment.objects.get().settlement == "accepted"
    ws.screenshot("workspace-comments")

    page.get_by_role("link", name="Edit", exact=True).click()
    version_one = Position.objects.select_related("current_version").get().current_version
    services.version_save(
        position=position,
        base_number=1,
        title=version_one.title,
        preamble=version_one.preamble,
        points=[*version_one.points[:2], {"text": "Zmiany powinny wejść w życie od 1 września 2027 r.", "subpoints": []}],
        justification=version_one.justification,
        by=federation["people"]["zgl.redaktor"],
        change_note="Data wejścia w życie",
    )
    merged = POINTS.replace("coroczną waloryzację stawek na ucznia.", "coroczną waloryzację stawek na ucznia o wskaźnik inflacji.").replace(
        "1 stycznia 2027", "1 września 2027"
    )
    page.get_by_label("Numbered points").fill(POINTS.replace("stawek na ucznia.", "stawek na ucznia o wskaźnik inflacji."))
    page.get_by_label("What changed").fill("Uwaga SMO do pkt 2")
    page.get_by_role("button", name="Save a new version").click()
    assert "saved version 2" in page.locator(".error-summary").inner_text()
    assert page.locator(".diff ins").count() >= 1
    assert "o wskaźnik inflacji" in page.get_by_label("Numbered points").input_value()
    ws.check("edit-conflict")
    ws.screenshot("workspace-edit-conflict")
    page.get_by_label("Numbered points").fill(merged)
    page.get_by_role("button", name="Save a new version").click()
    assert ws.message() == "Saved as version 3."
    page.get_by_role("button", name="Fix the final text").click()
    assert ws.message() == "The position is now “final text”."
    page.get_by_role("link", name="Versions", exact=True).click()
    ws.check("versions")
    page.get_by_role("button", name="Compare").click()
    assert page.locator(".diff ins").count() >= 1
    ws.check("compare")
    ws.sign_out()

    # OZS presides: its administrator opens signing.
    ws.sign_in("ozs.admin")
    ws.goto(en("positions:detail", pk=position.pk))
    page.get_by_label("Signing deadline").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Open for signing").click()
    assert ws.message() == "The position is now “signing”."
    ws.sign_out()

    # Each association's signatory signs the text whose code the page shows.
    sha256 = Position.objects.select_related("current_version").get().current_version.sha256
    for slug in ("zgl", "ozs", "smo", "zgp"):
        ws.sign_in(f"{slug}.prezes")
        ws.goto(en("positions:detail", pk=position.pk))
        assert page.locator(".sign code").inner_text() == sha256
        if slug == "zgl":
            ws.check("detail-signing")
            ws.screenshot("workspace-detail-sign-form")
        page.get_by_label("signs", exact=True).check()
        page.get_by_label("Resolved by").fill("Zarząd")
        page.get_by_role("button", name="Record the decision").click()
        assert ws.message() == f"Recorded: {slug.upper()} signs on version 3."
        ws.sign_out()
    assert Signature.objects.filter(text_sha256=sha256).count() == 4

    # OZS's administrator adopts and publishes it.
    ws.sign_in("ozs.admin")
    ws.goto(en("positions:detail", pk=position.pk))
    assert "signed by 4 of 4" in page.locator(".signing__summary").inner_text()
    ws.screenshot("workspace-detail-signing")
    page.get_by_label("Place of adoption").fill("Nowa Sól")
    page.get_by_role("button", name="Adopt and publish").click()
    assert ws.message() == "The position is now “adopted and published”."
    ws.check("detail-published")
    ws.screenshot("workspace-detail-published")
    ws.sign_out()
    position.refresh_from_db()
    assert (position.status, position.reference, position.adopted_place) == (PositionStatus.PUBLISHED, f"FT/{today.year}/01", "Nowa Sól")
    assert ws.failures == {}

    # A visitor finds it on the public positions page and reads its PDF.
    try:
        pdf_path = reverse("positions_documents:pdf", kwargs={"slug": position.slug})
    except NoReverseMatch:
        pytest.skip("the public PDF address does not exist yet")
    visitor = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    public = visitor.new_page()
    public.goto(live_server.url + "/stanowiska/")
    public.get_by_role("link", name=re.compile("Stanowisko w sprawie finansowania oświaty")).first.click()
    public.wait_for_load_state()
    pdf_link = public.locator('a[type="application/pdf"]').first
    assert pdf_link.get_attribute("href").endswith(pdf_path)
    response = public.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    pdf_file = ARTIFACTS / "journey-position.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_file.write_bytes(response.body())
    visitor.close()
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF"
    words = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_file), "-"], check=True, capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", words)
    assert "Stanowisko w sprawie finansowania oświaty".replace(" ", "") in flat
    for association in (zgl, ozs, smo, zgp):
        assert association.name.replace(" ", "") in flat, association.name
    assert sha256 in flat
