"""A loaded layer: its records and the flat tables that the temporal queries run on.

The tables are built once, when the layer is loaded; every query after that is a numpy expression over them.
- `features`: a GeoDataFrame, one row per feature, in file order.
- `names`: one row per name, grouped by feature and in order, with the day interval each name holds.
- `events`: one row per dated event (naming, renaming, unveiling, removal).
"""

import re
import weakref
from dataclasses import dataclass, field, fields
from functools import cached_property, wraps

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from anyascii import anyascii

from geodata.schema import Place

NEVER = np.iinfo(np.int64).max // 2  # day number for "no end"
ALWAYS = -NEVER  # day number for "no recorded start"
# Text columns are kept as numpy object arrays: pandas' own strings cost a conversion on every query.
TEXT_COLUMNS = ("id", "kind", "feature_type", "country", "wikidata", "present_name", "name", "latin", "en", "lang",
                "state", "start", "event", "date", "label", "precision", "from_name", "to_name")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII form of a name in any script, for matching: 'Сталинград' -> 'stalingrad'."""
    return _NOT_WORD.sub(" ", anyascii(text).lower()).strip()


def per_layer(function):
    """Cache a function of (layer, *args) for as long as the layer lives. An lru_cache keyed on layers keeps
    them alive (a user's upload outliving its session); here a layer's results go when the layer does."""
    results = weakref.WeakKeyDictionary()

    @wraps(function)
    def cached(layer, *args):
        per = results.setdefault(layer, {})
        if args not in per:
            per[args] = function(layer, *args)
        return per[args]

    cached.cache_clear = results.clear
    return cached


@dataclass(frozen=True, eq=False)  # compared and hashed by identity, so it can key caches
class Layer:
    places: tuple[Place, ...]
    source: str = "<memory>"
    problems: tuple = ()  # problems of features left out (only when loaded with keep_valid)
    features: gpd.GeoDataFrame = field(init=False, repr=False, compare=False)
    names: pd.DataFrame = field(init=False, repr=False, compare=False)
    events: pd.DataFrame = field(init=False, repr=False, compare=False)
    name_offsets: np.ndarray = field(init=False, repr=False, compare=False)
    monument_days: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        names = _names_table(self.places)
        object.__setattr__(self, "features", _features_table(self.places))
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "events", _events_table(self.places))
        offsets = np.concatenate([[0], np.cumsum([len(p.names) for p in self.places])]).astype(np.int64)
        object.__setattr__(self, "name_offsets", offsets)
        object.__setattr__(self, "monument_days", _monument_days(self.places))

    @cached_property
    def arrays(self) -> dict[str, np.ndarray]:
        """The columns the temporal queries read, as plain numpy arrays (taken out of the frames once)."""
        arrays = {f"names.{c}": self.names[c].to_numpy() for c in self.names.columns}
        arrays.update({f"features.{c}": self.features[c].to_numpy() for c in ("kind",)})
        arrays["ids"] = self.features.index.to_numpy()
        return arrays

    @cached_property
    def name_keys(self) -> pd.DataFrame:
        """One row per distinct folded name (own script or Latin) of each feature: `feature`, `key`."""
        names = self.names
        keys = pd.DataFrame(
            {
                "feature": np.concatenate([names["feature"].to_numpy()] * 2),
                "key": [fold(t) for t in names["name"]] + [fold(t) for t in names["latin"]],
            }
        )
        return keys.drop_duplicates().reset_index(drop=True)

    def __len__(self):
        return len(self.places)

    def place(self, feature_id: str) -> Place:
        return self.places[self.position(feature_id)]

    def position(self, feature_id: str) -> int:
        return int(self.features.index.get_loc(feature_id))


def _representative_xy(place: Place) -> tuple[float, float]:
    coords = place.geometry["coordinates"]
    if place.geometry["type"] == "Point":
        return coords[0], coords[1]
    middle = coords[len(coords) // 2]
    return middle[0], middle[1]


def _features_table(places) -> gpd.GeoDataFrame:
    xy = np.array([_representative_xy(p) for p in places], dtype=float).reshape(-1, 2)
    frame = _table(
        {
            "id": [p.id for p in places],
            "kind": [p.kind for p in places],
            "feature_type": [p.feature_type for p in places],
            "country": [p.country for p in places],
            "wikidata": [p.wikidata for p in places],
            "present_name": [p.present_name.latin for p in places],
            "lon": xy[:, 0],
            "lat": xy[:, 1],
        }
    )
    frame.index = pd.Index(frame["id"].to_numpy(), dtype=object)
    return gpd.GeoDataFrame(frame, geometry=shapely.points(xy), crs="EPSG:4326")


def _names_table(places) -> pd.DataFrame:
    rows = []
    for position, place in enumerate(places):
        ever_stalin = False
        for order, name in enumerate(place.names):
            following = place.names[order + 1] if order + 1 < len(place.names) else None
            if name.end is not None:
                end_lo = name.end.date.lo
            elif following is not None and following.start is not None:
                end_lo = following.start.date.lo
            else:
                end_lo = NEVER
            rows.append(
                (position, order, name.name, name.latin, name.en or name.latin, name.lang, name.stalin, ever_stalin,
                 name.state,
                 name.start.date.lo if name.start else ALWAYS, name.start.date.hi if name.start else ALWAYS,
                 name.start.date.text if name.start else None, end_lo)
            )
            ever_stalin = ever_stalin or name.stalin
    columns = ["feature", "order", "name", "latin", "en", "lang", "stalin", "stalin_before", "state",
               "start_lo", "start_hi", "start", "end_lo"]
    values = list(zip(*rows, strict=True)) or [()] * len(columns)
    table = _table(dict(zip(columns, map(list, values), strict=True)))
    return table.astype({"feature": np.int64, "order": np.int64, "stalin": bool, "stalin_before": bool,
                         "start_lo": np.int64, "start_hi": np.int64, "end_lo": np.int64})


def _events_table(places) -> pd.DataFrame:
    rows = []
    for position, place in enumerate(places):
        if place.monument is not None:
            m = place.monument
            first = place.names[0]
            rows.append((position, "unveiled", m.unveiled, None, first.latin, False, True))
            if m.removed is not None:
                rows.append((position, "removed", m.removed, first.latin, None, True, False))
            continue
        previous = None
        for name in place.names:
            if name.start is not None:
                kind = "named" if previous is None else "renamed"
                rows.append((position, kind, name.start, previous.latin if previous else None, name.latin,
                             bool(previous and previous.stalin), name.stalin))
            previous = name
    labels = {date: date.label() for date in {r[2].date for r in rows}}  # one text per date, shared
    return _table(
        {
            "feature": np.array([r[0] for r in rows], dtype=np.int64),
            "event": [r[1] for r in rows],
            "date": [r[2].date.text for r in rows],
            "label": [labels[r[2].date] for r in rows],
            "precision": [r[2].date.precision for r in rows],
            "lo": np.array([r[2].date.lo for r in rows], dtype=np.int64),
            "hi": np.array([r[2].date.hi for r in rows], dtype=np.int64),
            "disputed": [bool(r[2].alternatives) for r in rows],
            "from_name": [r[3] for r in rows],
            "to_name": [r[4] for r in rows],
            "from_stalin": [r[5] for r in rows],
            "to_stalin": [r[6] for r in rows],
        }
    )


def _table(columns: dict) -> pd.DataFrame:
    """A frame whose text columns hold the records' own str objects: pandas would copy them into strings of its
    own, and a 100,000-feature layer kept every name, state and date twice (200 MB more)."""
    return pd.DataFrame({c: pd.Series(v, dtype=object) if c in TEXT_COLUMNS else v for c, v in columns.items()})


def _monument_days(places) -> np.ndarray:
    """Rows: unveiling first day, unveiling last day, removal first day, removal last day (NEVER if none)."""
    days = np.full((4, len(places)), NEVER, dtype=np.int64)
    for position, place in enumerate(places):
        m = place.monument
        if m is None:
            continue
        days[0, position], days[1, position] = m.unveiled.date.lo, m.unveiled.date.hi
        if m.removed is not None:
            days[2, position], days[3, position] = m.removed.date.lo, m.removed.date.hi
    return days


def combine(first: Layer, second: Layer) -> tuple[Layer, dict[str, list[str]]]:
    """Both layers in one, a feature of `second` replacing the feature of `first` with the same id (the user's
    version of it). Returns the layer and, for each replaced id, the fields in which the two versions differ."""
    replacing = {place.id: place for place in second.places}
    differences = {}
    places = []
    for place in first.places:
        theirs = replacing.get(place.id)
        if theirs is None:
            places.append(place)
            continue
        differences[place.id] = [f.name for f in fields(Place) if getattr(place, f.name) != getattr(theirs, f.name)]
    places.extend(second.places)
    return Layer(tuple(places), f"{first.source} + {second.source}"), differences
