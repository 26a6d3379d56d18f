"""Signing in and out goes into the activity log: thin receivers of django.contrib.auth's signals."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from federation.activity import log_action
from federation.request_context import client_address, current_source_address, using_source_address
from federation.two_factor import SIGNED_IN_AT_SESSION_KEY


def _address(request) -> str | None:
    # The signals carry the request; the middleware's value covers a sign-in made without one.
    return client_address(request) if request is not None else current_source_address()


@receiver(user_logged_in, dispatch_uid="federation.log_signed_in")
def log_signed_in(sender, request, user, **kwargs):
    with using_source_address(_address(request)):
        log_action(actor=user, action="accounts.signed_in", target=user)


@receiver(user_logged_in, dispatch_uid="federation.remember_sign_in_time")
def remember_sign_in_time(sender, request, user, **kwargs):
    """The session keeps when it signed in: a session older than a reset of the person's second factor may
    not set up a new one (`federation.two_factor.session_predates_reset`)."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT_SESSION_KEY] = timezone.now().timestamp()


@receiver(user_logged_out, dispatch_uid="federation.log_signed_out")
def log_signed_out(sender, request, user, **kwargs):
    if user is None:  # signing out without having signed in
        return
    with using_source_address(_address(request)):
        log_action(actor=user, action="accounts.signed_out", target=user)


@receiver(user_login_failed, dispatch_uid="federation.log_sign_in_refused")
def log_sign_in_refused(sender, credentials, request=None, **kwargs):
    """Only the username that was tried is kept: never the password, nor anything else that was sent."""
    username = str(credentials.get(get_user_model().USERNAME_FIELD, ""))[:150]
    with using_source_address(_address(request)):
        log_action(actor=None, action="accounts.sign_in_refused", data={"username": username})
