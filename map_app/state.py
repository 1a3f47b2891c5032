"""The app's state as plain values: defaults declared once, and the URL (st.query_params) read and written.

A URL is read as text only (never unpickled); a value that does not parse or lies out of bounds falls back
to its default with a notice for the user.
"""

import datetime as dt
import re

from geodata.schema import FEATURE_TYPES, KINDS
from map_app.mapview import BASEMAPS, LABEL_LANGUAGES, MapView

EARLIEST = dt.date(1925, 1, 1)
LATEST = dt.date(2026, 12, 31)
DEFAULTS = {
    "date": dt.date(1953, 3, 5),  # the day Stalin died: his name at its widest
    "from": dt.date(1956, 1, 1),
    "to": dt.date(1962, 12, 31),
    "kind": (),
    "type": (),
    "country": (),
    "place": None,
    "basemap": "offline",
    "label": "latin",
    "z": None,  # zoom and centre of the map; None: fit the filtered places
    "lat": None,
    "lon": None,
}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_MAX_LIST = 50


def _day(text):
    day = dt.date.fromisoformat(text)
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"outside {EARLIEST}..{LATEST}")
    return day


def _choices(allowed):
    def parse(text):
        values = tuple(v for v in text.split(",") if v)
        if len(values) > _MAX_LIST or any(v not in allowed for v in values):
            raise ValueError(f"expected values from {', '.join(allowed)}")
        return values

    return parse


def _countries(text):
    values = tuple(v for v in text.split(",") if v)
    if len(values) > _MAX_LIST or not all(_COUNTRY.match(v) for v in values):
        raise ValueError("expected ISO country codes like RU,CZ")
    return values


def _place(text):
    if not _ID.match(text):
        raise ValueError("expected a place id")
    return text


def _one_of(allowed):
    def parse(text):
        if text not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}")
        return text

    return parse


def _bounded(kind, low, high):
    def parse(text):
        value = kind(text)
        if not low <= value <= high:
            raise ValueError(f"expected a number from {low} to {high}")
        return value

    return parse


PARSERS = {
    "date": _day, "from": _day, "to": _day, "kind": _choices(KINDS), "type": _choices(FEATURE_TYPES),
    "country": _countries, "place": _place, "basemap": _one_of(BASEMAPS), "label": _one_of(LABEL_LANGUAGES),
    "z": _bounded(int, 1, 18), "lat": _bounded(float, -90.0, 90.0), "lon": _bounded(float, -180.0, 180.0),
}


def from_query(params) -> tuple[dict, list[str]]:
    """Read URL parameters (a mapping of str to str) into a state dict; returns it and the notices."""
    state, notices = dict(DEFAULTS), []
    for key, parse in PARSERS.items():
        if key not in params:
            continue
        raw = str(params[key])[:2000]
        try:
            state[key] = parse(raw)
        except ValueError as exc:
            notices.append(f"Ignored URL parameter {key}={raw[:40]!r} ({exc}); using the default.")
    if (state["z"] is None) != (state["lat"] is None) or (state["lat"] is None) != (state["lon"] is None):
        state["z"] = state["lat"] = state["lon"] = None  # a frame needs all three
    if state["from"] > state["to"]:
        notices.append("The URL's period ended before it began; using the default period.")
        state["from"], state["to"] = DEFAULTS["from"], DEFAULTS["to"]
    return state, notices


def to_query(state: dict) -> dict:
    """The URL parameters for a state; defaults are left out so links stay short."""
    query = {}
    for key, value in state.items():
        if key not in PARSERS or value == DEFAULTS[key]:
            continue
        if isinstance(value, dt.date):
            query[key] = value.isoformat()
        elif isinstance(value, float):
            query[key] = f"{value:.4f}"
        elif isinstance(value, tuple):
            query[key] = ",".join(value)
        else:
            query[key] = str(value)
    return query


def view_of(state: dict) -> MapView:
    filters = []
    for key, label in (("kind", "Kinds"), ("type", "Types"), ("country", "Countries")):
        if state[key]:
            filters.append(f"{label}: {', '.join(state[key])}")
    return MapView(
        day=state["date"], period=(state["from"], state["to"]), kinds=state["kind"], feature_types=state["type"],
        countries=state["country"], selected=state["place"], basemap=state["basemap"], label=state["label"],
        frame=None if state["z"] is None else (state["lat"], state["lon"], state["z"]), filters_text=tuple(filters),
    )
