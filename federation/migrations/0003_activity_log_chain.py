"""Make the activity log an append-only hash chain.

Existing entries are numbered and chained in the order they were written (by primary key), with the same
hash function the application uses (`federation.activity.entry_digest`). Then the database refuses to
change entries:

- PostgreSQL: a trigger refuses UPDATE and DELETE. Django's test runner empties tables between
  transactional tests with TRUNCATE, which row triggers do not see, so the tests still run.
- SQLite: a trigger refuses UPDATE only. Django empties SQLite tables between transactional tests with
  DELETE, which a DELETE trigger would refuse; a removed entry is still caught by `chain_verify` (a gap in
  the numbers). SQLite also drops a table's triggers whenever a migration rebuilds the table (most
  AlterField operations do), so a later migration of this model must create the trigger again.

Actors become PROTECT (an entry must never lose its actor), which on PostgreSQL also means no UPDATE from
a SET NULL cascade ever reaches the trigger.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from federation.activity import GENESIS_HASH, entry_digest

TABLE = "federation_activitylogentry"
MESSAGE = "activity log is append-only"

POSTGRES_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION federation_activity_log_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END;
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER federation_activity_log_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION federation_activity_log_append_only()
    """,
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS federation_activity_log_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS federation_activity_log_append_only()",
]
SQLITE_CREATE = [
    f"""
    CREATE TRIGGER federation_activity_log_no_update
    BEFORE UPDATE ON {TABLE}
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END
    """
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS federation_activity_log_no_update"]


def chain_existing_entries(apps, schema_editor):
    entry_model = apps.get_model("federation", "ActivityLogEntry")
    entries = entry_model.objects.db_manager(schema_editor.connection.alias)
    sequence, previous_hash, last_pk = 0, GENESIS_HASH, 0
    # In batches by primary key rather than one open cursor: the rows are updated as we go.
    while batch := list(entries.filter(pk__gt=last_pk).order_by("pk")[:1000]):
        for entry in batch:
            sequence += 1
            entry.sequence, entry.previous_hash = sequence, previous_hash
            entry.entry_hash = previous_hash = entry_digest(
                sequence=sequence,
                created_at=entry.created_at,
                actor_id=entry.actor_id,
                action=entry.action,
                content_type_id=entry.content_type_id,
                object_id=entry.object_id,
                object_repr=entry.object_repr,
                data=entry.data,
                source_address=entry.source_address,
                previous_hash=previous_hash,
            )
        entries.bulk_update(batch, ["sequence", "previous_hash", "entry_hash"])
        last_pk = batch[-1].pk
    if schema_editor.connection.vendor == "postgresql":
        # Fire deferred foreign-key checks now, so the ALTER TABLEs that follow find no pending trigger events.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE}.get(vendor, []):
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("federation", "0002_public_content_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="activitylogentry",
            name="sequence",
            field=models.PositiveBigIntegerField(editable=False, null=True, verbose_name="number"),
        ),
        migrations.AddField(
            model_name="activitylogentry",
            name="source_address",
            field=models.GenericIPAddressField(blank=True, null=True, verbose_name="source address"),
        ),
        migrations.AddField(
            model_name="activitylogentry",
            name="previous_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash of the previous entry"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="activitylogentry",
            name="entry_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash of this entry"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="activitylogentry",
            name="sequence",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="number"),
        ),
        migrations.AlterField(
            model_name="activitylogentry",
            name="created_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="time"),
        ),
        migrations.AlterField(
            model_name="activitylogentry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activity_log_entries",
                to=settings.AUTH_USER_MODEL,
                verbose_name="actor",
            ),
        ),
        migrations.AlterModelOptions(
            name="activitylogentry",
            options={"ordering": ["-sequence"], "verbose_name": "activity log entry", "verbose_name_plural": "activity log"},
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
