import datetime as dt

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from events import services
from events.enums import Audience, EventKind, EventStatus, RegistrationStatus
from events.models import Event, Registration
from events.services import Invoice, Participant
from federation.models import ActivityLogEntry
from tests.factories import EventFactory


def people(count, start=0, domain="gmina.example.pl"):
    return [
        Participant(first_name=f"Osoba{n}", last_name=f"Nazwisko{n}", email=f"osoba{n}@{domain}", job_title="inspektor", unit="Urząd Gminy")
        for n in range(start, start + count)
    ]


def _messages(error):
    with translation.override("en"):
        return error.value.messages


def _statuses(event):
    return list(Registration.objects.filter(event=event).order_by("created_at", "pk").values_list("status", flat=True))


# --- Registering ----------------------------------------------------------------------------------------


def test_group_registration_fills_the_places_then_the_waiting_list_in_form_order(seminar):
    seminar.capacity = 3
    seminar.save()

    registrations = services.registration_create(
        event=seminar,
        participants=people(5),
        invoice=Invoice(buyer_name="Gmina Bytnica", buyer_nip="5252248481", recipient_name="Urząd Gminy Bytnica"),
    )

    assert [r.status for r in registrations] == ["confirmed"] * 3 + ["waiting"] * 2
    assert {r.buyer_nip for r in registrations} == {"5252248481"}
    assert ActivityLogEntry.objects.get(action="events.registration.created").data["waiting"] == 2


def test_group_registration_is_all_or_nothing_on_a_bad_address(seminar):
    group = people(3)
    group[1].email = "osoba1(at)gmina"
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.registration_create(event=seminar, participants=group)

    assert error.value.message_dict == {"participant_2": ["Participant 2: “osoba1(at)gmina” is not an e-mail address."]}
    assert Registration.objects.count() == 0


def test_registering_an_address_twice_is_refused_naming_it(seminar):
    services.registration_create(event=seminar, participants=people(1))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.registration_create(event=seminar, participants=people(2))

    assert error.value.message_dict == {"participant_1": ["Participant 1: osoba0@gmina.example.pl is already registered for this event."]}
    assert Registration.objects.count() == 1


def test_a_cancelled_registration_frees_the_address(seminar):
    first = services.registration_create(event=seminar, participants=people(1))[0]
    services.registration_cancel(registration=first)
    again = services.registration_create(event=seminar, participants=people(1))[0]
    assert again.status == RegistrationStatus.CONFIRMED


def test_registration_refused_outside_the_window(seminar):
    seminar.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    seminar.save()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.registration_create(event=seminar, participants=people(1))
    assert _messages(error)[0].startswith("Registration closed on ")


def test_registration_refused_for_a_draft_or_cancelled_event(seminar):
    seminar.status = EventStatus.CANCELLED
    seminar.save()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.registration_create(event=seminar, participants=people(1))
    assert _messages(error) == ["The event was cancelled."]


def test_invited_only_event_takes_only_invited_addresses(org):
    event = EventFactory(organisers=[org.smo], audience=Audience.INVITED)
    services.invitations_set(event=event, emails=["Osoba0@gmina.example.pl"], by=org.smo_editor)

    services.registration_create(event=event, participants=people(1))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.registration_create(event=event, participants=people(1, start=1))
    assert _messages(error) == ["This event is by invitation only; not invited: osoba1@gmina.example.pl."]


def test_members_only_event_needs_the_member_unit(org):
    event = EventFactory(organisers=[org.smo], audience=Audience.MEMBERS)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.registration_create(event=event, participants=people(1))
    assert list(error.value.message_dict) == ["participant_1"]
    group = people(1)
    group[0].local_government = org.gmina
    assert services.registration_create(event=event, participants=group)[0].local_government == org.gmina


# --- Cancelling and the waiting list --------------------------------------------------------------------


def test_cancelling_a_place_promotes_the_first_on_the_waiting_list(seminar):
    seminar.capacity = 2
    seminar.save()
    first, _second, third, fourth = services.registration_create(event=seminar, participants=people(4))

    promoted = services.registration_cancel(registration=first)

    assert promoted.pk == third.pk
    assert _statuses(seminar) == ["cancelled", "confirmed", "confirmed", "waiting"]
    assert Registration.objects.get(pk=fourth.pk).status == RegistrationStatus.WAITING


def test_cancelling_a_waiting_place_promotes_nobody(seminar):
    seminar.capacity = 1
    seminar.save()
    _first, second = services.registration_create(event=seminar, participants=people(2))
    assert services.registration_cancel(registration=second) is None
    assert _statuses(seminar) == ["confirmed", "cancelled"]


def test_cancel_token_valid_tampered_and_expired(seminar, settings):
    registration = services.registration_create(event=seminar, participants=people(1))[0]
    token = services.cancel_token(registration)

    assert services.registration_from_token(token).pk == registration.pk
    with pytest.raises(signing.BadSignature):
        services.registration_from_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    with pytest.raises(signing.BadSignature):
        services.registration_from_token(token.replace(str(registration.pk), str(registration.pk + 1), 1))
    settings.EVENT_CANCEL_LINK_DAYS = 0
    with pytest.raises(signing.SignatureExpired):
        services.registration_from_token(token)


# --- Organisers -----------------------------------------------------------------------------------------


def test_event_save_by_an_editor_of_the_organiser_and_refused_to_another(org):
    event = Event(
        kind=EventKind.TRAINING,
        title="Školení: veřejné zakázky",
        starts_at=timezone.now() + dt.timedelta(days=20),
        ends_at=timezone.now() + dt.timedelta(days=20, hours=6),
        address="Liberec",
        language="cs",
        hours=6,
        accreditation_number="AK/PV-123/2026",
    )
    with pytest.raises(PermissionDenied):
        services.event_save(event=event, organisers=[org.smo], by=org.zgl_editor)
    saved = services.event_save(event=event, organisers=[org.smo], by=org.smo_editor)
    assert (saved.status, list(saved.organisers.all()), saved.slug.endswith("skoleni-verejne-zakazky")) == (
        EventStatus.DRAFT,
        [org.smo],
        True,
    )


def test_board_sitting_belongs_to_the_term_and_its_presiding_association(org):
    sitting = Event(
        kind=EventKind.BOARD_SITTING,
        title="Posiedzenie Zarządu",
        starts_at=timezone.now() + dt.timedelta(days=10),
        ends_at=timezone.now() + dt.timedelta(days=10, hours=5),
        address="Opole",
    )
    with pytest.raises(PermissionDenied):
        services.event_save(event=sitting, organisers=[], by=org.zgl_editor)
    saved = services.event_save(event=sitting, organisers=[], by=org.ozs_admin)
    assert (saved.term, list(saved.organisers.all())) == (org.term, [org.ozs])


def test_event_without_a_place_or_link_is_refused_with_the_field(org):
    event = Event(
        kind=EventKind.WEBINAR,
        title="Webinar",
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=1),
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.event_save(event=event, organisers=[org.smo], by=org.smo_editor)
    # The message is lazy: read it in English too, whatever language an earlier test left active.
    with translation.override("en"):
        assert error.value.message_dict == {"address": ["Give a venue address, an online link, or both."]}


def test_certificates_numbered_for_those_checked_in_only(seminar, org):
    a, b, _c = services.registration_create(event=seminar, participants=people(3))
    # The day of the event: it began three hours ago.
    Event.objects.filter(pk=seminar.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3), ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    seminar.refresh_from_db()
    services.registration_check_in(registration=a, by=org.smo_editor)
    services.registration_check_in(registration=b, by=org.smo_editor)
    with pytest.raises(PermissionDenied):
        services.registration_check_in(registration=b, by=org.zgl_editor)

    issued = services.certificates_issue(event=seminar, by=org.smo_editor)

    year = timezone.localtime(seminar.starts_at).year
    assert [r.certificate_number for r in issued] == [f"{year}/{seminar.pk}/001", f"{year}/{seminar.pk}/002"]
    assert services.certificates_issue(event=seminar, by=org.smo_editor) == []


# --- Personal data --------------------------------------------------------------------------------------


def test_anonymise_removes_personal_data_after_the_retention_period_keeping_counts(seminar):
    services.registration_create(event=seminar, participants=people(3))
    Event.objects.filter(pk=seminar.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=400, hours=4), ends_at=timezone.now() - dt.timedelta(days=400)
    )

    assert services.registrations_anonymise(retention_days=365) == 3

    rows = list(Registration.objects.filter(event=seminar).values("first_name", "last_name", "email", "status"))
    assert [row["first_name"] + row["last_name"] for row in rows] == ["", "", ""]
    assert all(row["email"].startswith("anonymised-") and row["status"] == "confirmed" for row in rows)
    assert services.registrations_anonymise(retention_days=365) == 0
