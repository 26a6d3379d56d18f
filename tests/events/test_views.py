"""The organisers' workspace for events, through the test client: who may prepare and run an event, that
wall-clock times typed in the event's zone are stored as the right moments, and that participant lists never
reach anyone but the organisers."""

import datetime as dt
import decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from events import services
from events.enums import Audience, EventKind, EventStatus, RegistrationStatus
from events.models import AgendaItem, Event, Invitation, Registration
from events.services import Participant
from positions.enums import PositionStatus
from tests.factories import EventFactory, PositionFactory, UserFactory, published_position_make

UTC = dt.UTC


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids); the view's language follows the URL prefix."""
    with translation.override("en"):
        yield


def url(name, *args):
    return reverse(f"events:{name}", args=args)


def login(client, user):
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def people(count, start=0):
    return [
        Participant(
            first_name=f"Jana{n}", last_name=f"Nováková{n}", email=f"jana{n}@obec.example.cz", job_title="referentka", unit="Obecní úřad"
        )
        for n in range(start, start + count)
    ]


def training_data(org, **changes) -> dict:
    """The form as an SMO editor fills it in for a Czech training (times as Prague clocks show them)."""
    data = {
        "kind": EventKind.TRAINING,
        "title": "Školení: zákon o obcích v praxi",
        "description": "Novela zákona o obcích pro starosty a úředníky.",
        "organisers": [org.smo.pk],
        "topic": "",
        "starts_at": "2027-04-15T09:00",  # summer time in Prague: UTC+2
        "ends_at": "2027-04-15T15:30",
        "time_zone": "Europe/Prague",
        "venue": "Krajský úřad Libereckého kraje",
        "address": "U Jezu 642/2a, 461 80 Liberec",
        "online_url": "",
        "language": "cs",
        "speakers": "Mgr. Petr Svoboda – právník",
        "capacity": "30",
        "registration_opens_at": "2027-03-01T08:00",  # winter time: UTC+1
        "registration_closes_at": "2027-04-10T12:00",
        "audience": Audience.MEMBERS,
        "fee": "paid",
        "fee_amount": "1200.00",
        "fee_currency": "CZK",
        "vat_basis": "osvobozeno od DPH",
        "accreditation_number": "AK/PV-123/2027",
        "hours": "6",
    }
    data.update(changes)
    return data


def agenda_management(total=3, initial=0) -> dict:
    return {
        "agenda-TOTAL_FORMS": str(total),
        "agenda-INITIAL_FORMS": str(initial),
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "60",
    }


def in_days(days: int, hour: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).strftime(f"%Y-%m-%dT{hour:02d}:00")


# --- Who gets in ----------------------------------------------------------------------------------------


def test_event_list_for_anonymous_redirects_to_login(client, db):
    response = client.get(url("list"))

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/workspace/events/"


def test_event_list_shows_only_the_events_the_user_organises(client, org, seminar):
    other = EventFactory(organisers=[org.zgl], title="Seminarium ZGL")
    login(client, org.smo_editor)

    response = client.get(url("list"))

    assert [row["event"].pk for row in response.context["rows"]] == [seminar.pk]
    assert other.title not in text(response)
    assert reverse("events:create") in text(response)


def test_event_list_offers_no_new_event_without_a_role(client, org):
    login(client, org.outsider)

    response = client.get(url("list"))

    assert response.status_code == 200
    assert response.context["rows"] == []
    assert reverse("events:create") not in text(response)


def test_event_list_shows_dates_in_the_events_time_zone(client, org):
    EventFactory(
        organisers=[org.smo],
        time_zone="Europe/Prague",
        starts_at=dt.datetime(2027, 4, 15, 7, 0, tzinfo=UTC),
        ends_at=dt.datetime(2027, 4, 15, 13, 30, tzinfo=UTC),
    )
    login(client, org.smo_editor)

    response = client.get(url("list"))

    assert response.context["rows"][0]["when"] == "15/04/2027 09:00–15:30"


@pytest.mark.parametrize("name", ["detail", "edit", "registrations"])
def test_event_pages_are_404_for_another_associations_editor(client, org, seminar, name):
    login(client, org.zgl_editor)

    assert client.get(url(name, seminar.pk)).status_code == 404


# --- Creating and editing -------------------------------------------------------------------------------


def test_training_created_by_smo_editor_stores_prague_wall_clock_times_in_utc(client, org):
    login(client, org.smo_editor)

    response = client.post(url("create"), training_data(org))

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", event.pk)
    assert (event.starts_at, event.ends_at) == (dt.datetime(2027, 4, 15, 7, 0, tzinfo=UTC), dt.datetime(2027, 4, 15, 13, 30, tzinfo=UTC))
    assert (event.registration_opens_at, event.registration_closes_at) == (
        dt.datetime(2027, 3, 1, 7, 0, tzinfo=UTC),
        dt.datetime(2027, 4, 10, 10, 0, tzinfo=UTC),
    )
    assert list(event.organisers.all()) == [org.smo]
    assert (event.kind, event.status, event.time_zone, event.created_by) == (
        EventKind.TRAINING,
        EventStatus.DRAFT,
        "Europe/Prague",
        org.smo_editor,
    )
    assert (event.fee_amount, event.fee_currency, event.accreditation_number, event.hours) == (
        decimal.Decimal("1200.00"),
        "CZK",
        "AK/PV-123/2027",
        decimal.Decimal("6.0"),
    )


def test_event_pages_show_stored_times_back_on_the_events_clock(client, org):
    login(client, org.smo_editor)
    client.post(url("create"), training_data(org))
    event = Event.objects.get()

    response = client.get(url("edit", event.pk))

    assert 'value="2027-04-15T09:00"' in text(response)
    assert 'value="2027-03-01T08:00"' in text(response)
    detail = text(client.get(url("detail", event.pk)))
    assert "15/04/2027 09:00–15:30 (Europe/Prague)" in detail
    assert "opens 01/03/2027 08:00; closes 10/04/2027 12:00" in detail


def test_training_for_smo_refused_to_zgl_editor_and_nothing_saved(client, org):
    login(client, org.zgl_editor)

    response = client.post(url("create"), training_data(org))

    assert response.status_code == 403
    assert Event.objects.count() == 0


def test_event_create_refused_without_a_role(client, org):
    login(client, org.zgl_staff)

    response = client.get(url("create"))

    assert response.status_code == 403


def test_event_save_refusal_is_shown_beside_the_field_with_input_kept(client, org):
    login(client, org.smo_editor)

    response = client.post(url("create"), training_data(org, ends_at="2027-04-15T08:00", venue="", address=""))

    assert response.status_code == 200
    assert Event.objects.count() == 0
    form = response.context["form"]
    assert form.errors == {
        "ends_at": ["An event cannot end before it starts."],
        "address": ["Give a venue address, an online link, or both."],
    }
    assert 'role="alert"' in text(response)
    assert 'value="Školení: zákon o obcích v praxi"' in text(response)
    assert 'value="2027-04-15T08:00"' in text(response)


def test_a_time_the_clocks_skip_is_refused(client, org):
    login(client, org.smo_editor)

    response = client.post(url("create"), training_data(org, starts_at="2027-03-28T02:30"))

    assert response.context["form"].errors == {"starts_at": ["This time does not exist in that time zone: the clocks go forward then."]}
    assert Event.objects.count() == 0


def test_board_sitting_by_presiding_ozs_admin_gets_the_term_and_agenda(client, org):
    position = PositionFactory(lead_association=org.zgl, status=PositionStatus.FINAL, title="Stanowisko w sprawie subwencji")
    login(client, org.ozs_admin)
    data = training_data(
        org,
        kind=EventKind.BOARD_SITTING,
        title="Posiedzenie Zarządu Federacji",
        organisers=[],
        starts_at=in_days(10, 10),
        ends_at=in_days(10, 14),
        time_zone="Europe/Warsaw",
        fee="free",
        fee_amount="",
        audience=Audience.INVITED,
        **agenda_management(),
        **{"agenda-0-title": "Otwarcie posiedzenia", "agenda-1-title": "", "agenda-1-position": str(position.pk)},
    )

    response = client.post(url("create"), data)

    event = Event.objects.get()
    assert response.status_code == 302
    assert (event.term, list(event.organisers.all())) == (org.term, [org.ozs])
    assert [(item.order, item.title, item.position) for item in AgendaItem.objects.order_by("order")] == [
        (1, "Otwarcie posiedzenia", None),
        (2, "Stanowisko w sprawie subwencji", position),
    ]


def test_board_sitting_agenda_refusal_is_shown_beside_the_agenda(client, org):
    draft = PositionFactory(lead_association=org.zgl, status=PositionStatus.FINAL, title="Stanowisko robocze")
    login(client, org.ozs_admin)
    data = training_data(
        org,
        kind=EventKind.BOARD_SITTING,
        title="Posiedzenie Zarządu Federacji",
        starts_at=in_days(10, 10),
        ends_at=in_days(10, 14),
        fee="free",
        **agenda_management(),
        **{"agenda-0-title": "Przyjęcie stanowiska", "agenda-0-position": str(draft.pk)},
    )
    draft.status = PositionStatus.DRAFT  # moved back between the form being shown and sent
    draft.save(update_fields=["status"])

    response = client.post(url("create"), data)

    assert response.status_code == 200
    assert Event.objects.count() == 0
    assert response.context["form"].errors == {}
    assert response.context["agenda"].errors == [
        {"position": ["Select a valid choice. That choice is not one of the available choices."]},
        {},
        {},
    ]
    assert 'href="#id_agenda-0-position">Agenda item 1: Select a valid choice.' in text(response)


def test_board_sitting_outside_any_term_is_refused_on_the_start(client, org):
    login(client, org.ozs_admin)
    data = training_data(
        org,
        kind=EventKind.BOARD_SITTING,
        starts_at=in_days(400, 10),
        ends_at=in_days(400, 14),
        time_zone="Europe/Warsaw",
        fee="free",
        **agenda_management(),
    )

    response = client.post(url("create"), data)

    assert response.context["form"].errors == {
        "starts_at": ["The federation's meetings fall within a presidency term; no term covers this day."]
    }
    assert Event.objects.count() == 0


def test_event_edit_saves_through_the_service(client, org, seminar):
    login(client, org.smo_editor)
    data = training_data(org, kind=EventKind.SEMINAR, title="Seminarium po zmianie", fee="free", fee_amount="")

    response = client.post(url("edit", seminar.pk), data)

    seminar.refresh_from_db()
    assert response.status_code == 302
    assert (seminar.title, seminar.starts_at) == ("Seminarium po zmianie", dt.datetime(2027, 4, 15, 7, 0, tzinfo=UTC))


# --- Publishing, cancelling, invitations, minutes --------------------------------------------------------


def test_publish_through_the_view(client, org):
    event = EventFactory(organisers=[org.smo], status=EventStatus.DRAFT)
    login(client, org.smo_editor)

    response = client.post(url("publish", event.pk))

    event.refresh_from_db()
    assert response.status_code == 302
    assert event.status == EventStatus.PUBLISHED


def test_publish_refused_to_another_associations_editor(client, org):
    event = EventFactory(organisers=[org.smo], status=EventStatus.DRAFT)
    login(client, org.zgl_editor)

    response = client.post(url("publish", event.pk))

    event.refresh_from_db()
    assert response.status_code == 404
    assert event.status == EventStatus.DRAFT


def test_cancel_without_a_reason_keeps_the_event_and_says_why(client, org, seminar):
    login(client, org.smo_editor)

    response = client.post(url("cancel", seminar.pk), {"reason": "  "})

    seminar.refresh_from_db()
    assert seminar.status == EventStatus.PUBLISHED
    assert response.context["cancel_form"].errors == {"reason": ["Say why the event is cancelled; the participants will read it."]}


def test_cancel_with_a_reason(client, org, seminar):
    login(client, org.smo_editor)

    response = client.post(url("cancel", seminar.pk), {"reason": "Choroba prelegenta."})

    seminar.refresh_from_db()
    assert response.status_code == 302
    assert seminar.status == EventStatus.CANCELLED


def test_invitations_saved_and_a_bad_address_kept_for_correction(client, org):
    event = EventFactory(organisers=[org.smo], audience=Audience.INVITED)
    login(client, org.smo_editor)

    refused = client.post(url("invitations", event.pk), {"invitations": "starosta@obec.example.cz\nmistostarosta(at)obec"})
    saved = client.post(url("invitations", event.pk), {"invitations": "starosta@obec.example.cz, tajemnik@obec.example.cz"})

    assert refused.context["invitations_form"].errors == {"invitations": ["“mistostarosta(at)obec” is not an e-mail address."]}
    assert "mistostarosta(at)obec" in text(refused)
    assert saved.status_code == 302
    assert list(Invitation.objects.filter(event=event).values_list("email", flat=True)) == [
        "starosta@obec.example.cz",
        "tajemnik@obec.example.cz",
    ]


def test_minutes_recorded_with_the_positions_adopted(client, org):
    sitting = EventFactory(kind=EventKind.BOARD_SITTING, organisers=[org.ozs], term=org.term)
    position = published_position_make(lead_association=org.zgl, reference_number=4)
    login(client, org.ozs_admin)

    response = client.post(url("minutes", sitting.pk), {"minutes": "Zarząd przyjął stanowisko.", "positions_adopted": [position.pk]})

    sitting.refresh_from_db()
    assert response.status_code == 302
    assert (sitting.minutes, list(sitting.positions_adopted.all())) == ("Zarząd przyjął stanowisko.", [position])


# --- Participants ---------------------------------------------------------------------------------------


def test_registrations_page_lists_the_participants_for_the_organiser(client, org, seminar):
    seminar.capacity = 1
    seminar.save()
    services.registration_create(event=seminar, participants=people(3))
    login(client, org.smo_editor)

    response = client.get(url("registrations", seminar.pk))

    rows = response.context["rows"]
    assert [(row["registration"].email, row["registration"].status, row["waiting_position"]) for row in rows] == [
        ("jana0@obec.example.cz", RegistrationStatus.CONFIRMED, None),
        ("jana1@obec.example.cz", RegistrationStatus.WAITING, 1),
        ("jana2@obec.example.cz", RegistrationStatus.WAITING, 2),
    ]
    assert "jana2@obec.example.cz" in text(response)


@pytest.mark.parametrize("who", ["zgl_editor", "zgl_staff", "django_staff"])
def test_registrations_page_is_404_for_others(client, org, seminar, who):
    services.registration_create(event=seminar, participants=people(1))
    user = UserFactory(username="obsluha", is_staff=True) if who == "django_staff" else getattr(org, who)
    login(client, user)

    response = client.get(url("registrations", seminar.pk))

    assert response.status_code == 404
    assert "jana0@obec.example.cz" not in text(response)


def test_check_in_and_undo_through_the_view(client, org, seminar):
    registration = services.registration_create(event=seminar, participants=people(1))[0]
    login(client, org.smo_editor)

    checked = client.post(url("check_in", seminar.pk, registration.pk), {"present": "1"})
    registration.refresh_from_db()
    checked_in_at = registration.checked_in_at
    client.post(url("check_in", seminar.pk, registration.pk), {"present": "0"})
    registration.refresh_from_db()

    assert checked.status_code == 302
    assert checked["Location"] == url("registrations", seminar.pk) + f"#registration-{registration.pk}"
    assert checked_in_at is not None
    assert registration.checked_in_at is None


def test_check_in_of_a_registration_of_another_event_is_404(client, org, seminar):
    other = EventFactory(organisers=[org.zgl])
    registration = services.registration_create(event=other, participants=people(1))[0]
    login(client, org.smo_editor)

    response = client.post(url("check_in", seminar.pk, registration.pk), {"present": "1"})

    registration.refresh_from_db()
    assert response.status_code == 404
    assert registration.checked_in_at is None


def test_organiser_cancels_a_registration_and_the_first_waiting_moves_up(client, org, seminar):
    seminar.capacity = 1
    seminar.save()
    first, waiting = services.registration_create(event=seminar, participants=people(2))
    login(client, org.smo_editor)

    client.post(url("registration_cancel", seminar.pk, first.pk))

    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)


def test_certificates_issued_for_those_checked_in(client, org):
    event = EventFactory(
        organisers=[org.smo],
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() + dt.timedelta(hours=1),
        registration_closes_at=timezone.now() - dt.timedelta(hours=4),
        registration_opens_at=timezone.now() - dt.timedelta(days=10),
    )
    Registration.objects.bulk_create(
        [
            Registration(event=event, status=RegistrationStatus.CONFIRMED, first_name="Anna", last_name="Bílá", email="a@obec.example.cz"),
            Registration(event=event, status=RegistrationStatus.CONFIRMED, first_name="Eva", last_name="Černá", email="e@obec.example.cz"),
        ]
    )
    present = Registration.objects.get(email="a@obec.example.cz")
    login(client, org.smo_editor)
    client.post(url("check_in", event.pk, present.pk), {"present": "1"})

    response = client.post(url("certificates_issue", event.pk))

    year = timezone.localtime(event.starts_at, event.zone).year
    assert response.status_code == 302
    assert dict(Registration.objects.filter(event=event).values_list("email", "certificate_number")) == {
        "a@obec.example.cz": f"{year}/{event.pk}/001",
        "e@obec.example.cz": "",
    }
    page = client.get(url("registrations", event.pk))
    assert reverse("events:certificate", args=[present.pk]) in text(page)
    pdf = client.get(url("certificate", present.pk))
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")
    assert pdf["Content-Disposition"] == f'inline; filename="certificate-{year}-{event.pk}-001.pdf"'


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("csv", "text/csv; charset=utf-8"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")],
)
def test_export_downloads_the_participants(client, org, seminar, fmt, content_type):
    services.registration_create(event=seminar, participants=people(2))
    login(client, org.smo_editor)

    response = client.get(url("export", seminar.pk, fmt))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{seminar.slug}-participants.{fmt}"'
    assert len(response.content) > 0


def test_export_is_404_for_another_associations_editor(client, org, seminar):
    services.registration_create(event=seminar, participants=people(1))
    login(client, org.zgl_editor)

    assert client.get(url("export", seminar.pk, "csv")).status_code == 404


def test_certificate_is_404_for_another_associations_editor(client, org, seminar):
    registration = services.registration_create(event=seminar, participants=people(1))[0]
    Registration.objects.filter(pk=registration.pk).update(certificate_number="2026/1/001")
    login(client, org.zgl_editor)

    assert client.get(url("certificate", registration.pk)).status_code == 404


# --- Query guards ---------------------------------------------------------------------------------------


def test_event_list_query_count_does_not_grow_with_events(client, org, django_assert_num_queries):
    EventFactory(organisers=[org.smo])
    login(client, org.smo_editor)
    client.get(url("list"))  # warm the per-process caches (content types, site)
    with CaptureQueriesContext(connection) as one:
        client.get(url("list"))
    for _ in range(5):
        EventFactory(organisers=[org.smo, org.zgl])

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url("list"))
    assert len(response.context["rows"]) == 6


def test_registration_list_query_count_does_not_grow_with_registrations(client, org, seminar, django_assert_num_queries):
    seminar.capacity = 3
    seminar.save()
    services.registration_create(event=seminar, participants=people(1))
    login(client, org.smo_editor)
    client.get(url("registrations", seminar.pk))  # warm the per-process caches
    with CaptureQueriesContext(connection) as one:
        client.get(url("registrations", seminar.pk))
    services.registration_create(event=seminar, participants=people(6, start=1))

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url("registrations", seminar.pk))
    assert [row["waiting_position"] for row in response.context["rows"]] == [None, None, None, 1, 2, 3, 4]
