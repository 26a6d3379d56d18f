"""Mail about registrations, sent after the change commits (in process by default, by a worker in
production). Each message is in the event's language and carries what the person needs: the calendar
invitation, the place or online link, and the link to cancel without logging in."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django_tasks import task

from events import ical
from events.enums import RegistrationStatus
from events.models import Event, Registration


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def cancel_url(registration: Registration) -> str:
    from events.services import cancel_token

    return _absolute(reverse("events_public:cancel", kwargs={"token": cancel_token(registration)}))


def _when(event: Event) -> str:
    starts, ends = timezone.localtime(event.starts_at, event.zone), timezone.localtime(event.ends_at, event.zone)
    end = time_format(ends, "TIME_FORMAT") if starts.date() == ends.date() else date_format(ends, "SHORT_DATETIME_FORMAT")
    return f"{date_format(starts, 'SHORT_DATETIME_FORMAT')}–{end} ({event.time_zone})"


def _where(event: Event, *, with_online_link: bool) -> str:
    parts = [part for part in (event.venue, event.address) if part]
    if with_online_link and event.online_url:
        parts.append(event.online_url)
    return ", ".join(parts)


def _message(registration: Registration, subject: str, lines: list[str], *, invitation: bool) -> EmailMessage:
    event = registration.event
    message = EmailMessage(
        subject=subject, body="\n\n".join(line for line in lines if line), from_email=settings.DEFAULT_FROM_EMAIL, to=[registration.email]
    )
    if invitation:
        message.attach(
            "zaproszenie.ics",
            ical.calendar_for([event], name=event.title, with_online_link=True, method="PUBLISH"),
            "text/calendar; charset=utf-8",
        )
    return message


def _registered_message(registration: Registration) -> EmailMessage:
    event = registration.event
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    subject = (_("Registration confirmed: %(title)s") if confirmed else _("Waiting list: %(title)s")) % {"title": event.title}
    lines = [
        _("Dear %(name)s,") % {"name": registration.full_name},
        _("you are registered for “%(title)s”.") % {"title": event.title}
        if confirmed
        else _("the event “%(title)s” is full; you are on the waiting list and will be told at once if a place frees up.")
        % {"title": event.title},
        _("When: %(when)s") % {"when": _when(event)},
        _("Where: %(where)s") % {"where": _where(event, with_online_link=confirmed)},
        _("If you cannot come, cancel here so that someone else can take your place: %(url)s") % {"url": cancel_url(registration)},
    ]
    return _message(registration, subject, lines, invitation=confirmed)


@task()
def notify_registered(*, registration_ids: list[int]) -> int:
    registrations = Registration.objects.filter(pk__in=registration_ids).select_related("event")
    sent = 0
    for registration in registrations:
        with translation.override(registration.event.language):
            sent += _registered_message(registration).send()
    return sent


@task()
def notify_cancelled(*, registration_id: int, promoted_id: int | None) -> int:
    """Confirm the cancellation; tell the person promoted from the waiting list that they have a place."""
    sent = 0
    cancelled = Registration.objects.select_related("event").get(pk=registration_id)
    with translation.override(cancelled.event.language):
        sent += _message(
            cancelled,
            _("Registration cancelled: %(title)s") % {"title": cancelled.event.title},
            [
                _("Dear %(name)s,") % {"name": cancelled.full_name},
                _("your registration for “%(title)s” is cancelled.") % {"title": cancelled.event.title},
            ],
            invitation=False,
        ).send()
        if promoted_id:
            promoted = Registration.objects.select_related("event").get(pk=promoted_id)
            event = promoted.event
            sent += _message(
                promoted,
                _("A place for you: %(title)s") % {"title": event.title},
                [
                    _("Dear %(name)s,") % {"name": promoted.full_name},
                    _("a place at “%(title)s” has freed up and is now yours.") % {"title": event.title},
                    _("When: %(when)s") % {"when": _when(event)},
                    _("Where: %(where)s") % {"where": _where(event, with_online_link=True)},
                    _("If you cannot come, cancel here so that someone else can take your place: %(url)s") % {"url": cancel_url(promoted)},
                ],
                invitation=True,
            ).send()
    return sent


@task()
def notify_event_changed(*, event_id: int) -> int:
    """Send the updated invitation to everyone with a place."""
    sent = 0
    for registration in Registration.objects.filter(event_id=event_id, status=RegistrationStatus.CONFIRMED).select_related("event"):
        with translation.override(registration.event.language):
            sent += _message(
                registration,
                _("Changed: %(title)s") % {"title": registration.event.title},
                [
                    _("Dear %(name)s,") % {"name": registration.full_name},
                    _("the time or place of “%(title)s” changed.") % {"title": registration.event.title},
                    _("When: %(when)s") % {"when": _when(registration.event)},
                    _("Where: %(where)s") % {"where": _where(registration.event, with_online_link=True)},
                ],
                invitation=True,
            ).send()
    return sent


@task()
def notify_event_cancelled(*, event_id: int, reason: str) -> int:
    sent = 0
    for registration in Registration.objects.filter(
        event_id=event_id, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
    ).select_related("event"):
        with translation.override(registration.event.language):
            sent += _message(
                registration,
                _("Cancelled: %(title)s") % {"title": registration.event.title},
                [
                    _("Dear %(name)s,") % {"name": registration.full_name},
                    _("the event “%(title)s” has been cancelled by its organisers.") % {"title": registration.event.title},
                    reason,
                ],
                invitation=False,
            ).send()
    return sent


@task()
def notify_certificates(*, registration_ids: list[int]) -> int:
    """Send each participant the link to their own attendance certificate (no login needed)."""
    from events.services import certificate_token

    sent = 0
    for registration in Registration.objects.filter(pk__in=registration_ids).select_related("event"):
        event = registration.event
        with translation.override(event.language):
            url = _absolute(reverse("events_public:certificate", kwargs={"token": certificate_token(registration)}))
            sent += _message(
                registration,
                _("Your certificate: %(title)s") % {"title": event.title},
                [
                    _("Dear %(name)s,") % {"name": registration.full_name},
                    _("thank you for taking part in “%(title)s”. Your certificate of attendance (no. %(number)s) is ready to download:")
                    % {"title": event.title, "number": registration.certificate_number},
                    url,
                ],
                invitation=False,
            ).send()
    return sent
