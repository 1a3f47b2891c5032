"""Questions of time, asked of a whole layer at once: the state of every feature on a day, the events of a period.

A date given with less than day precision covers an interval of days. A change counts from the first day of
its interval (so on 1962-06-01 a monument removed "1962" is already gone) and the state is flagged
`uncertain` while the day lies inside that interval. An event lies in a period when its interval overlaps it.
"""

import numpy as np
import pandas as pd

from geodata.dates import as_day
from geodata.layer import Layer

# What a feature is on a given day; the map styles by these.
STALIN_NAME = "stalin_name"  # bears Stalin's name
RENAMED = "renamed"  # bore it earlier and has lost it
NOT_YET = "not_yet"  # exists, and has not (yet) borne it
STANDING = "standing"  # a monument that stands
REMOVED = "removed"  # a monument that has been removed
ABSENT = "absent"  # does not exist on that day: not yet made, founded or unveiled, or gone without a successor
STATUSES = (STALIN_NAME, RENAMED, NOT_YET, STANDING, REMOVED, ABSENT)
SHOWN_STATUSES = STATUSES[:-1]  # what a map, a table or an export of a day holds


STATE_COLUMNS = ("name", "latin", "stalin", "exists", "state", "status", "uncertain", "since", "name_index")
_STATUS_OBJECTS = np.array(STATUSES, dtype=object)


def state_on(layer: Layer, day) -> pd.DataFrame:
    """One row per feature (indexed by id): its name on `day`, whether that name was Stalin's, its status.

    A feature is ABSENT before its first name's start (a first name without a start has always been there)
    and after the end of its last name. `name_index` is the row of `layer.names` in force (the first name
    for a feature that does not exist yet), for callers that keep data per name.
    """
    d = as_day(day)
    if len(layer) == 0:
        return pd.DataFrame(columns=list(STATE_COLUMNS))
    a = layer.arrays
    offsets = layer.name_offsets
    start_lo, start_hi = a["names.start_lo"], a["names.start_hi"]
    count = np.add.reduceat((start_lo <= d).astype(np.int64), offsets[:-1])
    current = offsets[:-1] + np.maximum(count - 1, 0)

    named = count > 0
    stalin = a["names.stalin"][current] & named
    before = a["names.stalin_before"][current] & named
    ended = a["names.end_lo"][current] <= d
    code = np.where(stalin & ~ended, 0, np.where(before | (stalin & ended), 1, 2))  # index in STATUSES
    last = current == offsets[1:] - 1
    code = np.where(~named | (last & ended), 5, code)
    uncertain = named & (start_lo[current] <= d) & (d <= start_hi[current])
    following = np.minimum(current + 1, len(start_lo) - 1)  # the next name's start may be in doubt too
    uncertain |= (following < offsets[1:]) & (start_lo[following] <= d) & (d <= start_hi[following])

    monument = a["features.kind"] == "monument"
    if monument.any():
        unveiled, removed, m_uncertain = _monument_days(layer, d)
        code = np.where(monument, np.where(d < unveiled, 5, np.where(d < removed, 3, 4)), code)
        uncertain = np.where(monument, m_uncertain, uncertain)

    texts = {"name": a["names.name"][current], "latin": a["names.latin"][current], "state": a["names.state"][current],
             "status": _STATUS_OBJECTS[code], "since": a["names.start"][current]}
    frame = pd.DataFrame(texts, index=layer.features.index, dtype=object)  # objects, not Arrow: no conversions
    frame.insert(2, "stalin", (code == 0) | (code == 3))
    frame.insert(3, "exists", code != 5)
    frame.insert(5, "uncertain", uncertain)
    frame["name_index"] = current
    return frame


def _monument_days(layer: Layer, d: int):
    unveiled, unveiled_hi, removed, removed_hi = layer.monument_days
    uncertain = ((unveiled <= d) & (d <= unveiled_hi)) | ((removed <= d) & (d <= removed_hi))
    return unveiled, removed, uncertain


def events_between(layer: Layer, start, end) -> pd.DataFrame:
    """The events whose date interval overlaps [start, end] (both days included), in date order."""
    found = layer.events[_overlapping(layer, start, end)]
    order = np.lexsort((found["feature"].to_numpy(), found["lo"].to_numpy()))  # by date, then file order
    found = found.iloc[order]
    found.insert(0, "id", layer.arrays["ids"][found["feature"].to_numpy()])
    return found


def with_events_between(layer: Layer, start, end) -> np.ndarray:
    """Boolean mask over the features: those with an event whose interval overlaps [start, end]."""
    mask = np.zeros(len(layer), dtype=bool)
    mask[layer.events["feature"].to_numpy()[_overlapping(layer, start, end)]] = True
    return mask


def _overlapping(layer: Layer, start, end) -> np.ndarray:
    """Boolean mask over layer.events: intervals that overlap [start, end] (given in either order)."""
    a, b = sorted((as_day(start), as_day(end)))
    return (layer.events["lo"].to_numpy() <= b) & (layer.events["hi"].to_numpy() >= a)


def select(layer: Layer, kinds=None, feature_types=None, countries=None) -> np.ndarray:
    """Boolean mask over the features: kind, feature type and country filters (None or empty = all)."""
    frame = layer.features
    mask = np.ones(len(frame), dtype=bool)
    for column, wanted in (("kind", kinds), ("feature_type", feature_types), ("country", countries)):
        if wanted:
            mask &= frame[column].isin(list(wanted)).to_numpy()
    return mask


def events_per_year(events: pd.DataFrame) -> pd.DataFrame:
    """Count events by the year they fell in (the year of the interval's first day) and by event type."""
    years = pd.to_datetime(events["lo"], unit="D").dt.year
    return (
        events.assign(year=years)
        .groupby(["year", "event"], as_index=False)
        .size()
        .rename(columns={"size": "count"})
    )
