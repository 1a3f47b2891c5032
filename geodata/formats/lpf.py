"""Linked Places Format: JSON v1.x read into the layer format (a name is taken as Stalin's when it contains
his name, in any script, and its state as not recorded), and v1.3 written."""

import json

from geodata.errors import LoadError
from geodata.formats.selection import chosen, date_fields, on_date
from geodata.layer import Layer, fold
from geodata.schema import UNRECORDED_STATE, DatedFact, Place

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
    return {"type": "FeatureCollection", "features": [_read_feature(f) for f in features]}


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _read_point(point):
    point = _dict(point)
    return point.get("in") or point.get("earliest")


def _first_span(when) -> dict:
    spans = _list(_dict(when).get("timespans"))
    return _dict(spans[0]) if spans else {}


def _read_feature(f) -> dict:
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
        start, end = _read_point(span.get("start")), _read_point(span.get("end"))
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
        unveiled, removed = _read_point(span.get("start")), _read_point(span.get("end"))
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


def plain_iso(date) -> bool:
    """A day, a month or a year with no qualifier: what ISO 8601 (and so LPF and LP-TSV) can say as it is."""
    return date.precision in ("day", "month", "year") and not (date.approximate or date.uncertain)


def _lpf_point(fact: DatedFact) -> dict:
    """A Linked Places `start`/`end`: `in` for a day, month or year; earliest/latest for other precisions."""
    date = fact.date
    if plain_iso(date):
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
    state = on_date(layer, day)
    features = [
        _lpf_feature(layer.places[p], date_fields(state, p) if state is not None else None)
        for p in chosen(layer, mask)
    ]
    return json.dumps({"type": "FeatureCollection", "@context": LPF_CONTEXT, "features": features},
                      ensure_ascii=False, indent=1)
