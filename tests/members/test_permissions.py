"""Who may act for an association: role permissions through guardian, and the secretariat."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

from members import services
from members.enums import RoleKind
from members.permissions import (
    ACT_AS_EDITOR,
    MANAGE_ASSOCIATION,
    SECRETARIAT_GROUP,
    SIGN_ON_BEHALF,
    VIEW_INTERNAL,
    associations_for,
    can_act_as_editor,
    can_manage_association,
    can_sign_for,
    can_view_internal,
    is_secretariat,
)
from tests.factories import AssociationFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    # Django caches permissions on the user object; a view sees a user read afresh from the database.
    return type(user).objects.get(pk=user.pk)


def grant(user, association, kind):
    return services.role_grant(user=user, association=association, kind=kind, starts_on=dt.date(2024, 1, 1))


def secretariat_member(**fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    return fresh(user)


# --- associations_for --------------------------------------------------------------------------------


def test_associations_for_lists_exactly_associations_with_the_permission():
    editor_in, signatory_in, staff_in, untouched = (AssociationFactory() for _ in range(4))
    person, colleague = UserFactory(), UserFactory()
    grant(person, editor_in, RoleKind.EDITOR)
    grant(person, signatory_in, RoleKind.SIGNATORY)
    grant(person, staff_in, RoleKind.STAFF)
    grant(colleague, untouched, RoleKind.ADMINISTRATOR)
    person = fresh(person)

    assert set(associations_for(person, VIEW_INTERNAL)) == {editor_in, signatory_in, staff_in}
    assert list(associations_for(person, ACT_AS_EDITOR)) == [editor_in]
    assert list(associations_for(person, SIGN_ON_BEHALF)) == [signatory_in]
    assert list(associations_for(person, MANAGE_ASSOCIATION)) == []


def test_associations_for_drops_association_once_role_ends():
    first, second = AssociationFactory(), AssociationFactory()
    person = UserFactory()
    role = grant(person, first, RoleKind.EDITOR)
    grant(person, second, RoleKind.EDITOR)

    services.role_end(role=role, ends_on=dt.date(2024, 6, 30))

    assert list(associations_for(fresh(person), ACT_AS_EDITOR)) == [second]


def test_associations_for_ignores_bare_role_rows_without_grant():
    # A Role row made outside `role_grant` gives nothing: rights come only from the service.
    role = RoleFactory(kind=RoleKind.EDITOR)
    assert list(associations_for(fresh(role.user), ACT_AS_EDITOR)) == []


def test_associations_for_secretariat_is_empty_without_roles():
    AssociationFactory()
    assert list(associations_for(secretariat_member(), VIEW_INTERNAL)) == []


# --- Checks used by views and templates --------------------------------------------------------------


def test_can_checks_follow_role_on_that_association_only():
    association, other = AssociationFactory(), AssociationFactory()
    person = UserFactory()
    grant(person, association, RoleKind.SIGNATORY)
    person = fresh(person)

    assert (
        can_view_internal(person, association),
        can_act_as_editor(person, association),
        can_sign_for(person, association),
        can_manage_association(person, association),
    ) == (True, False, True, False)
    assert (
        can_view_internal(person, other),
        can_act_as_editor(person, other),
        can_sign_for(person, other),
        can_manage_association(person, other),
    ) == (False, False, False, False)


def test_can_checks_refuse_inactive_user_with_role():
    association = AssociationFactory()
    person = UserFactory()
    grant(person, association, RoleKind.ADMINISTRATOR)
    person.is_active = False
    person.save(update_fields=["is_active"])
    person = fresh(person)

    assert (
        can_view_internal(person, association),
        can_act_as_editor(person, association),
        can_manage_association(person, association),
    ) == (
        False,
        False,
        False,
    )


def test_can_checks_refuse_anonymous_visitor():
    association = AssociationFactory()
    grant(UserFactory(), association, RoleKind.ADMINISTRATOR)
    visitor = AnonymousUser()
    assert (can_view_internal(visitor, association), can_act_as_editor(visitor, association), can_sign_for(visitor, association)) == (
        False,
        False,
        False,
    )


# --- The secretariat ---------------------------------------------------------------------------------


# Records with legal weight end with a date and are never deleted; topics, trios and places may be.
KEEP = ("add", "change", "view")
KEEP_AND_DELETE = ("add", "change", "delete", "view")
SECRETARIAT_PERMISSIONS = {("wagtailadmin", "access_admin")} | {
    (app, f"{action}_{model}")
    for app, model, actions in [
        ("members", "association", KEEP),
        ("members", "localgovernmentmembership", KEEP),
        ("members", "role", KEEP),
        ("members", "localgovernment", KEEP),
        ("members", "topic", KEEP_AND_DELETE),
        ("presidency", "term", KEEP),
        ("presidency", "trio", KEEP_AND_DELETE),
        ("presidency", "rotationplace", KEEP_AND_DELETE),
        ("positions", "draftact", KEEP),
        ("positions", "position", ("view",)),
        ("events", "event", ("change", "view")),
        ("events", "registration", ("view",)),
        ("cms", "federationsettings", ("change", "view")),
    ]
    for action in actions
}


def secretariat_permissions() -> set[tuple[str, str]]:
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_secretariat_group_exists_after_migrate_with_record_keeping_permissions():
    assert secretariat_permissions() == SECRETARIAT_PERMISSIONS


def test_secretariat_group_ensure_takes_back_deleting_records_with_legal_weight():
    # A database set up before the secretariat lost these rights still has them in its group; the
    # post-migrate ensure must bring the group to the current list, not only add to it.
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="members", codename="delete_association"),
        Permission.objects.get(content_type__app_label="members", codename="delete_role"),
    )

    services.secretariat_group_ensure()

    assert secretariat_permissions() == SECRETARIAT_PERMISSIONS


def test_secretariat_group_ensure_is_idempotent():
    services.secretariat_group_ensure()
    assert Group.objects.filter(name=SECRETARIAT_GROUP).count() == 1
    assert secretariat_permissions() == SECRETARIAT_PERMISSIONS


def test_is_secretariat_for_group_member_and_superuser_only():
    assert is_secretariat(secretariat_member()) is True
    assert is_secretariat(fresh(UserFactory(is_superuser=True))) is True
    assert is_secretariat(fresh(UserFactory(is_staff=True))) is False
    assert is_secretariat(secretariat_member(is_active=False)) is False
    assert is_secretariat(None) is False


def test_is_secretariat_not_given_by_association_administrator_role():
    person = UserFactory()
    grant(person, AssociationFactory(), RoleKind.ADMINISTRATOR)
    assert is_secretariat(fresh(person)) is False


def test_secretariat_may_view_and_manage_every_association_but_not_sign():
    association = AssociationFactory()
    secretary = secretariat_member()
    assert (
        can_view_internal(secretary, association),
        can_manage_association(secretary, association),
        can_act_as_editor(secretary, association),
        can_sign_for(secretary, association),
    ) == (True, True, False, False)


def test_a_superuser_acts_only_for_associations_where_they_hold_a_role():
    own, other = AssociationFactory(), AssociationFactory()
    superuser = UserFactory(is_superuser=True)
    grant(superuser, own, RoleKind.EDITOR)
    superuser = fresh(superuser)
    assert [(can_act_as_editor(superuser, a), can_sign_for(superuser, a)) for a in (own, other)] == [(True, False), (False, False)]
    # The secretariat's own rights stay: every association's internal pages and its management.
    assert (can_view_internal(superuser, other), can_manage_association(superuser, other)) == (True, True)


def test_associations_for_superuser_lists_only_associations_of_own_roles():
    own, _other = AssociationFactory(), AssociationFactory()
    superuser = UserFactory(is_superuser=True)
    grant(superuser, own, RoleKind.EDITOR)
    assert list(associations_for(fresh(superuser), ACT_AS_EDITOR)) == [own]
