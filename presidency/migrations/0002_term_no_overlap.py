"""Let the database itself refuse overlapping presidency terms.

PostgreSQL: an exclusion constraint on the inclusive date range. SQLite has no such constraint, so two
triggers refuse an insert or update that would overlap another term. Other databases rely on the service.
"""

from django.db import migrations

POSTGRES_ADD = """
ALTER TABLE presidency_term ADD CONSTRAINT presidency_term_no_overlap
EXCLUDE USING gist (daterange(starts_on, ends_on, '[]') WITH &&)
"""
POSTGRES_DROP = "ALTER TABLE presidency_term DROP CONSTRAINT IF EXISTS presidency_term_no_overlap"

SQLITE_TRIGGER = """
CREATE TRIGGER presidency_term_no_overlap_{event}
BEFORE {event} ON presidency_term
WHEN EXISTS (
    SELECT 1 FROM presidency_term AS other
    WHERE other.id IS NOT NEW.id AND other.starts_on <= NEW.ends_on AND other.ends_on >= NEW.starts_on
)
BEGIN
    SELECT RAISE(ABORT, 'presidency terms overlap');
END
"""


def add_constraint(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_ADD)
    elif vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(SQLITE_TRIGGER.format(event=event))


def drop_constraint(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS presidency_term_no_overlap_{event}")


class Migration(migrations.Migration):
    dependencies = [("presidency", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
