"""Identifiers of Polish and Czech bodies and official unit codes, valid and invalid, one by one.

Check digits worked by hand are shown next to the examples so a reader can see why each one is valid.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from members.enums import Country, LocalGovernmentKind
from members.validators import (
    normalize_digits,
    validate_ico,
    validate_krs,
    validate_local_government_code,
    validate_nip,
    validate_regon,
)
from tests.factories import AssociationFactory, LocalGovernmentFactory

Kind = LocalGovernmentKind


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared in the source language; the project's default language is Polish.
    with translation.override("en"):
        yield


def error_of(validate, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate(*args, **kwargs)
    return info.value


# --- normalize_digits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "prefix", "expected"),
    [
        ("194-127-72-43", "", "1941277243"),
        ("PL 194 127 72 43", "PL", "1941277243"),
        ("pl1941277243", "PL", "1941277243"),
        ("0000 339 564", "", "0000339564"),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_normalize_digits_strips_separators_and_prefix(value, prefix, expected):
    assert normalize_digits(value, prefix=prefix) == expected


# --- KRS ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0000339564", "0000-339-564", "0000 339564"])
def test_krs_with_ten_digits_is_valid(value):
    assert validate_krs(value) is None


@pytest.mark.parametrize("value", ["339564", "00003395641", "000033956X", "", "KRS0000339564"])
def test_krs_without_ten_digits_is_refused(value):
    error = error_of(validate_krs, value)
    assert error.code == "krs_format"
    assert error.messages == ["A KRS number has exactly 10 digits, e.g. 0000123456."]


# --- REGON -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        # weights 8,9,2,3,4,5,6,7: 1·8+2·9+3·2+4·3+5·4+6·5+7·6+8·7 = 192; 192 mod 11 = 5 → check digit 5
        "123456785",
        "123-456-785",
        # 1·8+0·9+1·2 = 10; 10 mod 11 = 10, and 10 mod 10 = 0 → check digit 0
        "101000000",
        # REGON of the Związek Gmin Lubuskich, as entered in the admin test
        "260181595",
        # 14 digits: the nine above, then 1234; weights 2,4,8,5,0,9,7,3,6,1,2,4,8 over 1234567851234 give
        # 2+8+24+20+0+54+49+24+30+1+4+12+32 = 260; 260 mod 11 = 7 → check digit 7
        "12345678512347",
    ],
)
def test_regon_with_matching_check_digit_is_valid(value):
    assert validate_regon(value) is None


@pytest.mark.parametrize("value", ["12345678", "1234567851", "1234567851234", "123456785123470", "12345678A", ""])
def test_regon_of_wrong_length_is_refused(value):
    error = error_of(validate_regon, value)
    assert error.code == "regon_format"
    assert error.messages == ["A REGON number has 9 or 14 digits."]


@pytest.mark.parametrize(
    "value",
    [
        "123456786",  # check digit should be 5
        "12345678512348",  # 14-digit check digit should be 7
        # The 14-digit check matches (260 + 6 = 266; 266 mod 11 = 2) but the first nine, 123456786, do not.
        "12345678612342",
    ],
)
def test_regon_with_wrong_check_digit_is_refused(value):
    error = error_of(validate_regon, value)
    assert error.code == "regon_checksum"
    assert error.messages == ["This REGON number's check digit does not match; please check it for a typing error."]


# --- NIP ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        # weights 6,5,7,2,3,4,5,6,7 over 123456321: 6+10+21+8+15+24+15+12+7 = 118; 118 mod 11 = 8 → 8
        "1234563218",
        "123-456-32-18",
        "123 456 32 18",
        "PL1234563218",
        "PL 123-456-32-18",
        "pl1234563218",
        # NIP of the Związek Gmin Lubuskich, as entered in the admin test
        "194-127-72-43",
    ],
)
def test_nip_with_matching_check_digit_is_valid(value):
    assert validate_nip(value) is None


@pytest.mark.parametrize("value", ["123456321", "12345632180", "123456321X", "DE1234563218", ""])
def test_nip_of_wrong_length_or_prefix_is_refused(value):
    error = error_of(validate_nip, value)
    assert error.code == "nip_format"
    assert error.messages == ["A NIP number has 10 digits, e.g. 123-456-32-18."]


@pytest.mark.parametrize(
    "value",
    [
        "1234563219",  # check digit should be 8
        "PL1941277244",  # check digit should be 3
        # 2·5 = 10: a remainder of 10 is never a valid NIP, whatever the last digit (0 here)
        "0200000000",
    ],
)
def test_nip_with_wrong_check_digit_is_refused(value):
    error = error_of(validate_nip, value)
    assert error.code == "nip_checksum"
    assert error.messages == ["This NIP number's check digit does not match; please check it for a typing error."]


# --- IČO ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        # Praha: weights 8..2 over 0006458: 6·5+4·4+5·3+8·2 = 77; 77 mod 11 = 0 → (11 − 0) mod 10 = 1
        "00064581",
        "000 64 581",
        # Brno: 4·8+4·7+9·6+9·5+2·4+7·3+8·2 = 204; 204 mod 11 = 6 → 11 − 6 = 5
        "44992785",
        # Ostrava: 8·6+4·5+5·4+4·3+5·2 = 110; 110 mod 11 = 0 → 1
        "00845451",
        # Svaz měst a obcí ČR: 6·8+3·7+1·6+1·5+3·4+0·3+7·2 = 106; 106 mod 11 = 7 → 11 − 7 = 4
        "63113074",
        # 6·2 = 12; 12 mod 11 = 1 → (11 − 1) mod 10 = 0
        "00000060",
    ],
)
def test_ico_with_matching_check_digit_is_valid(value):
    assert validate_ico(value) is None


@pytest.mark.parametrize("value", ["64581", "0006458", "000645810", "0006458A", ""])
def test_ico_without_eight_digits_is_refused(value):
    error = error_of(validate_ico, value)
    assert error.code == "ico_format"
    assert error.messages == ["An IČO has 8 digits (add leading zeros, e.g. 00064581)."]


@pytest.mark.parametrize("value", ["00064582", "44992786", "00000061"])
def test_ico_with_wrong_check_digit_is_refused(value):
    error = error_of(validate_ico, value)
    assert error.code == "ico_checksum"
    assert error.messages == ["This IČO's check digit does not match; please check it for a typing error."]


# --- Official codes of local governments -------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "kind", "code"),
    [
        (Country.POLAND, Kind.VOIVODESHIP, "02"),  # dolnośląskie
        (Country.POLAND, Kind.VOIVODESHIP, "08"),  # lubuskie
        (Country.POLAND, Kind.VOIVODESHIP, "32"),  # zachodniopomorskie
        (Country.POLAND, Kind.POWIAT, "0801"),  # gorzowski
        (Country.POLAND, Kind.POWIAT, "0860"),  # the highest county number
        (Country.POLAND, Kind.URBAN_GMINA, "0801011"),  # Kostrzyn nad Odrą
        (Country.POLAND, Kind.RURAL_GMINA, "0801022"),  # Bogdaniec
        (Country.POLAND, Kind.URBAN_RURAL_GMINA, "0801073"),  # Witnica
        (Country.POLAND, Kind.CITY_WITH_POWIAT_RIGHTS, "0861011"),  # Gorzów Wielkopolski
        (Country.POLAND, Kind.CITY_WITH_POWIAT_RIGHTS, "0862011"),  # Zielona Góra
        (Country.CZECHIA, Kind.STATUTORY_CITY, "554782"),  # Praha
        (Country.CZECHIA, Kind.STATUTORY_CITY, "582786"),  # Brno
        (Country.CZECHIA, Kind.OBEC, "500011"),
        (Country.CZECHIA, Kind.MESTYS, "599999"),
        (Country.CZECHIA, Kind.MESTO, "554821"),
    ],
)
def test_local_government_code_matching_kind_is_valid(country, kind, code):
    assert validate_local_government_code(country=country, kind=kind, code=code) is None


@pytest.mark.parametrize(
    ("country", "kind", "code", "error_code"),
    [
        (Country.POLAND, Kind.VOIVODESHIP, "03", "terc_voivodeship"),  # odd
        (Country.POLAND, Kind.VOIVODESHIP, "00", "terc_voivodeship"),
        (Country.POLAND, Kind.VOIVODESHIP, "34", "terc_voivodeship"),
        (Country.POLAND, Kind.VOIVODESHIP, "8", "terc_voivodeship"),
        (Country.POLAND, Kind.VOIVODESHIP, "0801", "terc_voivodeship"),
        (Country.POLAND, Kind.POWIAT, "0800", "terc_powiat"),
        (Country.POLAND, Kind.POWIAT, "0861", "terc_powiat"),  # a city with county rights, not a powiat
        (Country.POLAND, Kind.POWIAT, "081", "terc_powiat"),
        (Country.POLAND, Kind.POWIAT, "0801022", "terc_powiat"),
        (Country.POLAND, Kind.RURAL_GMINA, "080102", "terc_format"),
        (Country.POLAND, Kind.RURAL_GMINA, "08010222", "terc_format"),
        (Country.POLAND, Kind.RURAL_GMINA, "080102A", "terc_format"),
        (Country.POLAND, Kind.URBAN_GMINA, "0801022", "terc_type_digit"),
        (Country.POLAND, Kind.RURAL_GMINA, "0801011", "terc_type_digit"),
        (Country.POLAND, Kind.URBAN_RURAL_GMINA, "0801022", "terc_type_digit"),
        (Country.POLAND, Kind.RURAL_GMINA, "0801074", "terc_type_digit"),  # a part of a gmina (town)
        (Country.POLAND, Kind.CITY_WITH_POWIAT_RIGHTS, "0862012", "terc_type_digit"),
        (Country.POLAND, Kind.CITY_WITH_POWIAT_RIGHTS, "0801011", "terc_city_powiat"),  # county number 01
        (Country.POLAND, Kind.URBAN_GMINA, "0862011", "terc_city_powiat"),  # county number 62
        (Country.POLAND, Kind.OBEC, "0801022", "kind_country"),
        (Country.CZECHIA, Kind.RURAL_GMINA, "554782", "kind_country"),
        (Country.CZECHIA, Kind.OBEC, "454782", "cz_code_format"),
        (Country.CZECHIA, Kind.OBEC, "55478", "cz_code_format"),
        (Country.CZECHIA, Kind.OBEC, "5547820", "cz_code_format"),
        ("SK", Kind.OBEC, "554782", "country"),
    ],
)
def test_local_government_code_not_matching_kind_is_refused(country, kind, code, error_code):
    assert error_of(validate_local_government_code, country=country, kind=kind, code=code).code == error_code


def test_local_government_code_type_digit_message_names_code_and_kind():
    error = error_of(validate_local_government_code, country=Country.POLAND, kind=Kind.URBAN_GMINA, code="0801022")
    assert error.messages == [
        "The last digit of TERC code 0801022 is 2, which does not match the kind “urban municipality (gmina miejska)”."
    ]


def test_local_government_code_city_powiat_message_names_code_and_kind():
    error = error_of(validate_local_government_code, country=Country.POLAND, kind=Kind.URBAN_GMINA, code="0862011")
    assert error.messages == [
        "County numbers from 61 up are cities with county rights; TERC code 0862011 does not fit the kind "
        "“urban municipality (gmina miejska)”."
    ]


# --- The model's clean() -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_association_full_clean_stores_identifiers_as_bare_digits():
    association = AssociationFactory.build(country=Country.POLAND, krs="0000-339-564", regon="260-181-595", nip="PL 194-127-72-43", ico="")
    association.full_clean()
    assert (association.krs, association.regon, association.nip, association.ico) == ("0000339564", "260181595", "1941277243", "")


@pytest.mark.django_db
def test_association_full_clean_stores_czech_ico_as_bare_digits():
    association = AssociationFactory.build(country=Country.CZECHIA, ico="000 64 581")
    association.full_clean()
    assert association.ico == "00064581"


@pytest.mark.django_db
def test_association_full_clean_refuses_ico_on_polish_association():
    association = AssociationFactory.build(country=Country.POLAND, ico="00064581")
    with pytest.raises(ValidationError) as info:
        association.full_clean()
    assert info.value.message_dict == {"ico": ["This identifier is used in Czechia only; leave it empty for this association."]}


@pytest.mark.django_db
def test_association_full_clean_refuses_polish_identifiers_on_czech_association():
    association = AssociationFactory.build(country=Country.CZECHIA, krs="0000339564", regon="260181595", nip="1941277243")
    with pytest.raises(ValidationError) as info:
        association.full_clean()
    message = "This identifier is used in Poland only; leave it empty for this association."
    assert info.value.message_dict == {"krs": [message], "regon": [message], "nip": [message]}


@pytest.mark.django_db
def test_association_full_clean_reports_each_bad_identifier_with_its_code():
    association = AssociationFactory.build(country=Country.POLAND, krs="12345", regon="123456786", nip="194-127-72-44")
    with pytest.raises(ValidationError) as info:
        association.full_clean()
    codes = {field: [error.code for error in errors] for field, errors in info.value.error_dict.items()}
    assert codes == {"krs": ["krs_format"], "regon": ["regon_checksum"], "nip": ["nip_checksum"]}
    assert association.nip == "194-127-72-44"  # an invalid entry is left as typed, for the editor to correct


@pytest.mark.django_db
def test_association_full_clean_refuses_leaving_before_joining():
    association = AssociationFactory.build(joined_on=dt.date(2015, 5, 1), left_on=dt.date(2015, 4, 30))
    with pytest.raises(ValidationError) as info:
        association.full_clean()
    assert info.value.message_dict == {"left_on": ["An association cannot leave before it joined."]}


@pytest.mark.django_db
def test_local_government_full_clean_puts_code_error_on_code_field():
    unit = LocalGovernmentFactory.build(code="0801011", kind=Kind.RURAL_GMINA, country=Country.POLAND)
    with pytest.raises(ValidationError) as info:
        unit.full_clean()
    assert [error.code for error in info.value.error_dict["code"]] == ["terc_type_digit"]
