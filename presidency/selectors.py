"""Reads for the presidency: who presides on a day, the schedule, trios, the rotation order."""

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from members.models import Association
from presidency.dates import local_day
from presidency.models import Term, Trio


def term_on(*, at: dt.datetime | dt.date | None = None) -> Term | None:
    """The term in force at `at` (a moment, or a local date; now by default)."""
    day = local_day(at)
    return Term.objects.select_related("association", "association__logo", "trio").filter(starts_on__lte=day, ends_on__gte=day).first()


def presiding_association(*, at: dt.datetime | dt.date | None = None) -> Association | None:
    term = term_on(at=at)
    return term.association if term else None


def term_next(*, at: dt.datetime | dt.date | None = None) -> Term | None:
    """The first term that starts after the day of `at`."""
    return Term.objects.select_related("association", "association__logo").filter(starts_on__gt=local_day(at)).order_by("starts_on").first()


def term_list_upcoming(*, at=None) -> QuerySet[Term]:
    return Term.objects.select_related("association", "trio").filter(starts_on__gt=local_day(at)).order_by("starts_on")


def term_list_past(*, at=None) -> QuerySet[Term]:
    return Term.objects.select_related("association", "trio").filter(ends_on__lt=local_day(at)).order_by("-starts_on")


def term_list_future(*, today: dt.date) -> list[Term]:
    return list(Term.objects.select_related("association").filter(starts_on__gt=today).order_by("starts_on"))


def term_anchor(*, today: dt.date) -> Term | None:
    """The current term, or the latest past one: where a schedule proposal continues from."""
    return Term.objects.select_related("association").filter(starts_on__lte=today).order_by("-starts_on").first()


def trio_list() -> QuerySet[Trio]:
    return Trio.objects.prefetch_related(
        Prefetch("terms", queryset=Term.objects.select_related("association").order_by("starts_on"))
    ).order_by("-pk")


def rotation_order(*, since: dt.date) -> list[Association]:
    """Associations that are, or will be, members on or after `since`, in rotation order.

    An agreed place (`RotationPlace`) comes first; the rest follow by date of accession, so a member that
    joins enters the rotation at its end.
    """
    associations = Association.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=since)).select_related("rotation_place")
    return sorted(associations, key=rotation_key)


def rotation_key(association: Association):
    place = getattr(association, "rotation_place", None)
    return (place is None, place.position if place else 0, association.joined_on, association.name)


# --- The public API (presidency.api) ---------------------------------------------------------------------


def term_list_open(
    *, ends_on_or_after: dt.date | None = None, starts_on_or_before: dt.date | None = None, association: Association | None = None
) -> QuerySet[Term]:
    """Every term, past, current and planned, by first day, with its association and trio; the dates keep
    the terms that overlap the period between them (both days included)."""
    queryset = Term.objects.select_related("association", "trio").order_by("starts_on", "pk")
    if ends_on_or_after is not None:
        queryset = queryset.filter(ends_on__gte=ends_on_or_after)
    if starts_on_or_before is not None:
        queryset = queryset.filter(starts_on__lte=starts_on_or_before)
    if association is not None:
        queryset = queryset.filter(association=association)
    return queryset


def trio_list_open() -> QuerySet[Trio]:
    """Every trio, oldest first, with its terms (and their associations) in order; three queries with the count."""
    return Trio.objects.prefetch_related(
        Prefetch("terms", queryset=Term.objects.select_related("association").order_by("starts_on"))
    ).order_by("pk")
