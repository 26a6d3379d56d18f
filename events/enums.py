from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("seminar")
    TRAINING = "training", _("training")
    CONFERENCE = "conference", _("conference")
    WEBINAR = "webinar", _("webinar")
    BOARD_SITTING = "board_sitting", _("board sitting")
    DIRECTORS_MEETING = "directors_meeting", _("directors' meeting")


# The federation's own meetings: convened by the presiding association during its term.
FEDERATION_MEETINGS = (EventKind.BOARD_SITTING, EventKind.DIRECTORS_MEETING)


class Audience(models.TextChoices):
    PUBLIC = "public", _("anyone")
    MEMBERS = "members", _("staff of member associations and their local governments")
    INVITED = "invited", _("invited people only")


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "draft")
    PUBLISHED = "published", pgettext_lazy("event status", "published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "cancelled")


class Fee(models.TextChoices):
    FREE = "free", _("free of charge")
    PAID = "paid", _("paid")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("registration", "confirmed")
    WAITING = "waiting", pgettext_lazy("registration", "on the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "cancelled")


# Registrations that hold or wait for a place (a cancelled one frees its e-mail for a new registration).
ACTIVE_REGISTRATION = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
