import datetime as dt

import pytest

from members.services import association_leave
from presidency import selectors
from tests.factories import AssociationFactory, RotationPlaceFactory, TermFactory, TrioFactory

D = dt.date
UTC = dt.UTC


@pytest.mark.parametrize(
    ("at", "short_name"),
    [
        # Summer, CEST = UTC+2: the local day changes at 22:00 UTC.
        (dt.datetime(2026, 7, 6, 21, 59, 59, tzinfo=UTC), "ZGL"),
        (dt.datetime(2026, 7, 6, 22, 0, 0, tzinfo=UTC), "OZS"),
        # Winter, CET = UTC+1: the local day changes at 23:00 UTC.
        (dt.datetime(2026, 12, 31, 22, 59, 59, tzinfo=UTC), "OZS"),
        (dt.datetime(2026, 12, 31, 23, 0, 0, tzinfo=UTC), "SMO"),
    ],
)
def test_presiding_association_changes_at_warsaw_midnight(handover_7_july, at, short_name):
    assert selectors.presiding_association(at=at).short_name == short_name


@pytest.mark.parametrize(("day", "short_name"), [(D(2026, 7, 6), "ZGL"), (D(2026, 7, 7), "OZS"), (D(2027, 6, 30), "SMO")])
def test_presiding_association_on_local_date(handover_7_july, day, short_name):
    assert selectors.presiding_association(at=day).short_name == short_name


def test_presiding_association_naive_datetime_raises(handover_7_july):
    with pytest.raises(ValueError, match="aware datetime"):
        selectors.presiding_association(at=dt.datetime(2026, 7, 6, 23, 30))


def test_presiding_association_outside_any_term_is_none(handover_7_july):
    assert selectors.presiding_association(at=D(2027, 7, 1)) is None
    assert selectors.presiding_association(at=D(2025, 12, 31)) is None


def test_term_next_at_last_local_minute_is_following_term(handover_7_july):
    assert selectors.term_next(at=dt.datetime(2026, 7, 6, 21, 59, 59, tzinfo=UTC)) == handover_7_july[1]
    assert selectors.term_next(at=dt.datetime(2026, 7, 6, 22, 0, 0, tzinfo=UTC)) == handover_7_july[2]


def test_term_list_upcoming_and_past_on_day(handover_7_july):
    first, second, third = handover_7_july

    assert list(selectors.term_list_upcoming(at=D(2026, 3, 1))) == [second, third]
    assert list(selectors.term_list_past(at=D(2027, 1, 1))) == [second, first]
    assert list(selectors.term_list_past(at=D(2026, 7, 6))) == []


def test_term_anchor_between_terms_is_latest_started(members):
    ended = TermFactory(association=members.zgl, starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))
    TermFactory(association=members.ozs, starts_on=D(2026, 9, 1), ends_on=D(2026, 12, 31), gap_before=True)

    assert selectors.term_anchor(today=D(2026, 8, 1)) == ended


def test_rotation_order_agreed_places_first_then_accession(members):
    RotationPlaceFactory(association=members.zgp, position=2)
    RotationPlaceFactory(association=members.ozs, position=1)

    assert [a.short_name for a in selectors.rotation_order(since=D(2026, 3, 15))] == ["OZS", "ZGP", "ZGL", "SMO"]


def test_rotation_order_without_places_by_accession_not_name(members):
    assert [a.short_name for a in selectors.rotation_order(since=D(2026, 3, 15))] == ["ZGL", "OZS", "SMO", "ZGP"]


def test_rotation_order_omits_association_left_by_then(members):
    association_leave(association=members.ozs, left_on=D(2026, 3, 15))
    association_leave(association=members.smo, left_on=D(2026, 3, 16))

    assert [a.short_name for a in selectors.rotation_order(since=D(2026, 3, 15))] == ["ZGL", "SMO", "ZGP"]


# --- Query counts -----------------------------------------------------------------------------------------


def _terms(count):
    """`count` consecutive ten-day terms from 1 January 2020, each of its own association and trio."""
    start = D(2020, 1, 1)
    return [
        TermFactory(
            association=AssociationFactory(),
            trio=TrioFactory(),
            starts_on=start + dt.timedelta(days=10 * i),
            ends_on=start + dt.timedelta(days=10 * i + 9),
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("count", [1, 50])
def test_term_list_past_query_count_constant(db, django_assert_num_queries, count):
    terms = _terms(count)

    with django_assert_num_queries(1):
        rows = [(term.association.short_name, term.trio.name) for term in selectors.term_list_past(at=D(2030, 1, 1))]

    assert rows == [(term.association.short_name, term.trio.name) for term in reversed(terms)]


@pytest.mark.parametrize("count", [1, 50])
def test_term_list_upcoming_query_count_constant(db, django_assert_num_queries, count):
    terms = _terms(count)

    with django_assert_num_queries(1):
        rows = [(term.association.short_name, term.trio.name) for term in selectors.term_list_upcoming(at=D(2019, 1, 1))]

    assert rows == [(term.association.short_name, term.trio.name) for term in terms]


@pytest.mark.parametrize("count", [1, 50])
def test_trio_list_query_count_constant(db, django_assert_num_queries, count):
    start = D(2020, 1, 1)
    expected = []
    for i in range(count):
        trio = TrioFactory()
        terms = [
            TermFactory(
                trio=trio, starts_on=start + dt.timedelta(days=30 * i + 10 * j), ends_on=start + dt.timedelta(days=30 * i + 10 * j + 9)
            )
            for j in range(3)
        ]
        expected.insert(0, (trio.name, [term.association.short_name for term in terms]))

    with django_assert_num_queries(2):
        rows = [(trio.name, [term.association.short_name for term in trio.terms.all()]) for trio in selectors.trio_list()]

    assert rows == expected
