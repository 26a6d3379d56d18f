"""Reads of the public site that span several apps: the site-wide search.

Every kind of record is searched through Wagtail's search backend (its PostgreSQL full-text backend in
production) on the folded, stemmed `search_terms` each model offers (`federation/search.py`), so Polish and
Czech words are found whatever their diacritics and endings. Each kind starts from what the public may
see — published or superseded positions, draft acts with a public stance, live public pages of the
language being read, published or cancelled events that are not invitation-only — and the backend applies
that filter itself, so a draft's words never find it.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale, Page

from events.enums import Audience, EventStatus
from events.models import Event
from federation.search import search_public, search_terms
from members.models import Association
from positions.enums import PUBLIC_STATUSES
from positions.models import DraftAct, Position

# How many hits each kind shows when all kinds are listed, and per page when one kind is chosen.
PREVIEW_SIZE = 5
PAGE_SIZE = 20
# A query longer than this many words is cut (the search ANDs its words; more add nothing but cost).
MAX_WORDS = 12


@dataclass
class SearchHit:
    title: str
    url: str
    summary: str = ""
    meta: str = ""


@dataclass
class SearchGroup:
    kind: str
    label: str
    count: int
    hits: list[SearchHit]
    page: object = None  # the Paginator page when one kind is listed


@dataclass
class SiteSearch:
    query: str
    terms: str
    groups: list[SearchGroup] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def _sections(home: Page | None) -> dict[str, Page]:
    """The home page's section pages in the language being read, by model name, in one query (plain
    pages: only their addresses are needed)."""
    if home is None:
        return {}
    return {page.specific_class.__name__: page for page in home.get_children().live() if page.specific_class}


def _section_url(sections, name, request) -> str | None:
    page = sections.get(name)
    return page.get_url(request) if page is not None else None


def _clip(text: str, length: int = 220) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"


class _Kind:
    """One kind of record: its public queryset and how a hit is shown."""

    key = ""
    label = ""
    # The order of hits where the backend does not rank them by relevance (see `federation.search.ranks_by_relevance`).
    newest_first: tuple[str, ...] = ("-id",)

    def __init__(self, *, sections, locale, request):
        self.sections, self.locale, self.request = sections, locale, request

    def available(self) -> bool:
        return True

    def queryset(self):
        raise NotImplementedError

    def prepare(self, objects):
        return objects

    def hit(self, obj) -> SearchHit:
        raise NotImplementedError


class _Positions(_Kind):
    key, label = "positions", _("Joint positions")
    newest_first = ("-published_at", "-id")

    def available(self):
        self.base = _section_url(self.sections, "PositionIndexPage", self.request)
        return self.base is not None

    def queryset(self):
        return Position.objects.filter(status__in=PUBLIC_STATUSES)

    def prepare(self, objects):
        return Position.objects.filter(pk__in=[obj.pk for obj in objects]).select_related("topic", "current_version").in_bulk()

    def hit(self, position):
        meta = [position.reference, date_format(position.adopted_on, "DATE_FORMAT") if position.adopted_on else ""]
        if position.topic:
            meta.append(position.topic.name)
        version = position.current_version
        summary = ""
        if version is not None:
            summary = version.preamble or (version.points[0]["text"] if version.points else "")
        return SearchHit(
            title=position.title, url=f"{self.base}{position.slug}/", summary=_clip(summary), meta=" · ".join(p for p in meta if p)
        )


class _DraftActs(_Kind):
    key, label = "draft_acts", _("Draft acts")
    newest_first = ("-created_at", "-id")

    def available(self):
        base = _section_url(self.sections, "PositionIndexPage", self.request)
        self.base = f"{base}projekty/" if base else None
        return self.base is not None

    def queryset(self):
        return DraftAct.objects.filter(stance_is_public=True)

    def prepare(self, objects):
        return DraftAct.objects.filter(pk__in=[obj.pk for obj in objects]).select_related("topic").prefetch_related("identifiers").in_bulk()

    def hit(self, draft_act):
        meta = [identifier.value for identifier in draft_act.identifiers.all()] + [draft_act.get_stance_display()]
        return SearchHit(
            title=draft_act.title,
            url=f"{self.base}#draft-act-{draft_act.pk}",
            summary=_clip(draft_act.summary),
            meta=" · ".join(meta),
        )


class _Pages(_Kind):
    """Live public pages of one type in the language being read."""

    model_name = ""
    newest_first = ("-first_published_at", "-id")

    def available(self):
        from django.apps import apps

        try:
            self.model = apps.get_model("cms", self.model_name)
        except LookupError:
            return False
        return self.locale is not None

    def queryset(self):
        return self.model.objects.live().public().filter(locale=self.locale)


class _News(_Pages):
    key, label, model_name = "news", _("News"), "NewsPage"

    def hit(self, page):
        return SearchHit(
            title=page.title,
            url=page.get_url(self.request),
            summary=_clip(page.summary),
            meta=date_format(page.date, "DATE_FORMAT"),
        )


class _Practices(_Pages):
    key, label, model_name = "practices", _("Good practices"), "GoodPracticePage"

    def hit(self, page):
        from django.utils.text import capfirst

        meta = [page.town, page.region_name, capfirst(page.get_unit_kind_display())]
        return SearchHit(
            title=page.title,
            url=page.get_url(self.request),
            summary=_clip(page.summary),
            meta=" · ".join(part for part in meta if part),
        )


class _Events(_Kind):
    key, label = "events", pgettext_lazy("search results", "Events")
    newest_first = ("-starts_at", "-id")

    def available(self):
        self.base = _section_url(self.sections, "EventIndexPage", self.request)
        return self.base is not None

    def queryset(self):
        return Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]).exclude(audience=Audience.INVITED)

    def prepare(self, objects):
        return (
            Event.objects.filter(pk__in=[obj.pk for obj in objects])
            .prefetch_related(Prefetch("organisers", queryset=Association.objects.order_by("name")))
            .in_bulk()
        )

    def hit(self, event):
        from django.utils import timezone

        meta = [event.get_kind_display(), date_format(timezone.localtime(event.starts_at, event.zone), "DATE_FORMAT")]
        if event.status == EventStatus.CANCELLED:
            meta.append(str(pgettext_lazy("event status", "cancelled")))
        meta.append(", ".join(association.short_name for association in event.organisers.all()))
        return SearchHit(title=event.title, url=f"{self.base}{event.slug}/", summary=_clip(event.description), meta=" · ".join(meta))


class _Associations(_Kind):
    key, label = "associations", _("Member associations")
    newest_first = ("name", "id")

    def available(self):
        self.base = _section_url(self.sections, "MembersPage", self.request)
        return self.base is not None

    def queryset(self):
        return Association.objects.all()

    def hit(self, association):
        meta = [association.short_name, association.region]
        if association.left_on:
            meta.append(str(_("former member")))
        return SearchHit(
            title=association.name,
            url=f"{self.base}{association.slug}/",
            summary=_clip(association.description),
            meta=" · ".join(part for part in meta if part),
        )


KINDS = [_Positions, _DraftActs, _Practices, _News, _Events, _Associations]
KIND_CHOICES = [(kind.key, kind.label) for kind in KINDS]


def _hits(kind: _Kind, objects) -> list[SearchHit]:
    """The hits for `objects` (search results, best first), with related records fetched in bulk."""
    objects = list(objects)
    prepared = kind.prepare(objects)
    if isinstance(prepared, dict):
        objects = [prepared[obj.pk] for obj in objects if obj.pk in prepared]
    return [kind.hit(obj) for obj in objects]


def site_search(*, query: str, request, home: Page | None, kind: str | None = None, page_number=None) -> SiteSearch:
    """Search every public kind of record for `query`, grouped by kind (best first within each).

    With `kind`, only that kind, paginated (`page_number`); without, the first PREVIEW_SIZE hits of each
    kind with its total. Best first on PostgreSQL, newest first on SQLite (`federation.search.ranks_by_relevance`). Kinds without hits are left out. A fixed number of queries per kind.
    """
    terms = " ".join(search_terms(query).split()[:MAX_WORDS])
    result = SiteSearch(query=query, terms=terms)
    if not terms:
        return result
    locale = home.locale if home is not None else Locale.get_active()
    sections = _sections(home)
    for kind_class in KINDS:
        if kind and kind_class.key != kind:
            continue
        handler = kind_class(sections=sections, locale=locale, request=request)
        if not handler.available():
            continue
        results = search_public(terms, handler.queryset(), newest_first=handler.newest_first)
        if kind:
            page = Paginator(results, PAGE_SIZE).get_page(page_number)
            if page.paginator.count:
                result.groups.append(
                    SearchGroup(
                        kind=handler.key, label=str(handler.label), count=page.paginator.count, hits=_hits(handler, page), page=page
                    )
                )
            continue
        count = results.count()
        if count:
            result.groups.append(
                SearchGroup(kind=handler.key, label=str(handler.label), count=count, hits=_hits(handler, results[:PREVIEW_SIZE]))
            )
    return result
