"""The federation's calendar day: it changes at local midnight in settings.TIME_ZONE, not in UTC."""

import datetime as dt

from django.utils import timezone


def local_day(at: dt.datetime | dt.date | None = None) -> dt.date:
    """The local date at moment `at` (now by default); a date is returned as it is."""
    if at is None:
        return timezone.localdate()
    if isinstance(at, dt.datetime):
        if timezone.is_naive(at):
            raise ValueError("local_day() needs an aware datetime")
        return timezone.localdate(at)
    return at


def half_year_end(day: dt.date) -> dt.date:
    return dt.date(day.year, 6, 30) if day.month <= 6 else dt.date(day.year, 12, 31)


def proposed_term_end(starts_on: dt.date) -> dt.date:
    """A proposed term ends with the half-year that holds the day three months after its start.

    A term starting on 1 January ends on 30 June; one starting on 7 July (a handover at a board
    meeting) ends on 31 December; one starting in October runs to the next 30 June rather than for a
    few weeks.
    """
    month = starts_on.month + 3
    return half_year_end(dt.date(starts_on.year + (month - 1) // 12, (month - 1) % 12 + 1, 1))
