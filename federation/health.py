"""What `/healthz` reports: can this app server reach the database, the cache, and are tasks being run?

A load balancer or monitoring probe reads the HTTP status: 200 while the database answers (the site can
serve pages, with or without its cache), 503 when it does not. The JSON body says what each part reported,
so an operator sees at once whether the cache is down or the task workers have stopped picking up work.
"""

import time
import uuid
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

OK, DEGRADED, FAILING = "ok", "degraded", "failing"

# A task waiting longer than this (seconds) means no worker is taking tasks from the queue.
TASK_DELAY_LIMIT = 300


@dataclass
class Check:
    status: str
    milliseconds: float = 0.0
    detail: dict = field(default_factory=dict)


def _timed(function) -> Check:
    started = time.perf_counter()
    try:
        status, detail = function()
    except Exception as error:  # any failure of a dependency is what this endpoint exists to report
        status, detail = FAILING, {"error": f"{type(error).__name__}: {error}"[:300]}
    return Check(status=status, milliseconds=round((time.perf_counter() - started) * 1000, 1), detail=detail)


def _database():
    vendors = {}
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        vendors[alias] = connections[alias].vendor
    return OK, vendors


def _cache():
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if hasattr(cache, "ping"):  # the resilient Redis cache hides outages from the pages, not from here
        cache.ping()
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    read = cache.get(key)
    cache.delete(key)
    return (OK if read == value else DEGRADED), {"backend": backend}


def _tasks():
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return OK, {"backend": backend.rsplit(".", 1)[-1], "workers": "in-process"}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    delay = (now - oldest).total_seconds() if oldest else 0.0
    detail = {
        "backend": "DatabaseBackend",
        "waiting": waiting.count(),
        "running": DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
        "oldest_waiting_seconds": round(delay),
    }
    return (DEGRADED if delay > TASK_DELAY_LIMIT else OK), detail


def health_report() -> tuple[int, dict]:
    """(HTTP status, report). The database decides the HTTP status; the cache and the task queue only
    mark the report as degraded."""
    database = _timed(_database)
    checks = {"database": database, "cache": _timed(_cache)}
    checks["tasks"] = _timed(_tasks) if database.status == OK else Check(status=FAILING, detail={"error": "database unavailable"})
    if database.status != OK:
        overall = FAILING
    elif any(check.status != OK for check in checks.values()):
        overall = DEGRADED
    else:
        overall = OK
    report = {"status": overall, "checks": {name: asdict(check) for name, check in checks.items()}}
    return (503 if overall == FAILING else 200), report
