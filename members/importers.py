"""Reading CSV files of local-government units, in two layouts, into validated rows.

1. The TERYT TERC layout published by GUS (semicolon-separated, header
   `WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA`). Voivodeships, counties and gminy become units; a city with
   county rights is keyed on its gmina code; parts of gminy (RODZ 4, 5) and districts or delegations of
   cities (RODZ 8, 9) are not self-governing units and are skipped.
2. The federation layout (comma-separated, header `country,code,name,kind,parent_code,population`), for
   Czech municipalities or any unit with its population. `kind` is one of the keys of
   `members.enums.LocalGovernmentKind`; `parent_code` and `population` may be empty.

Parsing never writes: it returns rows and a list of errors, each with its line number.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from members.enums import Country, LocalGovernmentKind
from members.validators import FIRST_CITY_POWIAT_NUMBER, validate_local_government_code

TERC_HEADER = ["WOJ", "POW", "GMI", "RODZ", "NAZWA", "NAZWA_DOD", "STAN_NA"]
FEDERATION_HEADER = ["country", "code", "name", "kind", "parent_code", "population"]

_TERC_GMINA_KINDS = {
    "1": LocalGovernmentKind.URBAN_GMINA,
    "2": LocalGovernmentKind.RURAL_GMINA,
    "3": LocalGovernmentKind.URBAN_RURAL_GMINA,
}
_TERC_PARTS = {"4", "5", "8", "9"}


@dataclass(frozen=True)
class UnitRow:
    line: int
    country: str
    code: str
    name: str
    kind: str
    parent_code: str
    population: int | None


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self):
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ParseResult:
    rows: list[UnitRow]
    errors: list[RowError]
    skipped: int


def _decode(data: bytes) -> str:
    # GUS has published TERC in UTF-8 (with or without BOM) and, in older files, in Windows-1250.
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(_("The file is neither UTF-8 nor Windows-1250 text."))


def parse_local_governments(data: bytes, *, known_codes: frozenset[str] = frozenset()) -> ParseResult:
    """Parse and validate a whole file. `known_codes` are codes already in the database (valid parents)."""
    try:
        text = _decode(data)
    except ValueError as error:
        return ParseResult(rows=[], errors=[RowError(1, str(error))], skipped=0)
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip() for cell in next(reader, [])]
    if header[: len(TERC_HEADER) - 1] == TERC_HEADER[:-1]:
        rows, errors, skipped = _parse_terc(reader)
    elif header == FEDERATION_HEADER:
        rows, errors, skipped = _parse_federation(reader)
    else:
        return ParseResult(
            rows=[],
            errors=[
                RowError(
                    1,
                    _("Unrecognised header. Expected the TERC layout (%(terc)s) or the federation layout (%(fed)s).")
                    % {"terc": ";".join(TERC_HEADER), "fed": ",".join(FEDERATION_HEADER)},
                )
            ],
            skipped=0,
        )
    errors += _check_codes_and_parents(rows, known_codes)
    return ParseResult(rows=rows, errors=sorted(errors, key=lambda e: e.line), skipped=skipped)


def _parse_terc(reader):
    rows, errors, skipped = [], [], 0
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < 6:
            errors.append(RowError(line, _("expected at least 6 columns, found %(count)s") % {"count": len(cells)}))
            continue
        woj, pow_, gmi, rodz, name, _description = (cell.strip() for cell in cells[:6])
        if not name:
            errors.append(RowError(line, _("the name (NAZWA) is empty")))
            continue
        if not woj.isdigit() or (pow_ and not pow_.isdigit()) or (gmi and not gmi.isdigit()):
            errors.append(RowError(line, _("WOJ, POW and GMI must be digits")))
            continue
        if not pow_:
            rows.append(UnitRow(line, Country.POLAND, woj, name.lower(), LocalGovernmentKind.VOIVODESHIP, "", None))
        elif not gmi:
            if int(pow_) >= FIRST_CITY_POWIAT_NUMBER:
                skipped += 1  # the city itself is imported from its gmina row
                continue
            rows.append(UnitRow(line, Country.POLAND, woj + pow_, name, LocalGovernmentKind.POWIAT, woj, None))
        elif rodz in _TERC_PARTS:
            skipped += 1
        elif rodz in _TERC_GMINA_KINDS:
            is_city = int(pow_) >= FIRST_CITY_POWIAT_NUMBER
            kind = LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS if is_city else _TERC_GMINA_KINDS[rodz]
            parent = woj if is_city else woj + pow_
            rows.append(UnitRow(line, Country.POLAND, woj + pow_ + gmi + rodz, name, kind, parent, None))
        else:
            errors.append(RowError(line, _("unknown unit type RODZ “%(rodz)s” (expected 1 to 5, 8 or 9)") % {"rodz": rodz}))
    return rows, errors, skipped


def _parse_federation(reader):
    rows, errors = [], []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(FEDERATION_HEADER):
            errors.append(
                RowError(
                    line, _("expected %(expected)s columns, found %(count)s") % {"expected": len(FEDERATION_HEADER), "count": len(cells)}
                )
            )
            continue
        country, code, name, kind, parent_code, population = (cell.strip() for cell in cells)
        problems = []
        if country not in Country.values:
            problems.append(_("unknown country “%(value)s” (use %(choices)s)") % {"value": country, "choices": ", ".join(Country.values)})
        if kind not in LocalGovernmentKind.values:
            problems.append(_("unknown kind “%(value)s”") % {"value": kind})
        if not name:
            problems.append(_("the name is empty"))
        if population and not (population.isascii() and population.isdigit()):
            problems.append(_("the population “%(value)s” is not a whole number") % {"value": population})
        if problems:
            errors.append(RowError(line, "; ".join(problems)))
            continue
        rows.append(UnitRow(line, country, code, name, kind, parent_code, int(population) if population else None))
    return rows, errors, 0


def _check_codes_and_parents(rows: list[UnitRow], known_codes: frozenset[str]) -> list[RowError]:
    errors = []
    seen: dict[str, int] = {}
    for row in rows:
        try:
            validate_local_government_code(country=row.country, kind=row.kind, code=row.code)
        except ValidationError as error:
            errors.append(RowError(row.line, " ".join(error.messages)))
        if row.code in seen:
            errors.append(
                RowError(row.line, _("code %(code)s already appears on line %(line)s") % {"code": row.code, "line": seen[row.code]})
            )
        else:
            seen[row.code] = row.line
        if row.parent_code and row.parent_code not in seen and row.parent_code not in known_codes:
            errors.append(
                RowError(
                    row.line, _("parent unit %(code)s is neither earlier in the file nor already imported") % {"code": row.parent_code}
                )
            )
    return errors
