"""Borders of the time: the states that held the land on any day since 5 June 1945.

The land is cut into units (`tools/build_units.py`): present-day countries, with Germany split into its
Länder and Berlin into West and East. `data/states.csv` says which state held each unit when, one row per
period with its source; a unit it does not list is its present-day country throughout. `data/state_names.csv`
gives each state the name the map shows and the aliases our data's `state` texts may use. The states of a
day are the units dissolved by holder, cached per epoch (a stretch of days in which nothing changes).

The layer starts on 5 June 1945 (the Allies' Berlin Declaration): it cannot show interwar or wartime borders,
and `caveat_on` says so for any earlier day, and for the known gaps after it. Outside Europe and the former
Soviet Union it shows today's countries on every date (decolonisation, partitions and unions are not modelled).
"""

import csv
import datetime as dt
import json
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping, shape

from geodata.cache import code_digest, remembered
from geodata.countries import TOLERANCE_DEGREES
from geodata.dates import EPOCH, as_day
from geodata.layer import fold

DATA = Path(__file__).parent / "data"
STATES = DATA / "states.csv"
STATE_NAMES = DATA / "state_names.csv"
POINT_UNITS = DATA / "units-50m.geojson"  # point checks
DRAWING_UNITS = DATA / "units-110m.geojson"  # drawing
COUNTRY_NAMES = DATA / "countries-50m.geojson"  # names of the countries states.csv does not list
LAYER_START = dt.date(1945, 6, 5)
SPLIT_COUNTRY = "DE"  # the only country cut into several units; every other unit is its country
PRESENT_DAY = ("Natural Earth admin-0 countries (present-day borders)",
               "https://www.naturalearthdata.com/downloads/50m-cultural-vectors/50m-admin-0-countries-2/")
CAVEATS = (  # (first day, last day, text): known gaps of the layer after its start
    (LAYER_START, dt.date(1954, 10, 25),
     "Trieste and north-western Istria were under Allied and Yugoslav military government (from 15 September "
     "1947 the Free Territory of Trieste) until 25 October 1954; the map draws today's Italian, Slovenian and "
     "Croatian borders there."),
    (dt.date(1999, 6, 10), dt.date(2008, 2, 16),
     "Kosovo was under United Nations administration (Security Council Resolution 1244) from 10 June 1999; "
     "the map draws it in FR Yugoslavia, Serbia and Montenegro or Serbia until its declaration of independence."),
)
SCOPE = "Borders of the day in Europe and the former USSR from 5 June 1945; elsewhere today's countries."
BEFORE_START = (f"The borders of the time start on {LAYER_START:%-d %B %Y}; the map cannot show the interwar and "
                "wartime borders of earlier dates and draws the states as they stood on that day.")


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class State:
    """A state of the time. `start`/`end` bound its whole life (None: before the layer / still today).

    `geometry` is its territory on the day asked for (None from `states_at`, which answers without shapes).
    """

    id: str
    name: str
    short: str
    start: dt.date | None
    end: dt.date | None
    sources: tuple[Source, ...]
    aliases: tuple[str, ...] = ()
    geometry: shapely.Geometry | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class _Period:
    unit: str
    state: str
    start: dt.date | None
    end: dt.date | None
    source: Source


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@lru_cache(maxsize=1)
def periods() -> dict[str, tuple[_Period, ...]]:
    """Unit -> its periods from states.csv, in order."""
    by_unit: dict[str, list[_Period]] = {}
    with STATES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            by_unit.setdefault(row["unit"], []).append(_Period(
                row["unit"], row["state"], _date(row["start"]), _date(row["end"]),
                Source(row["source_title"], row["source_url"])))
    return {unit: tuple(sorted(rows, key=lambda p: p.start or dt.date.min)) for unit, rows in by_unit.items()}


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """State id -> (name, short, aliases): state_names.csv, then Natural Earth's names for the rest."""
    countries = json.loads(COUNTRY_NAMES.read_text(encoding="utf-8"))["features"]
    names = {f["properties"]["iso_a2"]: (f["properties"]["name"],) * 2 + ((),) for f in countries}
    with STATE_NAMES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            names[row["state"]] = (row["name"], row["short"], tuple(a for a in row["aliases"].split("|") if a))
    return names


@cache
def _record(state_id: str) -> State:
    """A state without geometry: its names, its life and its sources."""
    rows = [p for unit_rows in periods().values() for p in unit_rows if p.state == state_id]
    name, short, aliases = _names().get(state_id, (state_id, state_id, ()))
    if not rows:
        return State(state_id, name, short, None, None, (Source(*PRESENT_DAY),), aliases)
    starts = [p.start for p in rows]
    ends = [p.end for p in rows]
    sources = tuple(dict.fromkeys(p.source for p in sorted(rows, key=lambda p: p.start or dt.date.min)))
    return State(state_id, name, short, None if None in starts else min(starts), None if None in ends else max(ends),
                 sources, aliases)


@lru_cache(maxsize=1)
def epochs() -> list[dt.date]:
    """Every day on which a state begins or a unit changes hands, the layer's start first."""
    days = {p.start for rows in periods().values() for p in rows if p.start and p.start > LAYER_START}
    return [LAYER_START, *sorted(days)]


def epoch_of(day: dt.date) -> dt.date:
    """The epoch a day falls in; days before the layer's start fall in its first epoch."""
    found = epochs()
    return found[max(bisect_right(found, day) - 1, 0)]


def holder(unit: str, day: dt.date) -> str:
    """Id of the state that held a unit on a day (the unit's present-day country when states.csv omits it)."""
    for p in periods().get(unit, ()):
        if (p.start is None or p.start <= day) and (p.end is None or day <= p.end):
            return p.state
    return _unit_countries()[unit]


@lru_cache(maxsize=2)
def _units(path: Path) -> dict[str, tuple[str, shapely.Geometry]]:
    """Unit -> (present-day country, geometry) from a units file."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["unit"]: (f["properties"]["country"], shape(f["geometry"])) for f in features}


@lru_cache(maxsize=1)
def _unit_countries() -> dict[str, str]:
    return {unit: country for unit, (country, _) in _units(POINT_UNITS).items()}


@lru_cache(maxsize=64)
def _states(epoch: dt.date, path: Path) -> dict[str, State]:
    """State id -> State with its territory in one epoch: the units dissolved by holder."""
    members: dict[str, list] = {}
    for unit, (_, geom) in _units(path).items():
        members.setdefault(holder(unit, epoch), []).append(geom)
    return {sid: replace(_record(sid), geometry=geoms[0] if len(geoms) == 1 else shapely.union_all(geoms))
            for sid, geoms in sorted(members.items())}


def states_on(day) -> list[State]:
    """The states on a day, each with its territory (point-check detail). Before 5 June 1945: as on that day."""
    return list(_states(epoch_of(_as_date(day)), POINT_UNITS).values())


def _as_date(day) -> dt.date:
    """A `date` from a date, a datetime or an ISO day string; DateError for anything else."""
    return EPOCH + dt.timedelta(days=as_day(day))


def caveat_on(day) -> str | None:
    """What the map must say about the borders it draws for a day, or None when the layer holds for it."""
    day = _as_date(day)
    if day < LAYER_START:
        return BEFORE_START
    texts = [text for first, last, text in CAVEATS if first <= day <= last]
    return " ".join(texts) or None


def _rounded(obj):
    if isinstance(obj, float):
        return round(obj, 3)
    if isinstance(obj, (list, tuple)):
        return [_rounded(o) for o in obj]
    return obj


def borders_geojson(day) -> dict:
    """The states on a day as a GeoJSON FeatureCollection at drawing detail (3 decimals).

    Each feature: `id`, `name`, `short`, `start`, `end` (ISO days or null), `sources` ({title, url}),
    `label_point` ([lon, lat] inside its largest part) and `bbox` ([west, south, east, north]).
    The collection carries the `date` asked for and its `caveat` (null when none).
    """
    day = _as_date(day)
    features = [_drawing_feature(state) for state in _states(epoch_of(day), DRAWING_UNITS).values()]
    return {"type": "FeatureCollection", "date": day.isoformat(), "caveat": caveat_on(day), "features": features}


def borders_timeline() -> dict:
    """Every epoch's states at drawing detail, each distinct territory stored once: what a page needs to draw
    the borders of any day without asking a server again. Made once per version of geodata (geodata.cache).

    `states`: features (`id`, `short`, `label_point`, `bbox`, geometry); `epochs`: `{"start": ISO day,
    "states": [indices into states]}` in order; `caveats`: `[first, last, text]` of each known gap, and
    `before` the text for days before the layer's start.
    """
    return remembered("borders-timeline", code_digest(), _borders_timeline)


def _borders_timeline() -> dict:
    states, index, epoch_rows = [], {}, []
    for start in epochs():
        members = []
        for state in _states(start, DRAWING_UNITS).values():
            key = (state.id, state.geometry.wkb)
            if key not in index:
                index[key] = len(states)
                states.append(_drawing_feature(state, with_sources=False))
            members.append(index[key])
        epoch_rows.append({"start": start.isoformat(), "states": members})
    caveats = [[first.isoformat(), last.isoformat(), text] for first, last, text in CAVEATS]
    return {"type": "FeatureCollection", "features": states, "epochs": epoch_rows, "caveats": caveats,
            "before": BEFORE_START, "layer_start": LAYER_START.isoformat(), "scope": SCOPE}


def _drawing_feature(state: State, with_sources=True) -> dict:
    geometry = mapping(state.geometry)
    properties = {"id": state.id, "name": state.name, "short": state.short,
                  "start": state.start and state.start.isoformat(), "end": state.end and state.end.isoformat()}
    if with_sources:
        properties["sources"] = [{"title": s.title, "url": s.url} for s in state.sources]
    properties.update(label_point=_rounded(list(_label_point(state.geometry).coords[0])),
                      bbox=_rounded(list(state.geometry.bounds)))
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": geometry["type"], "coordinates": _rounded(geometry["coordinates"])}}


def _label_point(geometry: shapely.Geometry) -> shapely.Point:
    """Where a state's name goes: inside its largest part (the USSR's name is not put on an island)."""
    parts = getattr(geometry, "geoms", [geometry])
    return max(parts, key=lambda part: part.area).point_on_surface()


def units_at(countries, xs, ys) -> np.ndarray:
    """The unit of each point from its present-day country; only German points need point-in-polygon.

    A German point within 0.1 deg of a Land (coasts, rivers) takes the nearest; None when no unit fits.
    """
    countries = np.asarray(countries, dtype=object)
    units = np.where(np.isin(countries, list(_unit_countries())), countries, None)
    german = np.flatnonzero(countries == SPLIT_COUNTRY)
    if german.size:
        units[german] = _german_units(np.asarray(xs, dtype=float)[german], np.asarray(ys, dtype=float)[german])
    return units


@lru_cache(maxsize=1)
def _german_shapes() -> dict[str, shapely.Geometry]:
    shapes = {unit: geom for unit, (country, geom) in _units(POINT_UNITS).items() if country == SPLIT_COUNTRY}
    for geom in shapes.values():
        shapely.prepare(geom)
    return shapes


def _german_units(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    shapes = _german_shapes()
    found = np.full(len(xs), None, dtype=object)
    unplaced = np.ones(len(xs), dtype=bool)
    for unit, geom in shapes.items():
        hit = unplaced & shapely.contains_xy(geom, xs, ys)
        found[hit] = unit
        unplaced &= ~hit
    for i in np.flatnonzero(unplaced):
        point = shapely.Point(xs[i], ys[i])
        distance, unit = min((geom.distance(point), unit) for unit, geom in shapes.items())
        found[i] = unit if distance <= TOLERANCE_DEGREES else None
    return found


def states_at(countries, xs, ys, days) -> list[State | None]:
    """For each point and day, the state that held it (without geometry); None before 5 June 1945 or unplaced."""
    units = units_at(countries, xs, ys)
    return [None if unit is None or day < LAYER_START else _record(holder(unit, day))
            for unit, day in zip(units, days, strict=True)]


def state_at(lon, lat, country, day) -> State | None:
    """The state that held a point on a day, with its territory then; None before 5 June 1945 or unplaced."""
    day = _as_date(day)
    found = states_at([country], [lon], [lat], [day])[0]
    return None if found is None else _states(epoch_of(day), POINT_UNITS)[found.id]


@lru_cache(maxsize=4096)
def _terms(state: State) -> tuple[str, ...]:
    """Folded words that name a state. Two-letter ids (ISO codes) are left out: 'at' or 'in' are ordinary words."""
    words = (state.name, state.short, *state.aliases) + ((state.id,) if len(state.id) > 2 else ())
    return tuple(f" {fold(w)} " for w in words if fold(w))


def agrees(state_text: str, state: State) -> bool:
    """Whether a name's `state` text names this state: it contains, as whole words and ignoring case and
    diacritics, the state's id, name, short name or one of its aliases ("Ukrainian SSR, USSR" names the USSR).
    """
    text = _folded(state_text)
    return any(term in text for term in _terms(state))


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    return f" {fold(text)} "
