"""Writes for associations, memberships of local governments and roles: what is refused, what is recorded,
and which object permissions a role gives and takes away."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from federation.models import ActivityLogEntry
from members import services
from members.enums import Country, RoleKind
from members.models import Association, LocalGovernmentMembership, Role
from members.permissions import ACT_AS_EDITOR, MANAGE_ASSOCIATION, ROLE_PERMISSIONS, SIGN_ON_BEHALF, VIEW_INTERNAL
from members.signals import association_joined, association_left
from tests.factories import AssociationFactory, LocalGovernmentFactory, LocalGovernmentMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def received():
    """Signals received, as (name, association pk, day), once the transaction commits."""
    calls = []

    def on_joined(sender, association, day, **kwargs):
        calls.append(("joined", association.pk, day))

    def on_left(sender, association, day, **kwargs):
        calls.append(("left", association.pk, day))

    association_joined.connect(on_joined)
    association_left.connect(on_left)
    yield calls
    association_joined.disconnect(on_joined)
    association_left.disconnect(on_left)


def log_entries(target):
    return list(
        ActivityLogEntry.objects.filter(object_id=str(target.pk), content_type__model=target._meta.model_name)
        .order_by("pk")
        .values_list("action", "actor", "data")
    )


# --- association_save --------------------------------------------------------------------------------


def test_association_save_new_stores_bare_digits_and_logs(django_capture_on_commit_callbacks, received):
    secretary = UserFactory()
    association = AssociationFactory.build(name="Związek Gmin Lubuskich", nip="PL 194-127-72-43", krs="0000-339-564")

    with django_capture_on_commit_callbacks(execute=True):
        services.association_save(association=association, by=secretary)

    stored = Association.objects.get(name="Związek Gmin Lubuskich")
    assert (stored.nip, stored.krs) == ("1941277243", "0000339564")
    assert log_entries(stored) == [("members.association.created", secretary.pk, {})]
    assert received == [("joined", stored.pk, dt.date(2013, 10, 29))]


def test_association_save_invalid_identifier_saves_nothing():
    association = AssociationFactory.build(country=Country.POLAND, ico="00064581")
    with pytest.raises(ValidationError) as info:
        services.association_save(association=association)
    assert info.value.message_dict == {"ico": ["This identifier is used in Czechia only; leave it empty for this association."]}
    assert not Association.objects.exists()
    assert not ActivityLogEntry.objects.exists()


def test_association_save_edit_logs_change_without_joined_signal(django_capture_on_commit_callbacks, received):
    association = AssociationFactory()
    association.city = "Zielona Góra"
    with django_capture_on_commit_callbacks(execute=True):
        services.association_save(association=association)
    assert log_entries(association) == [("members.association.changed", None, {})]
    assert received == []


# --- association_leave -------------------------------------------------------------------------------


def test_association_leave_records_date_logs_and_signals(django_capture_on_commit_callbacks, received):
    secretary = UserFactory()
    association = AssociationFactory(joined_on=dt.date(2013, 10, 29))

    with django_capture_on_commit_callbacks(execute=True):
        services.association_leave(association=association, left_on=dt.date(2024, 12, 31), by=secretary)

    association.refresh_from_db()
    assert association.left_on == dt.date(2024, 12, 31)
    assert log_entries(association) == [
        ("members.association.changed", secretary.pk, {}),
        ("members.association.left", secretary.pk, {"left_on": "2024-12-31"}),
    ]
    assert received == [("left", association.pk, dt.date(2024, 12, 31))]


def test_association_leave_before_joining_is_refused():
    association = AssociationFactory(joined_on=dt.date(2013, 10, 29))
    with pytest.raises(ValidationError) as info:
        services.association_leave(association=association, left_on=dt.date(2013, 10, 28))
    assert info.value.message_dict == {"left_on": ["An association cannot leave before it joined."]}
    association.refresh_from_db()
    assert association.left_on is None
    assert log_entries(association) == []


def test_association_leave_refused_date_can_be_corrected_on_same_object():
    # A refused call must leave the object as it was: the editor corrects the date and tries again.
    association = AssociationFactory(joined_on=dt.date(2013, 10, 29))
    with pytest.raises(ValidationError):
        services.association_leave(association=association, left_on=dt.date(2013, 10, 28))

    services.association_leave(association=association, left_on=dt.date(2024, 12, 31))

    association.refresh_from_db()
    assert association.left_on == dt.date(2024, 12, 31)


def test_association_leave_twice_is_refused():
    association = AssociationFactory(name="Związek Gmin Lubuskich", joined_on=dt.date(2013, 10, 29))
    services.association_leave(association=association, left_on=dt.date(2024, 12, 31))
    with pytest.raises(ValidationError) as info:
        services.association_leave(association=association, left_on=dt.date(2025, 6, 30))
    assert info.value.messages == ["Związek Gmin Lubuskich already left the federation on 31 December 2024."]
    association.refresh_from_db()
    assert association.left_on == dt.date(2024, 12, 31)
    assert [action for action, _actor, _data in log_entries(association)].count("members.association.left") == 1


# --- local_government_join / local_government_leave --------------------------------------------------


def test_local_government_join_creates_open_membership_and_logs():
    secretary = UserFactory()
    unit, association = LocalGovernmentFactory(), AssociationFactory()

    membership = services.local_government_join(local_government=unit, association=association, joined_on=dt.date(2020, 1, 1), by=secretary)

    assert list(LocalGovernmentMembership.objects.values_list("local_government", "association", "joined_on", "left_on")) == [
        (unit.pk, association.pk, dt.date(2020, 1, 1), None)
    ]
    assert log_entries(membership) == [("members.local_government.joined", secretary.pk, {"joined_on": "2020-01-01"})]


def test_local_government_join_twice_while_open_is_refused():
    unit = LocalGovernmentFactory(name="Bogdaniec")
    association = AssociationFactory(name="Związek Gmin Lubuskich")
    services.local_government_join(local_government=unit, association=association, joined_on=dt.date(2020, 1, 1))

    with pytest.raises(ValidationError) as info:
        services.local_government_join(local_government=unit, association=association, joined_on=dt.date(2021, 1, 1))

    assert info.value.messages == ["Bogdaniec is already a member of Związek Gmin Lubuskich."]
    assert LocalGovernmentMembership.objects.count() == 1


def test_local_government_join_two_associations_is_allowed():
    unit = LocalGovernmentFactory()
    first, second = AssociationFactory(), AssociationFactory()
    services.local_government_join(local_government=unit, association=first, joined_on=dt.date(2020, 1, 1))
    services.local_government_join(local_government=unit, association=second, joined_on=dt.date(2021, 1, 1))
    assert sorted(unit.memberships.values_list("association", flat=True)) == sorted([first.pk, second.pk])


def test_local_government_join_again_after_leaving_is_allowed():
    unit, association = LocalGovernmentFactory(), AssociationFactory()
    first = services.local_government_join(local_government=unit, association=association, joined_on=dt.date(2015, 1, 1))
    services.local_government_leave(membership=first, left_on=dt.date(2018, 12, 31))
    services.local_government_join(local_government=unit, association=association, joined_on=dt.date(2022, 1, 1))
    assert list(unit.memberships.order_by("joined_on").values_list("joined_on", "left_on")) == [
        (dt.date(2015, 1, 1), dt.date(2018, 12, 31)),
        (dt.date(2022, 1, 1), None),
    ]


def test_local_government_leave_records_date_and_logs():
    secretary = UserFactory()
    membership = LocalGovernmentMembershipFactory(joined_on=dt.date(2015, 1, 1))

    services.local_government_leave(membership=membership, left_on=dt.date(2023, 6, 30), by=secretary)

    membership.refresh_from_db()
    assert membership.left_on == dt.date(2023, 6, 30)
    assert log_entries(membership) == [("members.local_government.left", secretary.pk, {"left_on": "2023-06-30"})]


def test_local_government_leave_before_joining_is_refused():
    membership = LocalGovernmentMembershipFactory(joined_on=dt.date(2015, 1, 1))
    with pytest.raises(ValidationError) as info:
        services.local_government_leave(membership=membership, left_on=dt.date(2014, 12, 31))
    assert info.value.messages == ["A membership cannot end before it began (1 January 2015)."]
    membership.refresh_from_db()
    assert membership.left_on is None


def test_local_government_leave_twice_is_refused():
    membership = LocalGovernmentMembershipFactory(joined_on=dt.date(2015, 1, 1))
    services.local_government_leave(membership=membership, left_on=dt.date(2023, 6, 30))
    with pytest.raises(ValidationError) as info:
        services.local_government_leave(membership=membership, left_on=dt.date(2024, 1, 1))
    assert info.value.messages == ["This membership already ended on 30 June 2023."]
    membership.refresh_from_db()
    assert membership.left_on == dt.date(2023, 6, 30)


# --- role_grant / role_end ---------------------------------------------------------------------------

ALL_PERMISSIONS = {VIEW_INTERNAL, ACT_AS_EDITOR, SIGN_ON_BEHALF, MANAGE_ASSOCIATION}

# Written out rather than read from ROLE_PERMISSIONS, so that a change there has to be made here too.
EXPECTED_PERMISSIONS = {
    RoleKind.STAFF: {VIEW_INTERNAL},
    RoleKind.EDITOR: {VIEW_INTERNAL, ACT_AS_EDITOR},
    RoleKind.SIGNATORY: {VIEW_INTERNAL, SIGN_ON_BEHALF},
    RoleKind.ADMINISTRATOR: {VIEW_INTERNAL, ACT_AS_EDITOR, MANAGE_ASSOCIATION},
}


def held(user, association) -> set[str]:
    """The object permissions `user` holds on `association`, read afresh (Django caches them per user object)."""
    user = type(user).objects.get(pk=user.pk)
    return {perm for perm in ALL_PERMISSIONS if user.has_perm(perm, association)}


@pytest.mark.parametrize("kind", list(RoleKind))
def test_role_grant_gives_permissions_of_kind_on_that_association_only(kind):
    association, other = AssociationFactory(), AssociationFactory()
    person = UserFactory()

    services.role_grant(user=person, association=association, kind=kind, starts_on=dt.date(2024, 1, 1))

    assert held(person, association) == EXPECTED_PERMISSIONS[kind]
    assert held(person, other) == set()
    # Editors and administrators also write good practices for the public library (cms/practices.py).
    authors = ["Good practice authors"] if kind in (RoleKind.EDITOR, RoleKind.ADMINISTRATOR) else []
    assert sorted(person.groups.values_list("name", flat=True)) == sorted([f"association-{association.pk}-{kind}", *authors])


def test_role_grant_permissions_match_role_permissions_table():
    assert {kind: set(perms) for kind, perms in ROLE_PERMISSIONS.items()} == EXPECTED_PERMISSIONS


def test_role_grant_records_role_and_logs():
    secretary = UserFactory()
    person = UserFactory()
    association = AssociationFactory()

    role = services.role_grant(
        user=person, association=association, kind=RoleKind.SIGNATORY, starts_on=dt.date(2024, 1, 1), title="Prezes Zarządu", by=secretary
    )

    assert list(Role.objects.values_list("user", "association", "kind", "title", "starts_on", "ends_on", "granted_by")) == [
        (person.pk, association.pk, RoleKind.SIGNATORY, "Prezes Zarządu", dt.date(2024, 1, 1), None, secretary.pk)
    ]
    assert log_entries(role) == [("members.role.granted", secretary.pk, {"kind": "signatory", "user": person.pk})]


def test_role_grant_starts_today_by_default(today):
    role = services.role_grant(user=UserFactory(), association=AssociationFactory(), kind=RoleKind.STAFF)
    assert Role.objects.get(pk=role.pk).starts_on == today


def test_role_grant_in_future_is_refused(today):
    person, association = UserFactory(), AssociationFactory()
    with pytest.raises(ValidationError) as info:
        services.role_grant(user=person, association=association, kind=RoleKind.EDITOR, starts_on=today + dt.timedelta(days=1))
    assert info.value.messages == ["A role starts today or earlier; record it on the day it begins."]
    assert not Role.objects.exists()
    assert held(person, association) == set()


def test_role_grant_second_open_role_of_same_kind_is_refused():
    person = UserFactory(first_name="Anna", last_name="Nowak")
    association = AssociationFactory(short_name="ZGL")
    services.role_grant(user=person, association=association, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 1, 1))

    with pytest.raises(ValidationError) as info:
        services.role_grant(user=person, association=association, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 2, 1))

    assert info.value.messages == ["Anna Nowak already holds the role “editor” in ZGL."]
    assert Role.objects.count() == 1


def test_role_grant_unknown_kind_is_refused():
    with pytest.raises(ValidationError) as info:
        services.role_grant(user=UserFactory(), association=AssociationFactory(), kind="president")
    assert info.value.messages == ["Unknown role."]
    assert not Role.objects.exists()


def test_role_grant_in_association_that_left_is_refused(today):
    association = AssociationFactory(name="Związek Gmin Lubuskich", left_on=today)
    with pytest.raises(ValidationError) as info:
        services.role_grant(user=UserFactory(), association=association, kind=RoleKind.STAFF, starts_on=dt.date(2024, 1, 1))
    assert info.value.messages == ["Związek Gmin Lubuskich has left the federation; its people cannot be given new roles."]
    assert not Role.objects.exists()


def test_role_end_revokes_permissions_at_once_and_logs(today):
    secretary = UserFactory()
    person, association = UserFactory(), AssociationFactory()
    role = services.role_grant(user=person, association=association, kind=RoleKind.ADMINISTRATOR, starts_on=dt.date(2024, 1, 1))
    assert held(person, association) == EXPECTED_PERMISSIONS[RoleKind.ADMINISTRATOR]

    services.role_end(role=role, by=secretary)

    assert held(person, association) == set()
    role.refresh_from_db()
    assert (role.ends_on, role.ended_by) == (today, secretary)
    assert log_entries(role)[-1] == ("members.role.ended", secretary.pk, {"ends_on": today.isoformat()})
    assert not person.groups.exists()


def test_role_end_of_one_kind_keeps_permissions_of_the_other():
    person, association = UserFactory(), AssociationFactory()
    editor = services.role_grant(user=person, association=association, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 1, 1))
    services.role_grant(user=person, association=association, kind=RoleKind.SIGNATORY, starts_on=dt.date(2024, 1, 1))
    assert held(person, association) == {VIEW_INTERNAL, ACT_AS_EDITOR, SIGN_ON_BEHALF}

    services.role_end(role=editor, ends_on=dt.date(2024, 6, 30))

    assert held(person, association) == {VIEW_INTERNAL, SIGN_ON_BEHALF}


def test_role_end_in_one_association_keeps_same_role_in_another():
    person, first, second = UserFactory(), AssociationFactory(), AssociationFactory()
    role = services.role_grant(user=person, association=first, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 1, 1))
    services.role_grant(user=person, association=second, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 1, 1))

    services.role_end(role=role, ends_on=dt.date(2024, 6, 30))

    assert held(person, first) == set()
    assert held(person, second) == {VIEW_INTERNAL, ACT_AS_EDITOR}


def test_role_end_of_one_person_keeps_colleague_permissions():
    association = AssociationFactory()
    leaving, staying = UserFactory(), UserFactory()
    role = services.role_grant(user=leaving, association=association, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 1, 1))
    services.role_grant(user=staying, association=association, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 1, 1))

    services.role_end(role=role, ends_on=dt.date(2024, 6, 30))

    assert held(leaving, association) == set()
    assert held(staying, association) == {VIEW_INTERNAL, ACT_AS_EDITOR}


def test_role_grant_after_role_ended_gives_permissions_again():
    person, association = UserFactory(), AssociationFactory()
    role = services.role_grant(user=person, association=association, kind=RoleKind.EDITOR, starts_on=dt.date(2023, 1, 1))
    services.role_end(role=role, ends_on=dt.date(2023, 12, 31))

    services.role_grant(user=person, association=association, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 6, 1))

    assert held(person, association) == {VIEW_INTERNAL, ACT_AS_EDITOR}
    assert Role.objects.filter(user=person, ends_on__isnull=True).count() == 1


def test_role_end_in_future_is_refused(today):
    person, association = UserFactory(), AssociationFactory()
    role = services.role_grant(user=person, association=association, kind=RoleKind.STAFF, starts_on=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as info:
        services.role_end(role=role, ends_on=today + dt.timedelta(days=1))
    assert info.value.messages == ["A role ends today or earlier; record it on the day it ends."]
    assert Role.objects.get(pk=role.pk).ends_on is None
    assert held(person, association) == {VIEW_INTERNAL}


def test_role_end_before_start_is_refused():
    role = services.role_grant(user=UserFactory(), association=AssociationFactory(), kind=RoleKind.STAFF, starts_on=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as info:
        services.role_end(role=role, ends_on=dt.date(2023, 12, 31))
    assert info.value.messages == ["A role cannot end before it began (1 January 2024)."]
    assert Role.objects.get(pk=role.pk).ends_on is None


def test_role_end_twice_is_refused():
    role = services.role_grant(user=UserFactory(), association=AssociationFactory(), kind=RoleKind.STAFF, starts_on=dt.date(2024, 1, 1))
    services.role_end(role=role, ends_on=dt.date(2024, 6, 30))
    with pytest.raises(ValidationError) as info:
        services.role_end(role=role, ends_on=dt.date(2024, 7, 31))
    assert info.value.messages == ["This role already ended on 30 June 2024."]
    assert Role.objects.get(pk=role.pk).ends_on == dt.date(2024, 6, 30)


def test_role_grant_before_association_joined_is_refused():
    association = AssociationFactory(short_name="ZGL", name="Związek Gmin Lubuskich", joined_on=dt.date(2013, 10, 29))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.role_grant(user=UserFactory(), association=association, kind=RoleKind.EDITOR, starts_on=dt.date(2013, 10, 28))
    with translation.override("en"):
        assert error.value.messages == [
            "Związek Gmin Lubuskich joined the federation on 29 October 2013; a role in it cannot start earlier."
        ]
    assert not Role.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_role_grant_twice_at_once_gives_one_role_and_one_clear_refusal():
    import threading

    from django.db import connection

    association = AssociationFactory(short_name="ZGL")
    person = UserFactory(first_name="Anna", last_name="Nowak")
    barrier = threading.Barrier(2)
    outcomes = []

    def grant():
        try:
            barrier.wait()
            with translation.override("en"):
                services.role_grant(user=person, association=association, kind=RoleKind.EDITOR, starts_on=dt.date(2024, 2, 1))
            outcomes.append("granted")
        except ValidationError as error:
            with translation.override("en"):
                outcomes.append(error.messages[0])
        except Exception as error:  # anything else is a failure of the service, shown in the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=grant) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Anna Nowak already holds the role “editor” in ZGL.", "granted"]
    assert Role.objects.filter(user=person, kind=RoleKind.EDITOR).count() == 1
