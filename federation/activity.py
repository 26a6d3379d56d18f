"""The activity log: every service records its state changes here."""

from django.contrib.contenttypes.models import ContentType

from federation.models import ActivityLogEntry


def log_action(*, actor, action: str, target=None, data: dict | None = None) -> ActivityLogEntry:
    """Record that `actor` performed the dotted `action` (e.g. "members.role.granted") on `target`.

    `target` may be omitted for actions on many records at once (an import); `data` then says what.
    """
    return ActivityLogEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:255] if target is not None else "",
        data=data or {},
    )
