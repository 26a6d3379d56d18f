import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events import services


class Command(BaseCommand):
    help = (
        "Remove the personal data of registrations for events that ended more than EVENT_DATA_RETENTION_DAYS "
        "days ago (or --days). The registrations stay, without names, addresses or invoice data, so the counts "
        "do not change. Running it again anonymises only what has come due since. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"keep personal data this many days after an event ends (default: EVENT_DATA_RETENTION_DAYS, now {settings.EVENT_DATA_RETENTION_DAYS})",
        )
        parser.add_argument("--dry-run", action="store_true", help="only say how many registrations would be anonymised; change nothing")

    def handle(self, *args, days: int | None, dry_run: bool, **options):
        if days is not None and days < 0:
            raise CommandError(_("The number of days cannot be negative."))
        retention = settings.EVENT_DATA_RETENTION_DAYS if days is None else days
        now = timezone.now()
        # A dry run does the real work and rolls it back, so the count is exactly what a real run would do.
        with transaction.atomic():
            count = services.registrations_anonymise(now=now, retention_days=retention)
            if dry_run:
                transaction.set_rollback(True)
        cutoff = formats.date_format(timezone.localtime(now - dt.timedelta(days=retention)), "SHORT_DATETIME_FORMAT")
        if dry_run:
            message = ngettext(
                "Dry run: %(count)d registration of events that ended before %(cutoff)s would be anonymised; nothing was changed.",
                "Dry run: %(count)d registrations of events that ended before %(cutoff)s would be anonymised; nothing was changed.",
                count,
            )
            self.stdout.write(message % {"count": count, "cutoff": cutoff})
            return
        message = ngettext(
            "Anonymised %(count)d registration of events that ended before %(cutoff)s.",
            "Anonymised %(count)d registrations of events that ended before %(cutoff)s.",
            count,
        )
        self.stdout.write(self.style.SUCCESS(message % {"count": count, "cutoff": cutoff}))
