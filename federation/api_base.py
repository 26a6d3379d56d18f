"""Building blocks of the public read-only API (`federation.api`) shared by every app's router, and of the
open-data files: content-hash ETags with conditional GET, limit/offset paging, the error body and its
translated messages, names in each language.

The routers (`members.api`, `presidency.api`, `positions.api`, `events.api`) import from here and
`federation.api` imports the routers, so this module imports no router.
"""

import datetime as dt
import functools
import hashlib
import re
from typing import Annotated

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

# Shared caches and browsers may keep a response this long (seconds) before asking again; a renewed
# request with the ETag costs one 304 without a body. A minute keeps a new publication visible quickly.
API_MAX_AGE = 60

# Django's slugs (ASCII letters, digits, hyphens, underscores): a path or filter outside this pattern is a
# 422, before any query (PostgreSQL refuses NUL characters in a query, for one).
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
SLUG_MAX_LENGTH = 100
# Official codes of local governments: 2 (voivodeship), 4 (powiat), 6 (Czech obec) or 7 digits (gmina).
CODE_PATTERN = r"^[0-9]{2,7}$"
CODE_PREFIX_PATTERN = r"^[0-9]{1,7}$"
QUERY_MAX_LENGTH = 200
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# A database refuses an OFFSET past a 64-bit integer; no list comes near this.
MAX_OFFSET = 1_000_000_000


# --- HTTP: ETag, conditional GET, language of messages ---------------------------------------------------


def conditional_get(view=None, *, max_age: int = API_MAX_AGE):
    """Give every GET (and HEAD) response a strong ETag, the SHA-256 of its body, and
    `Cache-Control: public, max-age=…`; a request whose `If-None-Match` names that ETag gets 304 Not
    Modified without a body.

    The body is hashed after it is built, so the ETag changes exactly when the content does, whichever
    record changed. Used as a view decorator (also by ninja's view-level decorators, whose view is an
    operation's `run(request, **kwargs)`).
    """

    def decorator(view_func):
        @functools.wraps(view_func)
        def wrapper(request, *args, **kwargs):
            response = view_func(request, *args, **kwargs)
            if request.method not in ("GET", "HEAD") or response.streaming:
                return response
            response.headers["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()}"'
            patch_cache_control(response, public=True, max_age=max_age)
            return get_conditional_response(request, etag=response.headers["ETag"], response=response)

        return wrapper

    return decorator(view) if view is not None else decorator


def open_to_any_origin(view_func):
    """Let a page on any site read the response from a browser (CORS): the data are public, and no
    cookie or credential is ever needed or honoured."""

    @functools.wraps(view_func)
    def wrapper(request, *args, **kwargs):
        response = view_func(request, *args, **kwargs)
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def accept_language(request: HttpRequest) -> str:
    """The site language the client prefers by its `Accept-Language` header, else the default language.

    The cookie and the address are not consulted: the API lives outside the language prefixes, and a
    response that varies only by `Accept-Language` (which the locale middleware names in `Vary`) stays
    cacheable."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def messages_in_accept_language(view_func):
    """Run the view with the language of `Accept-Language` active, so error messages come in it."""

    @functools.wraps(view_func)
    def wrapper(request, *args, **kwargs):
        language = accept_language(request)
        with translation.override(language):
            response = view_func(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    return wrapper


def absolute(request: HttpRequest, url: str | None) -> str | None:
    """`url` as an absolute address on the host the request came to (None stays None)."""
    return request.build_absolute_uri(url) if url else None


def _iso_date(value):
    """Only YYYY-MM-DD: pydantic would also take a number as a Unix timestamp ("0" as 1970-01-01)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")
    return value


# A day given in a query, strictly as YYYY-MM-DD (format "date" in the description).
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _whole_number(value):
    """Only digits (with a minus sign): pydantic would also take "5.0", "+5", " 5" or "5_0"."""
    if isinstance(value, str) and not re.fullmatch(r"-?[0-9]+", value):
        raise PydanticCustomError("int_parsing", "Input should be a whole number written with digits")
    return value


# A whole number given in a query, written with digits only.
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


def whole_number(**constraints):
    """A `WholeNumber` within bounds (ge=…, le=…). The bounds come before the validator, or pydantic
    would write them into the description as unknown keywords instead of minimum and maximum."""
    return Annotated[int, Field(**constraints), BeforeValidator(_whole_number)]


# --- Schemas shared by the routers ------------------------------------------------------------------------


class Names(Schema):
    """A short name in each of the site's languages; null where it was not given."""

    pl: str | None = Field(description="Polish")
    cs: str | None = Field(description="Czech")
    en: str | None = Field(description="English")


def names(record, field: str) -> dict:
    """`{"pl": …, "cs": …, "en": …}` from `<field>_pl`, `<field>_cs`, `<field>_en`, null where empty."""
    return {code: getattr(record, f"{field}_{code}", "") or None for code, _name in settings.LANGUAGES}


class ErrorItem(Schema):
    parameter: str = Field(description="The parameter that is not valid.")
    location: str = Field(description="Where it was given: query or path.")
    message: str = Field(description="What is wrong with it, in the language of Accept-Language.")
    type: str = Field(description="A stable code of the error, e.g. less_than_equal, enum, date_from_datetime_parsing.")


class Error(Schema):
    """The body of every 4xx response."""

    detail: str = Field(description="What went wrong, in the language of Accept-Language.")
    errors: list[ErrorItem] = Field(default_factory=list, description="One entry per parameter that is not valid (422 only).")


class Paging(Schema):
    limit: WholeNumber = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"How many items to return (1–{MAX_LIMIT}).")
    offset: WholeNumber = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip from the start of the list.")


class PageBase(Schema):
    count: int = Field(description="How many items the whole list holds with these filters.")
    limit: int
    offset: int


def paginate(queryset: QuerySet, paging: Paging) -> tuple[int, list]:
    """The number of items and the requested slice: two queries (plus the queryset's prefetches)."""
    count = queryset.count()
    items = list(queryset[paging.offset : paging.offset + paging.limit]) if paging.offset < count else []
    return count, items


def page(paging: Paging, count: int, items: list) -> dict:
    return {"count": count, "limit": paging.limit, "offset": paging.offset, "items": items}


def clean_query(value: str | None) -> str:
    """Free text without control characters (a NUL would make PostgreSQL refuse the query)."""
    return re.sub(r"[\x00-\x1f\x7f]", " ", value or "").strip()


def day_start(day: dt.date) -> dt.datetime:
    """The moment `day` begins in TIME_ZONE (local midnight). At the very edge of the calendar, where that
    moment cannot be written in UTC, the earliest moment there is."""
    from django.utils import timezone

    try:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min)).astimezone(dt.UTC)
    except OverflowError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)


def day_end(day: dt.date) -> dt.datetime:
    """The moment `day` ends in TIME_ZONE (the next local midnight); the latest moment there is for the
    last day of the calendar."""
    if day == dt.date.max:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    return day_start(day + dt.timedelta(days=1))


# --- Errors -----------------------------------------------------------------------------------------------


def _validation_message(error: dict) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This parameter is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Give a whole number.")
    if kind == "greater_than_equal":
        return _("Give a value of at least %(limit)s.") % {"limit": context.get("ge")}
    if kind == "less_than_equal":
        return _("Give a value of at most %(limit)s.") % {"limit": context.get("le")}
    if kind.startswith("date"):
        return _("Give a date as YYYY-MM-DD, e.g. 2026-03-12.")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": context.get("expected", "")}
    if kind == "string_too_long":
        return _("Use at most %(limit)s characters.") % {"limit": context.get("max_length")}
    if kind == "string_pattern_mismatch":
        pattern = context.get("pattern", "")
        if pattern == SLUG_PATTERN:
            return _("Use only the letters a–z, digits, hyphens and underscores, as in the addresses of the site.")
        if pattern == CODE_PATTERN:
            return _("An official code has 2 to 7 digits.")
        if pattern == CODE_PREFIX_PATTERN:
            return _("Give the first 1 to 7 digits of an official code.")
        return _("This value does not have the expected form (%(pattern)s).") % {"pattern": pattern}
    if kind == "bool_parsing":
        return _("Give true or false.")
    return _("This value is not valid.")


def validation_error_response(request, exc, *, api):
    """422 with one translated message per parameter that is not valid."""
    errors = []
    for error in exc.errors:
        location = list(error.get("loc") or [])
        errors.append(
            {
                "parameter": str(location[-1]) if location else "",
                "location": str(location[0]) if location else "",
                "message": _validation_message(error),
                "type": str(error.get("type", "")),
            }
        )
    return api.create_response(request, {"detail": _("Some parameters are not valid."), "errors": errors}, status=422)
