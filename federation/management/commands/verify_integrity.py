"""Check the records that must never change after the fact: the activity log's hash chain and the signed
texts of positions."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from federation.activity import chain_verify
from positions.selectors import signed_texts_verify


class Command(BaseCommand):
    help = (
        "Verify the activity log's hash chain (every entry matches its hash and follows the one before, with no "
        "number missing) and recompute the SHA-256 of every signed text of a position. Prints how much was "
        "checked; when anything is wrong, lists each problem and exits with status 1. Changes nothing."
    )

    def handle(self, *args, **options):
        chain = chain_verify()
        texts = signed_texts_verify()
        self.stdout.write(
            ngettext("Activity log: %(count)d entry checked.", "Activity log: %(count)d entries checked.", chain.checked)
            % {"count": chain.checked}
        )
        self.stdout.write(
            ngettext("Signed texts: %(count)d version checked.", "Signed texts: %(count)d versions checked.", texts.checked)
            % {"count": texts.checked}
        )
        problems = [*chain, *texts]
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                ngettext("%(count)d problem found.", "%(count)d problems found.", len(problems)) % {"count": len(problems)},
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(_("Everything is intact.")))
