"""The public API's joint positions and draft acts (mounted by `federation.api`).

Only what the public site shows: published and superseded positions, the signatures and abstentions on
their adopted text (`selectors.signature_list_public`: a declined signature never), draft acts whose stance
is public. Drafts, comments, earlier versions and resolutions never reach it.
"""

import datetime as dt
from typing import Literal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from federation.api_base import (
    QUERY_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    SLUG_PATTERN,
    Error,
    PageBase,
    Paging,
    absolute,
    clean_query,
    page,
    paginate,
    whole_number,
)
from members.api import AssociationRef, TopicRef, association_by_slug, association_ref, topic_by_slug, topic_ref
from positions import selectors
from positions.enums import DraftActStage, IdentifierKind, Jurisdiction, Stance
from positions.models import DraftAct, Position
from positions.text import subpoint_label
from presidency.api import TermRef, term_ref

router = Router()


# --- Schemas --------------------------------------------------------------------------------------------


class PositionRef(Schema):
    slug: str
    reference: str
    title: str


class PositionItem(PositionRef):
    status: Literal["published", "superseded"]
    topic: TopicRef | None
    lead_association: AssociationRef
    adopted_on: dt.date
    adopted_place: str
    sha256: str = Field(description="SHA-256 of the adopted text (its canonical form), as printed in the PDF.")
    url: str | None = Field(description="The position's page on the site (in the default language); null before the site is set up.")
    pdf_url: str = Field(description="The PDF of the adopted text.")


class Subpoint(Schema):
    label: str = Field(description="a, b, c…")
    text: str


class Point(Schema):
    number: int
    text: str
    subpoints: list[Subpoint]


class Signatory(Schema):
    association: AssociationRef
    decision: Literal["signed", "abstained"]
    signer_name: str
    signer_function: str
    reservation: str = Field(description="The reservation given with an abstention, if any.")
    mandate_body: str = Field(description="The body of the association that authorised the decision, if given.")
    mandate_date: dt.date | None
    signed_on: dt.date = Field(description="The day of the decision (local date in Europe/Warsaw).")


class Identifier(Schema):
    kind: IdentifierKind
    value: str
    url: str | None


class DraftActRef(Schema):
    id: int
    title: str
    identifiers: list[Identifier]


class PositionDetail(PositionItem):
    forum: str
    addressees: list[str]
    co_drafters: list[AssociationRef]
    published_at: dt.datetime | None
    term: TermRef | None = Field(description="The presidency term in force on the day of adoption.")
    supersedes: PositionRef | None
    superseded_by: PositionRef | None
    introduction: str
    points: list[Point]
    justification: str
    verify_url: str = Field(description="The page that confirms the text by its SHA-256.")
    signatures: list[Signatory] = Field(description="Signatures and abstentions on the adopted text, by association.")
    draft_acts: list[DraftActRef] = Field(description="The draft acts it answers (those whose stance is public).")


class PositionPage(PageBase):
    items: list[PositionItem]


class PositionFilters(Schema):
    topic: str | None = Field(
        None, max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN, description="Slug of a topic (404 when no topic has it)."
    )
    association: str | None = Field(
        None,
        max_length=SLUG_MAX_LENGTH,
        pattern=SLUG_PATTERN,
        description="Slug of an association: the positions it signed or abstained on (404 when no association has it).",
    )
    year: whole_number(ge=1, le=9999) | None = Field(None, description="Year of adoption.")
    status: Literal["published", "superseded"] | None = None
    q: str | None = Field(
        None, max_length=QUERY_MAX_LENGTH, description="Words of the reference, title, topic or text (any endings and accents)."
    )


class DraftActItem(DraftActRef):
    jurisdiction: Jurisdiction
    originating_body: str
    stage: DraftActStage
    stance: Stance = Field(description="The federation's stance on it.")
    summary: str
    topic: TopicRef | None
    lead_association: AssociationRef | None
    positions: list[PositionRef] = Field(description="The published and superseded positions that answer it.")


class DraftActPage(PageBase):
    items: list[DraftActItem]


class DraftActFilters(Schema):
    topic: str | None = Field(
        None, max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN, description="Slug of a topic (404 when no topic has it)."
    )
    jurisdiction: Jurisdiction | None = None


# --- Shapes ---------------------------------------------------------------------------------------------


class PositionLinks:
    """Addresses of public positions on the site, the PDF and the verification page, absolute on the host
    of the request; the positions page is read once per request."""

    def __init__(self, request):
        self.request = request
        self.index = selectors.position_index_page()
        self.index_url = self.index.get_url(request) if self.index is not None else None

    def page(self, position: Position) -> str | None:
        if self.index_url is None:
            return None
        return absolute(self.request, self.index_url + self.index.reverse_subpage("position_detail", args=[position.slug]))

    def pdf(self, position: Position) -> str:
        return absolute(self.request, reverse("positions_documents:pdf", kwargs={"slug": position.slug}))

    def verify(self, sha256: str) -> str:
        # The verification page exists in every language; the address without a prefix is the default one.
        with translation.override(settings.LANGUAGE_CODE):
            return absolute(self.request, reverse("positions_public:verify", kwargs={"sha256": sha256}))


def position_ref(position: Position | None) -> dict | None:
    if position is None:
        return None
    return {"slug": position.slug, "reference": position.reference, "title": position.title}


def position_item(position: Position, links: PositionLinks) -> dict:
    return {
        **position_ref(position),
        "status": position.status,
        "topic": topic_ref(position.topic),
        "lead_association": association_ref(position.lead_association),
        "adopted_on": position.adopted_on,
        "adopted_place": position.adopted_place,
        "sha256": position.current_version.sha256,
        "url": links.page(position),
        "pdf_url": links.pdf(position),
    }


def _points(points: list[dict]) -> list[dict]:
    return [
        {
            "number": number,
            "text": point.get("text", ""),
            "subpoints": [{"label": subpoint_label(index), "text": text} for index, text in enumerate(point.get("subpoints", []))],
        }
        for number, point in enumerate(points, start=1)
    ]


def _identifiers(draft_act: DraftAct) -> list[dict]:
    return [
        {"kind": identifier.kind, "value": identifier.value, "url": identifier.url or None} for identifier in draft_act.identifiers.all()
    ]


def _signatory(signature) -> dict:
    return {
        "association": association_ref(signature.association),
        "decision": signature.decision,
        "signer_name": signature.signer_name,
        "signer_function": signature.signer_function,
        "reservation": signature.reservation,
        "mandate_body": signature.mandate_body,
        "mandate_date": signature.mandate_date,
        "signed_on": timezone.localdate(signature.signed_at),
    }


def _public(position: Position | None) -> Position | None:
    return position if position is not None and position.is_public else None


# --- Operations -----------------------------------------------------------------------------------------


@router.get(
    "/positions",
    response={200: PositionPage, 404: Error, 422: Error},
    tags=["positions"],
    summary="Joint positions",
    description="Published and superseded joint positions, newest adoption first.",
    url_name="position_list",
    operation_id="position_list",
)
def position_list(request, filters: Query[PositionFilters], paging: Query[Paging]):
    topic = topic_by_slug(filters.topic) if filters.topic else None
    association = association_by_slug(filters.association) if filters.association else None
    queryset = selectors.position_list_open(
        topic=topic, association=association, year=filters.year, status=filters.status, query=clean_query(filters.q)
    )
    count, positions = paginate(queryset, paging)
    links = PositionLinks(request)
    return page(paging, count, [position_item(position, links) for position in positions])


@router.get(
    "/positions/{slug}",
    response={200: PositionDetail, 404: Error, 422: Error},
    tags=["positions"],
    summary="One joint position",
    description="A published or superseded position by its slug, with its adopted text, signatures and abstentions.",
    url_name="position_detail",
    operation_id="position_detail",
)
def position_detail(request, slug: str = Path(..., max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN)):
    try:
        position = selectors.position_get_public(slug=slug)
    except Position.DoesNotExist:
        raise HttpError(404, _("No published position has the slug “%(slug)s”.") % {"slug": slug}) from None
    version = position.current_version
    links = PositionLinks(request)
    return {
        **position_item(position, links),
        "forum": position.forum,
        "addressees": position.addressee_list,
        "co_drafters": [association_ref(association) for association in position.co_drafters.all()],
        "published_at": position.published_at,
        "term": term_ref(position.term),
        "supersedes": position_ref(_public(position.supersedes)),
        "superseded_by": position_ref(_public(getattr(position, "superseded_by", None))),
        "introduction": version.preamble,
        "points": _points(version.points),
        "justification": version.justification,
        "verify_url": links.verify(version.sha256),
        "signatures": [_signatory(signature) for signature in selectors.signature_list_public(position=position)],
        "draft_acts": [
            {"id": draft_act.pk, "title": draft_act.title, "identifiers": _identifiers(draft_act)}
            for draft_act in position.draft_acts.all()
            if draft_act.stance_is_public
        ],
    }


@router.get(
    "/draft-acts",
    response={200: DraftActPage, 404: Error, 422: Error},
    tags=["positions"],
    summary="Draft acts",
    description="Bills, regulations and EU proposals the federation follows whose stance it made public, newest first.",
    url_name="draft_act_list",
    operation_id="draft_act_list",
)
def draft_act_list(request, filters: Query[DraftActFilters], paging: Query[Paging]):
    topic = topic_by_slug(filters.topic) if filters.topic else None
    count, draft_acts = paginate(selectors.draft_act_list_open(topic=topic, jurisdiction=filters.jurisdiction), paging)
    return page(
        paging,
        count,
        [
            {
                "id": draft_act.pk,
                "title": draft_act.title,
                "identifiers": _identifiers(draft_act),
                "jurisdiction": draft_act.jurisdiction,
                "originating_body": draft_act.originating_body,
                "stage": draft_act.stage,
                "stance": draft_act.stance,
                "summary": draft_act.summary,
                "topic": topic_ref(draft_act.topic),
                "lead_association": association_ref(draft_act.lead_association) if draft_act.lead_association else None,
                "positions": [position_ref(position) for position in draft_act.public_positions],
            }
            for draft_act in draft_acts
        ],
    )
