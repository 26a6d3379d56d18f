"""The secretariat keeps members, local governments and roles in the Wagtail admin; every save goes
through `members.services`, so the admin grants permissions and writes the log like any other door."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from federation.admin_views import ServiceCreateView, ServiceEditView, second_factor_reset_button
from members import services
from members.models import Association, LocalGovernment, LocalGovernmentMembership, Role, Topic


class AssociationSaveMixin:
    def save_through_service(self, form):
        return services.association_save(association=form.save(commit=False), by=self.request.user)


class AssociationCreateView(AssociationSaveMixin, ServiceCreateView):
    pass


class AssociationEditView(AssociationSaveMixin, ServiceEditView):
    pass


class AssociationViewSet(ModelViewSet):
    model = Association
    url_prefix = "members/associations"
    url_namespace = "members_associations"
    icon = "group"
    menu_label = _("Member associations")
    add_view_class = AssociationCreateView
    edit_view_class = AssociationEditView
    list_display = ["name", "short_name", "country", "region", "joined_on", "left_on"]
    list_filter = ["country", "left_on"]
    search_fields = ["name", "short_name", "city"]
    # The model is in the public search index under folded terms only; the admin searches these columns.
    search_backend_name = None
    form_fields = [
        "name",
        "short_name",
        "slug",
        "legal_form",
        "country",
        "region",
        "krs",
        "regon",
        "nip",
        "ico",
        "street_address",
        "postal_code",
        "city",
        "website",
        "email",
        "phone",
        "logo",
        "description",
        "joined_on",
        "left_on",
    ]


class TopicViewSet(ModelViewSet):
    model = Topic
    url_prefix = "members/topics"
    url_namespace = "members_topics"
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name_pl", "name_cs", "name_en", "lead_association"]
    form_fields = ["slug", "name_pl", "name_cs", "name_en", "lead_association"]
    search_fields = ["name_pl", "name_cs", "name_en"]


class LocalGovernmentViewSet(ModelViewSet):
    model = LocalGovernment
    url_prefix = "members/local-governments"
    url_namespace = "members_local_governments"
    icon = "site"
    menu_label = _("Local governments")
    list_display = ["name", "code", "kind", "parent", "population"]
    list_filter = ["country", "kind"]
    search_fields = ["name", "code"]
    form_fields = ["country", "code", "name", "kind", "parent", "population"]
    list_per_page = 50


class MembershipCreateView(ServiceCreateView):
    def save_through_service(self, form):
        data = form.cleaned_data
        return services.local_government_join(
            local_government=data["local_government"], association=data["association"], joined_on=data["joined_on"], by=self.request.user
        )


class MembershipEditView(ServiceEditView):
    def save_through_service(self, form):
        left_on = form.cleaned_data.get("left_on")
        if not left_on:
            raise ValidationError({"left_on": _("Enter the day the membership ends.")})
        membership = LocalGovernmentMembership.objects.get(pk=self.object.pk)
        return services.local_government_leave(membership=membership, left_on=left_on, by=self.request.user)


class MembershipViewSet(ModelViewSet):
    model = LocalGovernmentMembership
    url_prefix = "members/memberships"
    url_namespace = "members_memberships"
    icon = "link"
    menu_label = _("Memberships of local governments")
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    list_display = ["local_government", "association", "joined_on", "left_on"]
    list_filter = ["association"]
    search_fields = ["local_government__name", "local_government__code"]

    def get_form_class(self, for_update=False):
        fields = ["left_on"] if for_update else ["local_government", "association", "joined_on"]
        return forms.modelform_factory(self.model, fields=fields, form=WagtailAdminModelForm)


class RoleCreateView(ServiceCreateView):
    def save_through_service(self, form):
        data = form.cleaned_data
        return services.role_grant(
            user=data["user"],
            association=data["association"],
            kind=data["kind"],
            starts_on=data["starts_on"],
            title=data["title"],
            by=self.request.user,
        )


class RoleEditView(ServiceEditView):
    def save_through_service(self, form):
        role = Role.objects.select_related("user", "association").get(pk=self.object.pk)
        return services.role_end(role=role, ends_on=form.cleaned_data.get("ends_on"), by=self.request.user)


class RoleIndexView(IndexView):
    """Roles with a "Reset second factor" button for a holder who has one (the secretariat reaches people
    here, not in the users listing)."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "association")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        reset = second_factor_reset_button(person=instance.user, request_user=self.request.user, back=self.request.get_full_path())
        return [*buttons, reset] if reset else buttons


class RoleViewSet(ModelViewSet):
    model = Role
    url_prefix = "members/roles"
    url_namespace = "members_roles"
    icon = "user"
    menu_label = _("Roles")
    index_view_class = RoleIndexView
    add_view_class = RoleCreateView
    edit_view_class = RoleEditView
    list_display = ["user", "association", "kind", "title", "starts_on", "ends_on"]
    list_filter = ["association", "kind"]
    search_fields = ["user__last_name", "user__username", "association__name"]

    def get_form_class(self, for_update=False):
        fields = ["ends_on"] if for_update else ["user", "association", "kind", "title", "starts_on"]
        return forms.modelform_factory(self.model, fields=fields, form=WagtailAdminModelForm)


class MembersViewSetGroup(ModelViewSetGroup):
    menu_label = _("Members")
    menu_icon = "group"
    menu_order = 200
    items = (AssociationViewSet, TopicViewSet, LocalGovernmentViewSet, MembershipViewSet, RoleViewSet)


@hooks.register("register_admin_viewset")
def register_members_viewsets():
    return MembersViewSetGroup()
