"""Public pages of the site that belong to no app and to no page of the tree: the open-data page, and
the health report that load balancers and monitoring read."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from federation.health import health_report
from positions.open_data import POSITION_COLUMNS, SIGNATURE_COLUMNS


@require_safe
def open_data(request):
    """What the federation publishes for reuse: the CSV files (with their columns), the API, the feeds,
    and the licence; in the language being read."""
    datasets = [
        {
            "id": "positions",
            "title": _("Joint positions"),
            "description": _(
                "Every published and superseded joint position: one row per position, in order of adoption. "
                "Drafts and positions still being discussed or signed are not included."
            ),
            "url": reverse("open_data_files:positions"),
            "filename": "positions.csv",
            "columns": POSITION_COLUMNS,
        },
        {
            "id": "signatures",
            "title": _("Signatures under the positions"),
            "description": _(
                "Every signature and abstention on the adopted text of a published or superseded position: one row per "
                "association and position, as shown under the position. Objections are not published."
            ),
            "url": reverse("open_data_files:signatures"),
            "filename": "signatures.csv",
            "columns": SIGNATURE_COLUMNS,
        },
    ]
    return render(
        request,
        "open_data.html",
        {
            "datasets": datasets,
            "openapi_url": reverse("api-v1:openapi-json"),
            "docs_url": reverse("api-v1:openapi-view"),
            "api_url": reverse("api_index"),
            "calendar_url": reverse("events_calendar:all"),
        },
    )


@never_cache
@require_safe
def healthz(request):
    """Database, cache and task queue as this app server sees them (`federation/health.py`): 200 while
    the database answers, 503 when it does not."""
    status, report = health_report()
    return JsonResponse(report, status=status)
