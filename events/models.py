"""Events (seminars, trainings, conferences, webinars, and the federation's own meetings) and registrations.

Every change goes through `events.services`: registering and cancelling lock the event row, so the places
are never oversold and the waiting list moves in order. Nothing here sends mail or writes the log.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from events.enums import ACTIVE_REGISTRATION, Audience, EventKind, EventStatus, Fee, RegistrationStatus
from federation.search import search_terms
from members.models import Association, LocalGovernment, Topic

TIME_ZONES = [
    ("Europe/Warsaw", "Europe/Warsaw"),
    ("Europe/Prague", "Europe/Prague"),
    ("Europe/Brussels", "Europe/Brussels"),
    ("UTC", "UTC"),
]


class Event(index.Indexed, models.Model):
    """A seminar, training, conference, webinar, board sitting or directors' meeting.

    Start and end are moments (stored in UTC) shown in the event's own time zone. Board sittings and
    directors' meetings belong to a presidency term and are convened by the presiding association.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    organisers = models.ManyToManyField(Association, verbose_name=_("organising associations"), related_name="organised_events")
    topic = models.ForeignKey(
        Topic, verbose_name=pgettext_lazy("policy area", "topic"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=40, choices=TIME_ZONES, default="Europe/Warsaw")
    venue = models.CharField(_("venue"), max_length=255, blank=True, help_text=_("Name of the place, e.g. the town hall."))
    address = models.CharField(_("address"), max_length=255, blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Sent to registered participants; never shown on the public page.")
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="pl")
    speakers = models.TextField(_("speakers"), blank=True, help_text=_("One per line: name – function."))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Leave empty for no limit."))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    audience = models.CharField(_("who may register"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    fee = models.CharField(_("fee"), max_length=5, choices=Fee.choices, default=Fee.FREE)
    fee_amount = models.DecimalField(_("fee (gross)"), max_digits=9, decimal_places=2, null=True, blank=True)
    fee_currency = models.CharField(_("currency"), max_length=3, default="PLN")
    vat_basis = models.CharField(
        _("VAT basis"), max_length=255, blank=True, help_text=_("E.g. the exemption of training for public bodies, or the rate applied.")
    )
    accreditation_number = models.CharField(
        _("accreditation number"),
        max_length=60,
        blank=True,
        help_text=_("Czech trainings: the accredited programme's number, printed on certificates."),
    )
    hours = models.DecimalField(_("hours of training"), max_digits=5, decimal_places=1, null=True, blank=True)
    term = models.ForeignKey(
        "presidency.Term", verbose_name=_("presidency term"), null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    positions_adopted = models.ManyToManyField(
        "positions.Position", verbose_name=_("positions adopted"), blank=True, related_name="adopted_at_meetings"
    )
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gte=F("registration_opens_at")),
                name="event_registration_window_ordered",
            ),
            models.CheckConstraint(condition=Q(fee="free") | Q(fee_amount__gt=0), name="event_paid_has_amount"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    # The public search sees published and cancelled events open to anyone or to members' people, as the
    # events page does for the public; invited-only meetings and drafts never.
    search_fields = [
        index.SearchField("search_terms"),
        index.FilterField("status"),
        index.FilterField("audience"),
        index.FilterField("starts_at"),
        index.FilterField("id"),
    ]

    def __str__(self):
        return self.title

    def search_terms(self) -> str:
        """Folded, stemmed words of the title, description, place, speakers, topic and organisers."""
        topic = self.topic
        return search_terms(
            self.title,
            self.description,
            self.venue,
            self.address,
            self.speakers,
            *((topic.name_pl, topic.name_cs, topic.name_en) if topic else ()),
            *(association.name for association in self.organisers.all()) if self.pk else (),
        )

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_federation_meeting(self) -> bool:
        return self.kind in (EventKind.BOARD_SITTING, EventKind.DIRECTORS_MEETING)

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("An event cannot end before it starts.")
        if self.registration_opens_at and self.registration_closes_at and self.registration_closes_at < self.registration_opens_at:
            errors["registration_closes_at"] = _("Registration cannot close before it opens.")
        if self.fee == Fee.PAID and not self.fee_amount:
            errors["fee_amount"] = _("Give the amount of a paid event.")
        if not (self.venue or self.address or self.online_url):
            errors["address"] = _("Give a venue address, an online link, or both.")
        if errors:
            raise ValidationError(errors)


class AgendaItem(models.Model):
    """An item on the agenda of a federation meeting; it may name a position to adopt."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("event"))
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("item"), max_length=500)
    position = models.ForeignKey(
        "positions.Position",
        verbose_name=pgettext_lazy("joint position", "position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )

    class Meta:
        ordering = ["event", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        constraints = [models.UniqueConstraint(fields=["event", "order"], name="agenda_item_order_unique")]

    def __str__(self):
        return f"{self.order}. {self.title}"


class Invitation(models.Model):
    """Who may register for an invited-only event (by e-mail address)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event"))
    email = models.EmailField(_("e-mail"))

    class Meta:
        ordering = ["event", "email"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["event", "email"], name="invitation_unique")]

    def __str__(self):
        return self.email


class Registration(models.Model):
    """A person's place (or place on the waiting list) at an event.

    Created, cancelled and promoted only by `events.services`. Personal data is anonymised after the
    retention period (`anonymised_at`); the row stays, so counts do not change.
    """

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event"))
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    unit = models.CharField(_("office or organisation"), max_length=255, blank=True)
    local_government = models.ForeignKey(
        LocalGovernment,
        verbose_name=_("local government"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    association = models.ForeignKey(
        Association, verbose_name=_("association"), null=True, blank=True, on_delete=models.SET_NULL, related_name="event_registrations"
    )
    # Polish invoices name the gmina as buyer (with its NIP) and its office as recipient.
    buyer_name = models.CharField(_("buyer (invoice)"), max_length=255, blank=True)
    buyer_nip = models.CharField(_("buyer's NIP"), max_length=20, blank=True)
    buyer_address = models.CharField(_("buyer's address"), max_length=255, blank=True)
    recipient_name = models.CharField(_("recipient (invoice)"), max_length=255, blank=True)
    recipient_address = models.CharField(_("recipient's address"), max_length=255, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("moved from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One active registration per e-mail address and event (a cancelled one frees the address).
            models.UniqueConstraint(
                fields=["event", "email"], condition=Q(status__in=ACTIVE_REGISTRATION), name="registration_one_active_per_email"
            ),
            models.UniqueConstraint(
                fields=["event", "certificate_number"], condition=~Q(certificate_number=""), name="registration_certificate_unique"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name} – {self.event}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
