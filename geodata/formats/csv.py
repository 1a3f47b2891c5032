"""CSV, one row per name: read into the layer format (leniently: a wrong value is carried over as it came, so
the validator can name the feature and the field) and written in the same columns, so an export reads back."""

import csv
import io
from collections import Counter

from geodata.errors import LoadError
from geodata.formats.selection import chosen, date_fields, on_date
from geodata.layer import Layer
from geodata.schema import MAX_ITEMS

CSV_REQUIRED = ("id", "kind", "feature_type", "country", "lat", "lon", "description",
                "name", "latin", "lang", "stalin", "state", "start", "source_title", "source_url")
CSV_OPTIONAL = ("end", "wikidata", "unveiled", "removed", "fate")
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}


def collection_from_csv(text: str, path, max_features: int | None = None) -> dict:
    """Rows sharing an `id` are one feature, one row per name, earliest first (columns: docs/schema.md).

    The rows are read one at a time, and reading stops at the first id past `max_features` or the first row
    past the names a feature may hold: a hostile file is refused before it is all in memory.
    """
    features: dict[str, dict] = {}
    rows_of: Counter = Counter()
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = [c for c in CSV_REQUIRED if c not in (reader.fieldnames or ())]
        if missing:
            raise LoadError(path, f"CSV lacks the column(s) {', '.join(missing)}; expected {', '.join(CSV_REQUIRED)}")
        for row in reader:
            fid = (row["id"] or "").strip()
            rows_of[fid] += 1
            if rows_of[fid] > MAX_ITEMS:
                raise LoadError(path, f"feature {fid[:100]!r} has more than {MAX_ITEMS} rows (one per name), "
                                      f"the limit is {MAX_ITEMS}")
            if fid not in features:
                if max_features is not None and len(features) == max_features:
                    raise LoadError(path, f"more than {max_features} features, the limit is {max_features}")
                features[fid] = _csv_feature(row)
            _add_csv_name(features[fid]["properties"], row)
    except csv.Error as exc:
        raise LoadError(path, f"not readable as CSV: {exc}") from exc
    if not features:
        raise LoadError(path, "CSV has a header but no rows")
    return {"type": "FeatureCollection", "features": list(features.values())}


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return text  # left as text: the validator reports "expected number"


def _flag(text):
    value = (text or "").strip().lower()
    return True if value in _TRUE else False if value in _FALSE else text


def _csv_feature(row) -> dict:
    props = {key: (row.get(key) or "").strip() for key in ("id", "kind", "feature_type", "country", "description")}
    props.update(names=[], sources=[])
    if (row.get("wikidata") or "").strip():
        props["wikidata"] = row["wikidata"].strip()
    return {"type": "Feature", "id": props["id"], "properties": props,
            "geometry": {"type": "Point", "coordinates": [_number(row["lon"]), _number(row["lat"])]}}


def _source_id(props, row) -> str:
    title, url = (row.get("source_title") or "").strip(), (row.get("source_url") or "").strip()
    for source in props["sources"]:
        if (source["title"], source["url"]) == (title, url):
            return source["id"]
    sid = f"s{len(props['sources']) + 1}"
    props["sources"].append({"id": sid, "title": title, "url": url})
    return sid


def _add_csv_name(props, row):
    sid = _source_id(props, row)
    start, end = (row.get("start") or "").strip(), (row.get("end") or "").strip()
    name = {
        "name": row["name"], "latin": row["latin"], "lang": row["lang"], "stalin": _flag(row["stalin"]),
        "state": row["state"], "start": {"date": start, "sources": [sid]} if start else None,
    }
    if end:
        name["end"] = {"date": end, "sources": [sid]}
    props["names"].append(name)
    unveiled = (row.get("unveiled") or "").strip()
    if unveiled and "monument" not in props:
        removed = (row.get("removed") or "").strip()
        props["monument"] = {"unveiled": {"date": unveiled, "sources": [sid]},
                             "removed": {"date": removed, "sources": [sid]} if removed else None,
                             "fate": (row.get("fate") or "").strip() or ("standing" if not removed else "dismantled")}


def _csv_rows(layer: Layer, position: int):
    """One row per name, in the columns `collection_from_csv` reads back (docs/schema.md, CSV). A row cites one
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
    state = on_date(layer, day)
    out = io.StringIO()
    columns = [*CSV_REQUIRED, *CSV_OPTIONAL, "disputed"]
    if state is not None:
        columns += ["on_date", "name_on_date", "status_on_date"]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for position in chosen(layer, mask):
        extra = {}
        if state is not None:
            fields = date_fields(state, position)
            extra = {"on_date": fields["date"], "name_on_date": fields["latin"], "status_on_date": fields["status"]}
        for row in _csv_rows(layer, position):
            writer.writerow({key: _inert(value) for key, value in {**row, **extra}.items()})
    return out.getvalue()
