"""The open-data files of adopted positions: /open-data/positions.csv and /open-data/signatures.csv.

One address whatever the language (outside the language prefixes). Each file is built from the public
records only (`positions.open_data`), carries a strong ETag of its content and may be cached for a
minute; any site may fetch it from a browser.
"""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from federation.api_base import conditional_get, open_to_any_origin
from positions import open_data
from positions.api import PositionLinks


def _csv_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@conditional_get
@open_to_any_origin
def positions_csv(request):
    """Every published and superseded position, one row each."""
    links = PositionLinks(request)
    return _csv_response(open_data.positions_csv(page_url=links.page, pdf_url=links.pdf), filename="positions.csv")


@require_safe
@conditional_get
@open_to_any_origin
def signatures_csv(request):
    """Every public signature and abstention on the adopted text of a public position."""
    return _csv_response(open_data.signatures_csv(), filename="signatures.csv")
