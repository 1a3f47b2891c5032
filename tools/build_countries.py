#!/usr/bin/env python3
"""Build the offline country-boundary basemaps of Thaw Atlas.

Writes ``geodata/data/countries-110m.geojson`` (input of the drawn borders, tools/build_units.py) and
``geodata/data/countries-50m.geojson`` (the validator's point-in-country check):
GeoJSON FeatureCollections whose features carry exactly the properties
``{"iso_a2": "<ISO 3166-1 alpha-2 or -99>", "name": "<Natural Earth short name>"}``.

Source data: the npm package ``world-atlas`` (2.0.2), a TopoJSON packaging of the
Natural Earth 1:110m and 1:50m "admin 0 countries" layers. Natural Earth data is in
the public domain (https://www.naturalearthdata.com/about/terms-of-use/);
world-atlas itself is ISC-licensed (Mike Bostock). TopoJSON is decoded with
``topo2geo`` from the npm package ``topojson-client`` (3.1.0).

What the script does to the data:
* numeric ISO 3166-1 ids -> alpha-2 with ``pycountry``; features without an id are
  mapped by name (Kosovo -> XK, N. Cyprus -> CY, Somaliland -> SO, the Australian
  "Indian Ocean Ter." are split into Christmas Island -> CX and Cocos (Keeling)
  Islands -> CC); anything else unmappable (e.g. the disputed Siachen Glacier in the
  50m set) gets "-99", as in Natural Earth;
* rings crossing the antimeridian (Russia, Fiji, Antarctica) are unwrapped and cut at
  +/-180 deg so that no ring edge jumps more than 180 deg in longitude (no line
  across the map); rings encircling a pole (Antarctica) are closed along the pole (with vertices
  every 90 deg there);
  rings are combined with the even-odd rule, which is how world-atlas' spherical
  polygons (e.g. the 50m Antarctica with a ring at -89.999) read in the plane;
* coordinates are snapped to a 0.001 deg grid (3 decimals) with
  ``shapely.set_precision``, geometries are made valid, exteriors counter-clockwise
  (RFC 7946).

How to run (needs node/npm with access to the npm registry, and Python with
shapely >= 2 and pycountry)::

    python3 -m venv /tmp/bc-venv && /tmp/bc-venv/bin/pip install shapely pycountry
    /tmp/bc-venv/bin/python tools/build_countries.py            # from the repo root
    # options: --workdir DIR (npm scratch dir, default: a temp dir),
    #          --out DIR (default: geodata/data next to this tools/ folder)

The output is deterministic for the pinned package versions.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import pycountry
import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from shapely.geometry.polygon import orient

WORLD_ATLAS = "world-atlas@2.0.2"
TOPOJSON_CLIENT = "topojson-client@3.1.0"
RESOLUTIONS = ("110m", "50m")
GRID = 0.001  # 3 decimals

# Features that world-atlas ships without a numeric id.
NAME_TO_ISO = {
    "Kosovo": "XK",
    "N. Cyprus": "CY",
    "Somaliland": "SO",
}
# Features that hold two ISO entities: split their parts by a longitude threshold.
SPLIT_BY_LON = {
    # Australian Indian Ocean Territories: Christmas Island (~105.6E), Cocos (~96.8E).
    "Indian Ocean Ter.": (100.0, ("CC", "Cocos (Keeling) Islands"), ("CX", "Christmas Island")),
}
UNKNOWN = "-99"


def npm_decode(workdir: Path) -> dict[str, dict]:
    """npm-install world-atlas + topojson-client in workdir and run topo2geo."""
    workdir.mkdir(parents=True, exist_ok=True)
    if not (workdir / "package.json").exists():
        (workdir / "package.json").write_text('{"name": "thaw-atlas-basemap", "private": true}\n')
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", WORLD_ATLAS, TOPOJSON_CLIENT],
        cwd=workdir, check=True,
    )
    topo2geo = workdir / "node_modules" / ".bin" / "topo2geo"
    out = {}
    for res in RESOLUTIONS:
        src = workdir / "node_modules" / "world-atlas" / f"countries-{res}.json"
        dst = workdir / f"raw-{res}.geojson"
        with open(src, "rb") as fin:
            subprocess.run([str(topo2geo), f"countries={dst}"], stdin=fin, cwd=workdir, check=True)
        out[res] = json.loads(dst.read_text())
    return out


def unwrap(ring: list[list[float]]) -> tuple[list[tuple[float, float]], float]:
    """Make longitudes continuous; return the ring and its net longitude shift (0 or +-360)."""
    pts = [(float(ring[0][0]), float(ring[0][1]))]
    offset = 0.0
    for (x0, _), (x1, y1) in zip(ring, ring[1:], strict=False):
        d = x1 - x0
        if d > 180:
            offset -= 360.0
        elif d < -180:
            offset += 360.0
        pts.append((x1 + offset, float(y1)))
    return pts, offset


def ring_to_planar(ring: list[list[float]]) -> Polygon:
    pts, offset = unwrap(ring)
    if offset != 0.0:
        # Ring encircles a pole: close it along that pole.
        pole = -90.0 if sum(y for _, y in pts) < 0 else 90.0
        pts = pts + [(pts[-1][0], pole), (pts[0][0], pole)]
    poly = Polygon(pts)
    return poly if poly.is_valid else shapely.make_valid(poly)


def polygon_to_planar(rings: list[list[list[float]]]):
    """Even-odd combination of all rings of one (spherical) polygon."""
    geom = None
    for ring in rings:
        if len(ring) < 4:
            continue
        p = ring_to_planar(ring)
        geom = p if geom is None else geom.symmetric_difference(p)
    return geom


def wrap_into_world(geom):
    """Cut a planar geometry that may extend past +-180 into [-180, 180]."""
    minx, _, maxx, _ = geom.bounds
    parts = []
    for k in range(math.floor((minx + 180) / 360), math.floor((maxx + 180) / 360) + 1):
        piece = geom.intersection(box(-180 + 360 * k, -90, 180 + 360 * k, 90))
        if not piece.is_empty:
            parts.append(shapely.affinity.translate(piece, xoff=-360 * k))
    return shapely.union_all(parts)


def polygons_only(geom) -> MultiPolygon | Polygon | None:
    """Keep the polygonal parts (make_valid may add lines or points), exteriors CCW."""
    polys, stack = [], [geom]
    while stack:
        g = stack.pop()
        if isinstance(g, Polygon):
            if not g.is_empty and g.area > 0:
                polys.append(orient(g, 1.0))
        elif hasattr(g, "geoms"):
            stack.extend(reversed(list(g.geoms)))
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def clean(geom):
    geom = shapely.set_precision(geom, GRID)  # snaps to the grid and keeps it valid
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    # The edge that closes a polar ring runs along the pole from +180 to -180: give it
    # intermediate vertices so that no edge spans more than 90 deg of longitude.
    geom = shapely.segmentize(geom, max_segment_length=90.0)
    return polygons_only(geom)


def convert_geometry(g: dict):
    polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
    planar = [p for p in (polygon_to_planar(r) for r in polys) if p is not None and not p.is_empty]
    return clean(wrap_into_world(shapely.union_all(planar)))


def iso_for(feature: dict) -> str:
    fid = feature.get("id")
    name = feature["properties"].get("name", "")
    if fid is not None:
        c = pycountry.countries.get(numeric=str(fid).zfill(3))
        if c is not None:
            return c.alpha_2
        print(f"warning: numeric id {fid!r} ({name}) not in ISO 3166-1", file=sys.stderr)
    if name in NAME_TO_ISO:
        return NAME_TO_ISO[name]
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        print(f"note: {name!r} has no ISO 3166-1 code -> {UNKNOWN}", file=sys.stderr)
        return UNKNOWN


def rounded(obj):
    if isinstance(obj, float):
        r = round(obj, 3)
        return 0.0 if r == 0 else r
    if isinstance(obj, (list, tuple)):
        return [rounded(o) for o in obj]
    return obj


def out_feature(iso: str, name: str, geom) -> dict:
    gj = mapping(geom)
    return {
        "type": "Feature",
        "properties": {"iso_a2": iso, "name": name},
        "geometry": {"type": gj["type"], "coordinates": rounded(gj["coordinates"])},
    }


def convert(collection: dict) -> dict:
    features = []
    for f in collection["features"]:
        name = f["properties"].get("name", "")
        if f.get("geometry") is None:
            continue
        geom = convert_geometry(f["geometry"])
        if geom is None:
            continue
        if name in SPLIT_BY_LON:
            lon, west, east = SPLIT_BY_LON[name]
            parts = list(shapely.get_parts(geom))
            for (iso, nm), sel in ((west, [p for p in parts if p.centroid.x < lon]),
                                   (east, [p for p in parts if p.centroid.x >= lon])):
                if sel:
                    features.append(out_feature(iso, nm, sel[0] if len(sel) == 1 else MultiPolygon(sel)))
            continue
        features.append(out_feature(iso_for(f), name, geom))
    return {"type": "FeatureCollection", "features": features}


def check_no_jumps(fc: dict) -> int:
    bad = 0
    for f in fc["features"]:
        g = f["geometry"]
        for poly in (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]):
            for ring in poly:
                bad += sum(abs(a[0] - b[0]) > 180 for a, b in zip(ring, ring[1:], strict=False))
    return bad


def main(argv=None) -> int:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", type=Path, default=None, help="npm scratch dir (default: temp dir)")
    ap.add_argument("--out", type=Path, default=None, help="one folder for both files (default: where they live)")
    args = ap.parse_args(argv)
    destinations = {"110m": here.parent / "geodata" / "data",
                    "50m": here.parent / "geodata" / "data"}

    if args.workdir is None:
        with tempfile.TemporaryDirectory(prefix="world-atlas-") as tmp:
            raw = npm_decode(Path(tmp))
    else:
        raw = npm_decode(args.workdir)

    for res in RESOLUTIONS:
        fc = convert(raw[res])
        jumps = check_no_jumps(fc)
        if jumps:
            raise SystemExit(f"{res}: {jumps} ring edges still jump > 180 deg")
        folder = args.out or destinations[res]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"countries-{res}.geojson"
        path.write_text(json.dumps(fc, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path} ({len(fc['features'])} features, {path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
