"""Tasks abandoned by a task worker that died, put back in the queue.

django-tasks' database worker (0.12) marks a task "running" when it takes it and never looks at it again:
if the worker is killed (SIGKILL, out of memory, host crash), the task stays "running" for good and no
other worker runs it. `tasks_requeue_abandoned` makes such tasks ready again; `manage.py
tasks_requeue_stale` calls it, and the worker's systemd unit runs that before every start of the worker
(docs/deployment/federation-worker.service).

A task counts as abandoned when
- the worker that took it has the id of the worker now starting: worker ids are fixed per host (the unit
  passes the host name), and one worker per id runs at a time, so the earlier one is dead; or
- it has been running longer than TASKS_STALE_AFTER_SECONDS, far longer than any task takes, so its worker
  (on whatever host) is gone.

Our tasks may run again safely: a PDF is stored once per version (`positions.pdf.document_ensure`). A mail
task that was killed half-way may send some of its mails a second time, which is better than none.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def tasks_requeue_abandoned(*, worker_id: str | None = None, stale_after: dt.timedelta | None = None) -> list[str]:
    """Put the abandoned running tasks back to "ready"; returns their ids.

    Side effects: the tasks' status and start time are reset (their list of worker ids keeps the dead one);
    a warning is logged for each.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if stale_after is None:
        stale_after = dt.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS)
    limit = timezone.now() - stale_after
    requeued = []
    with transaction.atomic():
        # A worker changes its task's row only when it ends, so this lock waits at most for that write.
        for task in DBTaskResult.objects.running().select_for_update().order_by("started_at"):
            dead_worker = worker_id is not None and task.worker_ids and task.worker_ids[-1] == worker_id
            stale = task.started_at is None or task.started_at < limit
            if not (dead_worker or stale):
                continue
            task.status = TaskResultStatus.READY
            task.started_at = None
            task.save(update_fields=["status", "started_at"])
            requeued.append(str(task.pk))
            logger.warning(
                "Task %s (%s) was left running by worker %s since %s; queued again",
                task.pk,
                task.task_path,
                task.worker_ids[-1] if task.worker_ids else "?",
                task.started_at,
            )
    return requeued
