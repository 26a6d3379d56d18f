"""The site under load while its parts fail, as docs/operations.md ("When a part fails") says it behaves:
PostgreSQL restarts, Redis stops, a task worker is killed while it renders a PDF.

The servers are this test's own, never the shared ones: a PostgreSQL 15 cluster in a temporary folder on a
free port and a redis-server on another, both started here. Against them run two gunicorn workers (the
production configuration file, only environment variables differ) and a task worker started as
docs/deployment/federation-worker.service starts it. A background load keeps asking for public pages and
records what came back.

Run in the PostgreSQL pass of CI only (they bring their own PostgreSQL, so once is enough).
"""

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings

from tests.federation.servers import BASE_DIR, Server, free_port, production_environment

pytestmark = pytest.mark.faults

PG_BIN = Path("/usr/lib/postgresql/15/bin")
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
WORKER_ID = "faults-host"  # the unit passes the host name (%H)
PDF_POSITIONS = 3


def _skip_unless_possible():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("fault tests run once, in the PostgreSQL pass (DATABASE_URL=postgres://...)")
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL 15 server binaries missing in {PG_BIN}")
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server missing")
    if os.geteuid() != 0 or not Path(RUNUSER).exists():
        pytest.skip("initdb refuses root; running it as the postgres user needs root and runuser")
    if subprocess.run([RUNUSER, "-u", "postgres", "--", "true"], capture_output=True).returncode != 0:
        pytest.skip("the postgres OS user cannot be used")


# --- Private servers ------------------------------------------------------------------------------------


class PrivatePostgres:
    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        shutil.chown(self.directory, "postgres", "postgres")
        self.data = self.directory / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/federation"

    def _as_postgres(self, *command, timeout=120):
        result = subprocess.run([RUNUSER, "-u", "postgres", "--", *command], capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def start(self):
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self.ctl("start")
        self._as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "federation")

    def ctl(self, action, *options):
        server_options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        return self._as_postgres(
            str(PG_BIN / "pg_ctl"), action, "-D", str(self.data), "-w", "-l", str(self.directory / "log"), "-o", server_options, *options
        )

    def stop(self):
        subprocess.run(
            [RUNUSER, "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "stop", "-D", str(self.data), "-m", "immediate", "-w"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.directory, ignore_errors=True)

    def query(self, sql, *parameters):
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="federation", autocommit=True) as connection:
            return connection.execute(sql, parameters).fetchall()


class PrivateRedis:
    def __init__(self, log_dir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = log_dir / "redis.log"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                import redis

                if redis.Redis(port=self.port, socket_timeout=1).ping():
                    return
            except Exception:
                time.sleep(0.1)
        raise AssertionError(self.log.read_text())

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


# --- The site -------------------------------------------------------------------------------------------

SETUP = """
import json
import datetime as dt
from django.utils import timezone
from cms.services import site_setup
from members.enums import RoleKind
from positions import services
from positions.enums import PositionStatus
from tests.conftest import SITE_CONTENT
from tests.factories import AssociationFactory, EventFactory, PositionFactory, TermFactory, published_position_make
from tests.positions.conftest import person

pages = site_setup(content=SITE_CONTENT, federation={"name_pl": "Federacja Testowa", "name_cs": "Testovací federace",
                   "name_en": "Test Federation", "short_name": "FT"})
today = timezone.localdate()
lead = AssociationFactory(short_name="ZGL", slug="zgl")
presiding = AssociationFactory(short_name="OZS", slug="ozs")
TermFactory(association=presiding, starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=150))
editor = person(lead, RoleKind.EDITOR, "zgl.redaktor")
admin = person(presiding, RoleKind.ADMINISTRATOR, "ozs.admin")
signers = [(association.pk, person(association, RoleKind.SIGNATORY, f"prezes{n}").pk)
           for n, association in enumerate([lead, presiding] + [AssociationFactory(slug=f"z{n}") for n in range(10)])]
position = PositionFactory(lead_association=lead, title="Stanowisko w sprawie awarii")
services.position_transition(position=position, to=PositionStatus.FINAL, by=editor)
services.position_transition(position=position, to=PositionStatus.SIGNING, by=admin,
                             signing_deadline=today.replace(year=today.year + 1))
event = EventFactory(organisers=[lead], capacity=None, slug="seminarium-awarie")
published = [published_position_make(lead_association=lead, reference_number=n, title=f"Stanowisko opublikowane {n}")
             for n in range(1, PDF_POSITIONS + 1)]
print("SETUP" + json.dumps({
    "positions_list": pages["pl"]["positions"].url,
    "events_list": pages["pl"]["events"].url,
    "home": pages["pl"]["home"].url,
    "position": position.pk,
    "signers": signers,
    "event": event.pk,
    "event_slug": event.slug,
    "versions": [p.current_version_id for p in published],
}))
""".replace("PDF_POSITIONS", str(PDF_POSITIONS))

# Signs for each association in turn, trying again while the database is away; prints ACK after each
# signature the service returned (what a member would have been told is recorded).
SIGNER = """
import sys, time
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection
from members.models import Association
from positions import services
from positions.enums import Decision
from positions.models import Position
for association_id, user_id in %(signers)r:
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        try:
            position = Position.objects.select_related("current_version").get(pk=%(position)d)
            services.signature_record(position=position, association=Association.objects.get(pk=association_id),
                                      decision=Decision.SIGNED, by=get_user_model().objects.get(pk=user_id),
                                      text_sha256=position.current_version.sha256)
        except Exception as error:
            print("FAIL", association_id, type(error).__name__, flush=True)
            connection.close()
            time.sleep(0.3)
        else:
            print("ACK", association_id, flush=True)
            break
    time.sleep(0.4)
"""


def _manage(environment, *arguments, timeout=300):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


class Worker:
    """The task worker as its systemd unit starts it: ExecStartPre (requeue), then ExecStart."""

    def __init__(self, environment, log: Path):
        unit = {}
        for line in (BASE_DIR / "docs" / "deployment" / "federation-worker.service").read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                unit[key.strip()] = value.strip()
        self.commands = [self._command(unit["ExecStartPre"]), self._command(unit["ExecStart"])]
        self.environment, self.log = environment, log
        self.process = None

    @staticmethod
    def _command(line):
        return [
            sys.executable if part == "/srv/federation/.venv/bin/python" else part.replace("%H", WORKER_ID) for part in shlex.split(line)
        ]

    def start(self) -> str:
        requeue = subprocess.run(self.commands[0], cwd=BASE_DIR, env=self.environment, capture_output=True, text=True, timeout=120)
        assert requeue.returncode == 0, requeue.stderr
        self.process = subprocess.Popen(
            self.commands[1], cwd=BASE_DIR, env=self.environment, stdout=self.log.open("a"), stderr=subprocess.STDOUT
        )
        return requeue.stdout

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)


class Load:
    """Threads asking for public pages in turn, recording (started, path, status or error name)."""

    def __init__(self, base: str, paths: list[str], threads: int = 2):
        self.base, self.paths = base, paths
        self.results: list[tuple[float, str, object]] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(offset,), daemon=True) for offset in range(threads)]

    def _run(self, offset):
        index = offset
        while not self._stop.is_set():
            path = self.paths[index % len(self.paths)]
            index += 1
            started = time.monotonic()
            try:
                outcome = requests.get(self.base + path, timeout=10, allow_redirects=False).status_code
            except requests.RequestException as error:
                outcome = type(error).__name__
            self.results.append((started, path, outcome))
            time.sleep(0.05)

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=15)

    def since(self, moment: float):
        return [(path, outcome) for started, path, outcome in self.results if started >= moment]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    _skip_unless_possible()
    directory = tmp_path_factory.mktemp("faults")
    postgres, redis_server = PrivatePostgres(), PrivateRedis(directory)
    gunicorn = worker = None
    try:
        postgres.start()
        redis_server.start()
        environment = production_environment(
            DJANGO_SECRET_KEY="faults-" + uuid.uuid4().hex,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=postgres.url,
            DATABASE_CONN_MAX_AGE="60",  # production's: kept connections must survive a restart of PostgreSQL
            REDIS_URL=redis_server.url,
            PAGE_CACHE_SECONDS="600",
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            MEDIA_ROOT=str(directory / "media"),
            PRIVATE_MEDIA_ROOT=str(directory / "private"),
            SERVE_MEDIA="true",
            EMAIL_URL="dummymail://",
            GUNICORN_ACCESS_LOG="",
        )
        _manage(environment, "migrate", "--no-input", "-v", "0", timeout=600)
        output = _manage(environment, "shell", "-c", SETUP)
        data = json.loads(output.split("SETUP", 1)[1].strip().splitlines()[0])
        gunicorn = Server("gunicorn", environment, directory)
        gunicorn.wait()
        worker = Worker(environment, directory / "worker.log")
        yield {
            "postgres": postgres,
            "redis": redis_server,
            "server": gunicorn,
            "worker": worker,
            "environment": environment,
            "media": directory / "media",
            "pages": [_path(data["home"]), _path(data["positions_list"]), _path(data["events_list"])],
            **data,
        }
    finally:
        if worker is not None:
            worker.stop()
        if gunicorn is not None and gunicorn.process.poll() is None:
            gunicorn.stop()
        redis_server.stop()
        postgres.stop()


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _register(site, email: str) -> requests.Session | None:
    """Register one person through the public form; the browser's session if the site said it was done."""
    browser = requests.Session()
    event_page = f"{site['server'].url}{_path(site['events_list'])}{site['event_slug']}/"
    try:
        page = browser.get(event_page, timeout=10)
        if page.status_code != 200:
            return None
        data = {
            "csrfmiddlewaretoken": _csrf_token(page.text),
            "person-TOTAL_FORMS": "1",
            "person-INITIAL_FORMS": "0",
            "person-MIN_NUM_FORMS": "1",
            "person-MAX_NUM_FORMS": "20",
            "person-0-first_name": "Anna",
            "person-0-last_name": "Awaryjna",
            "person-0-email": email,
        }
        response = browser.post(event_page, data=data, allow_redirects=False, timeout=10)
    except requests.RequestException:
        return None
    if response.status_code == 302 and "/registered/" in response.headers.get("Location", ""):
        return browser
    return None


def _registrations(site) -> set[str]:
    return {email for (email,) in site["postgres"].query("SELECT email FROM events_registration WHERE event_id = %s", site["event"])}


def _health(site) -> tuple[int, dict]:
    response = requests.get(f"{site['server'].url}/healthz", timeout=10)
    return response.status_code, response.json()


# --- PostgreSQL restarts --------------------------------------------------------------------------------


def test_a_postgresql_restart_loses_no_acknowledged_write_and_the_site_recovers_by_itself(site):
    postgres = site["postgres"]
    acknowledged_registrations: list[str] = []
    stop_registering = threading.Event()

    def register_in_a_loop():
        while not stop_registering.is_set():
            email = f"osoba-{uuid.uuid4().hex[:10]}@gmina.example.pl"
            if _register(site, email) is not None:
                acknowledged_registrations.append(email)
            time.sleep(0.1)

    signer = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", SIGNER % {"signers": site["signers"], "position": site["position"]}],
        cwd=BASE_DIR,
        env=site["environment"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    registering = threading.Thread(target=register_in_a_loop, daemon=True)
    with Load(site["server"].url, site["pages"]) as load:
        registering.start()
        time.sleep(4)
        assert acknowledged_registrations, "no registration went through before the restart"
        postgres.ctl("restart", "-m", "fast")
        back = time.monotonic()
        time.sleep(6)
        stop_registering.set()
        registering.join(timeout=30)
        signed_output, signer_errors = signer.communicate(timeout=120)

    # While PostgreSQL was away errors were allowed; from a second after it is back, every page is served.
    after = load.since(back + 1)
    assert len(after) >= 10
    assert [outcome for _path_, outcome in after if outcome != 200] == []
    status, report = _health(site)
    assert (status, report["status"], report["checks"]["database"]["status"]) == (200, "ok", "ok"), report

    # Nothing the site acknowledged is missing: registrations (the redirect to "registered") and
    # signatures (the service returned).
    assert set(acknowledged_registrations) <= _registrations(site)
    acknowledged_signatures = {int(line.split()[1]) for line in signed_output.splitlines() if line.startswith("ACK")}
    assert signer.returncode == 0, signer_errors[-3000:]
    stored = {
        association
        for (association,) in postgres.query("SELECT association_id FROM positions_signature WHERE position_id = %s", site["position"])
    }
    assert acknowledged_signatures <= stored
    assert len(acknowledged_signatures) == len(site["signers"]), signed_output


# --- Redis stops ----------------------------------------------------------------------------------------


def test_with_redis_stopped_pages_are_served_uncached_and_sessions_kept(site):
    server, redis_server = site["server"], site["redis"]
    listing = server.url + site["pages"][1]
    # A visitor who has just registered: the result page reads the list from the session.
    email = f"przed-awaria-{uuid.uuid4().hex[:8]}@gmina.example.pl"
    browser = _register(site, email)
    assert browser is not None
    results = f"{server.url}{_path(site['events_list'])}{site['event_slug']}/registered/"
    for _ in range(3):
        requests.get(listing, timeout=10)
    assert requests.get(listing, timeout=10).headers["X-Page-Cache"] == "hit"

    redis_server.stop()
    stopped = time.monotonic()
    with Load(server.url, site["pages"]) as load:
        time.sleep(4)
        # Served, uncached.
        assert requests.get(listing, timeout=10).headers["X-Page-Cache"] == "miss"
        # The session is read from the database: the visitor still sees whom they registered.
        shown = browser.get(results, allow_redirects=False, timeout=10)
        assert shown.status_code == 200
        assert email in shown.text
        # A new registration is acknowledged and kept.
        during = f"w-trakcie-{uuid.uuid4().hex[:8]}@gmina.example.pl"
        assert _register(site, during) is not None
        status, report = _health(site)
        assert (status, report["status"], report["checks"]["cache"]["status"]) == (200, "degraded", "failing"), report
    assert {email, during} <= _registrations(site)
    outcomes = load.since(stopped)
    assert len(outcomes) >= 10
    assert [outcome for _path_, outcome in outcomes if outcome != 200] == []

    # Redis back (empty): after the back-off the page cache fills and serves again, by itself.
    redis_server.start()
    deadline = time.monotonic() + 20
    seen = []
    while time.monotonic() < deadline:
        seen.append(requests.get(listing, timeout=10).headers["X-Page-Cache"])
        if seen[-1] == "hit":
            break
        time.sleep(0.5)
    assert seen[-1] == "hit", seen
    status, report = _health(site)
    assert (status, report["status"]) == (200, "ok"), report


# --- A task worker is killed while it renders a PDF -----------------------------------------------------


def test_a_pdf_task_of_a_killed_worker_is_run_again_and_stores_the_file_once(site):
    postgres, worker, versions = site["postgres"], site["worker"], site["versions"]
    _manage(
        site["environment"],
        "shell",
        "-c",
        f"from positions.tasks import render_position_pdf\nfor v in {versions!r}: render_position_pdf.enqueue(version_id=v)",
    )
    with Load(site["server"].url, site["pages"]) as load:
        started = time.monotonic()
        worker.start()
        running = []
        deadline = time.monotonic() + 60
        while not running and time.monotonic() < deadline:
            running = postgres.query(
                "SELECT id, args_kwargs FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' AND task_path LIKE %s",
                "%render_position_pdf",
            )
            time.sleep(0.02)
        assert running, "the worker never took a PDF task"
        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait(timeout=10)
        killed_id = running[0][0]
        (status,) = postgres.query("SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", killed_id)[0]
        assert status == "RUNNING"  # abandoned: the dead worker will never finish it

        # The unit starts the worker again: first the requeue (same worker id, so the task is known abandoned).
        requeued = worker.start()
        assert str(killed_id) in requeued
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            statuses = postgres.query(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s", "%render_position_pdf"
            )
            if all(status in ("SUCCESSFUL", "FAILED") for (status,) in statuses):
                break
            time.sleep(0.3)
        worker.stop()

    tasks = postgres.query(
        "SELECT id, status, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s", "%render_position_pdf"
    )
    assert sorted(status for _id, status, _workers in tasks) == ["SUCCESSFUL"] * len(versions)
    assert [workers for task_id, _status, workers in tasks if task_id == killed_id] == [[WORKER_ID, WORKER_ID]]

    # One record and one file per version, and nothing else in the folder.
    documents = postgres.query("SELECT version_id, file FROM positions_positiondocument WHERE version_id = ANY(%s)", versions)
    assert sorted(version for version, _file in documents) == sorted(versions)
    files = sorted(str(path.relative_to(site["media"])) for path in (site["media"] / "positions").rglob("*") if path.is_file())
    assert files == sorted(name for _version, name in documents)
    for _version, name in documents:
        assert (site["media"] / name).read_bytes().startswith(b"%PDF-")

    outcomes = load.since(started)
    assert [outcome for _path_, outcome in outcomes if outcome != 200] == []
    status, report = _health(site)
    assert report["checks"]["tasks"]["detail"]["running"] == 0, report
