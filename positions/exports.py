"""The comment table of a position, exported as an editable workbook (XLSX) or a PDF.

Two layouts, each a document format of its own country, so their words are fixed in that country's
language whatever the reader's interface language:

- "pl": the Polish government's consultation table ("tabela uwag"): body, provision, comment with its
  justification, proposed wording, the drafter's answer;
- "cz": the Czech interdepartmental procedure's settlement table ("vypořádání připomínek"), which also
  says whether a comment is fundamental (Z) or a recommendation (D); a rejected fundamental comment is a
  dispute ("rozpor").

The column headings and settlement words are the vocabulary of these formats, as a government form's
field names are, and are therefore constants here rather than gettext messages.

Reads only through `positions.selectors.comment_list`: one query whatever the number of comments.
"""

import datetime as dt
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from federation.spreadsheets import put_text
from positions.enums import CommentWeight, Settlement
from positions.models import Comment, Position
from positions.selectors import comment_list
from positions.text import subpoint_label
from presidency.dates import local_day

LAYOUTS = ("pl", "cz")


@dataclass(frozen=True)
class Column:
    heading: str
    width: int  # in characters, for the workbook; the PDF takes its share of the page from it


@dataclass(frozen=True)
class Layout:
    """The words and shape of one country's comment table."""

    code: str
    language: str  # the document's language (html lang)
    heading: str
    sheet_title: str
    draft_label: str  # in place of a reference number before adoption
    date_label: str
    justification_label: str
    general_comment: str
    point: str  # "pkt 3"
    point_with_subpoint: str  # "pkt 2 lit. a"
    settlements: dict
    dispute: str
    legend: str
    no_comments: str
    columns: tuple[Column, ...]
    has_weight: bool


PL = Layout(
    code="pl",
    language="pl",
    heading="Tabela uwag",
    sheet_title="Tabela uwag",
    draft_label="projekt",
    date_label="stan na",
    justification_label="Uzasadnienie:",
    general_comment="uwaga ogólna",
    point="pkt {point}",
    point_with_subpoint="pkt {point} lit. {letter}",
    settlements={
        Settlement.ACCEPTED: "uwzględniona",
        Settlement.PARTLY_ACCEPTED: "częściowo uwzględniona",
        Settlement.REJECTED: "nieuwzględniona",
        Settlement.PENDING: "do rozpatrzenia",
    },
    dispute="",
    legend="",
    no_comments="Brak uwag.",
    columns=(
        Column("Lp.", 5),
        Column("Podmiot zgłaszający uwagę", 24),
        Column("Jednostka redakcyjna", 18),
        Column("Treść uwagi i uzasadnienie", 58),
        Column("Propozycja zmiany zapisu", 42),
        Column("Stanowisko wnioskodawcy", 42),
    ),
    has_weight=False,
)

CZ = Layout(
    code="cz",
    language="cs",
    heading="Vypořádání připomínek",
    sheet_title="Vypořádání",
    draft_label="návrh",
    date_label="stav k",
    justification_label="Odůvodnění:",
    general_comment="obecná připomínka",
    point="bod {point}",
    point_with_subpoint="bod {point} písm. {letter})",
    settlements={
        Settlement.ACCEPTED: "vyhověno",
        Settlement.PARTLY_ACCEPTED: "částečně vyhověno",
        Settlement.REJECTED: "nevyhověno",
        Settlement.PENDING: "nevypořádáno",
    },
    dispute="rozpor",
    legend="Z = zásadní připomínka, D = doporučující připomínka",
    no_comments="Bez připomínek.",
    columns=(
        Column("Č.", 5),
        Column("Připomínkové místo", 22),
        Column("Ustanovení", 18),
        Column("Druh připomínky", 14),
        Column("Připomínka a odůvodnění", 52),
        Column("Navrhované znění", 36),
        Column("Vypořádání", 36),
    ),
    has_weight=True,
)


def layout_get(code: str) -> Layout:
    if code == "pl":
        return PL
    if code == "cz":
        return CZ
    raise ValueError(f"Unknown comment table layout {code!r}; expected one of {LAYOUTS}.")


# --- Rows -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentTableRow:
    """One comment as a line of the table, worded for its layout."""

    number: int
    association: str
    provision: str
    weight: str  # "Z" or "D" (shown in the Czech layout only)
    text: str
    justification: str
    justification_label: str
    proposed_wording: str
    settlement: str  # the layout's word, with the dispute mark when there is one
    reply: str
    dispute: bool
    has_weight: bool

    @property
    def comment(self) -> str:
        """The comment and its justification, as one cell of the table."""
        if not self.justification:
            return self.text
        return f"{self.text}\n\n{self.justification_label} {self.justification}"

    @property
    def answer(self) -> str:
        """The settlement and the reply, as one cell of the table."""
        return f"{self.settlement}\n{self.reply}" if self.reply else self.settlement

    def cells(self) -> tuple:
        """The values of the row's cells, in the order of the layout's columns."""
        weight = (self.weight,) if self.has_weight else ()
        return (self.number, self.association, self.provision, *weight, self.comment, self.proposed_wording, self.answer)


def _provision(comment: Comment, layout: Layout) -> str:
    if comment.point is None:
        return layout.general_comment
    if comment.subpoint:
        return layout.point_with_subpoint.format(point=comment.point, letter=subpoint_label(comment.subpoint - 1))
    return layout.point.format(point=comment.point)


def _settlement(comment: Comment, layout: Layout) -> tuple[str, bool]:
    word = layout.settlements[Settlement(comment.settlement)]
    dispute = bool(layout.dispute) and comment.settlement == Settlement.REJECTED and comment.weight == CommentWeight.FUNDAMENTAL
    return (f"{word} – {layout.dispute}" if dispute else word), dispute


def _order(comment: Comment) -> tuple:
    """General comments first, then by point and sub-point (a whole point before its sub-points), each in
    order of submission. Sorted here so the order does not depend on where the database puts NULLs."""
    return (comment.point is not None, comment.point or 0, comment.subpoint or 0)


def comment_table_rows(*, position: Position, layout: str) -> list[CommentTableRow]:
    """The position's comments as rows of the table in `layout` ("pl" or "cz"). One query."""
    words = layout_get(layout)
    comments = sorted(comment_list(position=position), key=_order)  # stable: submission order within a provision
    rows = []
    for number, comment in enumerate(comments, start=1):
        settlement, dispute = _settlement(comment, words)
        rows.append(
            CommentTableRow(
                number=number,
                association=comment.association.name,
                provision=_provision(comment, words),
                weight="Z" if comment.weight == CommentWeight.FUNDAMENTAL else "D",
                text=comment.text,
                justification=comment.justification,
                justification_label=words.justification_label,
                proposed_wording=comment.proposed_wording,
                settlement=settlement,
                reply=comment.reply,
                dispute=dispute,
                has_weight=words.has_weight,
            )
        )
    return rows


def _title_lines(position: Position, words: Layout, today: dt.date) -> tuple[str, str]:
    reference = position.reference or words.draft_label
    with translation.override(words.language):
        day = date_format(today, "SHORT_DATE_FORMAT")
    return f"{words.heading}: {position.title}", f"{reference} · {words.date_label} {day}"


# --- XLSX -----------------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_HEADER_FILL = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
_HEADER_ROW = 3


def comment_table_xlsx(*, position: Position, layout: str, today: dt.date | None = None) -> bytes:
    """The comment table as an editable workbook: title rows, a frozen header row, one row per comment,
    ready to print (A4 landscape, fitted to the page width, the header row on every page)."""
    words = layout_get(layout)
    today = today or local_day()
    rows = comment_table_rows(position=position, layout=layout)
    width = len(words.columns)
    last_column = get_column_letter(width)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = words.sheet_title
    title, subtitle = _title_lines(position, words, today)
    workbook.properties.title = title
    workbook.properties.language = words.language

    for row_number, (text, font) in enumerate(((title, Font(bold=True, size=13)), (subtitle, Font(size=10))), start=1):
        cell = sheet.cell(row=row_number, column=1)
        put_text(cell, f"{text}   ({words.legend})" if row_number == 2 and words.legend else text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=width)
    sheet.row_dimensions[1].height = 20 * (1 + len(title) // 110)  # merged cells do not grow with their text

    for index, column in enumerate(words.columns, start=1):
        cell = sheet.cell(row=_HEADER_ROW, column=index)
        put_text(cell, column.heading)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width

    for offset, row in enumerate(rows, start=1):
        for index, value in enumerate(row.cells(), start=1):
            cell = sheet.cell(row=_HEADER_ROW + offset, column=index)
            if isinstance(value, int):
                cell.value = value
            else:
                put_text(cell, value)
            cell.border = _BORDER
            cell.alignment = _WRAP_TOP
        if row.dispute:
            sheet.cell(row=_HEADER_ROW + offset, column=width).font = Font(bold=True)

    sheet.freeze_panes = sheet.cell(row=_HEADER_ROW + 1, column=1)
    sheet.auto_filter.ref = f"A{_HEADER_ROW}:{last_column}{_HEADER_ROW + max(len(rows), 1)}"
    sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    sheet.print_area = f"A1:{last_column}{_HEADER_ROW + len(rows)}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddFooter.center.size = 9

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF ------------------------------------------------------------------------------------------------


def comment_table_pdf(*, position: Position, layout: str, today: dt.date | None = None) -> bytes:
    """The comment table as a PDF: A4 landscape, the header row repeated on every page, page numbers."""
    words = layout_get(layout)
    today = today or local_day()
    title, subtitle = _title_lines(position, words, today)
    total = sum(column.width for column in words.columns)
    html = render_to_string(
        "positions/exports/comment_table.html",
        {
            "layout": words,
            "title": title,
            "subtitle": subtitle,
            "columns": [{"heading": c.heading, "width": f"{100 * c.width / total:.2f}%"} for c in words.columns],
            "rows": comment_table_rows(position=position, layout=layout),
        },
    )
    from federation.pdf import render_pdf  # WeasyPrint loads only where a PDF is made

    return render_pdf(html)
