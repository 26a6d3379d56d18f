"""Wagtail admin views whose saves go through a service, so the admin is one more door, not a side door; and
the page on which the secretariat resets a person's lost second factor."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button
from wagtail.permissions import policy_registry

from federation import two_factor
from members.permissions import can_reset_second_factor


class ServiceSaveMixin:
    """Call `save_through_service(form)` instead of saving the form; a service's ValidationError becomes a
    form error and the editor's input is shown again."""

    def save_through_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_through_service(form)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        response = self.save_action()
        return self.run_after_hook() or response


class ServiceCreateView(ServiceSaveMixin, generic.CreateView):
    pass


class ServiceEditView(ServiceSaveMixin, generic.EditView):
    pass


# --- Resetting a person's lost second factor ---------------------------------------------------------------


def _may_list_users(user) -> bool:
    return policy_registry.get_by_type(get_user_model()).user_has_any_permission(user, {"add", "change", "delete", "view"})


def _back_url(request) -> str:
    """`next` when it stays on this site; else the users listing, or the roles listing for the secretariat
    (which keeps roles but not user accounts)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("wagtailusers_users:index" if _may_list_users(request.user) else "members_roles:index")


@require_http_methods(["GET", "POST"])
def second_factor_reset(request, user_id: int):
    """Confirm, then reset a person's second factor through `federation.two_factor.second_factor_reset`.
    Refused (403) to anyone `can_reset_second_factor` refuses, before anything is shown."""
    person = get_object_or_404(get_user_model(), pk=user_id)
    if not can_reset_second_factor(request.user, person):
        raise PermissionDenied
    back = _back_url(request)
    name = get_user_display_name(person)
    if request.method == "POST":
        try:
            two_factor.second_factor_reset(user=person, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The second factor of %(name)s was reset. They will set up a new authenticator app when they next sign in.")
                % {"name": name},
            )
        return redirect(back)
    context = {
        "person": person,
        "name": name,
        "authenticator": two_factor.totp_device(person) is not None,
        "recovery_codes_left": two_factor.recovery_codes_left(person),
        "has_second_factor": two_factor.has_second_factor(person),
        "next": back,
        "header_title": _("Reset second factor"),
    }
    return TemplateResponse(request, "federation/second_factor_reset.html", context)


def second_factor_reset_button(*, person, request_user, back: str) -> Button | None:
    """The listing button to `second_factor_reset`, for a person who has a second factor and only to those
    who may reset it; None otherwise."""
    if not can_reset_second_factor(request_user, person) or person.pk not in _people_with_second_factor(request_user):
        return None
    url = f"{reverse('second_factor_reset', args=[person.pk])}?next={quote(back, safe='/')}"
    return Button(_("Reset second factor"), url, icon_name="key", priority=60)


def _people_with_second_factor(request_user) -> set[int]:
    # A listing asks row by row with the same request user: one query for the whole page, not one per row.
    known = getattr(request_user, "_people_with_second_factor", None)
    if known is None:
        known = request_user._people_with_second_factor = two_factor.people_with_second_factor()
    return known
