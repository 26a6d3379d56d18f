import datetime as dt
from types import SimpleNamespace

import pytest

from tests.factories import AssociationFactory, TermFactory

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


@pytest.fixture
def handover_7_july(members):
    """ZGL presides to 6 July 2026, OZS from 7 July to 31 December, SMO from 1 January 2027."""
    return (
        TermFactory(association=members.zgl, starts_on=D(2026, 1, 1), ends_on=D(2026, 7, 6)),
        TermFactory(association=members.ozs, starts_on=D(2026, 7, 7), ends_on=D(2026, 12, 31)),
        TermFactory(association=members.smo, starts_on=D(2027, 1, 1), ends_on=D(2027, 6, 30)),
    )
