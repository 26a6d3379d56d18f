"""Writes for the presidency schedule. Each function validates, locks, writes and logs.

The database also refuses overlapping terms (see the model), so a race between two editors ends in a
clear message rather than a broken schedule.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from federation.activity import log_action
from federation.i18n import short_date as _d
from members.models import Association
from presidency import selectors
from presidency.dates import local_day, proposed_term_end
from presidency.models import Term, Trio

ONE_DAY = dt.timedelta(days=1)


def _overlap_message() -> str:
    return _(
        "Another change to the schedule was saved at the same moment and these dates now overlap a term; reload the schedule and try again."
    )


def _day_after(day: dt.date) -> dt.date:
    """The next day; the calendar's last day has none (a date typed into the admin can be 31.12.9999)."""
    return day + ONE_DAY if day < dt.date.max else day


def _day_before(day: dt.date) -> dt.date:
    return day - ONE_DAY if day > dt.date.min else day


def _membership_error(*, association: Association, starts_on: dt.date, ends_on: dt.date) -> str | None:
    """Why `association` cannot preside from `starts_on` to `ends_on`, or None when it is a member throughout."""
    if association.joined_on > starts_on:
        return _("%(name)s joined the federation on %(date)s, after this term would begin.") % {
            "name": association,
            "date": _d(association.joined_on),
        }
    if association.left_on is not None and association.left_on <= ends_on:
        return _("%(name)s leaves the federation on %(date)s, before this term would end.") % {
            "name": association,
            "date": _d(association.left_on),
        }
    return None


def _check_term_fits(*, term: Term) -> None:
    """Refuse a term that overlaps another, leaves an unmarked gap, or whose association is not a member."""
    errors = {}
    if term.ends_on < term.starts_on:
        errors["ends_on"] = _("The last day cannot be before the first day.")
    membership = _membership_error(association=term.association, starts_on=term.starts_on, ends_on=term.ends_on)
    if membership:
        errors["association"] = membership
    if errors:
        raise ValidationError(errors)
    others = Term.objects.exclude(pk=term.pk).select_related("association")
    clash = others.filter(starts_on__lte=term.ends_on, ends_on__gte=term.starts_on).first()
    if clash:
        raise ValidationError(
            _("These dates overlap the term of %(name)s (%(start)s – %(end)s).")
            % {"name": clash.association, "start": _d(clash.starts_on), "end": _d(clash.ends_on)}
        )
    previous = others.filter(ends_on__lt=term.starts_on).order_by("-ends_on").first()
    if previous and previous.ends_on + ONE_DAY != term.starts_on and not term.gap_before:
        raise ValidationError(
            _(
                "The previous term (%(name)s) ends on %(end)s, so this one should begin on %(start)s. If the federation decided on a gap, tick “gap before this term”."
            )
            % {"name": previous.association, "end": _d(previous.ends_on), "start": _d(previous.ends_on + ONE_DAY)}
        )
    following = others.filter(starts_on__gt=term.ends_on).order_by("starts_on").first()
    if following and term.ends_on + ONE_DAY != following.starts_on and not following.gap_before:
        raise ValidationError(
            _("The next term (%(name)s) begins on %(start)s, so this one should end on %(end)s.")
            % {"name": following.association, "start": _d(following.starts_on), "end": _d(following.starts_on - ONE_DAY)}
        )


def term_create(
    *,
    association: Association,
    starts_on: dt.date,
    ends_on: dt.date,
    gap_before: bool = False,
    programme: str = "",
    priorities: str = "",
    handover_note: str = "",
    by=None,
) -> Term:
    """Add a term to the schedule. Side effects: activity log entry."""
    term = Term(
        association=association,
        starts_on=starts_on,
        ends_on=ends_on,
        gap_before=gap_before,
        programme=programme,
        priorities=priorities,
        handover_note=handover_note,
    )
    try:
        with transaction.atomic():
            list(Term.objects.select_for_update().filter(starts_on__lte=_day_after(ends_on), ends_on__gte=_day_before(starts_on)))
            _check_term_fits(term=term)
            term.save()
            log_action(
                actor=by,
                action="presidency.term.created",
                target=term,
                data={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
            )
    except IntegrityError:
        raise ValidationError(_overlap_message()) from None
    return term


def term_update_content(*, term: Term, programme: str, priorities: str, handover_note: str, by=None) -> Term:
    """Change a term's programme, priorities and handover note (never its dates or association)."""
    term.programme, term.priorities, term.handover_note = programme, priorities, handover_note
    term.save(update_fields=["programme", "priorities", "handover_note"])
    log_action(actor=by, action="presidency.term.content_changed", target=term)
    return term


def term_move_handover(*, term: Term, new_start: dt.date, by=None, today: dt.date | None = None) -> Term:
    """Move the handover into `term` to `new_start`; the outgoing term now ends the day before.

    Real handovers happen at a board meeting on any date (e.g. 7 July). Only a handover that has not
    happened yet can move, and not into the past. Side effects: both terms saved, activity log entry.
    """
    today = today or local_day()
    try:
        with transaction.atomic():
            term = Term.objects.select_for_update().select_related("association").get(pk=term.pk)
            previous = (
                Term.objects.select_for_update()
                .select_related("association")
                .filter(ends_on__lt=term.starts_on)
                .order_by("-ends_on")
                .first()
            )
            if term.starts_on <= today:
                raise ValidationError(
                    _("The handover to %(name)s already took place on %(date)s and cannot be moved.")
                    % {"name": term.association, "date": _d(term.starts_on)}
                )
            if new_start <= today:
                raise ValidationError(_("A handover can only be moved to a day after today."))
            if new_start > term.ends_on:
                raise ValidationError(
                    _("The new handover date must fall before the end of the term (%(date)s).") % {"date": _d(term.ends_on)}
                )
            contiguous = previous is not None and not term.gap_before and previous.ends_on + ONE_DAY == term.starts_on
            if contiguous and new_start <= previous.starts_on:
                raise ValidationError(
                    _("The new handover date must fall after the start of the previous term (%(date)s).") % {"date": _d(previous.starts_on)}
                )
            if contiguous:
                # Both terms change: the incoming association must be a member from the new first day, the
                # outgoing one still a member on its new last day.
                refused = [
                    message
                    for message in (
                        _membership_error(association=term.association, starts_on=new_start, ends_on=term.ends_on),
                        _membership_error(association=previous.association, starts_on=previous.starts_on, ends_on=new_start - ONE_DAY),
                    )
                    if message
                ]
                if refused:
                    raise ValidationError(refused)
            old_start = term.starts_on
            # Shrink first, then grow, so the two terms never overlap between the two updates.
            if contiguous and new_start < old_start:
                previous.ends_on = new_start - ONE_DAY
                previous.save(update_fields=["ends_on"])
            term.starts_on = new_start
            if not contiguous:
                _check_term_fits(term=term)
            term.save(update_fields=["starts_on"])
            if contiguous and new_start > old_start:
                previous.ends_on = new_start - ONE_DAY
                previous.save(update_fields=["ends_on"])
            log_action(
                actor=by,
                action="presidency.term.handover_moved",
                target=term,
                data={"from": old_start.isoformat(), "to": new_start.isoformat()},
            )
    except IntegrityError:
        raise ValidationError(_overlap_message()) from None
    return term


@dataclass(frozen=True)
class ProposedTerm:
    association: Association
    starts_on: dt.date
    ends_on: dt.date
    gap_before: bool = False
    replaces: Term | None = None


def schedule_propose(*, count: int, today: dt.date | None = None) -> list[ProposedTerm]:
    """Propose the next `count` terms after the current (or latest) one, following the rotation order.

    Planned terms keep their dates (a handover moved by an administrator stays moved); further terms run to
    the end of a half-year. An association gets a term only if it is a member for the whole of it, so a
    member that leaves loses its future terms and the next in turn closes the gap. Past and current terms
    are never part of a proposal. Writes nothing.
    """
    today = today or local_day()
    if count < 1:
        raise ValidationError(_("Propose at least one term."))
    anchor = selectors.term_anchor(today=today)
    if anchor is None:
        raise ValidationError(_("Record the current (or the last) presidency term first; a proposal continues from it."))
    planned = selectors.term_list_future(today=today)
    order = selectors.rotation_order(since=today)
    if anchor.association not in order:
        order = sorted([*order, anchor.association], key=selectors.rotation_key)
    index = order.index(anchor.association)
    proposal: list[ProposedTerm] = []
    previous_end = anchor.ends_on
    for slot in range(count):
        existing = planned[slot] if slot < len(planned) else None
        if existing:
            starts_on, ends_on, gap_before = existing.starts_on, existing.ends_on, existing.gap_before
        else:
            try:
                starts_on = max(previous_end + ONE_DAY, today + ONE_DAY)
                ends_on, gap_before = proposed_term_end(starts_on), starts_on != previous_end + ONE_DAY
            except (OverflowError, ValueError):
                # The schedule reaches the last days of the calendar (a year 9999 typed into the admin).
                raise ValidationError(
                    _("No member association can hold the presidency from %(date)s.") % {"date": _d(previous_end)}
                ) from None
        for step in range(1, len(order) + 1):
            candidate = order[(index + step) % len(order)]
            if candidate.joined_on <= starts_on and (candidate.left_on is None or candidate.left_on > ends_on):
                index = (index + step) % len(order)
                break
        else:
            raise ValidationError(_("No member association can hold the presidency from %(date)s.") % {"date": _d(starts_on)})
        proposal.append(
            ProposedTerm(association=order[index], starts_on=starts_on, ends_on=ends_on, gap_before=gap_before, replaces=existing)
        )
        previous_end = ends_on
    return proposal


def schedule_apply(*, proposal: list[ProposedTerm], by=None, today: dt.date | None = None) -> list[Term]:
    """Make `proposal` the planned schedule: planned terms are updated in place, new ones created, and
    planned terms beyond the proposal removed. Past and current terms are never touched.

    Side effects: a term whose association changes loses its programme (it was the other association's);
    one activity log entry listing the old and new plan.
    """
    today = today or local_day()
    if any(item.starts_on <= today for item in proposal):
        raise ValidationError(_("A proposal cannot change past or current terms."))
    try:
        with transaction.atomic():
            planned = list(Term.objects.select_for_update().select_related("association").filter(starts_on__gt=today).order_by("starts_on"))
            before = [str(term) for term in planned]
            # Write through the rows just locked, not the proposal's copies: content edited since the
            # proposal was made (a programme, a trio) must survive.
            locked = {term.pk: term for term in planned}
            kept_ids = {item.replaces.pk for item in proposal if item.replaces}
            if not kept_ids <= locked.keys():
                raise ValidationError(_("The planned schedule changed since this proposal was made; propose again."))
            # Remove what the proposal drops first, so nothing overlaps while the rest is rewritten.
            Term.objects.filter(pk__in=[pk for pk in locked if pk not in kept_ids]).delete()
            terms = []
            for item in proposal:
                term = locked[item.replaces.pk] if item.replaces else Term()
                if term.pk and term.association_id != item.association.pk:
                    term.programme = term.priorities = term.handover_note = ""
                    term.trio = None
                term.association = item.association
                term.starts_on, term.ends_on, term.gap_before = item.starts_on, item.ends_on, item.gap_before
                term.save()
                terms.append(term)
            for term in terms:
                _check_term_fits(term=term)
            log_action(
                actor=by,
                action="presidency.schedule.applied",
                target=terms[0] if terms else None,
                data={"before": before, "after": [str(t) for t in terms]},
            )
    except IntegrityError:
        raise ValidationError(_overlap_message()) from None
    return terms


def schedule_replan(*, by=None, today: dt.date | None = None) -> list[Term]:
    """Re-derive who holds each planned term after the membership changed, keeping the planned dates."""
    today = today or local_day()
    planned = selectors.term_list_future(today=today)
    if not planned or selectors.term_anchor(today=today) is None:
        return planned
    return schedule_apply(proposal=schedule_propose(count=len(planned), today=today), by=by, today=today)


def trio_form(*, terms: list[Term], name: str, programme: str = "", by=None) -> Trio:
    """Join three consecutive terms into a trio sharing `programme`.

    The terms are re-read under a lock, so two editors forming trios at once cannot split a trio.
    """
    with transaction.atomic():
        locked = list(Term.objects.select_for_update().filter(pk__in=[term.pk for term in terms]).order_by("starts_on"))
        if len(locked) != 3:
            raise ValidationError(_("A trio is made of exactly three terms."))
        for earlier, later in zip(locked, locked[1:], strict=False):
            if earlier.ends_on + ONE_DAY != later.starts_on:
                raise ValidationError(_("The three terms of a trio must follow one another without a gap."))
        if any(term.trio_id for term in locked):
            raise ValidationError(_("One of these terms already belongs to a trio."))
        trio = Trio.objects.create(name=name, programme=programme)
        Term.objects.filter(pk__in=[term.pk for term in locked]).update(trio=trio)
        log_action(actor=by, action="presidency.trio.formed", target=trio, data={"terms": [term.pk for term in locked]})
    return trio
