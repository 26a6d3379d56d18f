"""The database itself refuses overlapping terms: triggers on SQLite, an exclusion constraint on PostgreSQL."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from presidency.models import Term
from tests.factories import TermFactory

D = dt.date


def _schedule():
    return list(Term.objects.order_by("starts_on").values_list("association__short_name", "starts_on", "ends_on"))


@pytest.fixture
def first_half(members):
    return TermFactory(association=members.zgl, starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (D(2026, 6, 30), D(2026, 12, 31)),  # shares the last day
        (D(2025, 7, 1), D(2026, 1, 1)),  # shares the first day
        (D(2026, 3, 1), D(2026, 3, 31)),  # inside
        (D(2025, 12, 1), D(2026, 7, 31)),  # around
        (D(2026, 2, 1), D(2026, 9, 30)),  # across the end
    ],
)
def test_term_insert_overlapping_refused_by_database(members, first_half, starts_on, ends_on):
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(association=members.ozs, starts_on=starts_on, ends_on=ends_on)

    assert _schedule() == [("ZGL", D(2026, 1, 1), D(2026, 6, 30))]


def test_term_insert_adjacent_accepted_by_database(members, first_half):
    Term.objects.create(association=members.ozs, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31))
    Term.objects.create(association=members.smo, starts_on=D(2025, 7, 1), ends_on=D(2025, 12, 31))

    assert _schedule() == [
        ("SMO", D(2025, 7, 1), D(2025, 12, 31)),
        ("ZGL", D(2026, 1, 1), D(2026, 6, 30)),
        ("OZS", D(2026, 7, 1), D(2026, 12, 31)),
    ]


def test_term_save_update_into_overlap_refused_by_database(members, first_half):
    second = TermFactory(association=members.ozs, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31))
    second.starts_on = D(2026, 6, 30)

    with pytest.raises(IntegrityError), transaction.atomic():
        second.save(update_fields=["starts_on"])

    assert _schedule() == [("ZGL", D(2026, 1, 1), D(2026, 6, 30)), ("OZS", D(2026, 7, 1), D(2026, 12, 31))]


def test_term_queryset_update_into_overlap_refused_by_database(members, first_half):
    TermFactory(association=members.ozs, starts_on=D(2026, 7, 1), ends_on=D(2026, 12, 31))

    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.filter(pk=first_half.pk).update(ends_on=D(2026, 8, 31))

    assert _schedule() == [("ZGL", D(2026, 1, 1), D(2026, 6, 30)), ("OZS", D(2026, 7, 1), D(2026, 12, 31))]


def test_term_update_own_dates_accepted_by_database(members, first_half):
    TermFactory(association=members.ozs, starts_on=D(2026, 7, 7), ends_on=D(2026, 12, 31))

    Term.objects.filter(pk=first_half.pk).update(starts_on=D(2026, 1, 2), ends_on=D(2026, 7, 6))

    assert _schedule() == [("ZGL", D(2026, 1, 2), D(2026, 7, 6)), ("OZS", D(2026, 7, 7), D(2026, 12, 31))]


def test_term_ending_before_start_refused_by_database(members):
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(association=members.zgl, starts_on=D(2026, 7, 1), ends_on=D(2026, 6, 30))

    assert _schedule() == []
