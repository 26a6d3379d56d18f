"""Reads for member associations and local governments; each returns a fixed number of queries."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from members.enums import RoleKind
from members.models import Association, LocalGovernmentMembership, Role, Topic


def _active_on(day: dt.date, prefix: str = "") -> Q:
    """Joined on or before `day` and not yet left: for associations, and (with a prefix) their memberships."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day}))


def association_list(*, day: dt.date | None = None) -> QuerySet[Association]:
    """The federation's members on `day` (today), with their logo, led topics and number of local governments."""
    day = day or timezone.localdate()
    return (
        Association.objects.filter(_active_on(day))
        .select_related("logo")
        .prefetch_related(Prefetch("led_topics", queryset=Topic.objects.order_by("name_pl")))
        .annotate(local_government_count=Count("local_memberships", filter=_active_on(day, "local_memberships__"), distinct=True))
        .order_by("name")
    )


def association_former_list(*, day: dt.date | None = None) -> QuerySet[Association]:
    day = day or timezone.localdate()
    return Association.objects.filter(left_on__lte=day).order_by("-left_on", "name")


def association_get(*, slug: str) -> Association:
    return Association.objects.select_related("logo").prefetch_related("led_topics").get(slug=slug)


def association_local_governments(*, association: Association, day: dt.date | None = None) -> QuerySet[LocalGovernmentMembership]:
    """The local governments that are members of `association` on `day`, with their parent units."""
    day = day or timezone.localdate()
    return (
        LocalGovernmentMembership.objects.filter(_active_on(day), association=association)
        .select_related("local_government", "local_government__parent", "local_government__parent__parent")
        .order_by("local_government__name", "local_government__code")
    )


def association_signatories(*, association: Association) -> QuerySet[Role]:
    """People who sign for the association now: their names are public, as they appear under positions."""
    return (
        Role.objects.filter(association=association, kind=RoleKind.SIGNATORY, ends_on__isnull=True)
        .select_related("user")
        .order_by("user__last_name")
    )


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.select_related("lead_association").order_by("name_pl")
