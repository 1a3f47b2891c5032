"""The layer's schema: a JSON Schema for the shape of a feature, and frozen records for its content.

The JSON Schema (checked with `jsonschema`) says what each field must look like; the rules that span fields
(dates in order, sources that resolve, points inside their country) live in `geodata.validate`.
"""

from sys import intern

from geodata.dates import FuzzyDate, parse_date
from geodata.records import record

KINDS = ("renamed_place", "monument", "other")
FEATURE_TYPES = (
    "city", "town", "village", "region", "district", "peak", "street", "square", "park", "metro_station",
    "station", "building", "factory", "statue", "monument", "mausoleum", "bridge", "canal", "other",
)
FATES = ("toppled", "blown_up", "dismantled", "demolished", "moved", "standing")
MAX_TEXT = 2000  # characters in any one text field
MAX_ITEMS = 100  # names, sources or alternatives of one feature (the bundled layer's most: 11 names, 10 sources)
UNRECORDED_STATE = "not recorded"  # a name's state when the source format has none (Linked Places)

_text = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT}
_alternative = {
    "type": "object",
    "required": ["date", "sources"],
    "properties": {
        "date": {"type": "string"},
        "sources": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "note": _text,
    },
    "additionalProperties": False,
}
_dated_fact = {  # a date other sources dispute carries its alternatives
    **_alternative,
    "properties": {**_alternative["properties"],
                   "alternatives": {"type": "array", "maxItems": MAX_ITEMS, "items": _alternative}},
}
_name = {
    "type": "object",
    "required": ["name", "latin", "lang", "stalin", "state", "start"],
    "properties": {
        "name": _text,
        "latin": _text,
        "lang": {"type": "string", "pattern": "^[a-z]{2,3}$"},
        "stalin": {"type": "boolean"},
        "state": _text,
        "en": _text,
        "start": {"oneOf": [{"type": "null"}, _dated_fact]},
        "end": _dated_fact,
    },
    "additionalProperties": False,
}
_position = {"type": "array", "minItems": 2, "maxItems": 3, "items": {"type": "number"}}
FEATURE_SCHEMA = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"const": "Feature"},
        "id": {"type": "string"},
        "geometry": {
            "type": "object",
            "required": ["type", "coordinates"],
            "properties": {"type": {"enum": ["Point", "LineString"]}},
            "allOf": [
                {"if": {"properties": {"type": {"const": "Point"}}},
                 "then": {"properties": {"coordinates": _position}}},
                {"if": {"properties": {"type": {"const": "LineString"}}},
                 "then": {"properties": {"coordinates": {"type": "array", "minItems": 2, "items": _position}}}},
            ],
        },
        "properties": {
            "type": "object",
            "required": ["id", "kind", "feature_type", "country", "description", "names", "sources"],
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,99}$"},
                "kind": {"enum": list(KINDS)},
                "feature_type": {"enum": list(FEATURE_TYPES)},
                "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
                "wikidata": {"type": "string", "pattern": "^Q[1-9][0-9]*$"},
                "description": _text,
                "names": {"type": "array", "minItems": 1, "maxItems": MAX_ITEMS, "items": _name},
                "monument": {
                    "type": "object",
                    "required": ["unveiled", "removed", "fate"],
                    "properties": {
                        "unveiled": _dated_fact,
                        "removed": {"oneOf": [{"type": "null"}, _dated_fact]},
                        "fate": {"enum": list(FATES)},
                    },
                    "additionalProperties": False,
                },
                "sources": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": MAX_ITEMS,
                    "items": {
                        "type": "object",
                        "required": ["id", "title", "url"],
                        "properties": {"id": _text, "title": _text, "url": _text},
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
    },
}
COLLECTION_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array"}},
}


@record
class Source:
    id: str
    title: str
    url: str


@record
class Alternative:
    date: FuzzyDate
    sources: tuple[str, ...]
    note: str | None = None


@record
class DatedFact:
    date: FuzzyDate
    sources: tuple[str, ...]
    note: str | None = None
    alternatives: tuple[Alternative, ...] = ()


@record
class Name:
    name: str
    latin: str
    lang: str
    stalin: bool
    state: str
    start: DatedFact | None
    end: DatedFact | None = None
    en: str | None = None  # an English display name ("Stalin monument, Kureyka") where a site has no common one


@record
class Monument:
    unveiled: DatedFact
    removed: DatedFact | None
    fate: str


@record
class Place:
    """One feature of the layer, as a typed record."""

    id: str
    kind: str
    feature_type: str
    country: str
    description: str
    names: tuple[Name, ...]
    sources: tuple[Source, ...]
    geometry: dict
    wikidata: str | None = None
    monument: Monument | None = None

    @property
    def present_name(self) -> Name:
        return self.names[-1]


def _fact(raw: dict | None) -> DatedFact | None:
    if raw is None:
        return None
    alternatives = tuple(
        Alternative(parse_date(a["date"]), tuple(a["sources"]), a.get("note")) for a in raw.get("alternatives", ())
    )
    return DatedFact(parse_date(raw["date"]), tuple(map(intern, raw["sources"])), raw.get("note"), alternatives)


def place_from_feature(feature: dict) -> Place:
    """Turn one schema-valid GeoJSON feature into a Place (dates parsed).

    Texts that recur across features (languages, states, kinds, source ids) are interned: one string each
    instead of one per feature, which is a large part of a 100,000-feature layer's memory.
    """
    p = feature["properties"]
    names = tuple(
        Name(n["name"], n["latin"], intern(n["lang"]), n["stalin"], intern(n["state"]), _fact(n["start"]),
             _fact(n.get("end")), n.get("en"))
        for n in p["names"]
    )
    monument = None
    if "monument" in p:
        m = p["monument"]
        monument = Monument(_fact(m["unveiled"]), _fact(m["removed"]), intern(m["fate"]))
    return Place(
        id=p["id"],
        kind=intern(p["kind"]),
        feature_type=intern(p["feature_type"]),
        country=intern(p["country"]),
        description=p["description"],
        names=names,
        sources=tuple(Source(intern(s["id"]), s["title"], s["url"]) for s in p["sources"]),
        geometry=feature["geometry"],
        wikidata=p.get("wikidata"),
        monument=monument,
    )


def _fact_dict(fact: DatedFact | None) -> dict | None:
    if fact is None:
        return None
    out = {"date": fact.date.text, "sources": list(fact.sources)}
    if fact.note is not None:
        out["note"] = fact.note
    if fact.alternatives:
        out["alternatives"] = [
            {"date": a.date.text, "sources": list(a.sources), **({"note": a.note} if a.note is not None else {})}
            for a in fact.alternatives
        ]
    return out


def feature_from_place(place: Place) -> dict:
    """The GeoJSON feature of a Place: the inverse of place_from_feature."""
    names = []
    for n in place.names:
        name = {"name": n.name, "latin": n.latin, "lang": n.lang, "stalin": n.stalin, "state": n.state,
                "start": _fact_dict(n.start)}
        if n.end is not None:
            name["end"] = _fact_dict(n.end)
        if n.en is not None:
            name["en"] = n.en
        names.append(name)
    props = {"id": place.id, "kind": place.kind, "feature_type": place.feature_type, "country": place.country}
    if place.wikidata:
        props["wikidata"] = place.wikidata
    props.update(description=place.description, names=names)
    if place.monument is not None:
        m = place.monument
        props["monument"] = {"unveiled": _fact_dict(m.unveiled), "removed": _fact_dict(m.removed), "fate": m.fate}
    props["sources"] = [{"id": s.id, "title": s.title, "url": s.url} for s in place.sources]
    return {"type": "Feature", "id": place.id, "geometry": place.geometry, "properties": props}
