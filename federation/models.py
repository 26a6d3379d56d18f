from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActivityLogEntry(models.Model):
    """One state change: who did what to which record, when and from which address.

    Written only by `federation.activity.log_action`, called from the services of every app. The log is
    append-only and tamper-evident: each entry has the next `sequence` number and carries the SHA-256 of
    its own content together with the previous entry's hash (`entry_hash`, `previous_hash`), so an edited,
    removed or forged entry breaks the chain (`federation.activity.chain_verify`, `manage.py
    verify_integrity`). The database refuses to update rows (and, on PostgreSQL, to delete them); see
    `federation/migrations/0003_activity_log_chain.py`. A migration that rebuilds this table on SQLite
    drops the trigger and must create it again.
    """

    sequence = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    # Not auto_now_add: the time is part of the entry's hash, so log_action sets it before saving.
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activity_log_entries",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    source_address = models.GenericIPAddressField(_("source address"), null=True, blank=True)
    previous_hash = models.CharField(_("hash of the previous entry"), max_length=64, editable=False)
    entry_hash = models.CharField(_("hash of this entry"), max_length=64, editable=False)

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class PublicContentVersion(models.Model):
    """One row whose number goes up whenever a record the public pages show changes.

    Cached public pages carry the number in their key (`federation.page_cache`), so a change makes every
    app server miss the cache at once. It lives in the database, not in the cache, so it holds across app
    servers and worker processes whatever the cache backend is, and a cache outage loses no invalidation.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("public content version")
        default_permissions = ()

    def __str__(self):
        return str(self.value)
