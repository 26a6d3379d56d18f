"""The production shape: `check --deploy` is clean under production's environment, and `/healthz` tells
a load balancer what this app server can reach."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from positions import tasks as position_tasks

BASE_DIR = Path(settings.BASE_DIR)

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x4Jq8vT1Lr0bWm9Zc2Ns7Pd5Gh3Ky6Fa_Ue8Yi1Oo4Rw0Tt2Ss6Qq9Vv3Xx7Bb5Nn1Mm",
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "federation.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://federation.example.org",
    "DJANGO_SECURE_COOKIES": "true",
    "DJANGO_BEHIND_PROXY": "true",
    "DJANGO_SSL_REDIRECT": "true",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DJANGO_HSTS_PRELOAD": "true",
    "STATIC_MANIFEST": "true",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/federation",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    "SERVE_MEDIA": "false",
}


def _check_deploy(extra_env: dict) -> subprocess.CompletedProcess:
    # Only the variables given: not the test run's own DATABASE_URL or a developer's .env values.
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "TASKS_"))}
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_the_production_environment():
    result = _check_deploy(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_names_what_the_embedded_default_lacks():
    result = _check_deploy({})
    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W009", "security.W012", "security.W016"):
        assert warning in result.stderr


# --- /healthz -------------------------------------------------------------------------------------------


def _health(client):
    response = client.get("/healthz")
    assert response["Cache-Control"].startswith("max-age=0")
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_healthz_reports_every_part_ok(client):
    status, report = _health(client)
    assert status == 200
    assert report["status"] == "ok"
    assert set(report["checks"]) == {"database", "cache", "tasks"}
    assert report["checks"]["database"]["status"] == "ok"
    assert report["checks"]["database"]["detail"] == {"default": connection.vendor}
    assert report["checks"]["cache"] == {
        "status": "ok",
        "milliseconds": report["checks"]["cache"]["milliseconds"],
        "detail": {"backend": "LocMemCache"},
    }
    assert report["checks"]["tasks"]["detail"] == {"backend": "ImmediateBackend", "workers": "in-process"}


@pytest.mark.django_db
def test_healthz_is_503_without_the_database(client):
    with mock.patch("federation.health._database", side_effect=OSError("connection refused")):
        status, report = _health(client)
    assert status == 503
    assert report["status"] == "failing"
    assert report["checks"]["database"]["detail"] == {"error": "OSError: connection refused"}
    assert report["checks"]["tasks"]["status"] == "failing"


@pytest.mark.django_db
def test_healthz_stays_200_but_degraded_when_the_cache_is_unreachable(client):
    unreachable = {"default": {"BACKEND": "federation.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=unreachable):
        status, report = _health(client)
    assert status == 200
    assert report["status"] == "degraded"
    assert report["checks"]["cache"]["status"] == "failing"
    assert report["checks"]["cache"]["detail"]["error"].startswith("ConnectionError")
    assert report["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_healthz_reads_the_real_redis(client):
    redis = {
        "default": {
            "BACKEND": "federation.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": "healthz-test",
        }
    }
    with override_settings(CACHES=redis):
        status, report = _health(client)
    assert status == 200
    assert report["checks"]["cache"]["status"] == "ok"
    assert report["checks"]["cache"]["detail"] == {"backend": "ResilientRedisCache"}


@pytest.mark.django_db
def test_healthz_says_when_no_worker_takes_tasks(client):
    from django_tasks_db.models import DBTaskResult

    database_tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=database_tasks):
        position_tasks.render_position_pdf.enqueue(version_id=0)
        status, report = _health(client)
        assert (status, report["status"]) == (200, "ok")
        assert report["checks"]["tasks"]["detail"] == {
            "backend": "DatabaseBackend",
            "waiting": 1,
            "running": 0,
            "oldest_waiting_seconds": 0,
        }

        DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=10))
        status, report = _health(client)
    assert (status, report["status"]) == (200, "degraded")
    assert report["checks"]["tasks"]["status"] == "degraded"
    assert 600 <= report["checks"]["tasks"]["detail"]["oldest_waiting_seconds"] < 660


def test_sessions_are_shared_through_the_database_and_the_cache():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_every_environment_variable_the_app_reads_is_documented():
    import re

    read = set()
    for source in ("federation/settings.py", "federation/gunicorn.conf.py"):
        text = (BASE_DIR / source).read_text()
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', text))
        read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', text))
    documented = set(re.findall(r"^([A-Z_]+)=", (BASE_DIR / ".env.example").read_text(), re.MULTILINE))
    assert read - documented == set()
    assert {"DATABASE_URL", "REDIS_URL", "TASKS_BACKEND", "GUNICORN_WORKERS"} <= read
