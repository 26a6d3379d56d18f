"""Deadlines of consultation rounds: Czech working days, Polish calendar days. Every date worked out by hand."""

import datetime as dt

import pytest

from positions.deadlines import add_calendar_days, add_czech_working_days, counts_working_days, is_czech_working_day, round_deadline
from positions.enums import Jurisdiction, Procedure

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 4, 2), True),  # Maundy Thursday is an ordinary working day
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 4, 4), False),  # Saturday
        (D(2026, 9, 28), False),  # St Wenceslas, Czech Statehood Day (a Monday in 2026)
        (D(2026, 10, 28), False),  # Independent Czechoslovak State Day (a Wednesday)
        (D(2026, 11, 17), False),  # Struggle for Freedom and Democracy Day (a Tuesday)
        (D(2026, 12, 24), False),  # Christmas Eve
        (D(2026, 12, 28), True),  # the Monday after Christmas is worked
        (D(2027, 1, 1), False),  # New Year's Day
    ],
)
def test_is_czech_working_day_knows_czech_holidays(day, expected):
    assert is_czech_working_day(day) is expected


def test_add_czech_working_days_skips_easter():
    # Received Thu 2 Apr 2026. Not counted: Good Friday 3 Apr, Sat–Sun 4–5 Apr, Easter Monday 6 Apr.
    # Tue 7–Fri 10 Apr are days 1–4, 13–17 Apr days 5–9, 20–24 Apr days 10–14, Mon 27 Apr day 15.
    assert add_czech_working_days(D(2026, 4, 2), 15) == D(2026, 4, 27)


def test_add_czech_working_days_skips_christmas():
    # Received Mon 21 Dec 2026: Tue 22 and Wed 23 Dec are days 1–2; Thu 24, Fri 25 (holidays), Sat 26
    # (St Stephen, also a Saturday) and Sun 27 are not counted; Mon 28, Tue 29, Wed 30 Dec are days 3–5.
    assert add_czech_working_days(D(2026, 12, 21), 5) == D(2026, 12, 30)


def test_add_czech_working_days_for_a_bill_crosses_new_year():
    # 20 working days from Mon 21 Dec 2026: 22, 23, 28, 29, 30, 31 Dec are days 1–6; Fri 1 Jan 2027 is a
    # holiday; 4–8 Jan are days 7–11, 11–15 Jan days 12–16, Mon 18–Thu 21 Jan days 17–20.
    assert add_czech_working_days(D(2026, 12, 21), 20) == D(2027, 1, 21)


@pytest.mark.parametrize(
    ("received_on", "days", "expected"),
    [
        # Fri 25 Sep; Sat 26, Sun 27 and Mon 28 Sep (St Wenceslas) are not counted: day 1 is Tue 29 Sep.
        (D(2026, 9, 25), 1, D(2026, 9, 29)),
        # Tue 27 Oct; Wed 28 Oct is a holiday: day 1 is Thu 29, day 2 Fri 30 Oct.
        (D(2026, 10, 27), 2, D(2026, 10, 30)),
        # Mon 16 Nov; Tue 17 Nov is a holiday: day 1 is Wed 18 Nov.
        (D(2026, 11, 16), 1, D(2026, 11, 18)),
    ],
)
def test_add_czech_working_days_skips_autumn_state_holidays(received_on, days, expected):
    assert add_czech_working_days(received_on, days) == expected


def test_add_czech_working_days_zero_days_is_the_day_of_receipt():
    assert add_czech_working_days(D(2026, 4, 2), 0) == D(2026, 4, 2)


def test_round_deadline_czech_interdepartmental_counts_working_days():
    # Interdepartmental procedure, 15 working days from Thu 2 Apr 2026: Mon 27 Apr (see the Easter test).
    deadline = round_deadline(
        jurisdiction=Jurisdiction.CZECHIA, procedure=Procedure.CZ_INTERDEPARTMENTAL, received_on=D(2026, 4, 2), days=15
    )
    assert deadline == D(2026, 4, 27)


def test_round_deadline_polish_consultation_counts_calendar_days():
    # 30 calendar days from Mon 2 Nov 2026: 2 Nov + 30 = Wed 2 Dec 2026.
    deadline = round_deadline(jurisdiction=Jurisdiction.POLAND, procedure=Procedure.PL_CONSULTATION, received_on=D(2026, 11, 2), days=30)
    assert deadline == D(2026, 12, 2)


def test_round_deadline_polish_calendar_days_ignore_holidays_and_weekends():
    # 30 calendar days from Thu 10 Dec 2026 run through Christmas and New Year: 10 Dec + 30 = Sat 9 Jan 2027.
    deadline = round_deadline(jurisdiction=Jurisdiction.POLAND, procedure=Procedure.KWRIST, received_on=D(2026, 12, 10), days=30)
    assert deadline == D(2027, 1, 9)
    # Over Easter too: 2 Apr 2026 + 15 = Fri 17 Apr, not the Czech 27 Apr.
    assert add_calendar_days(D(2026, 4, 2), 15) == D(2026, 4, 17)


@pytest.mark.parametrize(
    ("jurisdiction", "procedure", "expected"),
    [
        (Jurisdiction.CZECHIA, Procedure.CZ_INTERDEPARTMENTAL, True),
        (Jurisdiction.CZECHIA, Procedure.PUBLIC_CONSULTATION, True),
        # An EU proposal commented through the Czech interdepartmental procedure still runs in Czech days.
        (Jurisdiction.EUROPEAN_UNION, Procedure.CZ_INTERDEPARTMENTAL, True),
        (Jurisdiction.POLAND, Procedure.PL_CONSULTATION, False),
        (Jurisdiction.POLAND, Procedure.KWRIST, False),
        (Jurisdiction.EUROPEAN_UNION, Procedure.PUBLIC_CONSULTATION, False),
    ],
)
def test_counts_working_days_by_jurisdiction_and_procedure(jurisdiction, procedure, expected):
    assert counts_working_days(jurisdiction=jurisdiction, procedure=procedure) is expected
