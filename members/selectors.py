"""Reads for member associations and local governments; each returns a fixed number of queries."""

import datetime as dt

from django.db.models import OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from federation.db import count_subquery
from members.enums import RoleKind
from members.models import Association, LocalGovernment, LocalGovernmentMembership, Role, Topic


def _active_on(day: dt.date, prefix: str = "") -> Q:
    """Joined on or before `day` and not yet left: for associations, and (with a prefix) their memberships."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day}))


def _local_government_count(day: dt.date):
    """How many local governments are members of the association on `day` (for `annotate()`)."""
    memberships = LocalGovernmentMembership.objects.filter(_active_on(day), association=OuterRef("pk"))
    return count_subquery(memberships, "association")


def association_list(*, day: dt.date | None = None) -> QuerySet[Association]:
    """The federation's members on `day` (today), with their logo, led topics and number of local governments."""
    day = day or timezone.localdate()
    return (
        Association.objects.filter(_active_on(day))
        .select_related("logo")
        .prefetch_related(Prefetch("led_topics", queryset=Topic.objects.order_by("name_pl")))
        .annotate(local_government_count=_local_government_count(day))
        .order_by("name")
    )


def association_list_eligible(*, day: dt.date | None = None) -> QuerySet[Association]:
    """The federation's members on `day` (today), by name, without what only their pages show (logo, led
    topics, counts): who may sign a position, counted on every position page."""
    day = day or timezone.localdate()
    return Association.objects.filter(_active_on(day)).order_by("name")


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


def local_governments_with_associations(*, local_governments: QuerySet[LocalGovernment], day: dt.date | None = None):
    """`local_governments` by official code, each with `current_memberships`: its memberships on `day`
    (today) of associations that are members of the federation then, by association name (one query more)."""
    day = day or timezone.localdate()
    current = (
        LocalGovernmentMembership.objects.filter(_active_on(day), association__in=association_list_eligible(day=day))
        .select_related("association")
        .order_by("association__name")
    )
    return local_governments.order_by("code").prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))


def association_signatories(*, association: Association) -> QuerySet[Role]:
    """People who sign for the association now: their names are public, as they appear under positions."""
    return (
        Role.objects.filter(association=association, kind=RoleKind.SIGNATORY, ends_on__isnull=True)
        .select_related("user")
        .order_by("user__last_name")
    )


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.select_related("lead_association").order_by("name_pl")


# --- The public API (members.api) ------------------------------------------------------------------------


def association_search(*, query: str) -> list[int]:
    """Primary keys of the associations whose names, region, town or description match every word of
    `query` (folded and stemmed, `federation.search`); one search query."""
    from federation.search import search_public, search_terms

    terms = search_terms(query)
    if not terms:
        return []
    return [association.pk for association in search_public(terms, Association.objects.only("pk"), newest_first=("name", "id"))]


def association_list_open(
    *, country: str | None = None, membership: str | None = None, query: str = "", day: dt.date | None = None
) -> QuerySet[Association]:
    """Every association, current and former, by name; `membership` "current" or "former" narrows to the
    members on `day` (today) or those that had left by then; `query` to those the search finds."""
    day = day or timezone.localdate()
    queryset = Association.objects.order_by("name", "pk")
    if country:
        queryset = queryset.filter(country=country)
    if membership == "current":
        queryset = queryset.filter(_active_on(day))
    elif membership == "former":
        queryset = queryset.filter(left_on__lte=day)
    if query:
        queryset = queryset.filter(pk__in=association_search(query=query))
    return queryset


def association_get_open(*, slug: str, day: dt.date | None = None) -> Association:
    """An association (current or former) with its led topics and its number of member local governments
    on `day` (Association.DoesNotExist otherwise); two queries."""
    day = day or timezone.localdate()
    return (
        Association.objects.prefetch_related(Prefetch("led_topics", queryset=Topic.objects.order_by("name_pl", "pk")))
        .annotate(local_government_count=_local_government_count(day))
        .get(slug=slug)
    )


def local_government_list_open(
    *,
    country: str | None = None,
    kind: str | None = None,
    association: Association | None = None,
    code_prefix: str = "",
    query: str = "",
    day: dt.date | None = None,
) -> QuerySet[LocalGovernment]:
    """Local governments by name and code, each with its parent unit and its memberships current on `day`
    (in `current_memberships`, with their associations); `association` narrows to its members on `day`.
    Three queries with the count, whatever the page size."""
    day = day or timezone.localdate()
    queryset = LocalGovernment.objects.select_related("parent").prefetch_related(
        Prefetch(
            "memberships",
            queryset=LocalGovernmentMembership.objects.filter(_active_on(day)).select_related("association").order_by("association__name"),
            to_attr="current_memberships",
        )
    )
    if country:
        queryset = queryset.filter(country=country)
    if kind:
        queryset = queryset.filter(kind=kind)
    if association is not None:
        members = LocalGovernmentMembership.objects.filter(_active_on(day), association=association)
        queryset = queryset.filter(pk__in=members.values("local_government_id"))
    if code_prefix:
        queryset = queryset.filter(code__startswith=code_prefix)
    if query:
        queryset = queryset.filter(name__icontains=query)
    return queryset.order_by("name", "code")


def local_government_get_open(*, code: str) -> LocalGovernment:
    """A local government by its official code, with its parent and every membership, past and present
    (LocalGovernment.DoesNotExist otherwise); two queries."""
    return (
        LocalGovernment.objects.select_related("parent")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=LocalGovernmentMembership.objects.select_related("association").order_by("joined_on", "association__name", "pk"),
            )
        )
        .get(code=code)
    )
