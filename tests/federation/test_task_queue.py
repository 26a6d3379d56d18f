"""Tasks abandoned by a dead task worker are queued again (federation/task_queue.py), and only those."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from federation.task_queue import tasks_requeue_abandoned

pytestmark = pytest.mark.django_db


def _task(*, status=TaskResultStatus.RUNNING, worker="host-a", started_seconds_ago=5) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {"version_id": 1}},
        task_path="positions.tasks.render_position_pdf",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now() - dt.timedelta(seconds=started_seconds_ago) if status != TaskResultStatus.READY else None,
        worker_ids=[worker] if status != TaskResultStatus.READY else [],
    )


def test_requeue_takes_the_tasks_of_the_restarting_worker_and_the_stale_ones():
    own = _task(worker="host-a")
    stale = _task(worker="host-b", started_seconds_ago=700)
    running_elsewhere = _task(worker="host-b")
    finished = _task(status=TaskResultStatus.SUCCESSFUL, worker="host-a")
    waiting = _task(status=TaskResultStatus.READY)

    requeued = tasks_requeue_abandoned(worker_id="host-a", stale_after=dt.timedelta(seconds=600))

    assert sorted(requeued) == sorted([str(own.pk), str(stale.pk)])
    statuses = {task.pk: (task.status, task.started_at, task.worker_ids) for task in DBTaskResult.objects.all()}
    assert statuses[own.pk] == (TaskResultStatus.READY, None, ["host-a"])
    assert statuses[stale.pk] == (TaskResultStatus.READY, None, ["host-b"])
    assert statuses[running_elsewhere.pk][0] == TaskResultStatus.RUNNING
    assert statuses[finished.pk][0] == TaskResultStatus.SUCCESSFUL
    assert statuses[waiting.pk][0] == TaskResultStatus.READY
    assert list(DBTaskResult.objects.ready().order_by("enqueued_at")) == [own, stale, waiting]


def test_requeue_command_without_a_worker_id_takes_only_stale_tasks(settings):
    settings.TASKS_STALE_AFTER_SECONDS = 600
    _task(worker="host-a")
    stale = _task(worker="host-a", started_seconds_ago=601)
    out = StringIO()

    # A command speaks the active language (whatever the tests before this one left): fixed here.
    with translation.override("pl"):
        call_command("tasks_requeue_stale", stdout=out)

    assert out.getvalue().splitlines() == ["1 porzucone zadanie ponownie dodane do kolejki.", f"Ponownie w kolejce: {stale.pk}"]
    assert DBTaskResult.objects.running().count() == 1
