"""The open-data files of adopted positions: every published and superseded position, and every public
signature on them, as UTF-8 CSV with a header row.

Only what the public site shows (through `positions.selectors`): drafts, positions in consultation or
signing, declined signatures and signatures on an earlier text never appear. Every text cell goes through
`federation.spreadsheets.csv_text`, so no spreadsheet evaluates a title that starts like a formula. The
columns, with what each holds, are data here: the open-data page lists them from the same definitions.
"""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federation.spreadsheets import csv_text
from positions import selectors
from positions.models import Position, Signature


@dataclass(frozen=True)
class Column:
    name: str
    description: str


POSITION_COLUMNS = [
    Column("reference", _("Reference number, e.g. FED/2026/07: unique, given at adoption.")),
    Column("title", _("Title of the position.")),
    Column("topic_pl", _("Policy topic, in Polish (empty when none).")),
    Column("topic_cs", _("Policy topic, in Czech.")),
    Column("topic_en", _("Policy topic, in English.")),
    Column("lead_association", _("The association that led the drafting.")),
    Column("adopted_on", _("Date of adoption (YYYY-MM-DD).")),
    Column("adopted_place", _("Place of adoption.")),
    Column("status", _("published, or superseded by a later position.")),
    Column("sha256", _("SHA-256 of the adopted text, as printed in the PDF.")),
    Column("url", _("The position's page on this site.")),
    Column("pdf_url", _("The PDF of the adopted text.")),
]

SIGNATURE_COLUMNS = [
    Column("position_reference", _("Reference number of the position (as in positions.csv).")),
    Column("association", _("The member association that decided.")),
    Column("decision", _("signed, or abstained (objections are not published).")),
    Column("signed_on", _("Date of the decision (YYYY-MM-DD).")),
    Column("signer_name", _("Name of the person who signed for the association, as shown under the position.")),
    Column("signer_function", _("Their function in the association.")),
    Column("text_sha256", _("SHA-256 of the text decided on: the adopted text of the position.")),
]


def _cell(value) -> str:
    """A text cell no spreadsheet evaluates; dates as YYYY-MM-DD; nothing as an empty cell."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return csv_text(str(value))


def _csv(columns: list[Column], rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(column.name) for column in columns])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def positions_csv(*, page_url: Callable[[Position], str | None], pdf_url: Callable[[Position], str]) -> bytes:
    """Every public position in order of adoption, one row each (POSITION_COLUMNS); one query.

    `page_url` and `pdf_url` give the absolute addresses of a position (the view knows the host)."""

    def row(position: Position) -> list:
        topic = position.topic
        return [
            position.reference,
            position.title,
            topic.name_pl if topic else "",
            topic.name_cs if topic else "",
            topic.name_en if topic else "",
            position.lead_association.name,
            position.adopted_on,
            position.adopted_place,
            position.status,
            position.current_version.sha256,
            page_url(position) or "",
            pdf_url(position),
        ]

    return _csv(POSITION_COLUMNS, (row(position) for position in selectors.position_list_open_data().iterator(chunk_size=500)))


def signatures_csv() -> bytes:
    """Every public signature and abstention, by position in order of adoption, then by association
    (SIGNATURE_COLUMNS); one query."""

    def row(signature: Signature) -> list:
        return [
            signature.position.reference,
            signature.association.name,
            signature.decision,
            timezone.localdate(signature.signed_at),
            signature.signer_name,
            signature.signer_function,
            signature.text_sha256,
        ]

    return _csv(SIGNATURE_COLUMNS, (row(signature) for signature in selectors.signature_list_open_data().iterator(chunk_size=500)))
