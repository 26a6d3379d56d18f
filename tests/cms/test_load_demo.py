import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from cms.models import HomePage, NewsPage, PositionIndexPage
from members.enums import RoleKind
from members.models import Association, LocalGovernmentMembership, Role
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

    counts = demo_counts()
    call_command("load_demo")
    assert "already loaded" in capsys.readouterr().out
    assert demo_counts() == counts


def demo_counts():
    return tuple(
        model.objects.count()
        for model in (Association, Term, NewsPage, Role, DraftAct, ConsultationRound, Position, PositionVersion, Comment, Signature)
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
