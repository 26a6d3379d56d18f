"""Every public page type, in each language, passes axe-core at WCAG 2.1 AA in real Chromium."""

import datetime as dt
from pathlib import Path

import axe_playwright_python
import pytest
from django.utils import timezone

from cms.services import news_publish, site_setup
from events import services as event_services
from events.enums import Audience, EventKind, EventStatus, Fee
from events.models import AgendaItem
from positions.enums import Decision, IdentifierKind, PositionStatus
from positions.models import Signature
from tests.conftest import SITE_CONTENT
from tests.factories import (
    AssociationFactory,
    DraftActFactory,
    DraftActIdentifierFactory,
    EventFactory,
    LocalGovernmentMembershipFactory,
    TermFactory,
    TopicFactory,
    UserFactory,
    published_position_make,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


def test_public_pages_have_no_axe_violations(live_server, page):
    pages = site_setup(
        content=SITE_CONTENT, federation={"name_pl": "Federacja Testowa", "name_cs": "Testovací federace", "name_en": "Test Federation"}
    )
    today = timezone.localdate()
    presiding = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl", krs="0000339564")
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
    cancel_path = f"registrations/cancel/{event_services.cancel_token(waiting)}/"
    urls = []
    for language in ("pl", "cs", "en"):
        news = news_publish(index=pages[language]["news"], title="Posiedzenie zarządu", date=today, summary="Krótko.", body="<p>Treść.</p>")
        urls += [pages[language][key].url for key in ("home", "members", "presidency", "news", "about", "contact")]
        urls += [pages[language]["members"].url + "zgl/", news.url]
        positions = pages[language]["positions"].url
        urls += [
            positions,
            positions + "?q=zzz&year=1999",
            f"{positions}{position.slug}/",
            f"{positions}{old.slug}/",
            positions + "projekty/",
        ]
        events = pages[language]["events"].url
        prefix = "/" if language == "pl" else f"/{language}/"
        urls += [
            events,
            events + "?past=1",
            events + "?kind=zzz",
            events + "seminarium/?people=2",
            events + "szkolenie-platne/",
            events + "odwolane/",
            events + "posiedzenie/",
            prefix + cancel_path,
            prefix + "registrations/cancel/tampered/",
        ]
    failures = {}
    for url in urls:
        page.goto(live_server.url + url)
        violations = _violations(page)
        if violations:
            failures[url] = violations
    assert failures == {}
