"""Writes for draft acts and joint positions.

Each function is keyword-only, checks who acts through `positions.permissions`, validates with messages an
editor understands, writes the activity log and schedules notifications after commit. Where two people can
act at once (saving the text, signing, taking a reference number) the function runs in one durable
transaction, locks the position row late, re-checks, then writes.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from federation import two_factor
from federation.activity import log_action
from federation.i18n import short_date
from federation.identity import federation_identity
from members.enums import RoleKind
from members.models import Association, Role
from members.permissions import can_act_as_editor, is_secretariat
from positions import permissions, selectors, tasks, text
from positions.deadlines import round_deadline
from positions.enums import EDITABLE_STATUSES, AdoptionRule, Decision, PositionStatus, Settlement
from positions.models import Comment, ConsultationRound, DraftAct, Position, PositionVersion, ReferenceCounter, Signature
from presidency.dates import local_day
from presidency.selectors import term_on


class VersionConflict(ValidationError):
    """The text was saved by someone else since the editor opened it. Carries the newer version."""

    def __init__(self, message, *, current: PositionVersion):
        super().__init__(message)
        self.current = current


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("the system")


def _deny(message: str):
    raise PermissionDenied(message)


# --- Draft acts -----------------------------------------------------------------------------------------


def draft_act_save(*, draft_act: DraftAct, by=None) -> DraftAct:
    """Validate and save a draft act with its identifiers and consultation rounds (as edited in the admin).

    The lead association is proposed from the topic's lead when none is chosen; a round with a period
    and no deadline gets its deadline counted (Czech working days, Polish calendar days).
    Side effects: activity log entry.
    """
    if draft_act.lead_association_id is None and draft_act.topic_id and draft_act.topic.lead_association_id:
        draft_act.lead_association = draft_act.topic.lead_association
    for consultation_round in draft_act.rounds.all():
        round_fill_deadline(consultation_round=consultation_round, draft_act=draft_act)
    is_new = draft_act.pk is None
    draft_act.full_clean()
    with transaction.atomic():
        draft_act.save()
        log_action(actor=by, action="positions.draft_act.created" if is_new else "positions.draft_act.changed", target=draft_act)
    return draft_act


def round_fill_deadline(*, consultation_round: ConsultationRound, draft_act: DraftAct) -> ConsultationRound:
    """Count the external deadline from the date of receipt and the period, where only the period is given."""
    days = consultation_round.working_days or consultation_round.calendar_days
    if consultation_round.deadline is None and days and consultation_round.received_on:
        consultation_round.deadline = round_deadline(
            jurisdiction=draft_act.jurisdiction,
            procedure=consultation_round.procedure,
            received_on=consultation_round.received_on,
            days=days,
        )
    return consultation_round


# --- Positions: creating and editing --------------------------------------------------------------------


def _text_errors(*, title: str, points: list) -> dict:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the position a title.")
    if not text.normalize_points(points):
        errors["points"] = _("A position needs at least one numbered point.")
    return errors


def position_create(
    *,
    lead_association: Association,
    title: str,
    points: list,
    by,
    preamble: str = "",
    justification: str = "",
    topic=None,
    draft_acts=(),
    co_drafters=(),
    addressees: str = "",
    forum: str = "",
    adoption_rule: str = AdoptionRule.ALL_MEMBERS,
    adoption_minimum: int | None = None,
    supersedes: Position | None = None,
) -> Position:
    """Start a draft position led by `lead_association`, with its first version of the text.

    Side effects: activity log entry.
    """
    if not can_act_as_editor(by, lead_association):
        _deny(_("Only editors of %(association)s can start a position it leads.") % {"association": lead_association.short_name})
    errors = _text_errors(title=title, points=points)
    errors.update(_rule_errors(adoption_rule=adoption_rule, adoption_minimum=adoption_minimum))
    if supersedes is not None and supersedes.status != PositionStatus.PUBLISHED:
        errors["supersedes"] = _("Only a published position can be superseded.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        position = Position.objects.create(
            title=title.strip(),
            lead_association=lead_association,
            topic=topic,
            addressees=addressees,
            forum=forum,
            adoption_rule=adoption_rule,
            adoption_minimum=adoption_minimum,
            supersedes=supersedes,
            created_by=by,
        )
        position.draft_acts.set(draft_acts)
        position.co_drafters.set([association for association in co_drafters if association.pk != lead_association.pk])
        version = _version_write(
            position=position, number=1, title=title, preamble=preamble, points=points, justification=justification, by=by
        )
        position.current_version = version
        position.save(update_fields=["current_version"])
        log_action(actor=by, action="positions.position.created", target=position, data={"version": 1, "sha256": version.sha256})
    return position


def _rule_errors(*, adoption_rule: str, adoption_minimum: int | None) -> dict:
    if adoption_rule == AdoptionRule.AT_LEAST and not adoption_minimum:
        return {"adoption_minimum": _("Say how many associations must sign.")}
    return {}


def position_update_details(*, position: Position, by, **details) -> Position:
    """Change what surrounds the text: topic, draft acts, addressees, co-drafters, forum, adoption rule.

    The lead association's editors and the secretariat may, while the text may still change.
    Side effects: activity log entry with the fields changed.
    """
    if position.status not in EDITABLE_STATUSES:
        raise ValidationError(_("A position that is published or withdrawn no longer changes."))
    if not (permissions.can_lead(by, position) or is_secretariat(by)):
        _deny(_("Only editors of the lead association can change the details of this position."))
    relations = {name: details.pop(name) for name in ("draft_acts", "co_drafters") if name in details}
    allowed = {"topic", "addressees", "forum", "adoption_rule", "adoption_minimum", "consultation_deadline", "signing_deadline"}
    unknown = set(details) - allowed
    if unknown:
        raise TypeError(f"position_update_details() does not change {', '.join(sorted(unknown))}")
    errors = _rule_errors(
        adoption_rule=details.get("adoption_rule", position.adoption_rule),
        adoption_minimum=details.get("adoption_minimum", position.adoption_minimum),
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for name, value in details.items():
            setattr(position, name, value)
        if details:
            position.save(update_fields=list(details))
        if "draft_acts" in relations:
            position.draft_acts.set(relations["draft_acts"])
        if "co_drafters" in relations:
            position.co_drafters.set([a for a in relations["co_drafters"] if a.pk != position.lead_association_id])
        log_action(actor=by, action="positions.position.details_changed", target=position, data={"fields": sorted([*details, *relations])})
    return position


def _version_write(*, position, number, title, preamble, points, justification, by, change_note="") -> PositionVersion:
    points = text.normalize_points(points)
    return PositionVersion.objects.create(
        position=position,
        number=number,
        title=title.strip(),
        preamble=text.clean_text(preamble),
        points=points,
        justification=text.clean_text(justification),
        sha256=text.text_sha256(title=title, preamble=preamble, points=points, justification=justification),
        change_note=change_note,
        created_by=by,
    )


def version_save(
    *,
    position: Position,
    base_number: int,
    title: str,
    points: list,
    by,
    preamble: str = "",
    justification: str = "",
    change_note: str = "",
) -> PositionVersion:
    """Save the text as a new version, on top of version `base_number` (the one the editor opened).

    When someone saved a newer version in the meantime, nothing is written and `VersionConflict` says who
    and when; the caller keeps the editor's text so it can be merged. Saving an unchanged text writes
    nothing and returns the current version.
    Side effects: activity log entry; when signing is open, signatures on the earlier text stop counting
    and the signatories are asked again (mail after commit).
    """
    errors = _text_errors(title=title, points=points)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        locked = Position.objects.select_for_update().get(pk=position.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise ValidationError(_("A position that is published or withdrawn no longer changes; propose a new one that supersedes it."))
        if not permissions.can_edit_text(by, locked):
            _deny(_("Only editors of the lead and co-drafting associations can change this text."))
        current = PositionVersion.objects.select_related("created_by").get(pk=locked.current_version_id)
        if current.number != base_number:
            raise VersionConflict(
                _(
                    "%(person)s saved version %(number)s at %(time)s while you were editing version %(base)s. "
                    "Your text is kept below: compare it with theirs and save again."
                )
                % {
                    "person": _person(current.created_by),
                    "number": current.number,
                    "time": date_format(timezone.localtime(current.created_at), "SHORT_DATETIME_FORMAT"),
                    "base": base_number,
                },
                current=current,
            )
        sha256 = text.text_sha256(title=title, preamble=preamble, points=points, justification=justification)
        if sha256 == current.sha256:
            return current
        version = _version_write(
            position=locked,
            number=current.number + 1,
            title=title,
            preamble=preamble,
            points=points,
            justification=justification,
            by=by,
            change_note=change_note,
        )
        locked.current_version = version
        locked.title = version.title
        locked.save(update_fields=["current_version", "title"])
        invalidated = Signature.objects.filter(version=current).count() if locked.status == PositionStatus.SIGNING else 0
        log_action(
            actor=by,
            action="positions.version.saved",
            target=locked,
            data={
                "version": version.number,
                "sha256": version.sha256,
                "previous_sha256": current.sha256,
                "signatures_invalidated": invalidated,
            },
        )
        if locked.status == PositionStatus.SIGNING:
            transaction.on_commit(lambda: tasks.notify_signatories.enqueue(position_id=locked.pk, reason="text_changed"))
    position.current_version, position.title = version, version.title
    return version


# --- Comments -------------------------------------------------------------------------------------------


def comment_submit(
    *,
    position: Position,
    association: Association,
    by,
    text_: str,
    weight: str,
    point: int | None = None,
    subpoint: int | None = None,
    proposed_wording: str = "",
    justification: str = "",
    today: dt.date | None = None,
) -> Comment:
    """An editor comments for `association` on a point of the current text during consultation.

    Side effects: activity log entry; the lead association's editors are told (mail after commit).
    """
    today = today or local_day()
    if position.status != PositionStatus.CONSULTATION:
        raise ValidationError(_("Comments are taken only while the position is in consultation among members."))
    if not can_act_as_editor(by, association):
        _deny(_("Only editors of %(association)s can comment on its behalf.") % {"association": association.short_name})
    if position.consultation_deadline and today > position.consultation_deadline:
        raise ValidationError(_("Comments were due by %(date)s.") % {"date": short_date(position.consultation_deadline)})
    version = PositionVersion.objects.get(pk=position.current_version_id)
    errors = {}
    if not (text_ or "").strip():
        errors["text"] = _("Write the comment.")
    if point is not None and not 1 <= point <= len(version.points):
        errors["point"] = _("The text has points 1 to %(count)s.") % {"count": len(version.points)}
    elif subpoint is not None and (point is None or not 1 <= subpoint <= len(version.points[point - 1]["subpoints"])):
        errors["subpoint"] = _("Point %(point)s has no such sub-point.") % {"point": point}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        comment = Comment.objects.create(
            position=position,
            version=version,
            association=association,
            author=by,
            point=point,
            subpoint=subpoint,
            weight=weight,
            text=text_.strip(),
            proposed_wording=proposed_wording.strip(),
            justification=justification.strip(),
        )
        log_action(
            actor=by, action="positions.comment.submitted", target=position, data={"comment": comment.pk, "association": association.pk}
        )
        transaction.on_commit(lambda: tasks.notify_lead_of_comment.enqueue(comment_id=comment.pk))
    return comment


def comment_settle(*, comment: Comment, settlement: str, reply: str, by) -> Comment:
    """The lead association settles a comment: accepted, partly accepted or rejected, with a reply.

    A rejection or partial acceptance must say why. Side effects: activity log entry.
    """
    position = comment.position
    if not permissions.can_settle(by, position):
        _deny(_("Only editors of the lead association settle comments, during consultation or on the final text."))
    if settlement not in (Settlement.ACCEPTED, Settlement.PARTLY_ACCEPTED, Settlement.REJECTED):
        raise ValidationError({"settlement": _("Choose how the comment is settled.")})
    if settlement != Settlement.ACCEPTED and not reply.strip():
        raise ValidationError({"reply": _("Say why the comment is not accepted in full.")})
    with transaction.atomic():
        comment.settlement, comment.reply, comment.settled_by, comment.settled_at = settlement, reply.strip(), by, timezone.now()
        comment.save(update_fields=["settlement", "reply", "settled_by", "settled_at"])
        log_action(actor=by, action="positions.comment.settled", target=position, data={"comment": comment.pk, "settlement": settlement})
    return comment


# --- The one door for status changes --------------------------------------------------------------------

# Allowed moves, as data: (from, to) -> the permission check for the person making it.
TRANSITIONS = {
    (PositionStatus.DRAFT, PositionStatus.CONSULTATION): permissions.can_lead,
    (PositionStatus.DRAFT, PositionStatus.FINAL): permissions.can_lead,
    (PositionStatus.CONSULTATION, PositionStatus.FINAL): permissions.can_lead,
    (PositionStatus.FINAL, PositionStatus.CONSULTATION): permissions.can_lead,
    (PositionStatus.FINAL, PositionStatus.SIGNING): permissions.can_open_signing,
    (PositionStatus.SIGNING, PositionStatus.FINAL): permissions.can_close_signing,
    (PositionStatus.SIGNING, PositionStatus.PUBLISHED): permissions.can_publish,
    **{(status, PositionStatus.WITHDRAWN): permissions.can_withdraw for status in EDITABLE_STATUSES},
}


def allowed_transitions(*, position: Position, user) -> list[str]:
    """The statuses `user` may move `position` to now (for the buttons on its page)."""
    return [to for (source, to), check in TRANSITIONS.items() if source == position.status and check(user, position)]


def position_transition(
    *,
    position: Position,
    to: str,
    by,
    consultation_deadline: dt.date | None = None,
    signing_deadline: dt.date | None = None,
    adopted_place: str = "",
    adopted_on: dt.date | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> Position:
    """Move `position` to status `to`. The only place a position's status changes.

    - to consultation: needs `consultation_deadline` (after today, before the external deadline of any open
      round of its draft acts);
    - to final: every fundamental comment must be settled;
    - to signing: needs `signing_deadline`; signatories are asked (mail after commit);
    - to published: the adoption rule must be met on the current text; the position gets its reference
      number, place and date of adoption, the presidency term, and the one it supersedes becomes
      superseded; its PDF is rendered in the background;
    - to withdrawn: needs a `reason`.
    Side effects: activity log entry "positions.position.<status>"; notifications after commit.
    """
    today = today or local_day()
    with transaction.atomic(durable=True):
        locked = Position.objects.select_for_update(of=("self",)).select_related("lead_association", "current_version").get(pk=position.pk)
        check = TRANSITIONS.get((locked.status, to))
        if check is None:
            raise ValidationError(
                _("A position that is “%(current)s” cannot become “%(to)s”.")
                % {"current": PositionStatus(locked.status).label, "to": PositionStatus(to).label}
            )
        if not check(by, locked):
            _deny(_("You may not make this position “%(to)s”.") % {"to": PositionStatus(to).label})
        fields = ["status"]
        data = {"from": locked.status, "to": to}
        if to == PositionStatus.CONSULTATION:
            _require_consultation_deadline(position=locked, deadline=consultation_deadline, today=today)
            locked.consultation_deadline = consultation_deadline
            fields.append("consultation_deadline")
            data["consultation_deadline"] = consultation_deadline.isoformat()
        elif to == PositionStatus.FINAL and locked.status == PositionStatus.CONSULTATION:
            pending = Comment.objects.filter(position=locked, settlement=Settlement.PENDING).count()
            if pending:
                raise ValidationError(_("Settle every comment before fixing the final text (%(count)s still open).") % {"count": pending})
        elif to == PositionStatus.SIGNING:
            if signing_deadline is None or signing_deadline < today:
                raise ValidationError({"signing_deadline": _("Set a signing deadline from today on.")})
            locked.signing_deadline = signing_deadline
            fields.append("signing_deadline")
            data["signing_deadline"] = signing_deadline.isoformat()
        elif to == PositionStatus.PUBLISHED:
            fields += _adopt(position=locked, adopted_place=adopted_place, adopted_on=adopted_on or today, today=today, data=data)
        elif to == PositionStatus.WITHDRAWN:
            if not reason.strip():
                raise ValidationError({"reason": _("Say why the position is withdrawn.")})
            data["reason"] = reason.strip()
        locked.status = to
        locked.save(update_fields=fields)
        log_action(actor=by, action=f"positions.position.{to}", target=locked, data=data)
        if to == PositionStatus.SIGNING:
            transaction.on_commit(lambda: tasks.notify_signatories.enqueue(position_id=locked.pk, reason="signing_opened"))
        if to == PositionStatus.PUBLISHED:
            version_id = locked.current_version_id
            transaction.on_commit(lambda: tasks.render_position_pdf.enqueue(version_id=version_id))
    for field in fields:
        setattr(position, field, getattr(locked, field))
    return position


def _require_consultation_deadline(*, position: Position, deadline: dt.date | None, today: dt.date):
    if deadline is None or deadline <= today:
        raise ValidationError({"consultation_deadline": _("Set a date after today by which members comment.")})
    external = selectors.external_deadline(position=position, today=today)
    if external and deadline >= external:
        raise ValidationError(
            {
                "consultation_deadline": _("Members must comment before the external deadline of %(date)s; choose an earlier date.")
                % {"date": short_date(external)}
            }
        )


def _adopt(*, position: Position, adopted_place: str, adopted_on: dt.date, today: dt.date, data: dict) -> list[str]:
    """Check the adoption rule and give the position what a published one carries. Runs under the lock."""
    result = selectors.adoption_result(position=position, today=today)
    if not result.met:
        raise ValidationError(_("The adoption rule is not met yet: %(summary)s.") % {"summary": result.summary})
    if not adopted_place.strip():
        raise ValidationError({"adopted_place": _("Give the place of adoption.")})
    if adopted_on > today:
        raise ValidationError({"adopted_on": _("A position is adopted today or earlier.")})
    position.reference_year, position.reference_number = adopted_on.year, _reference_take(year=adopted_on.year)
    position.reference = f"{federation_identity().reference_prefix}/{adopted_on.year}/{position.reference_number:02d}"
    position.slug = slugify(f"{adopted_on.year}-{position.reference_number:02d}-{position.title}")[:80].rstrip("-")
    position.adopted_place, position.adopted_on = adopted_place.strip(), adopted_on
    position.term = term_on(at=adopted_on)
    position.published_at = timezone.now()
    if position.supersedes_id:
        superseded = Position.objects.select_for_update().get(pk=position.supersedes_id)
        superseded.status = PositionStatus.SUPERSEDED
        superseded.save(update_fields=["status"])
        log_action(actor=None, action="positions.position.superseded", target=superseded, data={"by": position.pk})
    data.update(reference=position.reference, sha256=position.current_version.sha256, result=result.summary)
    return ["reference", "reference_year", "reference_number", "slug", "adopted_place", "adopted_on", "term", "published_at"]


def _reference_take(*, year: int) -> int:
    """The next number in `year`, under a row lock: numbers are never given twice nor reused."""
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


# --- Signing --------------------------------------------------------------------------------------------


def signature_record(
    *,
    position: Position,
    association: Association,
    decision: str,
    by,
    text_sha256: str,
    reservation: str = "",
    mandate_body: str = "",
    mandate_date: dt.date | None = None,
    resolution_file=None,
) -> Signature:
    """A signatory of `association` signs, abstains or declines on the text whose hash they saw.

    Exactly one decision per association and version: a second attempt, even in the same second, is
    refused with who decided and when. If the text changed since the signatory read it, nothing is
    recorded. Refused (PermissionDenied) to a web session that has not passed the second factor
    (`federation.two_factor.second_factor_missing`). Side effects: activity log entry.
    """
    if two_factor.second_factor_missing(by):
        _deny(two_factor.missing_message())
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose whether the association signs, abstains or declines.")})
    if mandate_date and mandate_date > local_day():
        raise ValidationError({"mandate_date": _("The resolution cannot be dated in the future.")})
    with transaction.atomic(durable=True):
        locked = Position.objects.select_for_update().get(pk=position.pk)
        if locked.status != PositionStatus.SIGNING:
            raise ValidationError(_("This position is not open for signing."))
        if not permissions.can_sign(by, locked, association):
            _deny(_("Only signatories of %(association)s can sign on its behalf.") % {"association": association.short_name})
        if not association.is_member_on(local_day()):
            raise ValidationError(_("%(association)s is not a member of the federation today.") % {"association": association.short_name})
        version = PositionVersion.objects.get(pk=locked.current_version_id)
        if text_sha256 != version.sha256:
            raise ValidationError(
                _("The text changed since you opened it (now version %(number)s). Read it again before you sign.")
                % {"number": version.number}
            )
        existing = Signature.objects.filter(version=version, association=association).select_related("signer").first()
        if existing:
            raise ValidationError(_already_decided(existing))
        role = Role.objects.filter(user=by, association=association, kind=RoleKind.SIGNATORY, ends_on__isnull=True).first()
        try:
            with transaction.atomic():
                signature = Signature.objects.create(
                    position=locked,
                    version=version,
                    association=association,
                    signer=by,
                    signer_name=_person(by),
                    signer_function=role.title if role else "",
                    decision=decision,
                    reservation=reservation.strip(),
                    mandate_body=mandate_body.strip(),
                    mandate_date=mandate_date,
                    text_sha256=version.sha256,
                    **({"resolution_file": resolution_file} if resolution_file else {}),
                )
        except IntegrityError:
            raise ValidationError(
                _already_decided(Signature.objects.select_related("signer").get(version=version, association=association))
            ) from None
        log_action(
            actor=by,
            action=f"positions.signature.{decision}",
            target=locked,
            data={"association": association.pk, "version": version.number, "sha256": version.sha256, "signature": signature.pk},
        )
    return signature


def _already_decided(signature: Signature) -> str:
    return _("%(association)s already decided on this text: %(person)s, %(time)s (“%(decision)s”).") % {
        "association": signature.association.short_name,
        "person": signature.signer_name,
        "time": date_format(timezone.localtime(signature.signed_at), "SHORT_DATETIME_FORMAT"),
        "decision": signature.get_decision_display(),
    }
