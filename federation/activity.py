"""The activity log: every service records its state changes here, as a hash chain.

Each entry gets the next sequence number and stores the SHA-256 of its own content together with the hash
of the entry before it (the first entry follows `GENESIS_HASH`). Changing, removing or inserting an entry
afterwards breaks the chain, which `chain_verify` (and `manage.py verify_integrity`) reports. The database
itself refuses to update entries (migration 0003).
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from federation.models import ActivityLogEntry
from federation.request_context import current_source_address

GENESIS_HASH = "0" * 64

# The key of the PostgreSQL advisory lock that serialises appends to the chain; any constant will do, as
# long as nothing else in the database uses it ("activlog" in ASCII).
CHAIN_LOCK_KEY = 0x61637469766C6F67


def entry_digest(
    *,
    sequence: int,
    created_at: dt.datetime,
    actor_id: int | None,
    action: str,
    content_type_id: int | None,
    object_id: str,
    object_repr: str,
    data,
    source_address: str | None,
    previous_hash: str,
) -> str:
    """The SHA-256 (hex) of an entry's canonical form: JSON with sorted keys and no insignificant
    whitespace, the time in UTC with microseconds. Migration 0003 chains the entries written before the
    chain existed with this same function."""
    canonical = json.dumps(
        {
            "sequence": sequence,
            "created_at": created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "action": action,
            "content_type_id": content_type_id,
            "object_id": object_id,
            "object_repr": object_repr,
            "data": data,
            "source_address": str(source_address) if source_address is not None else None,
            "previous_hash": previous_hash,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def log_action(*, actor, action: str, target=None, data: dict | None = None) -> ActivityLogEntry:
    """Record that `actor` performed the dotted `action` (e.g. "members.role.granted") on `target`, from the
    address of the request being served (`federation.request_context`), if any.

    `target` may be omitted for actions on many records at once (an import); `data` then says what.

    Runs inside the caller's transaction (or its own). On PostgreSQL it takes a transaction-level advisory
    lock before reading the last entry, so two writers never give the same number or fork the chain; the
    lock is held until the caller's transaction ends, so every transaction that logs queues there briefly.
    On SQLite the write lock taken at BEGIN IMMEDIATE does the same.
    """
    # Stored as JSON, so hash what will be read back: tuples become lists, keys become strings.
    data = json.loads(json.dumps(data or {}))
    source_field = ActivityLogEntry._meta.get_field("source_address")
    entry = ActivityLogEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:255] if target is not None else "",
        data=data,
        source_address=source_field.get_prep_value(current_source_address()),
    )
    # No savepoint of its own: a failed append fails the caller's transaction, as any failed write does.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        last = ActivityLogEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
        entry.sequence, entry.previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        entry.created_at = timezone.now()
        entry.entry_hash = entry_digest(**_content(entry.__dict__))
        entry.save(force_insert=True)
    return entry


_CONTENT_FIELDS = (
    "sequence",
    "created_at",
    "actor_id",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "data",
    "source_address",
    "previous_hash",
)


def last_logged_at(*, action: str, target) -> dt.datetime | None:
    """When `action` was last logged on `target` (as `log_action` records it), or None if never."""
    return (
        ActivityLogEntry.objects.filter(action=action, content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk))
        .order_by("-sequence")
        .values_list("created_at", flat=True)
        .first()
    )


def _content(values: dict) -> dict:
    return {name: values[name] for name in _CONTENT_FIELDS}


# --- Verification ----------------------------------------------------------------------------------------


class Findings(list):
    """The problems a check found (empty when all is well), with `checked`: how many items it examined."""

    def __init__(self, problems=(), *, checked: int = 0):
        super().__init__(problems)
        self.checked = checked


@dataclass(frozen=True)
class ChainProblem:
    ALTERED = "altered"  # the entry's content no longer matches its hash
    BROKEN_LINK = "broken_link"  # the entry does not name the hash of the entry before it
    GAP = "gap"  # entries are missing before this one

    sequence: int
    kind: str
    message: str

    def __str__(self):
        return self.message


def chain_verify() -> Findings:
    """Every problem in the activity log's chain, in order of sequence; an empty list when it is intact.

    Reads the log once, as a stream, so its size does not matter. Entries written while it runs are
    checked if the stream reaches them.
    """
    problems = Findings()
    previous_sequence, previous_hash = 0, GENESIS_HASH
    rows = ActivityLogEntry.objects.order_by("sequence").values(*_CONTENT_FIELDS, "entry_hash")
    for row in rows.iterator(chunk_size=2000):
        problems.checked += 1
        sequence = row["sequence"]
        computed = entry_digest(**_content(row))
        if computed != row["entry_hash"]:
            problems.append(
                ChainProblem(
                    sequence,
                    ChainProblem.ALTERED,
                    _("Entry %(sequence)s: its content does not match its hash (stored %(stored)s, computed %(computed)s).")
                    % {"sequence": sequence, "stored": row["entry_hash"], "computed": computed},
                )
            )
        if sequence != previous_sequence + 1:
            first, last = previous_sequence + 1, sequence - 1
            message = (
                _("Entry %(sequence)s is missing.") % {"sequence": first}
                if first == last
                else _("Entries %(first)s to %(last)s are missing.") % {"first": first, "last": last}
            )
            problems.append(ChainProblem(sequence, ChainProblem.GAP, message))
        elif row["previous_hash"] != previous_hash:
            problems.append(
                ChainProblem(
                    sequence,
                    ChainProblem.BROKEN_LINK,
                    _("Entry %(sequence)s does not follow entry %(previous)s: it names the hash %(named)s instead of %(expected)s.")
                    % {"sequence": sequence, "previous": previous_sequence, "named": row["previous_hash"], "expected": previous_hash},
                )
            )
        previous_sequence, previous_hash = sequence, row["entry_hash"]
    return problems
