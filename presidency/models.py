"""Presidency terms, trios and the rotation order.

Terms change only through `presidency.services`. Terms never overlap: the database refuses it (an
exclusion constraint on PostgreSQL, triggers on SQLite, see migration 0002) and the services check first,
so an editor gets a clear message rather than an integrity error.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Association


class Trio(models.Model):
    """Three consecutive terms sharing an 18-month programme."""

    name = models.CharField(_("name"), max_length=150)
    programme = models.TextField(_("common programme"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("trio")
        verbose_name_plural = _("trios")

    def __str__(self):
        return self.name


class Term(models.Model):
    """One association's presidency, from `starts_on` to `ends_on`, both days included.

    The presiding association's rights are derived from these dates (`presidency.permissions.presides`),
    never granted and revoked by a job.
    """

    association = models.ForeignKey(
        Association, verbose_name=_("presiding association"), on_delete=models.PROTECT, related_name="presidency_terms"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    gap_before = models.BooleanField(
        _("gap before this term"),
        default=False,
        help_text=_("Tick only when the federation decided that nobody presides between the previous term and this one."),
    )
    programme = models.TextField(_("programme"), blank=True)
    priorities = models.TextField(_("priorities"), blank=True, help_text=_("One priority per line."))
    handover_note = models.TextField(_("handover note"), blank=True)
    trio = models.ForeignKey(Trio, verbose_name=_("trio"), null=True, blank=True, on_delete=models.SET_NULL, related_name="terms")

    class Meta:
        ordering = ["starts_on"]
        verbose_name = pgettext_lazy("presidency", "term")
        verbose_name_plural = pgettext_lazy("presidency", "terms")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="term_ends_after_start"),
            models.UniqueConstraint(fields=["starts_on"], name="term_unique_start"),
        ]

    def __str__(self):
        return f"{self.association.short_name} {date_format(self.starts_on, 'SHORT_DATE_FORMAT')}–{date_format(self.ends_on, 'SHORT_DATE_FORMAT')}"

    @property
    def priority_list(self) -> list[str]:
        return [line.strip() for line in self.priorities.splitlines() if line.strip()]

    def includes(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class RotationPlace(models.Model):
    """An agreed place in the rotation. Without any, the order is by date of accession."""

    association = models.OneToOneField(Association, verbose_name=_("association"), on_delete=models.CASCADE, related_name="rotation_place")
    position = models.PositiveIntegerField(_("place in the rotation"), unique=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("place in the rotation")
        verbose_name_plural = _("rotation order")

    def __str__(self):
        return f"{self.position}. {self.association.short_name}"
