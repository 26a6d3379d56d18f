"""The activity log as an append-only hash chain: what each entry hashes, what the database refuses, what
`chain_verify` and `manage.py verify_integrity` report, and the sign-ins and signatures logged with the
address they came from."""

import datetime as dt
import hashlib
import json
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from federation.activity import GENESIS_HASH, ChainProblem, chain_verify, entry_digest, log_action
from federation.models import ActivityLogEntry
from federation.request_context import using_source_address
from members.enums import RoleKind
from members.services import role_grant
from positions import services
from positions.enums import Decision, PositionStatus
from positions.models import PositionVersion
from positions.selectors import SignedTextProblem, signed_texts_verify
from tests.factories import AssociationFactory, PositionFactory, TermFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


def chain() -> list[tuple[int, str, str]]:
    return list(ActivityLogEntry.objects.order_by("sequence").values_list("sequence", "previous_hash", "entry_hash"))


def problems(found) -> list[tuple[int, str]]:
    return [(problem.sequence, problem.kind) for problem in found]


def forge(**fields) -> ActivityLogEntry:
    """An entry written straight into the table, past `log_action`, as someone with database access could."""
    values = {
        "created_at": timezone.now(),
        "actor_id": None,
        "action": "members.role.granted",
        "content_type_id": None,
        "object_id": "",
        "object_repr": "",
        "data": {},
        "source_address": None,
    }
    values.update(fields)
    if "entry_hash" not in values:
        values["entry_hash"] = entry_digest(**{name: value for name, value in values.items() if name != "entry_hash"})
    [entry] = ActivityLogEntry.objects.bulk_create([ActivityLogEntry(**values)])
    return entry


def verify_integrity() -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("verify_integrity", stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def position_in_signing():
    """A position open for signing, led by ZGL (whose signatory is returned), while OZS presides."""
    today = timezone.localdate()
    lead = AssociationFactory(short_name="ZGL")
    presiding = AssociationFactory(short_name="OZS")
    TermFactory(association=presiding, starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=150))
    editor, admin, signatory = UserFactory(username="zgl.redaktor"), UserFactory(username="ozs.admin"), UserFactory(username="zgl.prezes")
    role_grant(user=editor, association=lead, kind=RoleKind.EDITOR, starts_on=dt.date(2020, 1, 1))
    role_grant(user=admin, association=presiding, kind=RoleKind.ADMINISTRATOR, starts_on=dt.date(2020, 1, 1))
    role_grant(user=signatory, association=lead, kind=RoleKind.SIGNATORY, starts_on=dt.date(2020, 1, 1))
    position = PositionFactory(lead_association=lead)
    services.position_transition(position=position, to=PositionStatus.FINAL, by=editor)
    services.position_transition(position=position, to=PositionStatus.SIGNING, by=admin, signing_deadline=today + dt.timedelta(days=7))
    return position, lead, signatory


def position_signed():
    position, lead, signatory = position_in_signing()
    version = PositionVersion.objects.get(pk=position.current_version_id)
    services.signature_record(position=position, association=lead, decision=Decision.SIGNED, by=signatory, text_sha256=version.sha256)
    return version


# --- The chain --------------------------------------------------------------------------------------------


def test_log_action_numbers_entries_and_links_each_to_the_one_before():
    user = UserFactory()
    first = log_action(actor=user, action="members.association.created", target=user)
    second = log_action(actor=None, action="members.local_governments.imported", data={"count": 3})
    third = log_action(actor=user, action="members.association.changed", target=user)

    assert chain() == [
        (1, GENESIS_HASH, first.entry_hash),
        (2, first.entry_hash, second.entry_hash),
        (3, second.entry_hash, third.entry_hash),
    ]
    assert len({first.entry_hash, second.entry_hash, third.entry_hash}) == 3
    assert chain_verify() == []
    assert chain_verify().checked == 3
    assert list(ActivityLogEntry.objects.values_list("sequence", flat=True)) == [3, 2, 1]


def test_entry_hash_is_the_sha256_of_the_entry_as_sorted_json():
    user = UserFactory()
    with using_source_address("203.0.113.7"):
        entry = log_action(actor=user, action="members.association.created", target=user, data={"name": "Związek", "count": 2})

    stored = ActivityLogEntry.objects.get(pk=entry.pk)
    canonical = json.dumps(
        {
            "action": "members.association.created",
            "actor_id": user.pk,
            "content_type_id": stored.content_type_id,
            "created_at": stored.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "data": {"count": 2, "name": "Związek"},
            "object_id": str(user.pk),
            "object_repr": str(user),
            "previous_hash": GENESIS_HASH,
            "sequence": 1,
            "source_address": "203.0.113.7",
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert stored.entry_hash == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert (stored.source_address, stored.entry_hash) == ("203.0.113.7", entry.entry_hash)


def test_log_action_hashes_data_as_it_is_read_back():
    entry = log_action(actor=None, action="presidency.schedule.applied", data={"terms": (1, 2), 3: "trzy"})

    assert ActivityLogEntry.objects.get(pk=entry.pk).data == {"terms": [1, 2], "3": "trzy"}
    assert chain_verify() == []


def test_log_action_stores_an_ipv6_address_as_the_database_returns_it():
    with using_source_address("2001:DB8:0:0:0:0:0:1"):
        entry = log_action(actor=None, action="members.local_governments.imported")

    assert ActivityLogEntry.objects.get(pk=entry.pk).source_address == "2001:db8::1"
    assert chain_verify() == []


def test_updating_an_entry_is_refused_by_the_database():
    entry = log_action(actor=None, action="members.local_governments.imported", data={"count": 3})

    with pytest.raises(IntegrityError, match="activity log is append-only"), transaction.atomic():
        ActivityLogEntry.objects.filter(pk=entry.pk).update(data={"count": 30})

    assert ActivityLogEntry.objects.get(pk=entry.pk).data == {"count": 3}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite must let Django's test flush DELETE the table")
def test_deleting_an_entry_is_refused_by_postgresql():
    entry = log_action(actor=None, action="members.local_governments.imported")

    with pytest.raises(DatabaseError, match="activity log is append-only"), transaction.atomic():
        ActivityLogEntry.objects.filter(pk=entry.pk).delete()

    assert ActivityLogEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_an_actor_with_entries_is_refused():
    from django.db.models import ProtectedError

    user = UserFactory()
    log_action(actor=user, action="members.association.created", target=user)

    with pytest.raises(ProtectedError), transaction.atomic():
        user.delete()


def test_chain_verify_reports_an_entry_whose_content_does_not_match_its_hash():
    log_action(actor=None, action="members.local_governments.imported")
    second = log_action(actor=None, action="members.local_governments.imported")
    forge(sequence=3, previous_hash=second.entry_hash, entry_hash="f" * 64)

    found = chain_verify()

    assert problems(found) == [(3, ChainProblem.ALTERED)]
    assert str(found[0]).startswith(f"Entry 3: its content does not match its hash (stored {'f' * 64}, computed ")


def test_chain_verify_reports_an_entry_that_does_not_follow_the_one_before():
    first = log_action(actor=None, action="members.local_governments.imported")
    log_action(actor=None, action="members.local_governments.imported")
    forge(sequence=3, previous_hash=first.entry_hash)

    found = chain_verify()

    assert problems(found) == [(3, ChainProblem.BROKEN_LINK)]
    assert str(found[0]).startswith(f"Entry 3 does not follow entry 2: it names the hash {first.entry_hash} instead of ")


def test_chain_verify_reports_missing_numbers():
    log_action(actor=None, action="members.local_governments.imported")
    second = log_action(actor=None, action="members.local_governments.imported")
    forge(sequence=6, previous_hash=second.entry_hash)

    found = chain_verify()

    assert problems(found) == [(6, ChainProblem.GAP)]
    assert [str(problem) for problem in found] == ["Entries 3 to 5 are missing."]


@pytest.mark.django_db(transaction=True)
def test_writers_logging_at_once_extend_one_chain():
    """Twenty connections append at the same moment, with no row lock of their own in common."""
    writers = 20
    barrier = threading.Barrier(writers)
    errors = []

    def write(number):
        try:
            barrier.wait()
            with transaction.atomic():
                log_action(actor=None, action="members.local_governments.imported", data={"writer": number})
        except Exception as error:  # shown in the assertion
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert [sequence for sequence, _previous, _hash in chain()] == list(range(1, writers + 1))
    assert sorted(entry.data["writer"] for entry in ActivityLogEntry.objects.all()) == list(range(writers))
    assert chain_verify() == []


def test_chain_verify_of_an_empty_log_finds_nothing():
    assert (chain_verify(), chain_verify().checked) == ([], 0)


# --- manage.py verify_integrity --------------------------------------------------------------------------


def test_verify_integrity_on_an_intact_database_prints_what_it_checked():
    position_signed()
    entries = ActivityLogEntry.objects.count()

    stdout, stderr = verify_integrity()

    assert stdout == f"Activity log: {entries} entries checked.\nSigned texts: 1 version checked.\nEverything is intact.\n"
    assert stderr == ""


def test_verify_integrity_with_a_forged_entry_lists_it_and_exits_with_status_1():
    log_action(actor=None, action="members.local_governments.imported")
    forge(sequence=2, previous_hash=GENESIS_HASH)

    with pytest.raises(CommandError) as error:
        verify_integrity()

    assert (error.value.returncode, str(error.value)) == (1, "1 problem found.")


def test_verify_integrity_lists_each_problem_on_stderr():
    log_action(actor=None, action="members.local_governments.imported")
    forge(sequence=2, previous_hash=GENESIS_HASH)
    stdout, stderr = StringIO(), StringIO()

    with pytest.raises(CommandError):
        call_command("verify_integrity", stdout=stdout, stderr=stderr)

    assert stdout.getvalue() == "Activity log: 2 entries checked.\nSigned texts: 0 versions checked.\n"
    assert stderr.getvalue().splitlines()[0].startswith("Entry 2 does not follow entry 1: it names the hash 0000")
    assert len(stderr.getvalue().splitlines()) == 1


def test_signed_texts_verify_reports_a_signed_text_changed_afterwards():
    version = position_signed()
    assert signed_texts_verify() == []

    PositionVersion.objects.filter(pk=version.pk).update(points=[{"text": "Inna treść.", "subpoints": []}])
    found = signed_texts_verify()

    assert [(problem.version_id, problem.kind) for problem in found] == [(version.pk, SignedTextProblem.TEXT_CHANGED)]
    assert found.checked == 1
    with pytest.raises(CommandError) as error:
        verify_integrity()
    assert str(error.value) == "1 problem found."


def test_signed_texts_verify_reports_a_text_changed_together_with_its_hash():
    from positions.text import text_sha256

    version = position_signed()
    points = [{"text": "Inna treść.", "subpoints": []}]
    forged = text_sha256(title=version.title, preamble=version.preamble, points=points, justification=version.justification)
    PositionVersion.objects.filter(pk=version.pk).update(points=points, sha256=forged)

    found = signed_texts_verify()

    assert [(problem.version_id, problem.kind) for problem in found] == [(version.pk, SignedTextProblem.SIGNATURE_MISMATCH)]
    assert str(found[0]) == (
        f"Version 1 of position {version.position_id}: ZGL signed the text with SHA-256 {version.sha256}, but the version now has {forged}."
    )


# --- Where actions come from -----------------------------------------------------------------------------


def entries(action: str) -> list[tuple]:
    """(username of the actor, source address) of each entry of `action`, in order."""
    return list(ActivityLogEntry.objects.filter(action=action).order_by("sequence").values_list("actor__username", "source_address"))


def test_signing_in_is_logged_with_the_address(client):
    UserFactory(username="anna")

    response = client.post(reverse("login"), {"username": "anna", "password": "correct-horse-battery"}, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 302
    assert entries("accounts.signed_in") == [("anna", "203.0.113.7")]
    assert chain_verify() == []


def test_a_refused_sign_in_keeps_the_username_tried_and_never_the_password(client):
    UserFactory(username="anna")

    response = client.post(reverse("login"), {"username": "anna", "password": "Tajne-Haslo-123"}, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 200
    assert entries("accounts.sign_in_refused") == [(None, "203.0.113.7")]
    assert [entry.data for entry in ActivityLogEntry.objects.all()] == [{"username": "anna"}]
    assert chain_verify() == []


def test_signing_out_is_logged_with_the_address(client):
    client.force_login(UserFactory(username="anna"))

    response = client.post(reverse("logout"), REMOTE_ADDR="198.51.100.4")

    assert response.status_code == 200
    assert entries("accounts.signed_out") == [("anna", "198.51.100.4")]


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded_for", "logged"),
    [
        pytest.param(True, "198.51.100.1, 203.0.113.9", "203.0.113.9", id="behind_the_proxy_the_last_forwarded_one"),
        pytest.param(False, "198.51.100.1, 203.0.113.9", "10.0.0.2", id="without_a_proxy_the_forwarded_one_is_ignored"),
        pytest.param(True, "unknown", None, id="behind_the_proxy_a_forwarded_value_that_is_no_address_is_none"),
    ],
)
def test_sign_in_address_follows_the_proxy_setting(client, settings, behind_proxy, forwarded_for, logged):
    settings.BEHIND_PROXY = behind_proxy
    UserFactory(username="anna")

    client.post(
        reverse("login"),
        {"username": "anna", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )

    assert entries("accounts.signed_in") == [("anna", logged)]


def test_a_service_called_from_a_view_logs_the_address_of_the_request(client):
    lead = AssociationFactory()
    editor = UserFactory(username="zgl.redaktor")
    role_grant(user=editor, association=lead, kind=RoleKind.EDITOR, starts_on=dt.date(2020, 1, 1))
    position = PositionFactory(lead_association=lead)
    client.force_login(editor)
    deadline = timezone.localdate() + dt.timedelta(days=7)

    response = client.post(
        reverse("positions:transition", args=[position.pk]),
        {"to": "consultation", "to-consultation-consultation_deadline": deadline.isoformat()},
        REMOTE_ADDR="198.51.100.23",
    )

    assert response.status_code == 302
    assert entries("positions.position.consultation") == [("zgl.redaktor", "198.51.100.23")]
    assert chain_verify() == []


def test_signature_record_logs_the_source_address():
    position, lead, signatory = position_in_signing()
    version = PositionVersion.objects.get(pk=position.current_version_id)

    with using_source_address("192.0.2.44"):
        services.signature_record(position=position, association=lead, decision=Decision.SIGNED, by=signatory, text_sha256=version.sha256)

    assert entries("positions.signature.signed") == [("zgl.prezes", "192.0.2.44")]
    assert chain_verify() == []
