"""Forms shared by the apps, and those of the pages that belong to no app: signing in and its second factor.

`WorkspaceForm` is the base of every form a signed-in person fills in: includes/error_summary.html lists its
errors at the top of the page, and includes/field.html draws its fields."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


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
