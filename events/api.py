"""The public API's events (mounted by `federation.api`).

Only events open to anyone, published or cancelled (`selectors.event_list_open`): members-only and
invited-only events and drafts never appear, and neither does the online link (sent to registered
participants only) nor anything about the participants beyond the number of places left.
"""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from events import selectors
from events.enums import EventKind, EventStatus, Fee
from events.models import Event
from federation.api_base import (
    SLUG_MAX_LENGTH,
    SLUG_PATTERN,
    Error,
    IsoDate,
    PageBase,
    Paging,
    absolute,
    day_end,
    day_start,
    page,
    paginate,
)
from members.api import AssociationRef, TopicRef, association_by_slug, association_ref, topic_by_slug, topic_ref
from positions.api import PositionRef, position_ref
from positions.enums import PUBLIC_STATUSES
from presidency.api import TermRef, term_ref

router = Router()


class FeeSchema(Schema):
    kind: Fee
    amount: str | None = Field(description='Gross amount with two decimals, e.g. "250.00"; null when free.')
    currency: str | None
    vat_basis: str


class EventItem(Schema):
    slug: str
    title: str
    kind: EventKind
    status: EventStatus = Field(description="published, or cancelled (kept so that a calendar entry can be withdrawn).")
    starts_at: dt.datetime = Field(description="Start, ISO 8601 with the offset of the event's time zone.")
    ends_at: dt.datetime
    time_zone: str
    venue: str
    address: str
    online: bool = Field(description="Whether it can be followed online (the link itself is sent to registered participants only).")
    language: str
    topic: TopicRef | None
    organisers: list[AssociationRef]
    fee: FeeSchema
    capacity: int | None = Field(description="Number of places; null for no limit.")
    places_left: int | None = Field(description="Places still free; null for no limit.")
    registration_opens_at: dt.datetime | None
    registration_closes_at: dt.datetime | None
    url: str | None = Field(description="The event's page on the site (in the event's language); null before the site is set up.")


class AgendaEntry(Schema):
    order: int
    title: str
    position: PositionRef | None = Field(description="The published position it concerns, if any.")


class EventDetail(EventItem):
    description: str
    speakers: list[str]
    hours: str | None = Field(description='Hours of training, e.g. "6.0".')
    accreditation_number: str
    term: TermRef | None = Field(description="The presidency term of a board sitting or directors' meeting.")
    agenda: list[AgendaEntry]
    minutes: str
    positions_adopted: list[PositionRef] = Field(description="Published positions adopted at this meeting.")


class EventPage(PageBase):
    items: list[EventItem]


class EventFilters(Schema):
    kind: EventKind | None = None
    organiser: str | None = Field(
        None,
        max_length=SLUG_MAX_LENGTH,
        pattern=SLUG_PATTERN,
        description="Slug of an association: the events it organises (404 when no association has it).",
    )
    topic: str | None = Field(
        None, max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN, description="Slug of a topic (404 when no topic has it)."
    )
    from_: IsoDate | None = Field(None, alias="from", description="Only events that end on or after this day (YYYY-MM-DD, Europe/Warsaw).")
    to: IsoDate | None = Field(None, description="Only events that start on or before this day (YYYY-MM-DD, Europe/Warsaw).")


class EventLinks:
    """The event's page on the site: on the events page of the event's language, else of the default one."""

    def __init__(self, request):
        self.request = request
        self.pages = selectors.event_index_pages()
        self.urls = {code: page.get_url(request) for code, page in self.pages.items()}

    def page(self, event: Event) -> str | None:
        code = event.language if event.language in self.pages else "default"
        if code not in self.pages or not self.urls[code]:
            return None
        return absolute(self.request, self.urls[code] + self.pages[code].reverse_subpage("event_detail", args=[event.slug]))


def _amount(value) -> str | None:
    return f"{value:.2f}" if value is not None else None


def _event_item(event: Event, links: EventLinks) -> dict:
    zone = event.zone
    return {
        "slug": event.slug,
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "starts_at": event.starts_at.astimezone(zone),
        "ends_at": event.ends_at.astimezone(zone),
        "time_zone": event.time_zone,
        "venue": event.venue,
        "address": event.address,
        "online": bool(event.online_url),
        "language": event.language,
        "topic": topic_ref(event.topic),
        "organisers": [association_ref(association) for association in event.organisers.all()],
        "fee": {
            "kind": event.fee,
            "amount": _amount(event.fee_amount) if event.fee == Fee.PAID else None,
            "currency": event.fee_currency if event.fee == Fee.PAID else None,
            "vat_basis": event.vat_basis,
        },
        "capacity": event.capacity,
        "places_left": selectors.places_left(event),
        "registration_opens_at": event.registration_opens_at.astimezone(zone) if event.registration_opens_at else None,
        "registration_closes_at": event.registration_closes_at.astimezone(zone) if event.registration_closes_at else None,
        "url": links.page(event),
    }


def _public_position(position):
    return position_ref(position) if position is not None and position.status in PUBLIC_STATUSES else None


@router.get(
    "/events",
    response={200: EventPage, 404: Error, 422: Error},
    tags=["events"],
    summary="Events",
    description="Seminars, trainings, conferences, webinars and meetings open to anyone, by start. "
    "`from` and `to` keep the events that overlap that period.",
    url_name="event_list",
    operation_id="event_list",
)
def event_list(request, filters: Query[EventFilters], paging: Query[Paging]):
    organiser = association_by_slug(filters.organiser) if filters.organiser else None
    topic = topic_by_slug(filters.topic) if filters.topic else None
    queryset = selectors.event_list_open(
        kind=filters.kind,
        organiser=organiser,
        topic=topic,
        ends_at_or_after=day_start(filters.from_) if filters.from_ else None,
        starts_before=day_end(filters.to) if filters.to else None,
    )
    count, events = paginate(queryset, paging)
    links = EventLinks(request)
    return page(paging, count, [_event_item(event, links) for event in events])


@router.get(
    "/events/{slug}",
    response={200: EventDetail, 404: Error, 422: Error},
    tags=["events"],
    summary="One event",
    description="An event open to anyone by its slug, with its agenda and, for meetings, the minutes and the positions adopted.",
    url_name="event_detail",
    operation_id="event_detail",
)
def event_detail(request, slug: str = Path(..., max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN)):
    try:
        event = selectors.event_get_open(slug=slug)
    except Event.DoesNotExist:
        raise HttpError(404, _("No public event has the slug “%(slug)s”.") % {"slug": slug}) from None
    hours = f"{event.hours:.1f}" if event.hours is not None else None
    return {
        **_event_item(event, EventLinks(request)),
        "description": event.description,
        "speakers": event.speaker_list,
        "hours": hours,
        "accreditation_number": event.accreditation_number,
        "term": term_ref(event.term),
        "agenda": [
            {"order": item.order, "title": item.title, "position": _public_position(item.position)} for item in event.agenda_items.all()
        ],
        "minutes": event.minutes,
        "positions_adopted": [
            position_ref(position)
            for position in sorted(event.positions_adopted.all(), key=lambda position: (position.adopted_on or dt.date.min, position.pk))
            if position.status in PUBLIC_STATUSES
        ],
    }
