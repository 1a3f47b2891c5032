"""The layer as tables of periods, for desktop GIS and data tools: places, their name periods, monument lifetimes.

Each period has a `start` and an `end` day (first day of the date's interval; empty when open) beside the
EDTF text the sources give, so QGIS's Temporal Controller, DuckDB or geopandas can use them as they are.
"""

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata.layer import Layer


def _day(fact) -> dt.date | None:
    return fact.date.first if fact is not None else None


def _frame(rows: list[dict], columns: list[str], points) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("start", "end"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ms]")
    return gpd.GeoDataFrame(frame, geometry=list(points), crs="EPSG:4326")


def _positions(layer: Layer, mask) -> np.ndarray:
    return np.arange(len(layer)) if mask is None else np.flatnonzero(mask)


def places(layer: Layer, mask=None) -> gpd.GeoDataFrame:
    """One row per place: what it is, its present name, and when it existed (first name or unveiling to the end
    of its last name or its removal)."""
    rows, points = [], []
    for p in _positions(layer, mask):
        place = layer.places[p]
        first = place.monument.unveiled if place.monument else place.names[0].start
        last = place.monument.removed if place.monument else place.names[-1].end
        rows.append({"id": place.id, "kind": place.kind, "feature_type": place.feature_type,
                     "country": place.country, "present_name": place.present_name.latin,
                     "wikidata": place.wikidata, "description": place.description,
                     "start": _day(first), "end": _day(last)})
        points.append(layer.features.geometry.iat[p])
    columns = ["id", "kind", "feature_type", "country", "present_name", "wikidata", "description", "start", "end"]
    return _frame(rows, columns, points)


def name_periods(layer: Layer, mask=None) -> gpd.GeoDataFrame:
    """One row per name: the name in its own script and in Latin letters, whether it honoured Stalin, the state
    of the time, and the days it held (until the next name's start, or its own end)."""
    rows, points = [], []
    for p in _positions(layer, mask):
        place = layer.places[p]
        for i, name in enumerate(place.names):
            following = place.names[i + 1] if i + 1 < len(place.names) else None
            end = name.end or (following.start if following else None)
            rows.append({"place_id": place.id, "order": i, "name": name.name, "latin": name.latin,
                         "lang": name.lang, "stalin": name.stalin, "state": name.state, "kind": place.kind,
                         "feature_type": place.feature_type, "country": place.country,
                         "start": _day(name.start), "end": _day(end),
                         "start_text": name.start.date.text if name.start else None,
                         "end_text": end.date.text if end else None})
            points.append(layer.features.geometry.iat[p])
    columns = ["place_id", "order", "name", "latin", "lang", "stalin", "state", "kind", "feature_type", "country",
               "start", "end", "start_text", "end_text"]
    return _frame(rows, columns, points)


def monument_lifetimes(layer: Layer, mask=None) -> gpd.GeoDataFrame:
    """One row per monument: from its unveiling to its removal (open while it stands), and its fate."""
    rows, points = [], []
    for p in _positions(layer, mask):
        place = layer.places[p]
        if place.monument is None:
            continue
        m = place.monument
        rows.append({"place_id": place.id, "name": place.names[0].latin, "country": place.country,
                     "fate": m.fate, "start": _day(m.unveiled), "end": _day(m.removed),
                     "start_text": m.unveiled.date.text, "end_text": m.removed.date.text if m.removed else None})
        points.append(layer.features.geometry.iat[p])
    columns = ["place_id", "name", "country", "fate", "start", "end", "start_text", "end_text"]
    return _frame(rows, columns, points)
