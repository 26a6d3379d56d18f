"""Forms of the pages that belong to no app: the second factor of signing in."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AuthenticatorSetupForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from the app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        help_text=_("The app shows a new 6-digit code every 30 seconds. A recovery code has 8 letters and digits."),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}),
    )
