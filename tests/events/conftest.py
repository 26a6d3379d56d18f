import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from members.enums import RoleKind
from members.services import role_grant
from tests.factories import (
    AssociationFactory,
    EventFactory,
    LocalGovernmentFactory,
    LocalGovernmentMembershipFactory,
    TermFactory,
    UserFactory,
)

D = dt.date


def person(association, kind, username):
    user = UserFactory(username=username)
    role_grant(user=user, association=association, kind=kind, starts_on=D(2020, 1, 1))
    return user


@pytest.fixture
def org(db):
    """SMO (Czech) organises trainings; ZGL is another member; OZS presides today. A member gmina of ZGL."""
    today = timezone.localdate()
    zgl = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl")
    ozs = AssociationFactory(name="Opolski Związek Samorządów", short_name="OZS", slug="ozs")
    smo = AssociationFactory(name="Svaz měst a obcí Libereckého kraje", short_name="SMO", slug="smo", country="CZ", region="Liberecký kraj")
    term = TermFactory(association=ozs, starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=150))
    gmina = LocalGovernmentFactory(name="Gmina Bytnica")
    LocalGovernmentMembershipFactory(local_government=gmina, association=zgl)
    return SimpleNamespace(
        zgl=zgl,
        ozs=ozs,
        smo=smo,
        term=term,
        gmina=gmina,
        smo_editor=person(smo, RoleKind.EDITOR, "smo.redaktor"),
        zgl_editor=person(zgl, RoleKind.EDITOR, "zgl.redaktor"),
        zgl_staff=person(zgl, RoleKind.STAFF, "zgl.pracownik"),
        ozs_admin=person(ozs, RoleKind.ADMINISTRATOR, "ozs.admin"),
        outsider=UserFactory(username="outsider"),
        today=today,
    )


@pytest.fixture
def seminar(org):
    return EventFactory(organisers=[org.smo])
