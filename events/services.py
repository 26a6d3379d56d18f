"""Writes for events and registrations.

Registering and cancelling run in one durable transaction that locks the event row first, then counts
and writes: thirty places and a hundred people at once give exactly thirty confirmed and seventy waiting,
and a cancellation promotes exactly the first in line. Mail is sent after commit (`events.tasks`).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.search import index as search_index

from events import permissions, tasks
from events.enums import ACTIVE_REGISTRATION, FEDERATION_MEETINGS, Audience, EventStatus, RegistrationStatus
from events.models import AgendaItem, Event, Invitation, Registration
from federation.activity import log_action
from members.models import Association, LocalGovernment
from presidency.dates import local_day
from presidency.selectors import term_on

CANCEL_SALT = "events.registration.cancel"


def _deny(message: str):
    raise PermissionDenied(message)


# --- Events ---------------------------------------------------------------------------------------------


def event_save(*, event: Event, organisers: list[Association], by, agenda: list[tuple[str, object]] | None = None) -> Event:
    """Create or change an event (still a draft, or already published).

    The organisers' editors may; the federation's meetings are convened by the presiding association,
    belong to the term in force on the meeting's day, and get it as their organiser.
    Side effects: activity log entry; registered participants are told when a published event's time or
    place changes (mail after commit).
    """
    is_new = event.pk is None
    if event.kind in FEDERATION_MEETINGS:
        term = term_on(at=timezone.localtime(event.starts_at).date()) if event.starts_at else None
        if term is None:
            raise ValidationError({"starts_at": _("The federation's meetings fall within a presidency term; no term covers this day.")})
        event.term = term
        organisers = [term.association]
    if not organisers:
        raise ValidationError({"organisers": _("Choose at least one organising association.")})
    if is_new and event.kind in FEDERATION_MEETINGS:
        allowed = permissions.is_secretariat(by) or (event.term.includes(local_day()) and permissions.acts_for(by, event.term.association))
    elif is_new:
        allowed = permissions.is_secretariat(by) or any(permissions.acts_for(by, association) for association in organisers)
    else:
        allowed = permissions.can_manage(by, Event.objects.get(pk=event.pk))
    if not allowed:
        _deny(_("Only editors of the organising association may prepare this event."))
    check = None if is_new else Event.objects.get(pk=event.pk)
    if not event.slug:
        event.slug = _unique_slug(event)
    event.full_clean(exclude=["organisers", "positions_adopted"])
    changed_schedule = not is_new and (
        check.starts_at != event.starts_at
        or check.ends_at != event.ends_at
        or check.address != event.address
        or check.online_url != event.online_url
    )
    with transaction.atomic():
        if is_new:
            event.created_by = by
        event.save()
        event.organisers.set(organisers)
        # The search index was written by save(), before the organisers it lists were set.
        transaction.on_commit(lambda: search_index.insert_or_update_object(event))
        if agenda is not None:
            agenda_set(event=event, items=agenda, by=by, _logged=False)
        log_action(actor=by, action="events.event.created" if is_new else "events.event.changed", target=event)
        if changed_schedule and event.status == EventStatus.PUBLISHED:
            transaction.on_commit(lambda: tasks.notify_event_changed.enqueue(event_id=event.pk))
    return event


def _unique_slug(event: Event) -> str:
    local = timezone.localtime(event.starts_at) if event.starts_at else timezone.localtime()
    base = slugify(f"{local:%Y-%m-%d} {event.title}")[:90].rstrip("-") or "event"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exclude(pk=event.pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def agenda_set(*, event: Event, items: list[tuple[str, object]], by, _logged: bool = True) -> list[AgendaItem]:
    """Replace the agenda with `items`: (title, position or None), in order. Positions named on the agenda
    must be in signing or final text (to adopt) or already published (to report on)."""
    from positions.enums import PositionStatus

    if not permissions.can_manage(by, event):
        _deny(_("Only the organisers set the agenda."))
    for title, position in items:
        if not title.strip():
            raise ValidationError({"agenda": _("Every agenda item needs a title.")})
        if position is not None and position.status not in (PositionStatus.FINAL, PositionStatus.SIGNING, PositionStatus.PUBLISHED):
            raise ValidationError({"agenda": _("“%(title)s” is not ready to be adopted.") % {"title": position.title}})
    with transaction.atomic():
        event.agenda_items.all().delete()
        created = [
            AgendaItem.objects.create(event=event, order=index, title=title.strip(), position=position)
            for index, (title, position) in enumerate(items, start=1)
        ]
        if _logged:
            log_action(actor=by, action="events.agenda.set", target=event, data={"items": len(created)})
    return created


def minutes_record(*, event: Event, minutes: str, positions_adopted, by) -> Event:
    """Record the minutes of a federation meeting and the positions it adopted (they must be published)."""
    from positions.enums import PUBLIC_STATUSES

    if event.kind not in FEDERATION_MEETINGS:
        raise ValidationError(_("Minutes are kept for the federation's meetings."))
    if not permissions.can_manage(by, event):
        _deny(_("Only the presiding association records the minutes."))
    not_public = [position.title for position in positions_adopted if position.status not in PUBLIC_STATUSES]
    if not_public:
        raise ValidationError({"positions_adopted": _("Not published yet: %(titles)s.") % {"titles": "; ".join(not_public)}})
    with transaction.atomic():
        event.minutes = minutes.strip()
        event.save(update_fields=["minutes", "updated_at"])
        event.positions_adopted.set(positions_adopted)
        log_action(actor=by, action="events.minutes.recorded", target=event, data={"positions": [p.pk for p in positions_adopted]})
    return event


def event_publish(*, event: Event, by) -> Event:
    if not permissions.can_manage(by, event):
        _deny(_("Only the organisers publish the event."))
    if event.status != EventStatus.DRAFT:
        raise ValidationError(_("Only a draft event can be published."))
    with transaction.atomic():
        event.status = EventStatus.PUBLISHED
        event.save(update_fields=["status", "updated_at"])
        log_action(actor=by, action="events.event.published", target=event)
    return event


def event_cancel(*, event: Event, by, reason: str) -> Event:
    """Cancel a published event; everyone registered is told (mail after commit)."""
    if not permissions.can_manage(by, event):
        _deny(_("Only the organisers cancel the event."))
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("The event is already cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the event is cancelled; the participants will read it.")})
    with transaction.atomic():
        event.status = EventStatus.CANCELLED
        event.save(update_fields=["status", "updated_at"])
        log_action(actor=by, action="events.event.cancelled", target=event, data={"reason": reason.strip()})
        transaction.on_commit(lambda: tasks.notify_event_cancelled.enqueue(event_id=event.pk, reason=reason.strip()))
    return event


def invitations_set(*, event: Event, emails: list[str], by) -> list[Invitation]:
    if not permissions.can_manage(by, event):
        _deny(_("Only the organisers invite people."))
    cleaned = sorted({email.strip().lower() for email in emails if email.strip()})
    for email in cleaned:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"invitations": _("“%(email)s” is not an e-mail address.") % {"email": email}}) from None
    with transaction.atomic():
        event.invitations.exclude(email__in=cleaned).delete()
        existing = set(event.invitations.values_list("email", flat=True))
        Invitation.objects.bulk_create([Invitation(event=event, email=email) for email in cleaned if email not in existing])
        log_action(actor=by, action="events.invitations.set", target=event, data={"count": len(cleaned)})
    return list(event.invitations.all())


# --- Registration ---------------------------------------------------------------------------------------


@dataclass
class Participant:
    """One person in a registration form (a group form has several)."""

    first_name: str
    last_name: str
    email: str
    job_title: str = ""
    unit: str = ""
    local_government: LocalGovernment | None = None
    association: Association | None = None


@dataclass
class Invoice:
    """Polish invoice data: the buyer (the gmina, with its NIP) and the recipient (its office)."""

    buyer_name: str = ""
    buyer_nip: str = ""
    buyer_address: str = ""
    recipient_name: str = ""
    recipient_address: str = ""


def registration_window_error(*, event: Event, now: dt.datetime) -> str | None:
    """Why registration is closed now, or None when it is open."""
    if event.status == EventStatus.CANCELLED:
        return _("The event was cancelled.")
    if event.status != EventStatus.PUBLISHED:
        return _("Registration has not started.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration opens on %(time)s.") % {
            "time": date_format(timezone.localtime(event.registration_opens_at, event.zone), "SHORT_DATETIME_FORMAT")
        }
    closes = event.registration_closes_at or event.starts_at
    if now >= closes:
        return _("Registration closed on %(time)s.") % {
            "time": date_format(timezone.localtime(closes, event.zone), "SHORT_DATETIME_FORMAT")
        }
    return None


def _participant_errors(*, event: Event, participants: list[Participant], invoice: Invoice | None) -> dict:
    from members.validators import validate_nip

    errors: dict[str, list[str]] = {}
    seen = set()
    for index, person in enumerate(participants, start=1):
        prefix = f"participant_{index}"
        if not person.first_name.strip() or not person.last_name.strip():
            errors.setdefault(prefix, []).append(_("Participant %(number)s: give the first and last name.") % {"number": index})
        email = person.email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault(prefix, []).append(
                _("Participant %(number)s: “%(email)s” is not an e-mail address.") % {"number": index, "email": person.email}
            )
            continue
        if email in seen:
            errors.setdefault(prefix, []).append(
                _("Participant %(number)s: %(email)s appears twice in this form.") % {"number": index, "email": email}
            )
        seen.add(email)
        if event.audience == Audience.MEMBERS and not (person.local_government or person.association):
            errors.setdefault(prefix, []).append(
                _("Participant %(number)s: this event is for staff of member associations and their local governments; choose which.")
                % {"number": index}
            )
    if invoice and invoice.buyer_nip:
        try:
            validate_nip(invoice.buyer_nip)
        except ValidationError as error:
            errors["buyer_nip"] = list(error.messages)
    return errors


def registration_create(
    *,
    event: Event,
    participants: list[Participant],
    by=None,
    invoice: Invoice | None = None,
    now: dt.datetime | None = None,
) -> list[Registration]:
    """Register one or several people. All or nothing: if any person cannot be registered, nobody is.

    Places are given in the order of the form while they last; the rest join the waiting list.
    Side effects: activity log entry; each person gets a confirmation (or a waiting-list notice) with a
    calendar invitation and a link to cancel (mail after commit).
    """
    now = now or timezone.now()
    if not participants:
        raise ValidationError(_("Add at least one participant."))
    errors = _participant_errors(event=event, participants=participants, invoice=invoice)
    if errors:
        raise ValidationError(errors)
    invoice = invoice or Invoice()
    emails = [person.email.strip().lower() for person in participants]
    try:
        with transaction.atomic(durable=True):
            locked = Event.objects.select_for_update().get(pk=event.pk)
            closed = registration_window_error(event=locked, now=now)
            if closed:
                raise ValidationError(closed)
            if locked.audience == Audience.INVITED:
                invited = set(Invitation.objects.filter(event=locked, email__in=emails).values_list("email", flat=True))
                missing = [email for email in emails if email not in invited]
                if missing:
                    raise ValidationError(_("This event is by invitation only; not invited: %(emails)s.") % {"emails": ", ".join(missing)})
            taken = set(
                Registration.objects.filter(event=locked, email__in=emails, status__in=ACTIVE_REGISTRATION).values_list("email", flat=True)
            )
            if taken:
                raise ValidationError(
                    {
                        f"participant_{index}": [
                            _("Participant %(number)s: %(email)s is already registered for this event.") % {"number": index, "email": email}
                        ]
                        for index, email in enumerate(emails, start=1)
                        if email in taken
                    }
                )
            free = None if locked.capacity is None else max(locked.capacity - _confirmed_count(locked), 0)
            registrations = []
            for person, email in zip(participants, emails, strict=True):
                confirmed = free is None or free > 0
                if free is not None and confirmed:
                    free -= 1
                registrations.append(
                    Registration.objects.create(
                        event=locked,
                        status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITING,
                        first_name=person.first_name.strip(),
                        last_name=person.last_name.strip(),
                        email=email,
                        job_title=person.job_title.strip(),
                        unit=person.unit.strip(),
                        local_government=person.local_government,
                        association=person.association,
                        buyer_name=invoice.buyer_name.strip(),
                        buyer_nip=invoice.buyer_nip.strip(),
                        buyer_address=invoice.buyer_address.strip(),
                        recipient_name=invoice.recipient_name.strip(),
                        recipient_address=invoice.recipient_address.strip(),
                        registered_by=by if by is not None and by.is_authenticated else None,
                    )
                )
            log_action(
                actor=by,
                action="events.registration.created",
                target=locked,
                data={
                    "registrations": [r.pk for r in registrations],
                    "waiting": sum(r.status == RegistrationStatus.WAITING for r in registrations),
                },
            )
            ids = [registration.pk for registration in registrations]
            transaction.on_commit(lambda: tasks.notify_registered.enqueue(registration_ids=ids))
    except IntegrityError:
        # The same address registered in a parallel request a moment earlier.
        raise ValidationError(_("Someone in this form has just been registered for this event.")) from None
    return registrations


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def cancel_token(registration: Registration) -> str:
    """The signed token in the cancellation link: it names the registration and expires (settings)."""
    return signing.TimestampSigner(salt=CANCEL_SALT).sign(str(registration.pk))


def registration_from_token(token: str) -> Registration:
    """The registration a cancellation link names. Raises `signing.SignatureExpired` for an old link and
    `signing.BadSignature` for a tampered one; `Registration.DoesNotExist` if it is gone."""
    value = signing.TimestampSigner(salt=CANCEL_SALT).unsign(token, max_age=dt.timedelta(days=settings.EVENT_CANCEL_LINK_DAYS))
    return Registration.objects.select_related("event").get(pk=int(value))


CERTIFICATE_SALT = "events.registration.certificate"


def certificate_token(registration: Registration) -> str:
    """The signed token in a participant's certificate link (no expiry: a certificate stays valid)."""
    return signing.Signer(salt=CERTIFICATE_SALT).sign(str(registration.pk))


def registration_from_certificate_token(token: str) -> Registration:
    """The registration a certificate link names (`signing.BadSignature` when tampered)."""
    value = signing.Signer(salt=CERTIFICATE_SALT).unsign(token)
    return Registration.objects.select_related("event", "local_government").get(pk=int(value))


def registration_cancel(*, registration: Registration, by=None, now: dt.datetime | None = None) -> Registration | None:
    """Cancel a registration. A confirmed place goes to the first on the waiting list, who is told.

    Returns the promoted registration, if any. Side effects: activity log entry; mail after commit.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked_event = Event.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            raise ValidationError(_("This registration was already cancelled."))
        if now >= locked_event.ends_at:
            raise ValidationError(_("The event is over; its registrations no longer change."))
        freed = current.status == RegistrationStatus.CONFIRMED
        current.status, current.cancelled_at = RegistrationStatus.CANCELLED, now
        current.save(update_fields=["status", "cancelled_at"])
        promoted = None
        if freed and (locked_event.capacity is None or _confirmed_count(locked_event) < locked_event.capacity):
            promoted = (
                Registration.objects.select_for_update()
                .filter(event=locked_event, status=RegistrationStatus.WAITING)
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status, promoted.promoted_at = RegistrationStatus.CONFIRMED, now
                promoted.save(update_fields=["status", "promoted_at"])
        log_action(
            actor=by,
            action="events.registration.cancelled",
            target=locked_event,
            data={"registration": current.pk, "promoted": promoted.pk if promoted else None},
        )
        current_id, promoted_id = current.pk, promoted.pk if promoted else None
        transaction.on_commit(lambda: tasks.notify_cancelled.enqueue(registration_id=current_id, promoted_id=promoted_id))
    registration.status, registration.cancelled_at = current.status, current.cancelled_at
    return promoted


def registration_check_in(*, registration: Registration, by, present: bool = True, now: dt.datetime | None = None) -> Registration:
    """Mark a confirmed participant present (or take it back) on the day."""
    if not permissions.can_manage(by, registration.event):
        _deny(_("Only the organisers check participants in."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants can be checked in."))
    registration.checked_in_at = (now or timezone.now()) if present else None
    registration.save(update_fields=["checked_in_at"])
    log_action(
        actor=by,
        action="events.registration.checked_in" if present else "events.registration.check_in_undone",
        target=registration.event,
        data={"registration": registration.pk},
    )
    return registration


def certificates_issue(*, event: Event, by) -> list[Registration]:
    """Number a certificate for every participant checked in who has none yet ("<year>/<event>/<n>").

    Numbers are given in order of names under the event lock, never twice. Side effects: activity log
    entry; each participant gets the link to their own certificate (mail after commit).
    """
    if not permissions.can_manage(by, event):
        _deny(_("Only the organisers issue certificates."))
    with transaction.atomic(durable=True):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if timezone.now() < locked.starts_at:
            raise ValidationError(_("Certificates are issued once the event has taken place."))
        numbered = Registration.objects.filter(event=locked).exclude(certificate_number="").count()
        waiting = list(
            Registration.objects.filter(
                event=locked, status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False, certificate_number=""
            ).order_by("last_name", "first_name", "pk")
        )
        year = timezone.localtime(locked.starts_at, locked.zone).year
        for offset, registration in enumerate(waiting, start=1):
            registration.certificate_number = f"{year}/{locked.pk}/{numbered + offset:03d}"
            registration.save(update_fields=["certificate_number"])
        log_action(actor=by, action="events.certificates.issued", target=locked, data={"count": len(waiting)})
        ids = [registration.pk for registration in waiting]
        if ids:
            transaction.on_commit(lambda: tasks.notify_certificates.enqueue(registration_ids=ids))
    return waiting


def registrations_anonymise(*, now: dt.datetime | None = None, retention_days: int | None = None) -> int:
    """Remove the personal data of registrations for events that ended more than the retention period ago.

    The rows stay (status, check-in, certificate number, local government), so counts do not change.
    Returns how many registrations were anonymised.
    """
    now = now or timezone.now()
    retention = dt.timedelta(days=settings.EVENT_DATA_RETENTION_DAYS if retention_days is None else retention_days)
    queryset = Registration.objects.filter(event__ends_at__lt=now - retention, anonymised_at__isnull=True)
    count = 0
    with transaction.atomic():
        for registration in queryset.select_for_update().only("pk"):
            Registration.objects.filter(pk=registration.pk).update(
                first_name="",
                last_name="",
                email=f"anonymised-{registration.pk}@invalid",
                job_title="",
                unit="",
                buyer_name="",
                buyer_nip="",
                buyer_address="",
                recipient_name="",
                recipient_address="",
                registered_by=None,
                anonymised_at=now,
            )
            count += 1
        if count:
            log_action(actor=None, action="events.registrations.anonymised", data={"count": count, "before": (now - retention).isoformat()})
    return count
