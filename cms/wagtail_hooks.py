"""The public site's records in the admin: good-practice categories; and the rights on a good-practice
library page made in the admin (the authors add under it, the secretariat reviews and publishes)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms import practices
from cms.models import GoodPracticeIndexPage, PracticeCategory
from members.permissions import is_secretariat


class SecretariatKeepsPolicy(ModelPermissionPolicy):
    """The secretariat adds, edits and views the records (its model permissions are kept by
    `members.services.secretariat_group_ensure`, which does not list this app's records); deleting a
    category the public has seen stays with superusers."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "view") and is_secretariat(user):
            return True
        return super().user_has_permission(user, action)


register_permission_policy(PracticeCategory, SecretariatKeepsPolicy(PracticeCategory))


class PracticeCategoryViewSet(ModelViewSet):
    model = PracticeCategory
    url_prefix = "practices/categories"
    url_namespace = "practice_categories"
    icon = "tag"
    menu_label = _("Good-practice categories")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name_pl", "name_cs", "name_en", "slug"]
    form_fields = ["slug", "name_pl", "name_cs", "name_en"]
    search_fields = ["name_pl", "name_cs", "name_en"]


@hooks.register("register_admin_viewset")
def register_practice_category_viewset():
    return PracticeCategoryViewSet("practice_categories")


@hooks.register("after_create_page")
def set_up_practice_library(request, page):
    """A library page made in the admin gets the authors' and reviewers' rights at once."""
    if isinstance(page.specific, GoodPracticeIndexPage):
        practices.practice_publishing_ensure()
