"""The good-practice map, drawn on the server as inline SVG from the outlines we ship (`cms/data/regions.json`).

No tiles, no script, no request to anyone else: the template `cms/includes/practice_map.html` writes one
`<path>` per region and one circle per practice. The projection is equirectangular with longitudes shortened
by the cosine of the map's middle latitude, which is true enough for two neighbouring countries.
"""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from cms.regions import REGIONS, geometry, region_contains

WIDTH = 1000  # the overview map's width in SVG units; its height follows from the projection
_PAD = 8  # units of empty border around the overview map


@dataclass
class MapRegion:
    code: str
    path: str
    label_x: float
    label_y: float
    count: int = 0
    href: str = ""
    is_current: bool = False
    is_highlighted: bool = False

    @property
    def name(self) -> str:
        return REGIONS[self.code].name


@dataclass
class MapPoint:
    x: float
    y: float
    title: str
    href: str = ""
    place: str = ""


@dataclass
class PracticeMap:
    view_box: str
    width: float
    height: float
    point_radius: float
    badge_radius: float
    regions: list[MapRegion] = field(default_factory=list)
    points: list[MapPoint] = field(default_factory=list)


@dataclass(frozen=True)
class _Projection:
    west: float
    north: float
    scale: float  # SVG units per degree of latitude
    x_factor: float  # cos(middle latitude)
    width: float
    height: float

    def __call__(self, longitude: float, latitude: float) -> tuple[float, float]:
        return (
            round(_PAD + (longitude - self.west) * self.x_factor * self.scale, 1),
            round(_PAD + (self.north - latitude) * self.scale, 1),
        )

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        """(longitude, latitude) of an SVG point."""
        return (self.west + (x - _PAD) / (self.x_factor * self.scale), self.north - (y - _PAD) / self.scale)


@cache
def _projection() -> _Projection:
    boxes = [shape["bbox"] for shape in geometry()["regions"].values()]
    west, south = min(box[0] for box in boxes), min(box[1] for box in boxes)
    east, north = max(box[2] for box in boxes), max(box[3] for box in boxes)
    x_factor = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 2 * _PAD) / ((east - west) * x_factor)
    return _Projection(west, north, scale, x_factor, WIDTH, round((north - south) * scale + 2 * _PAD, 1))


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@cache
def _outlines() -> dict[str, tuple[str, tuple[float, float], tuple[float, float, float, float]]]:
    """Each region's SVG path (projected once per process), label point and projected bounding box."""
    project = _projection()
    result = {}
    for code, shape in geometry()["regions"].items():
        parts = []
        for polygon in shape["polygons"]:
            for ring in polygon:
                points = [project(lon, lat) for lon, lat in ring[:-1]]
                parts.append("M" + " ".join(f"{_number(x)} {_number(y)}" for x, y in points) + "Z")
        west, south, east, north = shape["bbox"]
        x1, y1 = project(west, north)
        x2, y2 = project(east, south)
        result[code] = ("".join(parts), project(*shape["label"]), (x1, y1, x2, y2))
    return result


def project(*, latitude: float, longitude: float) -> tuple[float, float]:
    return _projection()(float(longitude), float(latitude))


def overview_map(
    *,
    counts: dict[str, int],
    region_url: Callable[[str], str],
    current_region: str = "",
    points: Iterable[MapPoint] = (),
) -> PracticeMap:
    """Both countries: every region a link (to `region_url(code)`) with its count of practices, and the
    practices as points (already projected, see `point`)."""
    projection = _projection()
    points = list(points)
    regions = [
        MapRegion(
            code=code,
            path=outline,
            label_x=label[0],
            label_y=label[1],
            count=counts.get(code, 0),
            href=region_url(code),
            is_current=code == current_region,
        )
        for code, (outline, label, _box) in _outlines().items()
    ]
    practice_map = PracticeMap(
        view_box=f"0 0 {_number(projection.width)} {_number(projection.height)}",
        width=projection.width,
        height=projection.height,
        point_radius=6,
        badge_radius=15,
        regions=regions,
        points=points,
    )
    for region in regions:
        if region.count:
            _move_badge_off_points(region, practice_map)
    return practice_map


def _move_badge_off_points(region: MapRegion, practice_map: PracticeMap) -> None:
    """Keep a region's count readable: when a practice's point would cover the badge, move the badge to the
    nearest spot around it that is clear of every point and still inside the region."""
    clearance = practice_map.badge_radius + practice_map.point_radius + 3

    def is_clear(x: float, y: float) -> bool:
        return all(math.hypot(point.x - x, point.y - y) >= clearance for point in practice_map.points)

    if is_clear(region.label_x, region.label_y):
        return
    projection = _projection()
    for distance in (1.0, 1.6, 2.4, 3.4):
        for step in range(12):
            angle = math.tau * step / 12
            x = region.label_x + distance * clearance * math.cos(angle)
            y = region.label_y + distance * clearance * math.sin(angle)
            longitude, latitude = projection.inverse(x, y)
            if is_clear(x, y) and region_contains(region.code, latitude=latitude, longitude=longitude, tolerance_km=0):
                region.label_x, region.label_y = round(x, 1), round(y, 1)
                return


def point(*, latitude, longitude, title: str, href: str = "", place: str = "") -> MapPoint:
    x, y = project(latitude=latitude, longitude=longitude)
    return MapPoint(x=x, y=y, title=title, href=href, place=place)


def location_map(*, region: str, latitude, longitude, title: str, place: str = "") -> PracticeMap:
    """One practice's place: the overview cropped to its region with a margin (neighbours stay visible,
    without links), the region highlighted and the practice as a point."""
    outlines = _outlines()
    x1, y1, x2, y2 = outlines[region][2] if region in outlines else (0, 0, _projection().width, _projection().height)
    marker = point(latitude=latitude, longitude=longitude, title=title, place=place)
    x1, y1, x2, y2 = min(x1, marker.x), min(y1, marker.y), max(x2, marker.x), max(y2, marker.y)
    margin = max(x2 - x1, y2 - y1) * 0.15
    x1, y1, x2, y2 = x1 - margin, y1 - margin, x2 + margin, y2 + margin
    width, height = x2 - x1, y2 - y1
    regions = [
        MapRegion(code=code, path=outline, label_x=label[0], label_y=label[1], is_highlighted=code == region)
        for code, (outline, label, box) in outlines.items()
        if box[0] <= x2 and box[2] >= x1 and box[1] <= y2 and box[3] >= y1
    ]
    return PracticeMap(
        view_box=f"{_number(x1)} {_number(y1)} {_number(width)} {_number(height)}",
        width=width,
        height=height,
        point_radius=round(max(width, height) / 60, 1),
        badge_radius=0,
        regions=regions,
        points=[marker],
    )
