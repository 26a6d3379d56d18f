from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityLogEntry(models.Model):
    """One state change: who did what to which record, and when.

    Written only by `federation.activity.log_action`, called from the services of every app. Entries are
    never edited or deleted by the application.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity_log_entries",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
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
