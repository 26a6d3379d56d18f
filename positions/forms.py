"""Input shapes for the members' workspace. Forms only read and tidy what was typed; every rule with legal
weight is checked by `positions.services`, whose refusals the views attach back to these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from federation.forms import WorkspaceForm
from federation.uploads import validate_pdf
from members.models import Association, Topic
from members.selectors import association_list_eligible
from positions import text
from positions.enums import AdoptionRule, CommentWeight, Decision, PositionStatus, Settlement
from positions.models import DraftAct

POINTS_HELP = _(
    "Write each numbered point as a paragraph and leave a blank line between points; numbers are added for you. "
    "Inside a point, a line starting with “- ” is a sub-point (lettered a), b), …)."
)


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and shows dates as YYYY-MM-DD whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# --- Creating and editing a position -------------------------------------------------------------------


class PositionTextFields(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    preamble = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Optional text before the points.")
    )
    points = forms.CharField(label=_("Numbered points"), widget=forms.Textarea(attrs={"rows": 14}), help_text=POINTS_HELP)
    justification = forms.CharField(label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 8}))

    def text_values(self) -> dict:
        """The text as the services take it: points read from the editor's notation."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "preamble": data.get("preamble", ""),
            "points": text.points_from_notation(data["points"]),
            "justification": data.get("justification", ""),
        }


class PositionDetailsFields(forms.Form):
    topic = forms.ModelChoiceField(
        label=pgettext_lazy("policy area", "Topic"), queryset=Topic.objects.none(), required=False, empty_label=_("(no topic)")
    )
    draft_acts = forms.ModelMultipleChoiceField(
        label=_("Draft acts it concerns"), queryset=DraftAct.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    co_drafters = forms.ModelMultipleChoiceField(
        label=_("Co-drafting associations"),
        queryset=Association.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their editors may change the text too."),
    )
    addressees = forms.CharField(
        label=_("Addressees"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One addressee per line.")
    )
    forum = forms.CharField(label=_("Forum"), required=False, max_length=255, help_text=_("E.g. the Board of the federation."))
    adoption_rule = forms.ChoiceField(
        label=_("Adoption rule"), choices=AdoptionRule.choices, initial=AdoptionRule.ALL_MEMBERS, widget=forms.RadioSelect
    )
    adoption_minimum = forms.IntegerField(
        label=_("Minimum number of signatures"),
        required=False,
        min_value=1,
        help_text=_("Only for the rule “signed by at least a set number of members”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.order_by("name_pl")
        self.fields["co_drafters"].queryset = association_list_eligible()
        draft_acts = DraftAct.objects.order_by("-created_at", "-pk")
        if draft_acts.exists():
            self.fields["draft_acts"].queryset = draft_acts
        else:
            del self.fields["draft_acts"]  # none recorded yet: an empty box of checkboxes would only puzzle

    def detail_values(self) -> dict:
        names = ("topic", "draft_acts", "co_drafters", "addressees", "forum", "adoption_rule", "adoption_minimum")
        return {name: self.cleaned_data.get(name) for name in names if name in self.fields}


class PositionCreateForm(WorkspaceForm, PositionTextFields, PositionDetailsFields):
    lead_association = forms.ModelChoiceField(
        label=_("Lead association"),
        queryset=Association.objects.none(),
        empty_label=None,
        help_text=_("The association whose editors steer the draft. You can start positions for associations where you are an editor."),
    )

    field_order = [
        "lead_association",
        "title",
        "topic",
        "draft_acts",
        "co_drafters",
        "addressees",
        "forum",
        "adoption_rule",
        "adoption_minimum",
        "preamble",
        "points",
        "justification",
    ]

    def __init__(self, *args, lead_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_association"].queryset = lead_choices


class PositionTextForm(WorkspaceForm, PositionTextFields):
    """The text as the editor changes it, on top of the version they opened (`base_number`)."""

    base_number = forms.IntegerField(widget=forms.HiddenInput)
    change_note = forms.CharField(
        label=_("What changed"), required=False, max_length=255, help_text=_("A short note for the list of versions.")
    )

    @classmethod
    def initial_for(cls, version) -> dict:
        return {
            "base_number": version.number,
            "title": version.title,
            "preamble": version.preamble,
            "points": text.points_to_notation(version.points),
            "justification": version.justification,
        }


class PositionDetailsForm(WorkspaceForm, PositionDetailsFields):
    def __init__(self, *args, position, **kwargs):
        super().__init__(*args, **kwargs)
        # The lead association drafts anyway; offering it as its own co-drafter would only confuse.
        self.fields["co_drafters"].queryset = self.fields["co_drafters"].queryset.exclude(pk=position.lead_association_id)

    @classmethod
    def initial_for(cls, position) -> dict:
        return {
            "topic": position.topic_id,
            "draft_acts": [draft_act.pk for draft_act in position.draft_acts.all()],
            "co_drafters": [association.pk for association in position.co_drafters.all()],
            "addressees": position.addressees,
            "forum": position.forum,
            "adoption_rule": position.adoption_rule,
            "adoption_minimum": position.adoption_minimum,
        }


# --- Moving a position on -------------------------------------------------------------------------------

# The input each move needs, besides the button itself.
TRANSITION_FIELDS = {
    PositionStatus.CONSULTATION: ("consultation_deadline",),
    PositionStatus.SIGNING: ("signing_deadline",),
    PositionStatus.PUBLISHED: ("adopted_place",),
    PositionStatus.WITHDRAWN: ("reason",),
}


class TransitionForm(WorkspaceForm):
    """One move of the position (the target status is the form's prefix), with only the input it needs.

    The input is needed, not optional, but the service says what is missing and why, so the form lets it.
    """

    mark_optional = False

    consultation_deadline = forms.DateField(label=_("Members comment by"), required=False, widget=DateInput)
    signing_deadline = forms.DateField(label=_("Signing deadline"), required=False, widget=DateInput)
    adopted_place = forms.CharField(label=_("Place of adoption"), required=False, max_length=100)
    reason = forms.CharField(label=_("Reason for withdrawal"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, to: str, **kwargs):
        super().__init__(*args, prefix=f"to-{to}", **kwargs)
        self.to = to
        needed = TRANSITION_FIELDS.get(to, ())
        for name in list(self.fields):
            if name not in needed:
                del self.fields[name]

    def transition_values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


# --- Signing --------------------------------------------------------------------------------------------


class SignatureForm(WorkspaceForm):
    association = forms.ModelChoiceField(label=_("On behalf of"), queryset=Association.objects.none(), empty_label=None)
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    reservation = forms.CharField(
        label=_("Reservation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A reservation, or the reason for abstaining or objecting; it is kept with the decision."),
    )
    mandate_body = forms.CharField(
        label=_("Resolved by"), required=False, max_length=255, help_text=_("The body of the association that authorised this decision.")
    )
    mandate_date = forms.DateField(label=_("Resolution date"), required=False, widget=DateInput)
    resolution_file = forms.FileField(
        label=_("Resolution (file)"),
        required=False,
        help_text=_("A PDF file of at most 20 MB. Seen only by the members' people, never published."),
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    text_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations


# --- Comments -------------------------------------------------------------------------------------------


def provision_choices(version) -> list[tuple[str, str]]:
    """ "1", "2", "2.1" … for the points and sub-points of a version, labelled as the text numbers them."""
    choices = [("", _("The whole text (general comment)"))]
    for number, point in enumerate(version.points, start=1):
        choices.append((str(number), _("Point %(number)s") % {"number": number}))
        for index, _sub in enumerate(point["subpoints"]):
            choices.append(
                (f"{number}.{index + 1}", _("Point %(number)s, %(letter)s)") % {"number": number, "letter": text.subpoint_label(index)})
            )
    return choices


class CommentForm(WorkspaceForm):
    association = forms.ModelChoiceField(label=_("On behalf of"), queryset=Association.objects.none(), empty_label=None)
    provision = forms.ChoiceField(label=_("Provision"), required=False)
    weight = forms.ChoiceField(
        label=_("Kind of comment"), choices=CommentWeight.choices, initial=CommentWeight.RECOMMENDATION, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}))
    proposed_wording = forms.CharField(label=_("Proposed wording"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    justification = forms.CharField(label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    service_fields = {"point": "provision", "subpoint": "provision"}

    def __init__(self, *args, associations, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations
        self.fields["provision"].choices = provision_choices(version)

    def comment_values(self) -> dict:
        point, _dot, subpoint = self.cleaned_data["provision"].partition(".")
        return {
            "association": self.cleaned_data["association"],
            "point": int(point) if point else None,
            "subpoint": int(subpoint) if subpoint else None,
            "weight": self.cleaned_data["weight"],
            "text_": self.cleaned_data["text"],
            "proposed_wording": self.cleaned_data["proposed_wording"],
            "justification": self.cleaned_data["justification"],
        }


class SettleForm(WorkspaceForm):
    settlement = forms.ChoiceField(
        label=_("Settlement"),
        choices=[("", _("Choose…"))] + [choice for choice in Settlement.choices if choice[0] != Settlement.PENDING],
    )
    reply = forms.CharField(
        label=_("Reply"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the comment is not accepted in full."),
    )

    def __init__(self, *args, comment, **kwargs):
        super().__init__(*args, prefix=f"comment-{comment.pk}", **kwargs)
        self.comment = comment
        if not self.is_bound and comment.settlement != Settlement.PENDING:
            self.initial = {"settlement": comment.settlement, "reply": comment.reply}


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    b = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, str(number)) for number in numbers]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
