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
NOT_YET = "not_yet"  # has not (yet) borne it, or does not exist yet
STANDING = "standing"  # a monument that stands
REMOVED = "removed"  # a monument that has been removed
STATUSES = (STALIN_NAME, RENAMED, NOT_YET, STANDING, REMOVED)


def state_on(layer: Layer, day) -> pd.DataFrame:
    """One row per feature (indexed by id): its name on `day`, whether that name was Stalin's, its status."""
    d = as_day(day)
    names = layer.names
    offsets = layer.name_offsets
    if len(layer) == 0:
        return pd.DataFrame(columns=["name", "latin", "stalin", "state", "status", "uncertain", "since", "name_index"])
    started = (names["start_lo"].to_numpy() <= d).astype(np.int64)
    count = np.add.reduceat(started, offsets[:-1])
    current = offsets[:-1] + np.maximum(count - 1, 0)

    stalin = names["stalin"].to_numpy()[current] & (count > 0)
    before = names["stalin_before"].to_numpy()[current] & (count > 0)
    ended = names["end_lo"].to_numpy()[current] <= d
    status = np.where(stalin & ~ended, STALIN_NAME, np.where(before | (stalin & ended), RENAMED, NOT_YET))
    start_lo = names["start_lo"].to_numpy()
    start_hi = names["start_hi"].to_numpy()
    uncertain = (count > 0) & (start_lo[current] <= d) & (d <= start_hi[current])
    # the next name's start may also be in doubt on this day
    following = np.minimum(current + 1, len(names) - 1)
    has_next = following < offsets[1:]
    uncertain |= has_next & (start_lo[following] <= d) & (d <= start_hi[following])

    kinds = layer.features["kind"].to_numpy()
    monument = kinds == "removed_monument"
    if monument.any():
        unveiled, removed, m_uncertain = _monument_days(layer, d)
        status = np.where(monument, np.where(d < unveiled, NOT_YET, np.where(d < removed, STANDING, REMOVED)), status)
        uncertain = np.where(monument, m_uncertain, uncertain)

    return pd.DataFrame(
        {
            "name": names["name"].to_numpy()[current],
            "latin": names["latin"].to_numpy()[current],
            "stalin": (status == STALIN_NAME) | (status == STANDING),
            "state": names["state"].to_numpy()[current],
            "status": status,
            "uncertain": uncertain,
            "since": names["start"].to_numpy()[current],
            "name_index": current,  # row of layer.names in force (for callers that keep per-name data)
        },
        index=layer.features.index,
    )


def _monument_days(layer: Layer, d: int):
    unveiled, unveiled_hi, removed, removed_hi = layer.monument_days
    uncertain = ((unveiled <= d) & (d <= unveiled_hi)) | ((removed <= d) & (d <= removed_hi))
    return unveiled, removed, uncertain


def events_between(layer: Layer, start, end) -> pd.DataFrame:
    """The events whose date interval overlaps [start, end] (both days included), in date order."""
    a, b = as_day(start), as_day(end)
    if a > b:
        a, b = b, a
    table = layer.events
    mask = (table["lo"].to_numpy() <= b) & (table["hi"].to_numpy() >= a)
    found = table[mask].copy()
    found.insert(0, "id", layer.features.index.to_numpy()[found["feature"].to_numpy()])
    return found.sort_values(["lo", "id"], kind="stable")


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
