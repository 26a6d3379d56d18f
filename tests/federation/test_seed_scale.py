"""`manage.py seed_scale` builds the measurement federation: exact counts at a small size, one decision per
association and text, terms that never overlap, and the search index filled for the new records."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from events.models import Event, Registration
from members.models import Association, LocalGovernment, LocalGovernmentMembership
from positions.enums import PositionStatus
from positions.models import Position, Signature
from positions.selectors import position_search_public
from presidency.models import Term


def _seed(**sizes) -> str:
    out = StringIO()
    options = {"associations": 12, "local_governments": 300, "positions": 40, "max_signatures": 10, "events": 8, "registrations": 80}
    call_command("seed_scale", stdout=out, **{**options, **sizes})
    return out.getvalue()


@pytest.mark.django_db
def test_seed_scale_builds_the_requested_sizes():
    output = _seed()
    assert (Association.objects.count(), LocalGovernment.objects.count(), LocalGovernmentMembership.objects.count()) == (12, 300, 300)
    assert Position.objects.count() == 40
    assert Position.objects.filter(status=PositionStatus.PUBLISHED).count() == 38  # one in twenty stays a draft
    assert (Event.objects.count(), Registration.objects.count()) == (8, 80)
    assert Term.objects.count() == 26  # ten years back and two ahead, half-year terms
    assert "done" in output.splitlines()[-1]


@pytest.mark.django_db
def test_seed_scale_keeps_the_invariants():
    _seed()
    per_position = Signature.objects.values("position").annotate(n=Count("pk")).values_list("n", flat=True)
    assert max(per_position) <= 10
    assert not Signature.objects.exclude(position__status=PositionStatus.PUBLISHED).exists()
    assert not Signature.objects.values("version", "association").annotate(n=Count("pk")).filter(n__gt=1).exists()
    terms = list(Term.objects.order_by("starts_on"))
    assert all(earlier.ends_on < later.starts_on for earlier, later in zip(terms, terms[1:], strict=False))
    assert all(position.current_version.sha256 for position in Position.objects.select_related("current_version"))


@pytest.mark.django_db
def test_seed_scale_fills_the_search_index():
    _seed()
    found = position_search_public(query="stanowiska")
    assert len(found) == 38


@pytest.mark.django_db
def test_seed_scale_refuses_a_database_that_holds_a_federation():
    _seed()
    with pytest.raises(CommandError, match="already holds a federation"):
        _seed()
