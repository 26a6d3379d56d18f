"""Input shapes for the organisers' workspace. Forms read and tidy what was typed; every rule is checked by
`events.services`, whose refusals the views attach back to these forms (`WorkspaceForm.add_service_error`).

Times are typed as the clock on the wall shows them in the event's own time zone and turned into moments
here, with `zoneinfo`: 10:00 in Prague is stored as 08:00 or 09:00 UTC depending on the date.
"""

import datetime as dt
import re
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.enums import FEDERATION_MEETINGS, Audience, EventKind, Fee
from events.models import TIME_ZONES, Event
from federation.forms import WorkspaceForm
from members.models import Association, Topic
from positions.enums import PUBLIC_STATUSES, PositionStatus
from positions.models import Position

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
CURRENCIES = [("PLN", "PLN"), ("CZK", "CZK"), ("EUR", "EUR")]
# Positions an agenda item may name: to adopt (final text, signing) or to report on (published).
AGENDA_POSITION_STATUSES = (PositionStatus.FINAL, PositionStatus.SIGNING, PositionStatus.PUBLISHED)
# The event's moments, typed as local wall-clock times.
MOMENTS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; it sends "2026-05-12T09:30" whatever the language."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=LOCAL_FORMAT)


class LocalDateTimeField(forms.Field):
    """A date and time without a zone (the form gives it the event's zone), so Django does not read it in
    the site's zone as `DateTimeField` would."""

    widget = LocalDateTimeInput
    input_formats = (LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M")
    default_error_messages = {"invalid": _("Enter a date and time, e.g. 2026-05-12 09:30.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        for pattern in self.input_formats:
            try:
                return dt.datetime.strptime(str(value).strip(), pattern)
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")


def local_moment(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """The moment a wall-clock time names in `zone`, or None when the clocks skip it (spring forward).

    In the autumn hour that happens twice, the first (summer-time) one is meant.
    """
    aware = naive.replace(tzinfo=zone, fold=0)
    if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive:
        return None
    return aware


def local_value(moment: dt.datetime | None, zone: zoneinfo.ZoneInfo) -> str:
    """A stored moment as the form shows it: the wall-clock time in the event's zone."""
    return timezone.localtime(moment, zone).strftime(LOCAL_FORMAT) if moment else ""


class EventForm(WorkspaceForm):
    """An event as its organisers prepare it. The agenda of a federation meeting is a formset beside it."""

    kind = forms.ChoiceField(label=_("Kind of event"), widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organising associations"),
        queryset=Association.objects.none(),
        error_messages={"required": _("Choose at least one organising association.")},
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You can organise events for associations where you are an editor or an administrator."),
    )
    topic = forms.ModelChoiceField(
        label=pgettext_lazy("policy area", "Topic"), queryset=Topic.objects.none(), required=False, empty_label=_("(no topic)")
    )
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=TIME_ZONES,
        initial="Europe/Warsaw",
        help_text=_("The times above are read as clocks show them in this zone."),
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=255, help_text=_("Name of the place, e.g. the town hall."))
    address = forms.CharField(
        label=_("Address"), required=False, max_length=255, help_text=_("Give a venue address, an online link, or both.")
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Sent to registered participants; never shown on the public page."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="pl")
    speakers = forms.CharField(
        label=_("Speakers"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One per line: name – function.")
    )
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, help_text=_("Leave empty for no limit."))
    registration_opens_at = LocalDateTimeField(
        label=_("Registration opens"), required=False, help_text=_("Leave empty to open it when the event is published.")
    )
    registration_closes_at = LocalDateTimeField(
        label=_("Registration closes"), required=False, help_text=_("Leave empty to close it when the event starts.")
    )
    audience = forms.ChoiceField(
        label=_("Who may register"),
        choices=[(value, capfirst(label)) for value, label in Audience.choices],
        initial=Audience.PUBLIC,
        widget=forms.RadioSelect,
    )
    fee = forms.ChoiceField(
        label=_("Fee"), choices=[(value, capfirst(label)) for value, label in Fee.choices], initial=Fee.FREE, widget=forms.RadioSelect
    )
    fee_amount = forms.DecimalField(
        label=_("Amount (gross)"), required=False, min_value=0, max_digits=9, decimal_places=2, help_text=_("Only for a paid event.")
    )
    fee_currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="PLN")
    vat_basis = forms.CharField(
        label=_("VAT basis"),
        required=False,
        max_length=255,
        help_text=_("E.g. the exemption of training for public bodies, or the rate applied."),
    )
    accreditation_number = forms.CharField(
        label=_("Accreditation number"),
        required=False,
        max_length=60,
        help_text=_("Czech trainings: the accredited programme's number, printed on certificates."),
    )
    hours = forms.DecimalField(label=_("Hours of training"), required=False, min_value=0, max_digits=5, decimal_places=1)

    def __init__(self, *args, kinds: list[str], organiser_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, capfirst(label)) for kind, label in EventKind.choices if kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        self.offers_meetings = any(kind in FEDERATION_MEETINGS for kind in kinds)
        self.offers_other_kinds = any(kind not in FEDERATION_MEETINGS for kind in kinds)
        if self.offers_other_kinds:
            self.fields["organisers"].queryset = organiser_choices
        else:
            # Only the federation's meetings on offer: the presiding association is their organiser.
            del self.fields["organisers"]
        self.fields["topic"].queryset = Topic.objects.order_by("name_pl")
        self.agenda_errors: list[str] = []

    @classmethod
    def initial_for(cls, event: Event) -> dict:
        zone = event.zone
        initial = {
            name: getattr(event, name)
            for name in (
                "kind",
                "title",
                "description",
                "topic",
                "time_zone",
                "venue",
                "address",
                "online_url",
                "language",
                "speakers",
                "capacity",
                "audience",
                "fee",
                "fee_amount",
                "fee_currency",
                "vat_basis",
                "accreditation_number",
                "hours",
            )
        }
        initial["organisers"] = [association.pk for association in event.organisers.all()]
        initial.update({name: local_value(getattr(event, name), zone) for name in MOMENTS})
        return initial

    def clean(self):
        data = super().clean()
        if data.get("kind") in FEDERATION_MEETINGS:
            # Hidden for meetings (the presiding association organises them): what it still sends is not used.
            self._errors.pop("organisers", None)
        zone = zoneinfo.ZoneInfo(data.get("time_zone") or "Europe/Warsaw")
        for name in MOMENTS:
            naive = data.get(name)
            if naive is None:
                continue
            moment = local_moment(naive, zone)
            if moment is None:
                self.add_error(name, _("This time does not exist in that time zone: the clocks go forward then."))
            else:
                data[name] = moment
        return data

    @property
    def is_meeting(self) -> bool:
        return self.cleaned_data.get("kind") in FEDERATION_MEETINGS

    def event_values(self) -> dict:
        """The event's fields as the model holds them (moments aware, in UTC once saved)."""
        data = self.cleaned_data
        values = {name: data.get(name) for name in self.fields if name not in ("organisers",)}
        for name in ("description", "venue", "address", "online_url", "speakers", "vat_basis", "accreditation_number"):
            values[name] = (values[name] or "").strip()
        if values["fee"] == Fee.FREE:
            values["fee_amount"] = None
        return values

    def organiser_values(self) -> list[Association]:
        if self.is_meeting or "organisers" not in self.fields:
            return []  # the service sets the presiding association
        return list(self.cleaned_data.get("organisers") or [])

    def add_service_error(self, error: ValidationError):
        """As `WorkspaceForm`, but the agenda's errors go beside the agenda (a formset, not a field)."""
        if hasattr(error, "error_dict") and "agenda" in error.error_dict:
            self.agenda_errors = [message for item in error.error_dict["agenda"] for message in item.messages]
            error = ValidationError({key: value for key, value in error.error_dict.items() if key != "agenda"})
            if not error.error_dict:
                return
        super().add_service_error(error)

    def error_summary(self) -> list[dict]:
        """The form's errors, then the agenda's: the service's about the whole agenda and the formset's per line."""
        items = super().error_summary()
        items += [{"anchor": "agenda", "label": _("Agenda"), "message": message} for message in self.agenda_errors]
        formset = getattr(self, "agenda_formset", None)
        if formset is not None and formset.is_bound:
            items += [{"anchor": "agenda", "label": _("Agenda"), "message": message} for message in formset.non_form_errors()]
            for number, line in enumerate(formset.forms, start=1):
                for field in line:
                    for message in field.errors:
                        label = _("Agenda item %(number)s") % {"number": number}
                        items.append({"anchor": field.id_for_label, "label": label, "message": message})
        return items


class AgendaItemForm(forms.Form):
    """One line of a federation meeting's agenda; a line left empty is left out."""

    title = forms.CharField(label=_("Item"), required=False, max_length=500)
    position = forms.ModelChoiceField(
        label=pgettext_lazy("joint position", "Position"),
        queryset=Position.objects.none(),
        required=False,
        empty_label=_("(no position)"),
    )

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if positions is not None:
            self.fields["position"].queryset = positions


class BaseAgendaFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.positions = Position.objects.filter(status__in=AGENDA_POSITION_STATUSES).order_by("-created_at", "-pk")

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "positions": self.positions}

    @property
    def empty_form(self):
        return self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), positions=self.positions, use_required_attribute=False)

    def agenda_values(self) -> list[tuple[str, Position | None]]:
        """(title, position) per filled line, in order; a line naming only a position takes its title."""
        items = []
        for form in self.forms:
            title = (form.cleaned_data.get("title") or "").strip()
            position = form.cleaned_data.get("position")
            if not title and position is None:
                continue
            items.append((title or position.title, position))
        return items


AgendaFormSet = forms.formset_factory(AgendaItemForm, formset=BaseAgendaFormSet, extra=3, max_num=60)


def agenda_initial(event: Event) -> list[dict]:
    return [{"title": item.title, "position": item.position_id} for item in event.agenda_items.all()]


# --- The event's page: publish, cancel, invitations, minutes ---------------------------------------------


class CancelForm(WorkspaceForm):
    """The reason is needed, but the service says so (in the participants' terms), so the form lets it."""

    mark_optional = False

    reason = forms.CharField(
        label=_("Reason for cancelling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone registered gets an e-mail with this reason."),
    )


class InvitationsForm(WorkspaceForm):
    mark_optional = False

    invitations = forms.CharField(
        label=_("Invited e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One address per line (commas and spaces also separate them). Only these people may register."),
    )

    def email_values(self) -> list[str]:
        return [email for email in re.split(r"[\s,;]+", self.cleaned_data["invitations"]) if email]


class MinutesForm(WorkspaceForm):
    mark_optional = False

    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    positions_adopted = forms.ModelMultipleChoiceField(
        label=_("Positions adopted at this meeting"),
        queryset=Position.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only published positions can be listed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["positions_adopted"].queryset = Position.objects.filter(status__in=PUBLIC_STATUSES).order_by("-adopted_on", "-pk")
