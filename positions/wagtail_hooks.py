"""Draft acts and a read-only list of positions in the Wagtail admin, for the secretariat.

Draft acts are saved through `positions.services.draft_act_save` (which proposes the lead association and
counts round deadlines). Positions are only listed here: their text and status change in the members'
workspace, through the services, so the admin offers no add, edit or delete for them.
"""

from django.db.models import Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from federation.admin_views import ServiceCreateView, ServiceEditView
from positions import services
from positions.admin_forms import ConsultationRoundPanel
from positions.models import DraftAct, Position
from presidency.dates import local_day


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Whoever may view the model may list it; nobody, not even a superuser, adds, edits or deletes it here."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action == "view"])


# Registered before any view asks for the policy (Wagtail would otherwise make a default one).
register_permission_policy(Position, ViewOnlyPermissionPolicy(Position))


# --- Draft acts -----------------------------------------------------------------------------------------


class DraftActSaveMixin:
    def save_through_service(self, form):
        return services.draft_act_save(draft_act=form.save(commit=False), by=self.request.user)


class DraftActCreateView(DraftActSaveMixin, ServiceCreateView):
    pass


class DraftActEditView(DraftActSaveMixin, ServiceEditView):
    pass


class DraftActIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The next deadline still ahead, computed in the same query as the list.
        today = local_day()
        return (
            super()
            .get_base_queryset()
            .select_related("lead_association")
            .annotate(next_deadline=Min("rounds__deadline", filter=Q(rounds__deadline__gte=today)))
        )


class DraftActViewSet(ModelViewSet):
    model = DraftAct
    url_prefix = "positions/draft-acts"
    url_namespace = "positions_draft_acts"
    icon = "doc-empty"
    menu_label = _("Draft acts")
    index_view_class = DraftActIndexView
    add_view_class = DraftActCreateView
    edit_view_class = DraftActEditView
    copy_view_enabled = False
    list_display = [
        "title",
        "jurisdiction",
        "stage",
        "stance",
        "lead_association",
        Column("next_deadline", label=_("Next deadline"), sort_key="next_deadline"),
    ]
    list_filter = ["jurisdiction", "stage", "stance"]
    search_fields = ["title", "summary", "originating_body"]
    # The model is in the public search index under folded terms only; the admin searches these columns.
    search_backend_name = None
    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("jurisdiction"), FieldPanel("stage")]),
        FieldPanel("originating_body"),
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldPanel("lead_association", help_text=_("Leave empty to take the lead association of the topic.")),
                FieldPanel("stance"),
                FieldPanel("stance_is_public"),
                FieldPanel("summary"),
            ],
            heading=_("Our stance"),
        ),
        InlinePanel(
            "identifiers",
            heading=_("Identifiers"),
            label=_("identifier"),
            panels=[FieldPanel("kind"), FieldPanel("value"), FieldPanel("url")],
        ),
        ConsultationRoundPanel(
            "rounds",
            heading=_("Consultation rounds"),
            label=_("consultation round"),
            panels=[
                FieldPanel("procedure"),
                FieldRowPanel([FieldPanel("received_on"), FieldPanel("working_days"), FieldPanel("calendar_days")]),
                FieldRowPanel([FieldPanel("deadline"), FieldPanel("deadline_shortened")]),
                FieldRowPanel([FieldPanel("our_ref"), FieldPanel("their_ref")]),
                FieldRowPanel([FieldPanel("outcome"), FieldPanel("taken_into_account")]),
                FieldPanel("outcome_note"),
            ],
        ),
    ]


# --- Positions (read only) ------------------------------------------------------------------------------


def _workspace_url(position: Position) -> str:
    return reverse("positions:detail", kwargs={"pk": position.pk})


class PositionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("lead_association")


class PositionViewSet(ModelViewSet):
    """Every position, for the secretariat to find one; the title opens it in the members' workspace."""

    model = Position
    url_prefix = "positions/positions"
    url_namespace = "positions_positions"
    icon = "doc-full"
    menu_label = pgettext_lazy("joint position", "Positions")
    index_view_class = PositionIndexView
    copy_view_enabled = False
    list_display = [
        Column("reference", label=_("Reference number"), sort_key="reference_number"),
        TitleColumn("title", label=_("Title"), get_url=_workspace_url, sort_key="title"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("lead_association", label=_("Lead association")),
        Column("adopted_on", label=_("Date of adoption"), sort_key="adopted_on"),
    ]
    list_filter = ["status", "lead_association"]
    search_fields = ["title", "reference"]
    # The model is in the public search index under folded terms only; the admin searches these columns.
    search_backend_name = None
    # Never shown: add and edit are refused by ViewOnlyPermissionPolicy. A form class is still required.
    form_fields = ["title"]


class PositionsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Joint positions")
    menu_icon = "doc-full-inverse"
    menu_order = 220
    items = (DraftActViewSet, PositionViewSet)


@hooks.register("register_admin_viewset")
def register_positions_viewsets():
    return PositionsViewSetGroup()
