"""The federation's public, read-only JSON API, version 1, at /api/v1/ (django-ninja).

One `NinjaAPI` gathers the routers of the domain apps; each router reads through its app's selectors and
shows only what the public site shows. Every GET response (the OpenAPI description too) goes through one
view decorator, `public_read`: a strong ETag of its body, `Cache-Control`, 304 for a matching
`If-None-Match`, and error messages in the language of `Accept-Language`. Its reference page (`api_docs`,
built from the description by `federation.api_docs`) is a page of the site in each language instead.
"""

import functools

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from events.api import router as events_router
from federation.api_base import (
    API_MAX_AGE,
    conditional_get,
    messages_in_accept_language,
    open_to_any_origin,
    validation_error_response,
)
from federation.api_docs import ApiReference
from members.api import router as members_router
from positions.api import router as positions_router
from presidency.api import router as presidency_router

DESCRIPTION = f"""
The federation's public records as JSON: member associations and the local governments in them, presidency
terms and trios, published joint positions with their text and signatures, draft acts whose stance is
public, and events open to anyone. Read-only; no key is needed.

- **Version.** This is version 1, at `/api/v1/`. Fields may be added within a version; a change that could
  break a client comes as a new version beside this one.
- **Lists** take `limit` (1–100, default 20) and `offset`, and return `count` (the size of the whole list
  with these filters), `limit`, `offset` and `items`, always in the same order.
- **Dates** are ISO 8601: days as `YYYY-MM-DD` (the federation's day, Europe/Warsaw), moments with their
  offset (events in their own time zone).
- **Languages.** Names of topics come in Polish, Czech and English at once (`name.pl`, `name.cs`,
  `name.en`; null where not given); titles and texts are in the language they were written in. Error
  messages follow `Accept-Language` (pl, cs or en; Polish otherwise), and so does `Content-Language`.
- **Errors** have a `detail` message. 422: a parameter is not valid (`errors` names each one, with a code
  in `type`). 404: no record has that slug or code, or a filter names a topic or association that does
  not exist.
- **Caching.** Every response carries a strong `ETag` (the SHA-256 of its body) and
  `Cache-Control: public, max-age={API_MAX_AGE}`. Send the ETag back in `If-None-Match` to get
  `304 Not Modified` without a body.
- **Licence.** These are public records of the federation: reuse them freely, for any purpose, naming the
  federation as the source. The same positions and signatures as CSV files: `/open-data/`.
"""


def public_read(view):
    """ETag, Cache-Control and conditional GET around a response whose messages follow Accept-Language,
    readable from a page on any site."""
    return conditional_get(open_to_any_origin(messages_in_accept_language(view)))


class UnicodeJSONRenderer(JSONRenderer):
    """JSON in UTF-8 as it is ("Łódź", not "\\u0141\\u00f3d\\u017a"): shorter, and readable as it comes."""

    json_dumps_params = {"ensure_ascii": False}


class FederationAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The description, with the ETag and Cache-Control headers and the 304 answer of every operation."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        headers = {
            "ETag": {"description": "Strong validator: the SHA-256 of the body, in quotes.", "schema": {"type": "string"}},
            "Cache-Control": {"description": f"public, max-age={API_MAX_AGE}", "schema": {"type": "string"}},
        }
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.get("responses", {})
                for status in responses.values():
                    status.setdefault("headers", {}).update(headers)
                responses["304"] = {
                    "description": "Not Modified: the If-None-Match header named the current ETag; no body.",
                    "headers": headers,
                }
        return schema


api = FederationAPI(
    version="1",
    urls_namespace="api-v1",
    title="Federation API",
    description=DESCRIPTION,
    docs=ApiReference(),
    docs_decorator=public_read,
    renderer=UnicodeJSONRenderer(),
)
api.add_decorator(public_read, mode="view")
api.add_exception_handler(ValidationError, functools.partial(validation_error_response, api=api))
api.add_router("", members_router)
api.add_router("", presidency_router)
api.add_router("", positions_router)
api.add_router("", events_router)


@public_read
def api_index(request):
    """/api/v1/: where the description and its docs are."""
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "openapi": request.build_absolute_uri(reverse("api-v1:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api-v1:openapi-view")),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def api_docs(request):
    """/api/v1/docs (and /cs/…, /en/…): the reference of every operation, a page of the site in the language
    being read, cached like the other public pages."""
    return api.docs.render_page(request, api)


@public_read
def api_not_found(request, path: str = ""):
    """Any other address under /api/: a JSON 404 (not the site's HTML page) pointing to the docs."""
    message = _("The API has nothing at this address. Its description is at %(url)s.") % {
        "url": request.build_absolute_uri(reverse("api-v1:openapi-view"))
    }
    return JsonResponse({"detail": message, "errors": []}, status=404, json_dumps_params={"ensure_ascii": False})
