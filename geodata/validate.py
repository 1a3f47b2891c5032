"""Every check a layer must pass, reported all at once as Problems (file, feature, field, what is wrong)."""

import sys
from collections import Counter
from itertools import islice
from urllib.parse import urlparse

import fastjsonschema
import jsonschema
from jsonschema.exceptions import best_match

from geodata import borders, countries
from geodata.dates import parse_date
from geodata.errors import DateError, Problem
from geodata.schema import COLLECTION_SCHEMA, FEATURE_SCHEMA, UNRECORDED_STATE

_feature_validator = jsonschema.Draft7Validator(FEATURE_SCHEMA)
_collection_validator = jsonschema.Draft7Validator(COLLECTION_SCHEMA)
# The same schema compiled to Python: about fifty times faster, but it stops at the first error. A feature
# it accepts is schema-valid; only the others are walked again by jsonschema, which reports every error.
_feature_is_valid = fastjsonschema.compile(FEATURE_SCHEMA)


def validate_collection(collection, path="<memory>", max_problems=None) -> list[Problem]:
    """All problems of a parsed GeoJSON FeatureCollection; an empty list means the layer is valid.

    With `max_problems`, the walk stops once that many are found and a last problem of the whole file says
    so: a hostile file of 200,000 broken features costs no more than its first few hundred.
    """
    path = str(path)
    error = best_match(_collection_validator.iter_errors(collection))
    if error is not None:
        return [Problem(path, None, None, _field(error) or "FeatureCollection", _message(error))]
    problems = []
    budget = sys.maxsize if max_problems is None else max_problems
    ids = Counter(_feature_id(f) for f in collection["features"])
    located = []  # (index, id, country, lon, lat) of schema-valid features, checked together below
    for index, feature in enumerate(collection["features"]):
        found = _feature_problems(feature, path, index, ids, budget - len(problems))
        if found is None:
            located.append((index, _feature_id(feature), feature["properties"]["country"], *_first_position(feature)))
        problems.extend(found or ())
        if len(problems) >= budget:
            problems.append(Problem(path, None, None, "features", f"stopped after {len(problems)} problems, at "
                                    f"feature #{index} of {len(collection['features'])}: mend these and load "
                                    "the file again"))
            return problems
    country_problems = _country_problems(located, path)
    problems.extend(country_problems)
    misplaced = {p.index for p in country_problems}
    problems.extend(_state_problems(collection, [row for row in located if row[0] not in misplaced], path))
    return problems


def _feature_problems(feature, path, index, ids, budget) -> list[Problem] | None:
    """At most `budget` problems of one feature, or None when it passes every check of its own."""
    fid = _feature_id(feature)
    found = list(islice((Problem(path, fid, index, _field(e), _message(e)) for e in _schema_errors(feature)),
                        budget))
    if found:  # a feature of the wrong shape still has its dates checked: every problem at once
        named = {p.field for p in found}
        loose = (p for p in _loose_date_problems(feature, path, index, fid) if p.field not in named)
        return found + list(islice(loose, budget - len(found)))
    found = list(islice(_rule_problems(feature, path, index, fid), budget))
    if fid is not None and ids[fid] > 1:
        found.append(Problem(path, fid, index, "id", f"duplicate id: {ids[fid]} features have id {fid!r}"))
    return found or None


def valid_features(collection, problems) -> list[dict]:
    """The features that have no problem of their own (for showing the valid part of a broken file)."""
    bad = {p.index for p in problems if p.index is not None}
    return [f for i, f in enumerate(collection["features"]) if i not in bad]


def _feature_id(feature):
    if isinstance(feature, dict):
        props = feature.get("properties")
        if isinstance(props, dict) and isinstance(props.get("id"), str):
            return props["id"][:100]
        if isinstance(feature.get("id"), str):
            return feature["id"][:100]
    return None


def _schema_errors(feature):
    try:
        _feature_is_valid(feature)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    for error in _feature_validator.iter_errors(feature):
        yield best_match([error]) if not error.context else best_match(error.context)


def _field(error) -> str:
    parts = [p for p in error.absolute_path]
    if parts[:1] == ["properties"]:
        parts = parts[1:]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        text = f"{text}.{extras[0]}" if text else str(extras[0])
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        text = f"{text}.{missing}" if text else missing
    return text or "feature"


def _count(value) -> str:
    return str(len(value)) if isinstance(value, (list, str)) else "?"


_MESSAGES = {  # jsonschema keyword -> what we say; each is called only for its own kind of error
    "required": lambda e, shown: "is missing",
    "type": lambda e, shown: f"expected {e.validator_value}, got {type(e.instance).__name__} {shown}",
    "enum": lambda e, shown: f"expected one of {', '.join(map(str, e.validator_value))}, got {shown}",
    "const": lambda e, shown: f"expected {e.validator_value!r}, got {shown}",
    "pattern": lambda e, shown: f"expected text matching {e.validator_value}, got {shown}",
    "maxLength": lambda e, shown: f"longer than {e.validator_value} characters ({_count(e.instance)})",
    "minLength": lambda e, shown: "is empty",
    "minItems": lambda e, shown: f"expected at least {e.validator_value} item(s), got {_count(e.instance)}",
    "maxItems": lambda e, shown: f"expected at most {e.validator_value} item(s), got {_count(e.instance)}",
    "additionalProperties": lambda e, shown: e.message.replace(" were unexpected", " not allowed")
    .replace(" was unexpected", " not allowed"),
}


def _message(error) -> str:
    text = repr(error.instance)
    shown = text if len(text) <= 60 else text[:57] + "..."
    describe = _MESSAGES.get(error.validator)
    return describe(error, shown) if describe else error.message[:200]


def _first_position(feature):
    """Longitude and latitude of a point, or of a line's first point (an elevation, if given, is left out)."""
    coords = feature["geometry"]["coordinates"]
    return (coords if feature["geometry"]["type"] == "Point" else coords[0])[:2]


def _rule_problems(feature, path, index, fid):
    props = feature["properties"]

    def problem(field, message):
        return Problem(path, fid, index, field, message)

    if "id" in feature and feature["id"] != props["id"]:
        yield problem("id", f"feature id {feature['id']!r} differs from properties.id {props['id']!r}")
    yield from _coordinate_problems(feature, problem)
    source_ids = [s["id"] for s in props["sources"]]
    for sid, count in Counter(source_ids).items():
        if count > 1:
            yield problem("sources", f"source id {sid!r} is listed {count} times")
    for i, source in enumerate(props["sources"]):
        if urlparse(source["url"]).scheme not in ("http", "https") or not urlparse(source["url"]).netloc:
            yield problem(f"sources[{i}].url", f"expected an http(s) address, got {source['url'][:60]!r}")
    facts = list(_dated_facts(props))
    if not facts:
        yield problem("names", "no name has a dated start or end: a place goes in with at least one dated, "
                               "sourced fact (when it took or lost a name, or a monument's unveiling)")
    for field, fact in facts:
        yield from _fact_problems(field, fact, set(source_ids), problem)
    yield from _order_problems(props, problem)
    yield from _kind_problems(props, problem)


def _loose_date_problems(feature, path, index, fid):
    """Dates that do not parse, in a feature whose shape is wrong somewhere else (what can be read is read)."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    names = props.get("names") if isinstance(props, dict) else None
    facts = [(f"names[{i}].{key}", name.get(key)) for i, name in enumerate(names if isinstance(names, list) else [])
             if isinstance(name, dict) for key in ("start", "end")]
    monument = props.get("monument") if isinstance(props, dict) else None
    if isinstance(monument, dict):
        facts += [(f"monument.{key}", monument.get(key)) for key in ("unveiled", "removed")]
    for field, fact in facts:
        if isinstance(fact, dict) and isinstance(fact.get("date"), str):
            try:
                parse_date(fact["date"])
            except DateError as exc:
                yield Problem(path, fid, index, f"{field}.date", str(exc))


def _coordinate_problems(feature, problem):
    geometry = feature["geometry"]
    positions = [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
    for i, (lon, lat, *_) in enumerate(positions):
        where = "geometry.coordinates" + ("" if geometry["type"] == "Point" else f"[{i}]")
        if not -180 <= lon <= 180:
            yield problem(where, f"longitude {lon} is outside -180..180")
        if not -90 <= lat <= 90:
            yield problem(where, f"latitude {lat} is outside -90..90")


def _dated_facts(props):
    for i, name in enumerate(props["names"]):
        for key in ("start", "end"):
            if name.get(key) is not None:
                yield f"names[{i}].{key}", name[key]
    monument = props.get("monument")
    if monument:
        yield "monument.unveiled", monument["unveiled"]
        if monument["removed"] is not None:
            yield "monument.removed", monument["removed"]


def _fact_problems(field, fact, source_ids, problem):
    variants = [(field, fact)] + [(f"{field}.alternatives[{j}]", a) for j, a in enumerate(fact.get("alternatives", []))]
    for where, variant in variants:
        try:
            parse_date(variant["date"])
        except DateError as exc:
            yield problem(f"{where}.date", str(exc))
        for sid in variant["sources"]:
            if sid not in source_ids:
                yield problem(f"{where}.sources", f"source {sid!r} is not in the feature's sources")


def _day_range(fact):
    """The parsed date of a fact, or None when it does not parse (reported once, by _fact_problems)."""
    try:
        return parse_date(fact["date"])
    except DateError:
        return None


def _order_problems(props, problem):
    previous = None  # (field, FuzzyDate) of the latest start or end seen
    for i, name in enumerate(props["names"]):
        start = _day_range(name["start"]) if name["start"] is not None else None
        if name["start"] is None and i > 0:
            yield problem(f"names[{i}].start", "only the earliest name may have no start date")
        if start is not None and previous is not None and start.last < previous[1].first:
            yield problem(
                f"names[{i}].start",
                f"starts ({start.text}) before {previous[0]} ({previous[1].text}): name periods must be in order "
                "and must not overlap",
            )
        if start is not None:
            previous = (f"the start of names[{i}]", start)
        end = _day_range(name["end"]) if name.get("end") is not None else None
        if end is not None:
            if start is not None and end.last < start.first:
                yield problem(f"names[{i}].end", f"ends ({end.text}) before it starts ({start.text})")
            previous = (f"the end of names[{i}]", end)


def _kind_problems(props, problem):
    kind = props["kind"]
    monument = props.get("monument")
    if kind == "monument" and monument is None:
        yield problem("monument", "is missing: a monument needs unveiled, removed and fate")
    if kind != "monument" and monument is not None:
        yield problem("monument", f"only a monument has a monument block, this is a {kind}")
    if kind == "renamed_place" and len(props["names"]) < 2:
        yield problem("names", "a renamed_place needs at least two names")
    if monument:
        unveiled = _day_range(monument["unveiled"])
        removed = _day_range(monument["removed"]) if monument["removed"] else None
        if unveiled and removed and removed.last < unveiled.first:
            yield problem("monument.removed", f"removed ({removed.text}) before it was unveiled ({unveiled.text})")
        if (monument["removed"] is None) != (monument["fate"] == "standing"):
            yield problem("monument.fate", "fate 'standing' goes with removed null, and only with it")
        for i, name in enumerate(props["names"]):
            start = _day_range(name["start"]) if name["start"] else None
            if unveiled and start and start.last < unveiled.first:
                yield problem(f"names[{i}].start", f"named ({start.text}) before the unveiling ({unveiled.text})")


def _country_problems(located, path):
    if not located:
        return []
    problems = []
    unknown = {code for _, _, code, _, _ in located if not countries.known(code)}
    checked = [row for row in located if row[2] not in unknown]
    inside = countries.inside([r[2] for r in checked], [r[3] for r in checked], [r[4] for r in checked])
    for (index, fid, code, lon, lat), ok in zip(checked, inside, strict=True):
        if not ok:
            problems.append(Problem(path, fid, index, "country",
                                    f"point ({lon}, {lat}) is not inside country {code}"))
    for index, fid, code, _, _ in located:
        if code in unknown:
            problems.append(Problem(path, fid, index, "country", f"unknown ISO 3166-1 alpha-2 code {code!r}"))
    return sorted(problems, key=lambda p: p.index)


def _state_problems(collection, located, path):
    """Each dated name's `state` text against the state that held the point when it was given.

    A date of a year or a decade is a span: a name given in "199X" in Georgia may have been given in the
    Georgian SSR or in Georgia, so the text may name the state of its first day or of its last. Only starts
    from the borders layer's first day (5 June 1945) on are checked; the layer is looked up once for all
    names together (units by country, point-in-polygon only in Germany).
    """
    rows = []  # (index, fid, name index, country, lon, lat, state text, first day, last day)
    for index, fid, code, lon, lat in located:
        for i, name in enumerate(collection["features"][index]["properties"]["names"]):
            start = _day_range(name["start"]) if name["start"] is not None else None
            if start is not None and start.first >= borders.LAYER_START and name["state"] != UNRECORDED_STATE:
                rows.append((index, fid, i, code, lon, lat, name["state"], start.first, start.last))
    if not rows:
        return []
    on_first = borders.states_at(*zip(*[(r[3], r[4], r[5], r[7]) for r in rows], strict=True))
    doubtful = [(row, first) for row, first in zip(rows, on_first, strict=True)
                if first is not None and not borders.agrees(row[6], first)]
    if not doubtful:  # the last day is looked up only for the names the first day disagrees with
        return []
    on_last = borders.states_at(*zip(*[(r[3], r[4], r[5], r[8]) for r, _ in doubtful], strict=True))
    return [_state_problem(path, row, first, last) for (row, first), last in zip(doubtful, on_last, strict=True)
            if last is None or not borders.agrees(row[6], last)]


def _state_problem(path, row, first, last):
    index, fid, i, _, _, _, text, first_day, last_day = row
    held = (f"the state that held this place on {first_day.isoformat()} ({first.short})"
            if last is None or last.id == first.id else
            f"the states that held this place from {first_day.isoformat()} to {last_day.isoformat()} "
            f"({first.short}, then {last.short})")
    return Problem(path, fid, index, f"names[{i}].state",
                   f'"{text}" does not match {held}; write the state of the time, e.g. "{_example(text, first)}"')


def _example(text, state):
    """A state text that would agree: Soviet places keep their republic ('Ukrainian SSR, USSR')."""
    return f"{text}, {state.short}" if state.id == "USSR" and "SSR" in text else state.short
