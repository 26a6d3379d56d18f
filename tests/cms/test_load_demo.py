import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.models import HomePage, NewsPage
from members.enums import RoleKind
from members.models import Association, LocalGovernmentMembership, Role
from presidency.models import RotationPlace, Term, Trio
from presidency.selectors import term_next, term_on


@pytest.mark.django_db
def test_load_demo_builds_a_federation_and_is_safe_to_rerun(capsys):
    call_command("load_demo")
    today = timezone.localdate()
    current = term_on(at=today)
    assert current is not None and term_next(at=today) is not None
    assert Association.objects.filter(left_on__isnull=True).count() == 8
    assert Association.objects.filter(left_on__isnull=False).count() == 1
    assert Term.objects.filter(starts_on__gt=today).count() == 4
    assert Term.objects.order_by("starts_on").first().starts_on <= today.replace(year=today.year - 3)
    # The planned terms continue the agreed rotation from the current term's association.
    order = list(RotationPlace.objects.values_list("association__short_name", flat=True))
    planned = list(Term.objects.filter(starts_on__gt=today).values_list("association__short_name", flat=True))
    start = order.index(current.association.short_name)
    assert planned == [order[(start + step) % len(order)] for step in range(1, 5)]
    assert Trio.objects.exists()
    assert {kind for kind in Role.objects.values_list("kind", flat=True)} == set(RoleKind.values)
    assert LocalGovernmentMembership.objects.count() >= 100
    assert HomePage.objects.count() == 3
    assert NewsPage.objects.count() == 12
    first_output = capsys.readouterr().out
    assert "demo-federacja-2026" in first_output and "zgl.redaktor" in first_output

    counts = (Association.objects.count(), Term.objects.count(), NewsPage.objects.count())
    call_command("load_demo")
    assert "already loaded" in capsys.readouterr().out
    assert (Association.objects.count(), Term.objects.count(), NewsPage.objects.count()) == counts
