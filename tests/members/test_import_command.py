"""`manage.py import_local_governments FILE`: both layouts, bad rows, all or nothing, re-import, progress."""

import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

import members
from federation.models import ActivityLogEntry
from members.enums import Country, LocalGovernmentKind
from members.models import LocalGovernment

pytestmark = pytest.mark.django_db

Kind = LocalGovernmentKind

# Lubuskie as GUS publishes it in TERC: a voivodeship, one powiat with gminy of types 1, 2 and 3 (Witnica
# with its parts 4 and 5), and the two cities with county rights (a powiat row 61/62, then their gmina row).
TERC = """\
WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA
08;;;;LUBUSKIE;województwo;2025-01-01
08;01;;;gorzowski;powiat;2025-01-01
08;01;01;1;Kostrzyn nad Odrą;gmina miejska;2025-01-01
08;01;02;2;Bogdaniec;gmina wiejska;2025-01-01
08;01;07;3;Witnica;gmina miejsko-wiejska;2025-01-01
08;01;07;4;Witnica;miasto;2025-01-01
08;01;07;5;Witnica;obszar wiejski;2025-01-01
08;61;;;Gorzów Wielkopolski;miasto na prawach powiatu;2025-01-01
08;61;01;1;Gorzów Wielkopolski;gmina miejska;2025-01-01
08;62;;;Zielona Góra;miasto na prawach powiatu;2025-01-01
08;62;01;1;Zielona Góra;gmina miejska;2025-01-01
"""

# What TERC above becomes: code → (name, kind, parent code).
TERC_UNITS = {
    "08": ("lubuskie", Kind.VOIVODESHIP, None),
    "0801": ("gorzowski", Kind.POWIAT, "08"),
    "0801011": ("Kostrzyn nad Odrą", Kind.URBAN_GMINA, "0801"),
    "0801022": ("Bogdaniec", Kind.RURAL_GMINA, "0801"),
    "0801073": ("Witnica", Kind.URBAN_RURAL_GMINA, "0801"),
    "0861011": ("Gorzów Wielkopolski", Kind.CITY_WITH_POWIAT_RIGHTS, "08"),
    "0862011": ("Zielona Góra", Kind.CITY_WITH_POWIAT_RIGHTS, "08"),
}

# The federation layout, with the municipality codes and populations of three Czech statutory cities.
CZECH = """\
country,code,name,kind,parent_code,population
CZ,554782,Praha,statutarni_mesto,,1384732
CZ,582786,Brno,statutarni_mesto,,400566
CZ,554821,Ostrava,statutarni_mesto,,283187
"""


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def write(tmp_path):
    def write(text: str, name: str = "units.csv", encoding: str = "utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


def run(path, **options):
    """Run the command; return (stdout, stderr) as text."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_local_governments", str(path), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_failing(path):
    """Run the command expecting it to refuse the file; return (CommandError message, stderr lines)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import_local_governments", str(path), stdout=out, stderr=err)
    assert out.getvalue() == ""
    return str(info.value), err.getvalue().splitlines()


def database_state():
    return sorted(LocalGovernment.objects.values_list("code", "country", "name", "kind", "parent__code", "population"))


# --- TERC layout -------------------------------------------------------------------------------------


def test_import_terc_creates_units_with_kinds_and_parents(write):
    out, err = run(write(TERC, "terc.csv"))

    assert err == ""
    assert (
        out.splitlines()[-1]
        == "Imported terc.csv: 7 created, 0 updated, 0 unchanged, 4 skipped (parts of gminy; cities with county rights come in once, as gminy)."
    )
    units = {unit.code: (unit.name, unit.kind, unit.parent.code if unit.parent else None) for unit in LocalGovernment.objects.all()}
    assert units == TERC_UNITS
    assert set(LocalGovernment.objects.values_list("country", flat=True)) == {Country.POLAND}
    assert set(LocalGovernment.objects.values_list("population", flat=True)) == {None}


def test_import_terc_skips_parts_of_gminy_and_county_rows_of_cities(write):
    run(write(TERC))
    assert not LocalGovernment.objects.filter(code__in=["0801074", "0801075", "0861", "0862"]).exists()
    assert LocalGovernment.objects.filter(name="Witnica").count() == 1


def test_import_terc_keys_city_with_county_rights_on_its_gmina_code(write):
    run(write(TERC))
    city = LocalGovernment.objects.select_related("parent").get(name="Zielona Góra")
    assert (city.code, city.kind, city.parent.code, city.parent.kind) == (
        "0862011",
        Kind.CITY_WITH_POWIAT_RIGHTS,
        "08",
        Kind.VOIVODESHIP,
    )


def test_import_terc_skips_districts_of_cities(write):
    # Warsaw: the city with county rights (65) and two of its districts (RODZ 8), which are not units.
    path = write(
        "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n"
        "14;;;;MAZOWIECKIE;województwo;2025-01-01\n"
        "14;65;;;Warszawa;miasto stołeczne, na prawach powiatu;2025-01-01\n"
        "14;65;01;1;Warszawa;gmina miejska, miasto stołeczne;2025-01-01\n"
        "14;65;02;8;Bemowo;dzielnica;2025-01-01\n"
        "14;65;03;8;Białołęka;dzielnica;2025-01-01\n"
    )
    out, _err = run(path)
    assert (
        out.splitlines()[-1]
        == "Imported units.csv: 2 created, 0 updated, 0 unchanged, 3 skipped (parts of gminy; cities with county rights come in once, as gminy)."
    )
    assert sorted(LocalGovernment.objects.values_list("code", "kind")) == [
        ("14", Kind.VOIVODESHIP),
        ("1465011", Kind.CITY_WITH_POWIAT_RIGHTS),
    ]


def test_import_terc_reads_windows_1250_files(write):
    run(write(TERC, encoding="cp1250"))
    assert LocalGovernment.objects.get(code="0801011").name == "Kostrzyn nad Odrą"
    assert LocalGovernment.objects.get(code="0862011").name == "Zielona Góra"


def test_import_terc_reads_utf8_with_byte_order_mark(write):
    run(write(TERC, encoding="utf-8-sig"))
    assert LocalGovernment.objects.count() == 7


def test_import_terc_without_stan_na_column_is_accepted(write):
    path = write("WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD\n08;;;;LUBUSKIE;województwo\n08;01;;;gorzowski;powiat\n")
    run(path)
    assert sorted(LocalGovernment.objects.values_list("code", flat=True)) == ["08", "0801"]


def test_import_writes_one_activity_log_entry_with_counts(write):
    run(write(TERC))
    entry = ActivityLogEntry.objects.get(action="members.local_governments.imported")
    assert (entry.actor, entry.object_id, entry.data) == (None, "", {"created": 7, "updated": 0, "unchanged": 0})


SAMPLE = Path(members.__file__).parent / "data" / "terc_sample.csv"

# The kind of unit each kind hangs under in TERC.
PARENT_KIND = {
    Kind.VOIVODESHIP: None,
    Kind.POWIAT: Kind.VOIVODESHIP,
    Kind.CITY_WITH_POWIAT_RIGHTS: Kind.VOIVODESHIP,
    Kind.URBAN_GMINA: Kind.POWIAT,
    Kind.RURAL_GMINA: Kind.POWIAT,
    Kind.URBAN_RURAL_GMINA: Kind.POWIAT,
}


def test_import_terc_sample_file_creates_units_of_each_kind_under_right_parent():
    # Tallied from the file: 2 voivodeships, 23 powiaty, 3 cities with county rights (each a powiat row
    # 61/62 and a gmina row), 9 other urban, 74 rural and 67 urban-rural gminy, and 67 + 67 parts of gminy.
    out, err = run(SAMPLE)

    assert err == ""
    assert (
        out.splitlines()[-1]
        == "Imported terc_sample.csv: 178 created, 0 updated, 0 unchanged, 137 skipped (parts of gminy; cities with county rights come in once, as gminy)."
    )
    assert Counter(LocalGovernment.objects.values_list("kind", flat=True)) == {
        Kind.VOIVODESHIP: 2,
        Kind.POWIAT: 23,
        Kind.CITY_WITH_POWIAT_RIGHTS: 3,
        Kind.URBAN_GMINA: 9,
        Kind.RURAL_GMINA: 74,
        Kind.URBAN_RURAL_GMINA: 67,
    }
    misplaced = [
        (unit.code, unit.kind, unit.parent.kind if unit.parent else None)
        for unit in LocalGovernment.objects.select_related("parent")
        if (unit.parent.kind if unit.parent else None) != PARENT_KIND[unit.kind]
        or (unit.parent and not unit.code.startswith(unit.parent.code))
    ]
    assert misplaced == []
    opole = LocalGovernment.objects.select_related("parent").get(name="Opole")
    assert (opole.code, opole.kind, opole.parent.code, opole.parent.name) == ("1661011", Kind.CITY_WITH_POWIAT_RIGHTS, "16", "opolskie")


def test_import_terc_sample_file_twice_leaves_every_unit_unchanged():
    run(SAMPLE)
    before = database_state()

    out, _err = run(SAMPLE)

    assert (
        out.splitlines()[-1]
        == "Imported terc_sample.csv: 0 created, 0 updated, 178 unchanged, 137 skipped (parts of gminy; cities with county rights come in once, as gminy)."
    )
    assert database_state() == before


def test_reimport_costs_the_same_queries_for_a_small_and_a_large_file(write):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = write(
        "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n16;;;;OPOLSKIE;województwo;2020-01-01\n16;01;;;brzeski;powiat;2020-01-01\n",
        name="small.csv",
    )
    run(small)
    run(SAMPLE)

    def queries(path):
        with CaptureQueriesContext(connection) as context:
            run(path)
        return len(context.captured_queries)

    # 2 units or 178 unchanged units: no query per unit (parents are compared by id, not loaded).
    assert queries(SAMPLE) == queries(small)


# --- Federation layout -------------------------------------------------------------------------------


def test_import_federation_layout_creates_czech_units_with_population(write):
    out, err = run(write(CZECH, "cz.csv"))
    assert err == ""
    assert (
        out.splitlines()[-1]
        == "Imported cz.csv: 3 created, 0 updated, 0 unchanged, 0 skipped (parts of gminy; cities with county rights come in once, as gminy)."
    )
    assert database_state() == [
        ("554782", "CZ", "Praha", Kind.STATUTORY_CITY, None, 1384732),
        ("554821", "CZ", "Ostrava", Kind.STATUTORY_CITY, None, 283187),
        ("582786", "CZ", "Brno", Kind.STATUTORY_CITY, None, 400566),
    ]


def test_import_federation_layout_links_to_parent_already_in_database(write):
    run(write(TERC, "terc.csv"))
    path = write(
        "country,code,name,kind,parent_code,population\n"
        "PL,0801032,Deszczno,gmina_wiejska,0801,9500\n"
        "PL,0801022,Bogdaniec,gmina_wiejska,0801,7100\n",
        "populations.csv",
    )
    out, _err = run(path)
    assert (
        out.splitlines()[-1]
        == "Imported populations.csv: 1 created, 1 updated, 0 unchanged, 0 skipped (parts of gminy; cities with county rights come in once, as gminy)."
    )
    assert LocalGovernment.objects.get(code="0801032").parent == LocalGovernment.objects.get(code="0801")
    assert LocalGovernment.objects.get(code="0801022").population == 7100
    assert LocalGovernment.objects.count() == 8


# --- Bad files ---------------------------------------------------------------------------------------


def test_import_bad_terc_rows_are_each_reported_with_line_and_reason(write):
    path = write(
        "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n"  # line 1
        "08;;;;LUBUSKIE;województwo;2025-01-01\n"  # 2: good
        "09;;;;NIEISTNIEJĄCE;województwo;2025-01-01\n"  # 3: odd voivodeship number
        "08;01;;;gorzowski;powiat;2025-01-01\n"  # 4: good
        "08;01;02;7;Bogdaniec;gmina wiejska;2025-01-01\n"  # 5: RODZ 7 does not exist
        "08;0A;01;2;Literówka;gmina wiejska;2025-01-01\n"  # 6: not digits
        "08;01;03;2;;gmina wiejska;2025-01-01\n"  # 7: no name
        "08;01\n"  # 8: too few columns
        "\n"  # 9: blank lines are ignored
        "08;05;01;2;Bez powiatu;gmina wiejska;2025-01-01\n"  # 10: powiat 0805 is not there
        "08;01;01;1;Kostrzyn nad Odrą;gmina miejska;2025-01-01\n"  # 11: good
        "08;01;01;1;Kostrzyn nad Odrą;gmina miejska;2025-01-01\n"  # 12: same code again
    )
    message, stderr = run_failing(path)

    assert message == f"7 invalid row(s) in {path}; nothing was imported."
    assert stderr == [
        "line 3: A voivodeship's TERC code is an even 2-digit number from 02 to 32.",
        "line 5: unknown unit type RODZ “7” (expected 1 to 5, 8 or 9)",
        "line 6: WOJ, POW and GMI must be digits",
        "line 7: the name (NAZWA) is empty",
        "line 8: expected at least 6 columns, found 2",
        "line 10: parent unit 0805 is neither earlier in the file nor already imported",
        "line 12: code 0801011 already appears on line 11",
    ]
    assert LocalGovernment.objects.count() == 0
    assert not ActivityLogEntry.objects.exists()


def test_import_bad_federation_rows_are_each_reported_with_line_and_reason(write):
    path = write(
        "country,code,name,kind,parent_code,population\n"  # 1
        "CZ,554782,Praha,statutarni_mesto,,1384732\n"  # 2: good
        "SK,528595,Bratislava,mesto,,475503\n"  # 3: not a federation country
        "CZ,582786,Brno,city,,400566\n"  # 4: unknown kind
        "CZ,554821,,statutarni_mesto,,about 280000\n"  # 5: no name and a population in words
        "CZ,454821,Ostrava,statutarni_mesto,,283187\n"  # 6: Czech codes start with 5
        "CZ,554782,Praha,obec,,\n"  # 7: same code again
        "CZ,500011,Obec,obec\n"  # 8: too few columns
        "PL,0801022,Bogdaniec,gmina_wiejska,0801,7100\n"  # 9: parent not imported
        "CZ,500020,Obec,gmina_wiejska,,\n"  # 10: a Polish kind in Czechia
    )
    message, stderr = run_failing(path)

    assert message == f"8 invalid row(s) in {path}; nothing was imported."
    assert stderr == [
        "line 3: unknown country “SK” (use PL, CZ)",
        "line 4: unknown kind “city”",
        "line 5: the name is empty; the population “about 280000” is not a whole number",
        "line 6: A Czech municipality code (kód obce) has 6 digits and starts with 5, e.g. 554791.",
        "line 7: code 554782 already appears on line 2",
        "line 8: expected 6 columns, found 4",
        "line 9: parent unit 0801 is neither earlier in the file nor already imported",
        "line 10: This kind of unit does not exist in Czechia.",
    ]
    assert LocalGovernment.objects.count() == 0


def test_import_row_with_two_problems_is_counted_once(write):
    # One row, two reasons: the type digit does not match the kind, and the powiat is not there.
    path = write("country,code,name,kind,parent_code,population\nPL,0801021,Bogdaniec,gmina_wiejska,0801,7100\n")
    message, stderr = run_failing(path)
    assert stderr == [
        "line 2: The last digit of TERC code 0801021 is 1, which does not match the kind “rural municipality (gmina wiejska)”.",
        "line 2: parent unit 0801 is neither earlier in the file nor already imported",
    ]
    assert message == f"1 invalid row(s) in {path}; nothing was imported."


def test_import_unknown_header_is_refused(write):
    path = write("kod;nazwa;rodzaj\n0801022;Bogdaniec;gmina wiejska\n")
    message, stderr = run_failing(path)
    assert message == f"1 invalid row(s) in {path}; nothing was imported."
    assert stderr == [
        "line 1: Unrecognised header. Expected the TERC layout (WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA) "
        "or the federation layout (country,code,name,kind,parent_code,population)."
    ]
    assert LocalGovernment.objects.count() == 0


def test_import_empty_file_is_refused_as_unknown_header(write):
    _message, stderr = run_failing(write(""))
    assert len(stderr) == 1
    assert stderr[0].startswith("line 1: Unrecognised header.")


def test_import_missing_file_is_refused(tmp_path):
    path = tmp_path / "missing.csv"
    with pytest.raises(CommandError) as info:
        call_command("import_local_governments", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert str(info.value) == f"File not found: {path}"


# --- All or nothing ----------------------------------------------------------------------------------


def test_import_with_one_bad_row_among_good_ones_creates_nothing(write):
    bad_last_line = "08;01;09;6;Zła gmina;gmina wiejska;2025-01-01\n"  # line 13
    _message, stderr = run_failing(write(TERC + bad_last_line))
    assert stderr == ["line 13: unknown unit type RODZ “6” (expected 1 to 5, 8 or 9)"]
    assert LocalGovernment.objects.count() == 0
    assert not ActivityLogEntry.objects.exists()


def test_import_with_one_bad_row_changes_nothing_in_existing_units(write):
    run(write(TERC, "terc.csv"))
    run(write(CZECH, "cz.csv"))
    before = database_state()
    log_before = ActivityLogEntry.objects.count()
    path = write(
        "country,code,name,kind,parent_code,population\n"
        "CZ,554782,Hlavní město Praha,statutarni_mesto,,1400000\n"  # a change
        "PL,0801022,Bogdaniec,gmina_wiejska,0801,7100\n"  # a change, parent already imported
        "CZ,500011,Nová obec,obec,,120\n"  # a new unit
        "CZ,500020,Druhá obec,obec,,many\n",  # the bad row
        "changes.csv",
    )
    _message, stderr = run_failing(path)
    assert stderr == ["line 5: the population “many” is not a whole number"]
    assert database_state() == before
    assert ActivityLogEntry.objects.count() == log_before


# --- Re-import ---------------------------------------------------------------------------------------


def test_reimport_of_same_terc_file_changes_nothing(write):
    path = write(TERC, "terc.csv")
    run(path)
    before = database_state()
    pks = sorted(LocalGovernment.objects.values_list("pk", flat=True))

    out, _err = run(path)

    assert (
        out.splitlines()[-1]
        == "Imported terc.csv: 0 created, 0 updated, 7 unchanged, 4 skipped (parts of gminy; cities with county rights come in once, as gminy)."
    )
    assert database_state() == before
    assert sorted(LocalGovernment.objects.values_list("pk", flat=True)) == pks
    assert ActivityLogEntry.objects.filter(action="members.local_governments.imported").count() == 1


def test_reimport_with_changed_name_and_population_updates_in_place(write):
    run(write(CZECH, "cz.csv"))
    prague_pk = LocalGovernment.objects.get(code="554782").pk
    changed = CZECH.replace("Praha,statutarni_mesto,,1384732", "Hlavní město Praha,statutarni_mesto,,1397880").replace(",400566", ",402739")

    out, _err = run(write(changed, "cz-2025.csv"))

    assert (
        out.splitlines()[-1]
        == "Imported cz-2025.csv: 0 created, 2 updated, 1 unchanged, 0 skipped (parts of gminy; cities with county rights come in once, as gminy)."
    )
    assert database_state() == [
        ("554782", "CZ", "Hlavní město Praha", Kind.STATUTORY_CITY, None, 1397880),
        ("554821", "CZ", "Ostrava", Kind.STATUTORY_CITY, None, 283187),
        ("582786", "CZ", "Brno", Kind.STATUTORY_CITY, None, 402739),
    ]
    assert LocalGovernment.objects.get(code="554782").pk == prague_pk
    entry = ActivityLogEntry.objects.filter(action="members.local_governments.imported").first()
    assert entry.data == {"created": 0, "updated": 2, "unchanged": 1}


def test_reimport_of_terc_with_renamed_gmina_updates_it(write):
    run(write(TERC))
    out, _err = run(write(TERC.replace("Bogdaniec;", "Bogdaniec Nowy;"), "renamed.csv"))
    assert (
        out.splitlines()[-1]
        == "Imported renamed.csv: 0 created, 1 updated, 6 unchanged, 4 skipped (parts of gminy; cities with county rights come in once, as gminy)."
    )
    assert list(LocalGovernment.objects.filter(code="0801022").values_list("name", flat=True)) == ["Bogdaniec Nowy"]
    assert LocalGovernment.objects.count() == 7


def test_reimport_of_terc_keeps_population_imported_earlier(write):
    run(write(TERC))
    run(write("country,code,name,kind,parent_code,population\nPL,0801022,Bogdaniec,gmina_wiejska,0801,7100\n", "pop.csv"))
    out, _err = run(write(TERC, "again.csv"))
    assert (
        out.splitlines()[-1]
        == "Imported again.csv: 0 created, 0 updated, 7 unchanged, 4 skipped (parts of gminy; cities with county rights come in once, as gminy)."
    )
    assert LocalGovernment.objects.get(code="0801022").population == 7100


# --- Progress ----------------------------------------------------------------------------------------


def test_import_reports_progress_every_500_rows_and_at_the_end(write):
    rows = "".join(f"CZ,{500000 + n},Obec {n},obec,,{n}\n" for n in range(1001))
    out, _err = run(write("country,code,name,kind,parent_code,population\n" + rows, "obce.csv"))
    assert out.splitlines() == [
        "500 / 1001 rows",
        "1000 / 1001 rows",
        "1001 / 1001 rows",
        "Imported obce.csv: 1001 created, 0 updated, 0 unchanged, 0 skipped (parts of gminy; cities with county rights come in once, as gminy).",
    ]
    assert LocalGovernment.objects.filter(country=Country.CZECHIA, kind=Kind.OBEC).count() == 1001


def test_import_reports_progress_at_the_end_of_a_small_file(write):
    out, _err = run(write(TERC, "terc.csv"))
    assert out.splitlines() == [
        "7 / 7 rows",
        "Imported terc.csv: 7 created, 0 updated, 0 unchanged, 4 skipped (parts of gminy; cities with county rights come in once, as gminy).",
    ]


def test_import_with_verbosity_zero_reports_no_progress(write):
    out, _err = run(write(TERC, "terc.csv"), verbosity=0)
    assert out.splitlines() == [
        "Imported terc.csv: 7 created, 0 updated, 0 unchanged, 4 skipped (parts of gminy; cities with county rights come in once, as gminy)."
    ]
