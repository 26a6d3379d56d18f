"""Draft acts being tracked and the joint positions the members adopt on them.

Every state change goes through `positions.services`: a position's status changes only in
`position_transition`, its text only in `version_save` (each save a new `PositionVersion`), signatures only
in `signature_record`. Nothing here writes the log or grants permissions.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.search import index

from federation.search import search_terms
from members.models import Association, Topic
from positions.enums import (
    PUBLIC_STATUSES,
    AdoptionRule,
    CommentWeight,
    Decision,
    DraftActStage,
    IdentifierKind,
    Jurisdiction,
    PositionStatus,
    Procedure,
    RoundOutcome,
    Settlement,
    Stance,
)
from positions.text import subpoint_label


def _private_storage():
    """Resolutions are for members only: kept outside MEDIA_ROOT (settings.STORAGES["private"])."""
    from django.core.files.storage import storages

    return storages["private"]


# --- Draft acts -----------------------------------------------------------------------------------------


class DraftAct(index.Indexed, ClusterableModel):
    """A bill, regulation or EU proposal the federation follows, with the stance its members take."""

    title = models.CharField(_("title"), max_length=500)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, choices=Jurisdiction.choices, default=Jurisdiction.POLAND)
    originating_body = models.CharField(_("originating ministry or body"), max_length=255, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=DraftActStage.choices, default=DraftActStage.CONSULTATION)
    topic = models.ForeignKey(
        Topic,
        verbose_name=pgettext_lazy("policy area", "topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft_acts",
    )
    lead_association = models.ForeignKey(
        Association, verbose_name=_("lead association"), null=True, blank=True, on_delete=models.PROTECT, related_name="led_draft_acts"
    )
    stance = models.CharField(_("stance"), max_length=30, choices=Stance.choices, default=Stance.WATCH)
    stance_is_public = models.BooleanField(
        _("stance is public"), default=False, help_text=_("Show this draft act and our stance on the public site.")
    )
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("draft act")
        verbose_name_plural = _("draft acts")

    # The public search sees only draft acts whose stance the federation made public.
    search_fields = [
        index.SearchField("search_terms"),
        index.FilterField("stance_is_public"),
        index.FilterField("created_at"),
        index.FilterField("id"),
    ]

    def search_terms(self) -> str:
        """Folded, stemmed words of the title, originating body, summary and identifiers."""
        topic = self.topic
        return search_terms(
            self.title,
            self.originating_body,
            self.summary,
            *((topic.name_pl, topic.name_cs, topic.name_en) if topic else ()),
            *(identifier.value for identifier in self.identifiers.all()),
        )

    def __str__(self):
        return self.title


class DraftActIdentifier(models.Model):
    """One of the numbers a draft act is known by (e.g. government list UD123, Sejm print 2184-A)."""

    draft_act = ParentalKey(DraftAct, on_delete=models.CASCADE, related_name="identifiers", verbose_name=_("draft act"))
    kind = models.CharField(_("kind"), max_length=20, choices=IdentifierKind.choices)
    value = models.CharField(_("identifier"), max_length=100)
    url = models.URLField(_("link"), blank=True, max_length=500)

    class Meta:
        ordering = ["draft_act", "kind", "value"]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        constraints = [models.UniqueConstraint(fields=["draft_act", "kind", "value"], name="draft_act_identifier_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value}"


class ConsultationRound(models.Model):
    """One procedure in which the federation was asked for its opinion on a draft act, and what came of it."""

    draft_act = ParentalKey(DraftAct, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("draft act"))
    procedure = models.CharField(_("procedure"), max_length=30, choices=Procedure.choices)
    received_on = models.DateField(_("received on"))
    working_days = models.PositiveSmallIntegerField(
        _("period in working days"), null=True, blank=True, help_text=_("Czech procedures: the deadline is counted in Czech working days.")
    )
    calendar_days = models.PositiveSmallIntegerField(
        _("period in calendar days"), null=True, blank=True, help_text=_("Polish procedures: the deadline is counted in calendar days.")
    )
    deadline = models.DateField(_("external deadline"))
    deadline_shortened = models.BooleanField(_("deadline shortened"), default=False)
    our_ref = models.CharField(_("our ref."), max_length=100, blank=True)
    their_ref = models.CharField(_("your ref."), max_length=100, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=RoundOutcome.choices, blank=True)
    taken_into_account = models.BooleanField(_("our position was taken into account"), null=True, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)

    class Meta:
        ordering = ["draft_act", "received_on", "pk"]
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")
        constraints = [models.CheckConstraint(condition=Q(deadline__gte=F("received_on")), name="round_deadline_after_receipt")]

    def __str__(self):
        return f"{self.get_procedure_display()} ({date_format(self.received_on, 'SHORT_DATE_FORMAT')}–{date_format(self.deadline, 'SHORT_DATE_FORMAT')})"


# --- Positions ------------------------------------------------------------------------------------------


class ReferenceCounter(models.Model):
    """The last reference number given in a year. Numbers are taken under a row lock and never reused."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Position(index.Indexed, models.Model):
    """A joint position of the member associations, from first draft to publication.

    Its status changes only in `positions.services.position_transition`, which checks that the move is
    allowed and who makes it, saves with `update_fields`, writes the activity log and sends notifications
    after commit. Its text lives in `PositionVersion`s: `current_version` is the latest one.
    """

    reference = models.CharField(_("reference number"), max_length=40, blank=True, help_text=_("Given at adoption, e.g. OPOS/2026/07."))
    reference_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    reference_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=80, blank=True, help_text=_("Given at adoption; used in the public address."))
    title = models.CharField(_("title"), max_length=500)
    topic = models.ForeignKey(
        Topic, verbose_name=pgettext_lazy("policy area", "topic"), null=True, blank=True, on_delete=models.PROTECT, related_name="positions"
    )
    draft_acts = models.ManyToManyField(DraftAct, verbose_name=_("draft acts"), blank=True, related_name="positions")
    addressees = models.TextField(_("addressees"), blank=True, help_text=_("One addressee per line."))
    lead_association = models.ForeignKey(
        Association, verbose_name=_("lead association"), on_delete=models.PROTECT, related_name="led_positions"
    )
    co_drafters = models.ManyToManyField(
        Association, verbose_name=_("co-drafting associations"), blank=True, related_name="co_drafted_positions"
    )
    forum = models.CharField(_("forum"), max_length=255, blank=True, help_text=_("E.g. the Board of the federation."))
    status = models.CharField(_("status"), max_length=20, choices=PositionStatus.choices, default=PositionStatus.DRAFT)
    current_version = models.ForeignKey(
        "PositionVersion", verbose_name=_("current version"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consultation_deadline = models.DateField(_("comments due"), null=True, blank=True)
    signing_deadline = models.DateField(_("signing deadline"), null=True, blank=True)
    adoption_rule = models.CharField(_("adoption rule"), max_length=10, choices=AdoptionRule.choices, default=AdoptionRule.ALL_MEMBERS)
    adoption_minimum = models.PositiveSmallIntegerField(_("minimum number of signatures"), null=True, blank=True)
    adopted_place = models.CharField(_("place of adoption"), max_length=100, blank=True)
    adopted_on = models.DateField(_("date of adoption"), null=True, blank=True)
    term = models.ForeignKey(
        "presidency.Term",
        verbose_name=_("adopted under the presidency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    supersedes = models.OneToOneField(
        "self", verbose_name=_("supersedes"), null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-adopted_on", "-created_at", "-pk"]
        verbose_name = pgettext_lazy("joint position", "position")
        verbose_name_plural = pgettext_lazy("joint position", "positions")
        constraints = [
            models.UniqueConstraint(fields=["reference_year", "reference_number"], name="position_reference_unique"),
            models.UniqueConstraint(fields=["slug"], condition=~Q(slug=""), name="position_slug_unique"),
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_STATUSES) | (Q(adopted_on__isnull=False) & ~Q(reference="")),
                name="position_public_has_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-adopted_on"]),
            # The newest published positions first: the home page, the feeds and search on SQLite.
            models.Index(fields=["-published_at", "-id"], name="position_newest_published_idx"),
        ]

    # Wagtail search: the public search filters on status, so drafts never come back from it.
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("reference", boost=2),
        index.SearchField("search_text"),
        index.SearchField("search_terms"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("published_at"),
        index.FilterField("id"),
        index.FilterField("topic_id"),
        index.FilterField("lead_association_id"),
        index.FilterField("adopted_on"),
    ]

    def __str__(self):
        return f"{self.reference} {self.title}".strip()

    def search_text(self) -> str:
        """The current text, for the search index."""
        version = self.current_version
        if version is None:
            return ""
        parts = [
            version.preamble,
            *(p["text"] for p in version.points),
            *(s for p in version.points for s in p["subpoints"]),
            version.justification,
        ]
        return "\n".join(part for part in parts if part)

    def search_terms(self) -> str:
        """Folded, stemmed words of the reference, title, topic and text (the site search queries these)."""
        topic = self.topic
        return search_terms(
            self.reference,
            self.title,
            self.adopted_place,
            *((topic.name_pl, topic.name_cs, topic.name_en) if topic else ()),
            self.lead_association.name if self.lead_association_id else "",
            self.search_text(),
        )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def addressee_list(self) -> list[str]:
        return [line.strip() for line in self.addressees.splitlines() if line.strip()]


class PositionVersion(models.Model):
    """One saved state of a position's text. Never changed once written; `sha256` is of its canonical form.

    `points` is a list of {"text": str, "subpoints": [str, ...]}: the numbered points of the position.
    """

    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="versions", verbose_name=pgettext_lazy("joint position", "position")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=500)
    preamble = models.TextField(_("introduction"), blank=True)
    points = models.JSONField(_("numbered points"), default=list)
    justification = models.TextField(_("justification"), blank=True)
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64, db_index=True)
    change_note = models.CharField(_("what changed"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["position", "number"]
        verbose_name = _("version of the text")
        verbose_name_plural = _("versions of the text")
        constraints = [models.UniqueConstraint(fields=["position", "number"], name="position_version_unique")]

    def __str__(self):
        return f"{self.title} (v{self.number})"


class Comment(models.Model):
    """A member association's comment on a point of a position during consultation, and how it was settled."""

    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="comments", verbose_name=pgettext_lazy("joint position", "position")
    )
    version = models.ForeignKey(PositionVersion, on_delete=models.PROTECT, related_name="comments", verbose_name=_("version commented on"))
    association = models.ForeignKey(
        Association, verbose_name=_("submitting association"), on_delete=models.PROTECT, related_name="position_comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+")
    point = models.PositiveSmallIntegerField(_("point"), null=True, blank=True, help_text=_("Leave empty for a comment on the whole text."))
    subpoint = models.PositiveSmallIntegerField(_("sub-point"), null=True, blank=True)
    weight = models.CharField(_("kind of comment"), max_length=20, choices=CommentWeight.choices, default=CommentWeight.RECOMMENDATION)
    text = models.TextField(_("comment"))
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    settlement = models.CharField(_("settlement"), max_length=20, choices=Settlement.choices, default=Settlement.PENDING)
    reply = models.TextField(_("reply"), blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["position", "point", "subpoint", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.association.short_name}: {self.provision}"

    @property
    def provision(self) -> str:
        """The provision commented on, as the text numbers it: "3." for a point, "3b)" for its second sub-point."""
        if self.point is None:
            return str(_("general comment"))
        if self.subpoint:
            return f"{self.point}{subpoint_label(self.subpoint - 1)})"
        return f"{self.point}."


class Signature(models.Model):
    """An association's decision on one version of a position: it signs, abstains or declines.

    Binds to the SHA-256 of the exact text (`text_sha256`); when the text changes, a signature on the
    earlier version no longer counts. One per association and version, enforced by the database.
    """

    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="signatures", verbose_name=pgettext_lazy("joint position", "position")
    )
    version = models.ForeignKey(PositionVersion, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("version signed"))
    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="position_signatures"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="position_signatures"
    )
    signer_name = models.CharField(_("name of the signatory"), max_length=255)
    signer_function = models.CharField(_("function"), max_length=150, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reservation = models.TextField(_("reservation"), blank=True)
    mandate_body = models.CharField(
        _("resolved by"), max_length=255, blank=True, help_text=_("The body of the association that authorised this decision.")
    )
    mandate_date = models.DateField(_("resolution date"), null=True, blank=True)
    resolution_file = models.FileField(_("resolution"), upload_to="positions/resolutions/%Y/", storage=_private_storage, blank=True)
    text_sha256 = models.CharField(_("SHA-256 of the text signed"), max_length=64)
    signed_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["position", "association__name"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [models.UniqueConstraint(fields=["version", "association"], name="signature_one_per_association_and_version")]

    def __str__(self):
        return f"{self.association.short_name}: {self.get_decision_display()}"


class PositionDocument(models.Model):
    """The PDF of an adopted version, rendered once off the request path and served as stored."""

    version = models.OneToOneField(PositionVersion, on_delete=models.PROTECT, related_name="document", verbose_name=_("version"))
    file = models.FileField(_("PDF"), upload_to="positions/pdf/%Y/")
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    rendered_at = models.DateTimeField(_("rendered"), auto_now_add=True)

    class Meta:
        verbose_name = _("position PDF")
        verbose_name_plural = _("position PDFs")

    def __str__(self):
        return self.file.name
