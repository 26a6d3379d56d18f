import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from events import services
from events.models import Event, Registration
from events.services import Invoice, Participant
from federation.models import ActivityLogEntry
from tests.factories import EventFactory

PERSONAL_FIELDS = ("first_name", "last_name", "email", "job_title", "unit", "buyer_name", "buyer_nip", "buyer_address", "recipient_name")
CUTOFF = r"\d\d/\d\d/\d{4} \d\d:\d\d"  # English short date and time


def _group(count, prefix):
    return [
        Participant(f"{prefix}{n}", f"Nazwisko{n}", f"{prefix.lower()}{n}@bytnica.example.pl", "inspektor", "Urząd Gminy Bytnica")
        for n in range(count)
    ]


def _ended(event: Event, *, days_ago: int) -> None:
    ends = timezone.now() - dt.timedelta(days=days_ago)
    Event.objects.filter(pk=event.pk).update(starts_at=ends - dt.timedelta(hours=4), ends_at=ends)


def _run(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("anonymise_registrations", *args, stdout=out)
    return out.getvalue().strip()


def _snapshot():
    return list(Registration.objects.order_by("pk").values())


@pytest.fixture
def history(org, settings):
    """A year and a half ago: 3 registrations (1 cancelled, 1 a waiting one); ten days ago: 2; upcoming: 1."""
    settings.EVENT_DATA_RETENTION_DAYS = 365
    old = EventFactory(organisers=[org.smo], capacity=2)
    first, *_rest = services.registration_create(
        event=old,
        participants=_group(3, "Stara"),
        by=org.zgl_staff,
        invoice=Invoice(
            buyer_name="Gmina Bytnica", buyer_nip="5252248481", buyer_address="ul. Zielonogórska 4", recipient_name="Urząd Gminy"
        ),
    )
    for registration in services.registration_create(
        event=old, participants=[Participant("Kto", "Inny", "kto@example.org", local_government=org.gmina)]
    ):
        services.registration_cancel(registration=registration)
    services.registration_check_in(registration=first, by=org.smo_editor)
    _ended(old, days_ago=540)
    recent = EventFactory(organisers=[org.smo])
    services.registration_create(event=recent, participants=_group(2, "Nowa"))
    _ended(recent, days_ago=10)
    upcoming = EventFactory(organisers=[org.smo])
    services.registration_create(event=upcoming, participants=_group(1, "Przyszla"))
    return old, recent, upcoming


def test_anonymise_command_empties_personal_data_of_old_events_keeping_counts(history, org):
    old, recent, upcoming = history
    counts_before = {event.pk: list(event.registrations.order_by("pk").values_list("status", flat=True)) for event in history}
    untouched_before = list(Registration.objects.exclude(event=old).order_by("pk").values())

    output = _run()

    assert re.fullmatch(rf"Anonymised 4 registrations of events that ended before {CUTOFF}\.", output)
    assert {event.pk: list(event.registrations.order_by("pk").values_list("status", flat=True)) for event in history} == counts_before
    assert counts_before[old.pk] == ["confirmed", "confirmed", "waiting", "cancelled"]
    rows = list(Registration.objects.filter(event=old).order_by("pk"))
    assert [[getattr(row, field) for field in PERSONAL_FIELDS] for row in rows] == [
        ["", "", f"anonymised-{row.pk}@invalid", "", "", "", "", "", ""] for row in rows
    ]
    assert [row.registered_by for row in rows] == [None, None, None, None]
    assert all(row.anonymised_at is not None for row in rows)
    assert [row.checked_in_at is not None for row in rows] == [True, False, False, False]
    assert [row.local_government for row in rows] == [None, None, None, org.gmina]  # kept: it is not personal data
    assert list(Registration.objects.exclude(event=old).order_by("pk").values()) == untouched_before
    assert ActivityLogEntry.objects.get(action="events.registrations.anonymised").data["count"] == 4


def test_anonymise_command_run_again_changes_nothing(history):
    _run()
    after_first = _snapshot()

    output = _run()

    assert re.fullmatch(rf"Anonymised 0 registrations of events that ended before {CUTOFF}\.", output)
    assert _snapshot() == after_first
    assert ActivityLogEntry.objects.filter(action="events.registrations.anonymised").count() == 1


def test_anonymise_command_days_override_the_setting(history):
    old, recent, upcoming = history

    output = _run("--days", "5")

    assert re.fullmatch(rf"Anonymised 6 registrations of events that ended before {CUTOFF}\.", output)
    assert set(Registration.objects.filter(anonymised_at__isnull=True).values_list("event", flat=True)) == {upcoming.pk}


def test_anonymise_command_follows_the_retention_setting(history, settings):
    settings.EVENT_DATA_RETENTION_DAYS = 5

    assert _run().startswith("Anonymised 6 registrations")


def test_anonymise_command_dry_run_counts_and_changes_nothing(history):
    before = _snapshot()

    output = _run("--dry-run")

    assert re.fullmatch(
        rf"Dry run: 4 registrations of events that ended before {CUTOFF} would be anonymised; nothing was changed\.", output
    )
    assert _snapshot() == before
    assert not ActivityLogEntry.objects.filter(action="events.registrations.anonymised").exists()
    assert _run("--dry-run", "--days", "5").startswith("Dry run: 6 registrations")


def test_anonymise_command_refuses_negative_days(db):
    with translation.override("en"), pytest.raises(CommandError, match="The number of days cannot be negative."):
        call_command("anonymise_registrations", "--days", "-1", stdout=io.StringIO())
