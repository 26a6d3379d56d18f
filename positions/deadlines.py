"""Deadlines of consultation rounds: Czech procedures count working days, Polish ones calendar days."""

import datetime as dt
from functools import cache

from positions.enums import Jurisdiction, Procedure

ONE_DAY = dt.timedelta(days=1)


@cache
def _czech_holidays(year: int) -> frozenset[dt.date]:
    import holidays  # loaded on the first deadline counted, not in every app server at start

    return frozenset(holidays.country_holidays("CZ", years=year))


def is_czech_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _czech_holidays(day.year)


def add_czech_working_days(start: dt.date, days: int) -> dt.date:
    """The day on which a period of `days` Czech working days that begins the day after `start` ends.

    Weekends and Czech public holidays (Easter, Christmas, 28 September …) are not counted.
    """
    day, counted = start, 0
    while counted < days:
        day += ONE_DAY
        if is_czech_working_day(day):
            counted += 1
    return day


def add_calendar_days(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days)


def counts_working_days(*, jurisdiction: str, procedure: str) -> bool:
    """Czech procedures run in Czech working days; Polish and EU ones in calendar days."""
    return procedure == Procedure.CZ_INTERDEPARTMENTAL or jurisdiction == Jurisdiction.CZECHIA


def round_deadline(*, jurisdiction: str, procedure: str, received_on: dt.date, days: int) -> dt.date:
    """The external deadline of a round received on `received_on` with a period of `days`."""
    if counts_working_days(jurisdiction=jurisdiction, procedure=procedure):
        return add_czech_working_days(received_on, days)
    return add_calendar_days(received_on, days)
