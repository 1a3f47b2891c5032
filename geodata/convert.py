"""Other formats into ours: CSV (one row per name) and Linked Places JSON become a GeoJSON FeatureCollection
in the layer format, which then goes through the same validator as the bundled layer.

Conversion is lenient on purpose (a wrong value is carried over as it came, so the validator can name the
feature and field); only a file that cannot be read as rows at all is refused here.
"""

import csv
import io

from geodata.errors import LoadError
from geodata.layer import fold

CSV_REQUIRED = ("id", "kind", "feature_type", "country", "lat", "lon", "description",
                "name", "latin", "lang", "stalin", "state", "start", "source_title", "source_url")
CSV_OPTIONAL = ("wikidata", "unveiled", "removed", "fate")
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}


def collection_from_csv(text: str, path) -> dict:
    """Rows sharing an `id` are one feature, one row per name, earliest first (columns: docs/schema.md)."""
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise LoadError(path, f"not readable as CSV: {exc}") from exc
    if not rows:
        raise LoadError(path, "CSV has a header but no rows")
    missing = [c for c in CSV_REQUIRED if c not in rows[0]]
    if missing:
        raise LoadError(path, f"CSV lacks the column(s) {', '.join(missing)}; expected {', '.join(CSV_REQUIRED)}")
    features: dict[str, dict] = {}
    for row in rows:
        fid = (row["id"] or "").strip()
        feature = features.get(fid) or features.setdefault(fid, _csv_feature(row))
        _add_csv_name(feature["properties"], row)
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
    start = (row.get("start") or "").strip()
    props["names"].append({
        "name": row["name"], "latin": row["latin"], "lang": row["lang"], "stalin": _flag(row["stalin"]),
        "state": row["state"], "start": {"date": start, "sources": [sid]} if start else None,
    })
    unveiled = (row.get("unveiled") or "").strip()
    if unveiled and "monument" not in props:
        removed = (row.get("removed") or "").strip()
        props["monument"] = {"unveiled": {"date": unveiled, "sources": [sid]},
                             "removed": {"date": removed, "sources": [sid]} if removed else None,
                             "fate": (row.get("fate") or "").strip() or ("standing" if not removed else "dismantled")}


def is_lpf(value) -> bool:
    features = value.get("features") if isinstance(value, dict) else None
    return "@context" in value or bool(features and isinstance(features[0], dict) and "names" in features[0]
                                       and not isinstance(features[0].get("properties", {}).get("names"), list))


def collection_from_lpf(value: dict, path) -> dict:
    """Linked Places v1.x into our format. LPF has no Stalin flag or state: a name is taken as Stalin's when
    it contains his name (in any script), and the state is recorded as not known."""
    features = value.get("features")
    if not isinstance(features, list):
        raise LoadError(path, "expected a Linked Places FeatureCollection with a features list")
    return {"type": "FeatureCollection", "features": [_lpf_feature(f) for f in features]}


def _lpf_point(point):
    if not isinstance(point, dict):
        return None
    return point.get("in") or point.get("earliest")


def _lpf_feature(f) -> dict:
    if not isinstance(f, dict):
        return f  # the validator says what is wrong with it
    fid = str(f.get("@id", "")).rstrip("/").rsplit("/", 1)[-1]
    props = f.get("properties") or {}
    sources, names = [], []
    by_url = {}

    def cite(citations):
        ids = []
        for c in citations or []:
            url = str(c.get("@id", "")) if isinstance(c, dict) else ""
            if url not in by_url:
                by_url[url] = f"s{len(by_url) + 1}"
                sources.append({"id": by_url[url], "title": str(c.get("label") or url), "url": url})
            ids.append(by_url[url])
        return ids

    for n in f.get("names") or []:
        if not isinstance(n, dict) or str(n.get("lang", "")).endswith("-Latn"):
            continue  # our own export adds a Latin spelling beside each name: folded into `latin` below
        spans = (n.get("when") or {}).get("timespans") or [{}]
        start = _lpf_point(spans[0].get("start"))
        ids = cite(n.get("citations"))
        toponym = str(n.get("toponym", ""))
        names.append({"name": toponym, "latin": _latin_of(f, toponym), "lang": str(n.get("lang", ""))[:3],
                      "stalin": "stalin" in fold(toponym), "state": "not recorded",
                      "start": {"date": start, "sources": ids} if start else None})
    description = next((d.get("value") for d in f.get("descriptions") or [] if isinstance(d, dict)), None)
    kind = _kind(f)
    out = {"type": "Feature", "id": fid, "geometry": f.get("geometry"),
           "properties": {"id": fid, "kind": kind, "feature_type": _feature_type(f), "country":
                          (props.get("ccodes") or [""])[0], "description": description or str(props.get("title", "")),
                          "names": names, "sources": sources}}
    wikidata = [lk.get("identifier", "")[3:] for lk in f.get("links") or []
                if isinstance(lk, dict) and str(lk.get("identifier", "")).startswith("wd:")]
    if wikidata:
        out["properties"]["wikidata"] = wikidata[0]
    if kind == "removed_monument" and isinstance(f.get("when"), dict):
        span = (f["when"].get("timespans") or [{}])[0]
        unveiled, removed = _lpf_point(span.get("start")), _lpf_point(span.get("end"))
        ids = [s["id"] for s in sources[:1]]
        out["properties"]["monument"] = {
            "unveiled": {"date": unveiled, "sources": ids},
            "removed": {"date": removed, "sources": ids} if removed else None,
            "fate": "dismantled" if removed else "standing",
        }
    return out


def _latin_of(feature, toponym) -> str:
    names = [n for n in feature.get("names") or [] if isinstance(n, dict)]
    for i, n in enumerate(names[:-1]):
        if n.get("toponym") == toponym and str(names[i + 1].get("lang", "")).endswith("-Latn"):
            return str(names[i + 1].get("toponym"))
    return toponym


def _kind(f) -> str:
    """Our own export names the kind in `types`; for other LPF files a record-level `when` means a monument."""
    for t in f.get("types") or []:
        if isinstance(t, dict) and str(t.get("identifier", "")).startswith("thaw:"):
            return str(t["identifier"])[5:]
    return "removed_monument" if f.get("when") else "renamed_place"


def _feature_type(f) -> str:
    types = f.get("types") or [{}]
    label = types[0].get("label", "other") if isinstance(types[0], dict) else "other"
    return str(label).replace(" ", "_")
