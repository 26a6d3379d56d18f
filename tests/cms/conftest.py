import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AssociationFactory, LocalGovernmentMembershipFactory, TermFactory, TopicFactory


@pytest.fixture
def federation(site_pages):
    """A small federation around today: a presiding association, the next one, a past term, members."""
    today = timezone.localdate()
    presiding = AssociationFactory(name="Związek Gmin Lubuskich", short_name="ZGL", slug="zgl")
    following = AssociationFactory(name="Opolski Związek Samorządów", short_name="OZS", slug="ozs")
    TopicFactory(name_pl="Transport publiczny", name_cs="Veřejná doprava", name_en="Public transport", lead_association=presiding)
    LocalGovernmentMembershipFactory(association=presiding, local_government__name="Gmina Bytnica")
    past = TermFactory(association=following, starts_on=today - dt.timedelta(days=200), ends_on=today - dt.timedelta(days=11))
    current = TermFactory(association=presiding, starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=20))
    upcoming = TermFactory(association=following, starts_on=today + dt.timedelta(days=21), ends_on=today + dt.timedelta(days=200))
    return {"presiding": presiding, "following": following, "past": past, "current": current, "upcoming": upcoming, "pages": site_pages}
