import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from federation.models import ActivityLogEntry
from positions import selectors, services
from positions.enums import AdoptionRule, CommentWeight, Decision, PositionStatus, Settlement
from positions.models import Position, PositionVersion, Signature
from tests.factories import POINTS, ConsultationRoundFactory, DraftActFactory, PositionFactory

D = dt.date
ONE_DAY = dt.timedelta(days=1)


def _en(function, *args, **kwargs):
    with translation.override("en"):
        return function(*args, **kwargs)


def _messages(error) -> list[str]:
    with translation.override("en"):
        return error.value.messages


def _move(position, to, by, **kwargs):
    return services.position_transition(position=position, to=to, by=by, **kwargs)


def _to_signing(position, fed, **kwargs):
    """Consultation skipped: draft → final (lead) → signing (presidency)."""
    _move(position, PositionStatus.FINAL, fed.people.zgl_editor)
    _move(position, PositionStatus.SIGNING, fed.people.ozs_admin, signing_deadline=kwargs.get("deadline", fed.today + 14 * ONE_DAY))
    return Position.objects.get(pk=position.pk)


def _sign(position, association, user, decision=Decision.SIGNED, **kwargs):
    position = Position.objects.select_related("current_version").get(pk=position.pk)
    return services.signature_record(
        position=position, association=association, decision=decision, by=user, text_sha256=position.current_version.sha256, **kwargs
    )


# --- Creating and saving the text -----------------------------------------------------------------------


def test_position_create_makes_version_one_with_the_hash_of_its_text(fed):
    position = services.position_create(
        lead_association=fed.zgl, title="Stanowisko w sprawie oświaty", points=POINTS, by=fed.people.zgl_editor
    )

    version = position.current_version
    assert (position.status, version.number, len(version.points)) == (PositionStatus.DRAFT, 1, 3)
    assert version.sha256 == services.text.version_sha256(version)
    assert ActivityLogEntry.objects.filter(action="positions.position.created", object_id=str(position.pk)).count() == 1


def test_position_create_refused_for_an_editor_of_another_association(fed):
    with pytest.raises(PermissionDenied):
        services.position_create(lead_association=fed.zgl, title="X", points=POINTS, by=fed.people.ozs_editor)
    assert Position.objects.count() == 0


def test_position_create_without_points_explains_what_is_missing(fed):
    with pytest.raises(ValidationError) as error:
        _en(
            services.position_create, lead_association=fed.zgl, title=" ", points=[{"text": " ", "subpoints": []}], by=fed.people.zgl_editor
        )
    assert error.value.message_dict == {
        "title": ["Give the position a title."],
        "points": ["A position needs at least one numbered point."],
    }


def test_version_save_makes_a_new_version_for_a_co_drafter(fed, draft):
    points = [*POINTS, {"text": "Nowy punkt.", "subpoints": []}]
    version = services.version_save(position=draft, base_number=1, title=draft.title, points=points, by=fed.people.ozs_editor)

    assert (version.number, len(version.points)) == (2, 4)
    assert Position.objects.get(pk=draft.pk).current_version_id == version.pk


def test_version_save_unchanged_text_writes_nothing(fed, draft):
    version = services.version_save(
        position=draft, base_number=1, title=draft.title, points=POINTS, justification="Uzasadnienie stanowiska.", by=fed.people.zgl_editor
    )
    assert version.number == 1
    assert PositionVersion.objects.filter(position=draft).count() == 1


def test_version_save_on_an_outdated_version_is_refused_and_names_who_saved(fed, draft):
    fed.people.ozs_editor.first_name, fed.people.ozs_editor.last_name = "Anna", "Nowak"
    fed.people.ozs_editor.save()
    services.version_save(
        position=draft, base_number=1, title=draft.title, points=[{"text": "Wersja OZS.", "subpoints": []}], by=fed.people.ozs_editor
    )

    with translation.override("en"), pytest.raises(services.VersionConflict) as error:
        services.version_save(
            position=draft, base_number=1, title=draft.title, points=[{"text": "Wersja ZGL.", "subpoints": []}], by=fed.people.zgl_editor
        )

    assert _messages(error)[0].startswith("Anna Nowak saved version 2 at ")
    assert error.value.current.number == 2
    assert [v.points[0]["text"] for v in PositionVersion.objects.filter(position=draft).order_by("number")][1:] == ["Wersja OZS."]


def test_version_save_refused_for_an_editor_outside_the_drafting_associations(fed, draft):
    with pytest.raises(PermissionDenied):
        services.version_save(position=draft, base_number=1, title=draft.title, points=POINTS[:1], by=fed.people.smo_editor)


# --- Transitions ----------------------------------------------------------------------------------------


def test_consultation_needs_a_deadline_before_the_external_one(fed, draft):
    draft_act = DraftActFactory()
    ConsultationRoundFactory(draft_act=draft_act, received_on=fed.today, deadline=fed.today + 10 * ONE_DAY)
    draft.draft_acts.add(draft_act)

    with pytest.raises(ValidationError) as error:
        _en(_move, draft, PositionStatus.CONSULTATION, fed.people.zgl_editor, consultation_deadline=fed.today + 10 * ONE_DAY)
    assert error.value.message_dict["consultation_deadline"][0].startswith("Members must comment before the external deadline of ")

    _move(draft, PositionStatus.CONSULTATION, fed.people.zgl_editor, consultation_deadline=fed.today + 7 * ONE_DAY)
    assert Position.objects.get(pk=draft.pk).status == PositionStatus.CONSULTATION


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("zgl_editor", True), ("ozs_editor", False), ("zgl_staff", False), ("zgl_signatory", False), ("outsider", False)],
)
def test_opening_consultation_is_for_the_lead_association_only(fed, draft, who, allowed):
    user = getattr(fed.people, who)
    if allowed:
        _move(draft, PositionStatus.CONSULTATION, user, consultation_deadline=fed.today + 5 * ONE_DAY)
    else:
        with pytest.raises(PermissionDenied):
            _move(draft, PositionStatus.CONSULTATION, user, consultation_deadline=fed.today + 5 * ONE_DAY)
    assert Position.objects.get(pk=draft.pk).status == (PositionStatus.CONSULTATION if allowed else PositionStatus.DRAFT)


def test_a_move_not_in_the_workflow_is_refused_with_both_statuses(fed, draft):
    with pytest.raises(ValidationError) as error:
        _en(_move, draft, PositionStatus.PUBLISHED, fed.people.ozs_admin)
    assert _messages(error) == ["A position that is “draft” cannot become “adopted and published”."]


@pytest.mark.parametrize(("who", "allowed"), [("ozs_admin", True), ("ozs_editor", True), ("zgl_editor", False), ("zgp_signatory", False)])
def test_signing_is_opened_by_the_presiding_association(fed, draft, who, allowed):
    _move(draft, PositionStatus.FINAL, fed.people.zgl_editor)
    if allowed:
        _move(draft, PositionStatus.SIGNING, getattr(fed.people, who), signing_deadline=fed.today + 7 * ONE_DAY)
    else:
        with pytest.raises(PermissionDenied):
            _move(draft, PositionStatus.SIGNING, getattr(fed.people, who), signing_deadline=fed.today + 7 * ONE_DAY)
    assert Position.objects.get(pk=draft.pk).status == (PositionStatus.SIGNING if allowed else PositionStatus.FINAL)


def test_final_text_refused_while_comments_are_unsettled(fed, draft):
    _move(draft, PositionStatus.CONSULTATION, fed.people.zgl_editor, consultation_deadline=fed.today + 5 * ONE_DAY)
    comment = services.comment_submit(
        position=draft,
        association=fed.smo,
        by=fed.people.smo_editor,
        text_="Doplnit.",
        weight=CommentWeight.FUNDAMENTAL,
        point=2,
        subpoint=1,
    )

    with pytest.raises(ValidationError) as error:
        _en(_move, draft, PositionStatus.FINAL, fed.people.zgl_editor)
    assert _messages(error) == ["Settle every comment before fixing the final text (1 still open)."]

    services.comment_settle(comment=comment, settlement=Settlement.REJECTED, reply="Poza zakresem.", by=fed.people.zgl_editor)
    _move(draft, PositionStatus.FINAL, fed.people.zgl_editor)
    assert Position.objects.get(pk=draft.pk).status == PositionStatus.FINAL


def test_withdrawing_needs_a_reason_and_is_logged(fed, draft):
    with pytest.raises(ValidationError):
        _move(draft, PositionStatus.WITHDRAWN, fed.people.zgl_editor)
    _move(draft, PositionStatus.WITHDRAWN, fed.people.zgl_editor, reason="Projekt wycofany przez ministerstwo.")
    entry = ActivityLogEntry.objects.get(action="positions.position.withdrawn")
    assert entry.data["reason"] == "Projekt wycofany przez ministerstwo."


# --- Comments -------------------------------------------------------------------------------------------


def test_comment_outside_consultation_is_refused(fed, draft):
    with pytest.raises(ValidationError) as error:
        _en(
            services.comment_submit,
            position=draft,
            association=fed.smo,
            by=fed.people.smo_editor,
            text_="X",
            weight=CommentWeight.RECOMMENDATION,
        )
    assert _messages(error) == ["Comments are taken only while the position is in consultation among members."]


def test_comment_on_a_point_that_does_not_exist_says_which_exist(fed, draft):
    _move(draft, PositionStatus.CONSULTATION, fed.people.zgl_editor, consultation_deadline=fed.today + 5 * ONE_DAY)
    with pytest.raises(ValidationError) as error:
        _en(
            services.comment_submit,
            position=draft,
            association=fed.smo,
            by=fed.people.smo_editor,
            text_="X",
            weight=CommentWeight.RECOMMENDATION,
            point=9,
        )
    assert error.value.message_dict == {"point": ["The text has points 1 to 3."]}


def test_comment_for_another_association_is_refused(fed, draft):
    _move(draft, PositionStatus.CONSULTATION, fed.people.zgl_editor, consultation_deadline=fed.today + 5 * ONE_DAY)
    with pytest.raises(PermissionDenied):
        services.comment_submit(
            position=draft, association=fed.zgp, by=fed.people.smo_editor, text_="X", weight=CommentWeight.RECOMMENDATION
        )


def test_comment_after_the_internal_deadline_is_refused(fed, draft):
    _move(draft, PositionStatus.CONSULTATION, fed.people.zgl_editor, consultation_deadline=fed.today + 5 * ONE_DAY)
    with pytest.raises(ValidationError):
        services.comment_submit(
            position=draft,
            association=fed.smo,
            by=fed.people.smo_editor,
            text_="X",
            weight=CommentWeight.RECOMMENDATION,
            today=fed.today + 6 * ONE_DAY,
        )


def test_rejecting_a_comment_needs_a_reply(fed, draft):
    _move(draft, PositionStatus.CONSULTATION, fed.people.zgl_editor, consultation_deadline=fed.today + 5 * ONE_DAY)
    comment = services.comment_submit(
        position=draft, association=fed.smo, by=fed.people.smo_editor, text_="X", weight=CommentWeight.FUNDAMENTAL, point=1
    )
    with pytest.raises(ValidationError) as error:
        _en(services.comment_settle, comment=comment, settlement=Settlement.REJECTED, reply=" ", by=fed.people.zgl_editor)
    assert error.value.message_dict == {"reply": ["Say why the comment is not accepted in full."]}
    with pytest.raises(PermissionDenied):
        services.comment_settle(comment=comment, settlement=Settlement.ACCEPTED, reply="", by=fed.people.smo_editor)


# --- Signing and adoption -------------------------------------------------------------------------------


def test_signature_binds_to_the_hash_and_one_per_association_and_version(fed, draft):
    position = _to_signing(draft, fed)
    signature = _sign(position, fed.zgl, fed.people.zgl_signatory, reservation="")

    assert (signature.text_sha256, signature.signer_function) == (position.current_version.sha256, "Prezes Zarządu")
    with pytest.raises(ValidationError) as error:
        _en(_sign, position, fed.zgl, fed.people.zgl_signatory, Decision.DECLINED)
    assert "ZGL already decided on this text" in _messages(error)[0]
    assert Signature.objects.count() == 1


def test_signature_refused_for_a_signatory_of_another_association_and_for_an_editor(fed, draft):
    position = _to_signing(draft, fed)
    with pytest.raises(PermissionDenied):
        _sign(position, fed.zgl, fed.people.ozs_signatory)
    with pytest.raises(PermissionDenied):
        _sign(position, fed.zgl, fed.people.zgl_editor)
    assert Signature.objects.count() == 0


def test_signature_on_a_text_the_signatory_did_not_see_is_refused(fed, draft):
    position = _to_signing(draft, fed)
    with pytest.raises(ValidationError):
        services.signature_record(
            position=position, association=fed.zgl, decision=Decision.SIGNED, by=fed.people.zgl_signatory, text_sha256="0" * 64
        )


def test_text_change_during_signing_invalidates_earlier_signatures(fed, draft):
    position = _to_signing(draft, fed)
    _sign(position, fed.zgl, fed.people.zgl_signatory)
    _sign(position, fed.ozs, fed.people.ozs_signatory)
    assert len(selectors.adoption_result(position=position).signed) == 2

    services.version_save(position=position, base_number=1, title=position.title, points=POINTS[:2], by=fed.people.zgl_editor)
    position = Position.objects.get(pk=position.pk)

    result = selectors.adoption_result(position=position)
    assert (len(result.signed), len(result.waiting)) == (0, 4)
    assert Signature.objects.count() == 2  # kept as history, no longer counted
    _sign(position, fed.zgl, fed.people.zgl_signatory)  # asked again, they sign the new text
    assert Signature.objects.filter(version=position.current_version).count() == 1


def test_adoption_all_members_reads_like_the_result_line(fed, draft):
    position = _to_signing(draft, fed)
    _sign(position, fed.zgl, fed.people.zgl_signatory)
    _sign(position, fed.ozs, fed.people.ozs_signatory)
    _sign(position, fed.smo, fed.people.smo_signatory)
    _sign(position, fed.zgp, fed.people.zgp_signatory, Decision.ABSTAINED, reservation="Nie popieramy pkt 3.")

    result = _en(selectors.adoption_result, position=position)
    assert result.met is True
    assert _en(lambda: result.summary) == "signed by 3 of 4; ZGP abstains, with a reservation"


def test_adoption_all_members_not_met_while_someone_objects(fed, draft):
    position = _to_signing(draft, fed)
    for association, user in [
        (fed.zgl, fed.people.zgl_signatory),
        (fed.ozs, fed.people.ozs_signatory),
        (fed.smo, fed.people.smo_signatory),
    ]:
        _sign(position, association, user)
    _sign(position, fed.zgp, fed.people.zgp_signatory, Decision.DECLINED)

    result = selectors.adoption_result(position=position)
    assert result.met is False
    with pytest.raises(ValidationError) as error:
        _en(_move, position, PositionStatus.PUBLISHED, fed.people.ozs_admin, adopted_place="Opole")
    assert _messages(error) == ["The adoption rule is not met yet: signed by 3 of 4; ZGP objects."]


def test_adoption_at_least_n(fed, draft):
    draft.adoption_rule, draft.adoption_minimum = AdoptionRule.AT_LEAST, 2
    draft.save()
    position = _to_signing(draft, fed)
    _sign(position, fed.zgl, fed.people.zgl_signatory)
    assert selectors.adoption_result(position=position).met is False
    _sign(position, fed.smo, fed.people.smo_signatory)
    result = _en(selectors.adoption_result, position=position)
    assert result.met is True
    assert _en(lambda: result.summary) == "signed by 2 of 4; 2 have not answered yet"


def test_adoption_tacit_consent_counts_silence_after_the_deadline(fed, draft):
    draft.adoption_rule = AdoptionRule.TACIT_CONSENT
    draft.save()
    position = _to_signing(draft, fed, deadline=fed.today + 3 * ONE_DAY)
    _sign(position, fed.ozs, fed.people.ozs_signatory)

    assert selectors.adoption_result(position=position, today=fed.today + 3 * ONE_DAY).met is False
    result = selectors.adoption_result(position=position, today=fed.today + 4 * ONE_DAY)
    assert result.met is True
    assert _en(lambda: result.summary) == "signed by 1 of 4; SMO, ZGL, ZGP consent tacitly"


def test_publish_gives_the_next_reference_number_and_records_the_presidency(fed, draft, site_pages):
    position = _to_signing(draft, fed)
    for association, user in [
        (fed.zgl, fed.people.zgl_signatory),
        (fed.ozs, fed.people.ozs_signatory),
        (fed.smo, fed.people.smo_signatory),
        (fed.zgp, fed.people.zgp_signatory),
    ]:
        _sign(position, association, user)

    _move(position, PositionStatus.PUBLISHED, fed.people.ozs_admin, adopted_place="Opole")

    position = Position.objects.select_related("term__association").get(pk=position.pk)
    assert (position.status, position.reference, position.adopted_on) == (PositionStatus.PUBLISHED, f"FT/{fed.today.year}/01", fed.today)
    assert position.term.association == fed.ozs
    assert position.slug.startswith(f"{fed.today.year}-01-")


def test_publishing_a_successor_supersedes_the_earlier_position(fed, site_pages):
    earlier = PositionFactory(lead_association=fed.zgl)
    earlier_signing = _to_signing(earlier, fed)
    for association, user in [
        (fed.zgl, fed.people.zgl_signatory),
        (fed.ozs, fed.people.ozs_signatory),
        (fed.smo, fed.people.smo_signatory),
        (fed.zgp, fed.people.zgp_signatory),
    ]:
        _sign(earlier_signing, association, user)
    _move(earlier_signing, PositionStatus.PUBLISHED, fed.people.ozs_admin, adopted_place="Opole")
    earlier = Position.objects.get(pk=earlier.pk)

    later = services.position_create(lead_association=fed.zgl, title="Korekta", points=POINTS, by=fed.people.zgl_editor, supersedes=earlier)
    later = _to_signing(later, fed)
    for association, user in [
        (fed.zgl, fed.people.zgl_signatory),
        (fed.ozs, fed.people.ozs_signatory),
        (fed.smo, fed.people.smo_signatory),
        (fed.zgp, fed.people.zgp_signatory),
    ]:
        _sign(later, association, user)
    _move(later, PositionStatus.PUBLISHED, fed.people.ozs_admin, adopted_place="Opole")

    earlier = Position.objects.get(pk=earlier.pk)
    assert (earlier.status, earlier.superseded_by.pk) == (PositionStatus.SUPERSEDED, later.pk)
    assert Position.objects.get(pk=later.pk).reference == f"FT/{fed.today.year}/02"


def test_signing_can_be_closed_again_by_the_presidency_but_not_by_the_lead(fed, draft):
    position = _to_signing(draft, fed)
    assert services.allowed_transitions(position=position, user=fed.people.zgl_editor) == [PositionStatus.WITHDRAWN]
    with pytest.raises(PermissionDenied):
        _move(position, PositionStatus.FINAL, fed.people.zgl_signatory)

    _move(position, PositionStatus.FINAL, fed.people.ozs_admin)

    assert Position.objects.get(pk=position.pk).status == PositionStatus.FINAL


def test_workspace_list_is_empty_for_a_person_without_a_role(fed, draft):
    _move(draft, PositionStatus.CONSULTATION, fed.people.zgl_editor, consultation_deadline=fed.today + 5 * ONE_DAY)

    assert list(selectors.position_list_workspace(user=fed.people.outsider)) == []
    assert list(selectors.position_list_workspace(user=fed.people.zgp_editor)) == [draft]
