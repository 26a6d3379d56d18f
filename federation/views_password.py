"""Forgotten and changed passwords: Django's views with the site's forms and templates, the activity log
and the second factor. Included from federation/urls.py under /accounts/, in every language.

- A new password chosen through a mailed link does not sign the person in (`post_reset_login` stays
  False): they sign in with it, and give the second factor there if they need one.
- The link's token leaves the address at once: Django's view keeps it in the session and redirects to an
  address that ends in "set-password", so no Referer ever carries it.
- Someone who needs the second factor changes their password only in a session that has given it, so a
  stolen password alone cannot lock the owner out.
- A new password, reset or changed, goes into the activity log with the address of the request, as signing
  in does (federation/receivers.py; Django sends no signal for it).
"""

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect

from federation import two_factor as second_factor
from federation.activity import log_action
from federation.forms import ChangePasswordForm, NewPasswordForm, PasswordResetRequestForm


class PasswordResetRequestView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm


class PasswordResetSetView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    post_reset_login = False

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            log_action(actor=form.user, action="accounts.password_reset", target=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Keeps this session signed in; every other session of the person ends (Django's session hash)."""

    form_class = ChangePasswordForm

    def dispatch(self, request, *args, **kwargs):
        if second_factor.second_factor_missing(request.user):
            return redirect(second_factor.second_factor_url(request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            log_action(actor=form.user, action="accounts.password_changed", target=form.user)
        return response
