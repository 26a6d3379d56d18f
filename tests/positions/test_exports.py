import datetime as dt
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from positions import exports, services
from positions.enums import CommentWeight, PositionStatus, Settlement
from tests.factories import POINTS

D = dt.date
ONE_DAY = dt.timedelta(days=1)
EXPORT_DAY = D(2026, 3, 14)
TITLE = "Stanowisko w sprawie finansowania zadań oświatowych"
FORMULA = '=HYPERLINK("http://x")'

pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")


def _in_consultation(fed):
    position = services.position_create(lead_association=fed.zgl, title=TITLE, points=POINTS, by=fed.people.zgl_editor)
    return services.position_transition(
        position=position, to=PositionStatus.CONSULTATION, by=fed.people.zgl_editor, consultation_deadline=fed.today + 7 * ONE_DAY
    )


def _comment(fed, position, association, weight, text, **kwargs):
    editor = {fed.smo: fed.people.smo_editor, fed.zgp: fed.people.zgp_editor}[association]
    return services.comment_submit(position=position, association=association, by=editor, text_=text, weight=weight, **kwargs)


def _settle(fed, comment, settlement, reply=""):
    return services.comment_settle(comment=comment, settlement=settlement, reply=reply, by=fed.people.zgl_editor)


@pytest.fixture
def commented(fed):
    """A position in consultation with five comments from SMO and ZGP, submitted out of the table's order
    and settled in every way."""
    position = _in_consultation(fed)
    partly = _comment(
        fed,
        position,
        fed.zgp,
        CommentWeight.RECOMMENDATION,
        "Termin jest zbyt krótki.",
        point=3,
        proposed_wording="Zmiany powinny wejść w życie od 1 stycznia 2028 r.",
    )
    dispute = _comment(
        fed,
        position,
        fed.smo,
        CommentWeight.FUNDAMENTAL,
        "Doplnit povinnost konzultace s obcemi.",
        point=2,
        subpoint=1,
        justification="Obce nesou náklady na provoz škol.",
        proposed_wording="zwiększenie części oświatowej subwencji o 15%,",
    )
    _comment(fed, position, fed.smo, CommentWeight.RECOMMENDATION, FORMULA, point=1)
    general = _comment(fed, position, fed.zgp, CommentWeight.RECOMMENDATION, "Stanowisko powinno dotyczyć także przedszkoli.")
    rejected = _comment(fed, position, fed.zgp, CommentWeight.RECOMMENDATION, "-Skreślić waloryzację.", point=2, subpoint=2)
    _settle(fed, partly, Settlement.PARTLY_ACCEPTED, "Przesunięto na 1 lipca 2027 r.")
    _settle(fed, dispute, Settlement.REJECTED, "Poza zakresem stanowiska.")
    _settle(fed, general, Settlement.ACCEPTED)
    _settle(fed, rejected, Settlement.REJECTED, "Waloryzacja jest konieczna.")
    return position


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _values(sheet) -> list[tuple]:
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def _pdf_text(content: bytes, tmp_path, *, layout: bool = False, page: int | None = None) -> str:
    path = tmp_path / "table.pdf"
    path.write_bytes(content)
    options = (["-layout"] if layout else []) + (["-f", str(page), "-l", str(page)] if page else [])
    return subprocess.run(["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True).stdout


def _one_line(text: str) -> str:
    """Text extracted from table cells wraps within each cell; joined again, a phrase reads as written."""
    return " ".join(text.split())


# --- Rows -----------------------------------------------------------------------------------------------


def test_comment_table_rows_name_provisions_in_each_layout(commented):
    polish = exports.comment_table_rows(position=commented, layout="pl")
    czech = exports.comment_table_rows(position=commented, layout="cz")

    assert [row.provision for row in polish] == ["uwaga ogólna", "pkt 1", "pkt 2 lit. a", "pkt 2 lit. b", "pkt 3"]
    assert [row.provision for row in czech] == ["obecná připomínka", "bod 1", "bod 2 písm. a)", "bod 2 písm. b)", "bod 3"]
    assert [row.number for row in czech] == [1, 2, 3, 4, 5]


def test_comment_table_rows_unknown_layout_is_refused(commented):
    with pytest.raises(ValueError, match="'de'"):
        exports.comment_table_rows(position=commented, layout="de")


@pytest.mark.parametrize("count", [1, 30])
def test_comment_table_rows_take_one_query_whatever_the_number_of_comments(fed, django_assert_num_queries, count):
    position = _in_consultation(fed)
    for index in range(count):
        association = (fed.smo, fed.zgp)[index % 2]
        _comment(fed, position, association, CommentWeight.FUNDAMENTAL, f"Uwaga {index}.", point=2, subpoint=1 + index % 2)

    with django_assert_num_queries(1):
        rows = exports.comment_table_rows(position=position, layout="cz")

    assert len(rows) == count
    assert rows[0].association == "Svaz měst a obcí Libereckého kraje"


# --- XLSX -----------------------------------------------------------------------------------------------


def test_comment_table_xlsx_polish_layout_cells(commented):
    sheet = _sheet(exports.comment_table_xlsx(position=commented, layout="pl", today=EXPORT_DAY))

    assert sheet.title == "Tabela uwag"
    assert _values(sheet) == [
        (f"Tabela uwag: {TITLE}", None, None, None, None, None),
        ("projekt · stan na 14.03.2026", None, None, None, None, None),
        (
            "Lp.",
            "Podmiot zgłaszający uwagę",
            "Jednostka redakcyjna",
            "Treść uwagi i uzasadnienie",
            "Propozycja zmiany zapisu",
            "Stanowisko wnioskodawcy",
        ),
        (1, "Związek Gmin Pomorskich", "uwaga ogólna", "Stanowisko powinno dotyczyć także przedszkoli.", None, "uwzględniona"),
        (2, "Svaz měst a obcí Libereckého kraje", "pkt 1", FORMULA, None, "do rozpatrzenia"),
        (
            3,
            "Svaz měst a obcí Libereckého kraje",
            "pkt 2 lit. a",
            "Doplnit povinnost konzultace s obcemi.\n\nUzasadnienie: Obce nesou náklady na provoz škol.",
            "zwiększenie części oświatowej subwencji o 15%,",
            "nieuwzględniona\nPoza zakresem stanowiska.",
        ),
        (4, "Związek Gmin Pomorskich", "pkt 2 lit. b", "-Skreślić waloryzację.", None, "nieuwzględniona\nWaloryzacja jest konieczna."),
        (
            5,
            "Związek Gmin Pomorskich",
            "pkt 3",
            "Termin jest zbyt krótki.",
            "Zmiany powinny wejść w życie od 1 stycznia 2028 r.",
            "częściowo uwzględniona\nPrzesunięto na 1 lipca 2027 r.",
        ),
    ]


def test_comment_table_xlsx_czech_layout_marks_weight_and_dispute(commented):
    sheet = _sheet(exports.comment_table_xlsx(position=commented, layout="cz", today=EXPORT_DAY))

    assert sheet.title == "Vypořádání"
    values = _values(sheet)
    assert values[0][0] == f"Vypořádání připomínek: {TITLE}"
    assert values[1][0] == "návrh · stav k 14. 3. 2026   (Z = zásadní připomínka, D = doporučující připomínka)"
    assert values[2] == (
        "Č.",
        "Připomínkové místo",
        "Ustanovení",
        "Druh připomínky",
        "Připomínka a odůvodnění",
        "Navrhované znění",
        "Vypořádání",
    )
    assert [row[2:4] for row in values[3:]] == [
        ("obecná připomínka", "D"),
        ("bod 1", "D"),
        ("bod 2 písm. a)", "Z"),
        ("bod 2 písm. b)", "D"),
        ("bod 3", "D"),
    ]
    assert values[5][4] == "Doplnit povinnost konzultace s obcemi.\n\nOdůvodnění: Obce nesou náklady na provoz škol."
    assert [row[6] for row in values[3:]] == [
        "vyhověno",
        "nevypořádáno",
        "nevyhověno – rozpor\nPoza zakresem stanowiska.",
        "nevyhověno\nWaloryzacja jest konieczna.",
        "částečně vyhověno\nPrzesunięto na 1 lipca 2027 r.",
    ]


def test_comment_table_xlsx_formula_payload_stays_text(commented):
    sheet = _sheet(exports.comment_table_xlsx(position=commented, layout="pl", today=EXPORT_DAY))
    payload, dash = sheet["D5"], sheet["D7"]

    assert (payload.value, payload.data_type, payload.quotePrefix) == (FORMULA, "s", True)
    assert (dash.value, dash.data_type, dash.quotePrefix) == ("-Skreślić waloryzację.", "s", True)
    assert (sheet["D4"].data_type, sheet["D4"].quotePrefix) == ("s", False)


def test_comment_table_xlsx_is_ready_to_edit_and_print(commented):
    sheet = _sheet(exports.comment_table_xlsx(position=commented, layout="cz", today=EXPORT_DAY))

    assert sheet.freeze_panes == "A4"
    assert all(cell.font.bold for cell in sheet[3])
    assert all(cell.alignment.wrap_text and cell.border.left.style == "thin" for row in sheet.iter_rows(min_row=4) for cell in row)
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEFG"] == [5, 22, 18, 14, 52, 36, 36]
    assert sorted(cell_range.coord for cell_range in sheet.merged_cells.ranges) == ["A1:G1", "A2:G2"]
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)  # 9: A4
    assert (sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (True, 1, 0)
    assert sheet.print_title_rows == "$3:$3"
    assert sheet["G6"].font.bold  # the dispute


def test_comment_table_xlsx_without_comments_has_the_header_only(fed):
    position = _in_consultation(fed)

    values = _values(_sheet(exports.comment_table_xlsx(position=position, layout="pl", today=EXPORT_DAY)))

    assert len(values) == 3
    assert values[2][0] == "Lp."


# --- PDF ------------------------------------------------------------------------------------------------


@pdftotext
def test_comment_table_pdf_polish_layout_text(commented, tmp_path):
    content = exports.comment_table_pdf(position=commented, layout="pl", today=EXPORT_DAY)
    text = _one_line(_pdf_text(content, tmp_path))

    assert content.startswith(b"%PDF-")
    for phrase in [
        f"Tabela uwag: {TITLE}",
        "projekt · stan na 14.03.2026",
        "Lp.",
        "Podmiot zgłaszający uwagę",
        "Jednostka redakcyjna",
        "Treść uwagi i uzasadnienie",
        "Propozycja zmiany zapisu",
        "Stanowisko wnioskodawcy",
        "pkt 2 lit. a",
        "Doplnit povinnost konzultace s obcemi.",
        "Uzasadnienie: Obce nesou náklady na provoz škol.",
        "częściowo uwzględniona",
        "Przesunięto na 1 lipca 2027 r.",
        FORMULA,
    ]:
        assert phrase in text


@pdftotext
def test_comment_table_pdf_czech_layout_text(commented, tmp_path):
    content = exports.comment_table_pdf(position=commented, layout="cz", today=EXPORT_DAY)
    text = _one_line(_pdf_text(content, tmp_path))

    for phrase in [
        "Vypořádání připomínek",
        "Připomínkové místo",
        "Ustanovení",
        "Druh připomínky",
        "Navrhované znění",
        "bod 2 písm. a)",
        "obecná připomínka",
        "nevyhověno – rozpor",
        "částečně vyhověno",
        "Odůvodnění: Obce nesou náklady na provoz škol.",
        "návrh · stav k 14. 3. 2026",  # a Czech date, spaced as ČSN 01 6910 writes it
    ]:
        assert phrase in text
    assert text.endswith("1/1")  # the page number, bottom right


@pdftotext
def test_comment_table_pdf_repeats_the_header_row_and_numbers_the_pages(fed, tmp_path):
    position = _in_consultation(fed)
    reason = "Środki na zadania oświatowe nie pokrywają kosztów wynagrodzeń nauczycieli ani utrzymania budynków. " * 6
    for index in range(6):
        _comment(fed, position, fed.zgp, CommentWeight.RECOMMENDATION, f"Uwaga {index + 1}.", point=3, justification=reason)

    content = exports.comment_table_pdf(position=position, layout="pl", today=EXPORT_DAY)
    pages = [_pdf_text(content, tmp_path, layout=True, page=number) for number in (1, 2, 3)]

    assert all("Lp." in page and "Jednostka" in page for page in pages)
    assert [page.split()[-1] for page in pages] == ["1/3", "2/3", "3/3"]
    assert f"Tabela uwag: {TITLE}" in pages[1]  # the running title of later pages
