"""Reads for events; each returns a fixed number of queries whatever the size."""

import datetime as dt

from django.db.models import Case, IntegerField, Min, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from events.enums import Audience, EventStatus, RegistrationStatus
from events.models import AgendaItem, Event, Registration
from federation.db import count_subquery
from members.models import Association


def _with_counts(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate confirmed and waiting counts, and places left (None for no limit)."""

    def counted(status):
        return count_subquery(Registration.objects.filter(event=OuterRef("pk"), status=status), "event")

    return queryset.annotate(confirmed_count=counted(RegistrationStatus.CONFIRMED), waiting_count=counted(RegistrationStatus.WAITING))


def places_left(event: Event) -> int | None:
    """Places still free (needs `confirmed_count` from a selector, or counts now)."""
    if event.capacity is None:
        return None
    confirmed = getattr(event, "confirmed_count", None)
    if confirmed is None:
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return max(event.capacity - confirmed, 0)


def event_page_changes_at(event: Event, *, now: dt.datetime) -> dt.datetime | None:
    """The next moment the event's public page changes with no record saved: registration opens or closes,
    or the event ends (None if none is ahead)."""
    moments = (event.registration_opens_at, event.registration_closes_at or event.starts_at, event.ends_at)
    return min((moment for moment in moments if moment is not None and moment > now), default=None)


def _visible(user) -> QuerySet[Event]:
    """Published and cancelled events the public sees: invited-only ones only for members' people."""
    from events.permissions import is_member_person

    queryset = Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    if not is_member_person(user):
        queryset = queryset.exclude(audience=Audience.INVITED)
    return queryset


def event_list_public(*, user=None) -> QuerySet[Event]:
    """The events `user` sees on the public site, with organisers and registration counts."""
    return _with_counts(
        _visible(user)
        .select_related("topic", "term__association")
        .prefetch_related(Prefetch("organisers", queryset=Association.objects.order_by("name")))
    )


def event_lists_change_at(*, user=None, now: dt.datetime) -> dt.datetime | None:
    """When the lists of upcoming and past events change by themselves: the next public event ends."""
    return _visible(user).filter(ends_at__gte=now).aggregate(moment=Min("ends_at"))["moment"]


def event_list_upcoming(*, user=None, now: dt.datetime | None = None) -> QuerySet[Event]:
    return event_list_public(user=user).filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")


def event_list_past(*, user=None, now: dt.datetime | None = None) -> QuerySet[Event]:
    return event_list_public(user=user).filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")


def event_get_public(*, slug: str, user=None) -> Event:
    """An event's public page: with organisers, agenda (and its positions), positions adopted."""
    return (
        event_list_public(user=user)
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("position").order_by("order")),
            "positions_adopted",
        )
        .get(slug=slug)
    )


def event_list_for_calendar(*, association: Association | None = None) -> QuerySet[Event]:
    """What the public calendar feeds carry: public and members' events from a year back onwards."""
    queryset = Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]).exclude(audience=Audience.INVITED)
    queryset = queryset.filter(ends_at__gte=timezone.now() - dt.timedelta(days=365))
    if association is not None:
        queryset = queryset.filter(organisers=association)
    return queryset.order_by("starts_at", "pk")


def event_list_managed(*, user) -> QuerySet[Event]:
    """Events the user organises (or all, for the secretariat), newest first, with counts."""
    from events.enums import FEDERATION_MEETINGS
    from members.permissions import ACT_AS_EDITOR, MANAGE_ASSOCIATION, associations_for, is_secretariat

    queryset = Event.objects.all()
    if not is_secretariat(user):
        own = associations_for(user, ACT_AS_EDITOR) | associations_for(user, MANAGE_ASSOCIATION)
        queryset = queryset.filter(Q(organisers__in=own) | Q(kind__in=FEDERATION_MEETINGS, term__association__in=own)).distinct()
    return _with_counts(queryset.select_related("term__association").prefetch_related("organisers")).order_by("-starts_at", "-pk")


def registration_list(*, event: Event) -> QuerySet[Registration]:
    """The organiser's list: confirmed first, then the waiting list in order, then cancelled."""
    order = {RegistrationStatus.CONFIRMED: 0, RegistrationStatus.WAITING: 1, RegistrationStatus.CANCELLED: 2}
    rank = Case(*(When(status=status, then=Value(value)) for status, value in order.items()), output_field=IntegerField())
    return Registration.objects.filter(event=event).select_related("local_government", "association").order_by(rank, "created_at", "pk")


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    return (
        Registration.objects.filter(event_id=registration.event_id, status=RegistrationStatus.WAITING)
        .filter(Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, pk__lt=registration.pk))
        .count()
        + 1
    )


# --- The public API (events.api) -------------------------------------------------------------------------


def event_list_open(
    *,
    kind: str | None = None,
    organiser: Association | None = None,
    topic=None,
    ends_at_or_after: dt.datetime | None = None,
    starts_before: dt.datetime | None = None,
) -> QuerySet[Event]:
    """Published and cancelled events open to anyone (never members-only or invited-only ones, never
    drafts), by start, with their topic, term, organisers and registration counts; three queries with the
    count. The moments keep the events that overlap the period between them."""
    queryset = _with_counts(
        Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED], audience=Audience.PUBLIC)
        .select_related("topic", "term__association")
        .prefetch_related(Prefetch("organisers", queryset=Association.objects.order_by("name")))
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if organiser is not None:
        queryset = queryset.filter(pk__in=Event.organisers.through.objects.filter(association=organiser).values("event_id"))
    if topic is not None:
        queryset = queryset.filter(topic=topic)
    if ends_at_or_after is not None:
        queryset = queryset.filter(ends_at__gte=ends_at_or_after)
    if starts_before is not None:
        queryset = queryset.filter(starts_at__lt=starts_before)
    return queryset.order_by("starts_at", "pk")


def event_get_open(*, slug: str) -> Event:
    """A public event (as `event_list_open` lists them) with its agenda and the positions adopted at it
    (Event.DoesNotExist otherwise)."""
    return (
        event_list_open()
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("position").order_by("order")),
            "positions_adopted",
        )
        .get(slug=slug)
    )


def event_index_pages() -> dict:
    """The live public events page in each language (by language code), and the default language's as
    "default"; read by model name, so this app does not import the public site's code."""
    from django.apps import apps
    from wagtail.models import Locale

    model = apps.get_model("cms", "EventIndexPage")
    default = Locale.get_default()
    pages = {}
    for page in model.objects.live().public().select_related("locale"):
        pages.setdefault(page.locale.language_code, page)
        if page.locale_id == default.pk:
            pages["default"] = page
    return pages
