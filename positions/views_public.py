"""Public views of adopted positions outside the Wagtail page tree: the stored PDF and the verification page.

Both show only published and superseded positions (through `positions.selectors`); anything else is a
404 that tells nothing about whether a draft exists.
"""

import logging
import re

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from positions import pdf, selectors
from positions.models import Position, PositionDocument

logger = logging.getLogger(__name__)

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# A stored PDF never changes (a correction is a new position with a new file), so caches may keep it.
_PDF_MAX_AGE = 86400


def _normalize_code(value: str) -> str:
    """What people paste: spaces or line breaks inside the code, capitals."""
    return re.sub(r"\s+", "", value or "").lower()


def _cache_headers(response, *, etag: str):
    response.headers["ETag"] = etag
    patch_cache_control(response, public=True, max_age=_PDF_MAX_AGE, immutable=True)
    return response


@require_safe
def position_pdf(request, slug: str):
    """The stored PDF of a public position, inline, with its file hash as ETag. Rendered now if the
    background task has not stored it yet."""
    try:
        position = selectors.position_get_public_for_pdf(slug=slug)
    except Position.DoesNotExist:
        raise Http404(_("No published position has this address.")) from None
    try:
        document = position.current_version.document
    except PositionDocument.DoesNotExist:
        document = None
    try:
        if document is None:
            document = pdf.document_ensure(version_id=position.current_version_id)
        etag = f'"{document.sha256}"'
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return _cache_headers(not_modified, etag=etag)
        handle = document.file.open("rb")
    except Exception:
        # The file cannot be made or read right now (full disk, storage down): say so, and let the client retry.
        logger.exception("The PDF of %s cannot be served", position.reference)
        response = HttpResponse(_("The PDF of this position is being prepared. Please try again in a minute."), status=503)
        response.headers["Retry-After"] = "60"
        response.headers["Content-Type"] = "text/plain; charset=utf-8"
        return response
    response = FileResponse(handle, content_type="application/pdf", as_attachment=False, filename=f"{position.slug}.pdf")
    response.headers["Content-Length"] = str(document.size)
    return _cache_headers(response, etag=etag)


@require_safe
def verify_lookup(request):
    """A form for the code printed in a PDF; a well-formed code goes on to its verification page."""
    typed = request.GET.get("code", "")
    error = ""
    if typed:
        code = _normalize_code(typed)
        if _SHA256.match(code):
            return HttpResponseRedirect(reverse("positions_public:verify", kwargs={"sha256": code}))
        error = _("A verification code has 64 characters: the digits 0–9 and the letters a–f.")
    return render(request, "positions/verify.html", {"state": "lookup", "typed": typed, "error": error})


@require_safe
def verify(request, sha256: str):
    """The adopted text with this hash, its reference, date and signatories; a 404 that explains otherwise."""
    code = _normalize_code(sha256)
    version = selectors.version_get_by_hash(sha256=code) if _SHA256.match(code) else None
    # Only the adopted text counts: an earlier version of a published position was never signed as adopted.
    if version is None or version.position.current_version_id != version.pk:
        return render(
            request,
            "positions/verify.html",
            {"state": "not_found", "code": sha256, "well_formed": bool(_SHA256.match(code)), "typed": sha256},
            status=404,
        )
    if code != sha256:
        return HttpResponseRedirect(reverse("positions_public:verify", kwargs={"sha256": code}))
    position = selectors.position_get_public(slug=version.position.slug)
    rows, summary = pdf.signatory_rows(position=position)
    context = {
        "state": "found",
        "position": position,
        "version": version,
        "points": pdf.numbered_points(version),
        "draft_acts": [
            {"title": act.title, "identifiers": [pdf.identifier_label(identifier) for identifier in act.identifiers.all()]}
            for act in position.draft_acts.all()
        ],
        "signatories": rows,
        "result_summary": summary,
        "pdf_url": pdf.pdf_path(position=position),
        "successor": position.superseded_by if hasattr(position, "superseded_by") else None,
    }
    if context["successor"] is not None and not context["successor"].is_public:
        context["successor"] = None
    return render(request, "positions/verify.html", context)
