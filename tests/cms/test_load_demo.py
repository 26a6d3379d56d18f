import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone
from wagtail.models import Page

from cms.models import EventIndexPage, HomePage, NewsPage, PositionIndexPage
from events.enums import Audience, EventKind, EventStatus, Fee, RegistrationStatus
from events.models import AgendaItem, Event, Invitation, Registration
from members.enums import RoleKind
from members.models import Association, LocalGovernmentMembership, Role
from members.validators import validate_nip
from positions.deadlines import add_czech_working_days
from positions.enums import (
    AdoptionRule,
    CommentWeight,
    Decision,
    IdentifierKind,
    Jurisdiction,
    PositionStatus,
    Procedure,
    RoundOutcome,
    Settlement,
)
from positions.models import Comment, ConsultationRound, DraftAct, DraftActIdentifier, Position, PositionVersion, Signature
from positions.selectors import adoption_result
from presidency.models import RotationPlace, Term, Trio
from presidency.selectors import term_next, term_on


@pytest.mark.django_db
def test_load_demo_builds_a_federation_and_is_safe_to_rerun(capsys):
    call_command("load_demo")
    today = timezone.localdate()
    current = term_on(at=today)
    assert current is not None and term_next(at=today) is not None
    assert Association.objects.filter(left_on__isnull=True).count() == 8
    assert Association.objects.filter(left_on__isnull=False).count() == 1
    assert Term.objects.filter(starts_on__gt=today).count() == 4
    assert Term.objects.order_by("starts_on").first().starts_on <= today.replace(year=today.year - 3)
    # The planned terms continue the agreed rotation from the current term's association.
    order = list(RotationPlace.objects.values_list("association__short_name", flat=True))
    planned = list(Term.objects.filter(starts_on__gt=today).values_list("association__short_name", flat=True))
    start = order.index(current.association.short_name)
    assert planned == [order[(start + step) % len(order)] for step in range(1, 5)]
    assert Trio.objects.exists()
    assert {kind for kind in Role.objects.values_list("kind", flat=True)} == set(RoleKind.values)
    assert LocalGovernmentMembership.objects.count() >= 100
    assert HomePage.objects.count() == 3
    assert NewsPage.objects.count() == 12
    first_output = capsys.readouterr().out
    assert "demo-federacja-2026" in first_output and "zgl.redaktor" in first_output

    # OZS presides today, so its logins show the presidency's work on positions.
    assert current.association.slug == "ozs"
    assert "ozs.admin" in first_output
    assert PositionIndexPage.objects.count() == 3
    assert sorted(EventIndexPage.objects.values_list("locale__language_code", "title")) == [
        ("cs", "Akce"),
        ("en", "Events"),
        ("pl", "Wydarzenia"),
    ]
    # Every section reads in the visitor's language, its address included.
    assert sorted(page.url for page in Page.objects.child_of(HomePage.objects.get(locale__language_code="cs"))) == [
        "/cs/akce/",
        "/cs/aktuality/",
        "/cs/clenove/",
        "/cs/dobra-praxe/",
        "/cs/kontakt/",
        "/cs/o-dohode/",
        "/cs/predsednictvi/",
        "/cs/prohlaseni-o-pristupnosti/",
        "/cs/stanoviska/",
    ]
    assert sorted(page.url for page in Page.objects.child_of(HomePage.objects.get(locale__language_code="en"))) == [
        "/en/about/",
        "/en/accessibility-statement/",
        "/en/contact/",
        "/en/events/",
        "/en/good-practices/",
        "/en/members/",
        "/en/news/",
        "/en/positions/",
        "/en/presidency/",
    ]

    counts = demo_counts()
    call_command("load_demo")
    assert "already loaded" in capsys.readouterr().out
    assert demo_counts() == counts


def demo_counts():
    return tuple(
        model.objects.count()
        for model in (
            Association,
            Term,
            NewsPage,
            Role,
            DraftAct,
            ConsultationRound,
            Position,
            PositionVersion,
            Comment,
            Signature,
            Event,
            AgendaItem,
            Invitation,
            Registration,
        )
    )


def current_decisions(position, decision):
    return Signature.objects.filter(position=position, version_id=position.current_version_id, decision=decision)


@pytest.mark.django_db
def test_load_demo_draft_acts_carry_identifiers_rounds_and_stances():
    call_command("load_demo")
    assert DraftAct.objects.count() == 8
    assert set(DraftAct.objects.values_list("jurisdiction", flat=True)) == {
        Jurisdiction.POLAND,
        Jurisdiction.CZECHIA,
        Jurisdiction.EUROPEAN_UNION,
    }
    assert DraftActIdentifier.objects.filter(kind=IdentifierKind.GOVERNMENT_LIST, value="UD123").exists()
    assert DraftActIdentifier.objects.filter(kind=IdentifierKind.SEJM_PRINT, value="2184-A").exists()
    assert DraftAct.objects.filter(stance_is_public=True).count() == 6
    assert DraftAct.objects.filter(lead_association__isnull=True).count() == 0
    czech = DraftAct.objects.get(jurisdiction=Jurisdiction.CZECHIA, identifiers__kind=IdentifierKind.EKLEP)
    czech_round = czech.rounds.get(procedure=Procedure.CZ_INTERDEPARTMENTAL)
    assert czech_round.working_days == 20
    assert czech_round.deadline == add_czech_working_days(czech_round.received_on, 20)
    kwrist = ConsultationRound.objects.get(procedure=Procedure.KWRIST, outcome=RoundOutcome.WORKING_TEAM)
    assert kwrist.taken_into_account is True


@pytest.mark.django_db
def test_load_demo_positions_cover_every_stage():
    call_command("load_demo")
    today = timezone.localdate()
    published = Position.objects.filter(status=PositionStatus.PUBLISHED)
    signed_counts = published.annotate(
        signed=Count("signatures", filter=Q(signatures__decision=Decision.SIGNED, signatures__version_id=F("current_version_id")))
    )
    assert sum(1 for position in signed_counts if 6 <= position.signed <= 8) >= 4
    for position in Position.objects.filter(status__in=[PositionStatus.PUBLISHED, PositionStatus.SUPERSEDED]):
        # Adopted at a past board sitting, under the presidency of the day, with a full text.
        assert position.adopted_on < today and position.term.starts_on <= position.adopted_on <= position.term.ends_on
        assert position.reference.startswith(f"PROS/{position.adopted_on.year}/")
        assert position.forum.startswith("Zarząd Porozumienia") and position.adopted_place
        version = position.current_version
        assert 3 <= len(version.points) <= 6
        assert any(point["subpoints"] for point in version.points)
        assert len(version.justification.split("\n\n")) >= 3
        assert position.published_at.date() == position.adopted_on
        signatures = Signature.objects.filter(position=position, version=version)
        assert all(signature.signer_function for signature in signatures)
        assert all(signature.signed_at.date() <= position.signing_deadline < position.adopted_on for signature in signatures)

    tacit = Position.objects.get(adoption_rule=AdoptionRule.TACIT_CONSENT)
    assert tacit.status == PositionStatus.PUBLISHED and tacit.signing_deadline < tacit.adopted_on
    result = adoption_result(position=tacit, today=tacit.adopted_on)
    assert (len(result.signed), len(result.tacit), result.met) == (3, 5, True)

    abstention = Signature.objects.get(decision=Decision.ABSTAINED)
    assert abstention.reservation and abstention.association.slug == "sopr"
    assert abstention.position.status == PositionStatus.PUBLISHED

    superseded = Position.objects.get(status=PositionStatus.SUPERSEDED)
    assert superseded.superseded_by.status == PositionStatus.PUBLISHED
    assert superseded.superseded_by.adopted_on > superseded.adopted_on
    assert superseded.reference in superseded.superseded_by.current_version.preamble

    in_consultation = Position.objects.get(status=PositionStatus.CONSULTATION)
    assert in_consultation.consultation_deadline > today
    comments = Comment.objects.filter(position=in_consultation).select_related("association")
    assert {comment.association.slug for comment in comments} == {"ozs", "sopr"}
    assert in_consultation.lead_association.slug == "zgl"
    assert {(comment.weight, comment.settlement) for comment in comments} == {
        (CommentWeight.FUNDAMENTAL, Settlement.PENDING),
        (CommentWeight.RECOMMENDATION, Settlement.ACCEPTED),
    }

    in_signing = Position.objects.get(status=PositionStatus.SIGNING)
    assert in_signing.signing_deadline >= today
    assert current_decisions(in_signing, Decision.SIGNED).count() == 3
    assert adoption_result(position=in_signing).met is False
    assert Position.objects.count() == 8


@pytest.mark.django_db
def test_load_demo_adds_a_section_missing_from_an_older_site(capsys):
    call_command("load_demo")
    for page in PositionIndexPage.objects.all():
        page.delete()  # as on a site built before the positions section existed

    call_command("load_demo")

    assert "New sections of the site added." in capsys.readouterr().out
    assert sorted(PositionIndexPage.objects.values_list("locale__language_code", flat=True)) == ["cs", "en", "pl"]


@pytest.mark.django_db
def test_load_demo_events_of_every_kind_past_and_upcoming_with_registrations():
    call_command("load_demo")
    now = timezone.now()
    events = Event.objects.filter(status=EventStatus.PUBLISHED)
    assert set(events.filter(ends_at__lt=now).values_list("kind", flat=True)) == set(EventKind.values)
    assert set(events.filter(starts_at__gt=now).values_list("kind", flat=True)) == set(EventKind.values)
    # Webinars are online only; everyone registered is invented, with reserved example domains.
    for webinar in Event.objects.filter(kind=EventKind.WEBINAR):
        assert (bool(webinar.online_url), webinar.venue, webinar.address) == (True, "", "")
    domains = {email.rsplit("@", 1)[1] for email in Registration.objects.values_list("email", flat=True)}
    assert domains == {"example.org", "example.cz"}

    # One event is full, with a waiting list.
    full = Event.objects.filter(registrations__status=RegistrationStatus.WAITING).distinct().get()
    assert full.starts_at > now
    assert full.capacity == 12
    assert Counter(full.registrations.values_list("status", flat=True)) == {
        RegistrationStatus.CONFIRMED: 12,
        RegistrationStatus.WAITING: 3,
        RegistrationStatus.CANCELLED: 1,
    }
    # A staff member of ZGL registered six colleagues of one gmina in one form; the last places went to the first
    # of them, and when someone cancelled, the first on the waiting list (from that group) moved up.
    group = full.registrations.filter(registered_by__isnull=False)
    assert group.count() == 6
    assert set(group.values_list("registered_by__username", flat=True)) == {"zgl.pracownik"}
    assert Role.objects.get(user__username="zgl.pracownik").kind == RoleKind.STAFF
    assert group.values("local_government").distinct().count() == 1
    promoted = full.registrations.get(promoted_at__isnull=False)
    assert promoted in group and promoted.status == RegistrationStatus.CONFIRMED
    cancelled = full.registrations.get(status=RegistrationStatus.CANCELLED)
    assert cancelled.created_at < promoted.created_at < promoted.promoted_at == cancelled.cancelled_at

    meeting = Event.objects.get(kind=EventKind.DIRECTORS_MEETING, audience=Audience.INVITED)
    assert meeting.starts_at > now and meeting.online_url and not meeting.address
    invited = set(meeting.invitations.values_list("email", flat=True))
    registered = set(meeting.registrations.values_list("email", flat=True))
    assert len(invited) == 11 and len(registered) == 3 and registered <= invited

    paid = Event.objects.get(fee=Fee.PAID)
    assert (paid.kind, paid.fee_amount, paid.fee_currency) == (EventKind.SEMINAR, Decimal("390.00"), "PLN")
    assert paid.vat_basis
    registrations = list(paid.registrations.select_related("local_government"))
    assert len(registrations) == 4
    for registration in registrations:
        # The gmina buys (with its NIP), its office receives the invoice.
        validate_nip(registration.buyer_nip)
        assert registration.buyer_name == f"Gmina {registration.local_government.name}"
        assert registration.recipient_name == f"Urząd Gminy {registration.local_government.name}"
        assert registration.buyer_address and registration.recipient_address


@pytest.mark.django_db
def test_load_demo_meetings_have_agendas_and_minutes_and_the_past_training_certificates():
    call_command("load_demo")
    now = timezone.now()
    past = Event.objects.filter(kind=EventKind.BOARD_SITTING, ends_at__lt=now).select_related("term__association")
    assert past.count() == 4
    for sitting in past:
        # Held on the day and in the place the position was adopted, under the presidency of that day.
        (position,) = sitting.positions_adopted.all()
        assert [item.position for item in sitting.agenda_items.exclude(position=None)] == [position]
        assert timezone.localtime(sitting.starts_at).date() == position.adopted_on
        assert sitting.address == position.adopted_place
        assert sitting.term == position.term
        assert list(sitting.organisers.all()) == [position.term.association]
        assert position.reference in sitting.minutes

    upcoming = Event.objects.get(kind=EventKind.BOARD_SITTING, starts_at__gt=now)
    presiding = term_on(at=timezone.localdate())
    assert upcoming.term == presiding
    assert list(upcoming.organisers.all()) == [presiding.association]
    linked = [item.position for item in upcoming.agenda_items.exclude(position=None)]
    assert [position.status for position in linked] == [PositionStatus.SIGNING]
    assert upcoming.minutes == "" and not upcoming.positions_adopted.exists()
    for meeting in Event.objects.filter(kind=EventKind.DIRECTORS_MEETING):
        assert meeting.term == term_on(at=timezone.localtime(meeting.starts_at).date())
        assert list(meeting.organisers.all()) == [meeting.term.association]
        assert meeting.agenda_items.count() == 3

    # The past training: SOPR's accredited Czech course; those present got numbered certificates.
    training = Event.objects.get(kind=EventKind.TRAINING, ends_at__lt=now)
    assert training.organisers.get().slug == "sopr"
    assert (training.language, training.time_zone, training.accreditation_number, training.hours) == (
        "cs",
        "Europe/Prague",
        "AK/PV-512/2025",
        Decimal("6.0"),
    )
    assert timezone.localtime(training.starts_at, training.zone).time() == dt.time(9, 0)
    year = timezone.localtime(training.starts_at, training.zone).year
    present = training.registrations.filter(checked_in_at__isnull=False)
    assert sorted(present.values_list("certificate_number", flat=True)) == [f"{year}/{training.pk}/{n:03d}" for n in range(1, 11)]
    assert list(training.registrations.filter(checked_in_at__isnull=True).values_list("certificate_number", flat=True)) == [""]
