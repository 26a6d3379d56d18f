"""Who may act for an association. Every check in views, templates and services goes through here.

Rights come from django-guardian object permissions held by the association's group for each role kind;
the groups and grants are made only by `members.services`. The secretariat (a Django group with model-level
permissions) manages every association. Superusers count as the secretariat, but act for an association
only through a role in it, like anyone else (`holds`).
"""

from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from members.enums import RoleKind

SECRETARIAT_GROUP = "Secretariat"

VIEW_INTERNAL = "members.view_internal"
ACT_AS_EDITOR = "members.act_as_editor"
SIGN_ON_BEHALF = "members.sign_on_behalf"
MANAGE_ASSOCIATION = "members.manage_association"

# What each role kind may do in its association. Data, so the grant service and the docs share it.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    RoleKind.STAFF: (VIEW_INTERNAL,),
    RoleKind.EDITOR: (VIEW_INTERNAL, ACT_AS_EDITOR),
    RoleKind.SIGNATORY: (VIEW_INTERNAL, SIGN_ON_BEHALF),
    RoleKind.ADMINISTRATOR: (VIEW_INTERNAL, ACT_AS_EDITOR, MANAGE_ASSOCIATION),
}


def is_secretariat(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("members.change_association")))


def holds(user, perm: str, association) -> bool:
    """Whether `user` holds `perm` in `association` through a role. A superuser is no exception: Django lets
    superusers pass every permission check, but writing, steering or signing for an association is that
    association's act, so the site's administrator needs a role in it like anyone else."""
    if not (user and user.is_active and user.is_authenticated):
        return False
    if user.is_superuser:
        checker = ObjectPermissionChecker(user)  # its get_perms would grant a superuser everything; these do not
        codename = perm.split(".", 1)[-1]
        return codename in {*checker.get_user_perms(association), *checker.get_group_perms(association)}
    return user.has_perm(perm, association)


def can_view_internal(user, association) -> bool:
    return is_secretariat(user) or holds(user, VIEW_INTERNAL, association)


def can_act_as_editor(user, association) -> bool:
    return holds(user, ACT_AS_EDITOR, association)


def can_sign_for(user, association) -> bool:
    return holds(user, SIGN_ON_BEHALF, association)


def can_manage_association(user, association) -> bool:
    return is_secretariat(user) or holds(user, MANAGE_ASSOCIATION, association)


def can_reset_second_factor(user, person) -> bool:
    """Whether `user` may reset `person`'s second factor (their authenticator and recovery codes, for someone
    who lost both): the secretariat and superusers. Never their own: a stolen password would then be enough
    to replace the owner's authenticator. Only a superuser resets a superuser's."""
    if person is None or not (user and user.is_authenticated and is_secretariat(user)) or user.pk == person.pk:
        return False
    return user.is_superuser or not person.is_superuser


def associations_for(user, perm: str):
    """The associations in which `user` holds `perm` through a role (never through global permissions)."""
    from members.models import Association

    return get_objects_for_user(user, perm, klass=Association, accept_global_perms=False, with_superuser=False)
