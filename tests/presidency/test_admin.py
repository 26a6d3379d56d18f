"""The presidency schedule in the Wagtail admin."""

import datetime as dt

import pytest

from presidency.models import Term
from tests.factories import AssociationFactory, TermFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_overlapping_term_is_refused_with_message(client, secretariat):
    first = AssociationFactory(short_name="ZGL", name="Związek Gmin Lubuskich")
    second = AssociationFactory()
    TermFactory(association=first, starts_on=dt.date(2030, 1, 1), ends_on=dt.date(2030, 6, 30))
    response = client.post(
        "/admin/presidency/terms/new/",
        {
            "association": second.pk,
            "starts_on": "2030-06-01",
            "ends_on": "2030-12-31",
            "programme": "Mój program",
            "priorities": "",
            "handover_note": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Podane daty nakładają się na kadencję organizacji Związek Gmin Lubuskich" in html
    assert "Mój program" in html
    assert Term.objects.count() == 1


def test_admin_edit_moves_handover_and_shortens_previous_term(client, secretariat):
    outgoing = TermFactory(starts_on=dt.date(2030, 1, 1), ends_on=dt.date(2030, 6, 30))
    incoming = TermFactory(starts_on=dt.date(2030, 7, 1), ends_on=dt.date(2030, 12, 31))
    response = client.post(
        f"/admin/presidency/terms/edit/{incoming.pk}/",
        {"starts_on": "2030-07-07", "programme": "Program", "priorities": "Jeden\nDwa", "handover_note": ""},
    )
    assert response.status_code == 302
    outgoing.refresh_from_db()
    incoming.refresh_from_db()
    assert (outgoing.ends_on, incoming.starts_on, incoming.ends_on) == (dt.date(2030, 7, 6), dt.date(2030, 7, 7), dt.date(2030, 12, 31))
    assert incoming.priority_list == ["Jeden", "Dwa"]


def test_admin_schedule_preview_then_apply(client, secretariat, today):
    first = AssociationFactory(short_name="AAA", joined_on=dt.date(2013, 1, 1))
    second = AssociationFactory(short_name="BBB", joined_on=dt.date(2014, 1, 1))
    TermFactory(association=first, starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=10))
    response = client.post("/admin/presidency/schedule/", {"count": "2", "preview": "1"})
    assert response.status_code == 200
    assert second.name in response.content.decode()
    assert Term.objects.count() == 1
    response = client.post("/admin/presidency/schedule/", {"count": "2", "apply": "1"})
    assert response.status_code == 302
    planned = list(Term.objects.filter(starts_on__gt=today).values_list("association__short_name", flat=True))
    assert planned == ["BBB", "AAA"]


def test_admin_schedule_is_refused_to_non_secretariat(client):
    client.force_login(UserFactory(username="staffer", is_staff=True, is_superuser=False))
    assert client.get("/admin/presidency/schedule/").status_code in (302, 403)


def test_admin_secretariat_cannot_delete_a_term(client, secretariat):
    term = TermFactory(starts_on=dt.date(2030, 1, 1), ends_on=dt.date(2030, 6, 30))
    response = client.post(f"/admin/presidency/terms/delete/{term.pk}/")
    assert response.status_code in (302, 403)
    assert Term.objects.filter(pk=term.pk).exists()
