"""The deployment recipe (docs/deployment.md) as files that work: nginx accepts the proxy configuration
and, in front of two app servers, serves the site over HTTPS through either of them; the systemd units
start commands that exist and accept their arguments."""

import os
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests
import urllib3
from django.conf import settings

from tests.federation.servers import BASE_DIR, Server, database_url, free_port, production_environment

DEPLOYMENT = Path(settings.BASE_DIR) / "docs" / "deployment"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _unit(name: str) -> dict:
    values = {}
    for line in (DEPLOYMENT / name).read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def _exec_start(name: str, key: str = "ExecStart") -> list[str]:
    """The unit's command, with the install path (/srv/federation) mapped onto this checkout."""
    command = shlex.split(_unit(name)[key])
    return [
        part.replace("/srv/federation/.venv/bin/python", sys.executable).replace("/srv/federation/", f"{BASE_DIR}/") for part in command
    ]


def _exec_start_pre(name: str) -> list[str]:
    return _exec_start(name, "ExecStartPre")


def test_the_app_unit_starts_gunicorn_with_a_valid_configuration():
    command = _exec_start("federation-app.service")
    assert command[1:] == ["-c", "federation/gunicorn.conf.py", "federation.wsgi"]
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", *command[1:]],
        cwd=BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_worker_unit_runs_the_database_task_worker_with_options_it_accepts():
    command = _exec_start("federation-worker.service")
    assert command[:3] == [sys.executable, "manage.py", "db_worker"]
    # Every option of the unit is one the command knows (argparse refuses the others with exit code 2).
    result = subprocess.run(
        [*command, "--help"],
        cwd=BASE_DIR,
        env=production_environment(TASKS_BACKEND="django_tasks_db.DatabaseBackend"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for option in (part for part in command[3:] if part.startswith("--")):
        assert option in result.stdout


def test_the_worker_unit_queues_abandoned_tasks_again_before_the_worker_starts():
    prepare, command = _exec_start_pre("federation-worker.service"), _exec_start("federation-worker.service")
    assert prepare[:3] == [sys.executable, "manage.py", "tasks_requeue_stale"]
    # The same worker id for both: tasks this host's dead worker took are known abandoned.
    assert prepare[prepare.index("--worker-id") + 1] == command[command.index("--worker-id") + 1] == "%H"
    result = subprocess.run(
        [*prepare, "--help"],
        cwd=BASE_DIR,
        env=production_environment(TASKS_BACKEND="django_tasks_db.DatabaseBackend"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for option in (part for part in prepare[3:] if part.startswith("--")):
        assert option in result.stdout


def test_both_units_read_the_same_environment_file_and_restart_on_failure():
    for name in ("federation-app.service", "federation-worker.service"):
        unit = _unit(name)
        assert (unit["EnvironmentFile"], unit["Restart"], unit["User"]) == ("/etc/federation/env", "always", "federation")


# --- nginx in front of two app servers ------------------------------------------------------------------


def _certificate(directory: Path) -> tuple[Path, Path]:
    certificate, key = directory / "fullchain.pem", directory / "privkey.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=federation.test",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


def _nginx_configuration(
    directory: Path, *, app_ports: list[int], http_port: int, https_port: int, static_root: Path, media_root: Path
) -> Path:
    """docs/deployment/nginx.conf with this test's ports, paths and certificate, inside a minimal main
    configuration that runs nginx as this user in `directory` (as root, its workers would otherwise run
    as `nobody`, who cannot read the test's private temporary directory)."""
    certificate, key = _certificate(directory)
    site = (DEPLOYMENT / "nginx.conf").read_text()
    upstream = "\n".join(f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;  # app" for port in app_ports)
    site = re.sub(r"^    server 127\.0\.0\.1:8000 .*# app$", upstream, site, flags=re.MULTILINE)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};").replace("listen [::]:80;", "")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;").replace("listen [::]:443 ssl http2;", "")
    site = site.replace("/etc/letsencrypt/live/federation.example.org/fullchain.pem", str(certificate))
    site = site.replace("/etc/letsencrypt/live/federation.example.org/privkey.pem", str(key))
    site = site.replace("/var/lib/federation/static/", f"{static_root}/").replace("/var/lib/federation/media/", f"{media_root}/")
    site = site.replace("federation.example.org", "federation.test")
    (directory / "site.conf").write_text(site)
    main = directory / "nginx.conf"
    main.write_text(
        f"""daemon off;
{"user root;" if os.geteuid() == 0 else ""}
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {directory}/site.conf;
}}
"""
    )
    return main


@pytest.fixture
def nginx_available():
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make test` installs Debian's nginx-light package.")


@pytest.mark.django_db(transaction=True)
def test_nginx_serves_the_site_over_https_through_either_app_server(tmp_path, site_pages, nginx_available):
    static_root, media_root = tmp_path / "static", tmp_path / "media"
    environment = production_environment(
        DJANGO_SECRET_KEY="deployment-test-" + uuid.uuid4().hex,
        DJANGO_ALLOWED_HOSTS="federation.test,127.0.0.1",
        DJANGO_BEHIND_PROXY="true",
        DJANGO_SECURE_COOKIES="true",
        DJANGO_SSL_REDIRECT="true",
        DJANGO_HSTS_SECONDS="3600",
        DATABASE_URL=database_url(),
        DATABASE_CONN_MAX_AGE="0",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CACHE_KEY_PREFIX=f"deployment-{uuid.uuid4().hex}",
        STATIC_ROOT=str(static_root),
        STATIC_MANIFEST="true",
        MEDIA_ROOT=str(media_root),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        SERVE_MEDIA="false",
        EMAIL_URL="dummymail://",
        GUNICORN_ACCESS_LOG="",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=BASE_DIR, env=environment, check=True, timeout=300
    )
    (media_root / "documents").mkdir(parents=True)
    (media_root / "documents" / "statut.pdf").write_bytes(b"%PDF-1.7 test")

    servers = [Server("first", environment, tmp_path), Server("second", environment, tmp_path)]
    http_port, https_port = free_port(), free_port()
    configuration = _nginx_configuration(
        tmp_path,
        app_ports=[server.port for server in servers],
        http_port=http_port,
        https_port=https_port,
        static_root=static_root,
        media_root=media_root,
    )
    checked = subprocess.run([NGINX, "-t", "-c", str(configuration)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    nginx = subprocess.Popen([NGINX, "-c", str(configuration)], stderr=subprocess.PIPE)
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    site = f"https://127.0.0.1:{https_port}"
    headers = {"Host": "federation.test"}
    try:
        for server in servers:
            server.wait()

        # Plain HTTP moves to HTTPS; the app, told by X-Forwarded-Proto, does not redirect again.
        redirect = requests.get(f"http://127.0.0.1:{http_port}/", headers=headers, allow_redirects=False, timeout=10)
        assert (redirect.status_code, redirect.headers["Location"]) == (301, "https://federation.test/")
        home = requests.get(f"{site}/", headers=headers, verify=False, timeout=30)
        assert home.status_code == 200
        assert "Federacja" in home.text
        assert home.headers["Strict-Transport-Security"].startswith("max-age=")

        # Static files with hashed names from disk, cached for a year; public media as inert downloads.
        stylesheet = re.search(r'href="(/static/federation/css/site\.[0-9a-f]{12}\.css)"', home.text).group(1)
        static = requests.get(site + stylesheet, headers=headers, verify=False, timeout=10)
        assert static.status_code == 200, (stylesheet, static.status_code, dict(static.headers))
        assert static.headers["Cache-Control"] == "max-age=31536000, public, immutable"
        media = requests.get(f"{site}/media/documents/statut.pdf", headers=headers, verify=False, timeout=10)
        assert (media.status_code, media.headers["Content-Type"]) == (200, "application/pdf")
        assert media.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"

        # One app server goes away: the proxy carries on with the other.
        servers[0].stop()
        for _ in range(4):
            assert requests.get(f"{site}/healthz", headers=headers, verify=False, timeout=30).json()["status"] in {"ok", "degraded"}
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        for server in servers:
            if server.process.poll() is None:
                server.stop()
