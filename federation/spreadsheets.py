"""Writing cells of exported spreadsheets (CSV and XLSX) so that no spreadsheet evaluates them.

A value starting with =, +, -, @, tab or CR is read as a formula (or a DDE payload) by Excel and
LibreOffice; every export writes text through these two functions.
"""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """`value` as a CSV cell no spreadsheet evaluates: a leading apostrophe before a formula start."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def put_text(cell, value: str) -> None:
    """Write `value` into a workbook cell as text that no spreadsheet evaluates.

    The value is kept as typed: a string cell (never a formula), and a value that starts like a formula
    also gets Excel's quote prefix (the invisible apostrophe), so editing the cell later does not turn it
    into one. Characters XML cannot hold are dropped; an empty value leaves the cell empty.
    """
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value:
        return
    cell.value = value
    cell.data_type = "s"  # openpyxl takes a value starting with "=" for a formula; this undoes that
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
