"""The links in the participants' mail, used without logging in: cancelling (valid, tampered, expired,
already used) with the waiting list moving up, and the participant's own certificate."""

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.enums import EventStatus, RegistrationStatus
from events.models import Registration
from events.services import Participant
from tests.factories import EventFactory


def people(count, start=0):
    return [
        Participant(first_name=f"Osoba{n}", last_name=f"Nazwisko{n}", email=f"osoba{n}@gmina.example.pl", job_title="inspektor")
        for n in range(start, start + count)
    ]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _cancel_path(message) -> str:
    """The cancellation link in a mail, without the site's address."""
    return re.search(r"https?://[^/\s]+(/\S*/registrations/cancel/[^/\s]+/|/registrations/cancel/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def full_seminar(seminar, site_pages, django_capture_on_commit_callbacks):
    """Two places taken by Osoba0 and Osoba1, Osoba2 and Osoba3 waiting; every mail sent."""
    seminar.capacity = 2
    seminar.language = "en"
    seminar.online_url = "https://meet.example.org/seminarium"
    seminar.save()
    with django_capture_on_commit_callbacks(execute=True):
        registrations = services.registration_create(event=seminar, participants=people(4))
    return seminar, registrations


def test_confirmation_mail_carries_a_calendar_invitation_in_the_events_time_zone(org, site_pages, django_capture_on_commit_callbacks):
    prague = zoneinfo.ZoneInfo("Europe/Prague")
    starts = timezone.localtime(timezone.now() + dt.timedelta(days=20), prague).replace(hour=9, minute=30, second=0, microsecond=0)
    training = EventFactory(
        organisers=[org.smo], time_zone="Europe/Prague", language="cs", starts_at=starts, ends_at=starts + dt.timedelta(hours=6)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=training, participants=people(1))

    (message,) = mail.outbox
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == ("zaproszenie.ics", "text/calendar; charset=utf-8")
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Prague"
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTSTART").strftime("%H:%M") == "09:30"
    assert [component["TZID"] for component in calendar.walk("VTIMEZONE")] == ["Europe/Prague"]
    assert "/cs/registrations/cancel/" in message.body


def test_cancel_link_shows_the_registration_and_a_button(client, full_seminar):
    seminar, registrations = full_seminar

    html = client.get(_cancel_path(mail.outbox[0])).content.decode()

    assert _cancel_path(mail.outbox[0]).startswith("/en/registrations/cancel/")
    text = _text(html)
    assert f"Event {seminar.title}" in text
    assert "Name Osoba0 Nazwisko0 Status confirmed" in text
    assert '<button type="submit" class="button button--danger">' in html
    assert 'name="robots" content="noindex, nofollow"' in html


def test_cancel_link_in_english_shows_the_status(client, full_seminar):
    seminar, registrations = full_seminar
    token = services.cancel_token(registrations[3])

    text = _text(client.get(f"/en/registrations/cancel/{token}/").content.decode())

    assert f"Event {seminar.title}" in text
    assert "Name Osoba3 Nazwisko3 Status waiting list, position 2" in text
    assert "Leave the waiting list" in text


def test_cancelling_through_the_link_promotes_the_first_waiting_and_tells_them(client, full_seminar, django_capture_on_commit_callbacks):
    seminar, registrations = full_seminar
    mail.outbox.clear()
    url = f"/en/registrations/cancel/{services.cancel_token(registrations[0])}/"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert (response.status_code, response["Location"]) == (302, url + "?done=1")
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "osoba0@gmina.example.pl": RegistrationStatus.CANCELLED,
        "osoba1@gmina.example.pl": RegistrationStatus.CONFIRMED,
        "osoba2@gmina.example.pl": RegistrationStatus.CONFIRMED,
        "osoba3@gmina.example.pl": RegistrationStatus.WAITING,
    }
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["osoba0@gmina.example.pl"], f"Registration cancelled: {seminar.title}"),
        (["osoba2@gmina.example.pl"], f"A place for you: {seminar.title}"),
    ]
    with_place = mail.outbox[1]
    assert "meet.example.org/seminarium" in with_place.body
    (attachment,) = with_place.attachments
    assert icalendar.Calendar.from_ical(attachment[1]).walk("VEVENT")[0]["SUMMARY"] == seminar.title
    done = _text(client.get(url + "?done=1").content.decode())
    assert "Your registration has been cancelled." in done
    assert "Status cancelled" in done


def test_promoted_person_mail_says_a_place_is_theirs(client, full_seminar, django_capture_on_commit_callbacks):
    seminar, registrations = full_seminar
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/registrations/cancel/{services.cancel_token(registrations[1])}/")

    assert [message.subject for message in mail.outbox] == [
        f"Registration cancelled: {seminar.title}",
        f"A place for you: {seminar.title}",
    ]
    assert mail.outbox[1].to == ["osoba2@gmina.example.pl"]
    promoted_page = _text(client.get(_cancel_path(mail.outbox[1])).content.decode())
    assert "Name Osoba2 Nazwisko2 Status confirmed" in promoted_page


def test_cancel_link_already_used_says_so_without_a_button(client, full_seminar):
    seminar, registrations = full_seminar
    services.registration_cancel(registration=registrations[0])

    html = client.get(f"/en/registrations/cancel/{services.cancel_token(registrations[0])}/").content.decode()

    assert "This registration was already cancelled." in _text(html)
    assert "Cancel my registration" not in html


def test_cancel_link_posted_twice_says_it_was_already_cancelled(client, full_seminar):
    seminar, registrations = full_seminar
    url = f"/en/registrations/cancel/{services.cancel_token(registrations[0])}/"
    client.post(url)

    response = client.post(url)

    assert response.status_code == 200
    assert "This registration was already cancelled." in _text(response.content.decode())
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 2


def test_tampered_cancel_link_is_not_valid(client, full_seminar):
    seminar, registrations = full_seminar
    token = services.cancel_token(registrations[0])
    other = str(registrations[1].pk)
    tampered = other + token[token.index(":") :]

    for bad in (tampered, token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "nonsense"):
        response = client.get(f"/en/registrations/cancel/{bad}/")
        assert response.status_code == 404
        assert "This link is not valid" in response.content.decode()
        assert "Osoba" not in response.content.decode()
    assert client.post(f"/en/registrations/cancel/{tampered}/").status_code == 404
    assert Registration.objects.filter(status=RegistrationStatus.CANCELLED).count() == 0


def test_expired_cancel_link_says_to_contact_the_organiser(client, settings, org, full_seminar):
    seminar, registrations = full_seminar
    token = services.cancel_token(registrations[0])
    settings.EVENT_CANCEL_LINK_DAYS = 0

    response = client.get(f"/en/registrations/cancel/{token}/")
    posted = client.post(f"/en/registrations/cancel/{token}/")

    assert (response.status_code, posted.status_code) == (410, 410)
    text = _text(response.content.decode())
    assert "This link has expired; contact the organiser" in text
    assert org.smo.name in text
    assert Registration.objects.filter(status=RegistrationStatus.CANCELLED).count() == 0


def test_cancel_link_after_the_event_offers_nothing_to_do(client, full_seminar):
    seminar, registrations = full_seminar
    seminar.starts_at = timezone.now() - dt.timedelta(days=2)
    seminar.ends_at = timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=3)
    seminar.save()

    html = client.get(f"/en/registrations/cancel/{services.cancel_token(registrations[0])}/").content.decode()

    assert "The event is over; its registrations no longer change." in _text(html)
    assert "Cancel my registration" not in html


def test_cancel_link_of_a_cancelled_event_offers_nothing_to_do(client, full_seminar):
    seminar, registrations = full_seminar
    seminar.status = EventStatus.CANCELLED
    seminar.save()

    html = client.get(f"/en/registrations/cancel/{services.cancel_token(registrations[0])}/").content.decode()

    assert "The organisers have cancelled this event; there is nothing more to do." in _text(html)
    assert "Cancel my registration" not in html


def test_cancel_link_links_the_event_page(client, full_seminar, site_pages):
    seminar, registrations = full_seminar

    html = client.get(f"/en/registrations/cancel/{services.cancel_token(registrations[0])}/").content.decode()

    assert f'href="{site_pages["en"]["events"].url}{seminar.slug}/"' in html


# --- Certificates -----------------------------------------------------------------------------------------


def _issued(seminar, registration):
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=timezone.now(), certificate_number="2026/1/001")
    registration.refresh_from_db()
    return registration


def test_certificate_link_gives_the_participants_pdf(client, full_seminar):
    pytest.importorskip("events.certificates")
    seminar, registrations = full_seminar
    registration = _issued(seminar, registrations[0])

    response = client.get(f"/en/registrations/certificate/{services.certificate_token(registration)}/")

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'inline; filename="certificate-2026-1-001.pdf"'


def test_certificate_link_without_a_certificate_is_404(client, full_seminar):
    seminar, registrations = full_seminar

    assert client.get(f"/en/registrations/certificate/{services.certificate_token(registrations[0])}/").status_code == 404


def test_tampered_certificate_link_is_not_valid(client, full_seminar):
    seminar, registrations = full_seminar
    _issued(seminar, registrations[0])
    token = services.certificate_token(registrations[0])

    response = client.get(f"/en/registrations/certificate/{registrations[1].pk}{token[token.index(':') :]}/")

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
