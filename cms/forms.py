"""Forms of the public site."""

from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Association, Topic
from positions import selectors as position_selectors
from positions.enums import PUBLIC_STATUSES
from positions.models import DraftAct, Position
from presidency.models import Term


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
        self.fields["topic"].queryset = Topic.objects.filter(positions__in=public).distinct().order_by("name_pl")
        years = public.dates("adopted_on", "year", order="DESC")
        self.fields["year"].choices = [("", _("All"))] + [(day.year, day.year) for day in years]
        self.fields["term"].queryset = (
            Term.objects.filter(positions__in=public).distinct().select_related("association").order_by("-starts_on")
        )
        self.fields["term"].label_from_instance = _term_label
        self.fields["draft_act"].queryset = DraftAct.objects.filter(positions__in=public).distinct().order_by("title")
        self.fields["association"].queryset = Association.objects.filter(
            pk__in=position_selectors.signature_queryset_public().values("association_id")
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
            found = [position.pk for position in position_selectors.position_search_public(query=data["q"])]
            relevance = Case(*(When(pk=pk, then=Value(rank)) for rank, pk in enumerate(found)), output_field=IntegerField())
            positions = positions.filter(pk__in=found).order_by(relevance) if found else positions.none()
        return positions

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


def _term_label(term: Term) -> str:
    return f"{term.association.name} ({date_format(term.starts_on, 'SHORT_DATE_FORMAT')}–{date_format(term.ends_on, 'SHORT_DATE_FORMAT')})"
