"""Validation of the legal and statistical identifiers of Polish and Czech bodies.

Each validator accepts the identifier as people write it (with spaces or dashes, NIP with a "PL" prefix),
and raises ValidationError with a message that says what is wrong. `normalize_digits` gives the stored form.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.enums import Country, LocalGovernmentKind

_SEPARATORS = re.compile(r"[\s\-]")


def normalize_digits(value: str, *, prefix: str = "") -> str:
    value = _SEPARATORS.sub("", value or "").upper()
    if prefix and value.startswith(prefix):
        value = value[len(prefix) :]
    return value


def _weighted_sum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


def validate_krs(value: str) -> None:
    """KRS (Polish National Court Register number): exactly 10 digits, no check digit."""
    number = normalize_digits(value)
    if not re.fullmatch(r"\d{10}", number):
        raise ValidationError(_("A KRS number has exactly 10 digits, e.g. 0000123456."), code="krs_format", params={"value": value})


_REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
_REGON14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)


def _regon_check_ok(number: str, weights: tuple[int, ...]) -> bool:
    check = _weighted_sum(number, weights) % 11 % 10
    return check == int(number[-1])


def validate_regon(value: str) -> None:
    """REGON (Polish statistical number): 9 or 14 digits, each with its check digit."""
    number = normalize_digits(value)
    if not re.fullmatch(r"\d{9}|\d{14}", number):
        raise ValidationError(_("A REGON number has 9 or 14 digits."), code="regon_format")
    valid = _regon_check_ok(number[:9], _REGON9_WEIGHTS)
    if len(number) == 14:
        valid = valid and _regon_check_ok(number, _REGON14_WEIGHTS)
    if not valid:
        raise ValidationError(
            _("This REGON number's check digit does not match; please check it for a typing error."),
            code="regon_checksum",
        )


_NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def validate_nip(value: str) -> None:
    """NIP (Polish tax identification number): 10 digits, the last a check digit (modulo 11)."""
    number = normalize_digits(value, prefix="PL")
    if not re.fullmatch(r"\d{10}", number):
        raise ValidationError(_("A NIP number has 10 digits, e.g. 123-456-32-18."), code="nip_format")
    check = _weighted_sum(number, _NIP_WEIGHTS) % 11
    if check == 10 or check != int(number[9]):
        raise ValidationError(
            _("This NIP number's check digit does not match; please check it for a typing error."),
            code="nip_checksum",
        )


_ICO_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)


def validate_ico(value: str) -> None:
    """IČO (Czech identification number of a legal person): 8 digits, the last a modulo-11 check digit."""
    number = normalize_digits(value)
    if not re.fullmatch(r"\d{8}", number):
        raise ValidationError(_("An IČO has 8 digits (add leading zeros, e.g. 00064581)."), code="ico_format")
    check = (11 - _weighted_sum(number, _ICO_WEIGHTS) % 11) % 10
    if check != int(number[7]):
        raise ValidationError(_("This IČO's check digit does not match; please check it for a typing error."), code="ico_checksum")


# TERC type digit (the 7th) of a gmina, by kind.
_TERC_TYPE_DIGIT = {
    LocalGovernmentKind.URBAN_GMINA: "1",
    LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS: "1",
    LocalGovernmentKind.RURAL_GMINA: "2",
    LocalGovernmentKind.URBAN_RURAL_GMINA: "3",
}
FIRST_CITY_POWIAT_NUMBER = 61  # TERYT numbers cities with county rights from 61 within each voivodeship


def validate_local_government_code(*, country: str, kind: str, code: str) -> None:
    """Check an official unit code against its country and kind.

    Poland (TERYT TERC): a voivodeship has 2 digits, a county 4, a gmina 7 whose last digit is its type
    (1 urban, 2 rural, 3 urban-rural); a city with county rights is keyed on its gmina code (county number
    61 or above, type 1). Czechia: the 6-digit municipality code (kód obce), which starts with 5.
    """
    if country == Country.POLAND:
        if kind == LocalGovernmentKind.VOIVODESHIP:
            if not re.fullmatch(r"\d{2}", code) or int(code) % 2 or not 2 <= int(code) <= 32:
                raise ValidationError(_("A voivodeship's TERC code is an even 2-digit number from 02 to 32."), code="terc_voivodeship")
        elif kind == LocalGovernmentKind.POWIAT:
            if not re.fullmatch(r"\d{4}", code) or not 1 <= int(code[2:]) < FIRST_CITY_POWIAT_NUMBER:
                raise ValidationError(
                    _("A county's TERC code has 4 digits: the voivodeship and a county number from 01 to 60."),
                    code="terc_powiat",
                )
        elif kind in _TERC_TYPE_DIGIT:
            if not re.fullmatch(r"\d{7}", code):
                raise ValidationError(
                    _("A gmina's TERC code has 7 digits, the last being its type, e.g. 0862011."),
                    code="terc_format",
                )
            if code[6] != _TERC_TYPE_DIGIT[kind]:
                raise ValidationError(
                    _("The last digit of TERC code %(code)s is %(digit)s, which does not match the kind “%(kind)s”."),
                    code="terc_type_digit",
                    params={"code": code, "digit": code[6], "kind": LocalGovernmentKind(kind).label},
                )
            is_city_powiat = int(code[2:4]) >= FIRST_CITY_POWIAT_NUMBER
            if is_city_powiat != (kind == LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS):
                raise ValidationError(
                    _("County numbers from 61 up are cities with county rights; TERC code %(code)s does not fit the kind “%(kind)s”."),
                    code="terc_city_powiat",
                    params={"code": code, "kind": LocalGovernmentKind(kind).label},
                )
        else:
            raise ValidationError(_("This kind of unit does not exist in Poland."), code="kind_country")
    elif country == Country.CZECHIA:
        if kind not in {
            LocalGovernmentKind.OBEC,
            LocalGovernmentKind.MESTYS,
            LocalGovernmentKind.MESTO,
            LocalGovernmentKind.STATUTORY_CITY,
        }:
            raise ValidationError(_("This kind of unit does not exist in Czechia."), code="kind_country")
        if not re.fullmatch(r"5\d{5}", code):
            raise ValidationError(
                _("A Czech municipality code (kód obce) has 6 digits and starts with 5, e.g. 554791."),
                code="cz_code_format",
            )
    else:
        raise ValidationError(_("Unknown country."), code="country")
