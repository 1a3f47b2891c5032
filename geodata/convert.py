"""Other formats into ours: CSV (one row per name) and Linked Places JSON become a GeoJSON FeatureCollection
in the layer format, which then goes through the same validator as the bundled layer.

Conversion is lenient on purpose (a wrong value is carried over as it came, so the validator can name the
feature and field); only a file that cannot be read as rows at all is refused here.
"""

import csv
import io

from geodata.errors import LoadError
from geodata.layer import fold
from geodata.schema import UNRECORDED_STATE

CSV_REQUIRED = ("id", "kind", "feature_type", "country", "lat", "lon", "description",
                "name", "latin", "lang", "stalin", "state", "start", "source_title", "source_url")
CSV_OPTIONAL = ("end", "wikidata", "unveiled", "removed", "fate")
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


def is_lpf(value) -> bool:
    features = value.get("features") if isinstance(value, dict) else None
    if "@context" in value:
        return True
    if not isinstance(features, list) or not features or not isinstance(features[0], dict):
        return False
    first = features[0]
    properties = first.get("properties") if isinstance(first.get("properties"), dict) else {}
    return "names" in first and "names" not in properties


def collection_from_lpf(value: dict, path) -> dict:
    """Linked Places v1.x into our format. LPF has no Stalin flag or state: a name is taken as Stalin's when
    it contains his name (in any script), and the state is recorded as not known."""
    features = value.get("features")
    if not isinstance(features, list):
        raise LoadError(path, "expected a Linked Places FeatureCollection with a features list")
    return {"type": "FeatureCollection", "features": [_lpf_feature(f) for f in features]}


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _lpf_point(point):
    point = _dict(point)
    return point.get("in") or point.get("earliest")


def _first_span(when) -> dict:
    spans = _list(_dict(when).get("timespans"))
    return _dict(spans[0]) if spans else {}


def _lpf_feature(f) -> dict:
    """One LPF record in our format; anything of the wrong shape is carried over for the validator to name."""
    if not isinstance(f, dict):
        return f
    fid = str(f.get("@id", "")).rstrip("/").rsplit("/", 1)[-1]
    props = _dict(f.get("properties"))
    sources, names, by_url = [], [], {}

    def cite(citations):
        ids = []
        for c in _list(citations):
            c = _dict(c)
            url = str(c.get("@id", ""))
            if url not in by_url:
                by_url[url] = f"s{len(by_url) + 1}"
                sources.append({"id": by_url[url], "title": str(c.get("label") or url), "url": url})
            ids.append(by_url[url])
        return ids

    raw_names = [_dict(n) for n in _list(f.get("names"))]
    for i, n in enumerate(raw_names):
        if str(n.get("lang", "")).endswith("-Latn"):
            continue  # our own export adds a Latin spelling after each name: it becomes `latin` below
        following = raw_names[i + 1] if i + 1 < len(raw_names) else {}
        toponym = str(n.get("toponym", ""))
        latin = str(following.get("toponym")) if str(following.get("lang", "")).endswith("-Latn") else toponym
        span = _first_span(n.get("when"))
        start, end = _lpf_point(span.get("start")), _lpf_point(span.get("end"))
        ids = cite(n.get("citations"))
        names.append({"name": toponym, "latin": latin, "lang": str(n.get("lang", ""))[:3],
                      "stalin": "stalin" in fold(toponym), "state": UNRECORDED_STATE,
                      "start": {"date": start, "sources": ids} if start else None,
                      **({"end": {"date": end, "sources": ids}} if end else {})})
    description = next((d.get("value") for d in map(_dict, _list(f.get("descriptions"))) if d.get("value")), None)
    kind = _kind(f)
    ccodes = _list(props.get("ccodes"))
    out = {"type": "Feature", "id": fid, "geometry": f.get("geometry"),
           "properties": {"id": fid, "kind": kind, "feature_type": _feature_type(f),
                          "country": ccodes[0] if ccodes else "",
                          "description": description or str(props.get("title", "")),
                          "names": names, "sources": sources}}
    wikidata = [str(link.get("identifier"))[3:] for link in map(_dict, _list(f.get("links")))
                if str(link.get("identifier", "")).startswith("wd:")]
    if wikidata:
        out["properties"]["wikidata"] = wikidata[0]
    if kind == "monument":
        span = _first_span(f.get("when"))
        unveiled, removed = _lpf_point(span.get("start")), _lpf_point(span.get("end"))
        ids = [s["id"] for s in sources[:1]]
        out["properties"]["monument"] = {
            "unveiled": {"date": unveiled, "sources": ids},
            "removed": {"date": removed, "sources": ids} if removed else None,
            "fate": "dismantled" if removed else "standing",
        }
    return out


def _kind(f) -> str:
    """Our own export names the kind in `types`; for other LPF files a record-level `when` means a monument."""
    for t in map(_dict, _list(f.get("types"))):
        if str(t.get("identifier", "")).startswith("thaw:"):
            return str(t["identifier"])[5:]
    return "monument" if f.get("when") else "renamed_place"


def _feature_type(f) -> str:
    types = _list(f.get("types"))
    label = _dict(types[0]).get("label", "other") if types else "other"
    return str(label).replace(" ", "_")
