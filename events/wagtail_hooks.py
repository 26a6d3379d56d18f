"""A read-only list of events in the Wagtail admin, for the secretariat.

Events are prepared, published and cancelled in the organisers' workspace through `events.services`
(which check who may, set the presidency term of the federation's meetings and tell the participants), so
the admin only lists them: each title opens the event in the workspace. Nobody adds, edits or deletes an
event here, not even a superuser.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from events import selectors
from events.models import Event
from positions.wagtail_hooks import ViewOnlyPermissionPolicy

# Registered before any view asks for the policy (Wagtail would otherwise make a default one).
register_permission_policy(Event, ViewOnlyPermissionPolicy(Event))


def _workspace_url(event: Event) -> str:
    return reverse("events:detail", kwargs={"pk": event.pk})


def _starts(event: Event) -> str:
    """The start in the event's own time zone, which is named when it is not the site's."""
    local = timezone.localtime(event.starts_at, event.zone)
    text = f"{date_format(local, 'SHORT_DATE_FORMAT')} {local:%H:%M}"
    return text if event.time_zone == settings.TIME_ZONE else f"{text} ({event.time_zone})"


def _organisers(event: Event) -> str:
    # Prefetched by the selector: no query per row.
    return ", ".join(association.short_name for association in event.organisers.all())


def _places(event: Event) -> str:
    """Confirmed / capacity, and how many wait: "12 / 12 (+3)"; "5" when there is no limit."""
    confirmed = str(event.confirmed_count) if event.capacity is None else f"{event.confirmed_count} / {event.capacity}"
    return f"{confirmed} (+{event.waiting_count})" if event.waiting_count else confirmed


class EventIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Every event for the secretariat, with its organisers and counts in a fixed number of queries.
        return selectors.event_list_managed(user=self.request.user)


class EventViewSet(ModelViewSet):
    """Every event, for the secretariat to find one; the title opens it in the organisers' workspace."""

    model = Event
    url_prefix = "events"
    url_namespace = "events_admin"
    icon = "date"
    menu_label = _("Events")
    menu_order = 230
    add_to_admin_menu = True
    index_view_class = EventIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    ordering = "-starts_at"
    list_display = [
        TitleColumn("title", label=_("Title"), get_url=_workspace_url, sort_key="title"),
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        Column("starts_at", label=_("Starts"), accessor=_starts, sort_key="starts_at"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("organisers", label=_("Organisers"), accessor=_organisers),
        Column("places", label=_("Confirmed / places (waiting)"), accessor=_places),
    ]
    list_filter = ["kind", "status"]
    search_fields = ["title", "venue", "address"]
    # The model is in the public search index under folded terms only; the admin searches these columns.
    search_backend_name = None
    # Never shown: add and edit are refused by ViewOnlyPermissionPolicy. A form class is still required.
    form_fields = ["title"]


@hooks.register("register_admin_viewset")
def register_events_viewset():
    return EventViewSet()
