"""The public API's member associations and local governments (mounted by `federation.api`).

Read through `members.selectors`; everything here is on the public site already (the members page and each
association's page). People's roles and telephone numbers are not.
"""

import datetime as dt
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from federation.api_base import (
    CODE_PATTERN,
    CODE_PREFIX_PATTERN,
    QUERY_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    SLUG_PATTERN,
    Error,
    Names,
    PageBase,
    Paging,
    clean_query,
    names,
    page,
    paginate,
)
from members import selectors
from members.enums import Country, LegalForm, LocalGovernmentKind
from members.models import Association, LocalGovernment, Topic

router = Router()


# --- Schemas --------------------------------------------------------------------------------------------


class AssociationRef(Schema):
    slug: str
    name: str
    short_name: str


class TopicRef(Schema):
    slug: str
    name: Names


class AssociationItem(AssociationRef):
    legal_form: LegalForm
    country: Country
    region: str
    city: str
    website: str | None
    joined_on: dt.date = Field(description="The day it joined the federation.")
    left_on: dt.date | None = Field(description="The day it left the federation; null for a member.")
    is_member: bool = Field(description="Whether it is a member today (local date in Europe/Warsaw).")


class Identifiers(Schema):
    krs: str | None = Field(description="Polish National Court Register number.")
    regon: str | None = Field(description="Polish statistical number.")
    nip: str | None = Field(description="Polish tax number.")
    ico: str | None = Field(description="Czech identification number (IČO).")


class AssociationDetail(AssociationItem):
    description: str
    street_address: str
    postal_code: str
    email: str | None
    identifiers: Identifiers
    local_government_count: int = Field(description="How many local governments are its members today.")
    topics_led: list[TopicRef] = Field(description="Policy topics the association leads on within the federation.")


class AssociationPage(PageBase):
    items: list[AssociationItem]


class AssociationFilters(Schema):
    country: Country | None = Field(None, description="PL or CZ.")
    membership: Literal["current", "former"] | None = Field(
        None, description="current: members today; former: associations that have left. Both when not given."
    )
    q: str | None = Field(
        None, max_length=QUERY_MAX_LENGTH, description="Words of the name, region, town or description (any endings and accents)."
    )


class LocalGovernmentRef(Schema):
    code: str = Field(description="Official code: TERYT TERC (Poland) or the municipality code (Czechia).")
    name: str


class MembershipItem(Schema):
    association: AssociationRef
    joined_on: dt.date
    left_on: dt.date | None


class LocalGovernmentItem(LocalGovernmentRef):
    country: Country
    kind: LocalGovernmentKind
    population: int | None
    parent: LocalGovernmentRef | None = Field(description="The unit it is part of (a powiat, a voivodeship), if recorded.")
    associations: list[AssociationRef] = Field(description="The associations it is a member of today.")


class LocalGovernmentDetail(LocalGovernmentItem):
    memberships: list[MembershipItem] = Field(description="Every membership of an association, past and present, oldest first.")


class LocalGovernmentPage(PageBase):
    items: list[LocalGovernmentItem]


class LocalGovernmentFilters(Schema):
    country: Country | None = Field(None, description="PL or CZ.")
    kind: LocalGovernmentKind | None = None
    association: str | None = Field(
        None,
        max_length=SLUG_MAX_LENGTH,
        pattern=SLUG_PATTERN,
        description="Slug of an association: only its members today (404 when no association has it).",
    )
    code: str | None = Field(None, pattern=CODE_PREFIX_PATTERN, description="The start of the official code, e.g. 0802 for one powiat.")
    q: str | None = Field(None, max_length=QUERY_MAX_LENGTH, description="Part of the name (not case-sensitive).")


# --- Shapes ---------------------------------------------------------------------------------------------


def association_ref(association: Association) -> dict:
    return {"slug": association.slug, "name": association.name, "short_name": association.short_name}


def topic_ref(topic) -> dict | None:
    return {"slug": topic.slug, "name": names(topic, "name")} if topic is not None else None


def _association_item(association: Association, today: dt.date) -> dict:
    return {
        **association_ref(association),
        "legal_form": association.legal_form,
        "country": association.country,
        "region": association.region,
        "city": association.city,
        "website": association.website or None,
        "joined_on": association.joined_on,
        "left_on": association.left_on,
        "is_member": association.is_member_on(today),
    }


def _local_government_ref(unit: LocalGovernment | None) -> dict | None:
    return {"code": unit.code, "name": unit.name} if unit is not None else None


def _local_government_item(unit: LocalGovernment) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "country": unit.country,
        "kind": unit.kind,
        "population": unit.population,
        "parent": _local_government_ref(unit.parent),
    }


def association_by_slug(slug: str) -> Association:
    """The association a filter names, or 404 with a message naming the slug."""
    association = Association.objects.filter(slug=slug).first()
    if association is None:
        raise HttpError(404, _("No member association has the slug “%(slug)s”.") % {"slug": slug})
    return association


def topic_by_slug(slug: str) -> Topic:
    """The topic a filter names, or 404 with a message naming the slug."""
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise HttpError(404, _("No topic has the slug “%(slug)s”.") % {"slug": slug})
    return topic


# --- Operations -----------------------------------------------------------------------------------------


@router.get(
    "/associations",
    response={200: AssociationPage, 422: Error},
    tags=["members"],
    summary="Member associations",
    description="Every association that is or was a member of the federation, by name.",
    url_name="association_list",
    operation_id="association_list",
)
def association_list(request, filters: Query[AssociationFilters], paging: Query[Paging]):
    today = timezone.localdate()
    queryset = selectors.association_list_open(
        country=filters.country, membership=filters.membership, query=clean_query(filters.q), day=today
    )
    count, associations = paginate(queryset, paging)
    return page(paging, count, [_association_item(association, today) for association in associations])


@router.get(
    "/associations/{slug}",
    response={200: AssociationDetail, 404: Error, 422: Error},
    tags=["members"],
    summary="One member association",
    description="An association by its slug (as in the address of its page), with the topics it leads on.",
    url_name="association_detail",
    operation_id="association_detail",
)
def association_detail(request, slug: str = Path(..., max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN)):
    today = timezone.localdate()
    try:
        association = selectors.association_get_open(slug=slug, day=today)
    except Association.DoesNotExist:
        raise HttpError(404, _("No member association has the slug “%(slug)s”.") % {"slug": slug}) from None
    return {
        **_association_item(association, today),
        "description": association.description,
        "street_address": association.street_address,
        "postal_code": association.postal_code,
        "email": association.email or None,
        "identifiers": {field: getattr(association, field) or None for field in ("krs", "regon", "nip", "ico")},
        "local_government_count": association.local_government_count,
        "topics_led": [topic_ref(topic) for topic in association.led_topics.all()],
    }


@router.get(
    "/local-governments",
    response={200: LocalGovernmentPage, 404: Error, 422: Error},
    tags=["members"],
    summary="Local governments",
    description="Local governments recorded in the federation (members of its associations now or before), by name and code.",
    url_name="local_government_list",
    operation_id="local_government_list",
)
def local_government_list(request, filters: Query[LocalGovernmentFilters], paging: Query[Paging]):
    association = association_by_slug(filters.association) if filters.association else None
    queryset = selectors.local_government_list_open(
        country=filters.country,
        kind=filters.kind,
        association=association,
        code_prefix=filters.code or "",
        query=clean_query(filters.q),
    )
    count, units = paginate(queryset, paging)
    items = []
    for unit in units:
        item = _local_government_item(unit)
        item["associations"] = [association_ref(membership.association) for membership in unit.current_memberships]
        items.append(item)
    return page(paging, count, items)


@router.get(
    "/local-governments/{code}",
    response={200: LocalGovernmentDetail, 404: Error, 422: Error},
    tags=["members"],
    summary="One local government",
    description="A local government by its official code, with every membership of an association.",
    url_name="local_government_detail",
    operation_id="local_government_detail",
)
def local_government_detail(request, code: str = Path(..., pattern=CODE_PATTERN)):
    try:
        unit = selectors.local_government_get_open(code=code)
    except LocalGovernment.DoesNotExist:
        raise HttpError(404, _("No local government has the code “%(code)s”.") % {"code": code}) from None
    memberships = list(unit.memberships.all())
    today = timezone.localdate()
    return {
        **_local_government_item(unit),
        "associations": [
            association_ref(m.association) for m in memberships if m.joined_on <= today and (m.left_on is None or m.left_on > today)
        ],
        "memberships": [
            {"association": association_ref(m.association), "joined_on": m.joined_on, "left_on": m.left_on} for m in memberships
        ],
    }
