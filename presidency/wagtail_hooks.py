"""The presidency schedule in the Wagtail admin; saves go through `presidency.services`."""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from federation.admin_views import ServiceCreateView, ServiceEditView
from presidency import services, views
from presidency.models import RotationPlace, Term, Trio
from presidency.permissions import can_manage_schedule


class TermCreateView(ServiceCreateView):
    def save_through_service(self, form):
        data = form.cleaned_data
        return services.term_create(
            association=data["association"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            gap_before=data["gap_before"],
            programme=data["programme"],
            priorities=data["priorities"],
            handover_note=data["handover_note"],
            by=self.request.user,
        )


class TermEditView(ServiceEditView):
    """Programme, priorities and handover note; changing the first day moves the handover into this term."""

    def save_through_service(self, form):
        data = form.cleaned_data
        term = Term.objects.select_related("association").get(pk=self.object.pk)
        if data["starts_on"] != term.starts_on:
            term = services.term_move_handover(term=term, new_start=data["starts_on"], by=self.request.user)
        return services.term_update_content(
            term=term, programme=data["programme"], priorities=data["priorities"], handover_note=data["handover_note"], by=self.request.user
        )


class TermViewSet(ModelViewSet):
    model = Term
    url_prefix = "presidency/terms"
    url_namespace = "presidency_terms"
    icon = "calendar"
    menu_label = _("Terms")
    add_view_class = TermCreateView
    edit_view_class = TermEditView
    list_display = ["association", "starts_on", "ends_on", "trio"]
    list_filter = ["association"]
    ordering = ["-starts_on"]

    def get_form_class(self, for_update=False):
        if for_update:
            fields = ["starts_on", "programme", "priorities", "handover_note"]
        else:
            fields = ["association", "starts_on", "ends_on", "gap_before", "programme", "priorities", "handover_note"]
        return forms.modelform_factory(self.model, fields=fields, form=WagtailAdminModelForm)


class TrioForm(WagtailAdminModelForm):
    terms = forms.ModelMultipleChoiceField(
        label=_("terms"),
        queryset=Term.objects.filter(trio__isnull=True).select_related("association"),
        help_text=_("Choose three consecutive terms."),
    )

    class Meta:
        model = Trio
        fields = ["name", "programme"]


class TrioCreateView(ServiceCreateView):
    def save_through_service(self, form):
        data = form.cleaned_data
        return services.trio_form(terms=list(data["terms"]), name=data["name"], programme=data["programme"], by=self.request.user)


class TrioViewSet(ModelViewSet):
    model = Trio
    url_prefix = "presidency/trios"
    url_namespace = "presidency_trios"
    icon = "list-ul"
    menu_label = _("Trios")
    add_view_class = TrioCreateView
    list_display = ["name"]

    def get_form_class(self, for_update=False):
        if for_update:
            return forms.modelform_factory(self.model, fields=["name", "programme"], form=WagtailAdminModelForm)
        return TrioForm


class RotationPlaceViewSet(ModelViewSet):
    model = RotationPlace
    url_prefix = "presidency/rotation"
    url_namespace = "presidency_rotation"
    icon = "order"
    menu_label = _("Rotation order")
    list_display = ["position", "association"]
    form_fields = ["association", "position"]


class PresidencyViewSetGroup(ModelViewSetGroup):
    menu_label = _("Presidency")
    menu_icon = "calendar"
    menu_order = 210
    items = (TermViewSet, TrioViewSet, RotationPlaceViewSet)


@hooks.register("register_admin_viewset")
def register_presidency_viewsets():
    return PresidencyViewSetGroup()


@hooks.register("register_admin_urls")
def register_schedule_url():
    return [path("presidency/schedule/", views.schedule_proposal, name="presidency_schedule")]


class ScheduleMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_schedule(request.user)


@hooks.register("register_admin_menu_item")
def register_schedule_menu_item():
    return ScheduleMenuItem(_("Presidency schedule"), reverse("presidency_schedule"), icon_name="calendar-alt", order=215)
