import datetime as dt
import re
import zoneinfo
from urllib.parse import urlsplit

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.urls import resolve
from django.utils import timezone, translation
from django.utils.translation import gettext

from events import services
from events.enums import EventKind, RegistrationStatus
from events.models import Event
from events.services import Participant
from tests.factories import EventFactory

ONLINE = "https://meet.example.cz/skoleni-zakazky"


def _people(*names):
    return [Participant(name, "Nováková", f"{name.lower()}@liberec.example.cz", "referentka", "Magistrát města Liberec") for name in names]


def _calendar(message) -> icalendar.Calendar:
    """The one .ics attached to a message, parsed."""
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert (filename, mimetype) == ("zaproszenie.ics", "text/calendar; charset=utf-8")
    return icalendar.Calendar.from_ical(content)


def _cancel_path(message) -> str:
    (url,) = re.findall(r"https?://\S+/registrations/cancel/\S+/", message.body)
    assert url.startswith(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/")
    return urlsplit(url).path


@pytest.fixture
def czech_training(org):
    return EventFactory(
        organisers=[org.smo],
        kind=EventKind.TRAINING,
        title="Zadávání veřejných zakázek malého rozsahu",
        language="cs",
        time_zone="Europe/Prague",
        venue="Krajský úřad Libereckého kraje",
        address="U Jezu 642/2a, 461 80 Liberec",
        online_url=ONLINE,
        capacity=2,
    )


def test_registration_mails_each_person_in_the_events_language(czech_training, mailoutbox, django_capture_on_commit_callbacks):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        jana, petra, eva = services.registration_create(event=czech_training, participants=_people("Jana", "Petra", "Eva"))

    assert [r.status for r in (jana, petra, eva)] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
    ]
    with translation.override("cs"):
        confirmed = gettext("Registration confirmed: %(title)s") % {"title": czech_training.title}
        waiting = gettext("Waiting list: %(title)s") % {"title": czech_training.title}
        dear = gettext("Dear %(name)s,") % {"name": "Eva Nováková"}
    assert [(message.to, message.subject) for message in mailoutbox] == [
        (["jana@liberec.example.cz"], confirmed),
        (["petra@liberec.example.cz"], confirmed),
        (["eva@liberec.example.cz"], waiting),
    ]
    assert mailoutbox[2].body.startswith(dear)
    assert mailoutbox[2].attachments == []  # no invitation before there is a place
    assert ONLINE not in mailoutbox[2].body  # nor the online link


def test_registration_mail_in_english_for_an_english_event(seminar, mailoutbox, django_capture_on_commit_callbacks):
    seminar.language = "en"
    seminar.save()

    with translation.override("pl"), django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=seminar, participants=[Participant("Anna", "Nowak", "anna@bytnica.example.pl")])

    (message,) = mailoutbox
    assert message.subject == f"Registration confirmed: {seminar.title}"
    assert message.body.startswith(f"Dear Anna Nowak,\n\nyou are registered for “{seminar.title}”.\n\nWhen: ")


def _day_at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo("Europe/Prague"))


@pytest.mark.parametrize(
    ("language", "one_day", "two_days"),
    [
        ("cs", "{s.day}. {s.month}. {s.year} 9:00–13:00", "{s.day}. {s.month}. {s.year} 9:00–{e.day}. {e.month}. {e.year} 12:00"),
        ("pl", "{s:%d.%m.%Y} 09:00–13:00", "{s:%d.%m.%Y} 09:00–{e:%d.%m.%Y} 12:00"),
        ("en", "{s:%d/%m/%Y} 09:00–13:00", "{s:%d/%m/%Y} 09:00–{e:%d/%m/%Y} 12:00"),
    ],
)
def test_the_mail_gives_the_time_as_the_events_language_writes_it(
    org, mailoutbox, django_capture_on_commit_callbacks, language, one_day, two_days
):
    starts = _day_at(30, 9)
    for ends, expected in [(starts.replace(hour=13), one_day), (_day_at(31, 12), two_days)]:
        mailoutbox.clear()
        event = EventFactory(organisers=[org.smo], language=language, time_zone="Europe/Prague", starts_at=starts, ends_at=ends)
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_create(event=event, participants=[Participant("Jana", "Nováková", "jana@liberec.example.cz")])
        with translation.override(language):
            line = gettext("When: %(when)s") % {"when": expected.format(s=starts, e=ends) + " (Europe/Prague)"}
        (message,) = mailoutbox
        assert line in message.body.splitlines()


def test_confirmation_carries_an_ics_invitation_in_the_events_time_zone(czech_training, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=czech_training, participants=_people("Jana"))

    calendar = _calendar(mailoutbox[0])
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == czech_training.title
    assert event["DTSTART"].params["TZID"] == "Europe/Prague"
    assert event["DTEND"].params["TZID"] == "Europe/Prague"
    assert event.decoded("DTSTART") == czech_training.starts_at
    assert event.decoded("DTSTART").utcoffset() == timezone.localtime(czech_training.starts_at, czech_training.zone).utcoffset()
    assert event.decoded("DTEND") == czech_training.ends_at
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Prague"]
    assert ONLINE in str(event["LOCATION"])
    assert ONLINE in str(event["DESCRIPTION"])
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert ONLINE in mailoutbox[0].body


def test_cancel_link_in_the_mail_resolves_to_the_registration(czech_training, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (jana,) = services.registration_create(event=czech_training, participants=_people("Jana"))

    path = _cancel_path(mailoutbox[0])
    assert path.startswith("/cs/registrations/cancel/")  # in the event's language
    with translation.override("cs"):
        match = resolve(path)
    assert match.view_name == "events_public:cancel"
    assert services.registration_from_token(match.kwargs["token"]) == jana


def test_cancelling_tells_the_person_and_gives_the_place_with_an_invitation(czech_training, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        jana, petra, eva = services.registration_create(event=czech_training, participants=_people("Jana", "Petra", "Eva"))
    mailoutbox.clear()

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=jana)

    assert promoted == eva
    with translation.override("cs"):
        cancelled_subject = gettext("Registration cancelled: %(title)s") % {"title": czech_training.title}
        place_subject = gettext("A place for you: %(title)s") % {"title": czech_training.title}
    cancelled, place = mailoutbox
    assert (cancelled.to, cancelled.subject, cancelled.attachments) == (["jana@liberec.example.cz"], cancelled_subject, [])
    assert (place.to, place.subject) == (["eva@liberec.example.cz"], place_subject)
    (vevent,) = _calendar(place).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == czech_training.title
    assert vevent["DTSTART"].params["TZID"] == "Europe/Prague"
    assert ONLINE in place.body
    with translation.override("cs"):
        token = resolve(_cancel_path(place)).kwargs["token"]
    assert services.registration_from_token(token) == eva


def test_cancelling_a_waiting_registration_promotes_nobody(czech_training, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _jana, _petra, eva = services.registration_create(event=czech_training, participants=_people("Jana", "Petra", "Eva"))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_cancel(registration=eva) is None

    assert [message.to for message in mailoutbox] == [["eva@liberec.example.cz"]]


def test_issuing_certificates_mails_each_participant_the_link_to_their_own(org, django_capture_on_commit_callbacks, client):
    event = EventFactory(organisers=[org.smo], language="cs", title="Školení: rozpočet obce")
    first, second = services.registration_create(
        event=event,
        participants=[
            Participant(first_name="Jana", last_name="Dvořáková", email="jana@obec.example.cz"),
            Participant(first_name="Petr", last_name="Novák", email="petr@obec.example.cz"),
        ],
    )
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    event.refresh_from_db()
    services.registration_check_in(registration=first, by=org.smo_editor)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_issue(event=event, by=org.smo_editor)

    assert [message.to for message in mail.outbox] == [["jana@obec.example.cz"]]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/registrations/certificate/" in line)
    response = client.get(urlsplit(link.strip()).path)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
