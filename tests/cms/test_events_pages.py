# ruff: noqa: F811  (pytest fixtures imported from tests/events/conftest.py are used as arguments)
"""The public face of events: the list with its tabs and filters, an event's page, registering one person
or a group through it, and the next events on the home page. Leak tests first create what could leak."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.enums import Audience, EventKind, EventStatus, Fee
from events.models import AgendaItem, Invitation, Registration
from events.services import Participant, registration_create
from positions.enums import PositionStatus
from tests.events.conftest import org  # noqa: F401 (the `org` fixture)
from tests.factories import EventFactory, LocalGovernmentFactory, PositionFactory, TopicFactory, published_position_make

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")


def _get(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context.captured_queries)


def _text(html: str) -> str:
    """The visible words of a page, spaces collapsed (tags dropped)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _form(people: list[dict], **invoice) -> dict:
    """The registration form's POST data for `people` (and invoice fields, if any)."""
    data = {"person-TOTAL_FORMS": str(len(people)), "person-INITIAL_FORMS": "0", "person-MIN_NUM_FORMS": "1", "person-MAX_NUM_FORMS": "20"}
    for index, fields in enumerate(people):
        for name, value in fields.items():
            data[f"person-{index}-{name}"] = value
    data.update({f"invoice-{name}": value for name, value in invoice.items()})
    return data


def colleague(number: int, **fields) -> dict:
    return {
        "first_name": f"Anna{number}",
        "last_name": f"Kowalska{number}",
        "email": f"anna{number}@bytnica.example.pl",
        "job_title": "inspektor",
        "unit": "Referat oświaty",
        **fields,
    }


@pytest.fixture
def pages(site_pages):
    return {language: site_pages[language]["events"] for language in ("pl", "cs", "en")}


@pytest.fixture
def calendar(org, pages):
    """Upcoming and past events of several kinds, and beside them what must not reach the public."""
    finance = TopicFactory(slug="finanse", name_pl="Finanse lokalne", name_cs="Místní finance", name_en="Local finance")
    seminar = EventFactory(
        title="Seminarium o budżecie gminy",
        slug="seminarium-budzet",
        organisers=[org.zgl],
        topic=finance,
        online_url="https://meet.example.org/tajne",
    )
    training = EventFactory(
        kind=EventKind.TRAINING,
        title="Školení: veřejné zakázky",
        slug="skoleni-zakazky",
        organisers=[org.smo],
        time_zone="Europe/Prague",
        language="cs",
        starts_at=timezone.localtime(timezone.now() + dt.timedelta(days=75), PRAGUE).replace(hour=9, minute=0, second=0, microsecond=0),
        ends_at=timezone.localtime(timezone.now() + dt.timedelta(days=75), PRAGUE).replace(hour=15, minute=30, second=0, microsecond=0),
        accreditation_number="AK/PV-123/2026",
        hours=6,
        fee=Fee.PAID,
        fee_amount=1200,
        fee_currency="CZK",
        vat_basis="osvobozeno od DPH",
        capacity=20,
        venue="Krajský úřad",
        address="U Jezu 642/2a, Liberec",
    )
    past = EventFactory(
        title="Konferencja o retencji",
        slug="konferencja-retencja",
        kind=EventKind.CONFERENCE,
        organisers=[org.zgl],
        starts_at=timezone.now() - dt.timedelta(days=40),
        ends_at=timezone.now() - dt.timedelta(days=40) + dt.timedelta(hours=6),
    )
    invited = EventFactory(title="Narada zamknięta dyrektorów", slug="narada-zamknieta", organisers=[org.zgl], audience=Audience.INVITED)
    Invitation.objects.create(event=invited, email="dyrektor@zgl.example.pl")
    draft = EventFactory(title="Szkic wydarzenia", slug="szkic", organisers=[org.zgl], status=EventStatus.DRAFT)
    return {"seminar": seminar, "training": training, "past": past, "invited": invited, "draft": draft, "topic": finance}


# --- The list ---------------------------------------------------------------------------------------------


def test_event_index_lists_upcoming_events_with_kind_time_place_organisers_and_places(client, org, pages, calendar):
    registration_create(
        event=calendar["training"], participants=[Participant(first_name="Jan", last_name="Novák", email="jan@obec.example.cz")]
    )

    text = _text(_get(client, pages["en"].url))

    assert "2 upcoming events" in text
    assert text.index("Seminarium o budżecie gminy") < text.index("Školení: veřejné zakázky")
    assert "Konferencja o retencji" not in text
    local = timezone.localtime(calendar["training"].starts_at, PRAGUE)
    assert f"Training Školení: veřejné zakázky {local:%-d %B %Y}, 09:00 – 15:30 (Prague time)" in text
    assert "Krajský úřad, U Jezu 642/2a, Liberec" in text
    assert "Organised by Svaz měst a obcí Libereckého kraje" in text
    assert "19 places left" in text
    assert "Urząd Marszałkowski, ul. Podgórna 7, 65-057 Zielona Góra · also online" in text
    assert "30 places left" in text


def test_event_index_past_tab_lists_past_events_only(client, pages, calendar):
    text = _text(_get(client, pages["en"].url + "?past=1"))

    assert "1 past event" in text
    assert "Konferencja o retencji" in text
    assert "Seminarium o budżecie gminy" not in text


def test_event_index_full_event_says_the_waiting_list_is_open(client, pages, calendar):
    seminar = calendar["seminar"]
    seminar.capacity = 1
    seminar.save()
    registration_create(event=seminar, participants=[Participant(first_name="Jan", last_name="Nowak", email="jan@gmina.example.pl")])

    assert "Full – waiting list open" in _text(_get(client, pages["en"].url))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=training", ["Školení: veřejné zakázky"]),
        ("topic=finanse", ["Seminarium o budżecie gminy"]),
        ("organiser=smo", ["Školení: veřejné zakázky"]),
        ("kind=seminar&organiser=smo", []),
        ("past=1&kind=conference", ["Konferencja o retencji"]),
    ],
)
def test_event_index_filters(client, pages, calendar, query, expected):
    html = _get(client, f"{pages['en'].url}?{query}")

    titles = re.findall(r'class="event-item__title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles == expected


def test_event_index_filters_by_month(client, pages, calendar):
    month = f"{timezone.localtime(calendar['training'].starts_at):%Y-%m}"

    html = _get(client, f"{pages['en'].url}?month={month}")

    assert re.findall(r'class="event-item__title"><a href="[^"]+">([^<]+)</a>', html) == ["Školení: veřejné zakázky"]
    assert f'<option value="{month}" selected>' in html


def test_event_index_unknown_filter_value_is_an_error_beside_its_field(client, pages, calendar):
    html = _get(client, f"{pages['en'].url}?kind=party&organiser=smo")

    assert "Select a valid choice. party is not one of the available choices." in html
    assert re.findall(r'class="event-item__title"><a href="[^"]+">([^<]+)</a>', html) == ["Školení: veřejné zakázky"]


def test_event_index_links_the_calendar_feeds(client, pages, calendar):
    html = _get(client, pages["en"].url + "?organiser=smo")

    assert '<link rel="alternate" type="text/calendar" title="All events (iCalendar)" href="/calendar/events.ics">' in html
    assert 'href="/calendar/smo.ics"' in html


def test_event_index_queries_do_not_grow_with_the_number_of_events(client, org, pages):
    EventFactory(organisers=[org.zgl])
    one = _queries(client, pages["pl"].url)
    for _ in range(6):
        EventFactory(organisers=[org.zgl, org.smo], topic=TopicFactory())

    assert _queries(client, pages["pl"].url) == one


def test_event_index_is_paginated(client, org, pages):
    for _ in range(21):
        EventFactory(organisers=[org.zgl])

    first, second = _text(_get(client, pages["en"].url)), _text(_get(client, pages["en"].url + "?page=2"))

    assert "21 upcoming events" in first and "Page 1 of 2" in first
    assert "Page 2 of 2" in second


# --- Leaks ------------------------------------------------------------------------------------------------


def test_invited_only_and_draft_events_are_hidden_from_anonymous_visitors(client, site_pages, pages, calendar):
    for url in (pages["pl"].url, pages["en"].url + "?past=1", site_pages["pl"]["home"].url):
        html = _get(client, url)
        assert "Narada zamknięta dyrektorów" not in html
        assert "Szkic wydarzenia" not in html
    _get(client, pages["pl"].url + "narada-zamknieta/", status=404)
    _get(client, pages["pl"].url + "szkic/", status=404)


def test_invited_only_event_is_hidden_from_an_outsider(client, org, pages, calendar):
    client.force_login(org.outsider)

    assert "Narada zamknięta dyrektorów" not in _get(client, pages["pl"].url)
    _get(client, pages["pl"].url + "narada-zamknieta/", status=404)


def test_invited_only_event_is_shown_to_the_people_of_member_associations(client, org, pages, calendar):
    client.force_login(org.zgl_staff)

    assert "Narada zamknięta dyrektorów" in _get(client, pages["pl"].url)
    html = _get(client, pages["en"].url + "narada-zamknieta/")
    assert "This event is by invitation: only invited e-mail addresses can be registered." in html


def test_public_pages_never_show_participants_or_the_online_link(client, site_pages, pages, calendar):
    registration_create(
        event=calendar["seminar"],
        participants=[Participant(first_name="Zofia", last_name="Tajemnicza", email="zofia.tajemnicza@gmina.example.pl")],
    )
    urls = [pages[language].url for language in ("pl", "cs", "en")] + [site_pages["pl"]["home"].url]
    urls += [pages["pl"].url + "seminarium-budzet/", pages["en"].url + "seminarium-budzet/", "/calendar/events.ics", "/calendar/zgl.ics"]
    for url in urls:
        html = _get(client, url)
        assert "Tajemnicza" not in html, url
        assert "zofia.tajemnicza" not in html, url
        assert "meet.example.org" not in html, url


# --- An event's page --------------------------------------------------------------------------------------


def test_event_page_shows_when_where_fee_accreditation_and_places(client, pages, calendar):
    text = _text(_get(client, pages["en"].url + "skoleni-zakazky/"))

    local = timezone.localtime(calendar["training"].starts_at, PRAGUE)
    assert f"{local:%-d %B %Y}, 09:00 – 15:30 (Prague time)" in text
    assert "Where Krajský úřad U Jezu 642/2a, Liberec" in text
    assert "Organised by Svaz měst a obcí Libereckého kraje" in text
    assert "Language Čeština" in text
    assert "Fee 1200.00 CZK (gross) VAT: osvobozeno od DPH" in text
    assert "Accreditation Accredited programme no. AK/PV-123/2026 6 hours of training" in text
    assert "Places 20 of 20 available" in text
    assert "Invoice details" in text


def test_event_page_says_online_without_the_link(client, pages, calendar):
    html = _get(client, pages["en"].url + "seminarium-budzet/")

    assert "Online: the link is sent to registered participants by e-mail." in _text(html)
    assert "meet.example.org" not in html
    assert '<link rel="alternate" type="text/calendar" title="All events (iCalendar)" href="/calendar/events.ics">' in html
    assert 'href="/calendar/zgl.ics"' in html


def test_past_federation_meeting_shows_agenda_minutes_and_positions_adopted(client, org, site_pages, pages):
    adopted = published_position_make(lead_association=org.zgl, reference_number=7, title="Stanowisko w sprawie subwencji")
    signing = PositionFactory(lead_association=org.zgl, status=PositionStatus.SIGNING, title="Stanowisko w sprawie retencji")
    meeting = EventFactory(
        kind=EventKind.BOARD_SITTING,
        title="Posiedzenie Zarządu Federacji",
        slug="posiedzenie-zarzadu",
        organisers=[org.ozs],
        term=org.term,
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3) + dt.timedelta(hours=5),
        minutes="Zarząd przyjął stanowisko w sprawie subwencji.",
    )
    AgendaItem.objects.create(event=meeting, order=1, title="Otwarcie posiedzenia")
    AgendaItem.objects.create(event=meeting, order=2, title="Przyjęcie stanowiska", position=adopted)
    AgendaItem.objects.create(event=meeting, order=3, title="Dyskusja o retencji", position=signing)
    meeting.positions_adopted.set([adopted])

    html = _get(client, pages["en"].url + "posiedzenie-zarzadu/")

    position_url = site_pages["en"]["positions"].url
    agenda = re.search(r'<ol class="agenda">(.*?)</ol>', html, re.S).group(1)
    assert _text(agenda) == ("Otwarcie posiedzenia Przyjęcie stanowiska – FT/2026/07 Stanowisko w sprawie subwencji Dyskusja o retencji")
    assert f'href="{position_url}{adopted.slug}/"' in agenda
    assert "Stanowisko w sprawie retencji" not in html
    assert "Minutes Zarząd przyjął stanowisko w sprawie subwencji." in _text(html)
    assert "Positions adopted FT/2026/07 Stanowisko w sprawie subwencji" in _text(html)
    assert 'id="registration"' not in html


def test_cancelled_event_page_says_so_without_a_form(client, pages, calendar):
    seminar = calendar["seminar"]
    seminar.status = EventStatus.CANCELLED
    seminar.save()

    html = _get(client, pages["en"].url + "seminarium-budzet/")

    assert "This event has been cancelled; registration is closed." in _text(html)
    assert 'class="registration-form' not in html


def test_event_page_with_a_closed_window_shows_why_without_a_form(client, pages, calendar):
    seminar = calendar["seminar"]
    seminar.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    seminar.save()

    html = _get(client, pages["en"].url + "seminarium-budzet/")

    closes = timezone.localtime(seminar.registration_closes_at)
    assert f"Registration closed on {closes:%d/%m/%Y %H:%M}." in _text(html)
    assert 'class="registration-form' not in html


def test_event_page_not_yet_open_says_when_it_opens(client, pages, calendar):
    seminar = calendar["seminar"]
    seminar.registration_opens_at = timezone.now() + dt.timedelta(days=2)
    seminar.save()

    html = _get(client, pages["en"].url + "seminarium-budzet/")

    assert f"Registration opens on {timezone.localtime(seminar.registration_opens_at):%d/%m/%Y %H:%M}." in _text(html)
    assert 'class="registration-form' not in html


def test_full_event_page_offers_the_waiting_list(client, pages, calendar):
    seminar = calendar["seminar"]
    seminar.capacity = 1
    seminar.save()
    registration_create(event=seminar, participants=[Participant(first_name="Jan", last_name="Nowak", email="jan@gmina.example.pl")])

    text = _text(_get(client, pages["en"].url + "seminarium-budzet/"))

    assert "All places are taken. You can still register: you will be put on the waiting list" in text
    assert "Join the waiting list" in text
    assert "Places Full – waiting list open" in text


def test_event_page_works_in_every_language(client, pages, calendar):
    for language in ("pl", "cs", "en"):
        assert "Seminarium o budżecie gminy" in _get(client, pages[language].url + "seminarium-budzet/")


def test_event_page_asks_for_the_number_of_rows(client, pages, calendar):
    html = _get(client, pages["en"].url + "seminarium-budzet/?people=4")

    assert html.count('<fieldset class="person"') == 4
    assert 'name="person-TOTAL_FORMS" value="4"' in html


# --- Registering through the page -------------------------------------------------------------------------


def test_registering_one_person_confirms_them_and_shows_the_result(client, pages, calendar):
    response = client.post(pages["en"].url + "seminarium-budzet/", _form([colleague(1)]), follow=True)

    assert response.redirect_chain == [(pages["en"].url + "seminarium-budzet/registered/#results", 302)]
    registration = Registration.objects.get()
    assert (registration.status, registration.email, registration.job_title) == ("confirmed", "anna1@bytnica.example.pl", "inspektor")
    text = _text(response.content.decode())
    assert "Anna1 Kowalska1 anna1@bytnica.example.pl confirmed" in text


def test_registering_a_group_over_capacity_puts_the_rest_on_the_waiting_list(client, pages, calendar):
    seminar = calendar["seminar"]
    seminar.capacity = 2
    seminar.save()

    response = client.post(pages["en"].url + "seminarium-budzet/", _form([colleague(n) for n in range(1, 5)]), follow=True)

    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == ["confirmed", "confirmed", "waiting", "waiting"]
    rows = [_text(row) for row in re.findall(r"<tr class=\"registration-results__row.*?</tr>", response.content.decode(), re.S)]
    assert rows == [
        "Anna1 Kowalska1 anna1@bytnica.example.pl confirmed",
        "Anna2 Kowalska2 anna2@bytnica.example.pl confirmed",
        "Anna3 Kowalska3 anna3@bytnica.example.pl waiting list, position 1",
        "Anna4 Kowalska4 anna4@bytnica.example.pl waiting list, position 2",
    ]


def test_registering_leaves_empty_extra_rows_out(client, pages, calendar):
    data = _form([colleague(1), {"first_name": "", "last_name": "", "email": ""}, colleague(2)])

    client.post(pages["en"].url + "seminarium-budzet/", data)

    assert list(Registration.objects.order_by("pk").values_list("first_name", flat=True)) == ["Anna1", "Anna2"]


def test_registering_an_address_already_registered_keeps_the_input_and_says_why(client, pages, calendar):
    registration_create(
        event=calendar["seminar"], participants=[Participant(first_name="A", last_name="B", email="anna2@bytnica.example.pl")]
    )

    response = client.post(pages["en"].url + "seminarium-budzet/", _form([colleague(1), colleague(2)]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Participant 2: anna2@bytnica.example.pl is already registered for this event." in _text(html)
    assert 'value="anna1@bytnica.example.pl"' in html and 'value="Kowalska2"' in html
    assert Registration.objects.count() == 1


def test_registering_the_same_address_twice_in_one_form_is_said_beside_the_second(client, pages, calendar):
    response = client.post(pages["en"].url + "seminarium-budzet/", _form([colleague(1), colleague(2, email="anna1@bytnica.example.pl")]))

    html = response.content.decode()
    assert "Person 2: E-mail: This address is already given above; each person needs their own." in _text(html)
    assert Registration.objects.count() == 0


def test_registering_a_malformed_address_keeps_the_input_and_says_why(client, pages, calendar):
    response = client.post(pages["en"].url + "seminarium-budzet/", _form([colleague(1, email="anna(at)bytnica")]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "The registration could not be made:" in _text(html)
    assert "Person 1: E-mail: Enter a valid email address." in _text(html)
    assert 'value="anna(at)bytnica"' in html and 'value="Referat oświaty"' in html
    assert 'aria-invalid="true"' in html
    assert Registration.objects.count() == 0


def test_registering_after_the_window_closed_keeps_the_input_and_says_why(client, pages, calendar):
    seminar = calendar["seminar"]
    url = pages["en"].url + "seminarium-budzet/"
    seminar.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    seminar.save()

    response = client.post(url, _form([colleague(1)]))

    html = response.content.decode()
    closes = timezone.localtime(seminar.registration_closes_at)
    assert f"Registration closed on {closes:%d/%m/%Y %H:%M}." in _text(html)
    assert 'value="Anna1"' in html
    assert Registration.objects.count() == 0


def test_registering_for_a_paid_event_keeps_invoice_data_and_checks_the_nip(client, pages, calendar):
    url = pages["en"].url + "skoleni-zakazky/"
    invoice = {"buyer_name": "Gmina Bytnica", "buyer_nip": "525-224-84-80", "recipient_name": "Urząd Gminy Bytnica"}

    refused = client.post(url, _form([colleague(1)], **invoice))

    html = refused.content.decode()
    assert "Buyer&#x27;s NIP: This NIP number&#x27;s check digit does not match; please check it for a typing error." in html
    assert 'value="Urząd Gminy Bytnica"' in html
    client.post(url, _form([colleague(1)], **{**invoice, "buyer_nip": "5252248481"}))
    registration = Registration.objects.get()
    assert (registration.buyer_name, registration.buyer_nip, registration.recipient_name) == (
        "Gmina Bytnica",
        "5252248481",
        "Urząd Gminy Bytnica",
    )


def test_members_only_event_needs_an_association_or_local_government_for_each_person(client, org, pages, calendar):
    seminar = calendar["seminar"]
    seminar.audience = Audience.MEMBERS
    seminar.save()
    url = pages["en"].url + "seminarium-budzet/"
    outsider_gmina = LocalGovernmentFactory(name="Gmina Spoza")

    not_member = _text(client.post(url, _form([colleague(1, local_government=f"Gmina Spoza ({outsider_gmina.code})")])).content.decode())
    unaffiliated = _text(client.post(url, _form([colleague(1)])).content.decode())
    client.post(url, _form([colleague(1, local_government=f"Gmina Bytnica ({org.gmina.code})"), colleague(2, association=str(org.zgl.pk))]))

    assert (
        f"Person 1: Member local government: “Gmina Spoza ({outsider_gmina.code})” is not a member local government; choose one from the list."
        in not_member
    )
    assert (
        "Person 1: Participant 1: this event is for staff of member associations and their local governments; choose which." in unaffiliated
    )
    assert unaffiliated.count("this event is for staff of member associations") == 2  # in the summary and in the person's row
    assert list(Registration.objects.order_by("pk").values_list("email", "local_government", "association")) == [
        ("anna1@bytnica.example.pl", org.gmina.pk, None),
        ("anna2@bytnica.example.pl", None, org.zgl.pk),
    ]


def test_member_local_government_can_be_given_by_its_code_alone(client, org, pages, calendar):
    client.post(pages["en"].url + "seminarium-budzet/", _form([colleague(1, local_government=org.gmina.code)]))

    assert Registration.objects.get().local_government == org.gmina


def test_member_local_governments_are_offered_in_the_form(client, org, pages, calendar):
    LocalGovernmentFactory(name="Gmina Spoza")

    html = _get(client, pages["en"].url + "seminarium-budzet/")

    assert f'<option value="Gmina Bytnica ({org.gmina.code})"></option>' in html
    assert "Gmina Spoza" not in html


def test_a_large_federation_s_form_asks_the_api_for_local_governments_instead_of_listing_them(client, org, pages, calendar, monkeypatch):
    monkeypatch.setattr("cms.models.LOCAL_GOVERNMENT_OPTIONS_INLINE", 0)

    html = _get(client, pages["en"].url + "seminarium-budzet/")

    assert '<datalist id="member-local-governments" data-lookup="/api/v1/local-governments">' in html
    assert "cms/js/local-government-lookup" in html
    assert f"Gmina Bytnica ({org.gmina.code})" not in html


def test_invited_only_event_registers_invited_addresses_only(client, org, pages, calendar):
    client.force_login(org.zgl_staff)
    url = pages["en"].url + "narada-zamknieta/"

    refused = client.post(url, _form([colleague(1)]))

    assert "This event is by invitation only; not invited: anna1@bytnica.example.pl." in _text(refused.content.decode())
    client.post(url, _form([colleague(1, email="dyrektor@zgl.example.pl")]))
    assert Registration.objects.get().email == "dyrektor@zgl.example.pl"


def test_results_page_without_a_registration_goes_back_to_the_event(client, pages, calendar):
    response = client.get(pages["en"].url + "seminarium-budzet/registered/")

    assert (response.status_code, response["Location"]) == (302, pages["en"].url + "seminarium-budzet/")


# --- The home page ----------------------------------------------------------------------------------------


def test_home_page_shows_the_next_three_events(client, org, site_pages, pages):
    for days in (30, 5, 12, 20):
        EventFactory(
            title=f"Szkolenie za {days} dni",
            organisers=[org.zgl],
            starts_at=timezone.now() + dt.timedelta(days=days),
            ends_at=timezone.now() + dt.timedelta(days=days, hours=3),
        )

    html = _get(client, site_pages["en"]["home"].url)

    titles = re.findall(r'class="event-item__title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles == ["Szkolenie za 5 dni", "Szkolenie za 12 dni", "Szkolenie za 20 dni"]
    assert f'href="{pages["en"].url}"' in html


def test_home_page_without_events_has_no_events_section(client, site_pages, pages):
    assert "Next events" not in _get(client, site_pages["en"]["home"].url)


def test_registering_while_signed_in_records_who_registered(org, pages, calendar):
    client = Client()
    client.force_login(org.zgl_staff)

    client.post(pages["pl"].url + "seminarium-budzet/", _form([colleague(1), colleague(2)]))

    assert list(Registration.objects.values_list("registered_by", "status")) == [(org.zgl_staff.pk, "confirmed")] * 2


def test_sitemap_lists_public_event_pages_only(client, pages, calendar):
    xml = _get(client, "/sitemap.xml")

    assert f"http://localhost{pages['pl'].url}seminarium-budzet/</loc>" in xml
    assert f"http://localhost{pages['en'].url}skoleni-zakazky/</loc>" in xml
    assert "narada-zamknieta" not in xml
    assert "/szkic/" not in xml
