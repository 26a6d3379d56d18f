"""Reads for draft acts and positions; each returns a fixed number of queries whatever the size."""

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from federation.activity import Findings
from members.models import Association
from members.selectors import association_list_eligible
from positions.enums import PUBLIC_STATUSES, AdoptionRule, Decision, PositionStatus
from positions.models import Comment, ConsultationRound, DraftAct, Position, PositionVersion, Signature
from positions.text import version_sha256
from presidency.dates import local_day

# --- Positions ------------------------------------------------------------------------------------------


def position_list_public() -> QuerySet[Position]:
    """Published and superseded positions, newest adoption first, with what a list row shows."""
    return (
        Position.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("topic", "lead_association", "term__association", "superseded_by")
        .order_by("-adopted_on", "-reference_number")
    )


def position_get_public(*, slug: str) -> Position:
    """A published or superseded position with everything its public page shows (Position.DoesNotExist
    otherwise)."""
    return (
        Position.objects.filter(status__in=PUBLIC_STATUSES, slug=slug)
        .select_related("topic", "lead_association", "term__association", "current_version", "supersedes", "superseded_by")
        .prefetch_related(
            Prefetch("draft_acts", queryset=DraftAct.objects.prefetch_related("identifiers")),
            "co_drafters",
        )
        .get()
    )


def position_get_public_for_pdf(*, slug: str) -> Position:
    """A published or superseded position with only what serving its PDF needs: the current version and its
    stored document, in one query (Position.DoesNotExist otherwise)."""
    return (
        Position.objects.filter(status__in=PUBLIC_STATUSES, slug=slug)
        .select_related("current_version__document")
        .only(
            "slug",
            "reference",
            "current_version__id",
            *(f"current_version__document__{name}" for name in ("id", "version", "file", "sha256", "size")),
        )
        .get()
    )


def position_list_workspace(*, user) -> QuerySet[Position]:
    """Positions a member's person may see in the workspace: drafts of their drafting associations, and
    everything from consultation on. The secretariat sees all."""
    from members.permissions import VIEW_INTERNAL, associations_for, is_secretariat

    queryset = Position.objects.select_related("topic", "lead_association", "current_version").order_by("-created_at", "-pk")
    if is_secretariat(user):
        return queryset
    own = associations_for(user, VIEW_INTERNAL)
    if not own.exists():
        return queryset.none()  # a person with no role in a member association sees no internal work
    return queryset.filter(~Q(status=PositionStatus.DRAFT) | Q(lead_association__in=own) | Q(co_drafters__in=own)).distinct()


def position_get(*, pk: int) -> Position:
    return (
        Position.objects.select_related(
            "topic", "lead_association", "current_version__created_by", "supersedes", "superseded_by", "term__association"
        )
        .prefetch_related("co_drafters", Prefetch("draft_acts", queryset=DraftAct.objects.prefetch_related("identifiers", "rounds")))
        .get(pk=pk)
    )


def version_list(*, position: Position) -> QuerySet[PositionVersion]:
    return PositionVersion.objects.filter(position=position).select_related("created_by").order_by("-number")


def version_get(*, position: Position, number: int) -> PositionVersion:
    return PositionVersion.objects.select_related("created_by").get(position=position, number=number)


def version_get_by_hash(*, sha256: str) -> PositionVersion | None:
    """The adopted version with this hash, for the public verification page: only the text a public
    position was adopted with, never an earlier draft of it."""
    return (
        PositionVersion.objects.filter(sha256=sha256, position__status__in=PUBLIC_STATUSES, position__current_version=F("pk"))
        .select_related("position")
        .first()
    )


def external_deadline(*, position: Position, today: dt.date | None = None) -> dt.date | None:
    """The earliest external deadline still ahead among the rounds of the position's draft acts."""
    today = today or local_day()
    return (
        ConsultationRound.objects.filter(draft_act__positions=position, deadline__gte=today)
        .order_by("deadline")
        .values_list("deadline", flat=True)
        .first()
    )


# --- Comments -------------------------------------------------------------------------------------------


def comment_list(*, position: Position) -> QuerySet[Comment]:
    """The comment table: by point, then in order of submission."""
    return (
        Comment.objects.filter(position=position)
        .select_related("association", "author", "settled_by", "version")
        .order_by("point", "subpoint", "created_at", "pk")
    )


# --- Signatures and the adoption rule -------------------------------------------------------------------


def signature_list_current(*, position: Position) -> QuerySet[Signature]:
    """Decisions on the current text (earlier texts' signatures no longer count)."""
    return (
        Signature.objects.filter(position=position, version_id=position.current_version_id)
        .select_related("association")
        .order_by("association__name")
    )


def signature_queryset_public() -> QuerySet[Signature]:
    """Every decision the public sees: signed or abstained, on the adopted text of a public position."""
    return Signature.objects.filter(
        position__status__in=PUBLIC_STATUSES,
        version_id=F("position__current_version_id"),
        decision__in=(Decision.SIGNED, Decision.ABSTAINED),
    )


def signature_list_public(*, position: Position) -> QuerySet[Signature]:
    """What the public sees under a published position: signatures and abstentions on the adopted text,
    never a declined one."""
    return signature_list_current(position=position).exclude(decision=Decision.DECLINED)


@dataclass
class AdoptionResult:
    """How a position stands against its adoption rule on a given day."""

    rule: str
    eligible: list[Association]
    signed: list[Signature] = field(default_factory=list)
    abstained: list[Signature] = field(default_factory=list)
    declined: list[Signature] = field(default_factory=list)
    tacit: list[Association] = field(default_factory=list)  # consenting by silence (tacit rule, deadline passed)
    waiting: list[Association] = field(default_factory=list)  # not answered, deadline not passed
    minimum: int | None = None
    met: bool = False

    @property
    def consenting_count(self) -> int:
        return len(self.signed) + len(self.tacit)

    @property
    def public_summary(self) -> str:
        """The result as the public reads it under a published position: who signed, abstained or consented
        tacitly, never who objected (nor, after adoption, who is "still to answer")."""
        return replace(self, declined=[], waiting=[]).summary

    @property
    def summary(self) -> str:
        """E.g. "signed by 7 of 8; ZGL abstains, with a reservation"."""
        total = len(self.eligible)
        parts = [
            ngettext("signed by %(count)s of %(total)s", "signed by %(count)s of %(total)s", total)
            % {"count": len(self.signed), "total": total}
        ]
        if self.tacit:
            parts.append(
                ngettext("%(names)s consents tacitly", "%(names)s consent tacitly", len(self.tacit))
                % {"names": ", ".join(a.short_name for a in self.tacit)}
            )
        for signature in self.abstained:
            parts.append(
                (_("%(name)s abstains, with a reservation") if signature.reservation else _("%(name)s abstains"))
                % {"name": signature.association.short_name}
            )
        for signature in self.declined:
            parts.append(_("%(name)s objects") % {"name": signature.association.short_name})
        if self.waiting:
            parts.append(
                ngettext("%(count)s has not answered yet", "%(count)s have not answered yet", len(self.waiting))
                % {"count": len(self.waiting)}
            )
        return "; ".join(parts)


def adoption_result(*, position: Position, today: dt.date | None = None) -> AdoptionResult:
    """Count the decisions on the current text against the position's rule.

    Eligible are the federation's members on `today`. All members: every member signs or abstains and
    nobody objects (at least one signs). At least N: N sign. Tacit consent: once the signing deadline has
    passed, members that have not objected count as consenting; nobody may object.
    """
    today = today or local_day()
    eligible = list(association_list_eligible(day=today))
    decisions = {signature.association_id: signature for signature in signature_list_current(position=position)}
    result = AdoptionResult(rule=position.adoption_rule, eligible=eligible, minimum=position.adoption_minimum)
    deadline_passed = position.signing_deadline is not None and today > position.signing_deadline
    for association in eligible:
        signature = decisions.get(association.pk)
        if signature is None:
            (result.tacit if position.adoption_rule == AdoptionRule.TACIT_CONSENT and deadline_passed else result.waiting).append(
                association
            )
        elif signature.decision == Decision.SIGNED:
            result.signed.append(signature)
        elif signature.decision == Decision.ABSTAINED:
            result.abstained.append(signature)
        else:
            result.declined.append(signature)
    if position.adoption_rule == AdoptionRule.AT_LEAST:
        result.met = len(result.signed) >= (position.adoption_minimum or len(eligible))
    elif position.adoption_rule == AdoptionRule.TACIT_CONSENT:
        result.met = not result.declined and not result.waiting and bool(result.signed)
    else:
        result.met = not result.declined and not result.waiting and bool(result.signed)
    return result


def adoption_day(position: Position) -> dt.date:
    """The day the adoption rule was checked: publication, which may follow the date of adoption."""
    published = timezone.localdate(position.published_at) if position.published_at else None
    return max(day for day in (position.adopted_on, published) if day)


def adoption_result_public(*, position: Position) -> AdoptionResult:
    """How a published position was adopted, counted on the day it was (read `public_summary`)."""
    return adoption_result(position=position, today=adoption_day(position))


SEARCH_LIMIT = 500


def position_search_public(*, query: str, limit: int = SEARCH_LIMIT) -> list[int]:
    """Primary keys of the public positions matching `query` (at most `limit`), best first where the
    search backend ranks (PostgreSQL), else newest first (`federation.search.ranks_by_relevance`). The status
    filter runs inside the search backend (a FilterField), so a draft's words never find it."""
    from federation.search import search_public, search_terms

    terms = search_terms(query)
    if not terms:
        return []
    queryset = Position.objects.filter(status__in=PUBLIC_STATUSES).only("pk")
    return [position.pk for position in search_public(terms, queryset, newest_first=("-published_at", "-id"))[:limit]]


# --- Draft acts -----------------------------------------------------------------------------------------


def draft_act_list_public() -> QuerySet[DraftAct]:
    """Draft acts whose stance the federation made public."""
    return DraftAct.objects.filter(stance_is_public=True).select_related("topic", "lead_association").prefetch_related("identifiers")


# --- The public API (positions.api) and the open-data files (positions.open_data) -----------------------


def position_list_open(
    *, topic=None, association: Association | None = None, year: int | None = None, status: str | None = None, query: str = ""
) -> QuerySet[Position]:
    """Published and superseded positions, newest adoption first, with their topic, lead association and
    current version (its hash; the text itself is deferred). `association` keeps the positions it signed
    or abstained on (what the public sees under a position); `query` those the search finds."""
    queryset = (
        position_list_public()
        .select_related("current_version")
        .defer("current_version__points", "current_version__preamble", "current_version__justification")
    )
    if topic is not None:
        queryset = queryset.filter(topic=topic)
    if association is not None:
        signed = signature_queryset_public().filter(position=OuterRef("pk"), association=association)
        queryset = queryset.filter(Exists(signed))
    if year is not None:
        queryset = queryset.filter(adopted_on__year=year)
    if status:
        queryset = queryset.filter(status=status)
    if query:
        queryset = queryset.filter(pk__in=position_search_public(query=query))
    return queryset.order_by("-adopted_on", "-reference_year", "-reference_number", "-pk")


def draft_act_list_open(*, topic=None, jurisdiction: str | None = None) -> QuerySet[DraftAct]:
    """Draft acts whose stance is public, newest first, each with its identifiers and the public positions
    that answer it (in `public_positions`); four queries with the count."""
    queryset = draft_act_list_public().prefetch_related(
        Prefetch(
            "positions",
            queryset=Position.objects.filter(status__in=PUBLIC_STATUSES).order_by("-adopted_on", "-reference_number", "-pk"),
            to_attr="public_positions",
        )
    )
    if topic is not None:
        queryset = queryset.filter(topic=topic)
    if jurisdiction:
        queryset = queryset.filter(jurisdiction=jurisdiction)
    return queryset.order_by("-created_at", "-pk")


def position_list_open_data() -> QuerySet[Position]:
    """Every published and superseded position in order of adoption (the open-data file), with what a row
    shows; one query."""
    return (
        Position.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("topic", "lead_association", "current_version")
        .defer("current_version__points", "current_version__preamble", "current_version__justification")
        .order_by("adopted_on", "reference_year", "reference_number", "pk")
    )


def signature_list_open_data() -> QuerySet[Signature]:
    """Every public decision (signed or abstained, on the adopted text of a public position), by position in
    order of adoption, then by association; one query."""
    return (
        signature_queryset_public()
        .select_related("position", "association")
        .order_by(
            "position__adopted_on", "position__reference_year", "position__reference_number", "position_id", "association__name", "pk"
        )
    )


def position_index_page(*, language: str | None = None):
    """The live positions page of the public site in `language` (else in the default language), or None.

    Read by model name, as `federation.identity` reads the site settings, so this app does not import the
    public site's code."""
    from django.apps import apps
    from wagtail.models import Locale

    model = apps.get_model("cms", "PositionIndexPage")
    pages = {page.locale.language_code: page for page in model.objects.live().public().select_related("locale")}
    default = Locale.get_default().language_code
    return pages.get(language or default) or pages.get(default)


# --- Integrity ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedTextProblem:
    TEXT_CHANGED = "text_changed"  # the version's text no longer gives its stored SHA-256
    SIGNATURE_MISMATCH = "signature_mismatch"  # a signature names another hash than its version's

    version_id: int
    kind: str
    message: str

    def __str__(self):
        return self.message


def signed_texts_verify() -> Findings:
    """Every signed text whose hash no longer holds, for `manage.py verify_integrity`; empty when all hold.

    Recomputes the SHA-256 of each version that carries a signature from its canonical form and compares it
    with the stored one, then lists signatures whose `text_sha256` differs from their version's stored hash
    (a text changed together with its hash). `checked` is the number of versions recomputed. Two queries,
    streamed.
    """
    problems = Findings()
    signed = (
        PositionVersion.objects.filter(Exists(Signature.objects.filter(version=OuterRef("pk"))))
        .only("pk", "position_id", "number", "title", "preamble", "points", "justification", "sha256")
        .order_by("pk")
    )
    for version in signed.iterator(chunk_size=500):
        problems.checked += 1
        computed = version_sha256(version)
        if computed != version.sha256:
            problems.append(
                SignedTextProblem(
                    version.pk,
                    SignedTextProblem.TEXT_CHANGED,
                    _(
                        "Version %(number)s of position %(position)s: the text no longer matches its SHA-256 (stored %(stored)s, computed %(computed)s)."
                    )
                    % {"number": version.number, "position": version.position_id, "stored": version.sha256, "computed": computed},
                )
            )
    mismatched = (
        Signature.objects.exclude(text_sha256=F("version__sha256")).select_related("association", "version").order_by("version_id", "pk")
    )
    for signature in mismatched.iterator(chunk_size=500):
        problems.append(
            SignedTextProblem(
                signature.version_id,
                SignedTextProblem.SIGNATURE_MISMATCH,
                _(
                    "Version %(number)s of position %(position)s: %(association)s signed the text with SHA-256 %(signed)s, "
                    "but the version now has %(stored)s."
                )
                % {
                    "number": signature.version.number,
                    "position": signature.position_id,
                    "association": signature.association.short_name,
                    "signed": signature.text_sha256,
                    "stored": signature.version.sha256,
                },
            )
        )
    return problems
