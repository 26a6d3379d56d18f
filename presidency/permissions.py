"""What the presiding association may do, derived from its term's dates rather than granted by a job."""

import datetime as dt

from members.permissions import ACT_AS_EDITOR, MANAGE_ASSOCIATION, holds, is_secretariat
from presidency.dates import local_day
from presidency.models import Term


def presides(association, *, at: dt.datetime | dt.date | None = None) -> bool:
    """Whether `association` holds the presidency at `at` (now by default), in the federation's time zone."""
    day = local_day(at)
    return Term.objects.filter(association=association, starts_on__lte=day, ends_on__gte=day).exists()


def can_act_for_presidency(user, *, at: dt.datetime | dt.date | None = None) -> bool:
    """Administrators and editors of the association presiding at `at` act for the presidency (convene
    meetings, open positions for signing, publish); their rights end with the term's last day."""
    day = local_day(at)
    term = Term.objects.select_related("association").filter(starts_on__lte=day, ends_on__gte=day).first()
    if term is None:
        return False
    return _acts_for(user, term.association)


def _acts_for(user, association) -> bool:
    return holds(user, MANAGE_ASSOCIATION, association) or holds(user, ACT_AS_EDITOR, association)


def can_edit_term_content(user, term: Term) -> bool:
    """The programme, priorities and handover note: the secretariat, or the term's own association while it
    presides or before its term begins."""
    if is_secretariat(user):
        return True
    today = local_day()
    return term.ends_on >= today and _acts_for(user, term.association)


def can_manage_schedule(user) -> bool:
    return is_secretariat(user)
