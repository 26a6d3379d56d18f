"""Put tasks abandoned by a dead task worker back in the queue (federation/task_queue.py)."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from federation.task_queue import tasks_requeue_abandoned


class Command(BaseCommand):
    help = (
        "Make running tasks ready again when the worker that took them is dead: tasks last taken by the "
        "worker id given (the worker about to start with that id), and tasks running longer than "
        "TASKS_STALE_AFTER_SECONDS. The worker's systemd unit runs this before starting the worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default=None, help="The id of the worker about to start (its earlier run is dead).")
        parser.add_argument(
            "--stale-after",
            type=int,
            default=None,
            help="Seconds after which a running task counts as abandoned (default: TASKS_STALE_AFTER_SECONDS).",
        )

    def handle(self, *args, worker_id=None, stale_after=None, **options):
        seconds = settings.TASKS_STALE_AFTER_SECONDS if stale_after is None else stale_after
        requeued = tasks_requeue_abandoned(worker_id=worker_id, stale_after=dt.timedelta(seconds=seconds))
        self.stdout.write(
            ngettext("%(count)d abandoned task queued again.", "%(count)d abandoned tasks queued again.", len(requeued))
            % {"count": len(requeued)}
        )
        for task_id in requeued:
            self.stdout.write(_("Queued again: %(id)s") % {"id": task_id})
