import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from members.enums import RoleKind
from members.services import role_grant
from tests.factories import AssociationFactory, PositionFactory, TermFactory, UserFactory

D = dt.date


def person(association, kind, username, *, title=""):
    """A user holding `kind` in `association`, granted through the service (so permissions are real)."""
    user = UserFactory(username=username)
    role_grant(user=user, association=association, kind=kind, title=title, starts_on=D(2020, 1, 1))
    return user


@pytest.fixture
def fed(db):
    """Four member associations; ZGL leads drafting, OZS presides today; each has an editor and a
    signatory (its president), ZGL also a staff member; plus an outsider with no role anywhere."""
    today = timezone.localdate()
    zgl = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl", joined_on=D(2013, 10, 29))
    ozs = AssociationFactory(name="Opolski Związek Samorządów", short_name="OZS", slug="ozs", joined_on=D(2014, 5, 1))
    smo = AssociationFactory(
        name="Svaz měst a obcí Libereckého kraje",
        short_name="SMO",
        slug="smo",
        joined_on=D(2015, 3, 1),
        country="CZ",
        region="Liberecký kraj",
    )
    zgp = AssociationFactory(name="Związek Gmin Pomorskich", short_name="ZGP", slug="zgp", joined_on=D(2019, 1, 1))
    TermFactory(association=ozs, starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=150))
    people = SimpleNamespace(
        zgl_editor=person(zgl, RoleKind.EDITOR, "zgl.redaktor"),
        zgl_staff=person(zgl, RoleKind.STAFF, "zgl.pracownik"),
        zgl_signatory=person(zgl, RoleKind.SIGNATORY, "zgl.prezes", title="Prezes Zarządu"),
        ozs_editor=person(ozs, RoleKind.EDITOR, "ozs.redaktor"),
        ozs_admin=person(ozs, RoleKind.ADMINISTRATOR, "ozs.admin"),
        ozs_signatory=person(ozs, RoleKind.SIGNATORY, "ozs.prezes", title="Przewodniczący Zarządu"),
        smo_editor=person(smo, RoleKind.EDITOR, "smo.redaktor"),
        smo_signatory=person(smo, RoleKind.SIGNATORY, "smo.predseda", title="Předseda"),
        zgp_editor=person(zgp, RoleKind.EDITOR, "zgp.redaktor"),
        zgp_signatory=person(zgp, RoleKind.SIGNATORY, "zgp.prezes", title="Prezes Zarządu"),
        outsider=UserFactory(username="outsider"),
    )
    return SimpleNamespace(zgl=zgl, ozs=ozs, smo=smo, zgp=zgp, all=[zgl, ozs, smo, zgp], people=people, today=today)


@pytest.fixture
def draft(fed):
    """A draft position led by ZGL, with OZS co-drafting."""
    position = PositionFactory(lead_association=fed.zgl)
    position.co_drafters.add(fed.ozs)
    return position
