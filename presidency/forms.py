from django import forms
from django.utils.translation import gettext_lazy as _


class ScheduleProposalForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of terms to propose"),
        min_value=1,
        max_value=20,
        initial=4,
        help_text=_("Planned terms keep their dates; further terms run to the end of a half-year."),
    )
