"""Reads for member associations and their local governments: who is listed on a day, and at what cost."""

import datetime as dt

import pytest

from members import selectors, services
from members.enums import Country, LocalGovernmentKind, RoleKind
from members.models import LocalGovernment
from tests.factories import (
    AssociationFactory,
    LocalGovernmentFactory,
    LocalGovernmentMembershipFactory,
    RoleFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 1)


# --- association_list --------------------------------------------------------------------------------


def test_association_list_returns_only_members_on_the_day():
    member = AssociationFactory(name="A member", joined_on=dt.date(2013, 10, 29))
    leaving_later = AssociationFactory(name="B leaving later", joined_on=dt.date(2013, 10, 29), left_on=dt.date(2025, 3, 2))
    AssociationFactory(name="C left that day", joined_on=dt.date(2013, 10, 29), left_on=DAY)
    AssociationFactory(name="D left before", joined_on=dt.date(2013, 10, 29), left_on=dt.date(2020, 1, 1))
    joining_that_day = AssociationFactory(name="E joining that day", joined_on=DAY)
    AssociationFactory(name="F joining later", joined_on=dt.date(2025, 3, 2))

    assert list(selectors.association_list(day=DAY)) == [member, leaving_later, joining_that_day]


def test_association_list_counts_local_governments_members_on_the_day():
    busy, empty, other = AssociationFactory(name="A busy"), AssociationFactory(name="B empty"), AssociationFactory(name="C other")
    shared = LocalGovernmentFactory()
    LocalGovernmentMembershipFactory(association=busy, local_government=shared, joined_on=dt.date(2015, 1, 1))
    LocalGovernmentMembershipFactory(association=other, local_government=shared, joined_on=dt.date(2015, 1, 1))
    LocalGovernmentMembershipFactory(association=busy, joined_on=dt.date(2015, 1, 1))
    LocalGovernmentMembershipFactory(association=busy, joined_on=DAY)  # counts from its first day
    LocalGovernmentMembershipFactory(association=busy, joined_on=dt.date(2015, 1, 1), left_on=dt.date(2025, 3, 2))  # still in
    LocalGovernmentMembershipFactory(association=busy, joined_on=dt.date(2015, 1, 1), left_on=DAY)  # out that day
    LocalGovernmentMembershipFactory(association=busy, joined_on=dt.date(2025, 3, 2))  # not yet
    # Led topics and roles add rows to joins; they must not inflate the count.
    TopicFactory.create_batch(3, lead_association=busy)
    RoleFactory.create_batch(2, association=busy)

    counts = {association.name: association.local_government_count for association in selectors.association_list(day=DAY)}

    assert counts == {"A busy": 4, "B empty": 0, "C other": 1}
    assert empty.local_memberships.count() == 0


def test_association_list_today_by_default(today):
    current = AssociationFactory(joined_on=today - dt.timedelta(days=1))
    AssociationFactory(joined_on=today - dt.timedelta(days=10), left_on=today)
    AssociationFactory(joined_on=today + dt.timedelta(days=1))
    assert list(selectors.association_list()) == [current]


def test_association_list_prefetches_led_topics_in_polish_order():
    association = AssociationFactory()
    TopicFactory(lead_association=association, name_pl="Oświata")
    TopicFactory(lead_association=association, name_pl="Finanse lokalne")
    TopicFactory(lead_association=AssociationFactory(), name_pl="Transport")
    [listed, _other] = sorted(selectors.association_list(day=DAY), key=lambda a: a.pk)
    assert [topic.name_pl for topic in listed.led_topics.all()] == ["Finanse lokalne", "Oświata"]


def list_associations_with_topics() -> list:
    return [
        (association.name, association.logo, association.local_government_count, [topic.name_pl for topic in association.led_topics.all()])
        for association in selectors.association_list(day=DAY)
    ]


@pytest.mark.parametrize("count", [1, 50])
def test_association_list_with_topics_costs_two_queries_at_any_size(count, django_assert_num_queries):
    for association in AssociationFactory.create_batch(count):
        TopicFactory.create_batch(2, lead_association=association)
        LocalGovernmentMembershipFactory(association=association)

    # One query for the associations (logo and count included), one for all their led topics.
    with django_assert_num_queries(2):
        rows = list_associations_with_topics()

    assert len(rows) == count
    assert all(local_government_count == 1 and len(topics) == 2 for _name, _logo, local_government_count, topics in rows)


# --- association_former_list -------------------------------------------------------------------------


def test_association_former_list_returns_those_that_left_by_the_day_latest_first():
    AssociationFactory(name="Still a member")
    early = AssociationFactory(name="Left early", left_on=dt.date(2018, 12, 31))
    late = AssociationFactory(name="Left late", left_on=DAY)
    AssociationFactory(name="Leaving later", left_on=dt.date(2025, 3, 2))
    assert list(selectors.association_former_list(day=DAY)) == [late, early]


# --- association_local_governments -------------------------------------------------------------------


@pytest.fixture
def lubuskie():
    """The voivodeship and a powiat above the gminy of the tests (codes outside the factory's range)."""
    voivodeship = LocalGovernmentFactory(code="08", name="lubuskie", kind=LocalGovernmentKind.VOIVODESHIP, population=None)
    powiat = LocalGovernmentFactory(code="0801", name="gorzowski", kind=LocalGovernmentKind.POWIAT, parent=voivodeship, population=None)
    return powiat


def test_association_local_governments_returns_members_on_the_day_by_name(lubuskie):
    association = AssociationFactory()
    witnica = LocalGovernmentFactory(name="Witnica", parent=lubuskie)
    bogdaniec = LocalGovernmentFactory(name="Bogdaniec", parent=lubuskie)
    santok = LocalGovernmentFactory(name="Santok", parent=lubuskie)
    deszczno = LocalGovernmentFactory(name="Deszczno", parent=lubuskie)
    kept = [
        LocalGovernmentMembershipFactory(association=association, local_government=witnica, joined_on=DAY),
        LocalGovernmentMembershipFactory(association=association, local_government=bogdaniec, left_on=dt.date(2025, 3, 2)),
    ]
    LocalGovernmentMembershipFactory(association=association, local_government=santok, left_on=DAY)
    LocalGovernmentMembershipFactory(association=association, local_government=deszczno, joined_on=dt.date(2025, 3, 2))
    LocalGovernmentMembershipFactory(local_government=deszczno)  # in another association

    memberships = list(selectors.association_local_governments(association=association, day=DAY))

    assert memberships == [kept[1], kept[0]]


@pytest.mark.parametrize("count", [1, 50])
def test_association_local_governments_with_parents_costs_one_query_at_any_size(count, lubuskie, django_assert_num_queries):
    association = AssociationFactory()
    for unit in LocalGovernmentFactory.create_batch(count, parent=lubuskie):
        LocalGovernmentMembershipFactory(association=association, local_government=unit)

    with django_assert_num_queries(1):
        rows = [
            (
                m.local_government.name,
                m.local_government.get_kind_display(),
                m.local_government.parent.name,
                m.local_government.parent.parent.name,
            )
            for m in selectors.association_local_governments(association=association, day=DAY)
        ]

    assert len(rows) == count
    assert {(parent, grandparent) for _name, _kind, parent, grandparent in rows} == {("gorzowski", "lubuskie")}


def test_association_local_governments_of_czech_association_without_parents():
    association = AssociationFactory(country=Country.CZECHIA)
    praha = LocalGovernmentFactory(code="554782", country=Country.CZECHIA, name="Praha", kind=LocalGovernmentKind.STATUTORY_CITY)
    membership = LocalGovernmentMembershipFactory(association=association, local_government=praha)
    [listed] = selectors.association_local_governments(association=association, day=DAY)
    assert (listed, listed.local_government.parent) == (membership, None)


# --- local_governments_with_associations ------------------------------------------------------------


def test_local_governments_with_associations_gives_current_memberships_of_current_members_by_name():
    zielona, opole, former = (
        AssociationFactory(name="Związek Gmin Lubuskich"),
        AssociationFactory(name="Opolski Związek Samorządów"),
        AssociationFactory(name="Dawny Związek", left_on=dt.date(2024, 12, 31)),
    )
    shared, alone, nowhere = (
        LocalGovernmentFactory(code="0801012"),
        LocalGovernmentFactory(code="0801022"),
        LocalGovernmentFactory(code="0801032"),
    )
    for association in (zielona, opole, former):
        LocalGovernmentMembershipFactory(association=association, local_government=shared)
    LocalGovernmentMembershipFactory(association=zielona, local_government=alone, left_on=dt.date(2025, 2, 1))
    LocalGovernmentMembershipFactory(association=opole, local_government=alone, joined_on=dt.date(2025, 4, 1))
    units = LocalGovernment.objects.filter(pk__in=[nowhere.pk, alone.pk, shared.pk])

    listed = selectors.local_governments_with_associations(local_governments=units, day=DAY)

    assert [(unit.code, [m.association.name for m in unit.current_memberships]) for unit in listed] == [
        ("0801012", ["Opolski Związek Samorządów", "Związek Gmin Lubuskich"]),
        ("0801022", []),
        ("0801032", []),
    ]


@pytest.mark.parametrize("count", [1, 30])
def test_local_governments_with_associations_costs_two_queries_at_any_size(count, django_assert_num_queries):
    association = AssociationFactory()
    units = LocalGovernmentFactory.create_batch(count)
    for unit in units:
        LocalGovernmentMembershipFactory(association=association, local_government=unit)
    queryset = LocalGovernment.objects.filter(pk__in=[unit.pk for unit in units])

    with django_assert_num_queries(2):
        names = [
            m.association.name
            for unit in selectors.local_governments_with_associations(local_governments=queryset, day=DAY)
            for m in unit.current_memberships
        ]

    assert names == [association.name] * count


# --- association_signatories -------------------------------------------------------------------------


def test_association_signatories_lists_open_signatory_roles_by_surname():
    association = AssociationFactory()
    nowak = services.role_grant(
        user=UserFactory(last_name="Nowak"), association=association, kind=RoleKind.SIGNATORY, starts_on=dt.date(2024, 1, 1)
    )
    kowalska = services.role_grant(
        user=UserFactory(last_name="Kowalska"), association=association, kind=RoleKind.SIGNATORY, starts_on=dt.date(2024, 1, 1)
    )
    former = services.role_grant(
        user=UserFactory(last_name="Adamczyk"), association=association, kind=RoleKind.SIGNATORY, starts_on=dt.date(2020, 1, 1)
    )
    services.role_end(role=former, ends_on=dt.date(2023, 12, 31))
    services.role_grant(user=UserFactory(last_name="Baran"), association=association, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 1, 1))
    services.role_grant(user=UserFactory(last_name="Cieślak"), association=AssociationFactory(), kind=RoleKind.SIGNATORY)

    assert list(selectors.association_signatories(association=association)) == [kowalska, nowak]
