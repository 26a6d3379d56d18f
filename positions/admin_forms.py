"""Input shapes for draft acts in the Wagtail admin. Saving goes through `positions.services.draft_act_save`."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel


class ConsultationRoundForm(WagtailAdminModelForm):
    """A round's external deadline may be left empty when a period is given: the service counts it
    (Czech working days, Polish calendar days)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "deadline" in self.fields:
            self.fields["deadline"].required = False
            self.fields["deadline"].help_text = _("Leave empty to count it from the day of receipt and the period.")

    def clean(self):
        cleaned_data = super().clean()
        received_on, deadline = cleaned_data.get("received_on"), cleaned_data.get("deadline")
        working_days, calendar_days = cleaned_data.get("working_days"), cleaned_data.get("calendar_days")
        if working_days and calendar_days:
            self.add_error("calendar_days", _("Give the period either in working days or in calendar days, not both."))
        if deadline is None and not (working_days or calendar_days):
            self.add_error("deadline", _("Give the deadline, or the period from which it is counted."))
        if deadline and received_on and deadline < received_on:
            self.add_error("deadline", _("The deadline cannot fall before the day the draft was received."))
        return cleaned_data


class ConsultationRoundPanel(InlinePanel):
    """The rounds of a draft act, edited with `ConsultationRoundForm`."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = ConsultationRoundForm
        return options
