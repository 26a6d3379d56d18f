import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.models import HomePage, NewsPage
from members.enums import RoleKind
from members.models import Association, LocalGovernmentMembership, Role
from presidency.models import Term, Trio
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
    assert Term.objects.filter(ends_on__lt=today, starts_on__lt=today.replace(year=today.year - 2)).exists()
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
