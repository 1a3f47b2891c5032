"""Present-day country boundaries (Natural Earth via world-atlas, public domain) and point-in-country checks."""

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely

DATA = Path(__file__).parent / "data"
BOUNDARIES = DATA / "countries-50m.geojson"
TOLERANCE_DEGREES = 0.1  # about 10 km: coasts, islands and river borders drawn coarsely at 1:50m


@lru_cache(maxsize=1)
def boundaries() -> dict[str, shapely.Geometry]:
    """ISO 3166-1 alpha-2 code -> (multi)polygon, prepared for fast predicates."""
    collection = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    parts: dict[str, list] = {}
    for feature in collection["features"]:
        code = feature["properties"]["iso_a2"]
        parts.setdefault(code, []).append(shapely.make_valid(shapely.geometry.shape(feature["geometry"])))
    shapes = {code: shapely.union_all(geoms) for code, geoms in parts.items()}
    for geom in shapes.values():
        shapely.prepare(geom)
    return shapes


def inside(codes, xs, ys, tolerance=TOLERANCE_DEGREES) -> np.ndarray:
    """For each point, whether it lies in (or within `tolerance` degrees of) the country its code names.

    Vectorised per country. A code the boundary file does not know gives False.
    """
    codes = np.asarray(codes, dtype=object)
    xs = np.asarray(xs, dtype=float)
    ys = np.asarray(ys, dtype=float)
    result = np.zeros(len(codes), dtype=bool)
    shapes = boundaries()
    for code in set(codes.tolist()):
        geom = shapes.get(code)
        if geom is None:
            continue
        rows = np.flatnonzero(codes == code)
        hit = shapely.contains_xy(geom, xs[rows], ys[rows])
        near = ~hit
        if near.any():
            points = shapely.points(xs[rows[near]], ys[rows[near]])
            hit[near] = shapely.dwithin(geom, points, tolerance)
        result[rows] = hit
    return result


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> Natural Earth's short name of the country ("Czechia", "Georgia")."""
    collection = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    return {f["properties"]["iso_a2"]: f["properties"]["name"] for f in collection["features"]}


def known(code: str) -> bool:
    return code in boundaries()
