"""The view: everything the map shows besides the data, under one set of names.

Each name in FIELDS is at once a field of `View`, the key of its widget in the app's session, and its key in the
URL: `?date=1961-11-10&period=1956-01-01..1962-12-31&kind=monument&place=volgograd&frame=48.7,44.5,8`, or a step
of a guided story: `?story=destalinization&step=8`. Defaults are declared once, on `View`. A URL is read as text
only; a value that does not parse or lies out of bounds falls back to its default with a notice for the user.
Links made before the names were unified (`from`, `to`, `lat`, `lon`, `z`) still open.
"""

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from geodata.schema import FEATURE_TYPES, KINDS

EARLIEST = dt.date(1925, 1, 1)
LATEST = dt.date(2026, 12, 31)
BASEMAP_NAMES = ("offline", "carto")  # offline: the bundled borders of the day; carto: tiles without names
LABEL_LANGUAGES = {"latin": "Latin letters", "name": "Own script", "en": "English"}
FILTER_WORDS = {"kind": "Kinds", "type": "Types", "country": "Countries"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_MAX_LIST = 50


@dataclass(frozen=True)
class View:
    """What the map shows besides the data. `frame` is the latitude, longitude and zoom of the first frame
    (None: fit the filtered places); where the user has panned to is not what a view shows, so it does not
    count when views are compared (an export made for a view stays valid)."""

    date: dt.date = dt.date(1953, 3, 5)  # the day Stalin died: his name at its widest
    period: tuple[dt.date, dt.date] = (dt.date(1956, 1, 1), dt.date(1962, 12, 31))
    kind: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    place: str | None = None
    basemap: str = "offline"
    label: str = "latin"  # a key of LABEL_LANGUAGES
    story: str | None = None  # a guided story (geodata/data/stories/<story>.json) and its step, from 1
    step: int = 1
    compare: dt.date | None = None  # a second day, shown beside the first
    frame: tuple[float, float, int] | None = field(default=None, compare=False)

    @property
    def filters_text(self) -> tuple[str, ...]:
        """The filters in words, for a snapshot's stamp: ('Kinds: monument', 'Countries: CZ, SK')."""
        return tuple(f"{words}: {', '.join(getattr(self, name))}" for name, words in FILTER_WORDS.items()
                     if getattr(self, name))


FIELDS = tuple(f.name for f in dataclasses.fields(View))
DEFAULTS = View()


def _day(text: str) -> dt.date:
    day = dt.date.fromisoformat(text)
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"outside {EARLIEST}..{LATEST}")
    return day


def _period(text: str) -> tuple[dt.date, dt.date]:
    first, sep, last = text.partition("..")
    if not sep:
        raise ValueError("expected two days like 1956-01-01..1962-12-31")
    period = (_day(first), _day(last))
    if period[0] > period[1]:
        raise ValueError("the period ends before it begins")
    return period


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


def _step(text):
    step = int(text)
    if not 1 <= step <= 500:
        raise ValueError("expected a step number from 1")
    return step


def _frame(text):
    try:
        lat, lon, zoom = text.split(",")
        lat, lon, zoom = float(lat), float(lon), int(zoom)
    except ValueError:
        raise ValueError("expected latitude,longitude,zoom like 48.7,44.5,8") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 1 <= zoom <= 18):
        raise ValueError("expected a latitude in -90..90, a longitude in -180..180 and a zoom in 1..18")
    return lat, lon, zoom


PARSERS = {
    "date": _day, "period": _period, "kind": _choices(KINDS), "type": _choices(FEATURE_TYPES),
    "country": _countries, "place": _place, "basemap": _one_of(BASEMAP_NAMES), "label": _one_of(LABEL_LANGUAGES),
    "story": _place, "step": _step, "compare": _day, "frame": _frame,
}


def _legacy(params) -> dict:
    """`from`/`to` and `lat`/`lon`/`z`, the keys of links made before the names were unified."""
    params = dict(params)
    if "period" not in params and "from" in params and "to" in params:
        params["period"] = f"{params['from']}..{params['to']}"
    if "frame" not in params and all(k in params for k in ("lat", "lon", "z")):
        params["frame"] = f"{params['lat']},{params['lon']},{params['z']}"
    return params


def from_query(params) -> tuple[View, list[str]]:
    """Read URL parameters (a mapping of str to str) into a View; returns it and the notices."""
    values, notices = {}, []
    for key, raw in _legacy(params).items():
        if key not in PARSERS:
            continue
        raw = str(raw)[:2000]
        try:
            values[key] = PARSERS[key](raw)
        except ValueError as exc:
            notices.append(f"Ignored URL parameter {key}={raw[:40]!r} ({exc}); using the default.")
    return View(**values), notices


def to_query(view: View) -> dict:
    """The URL parameters of a view; defaults are left out so links stay short."""
    query = {}
    for key in FIELDS:
        value = getattr(view, key)
        if value == getattr(DEFAULTS, key) or value is None:
            continue
        if key == "period":
            query[key] = f"{value[0].isoformat()}..{value[1].isoformat()}"
        elif key == "frame":
            query[key] = f"{value[0]:.4f},{value[1]:.4f},{value[2]}"
        elif isinstance(value, dt.date):
            query[key] = value.isoformat()
        elif isinstance(value, tuple):
            query[key] = ",".join(value)
        else:
            query[key] = str(value)
    return query


def from_session(session) -> View:
    """The view held by the app's widgets (session keys are the field names)."""
    return View(**{key: tuple(session[key]) if isinstance(session[key], list) else session[key] for key in FIELDS})


def to_session(view: View) -> dict:
    """Widget values for a view: lists for the multiselects, as Streamlit keeps them."""
    return {key: list(value) if key in FILTER_WORDS else value for key, value in dataclasses.asdict(view).items()}
