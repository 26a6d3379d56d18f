"""Writes for member associations, local governments and roles.

Every function is keyword-only, validates its input with messages a non-technical editor understands,
writes the activity log, and is the only place the matching state change happens.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from federation.activity import log_action
from federation.i18n import short_date
from members.enums import RoleKind
from members.models import Association, LocalGovernment, LocalGovernmentMembership, Role
from members.permissions import ROLE_PERMISSIONS, SECRETARIAT_GROUP
from members.signals import association_joined, association_left

# Model permissions the secretariat needs to keep the records in the admin. Records with legal weight
# (associations, memberships, roles, terms) are never deleted: they end with a date instead.
_KEEP = ("add", "change", "view")
_KEEP_AND_DELETE = ("add", "change", "delete", "view")
_SECRETARIAT_MODEL_PERMISSIONS = {
    ("members", "association"): _KEEP,
    ("members", "localgovernmentmembership"): _KEEP,
    ("members", "role"): _KEEP,
    ("members", "localgovernment"): _KEEP,
    ("members", "topic"): _KEEP_AND_DELETE,
    ("presidency", "term"): _KEEP,
    ("presidency", "trio"): _KEEP_AND_DELETE,
    ("presidency", "rotationplace"): _KEEP_AND_DELETE,
    ("cms", "federationsettings"): ("change", "view"),
    # Draft acts are kept in the admin; positions are only listed there (they change in the workspace).
    ("positions", "draftact"): _KEEP,
    ("positions", "position"): ("view",),
    # Events are listed in the admin (they change in the organisers' workspace, through the services).
    ("events", "event"): ("change", "view"),
    ("events", "registration"): ("view",),
}


def secretariat_group_ensure() -> Group:
    """Create or complete the secretariat group: admin access and the right to keep every record."""
    group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    wanted = Q(content_type__app_label="wagtailadmin", codename="access_admin")
    for (app_label, model), actions in _SECRETARIAT_MODEL_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, codename__in=[f"{action}_{model}" for action in actions])
    # set(), not add(): a right taken out of the list above is taken back on the next migrate.
    group.permissions.set(Permission.objects.filter(wanted))
    return group


# --- Associations ---------------------------------------------------------------------------------------


def association_save(*, association: Association, by=None) -> Association:
    """Validate and save an association (new or edited).

    Side effects: activity log entry; `association_joined` when it is new, `association_left` when a
    leaving date was set (the presidency schedule listens to both).
    """
    association.full_clean()
    is_new = association.pk is None
    previous_left_on = None if is_new else Association.objects.values_list("left_on", flat=True).get(pk=association.pk)
    with transaction.atomic():
        association.save()
        log_action(
            actor=by,
            action="members.association.created" if is_new else "members.association.changed",
            target=association,
        )
        if is_new:
            transaction.on_commit(lambda: association_joined.send(Association, association=association, day=association.joined_on))
        if association.left_on and association.left_on != previous_left_on:
            log_action(actor=by, action="members.association.left", target=association, data={"left_on": association.left_on.isoformat()})
            transaction.on_commit(lambda: association_left.send(Association, association=association, day=association.left_on))
    return association


def association_leave(*, association: Association, left_on: dt.date, by=None) -> Association:
    """Record that an association leaves the federation on `left_on` (its record and history stay)."""
    if association.left_on is not None:
        raise ValidationError(
            _("%(name)s already left the federation on %(date)s.") % {"name": association, "date": short_date(association.left_on)}
        )
    association.left_on = left_on
    try:
        return association_save(association=association, by=by)
    except ValidationError:
        association.left_on = None  # a refused date leaves the object as it was, ready for a corrected one
        raise


# --- Local governments ----------------------------------------------------------------------------------


def local_government_join(
    *, local_government: LocalGovernment, association: Association, joined_on: dt.date, by=None
) -> LocalGovernmentMembership:
    """Make a local government a member of an association from `joined_on`."""
    with transaction.atomic():
        LocalGovernment.objects.select_for_update().get(pk=local_government.pk)
        if LocalGovernmentMembership.objects.filter(
            local_government=local_government, association=association, left_on__isnull=True
        ).exists():
            raise ValidationError(
                _("%(unit)s is already a member of %(association)s.") % {"unit": local_government.name, "association": association}
            )
        membership = LocalGovernmentMembership(local_government=local_government, association=association, joined_on=joined_on)
        membership.full_clean()
        membership.save()
        log_action(actor=by, action="members.local_government.joined", target=membership, data={"joined_on": joined_on.isoformat()})
    return membership


def local_government_leave(*, membership: LocalGovernmentMembership, left_on: dt.date, by=None) -> LocalGovernmentMembership:
    if membership.left_on is not None:
        raise ValidationError(_("This membership already ended on %(date)s.") % {"date": short_date(membership.left_on)})
    if left_on < membership.joined_on:
        raise ValidationError(_("A membership cannot end before it began (%(date)s).") % {"date": short_date(membership.joined_on)})
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    log_action(actor=by, action="members.local_government.left", target=membership, data={"left_on": left_on.isoformat()})
    return membership


# --- Roles and their permissions ------------------------------------------------------------------------


def role_group_name(association: Association, kind: str) -> str:
    return f"association-{association.pk}-{kind}"


def _role_group(association: Association, kind: str) -> Group:
    """The association's group for one role kind, holding that kind's object permissions on it."""
    group, created = Group.objects.get_or_create(name=role_group_name(association, kind))
    if created:
        for perm in ROLE_PERMISSIONS[kind]:
            assign_perm(perm, group, association)
    return group


def role_grant(*, user, association: Association, kind: str, starts_on: dt.date | None = None, title: str = "", by=None) -> Role:
    """Give `user` a role in `association` from `starts_on` (today by default, never in the future).

    Side effects: adds the user to the association's group for that role (object permissions through
    django-guardian); activity log entry.
    """
    today = timezone.localdate()
    starts_on = starts_on or today
    if kind not in RoleKind.values:
        raise ValidationError(_("Unknown role."))
    if starts_on > today:
        raise ValidationError(_("A role starts today or earlier; record it on the day it begins."))
    if starts_on < association.joined_on:
        raise ValidationError(
            _("%(name)s joined the federation on %(date)s; a role in it cannot start earlier.")
            % {"name": association, "date": short_date(association.joined_on)}
        )
    if association.left_on is not None and association.left_on <= today:
        raise ValidationError(_("%(name)s has left the federation; its people cannot be given new roles.") % {"name": association})
    already_held = ValidationError(
        _("%(person)s already holds the role “%(role)s” in %(association)s.")
        % {
            "person": user.get_full_name() or user.get_username(),
            "role": RoleKind(kind).label,
            "association": association.short_name,
        }
    )
    if Role.objects.filter(user=user, association=association, kind=kind, ends_on__isnull=True).exists():
        raise already_held
    with transaction.atomic():
        try:
            # Two grants at once: the database's one-open-role constraint lets only the first through.
            with transaction.atomic():
                role = Role.objects.create(user=user, association=association, kind=kind, title=title, starts_on=starts_on, granted_by=by)
        except IntegrityError:
            raise already_held from None
        user.groups.add(_role_group(association, kind))
        log_action(actor=by, action="members.role.granted", target=role, data={"kind": kind, "user": user.pk})
    return role


def role_end(*, role: Role, ends_on: dt.date | None = None, by=None) -> Role:
    """End a role on `ends_on` (today by default, never in the future) and revoke its permissions at once."""
    today = timezone.localdate()
    ends_on = ends_on or today
    if role.ends_on is not None:
        raise ValidationError(_("This role already ended on %(date)s.") % {"date": short_date(role.ends_on)})
    if ends_on > today:
        raise ValidationError(_("A role ends today or earlier; record it on the day it ends."))
    if ends_on < role.starts_on:
        raise ValidationError(_("A role cannot end before it began (%(date)s).") % {"date": short_date(role.starts_on)})
    with transaction.atomic():
        role.ends_on = ends_on
        role.ended_by = by
        role.save(update_fields=["ends_on", "ended_by"])
        role.user.groups.remove(_role_group(role.association, role.kind))
        log_action(actor=by, action="members.role.ended", target=role, data={"ends_on": ends_on.isoformat()})
    return role


# --- Import of local governments ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def local_governments_import(*, rows, by=None, progress=None) -> ImportResult:
    """Create or update local governments from parsed rows, all or nothing.

    `rows` are `members.importers.UnitRow` already validated; parents must come earlier in the list or
    exist already. Re-importing the same rows changes nothing (units are keyed on their official code).
    `progress(done, total)` is called as rows are written.
    """
    created = updated = unchanged = 0
    total = len(rows)
    with transaction.atomic():
        existing = {
            unit.code: unit
            for unit in LocalGovernment.objects.filter(code__in=[r.code for r in rows] + [r.parent_code for r in rows if r.parent_code])
        }
        for done, row in enumerate(rows, start=1):
            parent = existing.get(row.parent_code) if row.parent_code else None
            # parent_id, not parent: comparing the related object would load it once per unit.
            values = {"country": row.country, "name": row.name, "kind": row.kind, "parent_id": parent.pk if parent else None}
            if row.population is not None:
                values["population"] = row.population
            unit = existing.get(row.code)
            if unit is None:
                unit = LocalGovernment.objects.create(code=row.code, **values)
                existing[row.code] = unit
                created += 1
            elif any(getattr(unit, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(unit, field, value)
                unit.save()
                updated += 1
            else:
                unchanged += 1
            if progress:
                progress(done, total)
        if created or updated:
            log_action(
                actor=by,
                action="members.local_governments.imported",
                data={"created": created, "updated": updated, "unchanged": unchanged},
            )
    return ImportResult(created=created, updated=updated, unchanged=unchanged)
