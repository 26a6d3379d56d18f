"""The regions of the good-practice map: Poland's 16 voivodeships and Czechia's 14 regions (kraje).

Each is keyed by its ISO 3166-2 code (Poland's numeric codes equal the TERYT voivodeship codes; Czech
codes are the regions' NUTS codes) and named in the site's three languages here, so the names do not wait
for the translation catalogues. Their outlines come from `cms/data/regions.json`, which
`cms/data/build_regions.py` derives from Natural Earth (public domain); `ne_code` is the letter code
Natural Earth still uses for each region.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language

from members.enums import Country

DATA_FILE = Path(__file__).resolve().parent / "data" / "regions.json"


@dataclass(frozen=True)
class Region:
    code: str
    country: str
    ne_code: str
    name_pl: str
    name_cs: str
    name_en: str

    @property
    def name(self) -> str:
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return getattr(self, f"name_{language}", "") or self.name_pl


_PL, _CZ = Country.POLAND.value, Country.CZECHIA.value

REGIONS: dict[str, Region] = {
    region.code: region
    for region in (
        Region("PL-02", _PL, "PL-DS", "dolnośląskie", "Dolnoslezské vojvodství", "Lower Silesian Voivodeship"),
        Region("PL-04", _PL, "PL-KP", "kujawsko-pomorskie", "Kujavsko-pomořské vojvodství", "Kuyavian-Pomeranian Voivodeship"),
        Region("PL-06", _PL, "PL-LU", "lubelskie", "Lublinské vojvodství", "Lublin Voivodeship"),
        Region("PL-08", _PL, "PL-LB", "lubuskie", "Lubušské vojvodství", "Lubusz Voivodeship"),
        Region("PL-10", _PL, "PL-LD", "łódzkie", "Lodžské vojvodství", "Łódź Voivodeship"),
        Region("PL-12", _PL, "PL-MA", "małopolskie", "Malopolské vojvodství", "Lesser Poland Voivodeship"),
        Region("PL-14", _PL, "PL-MZ", "mazowieckie", "Mazovské vojvodství", "Masovian Voivodeship"),
        Region("PL-16", _PL, "PL-OP", "opolskie", "Opolské vojvodství", "Opole Voivodeship"),
        Region("PL-18", _PL, "PL-PK", "podkarpackie", "Podkarpatské vojvodství", "Subcarpathian Voivodeship"),
        Region("PL-20", _PL, "PL-PD", "podlaskie", "Podleské vojvodství", "Podlaskie Voivodeship"),
        Region("PL-22", _PL, "PL-PM", "pomorskie", "Pomořské vojvodství", "Pomeranian Voivodeship"),
        Region("PL-24", _PL, "PL-SL", "śląskie", "Slezské vojvodství", "Silesian Voivodeship"),
        Region("PL-26", _PL, "PL-SK", "świętokrzyskie", "Svatokřížské vojvodství", "Świętokrzyskie Voivodeship"),
        Region("PL-28", _PL, "PL-WN", "warmińsko-mazurskie", "Varmijsko-mazurské vojvodství", "Warmian-Masurian Voivodeship"),
        Region("PL-30", _PL, "PL-WP", "wielkopolskie", "Velkopolské vojvodství", "Greater Poland Voivodeship"),
        Region("PL-32", _PL, "PL-ZP", "zachodniopomorskie", "Západopomořanské vojvodství", "West Pomeranian Voivodeship"),
        Region("CZ-10", _CZ, "CZ-PR", "Praga", "Hlavní město Praha", "Prague"),
        Region("CZ-20", _CZ, "CZ-ST", "kraj środkowoczeski", "Středočeský kraj", "Central Bohemian Region"),
        Region("CZ-31", _CZ, "CZ-JC", "kraj południowoczeski", "Jihočeský kraj", "South Bohemian Region"),
        Region("CZ-32", _CZ, "CZ-PL", "kraj pilzneński", "Plzeňský kraj", "Plzeň Region"),
        Region("CZ-41", _CZ, "CZ-KA", "kraj karlowarski", "Karlovarský kraj", "Karlovy Vary Region"),
        Region("CZ-42", _CZ, "CZ-US", "kraj usteński", "Ústecký kraj", "Ústí nad Labem Region"),
        Region("CZ-51", _CZ, "CZ-LI", "kraj liberecki", "Liberecký kraj", "Liberec Region"),
        Region("CZ-52", _CZ, "CZ-KR", "kraj hradecki", "Královéhradecký kraj", "Hradec Králové Region"),
        Region("CZ-53", _CZ, "CZ-PA", "kraj pardubicki", "Pardubický kraj", "Pardubice Region"),
        Region("CZ-63", _CZ, "CZ-VY", "kraj Wysoczyna", "Kraj Vysočina", "Vysočina Region"),
        Region("CZ-64", _CZ, "CZ-JM", "kraj południowomorawski", "Jihomoravský kraj", "South Moravian Region"),
        Region("CZ-71", _CZ, "CZ-OL", "kraj ołomuniecki", "Olomoucký kraj", "Olomouc Region"),
        Region("CZ-72", _CZ, "CZ-ZL", "kraj zliński", "Zlínský kraj", "Zlín Region"),
        Region("CZ-80", _CZ, "CZ-MO", "kraj morawsko-śląski", "Moravskoslezský kraj", "Moravian-Silesian Region"),
    )
}


def region_name(code: str) -> str:
    """The region's name in the active language ("" for an unknown code)."""
    region = REGIONS.get(code)
    return region.name if region else ""


# Labels of the model field's choices: evaluated when shown, in the language being read.
_lazy_region_name = lazy(region_name, str)
REGION_CHOICES = [(code, _lazy_region_name(code)) for code in REGIONS]


def region_choices_by_country() -> list[tuple[str, list[tuple[str, str]]]]:
    """The regions grouped by country (for a <select> with <optgroup>s), each sorted by its name."""
    groups = []
    for country in (Country.POLAND, Country.CZECHIA):
        regions = sorted((r for r in REGIONS.values() if r.country == country), key=lambda r: r.name.casefold())
        groups.append((str(country.label), [(region.code, region.name) for region in regions]))
    return groups


# --- Outlines -------------------------------------------------------------------------------------------


@cache
def geometry() -> dict:
    """The shipped outlines: {"regions": {code: {"bbox", "label", "polygons"}}, "source", …}."""
    with DATA_FILE.open(encoding="utf-8") as file:
        return json.load(file)


def _ring_contains(ring, lon: float, lat: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _segment_distance_km(lon: float, lat: float, a, b) -> float:
    """Distance in km from a point to a segment, on a plane tangent at the point (fine at this scale)."""
    kx = 111.32 * math.cos(math.radians(lat))
    ky = 110.57
    ax, ay = (a[0] - lon) * kx, (a[1] - lat) * ky
    bx, by = (b[0] - lon) * kx, (b[1] - lat) * ky
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
    return math.hypot(ax + t * dx, ay + t * dy)


def region_contains(code: str, *, latitude: float, longitude: float, tolerance_km: float = 3.0) -> bool:
    """Whether the point lies in the region, or within `tolerance_km` of its simplified outline (the shipped
    outline is generalised to about a kilometre, so a place right on the border must not be refused)."""
    shape = geometry()["regions"].get(code)
    if shape is None:
        return False
    west, south, east, north = shape["bbox"]
    margin = tolerance_km / 70  # degrees, generously (a degree of longitude is over 70 km here)
    if not (west - margin <= longitude <= east + margin and south - margin <= latitude <= north + margin):
        return False
    for polygon in shape["polygons"]:
        if _ring_contains(polygon[0], longitude, latitude) and not any(_ring_contains(hole, longitude, latitude) for hole in polygon[1:]):
            return True
    return any(
        _segment_distance_km(longitude, latitude, a, b) <= tolerance_km
        for polygon in shape["polygons"]
        for ring in polygon
        for a, b in zip(ring, ring[1:], strict=False)
    )


def region_at(*, latitude: float, longitude: float) -> str | None:
    """The code of the region holding the point (strictly inside an outline), or None."""
    for code in REGIONS:
        if region_contains(code, latitude=latitude, longitude=longitude, tolerance_km=0):
            return code
    return None
