"""The public API's presidency: terms, the term in force today, trios (mounted by `federation.api`).

Read through `presidency.selectors`; everything here is on the public presidency page. Handover notes are
internal and never leave the admin.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from federation.api_base import SLUG_MAX_LENGTH, SLUG_PATTERN, Error, IsoDate, PageBase, Paging, page, paginate
from members.api import AssociationRef, association_by_slug, association_ref
from presidency import selectors
from presidency.models import Term, Trio

router = Router()


class TrioRef(Schema):
    id: int
    name: str


class TermRef(Schema):
    id: int
    association: AssociationRef = Field(description="The presiding association.")
    starts_on: dt.date = Field(description="First day of the term (included).")
    ends_on: dt.date = Field(description="Last day of the term (included).")


class TermItem(TermRef):
    gap_before: bool = Field(description="Whether the federation decided that nobody presides between the previous term and this one.")
    programme: str
    priorities: list[str]
    trio: TrioRef | None
    is_current: bool = Field(description="Whether the term is in force today (local date in Europe/Warsaw).")


class TermPage(PageBase):
    items: list[TermItem]


class TermFilters(Schema):
    from_: IsoDate | None = Field(None, alias="from", description="Only terms that end on or after this day (YYYY-MM-DD).")
    to: IsoDate | None = Field(None, description="Only terms that start on or before this day (YYYY-MM-DD).")
    association: str | None = Field(
        None,
        max_length=SLUG_MAX_LENGTH,
        pattern=SLUG_PATTERN,
        description="Slug of an association: only its terms (404 when no association has it).",
    )


class TrioItem(TrioRef):
    programme: str
    terms: list[TermRef] = Field(description="Its three terms (or fewer while being planned), in order.")


class TrioPage(PageBase):
    items: list[TrioItem]


def term_ref(term: Term | None) -> dict | None:
    if term is None:
        return None
    return {"id": term.pk, "association": association_ref(term.association), "starts_on": term.starts_on, "ends_on": term.ends_on}


def _term_item(term: Term, today: dt.date) -> dict:
    return {
        **term_ref(term),
        "gap_before": term.gap_before,
        "programme": term.programme,
        "priorities": term.priority_list,
        "trio": {"id": term.trio.pk, "name": term.trio.name} if term.trio else None,
        "is_current": term.includes(today),
    }


@router.get(
    "/presidency/terms",
    response={200: TermPage, 404: Error, 422: Error},
    tags=["presidency"],
    summary="Presidency terms",
    description="Every term, past, current and planned, by first day. `from` and `to` keep the terms that overlap that period.",
    url_name="term_list",
    operation_id="term_list",
)
def term_list(request, filters: Query[TermFilters], paging: Query[Paging]):
    association = association_by_slug(filters.association) if filters.association else None
    queryset = selectors.term_list_open(ends_on_or_after=filters.from_, starts_on_or_before=filters.to, association=association)
    count, terms = paginate(queryset, paging)
    today = timezone.localdate()
    return page(paging, count, [_term_item(term, today) for term in terms])


@router.get(
    "/presidency/terms/current",
    response={200: TermItem, 404: Error},
    tags=["presidency"],
    summary="The presidency today",
    description="The term in force today (local date in Europe/Warsaw); 404 when no association presides.",
    url_name="term_current",
    operation_id="term_current",
)
def term_current(request):
    term = selectors.term_on()
    if term is None:
        raise HttpError(404, _("No association holds the presidency today."))
    return _term_item(term, timezone.localdate())


@router.get(
    "/presidency/trios",
    response={200: TrioPage, 422: Error},
    tags=["presidency"],
    summary="Trios",
    description="Groups of three consecutive terms sharing a programme, oldest first.",
    url_name="trio_list",
    operation_id="trio_list",
)
def trio_list(request, paging: Query[Paging]):
    count, trios = paginate(selectors.trio_list_open(), paging)
    return page(paging, count, [_trio_item(trio) for trio in trios])


def _trio_item(trio: Trio) -> dict:
    return {"id": trio.pk, "name": trio.name, "programme": trio.programme, "terms": [term_ref(term) for term in trio.terms.all()]}
