"""The organiser's list of participants, exported as CSV and as a workbook (XLSX).

One row per registration in the order of `selectors.registration_list` (confirmed, then the waiting list
in order, then cancelled), with the invoice columns when the event is paid. Headers are in the active
language; times are in the event's own time zone. One query whatever the number of registrations.

Anything a person typed may start like a spreadsheet formula ("=HYPERLINK(…)", "+48…", "@SUM"): it is
kept as the text it was, never evaluated: in CSV behind a leading apostrophe, in the workbook as a string
cell with Excel's quote prefix.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from events.enums import Fee, RegistrationStatus
from events.models import Event, Registration
from events.selectors import registration_list
from federation.spreadsheets import csv_text, put_text


@dataclass(frozen=True)
class Column:
    heading: str
    width: int  # in characters, for the workbook


def columns(event: Event) -> list[Column]:
    """The columns of the list, headed in the active language."""
    result = [
        Column(pgettext("ordinal number", "No."), 5),
        Column(_("First name"), 16),
        Column(_("Last name"), 20),
        Column(_("E-mail"), 30),
        Column(_("Job title"), 22),
        Column(_("Office or organisation"), 30),
        Column(_("Local government"), 26),
        Column(_("Official code (TERC / municipality code)"), 14),
        Column(_("Association"), 30),
        Column(pgettext("registration", "Status"), 16),
        Column(_("Position on the waiting list"), 12),
        Column(_("Registered at"), 17),
        Column(_("Checked in at"), 17),
        Column(_("Certificate number"), 16),
    ]
    if event.fee == Fee.PAID:
        result += [
            Column(_("Buyer (invoice)"), 28),
            Column(_("Buyer's NIP"), 14),
            Column(_("Buyer's address"), 34),
            Column(_("Recipient (invoice)"), 28),
            Column(_("Recipient's address"), 34),
        ]
    return result


def _local(moment: dt.datetime | None, event: Event) -> dt.datetime | None:
    """A moment as the wall-clock time of the event's zone, to the minute (naive: spreadsheets have no zones)."""
    if moment is None:
        return None
    return timezone.localtime(moment, event.zone).replace(second=0, microsecond=0, tzinfo=None)


def rows(*, event: Event) -> list[list]:
    """The values of the list: text (str), numbers (int) and local times (naive datetime) or None."""
    paid = event.fee == Fee.PAID
    waiting = 0
    result = []
    for number, registration in enumerate(registration_list(event=event), start=1):
        local_government = registration.local_government
        position = None
        if registration.status == RegistrationStatus.WAITING:
            waiting += 1
            position = waiting
        row = [
            number,
            registration.first_name,
            registration.last_name,
            "" if registration.anonymised_at else registration.email,
            registration.job_title,
            registration.unit,
            local_government.name if local_government else "",
            local_government.code if local_government else "",
            registration.association.name if registration.association else "",
            registration.get_status_display(),
            position,
            _local(registration.created_at, event),
            _local(registration.checked_in_at, event),
            registration.certificate_number,
        ]
        if paid:
            row += _invoice(registration)
        result.append(row)
    return result


def _invoice(registration: Registration) -> list[str]:
    return [
        registration.buyer_name,
        registration.buyer_nip,
        registration.buyer_address,
        registration.recipient_name,
        registration.recipient_address,
    ]


def _csv_value(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, int):
        return value
    return csv_text(value)


def registrations_csv(*, event: Event) -> bytes:
    """The list as CSV: UTF-8 with a byte-order mark (so Excel reads the Polish and Czech letters), comma
    separated, a header row first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_text(column.heading) for column in columns(event)])
    for row in rows(event=event):
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


_HEADER_FILL = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def sheet_title(title: str) -> str:
    """A worksheet's name: at most 31 characters, none of []:*?/\\."""
    cleaned = " ".join("".join(" " if character in "[]:*?/\\" else character for character in title).split())
    return cleaned[:31].strip() or "Sheet"


def registrations_xlsx(*, event: Event) -> bytes:
    """The list as a workbook: a bold, frozen header row with a filter, columns sized for their content,
    times as real date-times in the event's time zone."""
    heading = columns(event)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(_("Participants"))
    workbook.properties.title = f"{_('Participants')}: {event.title}"

    for index, column in enumerate(heading, start=1):
        cell = sheet.cell(row=1, column=index)
        put_text(cell, column.heading)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width

    data = rows(event=event)
    for row_number, row in enumerate(data, start=2):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=index)
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                cell.value = value
                cell.number_format = _DATETIME_FORMAT
            elif isinstance(value, int):
                cell.value = value
            else:
                put_text(cell, value)

    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(heading))}{max(len(data), 1) + 1}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(event: Event, extension: str) -> str:
    """E.g. "2026-03-12-seminarium-participants.csv"; the slug already starts with the date."""
    return f"{event.slug}-participants.{extension}"
