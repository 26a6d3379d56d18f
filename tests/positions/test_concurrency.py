"""Many people acting at once, with real parallel database connections (SQLite file or PostgreSQL: CI
runs the suite on both)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from federation.activity import chain_verify
from members.enums import RoleKind
from members.services import role_grant
from positions import services
from positions.enums import Decision, PositionStatus
from positions.models import Position, PositionVersion, Signature
from tests.factories import AssociationFactory, PositionFactory, TermFactory, UserFactory

ASSOCIATIONS = 20
SIGNATORIES_EACH = 3


def _run_at_once(actions):
    """Start every action in its own thread and connection at the same moment; collect the outcomes."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            with translation.override("en"):
                outcomes[index] = ("ok", action())
        except ValidationError as error:
            with translation.override("en"):
                outcomes[index] = ("refused", error.messages[0])
        except Exception as error:  # anything else is a failure of the service, shown in the assertion
            outcomes[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_sixty_signatories_signing_at_once_give_one_signature_per_association():
    today = timezone.localdate()
    associations = [AssociationFactory(short_name=f"A{index:02d}") for index in range(ASSOCIATIONS)]
    presiding_admin = UserFactory()
    role_grant(user=presiding_admin, association=associations[0], kind=RoleKind.ADMINISTRATOR, starts_on=dt.date(2020, 1, 1))
    TermFactory(association=associations[0], starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=100))
    lead_editor = UserFactory()
    role_grant(user=lead_editor, association=associations[1], kind=RoleKind.EDITOR, starts_on=dt.date(2020, 1, 1))
    position = PositionFactory(lead_association=associations[1])
    services.position_transition(position=position, to=PositionStatus.FINAL, by=lead_editor)
    services.position_transition(
        position=position, to=PositionStatus.SIGNING, by=presiding_admin, signing_deadline=today + dt.timedelta(days=7)
    )
    sha256 = PositionVersion.objects.get(pk=position.current_version_id).sha256
    signatories = []
    for association in associations:
        for number in range(SIGNATORIES_EACH):
            user = UserFactory(username=f"{association.short_name.lower()}.signatory{number}")
            role_grant(user=user, association=association, kind=RoleKind.SIGNATORY, starts_on=dt.date(2020, 1, 1))
            signatories.append((association, user))

    def sign(association, user):
        return lambda: (
            services.signature_record(
                position=Position.objects.get(pk=position.pk),
                association=association,
                decision=Decision.SIGNED,
                by=user,
                text_sha256=sha256,
            ).pk
        )

    outcomes = _run_at_once([sign(association, user) for association, user in signatories])

    assert [kind for kind, _detail in outcomes if kind == "error"] == []
    assert sum(1 for kind, _detail in outcomes if kind == "ok") == ASSOCIATIONS
    refusals = [detail for kind, detail in outcomes if kind == "refused"]
    assert len(refusals) == ASSOCIATIONS * (SIGNATORIES_EACH - 1)
    assert all(" already decided on this text: " in message for message in refusals)
    assert Signature.objects.filter(position=position).count() == ASSOCIATIONS
    assert sorted(Signature.objects.values_list("association_id", flat=True)) == sorted(a.pk for a in associations)
    # Sixty writers appending to the activity log at once leave one unbroken chain.
    assert chain_verify() == []


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_once_one_version_and_one_conflict():
    editors = [UserFactory(), UserFactory()]
    lead = AssociationFactory()
    for editor in editors:
        role_grant(user=editor, association=lead, kind=RoleKind.EDITOR, starts_on=dt.date(2020, 1, 1))
    position = PositionFactory(lead_association=lead)

    def save(editor, wording):
        return lambda: (
            services.version_save(
                position=Position.objects.get(pk=position.pk),
                base_number=1,
                title=position.title,
                points=[{"text": wording, "subpoints": []}],
                by=editor,
            ).number
        )

    outcomes = _run_at_once([save(editors[0], "Wersja pierwsza."), save(editors[1], "Wersja druga.")])

    assert sorted(kind for kind, _detail in outcomes) == ["ok", "refused"]
    assert [detail for kind, detail in outcomes if kind == "ok"] == [2]
    assert " saved version 2 at " in next(detail for kind, detail in outcomes if kind == "refused")
    assert PositionVersion.objects.filter(position=position).count() == 2
