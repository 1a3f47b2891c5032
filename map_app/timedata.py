"""The layer's time data for the browser: compact columns from which `static/thaw/time.js` answers, for any
day, what `geodata.timeline.state_on` answers in Python (status, name in force, uncertainty), and which
features have an event in a period.

Sent once per layer and filter set; a date change in the browser then costs no server round trip. Every
text is escaped here, once (map_app.text.esc), since the browser inserts labels, tooltips and popups as HTML.
"""

import re
import unicodedata

import numpy as np

from geodata.layer import Layer
from geodata.timeline import STATUSES
from map_app.popup import monument_tooltip, popup_html
from map_app.text import esc

JS_NEVER = 10**9  # stands for geodata.layer's NEVER (and -JS_NEVER for ALWAYS) in JSON and JavaScript
LANGUAGES = ("latin", "name", "en")
_NOT_LETTER = re.compile(r"[\W_]+")


def _days(values: np.ndarray) -> list[int]:
    return np.clip(values, -JS_NEVER, JS_NEVER).astype(np.int64).tolist()


def time_data(layer: Layer, mask: np.ndarray | None = None, details: bool = True) -> dict:
    """The features of `mask` (all by default) with their names and events, as JSON-ready columns.

    `details` adds ids, tooltips, popups and search keys (what a map of up to a few thousand places shows).
    """
    positions = np.arange(len(layer)) if mask is None else np.flatnonzero(mask)
    names = layer.names
    name_feature = names["feature"].to_numpy()
    chosen = np.isin(name_feature, positions)
    rows = np.flatnonzero(chosen)
    counts = np.bincount(name_feature[rows], minlength=len(layer))[positions]
    unveiled, unveiled_hi, removed, removed_hi = (days[positions] for days in layer.monument_days)
    frame = layer.features
    events = layer.events[np.isin(layer.events["feature"].to_numpy(), positions)]
    local = np.searchsorted(positions, events["feature"].to_numpy())
    data = {
        "statuses": list(STATUSES),
        "lat": frame["lat"].to_numpy()[positions].round(5).tolist(),
        "lon": frame["lon"].to_numpy()[positions].round(5).tolist(),
        "kind": frame["kind"].to_numpy()[positions].tolist(),
        "offsets": np.concatenate([[0], np.cumsum(counts)]).astype(int).tolist(),
        "start_lo": _days(names["start_lo"].to_numpy()[rows]),
        "start_hi": _days(names["start_hi"].to_numpy()[rows]),
        "end_lo": _days(names["end_lo"].to_numpy()[rows]),
        "stalin": names["stalin"].to_numpy()[rows].astype(int).tolist(),
        "stalin_before": names["stalin_before"].to_numpy()[rows].astype(int).tolist(),
        "monument": [_days(d) for d in (unveiled, unveiled_hi, removed, removed_hi)],
        "event_feature": local.astype(int).tolist(),
        "event_lo": _days(events["lo"].to_numpy()),
        "event_hi": _days(events["hi"].to_numpy()),
        "labels": {lang: [esc(t) for t in names[lang].to_numpy()[rows]] for lang in LANGUAGES},
    }
    if details:
        places = [layer.places[p] for p in positions]
        data["id"] = frame.index.to_numpy()[positions].tolist()
        data["present"] = [esc(p.present_name.latin) for p in places]
        data["type"] = [p.feature_type.replace("_", " ") for p in places]
        data["tip"] = [_fixed_tooltip(p) for p in places]
        data["popup"] = [popup_html(p) for p in places]
        data["search"] = search_keys(layer, positions)
    return data


def browser_key(text: str) -> str:
    """A name as the page's search folds a query (static/thaw/time.js `fold`): lower case, accents dropped,
    anything but letters and digits a space. Paired with geodata's ASCII keys, a query in any script or in
    Latin letters finds the place."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _NOT_LETTER.sub(" ", bare.lower()).strip()


def search_keys(layer: Layer, positions) -> list[str]:
    """For each chosen feature, its search keys joined by '|': geodata's folded forms of every name and
    spelling, and every name as the browser folds it."""
    keys = {}
    for feature, key in zip(layer.name_keys["feature"].to_numpy(), layer.name_keys["key"].to_numpy(), strict=True):
        keys.setdefault(int(feature), {})[key] = None
    for feature, name in zip(layer.names["feature"].to_numpy(), layer.names["name"].to_numpy(), strict=True):
        keys.setdefault(int(feature), {})[browser_key(name)] = None
    return ["|".join(keys.get(int(p), {})) for p in positions]


def _fixed_tooltip(place) -> str:
    """The part of a tooltip that does not change with the date: a monument's story, or 'from <date>' of a
    place's present name (the browser puts the name of the day in front of it)."""
    if place.monument:
        return monument_tooltip(place)
    start = place.present_name.start
    return esc(start.date.label()) if start else ""
