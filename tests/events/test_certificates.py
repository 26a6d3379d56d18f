import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import pgettext

from events import services
from events.certificates import certificate_html, certificate_pdf, event_dates, event_place, hours_text, participant_description
from events.enums import EventKind
from events.models import Event, Registration
from events.services import Participant
from members.enums import LocalGovernmentKind
from members.models import LocalGovernment
from tests.factories import EventFactory, LocalGovernmentFactory


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext reads it, with runs of white space made single spaces."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


def _took_place(event: Event, *, days_ago: int = 2) -> None:
    """Move the event into the past (a day 09:00–15:00 in its own time zone), as if it had happened."""
    day = timezone.localtime(timezone.now(), event.zone).date() - dt.timedelta(days=days_ago)
    starts = dt.datetime.combine(day, dt.time(9), tzinfo=event.zone)
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + dt.timedelta(hours=6))
    event.refresh_from_db()


def _attend(event, org, participants):
    """Register, take place, check everyone in and issue the certificates; the registrations, refreshed."""
    registrations = services.registration_create(event=event, participants=participants)
    _took_place(event)
    for registration in registrations:
        services.registration_check_in(registration=registration, by=org.smo_editor)
    services.certificates_issue(event=event, by=org.smo_editor)
    for registration in registrations:
        registration.refresh_from_db()
    return registrations


@pytest.fixture
def czech_training(org, site_pages):
    org.smo.city = "Liberec"
    org.smo.save()
    return EventFactory(
        organisers=[org.smo],
        kind=EventKind.TRAINING,
        title="Zadávání veřejných zakázek malého rozsahu",
        language="cs",
        time_zone="Europe/Prague",
        venue="Krajský úřad Libereckého kraje",
        address="U Jezu 642/2a, 461 80 Liberec",
        hours=Decimal("6.0"),
        accreditation_number="AK/PV-512/2025",
    )


@pytest.fixture
def obec(db):
    return LocalGovernmentFactory(code="563889", country="CZ", name="Statutární město Liberec", kind=LocalGovernmentKind.STATUTORY_CITY)


def test_certificate_pdf_of_a_czech_training_is_in_czech_with_hours_and_accreditation(czech_training, org, obec):
    (registration,) = _attend(
        czech_training,
        org,
        [Participant("Jana", "Dvořáková", "jana.dvorakova@liberec.example.cz", "referentka", "Magistrát města Liberec", obec)],
    )

    with translation.override("pl"):  # the organiser's screen language does not matter
        text = pdf_text(certificate_pdf(registration=registration))

    day = timezone.localtime(czech_training.starts_at, czech_training.zone).date()
    with translation.override("cs"):
        long_day = event_dates(czech_training)
        label = {word: pgettext("certificate", word) for word in ("Date", "Place", "Number of hours", "No. %(number)s")}
        signature = pgettext("certificate", "signature of the organiser")
        kind = str(EventKind.TRAINING.label).upper()
    assert pdf_text(certificate_pdf(registration=registration)) == text  # the same document every time
    assert "Osvědčení o absolvování" in text
    assert "Číslo akreditace programu AK/PV-512/2025" in text
    assert "Testovací federace" in text
    assert "Svaz měst a obcí Libereckého kraje" in text
    assert "Jana Dvořáková" in text
    assert "referentka, Magistrát města Liberec" in text
    assert f"{kind} Zadávání veřejných zakázek malého rozsahu" in text
    assert f"{label['Date']} {long_day}" in text
    assert f"{label['Place']} Krajský úřad Libereckého kraje, U Jezu 642/2a, 461 80 Liberec" in text
    assert f"{label['Number of hours']} 6 " in text
    assert label["No. %(number)s"] % {"number": f"{day.year}/{czech_training.pk}/001"} in text
    assert f"Liberec, {long_day}" in text
    assert signature in text


def test_certificate_of_a_polish_seminar_is_in_polish_without_accreditation(seminar, org):
    seminar.hours = Decimal("4.5")
    seminar.save()
    (registration,) = _attend(
        seminar, org, [Participant("Anna", "Nowak", "anna.nowak@bytnica.example.pl", "inspektor", "Urząd Gminy Bytnica", org.gmina)]
    )

    with translation.override("en"):
        html = certificate_html(registration=registration)

    assert '<html lang="pl">' in html
    assert "Zaświadczenie o uczestnictwie" in html
    assert "inspektor, Urząd Gminy Bytnica, Gmina Bytnica</p>" in html
    assert "4,5" in html
    assert "akredyt" not in html


def test_certificate_in_english_names_everything(seminar, org):
    seminar.language = "en"
    seminar.hours = Decimal("6")
    seminar.accreditation_number = "AK/PV-1/2026"
    seminar.save()
    (registration,) = _attend(seminar, org, [Participant("Anna", "Nowak", "anna.nowak@bytnica.example.pl", local_government=org.gmina)])

    text = pdf_text(certificate_pdf(registration=registration))

    assert "Certificate of attendance" in text
    assert "This is to certify that Anna Nowak Gmina Bytnica took part in SEMINAR" in text
    assert "Number of hours 6 " in text
    assert "AK/PV-1/2026" in text
    assert f"Organiser {org.smo.name}" in text
    assert f"No. {registration.certificate_number}" in text


def test_certificate_refused_before_it_is_issued(seminar):
    (registration,) = services.registration_create(event=seminar, participants=[Participant("Anna", "Nowak", "anna@bytnica.example.pl")])

    with pytest.raises(ValueError, match="has no certificate"):
        certificate_pdf(registration=registration)


def test_certificate_refused_once_the_data_is_anonymised(seminar, org):
    (registration,) = _attend(seminar, org, [Participant("Anna", "Nowak", "anna@bytnica.example.pl")])
    services.registrations_anonymise(retention_days=0)
    registration.refresh_from_db()

    with pytest.raises(ValueError, match="anonymised"):
        certificate_html(registration=registration)


def test_event_dates_of_several_days_name_first_and_last_day(seminar):
    seminar.starts_at = dt.datetime(2026, 3, 30, 9, tzinfo=seminar.zone)
    seminar.ends_at = dt.datetime(2026, 4, 1, 15, tzinfo=seminar.zone)
    with translation.override("pl"):
        assert event_dates(seminar) == "30 marca 2026 – 1 kwietnia 2026"
    with translation.override("en"):
        assert event_dates(seminar) == "30 March 2026 – 1 April 2026"


def test_hours_text_drops_a_zero_fraction_and_localises_the_rest():
    with translation.override("cs"):
        assert [hours_text(Decimal("6.0")), hours_text(Decimal("6.5")), hours_text(None)] == ["6", "6,5", ""]


def test_participant_description_names_the_local_government_once():
    liberec = LocalGovernment(name="Liberec")
    assert participant_description(Registration(job_title="referentka", unit="Magistrát města Liberec", local_government=liberec)) == (
        "referentka, Magistrát města Liberec"
    )
    assert participant_description(Registration(unit="", local_government=liberec)) == "Liberec"


def test_event_place_of_an_online_event_says_online():
    with translation.override("en"):
        assert event_place(Event(online_url="https://meet.example.org/x")) == "online"
        assert (
            event_place(Event(venue="Ratusz", address="Rynek 1, Opole", online_url="https://meet.example.org/x"))
            == "Ratusz, Rynek 1, Opole"
        )
