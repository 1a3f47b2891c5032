"""Exports of a layer (or a selection of it): GeoJSON (RFC 7946), CSV, Linked Places Format v1.3, Linked Places
TSV v0.4, GeoPackage and GeoParquet (the last two as bytes).

Each function takes the layer, a boolean mask of the features to export (None = all) and optionally a day;
with a day, every feature also carries its name and status on that day (status `absent` and no name for one
that does not exist then). Each returns text.
"""

import csv
import io
import json
import tempfile
from pathlib import Path

import numpy as np

from geodata import periods
from geodata.convert import CSV_OPTIONAL, CSV_REQUIRED
from geodata.layer import Layer
from geodata.schema import DatedFact, Place, feature_from_place
from geodata.timeline import state_on

FORMATS = ("geojson", "csv", "lpf", "lptsv", "gpkg", "geoparquet")
LPF_CONTEXT = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld"
DATASET_URI = "https://thaw-atlas.example/places/"
FEATURE_CLASSES = {  # GeoNames feature classes, as Linked Places `fclasses`
    "city": "P", "town": "P", "village": "P",
    "region": "A", "district": "A",
    "peak": "T",
    "street": "R",
    "park": "L",
    "canal": "H",
}


def _chosen(layer: Layer, mask):
    positions = np.arange(len(layer)) if mask is None else np.flatnonzero(mask)
    return positions.tolist()


def _on_date(layer: Layer, day):
    if day is None:
        return None
    state = state_on(layer, day)
    return state.assign(date=str(day))


def _date_fields(state, position):
    """The state of one feature on the export's day; a feature that does not exist then has no name."""
    row = state.iloc[position]
    return {
        "date": row["date"],
        "name": row["name"] if row["exists"] else None,
        "latin": row["latin"] if row["exists"] else None,
        "status": row["status"],
        "stalin": bool(row["stalin"]),
        "uncertain": bool(row["uncertain"]),
    }


def to_geojson(layer: Layer, mask=None, day=None) -> str:
    state = _on_date(layer, day)
    features = []
    for position in _chosen(layer, mask):
        feature = feature_from_place(layer.places[position])
        if state is not None:
            feature["properties"] = {**feature["properties"], "on_date": _date_fields(state, position)}
        features.append(feature)
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)


def _csv_rows(layer: Layer, position: int):
    """One row per name, in the columns `geodata.convert` reads back (docs/schema.md, CSV). A row cites one
    source: its name's start's, else its end's."""
    place = layer.places[position]
    frame = layer.features
    by_id = {s.id: s for s in place.sources}
    m = place.monument
    for order, name in enumerate(place.names):
        dated = name.start or name.end
        cited = by_id[dated.sources[0]] if dated else place.sources[0]
        alternatives = name.start.alternatives if name.start else ()
        row = {
            "id": place.id, "kind": place.kind, "feature_type": place.feature_type, "country": place.country,
            "lat": frame["lat"].iat[position], "lon": frame["lon"].iat[position], "description": place.description,
            "name": name.name, "latin": name.latin, "lang": name.lang, "stalin": str(name.stalin).lower(),
            "state": name.state, "start": name.start.date.text if name.start else "",
            "end": name.end.date.text if name.end else "",
            "source_title": cited.title, "source_url": cited.url, "wikidata": place.wikidata or "",
            "disputed": "; ".join(f"{a.date.text} ({by_id[a.sources[0]].title})" for a in alternatives),
        }
        if m and order == 0:
            row.update(unveiled=m.unveiled.date.text, removed=m.removed.date.text if m.removed else "", fate=m.fate)
        yield row


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    """A text cell a spreadsheet would run as a formula (=HYPERLINK(...)) gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def to_csv(layer: Layer, mask=None, day=None) -> str:
    """One row per name (the import columns, so an export reads back in), plus the state on `day`. Text cells
    that a spreadsheet would take for a formula start with an apostrophe."""
    state = _on_date(layer, day)
    out = io.StringIO()
    columns = [*CSV_REQUIRED, *CSV_OPTIONAL, "disputed"]
    if state is not None:
        columns += ["on_date", "name_on_date", "status_on_date"]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for position in _chosen(layer, mask):
        extra = {}
        if state is not None:
            fields = _date_fields(state, position)
            extra = {"on_date": fields["date"], "name_on_date": fields["latin"], "status_on_date": fields["status"]}
        for row in _csv_rows(layer, position):
            writer.writerow({key: _inert(value) for key, value in {**row, **extra}.items()})
    return out.getvalue()


def _plain(date) -> bool:
    """A day, a month or a year with no qualifier: what ISO 8601 (and so LPF and LP-TSV) can say as it is."""
    return date.precision in ("day", "month", "year") and not (date.approximate or date.uncertain)


def _lpf_point(fact: DatedFact) -> dict:
    """A Linked Places `start`/`end`: `in` for a day, month or year; earliest/latest for other precisions."""
    date = fact.date
    if _plain(date):
        return {"in": date.text}
    return {"earliest": date.first.isoformat(), "latest": date.last.isoformat()}


def _timespan(start: DatedFact | None, end: DatedFact | None) -> dict:
    """A Linked Places timespan. A name whose start no source gives, but whose end is known, started no later
    than the last day its end may mean: `{"start": {"latest": ...}}` (the World Historical Gazetteer needs a
    start in every timespan; `latest` alone says that the earliest is unknown)."""
    span = {}
    if start is not None:
        span["start"] = _lpf_point(start)
    elif end is not None:
        span["start"] = {"latest": end.date.last.isoformat()}
    if end is not None:
        span["end"] = _lpf_point(end)
    return span


def _citations(place: Place, facts) -> list[dict]:
    ids = []
    for fact in facts:
        if fact is None:
            continue
        ids.extend(fact.sources)
        for alternative in fact.alternatives:
            ids.extend(alternative.sources)
    by_id = {s.id: s for s in place.sources}
    return [{"label": by_id[i].title, "@id": by_id[i].url} for i in dict.fromkeys(ids)]


def _lpf_feature(place: Place, state_fields=None) -> dict:
    names = []
    for i, name in enumerate(place.names):
        following = place.names[i + 1] if i + 1 < len(place.names) else None
        end = name.end or (following.start if following else None)
        entry = {"toponym": name.name, "lang": name.lang, "citations": _citations(place, [name.start, end]) or
                 [{"label": s.title, "@id": s.url} for s in place.sources[:1]]}
        span = _timespan(name.start, end)
        if span:
            entry["when"] = {"timespans": [span]}
        names.append(entry)
        if name.latin != name.name:
            names.append({**entry, "toponym": name.latin, "lang": f"{name.lang}-Latn"})
    properties = {"title": place.present_name.latin, "ccodes": [place.country],
                  "fclasses": [FEATURE_CLASSES.get(place.feature_type, "S")]}
    if state_fields:
        properties["on_date"] = state_fields
    feature = {
        "@id": DATASET_URI + place.id,
        "type": "Feature",
        "properties": properties,
        "geometry": place.geometry,
        "names": names,
        "types": [{"identifier": f"thaw:{place.kind}", "label": place.feature_type.replace("_", " ")}],
        "descriptions": [{"value": place.description, "lang": "en"}],
    }
    if place.monument is not None:
        feature["when"] = {"timespans": [_timespan(place.monument.unveiled, place.monument.removed)]}
    if place.wikidata:
        feature["links"] = [{"type": "closeMatch", "identifier": f"wd:{place.wikidata}"}]
    return feature


def to_lpf(layer: Layer, mask=None, day=None) -> str:
    state = _on_date(layer, day)
    features = [
        _lpf_feature(layer.places[p], _date_fields(state, p) if state is not None else None)
        for p in _chosen(layer, mask)
    ]
    return json.dumps({"type": "FeatureCollection", "@context": LPF_CONTEXT, "features": features},
                      ensure_ascii=False, indent=1)


LPTSV_COLUMNS = ("id", "title", "title_source", "title_uri", "ccodes", "matches", "variants", "types", "lon",
                 "lat", "start", "end", "description")


def _tsv_date(fact: DatedFact, interval=True) -> str:
    """A date as LP-TSV writes it: the EDTF text for a plain day, month or year, else its interval of days.

    The gazetteer's table schema accepts no interval in `end` (its pattern has a typo), so there an imprecise
    date within one year is written as that year, and a wider one as its first day.
    """
    date = fact.date
    if _plain(date):
        return date.text
    if interval:
        return f"{date.first.isoformat()}/{date.last.isoformat()}"
    return str(date.first.year) if date.first.year == date.last.year else date.first.isoformat()


def _lptsv_row(layer: Layer, position: int) -> dict:
    place = layer.places[position]
    facts = [n.start for n in place.names if n.start] + [n.end for n in place.names if n.end]
    if place.monument:
        facts += [place.monument.unveiled] + ([place.monument.removed] if place.monument.removed else [])
    first = min(facts, key=lambda f: f.date.first)  # the earliest date the sources attest for the place
    last = place.monument.removed if place.monument else place.names[-1].end
    present = place.present_name
    by_id = {s.id: s for s in place.sources}
    source = by_id[present.start.sources[0]] if present.start else place.sources[0]
    variants = []
    for name in place.names:
        variants.append(f"{name.name}@{name.lang}")
        if name.latin != name.name:
            variants.append(f"{name.latin}@{name.lang}-Latn")
    return {
        "id": place.id, "title": present.latin, "title_source": source.title, "title_uri": source.url,
        "ccodes": place.country, "matches": f"wd:{place.wikidata}" if place.wikidata else "",
        "variants": ";".join(v for v in dict.fromkeys(variants) if v.split("@")[0] != present.latin),
        "types": place.feature_type.replace("_", " "),
        "lon": layer.features["lon"].iat[position], "lat": layer.features["lat"].iat[position],
        "start": _tsv_date(first), "end": _tsv_date(last, interval=False) if last else "",
        "description": place.description,
    }


def to_lptsv(layer: Layer, mask=None, day=None) -> str:
    """Linked Places TSV (v0.4), the World Historical Gazetteer's simpler upload format: one row per place with
    every name as a variant; `start` is the earliest date the sources attest for the place. (No state on a day:
    the format has no column for it.)"""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LPTSV_COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    for position in _chosen(layer, mask):
        writer.writerow({key: _tsv_cell(value) for key, value in _lptsv_row(layer, position).items()})
    return out.getvalue()


def _tsv_cell(value):
    """Tabs and line breaks inside a text would break the row."""
    return " ".join(value.split()) if isinstance(value, str) else value


def _layers_file(tables: dict, driver: str, suffix: str) -> bytes:
    """Write named tables into one file with pyogrio (through a temporary file) and return its bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"thaw-atlas{suffix}"
        for name, frame in tables.items():
            if driver == "Parquet":
                frame.to_parquet(path)
            else:
                frame.to_file(path, layer=name, driver=driver, engine="pyogrio")
        return path.read_bytes()


def to_gpkg(layer: Layer, mask=None, day=None) -> bytes:
    """A GeoPackage with three layers, `places`, `name_periods` and `monument_lifetimes`, each with `start`
    and `end` dates, so that QGIS's Temporal Controller plays the name periods as they are."""
    return _layers_file({"places": periods.places(layer, mask), "name_periods": periods.name_periods(layer, mask),
                         "monument_lifetimes": periods.monument_lifetimes(layer, mask)}, "GPKG", ".gpkg")


def to_geoparquet(layer: Layer, mask=None, day=None) -> bytes:
    """GeoParquet of the name periods (one row per name, with its place's kind, type and country), for DuckDB
    and geopandas."""
    return _layers_file({"name_periods": periods.name_periods(layer, mask)}, "Parquet", ".parquet")


EXPORTERS = {"geojson": to_geojson, "csv": to_csv, "lpf": to_lpf, "lptsv": to_lptsv, "gpkg": to_gpkg,
             "geoparquet": to_geoparquet}
BINARY_FORMATS = ("gpkg", "geoparquet")


def export(layer: Layer, fmt: str, mask=None, day=None) -> str | bytes:
    """The chosen features in a format: text, or bytes for the BINARY_FORMATS."""
    return EXPORTERS[fmt](layer, mask, day)
