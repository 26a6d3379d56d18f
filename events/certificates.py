"""Certificates of attendance: one A4 page per participant, rendered to PDF by WeasyPrint.

A certificate is written in the event's language (a Czech training gets a Czech "osvědčení", whatever
language the organiser's screen is in) and names the federation, the organising associations, the
participant with their job and unit, the event with its kind, dates, place and hours, the accredited
programme's number (Czech trainings), the certificate number, and the place and date of issue above the
organiser's signature line. The date of issue is the event's last day in its own time zone and the place
is the seat of the (first) organising association, so the same certificate downloaded twice is the same.

Only a certificate that was issued (it has a number, from `services.certificates_issue`) can be printed,
and never once the participant's data was anonymised.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import pgettext

from events.models import Event, Registration
from federation.identity import federation_identity


@dataclass(frozen=True)
class Detail:
    """One labelled line of the certificate's description of the event."""

    label: str
    value: str
    css_class: str = ""


def _check_printable(registration: Registration) -> None:
    if registration.anonymised_at is not None:
        raise ValueError(f"Registration {registration.pk} was anonymised; its certificate can no longer be printed.")
    if not registration.certificate_number:
        raise ValueError(f"Registration {registration.pk} has no certificate: certificates are issued to those checked in.")


def _long_date(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def event_dates(event: Event) -> str:
    """The local day of the event ("12 marca 2026"), or its first and last ("12 marca 2026 – 13 marca 2026")."""
    first = timezone.localtime(event.starts_at, event.zone).date()
    last = timezone.localtime(event.ends_at, event.zone).date()
    if first == last:
        return _long_date(first)
    return f"{_long_date(first)} – {_long_date(last)}"


def event_place(event: Event) -> str:
    parts = [part for part in (event.venue, event.address) if part]
    if parts:
        return ", ".join(parts)
    return pgettext("event place", "online") if event.online_url else ""


def hours_text(hours: Decimal | None) -> str:
    """6 → "6", 6.5 → "6,5" in Polish and Czech ("6.5" in English)."""
    if hours is None:
        return ""
    if hours == hours.to_integral_value():
        return str(int(hours))
    return formats.number_format(hours.normalize(), use_l10n=True)


def participant_description(registration: Registration) -> str:
    """Job title, office and local government, each once: "inspektor, Urząd Gminy Bytnica, Gmina Bytnica"."""
    parts = [registration.job_title, registration.unit]
    local_government = registration.local_government
    if local_government is not None and local_government.name.casefold() not in registration.unit.casefold():
        parts.append(local_government.name)
    return ", ".join(part for part in parts if part)


def _details(event: Event, organisers: list) -> list[Detail]:
    details = [
        Detail(pgettext("certificate", "Date"), event_dates(event)),
        Detail(pgettext("certificate", "Place"), event_place(event)),
    ]
    if event.hours:
        details.append(Detail(pgettext("certificate", "Number of hours"), hours_text(event.hours), "hours"))
    if event.accreditation_number:
        details.append(
            Detail(pgettext("certificate", "Accreditation number of the programme"), event.accreditation_number, "accreditation")
        )
    if organisers:
        label = pgettext("certificate", "Organiser") if len(organisers) == 1 else pgettext("certificate", "Organisers")
        details.append(Detail(label, "; ".join(association.name for association in organisers)))
    return details


def _context(registration: Registration) -> dict:
    event = registration.event
    organisers = sorted(event.organisers.all(), key=lambda association: association.name)
    identity = federation_identity()
    issued_on = timezone.localtime(event.ends_at, event.zone).date()
    place_of_issue = next((association.city for association in organisers if association.city), "") or identity.city
    return {
        "language_code": event.language,
        "identity": identity,
        "registration": registration,
        "participant": registration.full_name,
        "participant_description": participant_description(registration),
        "event": event,
        "kind": event.get_kind_display(),
        "organisers": organisers,
        "details": _details(event, organisers),
        "place_and_date_of_issue": ", ".join(part for part in (place_of_issue, _long_date(issued_on)) if part),
        "issued_on": issued_on,
    }


def certificate_html(*, registration: Registration) -> str:
    """The certificate as HTML, in the event's language. ValueError if not issued or anonymised."""
    _check_printable(registration)
    with translation.override(registration.event.language):
        return render_to_string("events/certificate.html", _context(registration))


def certificate_pdf(*, registration: Registration) -> bytes:
    """The certificate as a tagged PDF (A4). ValueError if not issued or anonymised."""
    from federation.pdf import render_pdf  # WeasyPrint loads only where a PDF is made

    return render_pdf(certificate_html(registration=registration))


def certificate_filename(registration: Registration) -> str:
    """E.g. "certificate-2026-5-001.pdf": the number, safe in a file name."""
    return f"certificate-{registration.certificate_number.replace('/', '-')}.pdf"
