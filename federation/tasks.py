"""Background work of the pages that belong to no app: the mail with a link to choose a new password, and
the mail telling a person that their second factor was reset.

`federation.forms.PasswordResetRequestForm` enqueues the first, `federation.two_factor.second_factor_reset`
the second (after commit). The embedded default sends them in process at once; production sends them from a
worker, so the page asking for a new password takes as long for an unknown address as for a known one."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task


def _federation_name() -> str:
    """The federation's name in the active language, as the site's header shows it."""
    from wagtail.models import Site

    from cms.models import FederationSettings

    site = Site.objects.filter(is_default_site=True).first()
    name = FederationSettings.for_site(site).name if site else ""
    return name or settings.WAGTAIL_SITE_NAME


@task()
def password_reset_mail_send(*, user_id: int, language: str) -> int:
    """Mail the person a link to choose a new password, in `language` (that of the page where they asked),
    with the context Django's own reset mail has. Returns the number of messages sent: 0 when the person
    has since been deactivated, removed, or left without an address or a usable password.

    The link (Django's token) works once, until the person signs in or their password changes, and for
    PASSWORD_RESET_TIMEOUT at most; it is made here, so it never waits in the task queue."""
    user_model = get_user_model()
    user = user_model._default_manager.filter(pk=user_id, is_active=True).first()
    email = getattr(user, user_model.get_email_field_name(), "") if user is not None else ""
    if not email or not user.has_usable_password():
        return 0
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    with translation.override(language):
        context = {
            "email": email,
            "domain": base.netloc,
            "protocol": base.scheme,
            "site_name": _federation_name(),
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "user": user,
            "token": default_token_generator.make_token(user),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
        # Django's name for the plain-text body, whatever its extension says.
        body = render_to_string("registration/password_reset_email.html", context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email]).send()


def _language_of(user) -> str:
    """The language the person chose for the admin (their Wagtail profile), else the site's default."""
    from wagtail.users.models import UserProfile

    language = UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@task()
def second_factor_reset_mail_send(*, user_id: int, by_id: int) -> int:
    """Tell the person that `by_id` reset their second factor, and that they set up a new authenticator app
    at their next sign-in; in their language (`_language_of`). Plain text. Returns the number of messages
    sent: 0 when the person has since been removed or has no address."""
    user_model = get_user_model()
    user = user_model._default_manager.filter(pk=user_id).first()
    email = getattr(user, user_model.get_email_field_name(), "") if user is not None else ""
    if not email:
        return 0
    by = user_model._default_manager.filter(pk=by_id).first()
    with translation.override(_language_of(user)):
        site_name = _federation_name()
        by_name = (by.get_full_name() or by.get_username()) if by is not None else _("The federation's secretariat")
        subject = _("Your second factor was reset: %(site_name)s") % {"site_name": site_name}
        body = "\n\n".join(
            [
                _("Dear %(name)s,") % {"name": user.get_full_name() or user.get_username()},
                _(
                    "%(by)s reset the second factor of your account on %(site_name)s: your authenticator app and your "
                    "recovery codes no longer work for it."
                )
                % {"by": by_name, "site_name": site_name},
                _("The next time you sign in with your password, you will set up a new authenticator app and receive new recovery codes:")
                + "\n"
                + settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("login"),
                _("Your username: %(username)s") % {"username": user.get_username()},
                _("If you did not ask for this, tell the federation's secretariat at once."),
            ]
        )
    return EmailMessage(subject=subject, body=body + "\n", from_email=settings.DEFAULT_FROM_EMAIL, to=[email]).send()
