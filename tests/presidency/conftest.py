import datetime as dt
from types import SimpleNamespace

import pytest

from tests.factories import AssociationFactory

D = dt.date


@pytest.fixture
def members(db):
    """Four members whose order of accession (ZGL, OZS, SMO, ZGP) differs from the order of their names."""
    return SimpleNamespace(
        zgl=AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl", joined_on=D(2013, 10, 29)),
        ozs=AssociationFactory(name="Opolski Związek Samorządów", short_name="OZS", slug="ozs", joined_on=D(2014, 5, 1)),
        smo=AssociationFactory(name="Svaz měst a obcí Libereckého kraje", short_name="SMO", slug="smo", joined_on=D(2015, 3, 1)),
        zgp=AssociationFactory(name="Związek Gmin Pomorskich", short_name="ZGP", slug="zgp", joined_on=D(2019, 1, 1)),
    )
