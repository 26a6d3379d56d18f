"""Backup and restore as docs/operations.md runs them: `backup.sh` copies a small federation (a position
signed by two associations and published with its PDF and a resolution file, an event with registrations,
the public pages) from the test run's committed database; `restore.sh` puts it into a fresh empty database
and empty media folders. The copy holds the same rows in every table, the same hash for every signed text,
the same bytes in every file; a damaged backup and a database that is not empty are refused.

Runs on the database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL), each script in its own
process, as an operator would run it.
"""

import datetime as dt
import hashlib
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from events import services as event_services
from events.models import Registration
from events.services import Participant
from members.models import Association, LocalGovernment
from positions import services
from positions.enums import AdoptionRule, Decision, PositionStatus
from positions.models import Position, PositionDocument, Signature
from tests.factories import EventFactory, LocalGovernmentMembershipFactory, PositionFactory
from tests.federation.servers import database_url, production_environment
from tests.positions.conftest import fed  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPTS = Path(settings.BASE_DIR) / "docs" / "operations"
RESOLUTION = b"%PDF-1.4 uchwala zarzadu ZGL nr 12/2026"

# The hashes that make a signed text verifiable: of each version's text, of the text each association
# signed, and of each stored PDF.
HASH_QUERIES = [
    "SELECT id, sha256 FROM positions_positionversion ORDER BY id",
    "SELECT id, text_sha256 FROM positions_signature ORDER BY id",
    "SELECT id, sha256, size FROM positions_positiondocument ORDER BY id",
]


def _client_tools() -> list[str]:
    return ["pg_dump", "pg_restore", "psql", "createdb", "dropdb"] if connection.vendor == "postgresql" else ["sqlite3"]


@pytest.fixture(autouse=True)
def _client_tools_installed():
    missing = [tool for tool in _client_tools() if not shutil.which(tool)]
    if missing:
        pytest.skip(
            f"{', '.join(missing)} missing: apt-get install {'postgresql-client' if connection.vendor == 'postgresql' else 'sqlite3'}"
        )


@pytest.fixture
def private_root(tmp_path):
    """Resolution files go to a temporary folder instead of the checkout's private_media/ (the storage was
    built when the models were imported, so it is pointed elsewhere for the test)."""
    storage = Signature._meta.get_field("resolution_file").storage
    saved = storage.__dict__.copy()
    storage._location = str(tmp_path / "private")
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    yield tmp_path / "private"
    storage.__dict__.clear()
    storage.__dict__.update(saved)


@pytest.fixture
def target_url(tmp_path):
    """A fresh, empty database of the suite's kind to restore into; a PostgreSQL one is dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"restored_{uuid.uuid4().hex[:12]}"
    source = database_url()
    server = source.rsplit("/", 1)[0]
    subprocess.run(["createdb", f"--maintenance-db={server}/postgres", name], check=True, capture_output=True)
    try:
        yield f"{server}/{name}"
    finally:
        subprocess.run(["dropdb", "--force", "--if-exists", f"--maintenance-db={server}/postgres", name], check=True, capture_output=True)


def _federation(fed):  # noqa: F811 (the fixture)
    """Through the services: a position signed by ZGL (with its board's resolution) and OZS, published (its
    PDF stored by the task after commit); an event with three registrations of a member gmina's staff."""
    position = PositionFactory(lead_association=fed.zgl, adoption_rule=AdoptionRule.AT_LEAST, adoption_minimum=2)
    services.position_transition(position=position, to=PositionStatus.FINAL, by=fed.people.zgl_editor)
    services.position_transition(
        position=position, to=PositionStatus.SIGNING, by=fed.people.ozs_admin, signing_deadline=fed.today + dt.timedelta(days=30)
    )
    sha256 = Position.objects.select_related("current_version").get(pk=position.pk).current_version.sha256
    services.signature_record(
        position=position,
        association=fed.zgl,
        decision=Decision.SIGNED,
        by=fed.people.zgl_signatory,
        text_sha256=sha256,
        resolution_file=SimpleUploadedFile("uchwala.pdf", RESOLUTION),
    )
    services.signature_record(
        position=position, association=fed.ozs, decision=Decision.SIGNED, by=fed.people.ozs_signatory, text_sha256=sha256
    )
    services.position_transition(position=position, to=PositionStatus.PUBLISHED, by=fed.people.ozs_admin, adopted_place="Nowa Sól")

    membership = LocalGovernmentMembershipFactory(association=fed.zgl)
    event = EventFactory(organisers=[fed.zgl])
    event_services.registration_create(
        event=event,
        participants=[
            Participant(
                first_name=f"Osoba{n}", last_name="Nowak", email=f"osoba{n}@gmina.example.pl", local_government=membership.local_government
            )
            for n in range(3)
        ],
    )


def _run(script: str, *arguments, environment: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPTS / script), *map(str, arguments)],
        env={**environment, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _open(url: str):
    """A DB-API connection to the database at `url` (the test run's own connection for the source)."""
    if url.startswith("sqlite:///"):
        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://", 1))


def _snapshot(url: str, tables: list[str]) -> dict:
    """Row count of every table, and every hash of a signed text, in the database at `url`."""
    database = _open(url)
    try:
        cursor = database.cursor()
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        hashes = []
        for query in HASH_QUERIES:
            cursor.execute(query)
            hashes.append([tuple(row) for row in cursor.fetchall()])
        return {"counts": counts, "hashes": hashes}
    finally:
        database.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_backup_restores_into_an_empty_database_with_every_row_hash_and_file(fed, site_pages, private_root, target_url, tmp_path):  # noqa: F811
    _federation(fed)
    document = PositionDocument.objects.get()
    media_root = Path(settings.MEDIA_ROOT)
    assert (media_root / document.file.name).is_file()
    assert _files(private_root) == {f"{Signature.objects.get(association=fed.zgl).resolution_file.name}": RESOLUTION}
    tables = sorted(connection.introspection.table_names())
    source = _snapshot(database_url(), tables)
    assert (Association.objects.count(), LocalGovernment.objects.count(), Registration.objects.count()) == (4, 1, 3)
    assert [len(rows) for rows in source["hashes"]] == [1, 2, 1]
    assert source["counts"]["wagtailcore_page"] > 1

    backed_up = _run(
        "backup.sh",
        tmp_path / "backups",
        environment=production_environment(DATABASE_URL=database_url(), MEDIA_ROOT=str(media_root), PRIVATE_MEDIA_ROOT=str(private_root)),
    )
    assert backed_up.returncode == 0, backed_up.stderr
    folder = Path(backed_up.stdout.strip().splitlines()[-1])
    database_file = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert sorted(path.name for path in folder.iterdir()) == sorted(["MANIFEST", database_file, "media.tar.gz", "private.tar.gz"])
    manifest = (folder / "MANIFEST").read_text()
    for name in (database_file, "media.tar.gz", "private.tar.gz"):
        assert f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n" in manifest
    assert "@" not in manifest  # no user name nor password of the database

    restored_media, restored_private = tmp_path / "restored" / "media", tmp_path / "restored" / "private"
    target = production_environment(DATABASE_URL=target_url, MEDIA_ROOT=str(restored_media), PRIVATE_MEDIA_ROOT=str(restored_private))
    restored = _run("restore.sh", folder, environment=target)
    assert restored.returncode == 0, restored.stderr
    assert "checksums match" in restored.stderr
    # The integrity check (activity log hash chain, signed texts) runs wherever the checkout has the command.
    has_integrity_command = any(Path(settings.BASE_DIR).glob("*/management/commands/verify_integrity.py"))
    assert ("restore: manage.py verify_integrity\n" in restored.stderr) is has_integrity_command, restored.stderr

    assert _snapshot(target_url, tables) == source
    assert _files(restored_media) == _files(media_root)
    assert _files(restored_private) == _files(private_root)
    assert hashlib.sha256((restored_media / document.file.name).read_bytes()).hexdigest() == document.sha256

    # A second restore onto the now filled database is refused before anything is changed.
    again = _run("restore.sh", folder, environment=target)
    assert again.returncode == 1
    assert "is not empty" in again.stderr and "--force" in again.stderr

    # So is a damaged backup, even with --force: the checksums are checked first.
    with (folder / "private.tar.gz").open("r+b") as tarball:
        tarball.seek(20)
        tarball.write(b"\x00\x00\x00\x00")
    damaged = _run("restore.sh", "--force", folder, environment=target)
    assert damaged.returncode == 1
    assert "checksum mismatch" in damaged.stderr
    assert _snapshot(target_url, tables) == source
