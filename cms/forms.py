"""Forms of the public site."""

import datetime as dt
import re

from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

from cms import selectors as search_selectors
from events.enums import EventKind
from events.services import Invoice, Participant
from federation.search import ranks_by_relevance, search_terms
from members.models import Association, LocalGovernment, LocalGovernmentMembership, Topic
from positions import selectors as position_selectors
from positions.enums import PUBLIC_STATUSES
from positions.models import DraftAct, Position
from presidency.models import Term


class SiteSearchForm(forms.Form):
    """The site-wide search: words, and optionally one kind of record."""

    q = forms.CharField(
        label=_("Search for"), max_length=200, widget=forms.SearchInput(attrs={"autocomplete": "off", "aria-describedby": "search-help"})
    )
    kind = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything"))] + [(key, label) for key, label in search_selectors.KIND_CHOICES]

    def clean_q(self):
        query = self.cleaned_data["q"].strip()
        if not search_terms(query):
            raise forms.ValidationError(_("Type at least one word to search for."), code="no_words")
        return query


class PositionFilterForm(forms.Form):
    """The filters above the list of adopted positions (a GET form: every choice is a public fact)."""

    q = forms.CharField(label=_("Search the texts"), required=False, max_length=200, widget=forms.SearchInput)
    topic = forms.ModelChoiceField(
        label=pgettext_lazy("policy area", "Topic"),
        queryset=Topic.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    year = forms.TypedChoiceField(label=_("Year of adoption"), coerce=int, required=False, empty_value=None)
    term = forms.ModelChoiceField(label=_("Presidency"), queryset=Term.objects.none(), required=False, empty_label=_("All"))
    draft_act = forms.ModelChoiceField(label=_("Draft act"), queryset=DraftAct.objects.none(), required=False, empty_label=_("All"))
    association = forms.ModelChoiceField(
        label=_("Signed by"),
        help_text=_("Positions the association signed or abstained on."),
        queryset=Association.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        public = Position.objects.filter(status__in=PUBLIC_STATUSES)
        self.fields["topic"].queryset = Topic.objects.filter(Exists(public.filter(topic=OuterRef("pk")))).order_by("name_pl")
        years = public.dates("adopted_on", "year", order="DESC")
        self.fields["year"].choices = [("", _("All"))] + [(day.year, day.year) for day in years]
        self.fields["term"].queryset = (
            Term.objects.filter(Exists(public.filter(term=OuterRef("pk")))).select_related("association").order_by("-starts_on")
        )
        self.fields["term"].label_from_instance = _term_label
        self.fields["draft_act"].queryset = DraftAct.objects.filter(Exists(public.filter(draft_acts=OuterRef("pk")))).order_by("title")
        # EXISTS stops at an association's first public signature (an IN list would read all of them).
        self.fields["association"].queryset = Association.objects.filter(
            Exists(position_selectors.signature_queryset_public().filter(association=OuterRef("pk")))
        ).order_by("name")

    def filter(self, positions: QuerySet[Position]) -> QuerySet[Position]:
        """Apply the valid filters to `positions`; a text search orders by relevance."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("topic"):
            positions = positions.filter(topic=data["topic"])
        if data.get("year"):
            positions = positions.filter(adopted_on__year=data["year"])
        if data.get("term"):
            positions = positions.filter(term=data["term"])
        if data.get("draft_act"):
            positions = positions.filter(draft_acts=data["draft_act"])
        if data.get("association"):
            signed = position_selectors.signature_queryset_public().filter(position=OuterRef("pk"), association=data["association"])
            positions = positions.filter(Exists(signed))
        if data.get("q", "").strip():
            found = position_selectors.position_search_public(query=data["q"])
            positions = positions.filter(pk__in=found)
            if found and ranks_by_relevance():
                relevance = Case(*(When(pk=pk, then=Value(rank)) for rank, pk in enumerate(found)), output_field=IntegerField())
                positions = positions.order_by(relevance)
        return positions

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


def _term_label(term: Term) -> str:
    return f"{term.association.name} ({date_format(term.starts_on, 'SHORT_DATE_FORMAT')}–{date_format(term.ends_on, 'SHORT_DATE_FORMAT')})"


# --- Events ---------------------------------------------------------------------------------------------


class EventFilterForm(forms.Form):
    """The filters above the list of events (a GET form). `events` are the events the visitor may see in
    the chosen tab (upcoming or past); the choices offer only what that list holds."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    topic = forms.ModelChoiceField(
        label=pgettext_lazy("policy area", "Topic"),
        queryset=Topic.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Association.objects.none(), to_field_name="slug", required=False, empty_label=_("All")
    )
    month = forms.ChoiceField(label=_("Month"), required=False)
    past = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, events: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        ids = events.order_by().values("pk")
        self.fields["kind"].choices = [("", _("All"))] + [(value, capfirst(label)) for value, label in EventKind.choices]
        self.fields["topic"].queryset = Topic.objects.filter(events__in=ids).distinct().order_by("name_pl")
        self.fields["organiser"].queryset = Association.objects.filter(organised_events__in=ids).distinct().order_by("name")
        self.fields["month"].choices = lambda: _month_choices(ids)

    def filter(self, events: QuerySet) -> QuerySet:
        """Apply the valid filters; a month is a calendar month in the site's time zone."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("topic"):
            events = events.filter(topic=data["topic"])
        if data.get("organiser"):
            events = events.filter(organisers=data["organiser"])
        if data.get("month"):
            year, month = (int(part) for part in data["month"].split("-"))
            first = timezone.make_aware(dt.datetime(year, month, 1))
            following = timezone.make_aware(dt.datetime(year + month // 12, month % 12 + 1, 1))
            events = events.filter(starts_at__gte=first, starts_at__lt=following)
        return events

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in ("kind", "topic", "organiser", "month"))


def _month_choices(ids: QuerySet) -> list[tuple[str, str]]:
    """The months ("YYYY-MM") in which the listed events start."""
    from events.models import Event

    months = Event.objects.filter(pk__in=ids).dates("starts_at", "month")
    return [("", _("All"))] + [(f"{day:%Y-%m}", date_format(day, "YEAR_MONTH_FORMAT")) for day in months]


# --- Registering for an event ---------------------------------------------------------------------------

# "Gmina Bytnica (0802032)": what the list of member local governments offers; a bare code works too.
_CODE = re.compile(r"(\d{6,7})\)?\s*$")


def member_local_governments() -> QuerySet[LocalGovernment]:
    """Local governments with a membership of an association in force today (offered in the form)."""
    today = timezone.localdate()
    active = LocalGovernmentMembership.objects.filter(local_government=OuterRef("pk"), joined_on__lte=today).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=today)
    )
    return LocalGovernment.objects.filter(Exists(active)).order_by("name", "code")


def local_government_label(local_government: LocalGovernment) -> str:
    return f"{local_government.name} ({local_government.code})"


class ParticipantForm(forms.Form):
    """One person in the registration form. `associations` maps the member associations offered, by id."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    unit = forms.CharField(label=_("Office or department"), max_length=255, required=False)
    association = forms.ChoiceField(label=_("Member association"), required=False)
    local_government = forms.CharField(
        label=_("Member local government"),
        max_length=200,
        required=False,
        help_text=_("Type the name or the official code (TERYT TERC, Czech municipality code) and choose from the list."),
        widget=forms.TextInput(attrs={"list": "member-local-governments", "autocomplete": "off"}),
    )

    def __init__(self, *args, associations: dict[str, Association], **kwargs):
        super().__init__(*args, **kwargs)
        self.associations = associations
        self.fields["association"].choices = [("", _("none"))] + [(key, item.name) for key, item in associations.items()]
        for name, autocomplete in (
            ("first_name", "given-name"),
            ("last_name", "family-name"),
            ("email", "email"),
            ("job_title", "organization-title"),
        ):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete

    def clean_association(self) -> Association | None:
        value = self.cleaned_data.get("association")
        return self.associations.get(value) if value else None

    def clean_local_government(self) -> LocalGovernment | None:
        typed = self.cleaned_data.get("local_government", "").strip()
        if not typed:
            return None
        members = member_local_governments()
        code = _CODE.search(typed)
        found = list(members.filter(code=code.group(1))) if code else list(members.filter(name__iexact=typed)[:2])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise forms.ValidationError(_("Several member local governments have this name; choose one from the list (it adds the code)."))
        raise forms.ValidationError(_("“%(typed)s” is not a member local government; choose one from the list.") % {"typed": typed})

    def participant(self) -> Participant:
        data = self.cleaned_data
        return Participant(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            job_title=data.get("job_title", ""),
            unit=data.get("unit", ""),
            local_government=data.get("local_government"),
            association=data.get("association"),
        )


class BaseParticipantFormSet(forms.BaseFormSet):
    def clean(self):
        """The same address twice in one form: said beside the second one."""
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            email = (form.cleaned_data.get("email") or "").strip().lower()
            if email and email in seen:
                form.add_error("email", _("This address is already given above; each person needs their own."))
            seen.add(email)

    def participant_forms(self) -> list[ParticipantForm]:
        """The rows filled in, in order (empty extra rows are left out)."""
        return [form for form in self.forms if form.has_changed() and form.cleaned_data]


MAX_PARTICIPANTS = 20


def participant_formset(*, data=None, people: int = 1, associations: dict[str, Association]):
    """The participants' rows: `people` empty rows to start with; a submitted form keeps its own count."""
    formset_class = forms.formset_factory(
        ParticipantForm,
        formset=BaseParticipantFormSet,
        extra=max(people, 1) - 1,
        min_num=1,
        validate_min=True,
        max_num=MAX_PARTICIPANTS,
        validate_max=True,
    )
    return formset_class(data=data, prefix="person", form_kwargs={"associations": associations})


class InvoiceForm(forms.Form):
    """Polish invoice data for a paid event: the buyer is the gmina (with its NIP), the recipient its office."""

    buyer_name = forms.CharField(
        label=_("Buyer"), max_length=255, required=False, help_text=_("The local government that pays, e.g. Gmina Bytnica.")
    )
    buyer_nip = forms.CharField(label=_("Buyer's NIP"), max_length=20, required=False)
    buyer_address = forms.CharField(label=_("Buyer's address"), max_length=255, required=False)
    recipient_name = forms.CharField(
        label=_("Recipient"), max_length=255, required=False, help_text=_("The office that receives the invoice, e.g. Urząd Gminy Bytnica.")
    )
    recipient_address = forms.CharField(label=_("Recipient's address"), max_length=255, required=False)

    def clean(self):
        data = super().clean()
        if data.get("buyer_nip") and not data.get("buyer_name"):
            self.add_error("buyer_name", _("Give the buyer's name with its NIP."))
        if data.get("buyer_name") and not data.get("buyer_nip"):
            self.add_error("buyer_nip", _("Give the buyer's NIP: the invoice names the gmina with its NIP."))
        return data

    def invoice(self) -> Invoice:
        return Invoice(**{name: self.cleaned_data.get(name, "") for name in self.fields})


def field_error_items(form: forms.Form, *, label_prefix: str = "") -> list[dict]:
    """A form's field errors for the summary at the top: each with the id of the field to jump to."""
    return [
        {"anchor": field.id_for_label, "label": f"{label_prefix}{field.label}", "message": message}
        for field in form
        for message in field.errors
    ]


# --- Good practices -------------------------------------------------------------------------------------


def _kind_choices() -> list:
    """Kinds of unit grouped by country, in the order the enum lists them."""
    from members.enums import CZECH_KINDS, POLISH_KINDS, Country, LocalGovernmentKind

    return [
        (Country.POLAND.label, [(kind.value, capfirst(kind.label)) for kind in LocalGovernmentKind if kind in POLISH_KINDS]),
        (Country.CZECHIA.label, [(kind.value, capfirst(kind.label)) for kind in LocalGovernmentKind if kind in CZECH_KINDS]),
    ]


def _region_choices() -> list:
    from cms.regions import region_choices_by_country

    return [("", _("All"))] + region_choices_by_country()


class PracticeFilterForm(forms.Form):
    """The filters above the good-practice library (a GET form). `categories` are the categories the
    listed practices use; regions and kinds of unit are offered whole, grouped by country."""

    category = forms.ModelChoiceField(label=_("Category"), queryset=None, to_field_name="slug", required=False, empty_label=_("All"))
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(label=_("Kind of unit"), required=False)

    def __init__(self, *args, categories: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories.order_by("name_pl")
        self.fields["category"].error_messages["invalid_choice"] = _("There is no such category; choose one from the list.")
        self.fields["region"].choices = _region_choices
        self.fields["region"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not a region of Poland or Czechia; choose one from the list."
        )
        self.fields["kind"].choices = lambda: [("", _("All"))] + _kind_choices()
        self.fields["kind"].error_messages["invalid_choice"] = _("“%(value)s” is not a kind of unit; choose one from the list.")

    def filter(self, practices: QuerySet, *, skip: tuple[str, ...] = ()) -> QuerySet:
        """Apply the valid filters except those named in `skip` (the map counts each region without the
        region filter, so that every region stays a way in)."""
        data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        if data.get("category") and "category" not in skip:
            practices = practices.filter(categories=data["category"])
        if data.get("region") and "region" not in skip:
            practices = practices.filter(region=data["region"])
        if data.get("kind") and "kind" not in skip:
            practices = practices.filter(unit_kind=data["kind"])
        return practices

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class OfficialCodesWidget(forms.Textarea):
    """Local governments typed as their official codes (TERYT TERC, 7 digits; Czech municipality code, 6
    digits), one per line or separated by commas; the field behind it looks them up by `code`."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if not value:
            return ""
        if isinstance(value, str):
            return value
        return "\n".join(str(code) for code in value)

    def value_from_datadict(self, data, files, name):
        return [code for code in re.split(r"[\s,;]+", data.get(name, "")) if code]

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class GoodPracticePageForm(WagtailAdminPageForm):
    """The admin form of a good practice: local governments are typed by official code, and an association
    editor may submit only for the associations they edit for (the secretariat for any)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from members.permissions import ACT_AS_EDITOR, associations_for, is_secretariat

        if "local_governments" in self.fields:
            field = self.fields["local_governments"]
            field.to_field_name = "code"
            field.help_text = _(
                "Official codes of the local governments involved (TERYT TERC, 7 digits; Czech municipality code, 6 digits), "
                "one per line or separated by commas."
            )
            field.error_messages["invalid_choice"] = _("No local government has the official code %(value)s.")
        user = self.for_user
        if "association" in self.fields and user is not None and not is_secretariat(user):
            allowed = associations_for(user, ACT_AS_EDITOR).order_by("name")
            field = self.fields["association"]
            field.queryset = allowed
            field.required = True
            if not self.instance.association_id and len(allowed) == 1:
                self.initial["association"] = allowed[0].pk
