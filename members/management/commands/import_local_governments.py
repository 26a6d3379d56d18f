from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from members import services
from members.importers import FEDERATION_HEADER, TERC_HEADER, parse_local_governments
from members.models import LocalGovernment


class Command(BaseCommand):
    help = (
        "Import local-government units from a CSV file: the GUS TERYT TERC layout ("
        + ";".join(TERC_HEADER)
        + ") or the federation layout ("
        + ",".join(FEDERATION_HEADER)
        + "). All or nothing: if any row is invalid, every bad row is reported and nothing changes. "
        "Re-importing updates units in place (keyed on the official code)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="path to the CSV file")

    def handle(self, *args, file: Path, verbosity: int, **options):
        if not file.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": file})
        known_codes = frozenset(LocalGovernment.objects.values_list("code", flat=True))
        parsed = parse_local_governments(file.read_bytes(), known_codes=known_codes)
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)s invalid row(s) in %(path)s; nothing was imported.")
                % {"count": len({error.line for error in parsed.errors}), "path": file}
            )

        def progress(done, total):
            if verbosity and (done == total or done % 500 == 0):
                self.stdout.write(_("%(done)s / %(total)s rows") % {"done": done, "total": total})

        result = services.local_governments_import(rows=parsed.rows, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(path)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s skipped (parts of gminy; cities with county rights come in once, as gminy)."
                )
                % {
                    "path": file.name,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "skipped": parsed.skipped,
                }
            )
        )
