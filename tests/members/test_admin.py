"""The secretariat keeps member records in the Wagtail admin; saves go through the services."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from federation.models import ActivityLogEntry
from members.enums import RoleKind
from members.models import Association, Role
from members.permissions import SECRETARIAT_GROUP, can_act_as_editor
from tests.factories import AssociationFactory, UserFactory

pytestmark = pytest.mark.django_db

ASSOCIATION_FORM = {
    "name": "Związek Gmin Lubuskich",
    "short_name": "ZGL",
    "slug": "zgl",
    "legal_form": "union",
    "country": "PL",
    "region": "lubuskie",
    "krs": "0000339564",
    "regon": "260181595",
    "nip": "194-127-72-43",
    "ico": "",
    "joined_on": "2013-10-29",
}


def test_admin_login_with_password_asks_for_the_second_factor_before_the_dashboard(client):
    user = UserFactory(username="sekretariat", is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    response = client.post("/admin/login/", {"username": "sekretariat", "password": "correct-horse-battery"}, follow=True)
    assert response.status_code == 200
    assert [address for address, _status in response.redirect_chain] == ["/admin/", "/accounts/two-factor/?next=/admin/"]
    assert response.wsgi_request.user == user


def test_admin_association_with_bad_nip_keeps_input_and_explains(client, secretariat):
    response = client.post("/admin/members/associations/new/", {**ASSOCIATION_FORM, "nip": "194-127-72-44"})
    assert response.status_code == 200
    html = response.content.decode()
    # The admin speaks the secretariat's language: Polish by default.
    assert "Cyfra kontrolna numeru NIP się nie zgadza" in html
    assert 'value="194-127-72-44"' in html
    assert 'value="Związek Gmin Lubuskich"' in html
    assert not Association.objects.exists()


def test_admin_association_saved_through_service_with_digits_only(client, secretariat):
    response = client.post("/admin/members/associations/new/", ASSOCIATION_FORM)
    assert response.status_code == 302
    association = Association.objects.get(slug="zgl")
    assert association.nip == "1941277243"
    assert (
        ActivityLogEntry.objects.filter(action="members.association.created", object_id=str(association.pk), actor=secretariat).count() == 1
    )


def test_admin_role_grant_and_end_change_permissions(client, secretariat):
    association = AssociationFactory()
    person = UserFactory()
    response = client.post(
        "/admin/members/roles/new/",
        {"user": person.pk, "association": association.pk, "kind": RoleKind.EDITOR, "title": "Radca prawny", "starts_on": "2024-01-01"},
    )
    assert response.status_code == 302
    role = Role.objects.get(user=person)
    assert role.granted_by == secretariat
    person = type(person).objects.get(pk=person.pk)
    assert can_act_as_editor(person, association)

    response = client.post(f"/admin/members/roles/edit/{role.pk}/", {"ends_on": dt.date.today().isoformat()})
    assert response.status_code == 302
    person = type(person).objects.get(pk=person.pk)
    assert not can_act_as_editor(person, association)


def test_admin_role_in_future_is_refused_with_message(client, secretariat):
    association = AssociationFactory()
    person = UserFactory()
    response = client.post(
        "/admin/members/roles/new/",
        {"user": person.pk, "association": association.pk, "kind": RoleKind.EDITOR, "title": "", "starts_on": "2099-01-01"},
    )
    assert response.status_code == 200
    assert "Data rozpoczęcia roli nie może być późniejsza niż dzisiejsza" in response.content.decode()
    assert not Role.objects.exists()


def test_admin_is_closed_to_association_people_without_admin_access(client):
    client.force_login(UserFactory(username="redaktor"))
    response = client.get("/admin/members/associations/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
