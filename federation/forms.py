"""Forms shared by the apps, and those of the pages that belong to no app: signing in, its second factor, and
forgotten and changed passwords.

`WorkspaceForm` is the base of every form a signed-in person fills in: includes/error_summary.html lists its
errors at the top of the page, and includes/field.html draws its fields."""

import hashlib

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from federation.tasks import password_reset_mail_send


class WorkspaceForm(forms.Form):
    """A form that can list its errors for the summary at its top and take a service's refusal."""

    # Service error keys that belong to a field with another name here.
    service_fields: dict[str, str] = {}
    # Whether fields that may be left empty say "(optional)" beside their label.
    mark_optional = True

    def error_summary(self) -> list[dict]:
        """Each error with the id of the field to jump to (none for errors about the whole form)."""
        items = [{"anchor": "", "label": "", "message": message} for message in self.non_field_errors()]
        for field in self:
            for message in field.errors:
                if field.is_hidden:
                    items.append({"anchor": "", "label": "", "message": message})
                    continue
                anchor = f"{field.auto_id}_0" if field.use_fieldset else field.id_for_label
                items.append({"anchor": anchor, "label": field.label, "message": message})
        return items

    def add_service_error(self, error: ValidationError):
        """Attach a service's ValidationError: to the field it names where the form has it, else to the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, errors in error.error_dict.items():
            name = self.service_fields.get(key, key)
            messages = [message for item in errors for message in item.messages]
            if name in self.fields and name != NON_FIELD_ERRORS:
                self.add_error(name, messages)
            else:
                self.add_error(None, messages)


class SignInForm(WorkspaceForm, AuthenticationForm):
    """Django's sign-in form, unchanged but for the error summary."""


class AuthenticatorSetupForm(WorkspaceForm):
    code = forms.CharField(
        label=_("6-digit code from the app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )


class SecondFactorForm(WorkspaceForm):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        help_text=_("The app shows a new 6-digit code every 30 seconds. A recovery code has 8 letters and digits."),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}),
    )


class PasswordResetRequestForm(WorkspaceForm, PasswordResetForm):
    """Django's form asking for a link to choose a new password, whose mail goes through the task queue.

    The page answers the same whether or not the address belongs to anyone (Django's rule); with a task
    worker (production) it also answers as quickly, as no mail is sent while the visitor waits."""

    def save(self, **kwargs):
        """Queue `federation.tasks.password_reset_mail_send` in the language of the page for each active
        person with this address and a usable password (Django's `get_users`). The task renders Django's
        templates with Django's token generator and the site's own address (WAGTAILADMIN_BASE_URL, never the
        Host header), so the templates, generator and request Django's view passes are not used here."""
        email = self.cleaned_data["email"]
        if not _reset_link_allowed(email):
            return
        for user in self.get_users(email):
            password_reset_mail_send.enqueue(user_id=user.pk, language=get_language())


# Links to choose a new password mailed to one address in an hour, at most: asking again and again must not
# flood someone's mailbox. Further requests get the same page as any other, and no mail.
RESET_LINKS_PER_ADDRESS_HOURLY = 3


def _reset_link_allowed(email: str) -> bool:
    """Count a request for a link to `email` (case-insensitively) and say whether it is within the hourly
    allowance. Counted in the cache, shared by every app server in production; were the cache down, the
    request is allowed."""
    key = "password-reset-links:" + hashlib.sha256(email.casefold().encode()).hexdigest()
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count <= RESET_LINKS_PER_ADDRESS_HOURLY


class NewPasswordForm(WorkspaceForm, SetPasswordForm):
    """Django's form for choosing a new password through a mailed link, unchanged but for the error summary."""


class ChangePasswordForm(WorkspaceForm, PasswordChangeForm):
    """Django's form for changing one's password, with the error summary."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
