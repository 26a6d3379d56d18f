import datetime as dt

import pytest

from presidency.dates import local_day, proposed_term_end

D = dt.date
UTC = dt.UTC


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (D(2026, 1, 1), D(2026, 6, 30)),
        (D(2026, 7, 1), D(2026, 12, 31)),
        (D(2026, 7, 7), D(2026, 12, 31)),
        (D(2026, 3, 31), D(2026, 6, 30)),
        (D(2026, 4, 1), D(2026, 12, 31)),
        (D(2026, 9, 30), D(2026, 12, 31)),
        (D(2026, 10, 2), D(2027, 6, 30)),
        (D(2026, 12, 31), D(2027, 6, 30)),
    ],
)
def test_proposed_term_end_runs_to_half_year_holding_day_three_months_later(starts_on, ends_on):
    assert proposed_term_end(starts_on) == ends_on


def test_proposed_term_end_start_on_1_october_runs_to_next_june():
    # Three months after 1 October is 1 January, so the term runs to the next 30 June (as one starting on
    # 1 April runs to 31 December), not for one quarter.
    assert proposed_term_end(D(2026, 10, 1)) == D(2027, 6, 30)


def test_local_day_aware_datetime_uses_warsaw_date():
    assert local_day(dt.datetime(2026, 7, 6, 21, 59, 59, tzinfo=UTC)) == D(2026, 7, 6)
    assert local_day(dt.datetime(2026, 7, 6, 22, 0, 0, tzinfo=UTC)) == D(2026, 7, 7)


def test_local_day_naive_datetime_raises():
    with pytest.raises(ValueError, match="aware datetime"):
        local_day(dt.datetime(2026, 7, 6, 12, 0))
