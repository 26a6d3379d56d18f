import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from members.enums import RoleKind
from members.services import role_grant, secretariat_group_ensure
from presidency.permissions import can_act_for_presidency, can_edit_term_content, can_manage_schedule, presides
from tests.factories import TermFactory, UserFactory

D = dt.date
UTC = dt.UTC


def _person_with_role(association, kind):
    user = UserFactory()
    role_grant(user=user, association=association, kind=kind)
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize(
    ("at", "zgl", "ozs"),
    [
        (dt.datetime(2026, 7, 6, 21, 59, 59, tzinfo=UTC), True, False),
        (dt.datetime(2026, 7, 6, 22, 0, 0, tzinfo=UTC), False, True),
        (D(2026, 7, 6), True, False),
        (D(2026, 7, 7), False, True),
    ],
)
def test_presides_changes_at_warsaw_midnight_in_summer(members, handover_7_july, at, zgl, ozs):
    assert (presides(members.zgl, at=at), presides(members.ozs, at=at)) == (zgl, ozs)


@pytest.mark.parametrize(
    ("at", "ozs", "smo"),
    [
        (dt.datetime(2026, 12, 31, 22, 59, 59, tzinfo=UTC), True, False),
        (dt.datetime(2026, 12, 31, 23, 0, 0, tzinfo=UTC), False, True),
    ],
)
def test_presides_changes_at_warsaw_midnight_in_winter(members, handover_7_july, at, ozs, smo):
    assert (presides(members.ozs, at=at), presides(members.smo, at=at)) == (ozs, smo)


def test_presides_naive_datetime_raises(members, handover_7_july):
    with pytest.raises(ValueError, match="aware datetime"):
        presides(members.zgl, at=dt.datetime(2026, 7, 6, 23, 30))


@pytest.mark.parametrize("kind", [RoleKind.ADMINISTRATOR, RoleKind.EDITOR])
def test_can_act_for_presidency_own_term_until_last_day(members, handover_7_july, kind):
    user = _person_with_role(members.zgl, kind)

    assert can_act_for_presidency(user, at=D(2026, 1, 1)) is True
    assert can_act_for_presidency(user, at=D(2026, 7, 6)) is True
    assert can_act_for_presidency(user, at=dt.datetime(2026, 7, 6, 21, 59, 59, tzinfo=UTC)) is True


@pytest.mark.parametrize("kind", [RoleKind.ADMINISTRATOR, RoleKind.EDITOR])
def test_can_act_for_presidency_day_after_term_ends_false(members, handover_7_july, kind):
    user = _person_with_role(members.zgl, kind)

    assert can_act_for_presidency(user, at=D(2026, 7, 7)) is False
    assert can_act_for_presidency(user, at=dt.datetime(2026, 7, 6, 22, 0, 0, tzinfo=UTC)) is False


@pytest.mark.parametrize("kind", [RoleKind.STAFF, RoleKind.SIGNATORY])
def test_can_act_for_presidency_role_without_editing_rights_false(members, handover_7_july, kind):
    user = _person_with_role(members.zgl, kind)

    assert can_act_for_presidency(user, at=D(2026, 3, 1)) is False


def test_can_act_for_presidency_other_association_administrator_false(members, handover_7_july):
    user = _person_with_role(members.ozs, RoleKind.ADMINISTRATOR)

    assert can_act_for_presidency(user, at=D(2026, 3, 1)) is False
    assert can_act_for_presidency(user, at=D(2026, 7, 7)) is True


def test_can_act_for_presidency_no_term_false(members, handover_7_july):
    user = _person_with_role(members.zgl, RoleKind.ADMINISTRATOR)

    assert can_act_for_presidency(user, at=D(2025, 12, 31)) is False


def test_can_edit_term_content_own_future_term_but_not_ended_one(members, today):
    ended = TermFactory(association=members.zgl, starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=1))
    current = TermFactory(association=members.zgl, starts_on=today, ends_on=today + dt.timedelta(days=100))
    other = TermFactory(association=members.ozs, starts_on=today + dt.timedelta(days=101), ends_on=today + dt.timedelta(days=200))
    user = _person_with_role(members.zgl, RoleKind.EDITOR)

    assert [can_edit_term_content(user, term) for term in (ended, current, other)] == [False, True, False]


def test_can_manage_schedule_secretariat_only(members):
    clerk = UserFactory()
    clerk.groups.add(secretariat_group_ensure())
    administrator = _person_with_role(members.zgl, RoleKind.ADMINISTRATOR)

    assert can_manage_schedule(get_user_model().objects.get(pk=clerk.pk)) is True
    assert can_manage_schedule(administrator) is False
