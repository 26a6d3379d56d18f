from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Jurisdiction(models.TextChoices):
    POLAND = "PL", _("Poland")
    CZECHIA = "CZ", _("Czechia")
    EUROPEAN_UNION = "EU", _("European Union")


class IdentifierKind(models.TextChoices):
    GOVERNMENT_LIST = "government_list", _("government legislative list number")
    SEJM_PRINT = "sejm_print", _("Sejm print")
    SENATE_PRINT = "senate_print", _("Senate print")
    EKLEP = "eklep", _("eKLEP reference (Czech)")
    EU_PROCEDURE = "eu_procedure", _("EU procedure or COM number")
    OTHER = "other", _("other identifier")


class DraftActStage(models.TextChoices):
    PREPARATION = "preparation", _("being prepared by its author")
    CONSULTATION = "consultation", _("in consultation")
    GOVERNMENT = "government", _("before the government")
    PARLIAMENT = "parliament", _("in parliament")
    ENACTED = "enacted", _("enacted")
    ABANDONED = "abandoned", _("abandoned")


class Procedure(models.TextChoices):
    PL_CONSULTATION = "pl_consultation", _("consultation (Poland)")
    PL_OPINION = "pl_opinion", _("opinion round (Poland)")
    KWRIST = "kwrist", _("Joint Commission of Government and Local Government (KWRiST)")
    CZ_INTERDEPARTMENTAL = "cz_interdepartmental", _("interdepartmental commenting procedure (Czechia)")
    PUBLIC_CONSULTATION = "public_consultation", _("public consultation")


class RoundOutcome(models.TextChoices):
    POSITIVE = "positive", _("positive opinion")
    NEGATIVE = "negative", _("negative opinion")
    WORKING_TEAM = "working_team", _("referred to a working team")
    NO_OPINION = "no_opinion", _("no opinion given")


class Stance(models.TextChoices):
    SUPPORT = "support", _("support")
    SUPPORT_WITH_AMENDMENTS = "support_with_amendments", _("support with amendments")
    OPPOSE = "oppose", _("oppose")
    WATCH = "watch", _("watch")


class PositionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("position status", "draft")
    CONSULTATION = "consultation", pgettext_lazy("position status", "consultation among members")
    FINAL = "final", pgettext_lazy("position status", "final text")
    SIGNING = "signing", pgettext_lazy("position status", "signing")
    PUBLISHED = "published", pgettext_lazy("position status", "adopted and published")
    SUPERSEDED = "superseded", pgettext_lazy("position status", "superseded")
    WITHDRAWN = "withdrawn", pgettext_lazy("position status", "withdrawn")


# Statuses the public may see. Everything else is internal to the members.
PUBLIC_STATUSES = (PositionStatus.PUBLISHED, PositionStatus.SUPERSEDED)
# Statuses in which the lead and co-drafting associations may still change the text.
EDITABLE_STATUSES = (PositionStatus.DRAFT, PositionStatus.CONSULTATION, PositionStatus.FINAL, PositionStatus.SIGNING)


class AdoptionRule(models.TextChoices):
    ALL_MEMBERS = "all", _("signed by all active members")
    AT_LEAST = "at_least", _("signed by at least a set number of members")
    TACIT_CONSENT = "tacit", _("tacit consent: members that do not object by the deadline consent")


class CommentWeight(models.TextChoices):
    FUNDAMENTAL = "fundamental", _("fundamental (zásadní)")
    RECOMMENDATION = "recommendation", _("recommendation (doporučující)")


class Settlement(models.TextChoices):
    PENDING = "pending", _("not settled yet")
    ACCEPTED = "accepted", _("accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("partly accepted")
    REJECTED = "rejected", _("rejected")


class Decision(models.TextChoices):
    SIGNED = "signed", pgettext_lazy("signature decision", "signs")
    ABSTAINED = "abstained", pgettext_lazy("signature decision", "abstains")
    DECLINED = "declined", pgettext_lazy("signature decision", "declines (objects)")
