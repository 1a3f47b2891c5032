"""The map as pure functions: a view (date, period, filters, selection) and a layer in, a folium.Map out.

`base_map` carries everything that does not change with the date: the borders of every epoch, every place of
the filters with its whole name history (map_app.timedata), controls, legend, first frame. The date lives in
the browser (static/thaw): `view_group` is the small element that sets it, which the app hands to
streamlit-folium's `feature_group_to_add`, so a date move restyles the map instead of rebuilding it.
"""

from functools import lru_cache

import folium
import folium.plugins
import numpy as np
import pandas as pd

from geodata.borders import borders_timeline, caveat_on
from geodata.layer import Layer, per_layer
from geodata.timeline import SHOWN_STATUSES, select, state_on, with_events_between
from map_app import assets
from map_app.plugins import (
    AtlasAssets,
    Attribution,
    Borders,
    FollowSliders,
    Legend,
    Stylesheet,
    SyncMaps,
    TimeControl,
    TimeMarkers,
    TimeView,
    Title,
)
from map_app.plugins.atlas import script_json
from map_app.popup import tooltip_text
from map_app.style import (
    BASEMAP_STYLE,
    BORDERS_OVER_TILES_STYLE,
    DATA_ATTRIBUTION,
    HIGHLIGHT,
    LOOKS,
    NORMAL_WEIGHT,
    OFFLINE_ATTRIBUTION,
    SEA_COLOUR,
)
from map_app.text import esc
from map_app.timedata import time_data
from map_app.view import View

DETAIL_LIMIT = 3000  # markers; above this the map drops permanent labels, popups and clustering
KIND_LABELS = {"renamed_place": "Renamed places", "monument": "Monuments", "other": "Other sites"}
# Tiles without labels only: a map of 1950 must not carry today's city names.
BASEMAPS = {
    "offline": None,
    "carto": ("https://{s}.basemaps.cartocdn.com/light_nolabels/{z}/{x}/{y}{r}.png",
              '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
              '&copy; <a href="https://carto.com/attributions">CARTO</a>'),
}
MAX_ZOOM = {"offline": 10, "carto": 18}  # past 10 the offline borders show nothing more; clusters spiderfy there
FENCE = 3.0  # a place this many interquartile ranges outside the middle half is left out of the first frame



@per_layer
def escaped_names(layer: Layer, language: str = "latin") -> np.ndarray:
    """Every name in one label language (own script, Latin, English), escaped once per layer and language;
    labels index into this by name row."""
    return np.array([esc(text) for text in layer.names[language]], dtype=object)


@lru_cache(maxsize=1)
def timeline_json() -> str:
    """The borders of every epoch as JSON for the page, made once per process."""
    return script_json(borders_timeline())


def places_json(layer: Layer, kinds=(), feature_types=(), countries=()) -> str:
    """The time data of the filtered places as JSON for the page; with more than DETAIL_LIMIT places, without
    the per-place details (ids, tooltips, popups, search keys)."""
    details = int(select(layer, kinds, feature_types, countries).sum()) <= DETAIL_LIMIT
    return _places_json(layer, kinds, feature_types, countries, details)


@per_layer
def _places_json(layer, kinds, feature_types, countries, details) -> str:
    """Made once per layer, filter set and level of detail."""
    return script_json(time_data(layer, select(layer, kinds, feature_types, countries), details=details))


def by_address(data_json: str, publish=None) -> str:
    """JSON for the page: the data itself, or (when `publish` gives one) its address as a JSON string, which
    atlas.js fetches."""
    address = publish(data_json) if publish else None
    return script_json(address) if address else data_json


def visible_mask(layer: Layer, view: View) -> np.ndarray:
    return select(layer, view.kind, view.type, view.country)


# every look a marker can have, indexed by 2 * status + highlighted
STYLE_KEYS = [(status, highlighted) for status in SHOWN_STATUSES for highlighted in (False, True)]


def marker_style(status: str, highlighted: bool) -> dict:
    """Leaflet path options of a marker: its status's look, with the highlight of an event in the period."""
    look = LOOKS[status]
    style = {
        "radius": look.radius, "fillColor": look.fill, "fillOpacity": look.fill_opacity,
        "color": HIGHLIGHT["color"] if highlighted else look.stroke,
        "weight": HIGHLIGHT["weight"] if highlighted else NORMAL_WEIGHT,
    }
    if look.dash:
        style["dashArray"] = look.dash
    return style


def marker_table(layer: Layer, view: View) -> pd.DataFrame:
    """What the page shows on the map date, worked out in Python: one row per marker with its position,
    kind, status, label and style. The page computes the same in static/thaw (time.js); this is the reference
    that tests and pictures are checked against.

    Features that do not exist on the day (not yet made or unveiled, or gone) are left out. With no more
    than DETAIL_LIMIT markers the rows also carry the id and the tooltip.
    """
    state = state_on(layer, view.date)
    status = state["status"].to_numpy()
    kind = layer.features["kind"].to_numpy()
    shown = visible_mask(layer, view) & state["exists"].to_numpy(dtype=bool)
    positions = np.flatnonzero(shown)
    in_period = with_events_between(layer, *view.period)[positions]
    label = escaped_names(layer, view.label)[state["name_index"].to_numpy()[positions]]
    uncertain = state["uncertain"].to_numpy()[positions]
    status = status[positions]
    table = pd.DataFrame({
        "label": np.where(uncertain, label + "?", label) if len(positions) else label,
        "kind": kind[positions],
        "status": status,
    }, dtype=object)  # numpy objects, not Arrow strings: they go to JSON as they are
    table["position"] = positions
    table["lat"] = layer.features["lat"].to_numpy()[positions].round(5)
    table["lon"] = layer.features["lon"].to_numpy()[positions].round(5)
    table["in_period"] = in_period
    table["style"] = 2 * pd.Categorical(status, categories=SHOWN_STATUSES).codes + in_period  # index in STYLE_KEYS
    if len(table) <= DETAIL_LIMIT:
        latin = state["latin"].to_numpy()
        table["id"] = layer.features.index.to_numpy()[positions]
        table["tooltip"] = [
            tooltip_text(layer.places[p], latin[p], s) for p, s in zip(positions, table["status"], strict=True)
        ]
    return table


def marker_rows(layer: Layer, view: View) -> list[dict]:
    """The marker table as one dict per marker, with its Leaflet style (the reference for tests)."""
    table = marker_table(layer, view)
    rows = table.drop(columns=["style"]).to_dict("records")
    for row in rows:
        row["style"] = marker_style(row["status"], row["in_period"])
    return rows


def bounds(layer: Layer, view: View):
    """[[south, west], [north, east]] of the filtered features, padded; None when nothing is left.

    Far outliers are left out of the frame (one peak in Canada must not show the whole hemisphere); they stay
    on the map, a pan away.
    """
    frame = layer.features[visible_mask(layer, view)]
    if frame.empty:
        return None
    lat, lon = frame["lat"].to_numpy(), frame["lon"].to_numpy()
    core = _inside_fences(lat) & _inside_fences(lon)
    lat, lon = lat[core], lon[core]
    pad = 1.0
    return [[float(lat.min()) - pad, float(lon.min()) - pad], [float(lat.max()) + pad, float(lon.max()) + pad]]


def place_at(layer: Layer, view: View, lat: float, lon: float) -> str | None:
    """The id of the filtered place drawn at a clicked point (existing on the map date), if any."""
    mask = visible_mask(layer, view) & state_on(layer, view.date)["exists"].to_numpy(dtype=bool)
    frame = layer.features
    hit = mask & (np.abs(frame["lat"].to_numpy() - lat) < 1e-4) & (np.abs(frame["lon"].to_numpy() - lon) < 1e-4)
    found = np.flatnonzero(hit)
    return str(frame.index[found[0]]) if found.size else None


def _inside_fences(values: np.ndarray) -> np.ndarray:
    q1, q3 = np.percentile(values, [25, 75])
    spread = FENCE * (q3 - q1)
    return (values >= q1 - spread) & (values <= q3 + spread)


def base_map(layer: Layer, view: View, mode="served", width="100%", height="100%", cluster=True,
             controls=None, publish=None, sliders=None, sync=False) -> folium.Map:
    """Everything but the date: borders, places, controls and legend (the view's date, period, labels and
    selection are not read). `mode`: 'served' (assets from /app/static/, for the app), 'inline' (the same
    references, to be pasted in by assets.inline) or 'cdn'. `controls`, the first and last day of a date
    slider, adds the in-map time machine (date slider, exact day, play, search)."""
    max_zoom = MAX_ZOOM[view.basemap]
    m = folium.Map(location=[50, 30], zoom_start=3, tiles=None, control_scale=True, prefer_canvas=False,
                   width=width, height=height, max_zoom=max_zoom, maxZoom=max_zoom, world_copy_jump=False)
    Stylesheet(MAP_CSS).add_to(m)
    tiles = BASEMAPS.get(view.basemap)
    if tiles:
        folium.TileLayer(tiles[0], attr=tiles[1], name=view.basemap, max_zoom=18, overlay=False).add_to(m)
    folium.plugins.Fullscreen(position="topleft").add_to(m)
    AtlasAssets().add_to(m)
    Legend([LOOKS[s] for s in SHOWN_STATUSES], highlight=HIGHLIGHT["color"]).add_to(m)
    Borders(BORDERS_OVER_TILES_STYLE if tiles else BASEMAP_STYLE, by_address(timeline_json(), publish)).add_to(m)
    styles = [marker_style(status, highlighted) for status, highlighted in STYLE_KEYS]
    looks = {status: {"fill": LOOKS[status].fill, "label": LOOKS[status].label} for status in SHOWN_STATUSES}
    places = places_json(layer, view.kind, view.type, view.country)
    TimeMarkers(by_address(places, publish), styles, looks, cluster=cluster).add_to(m)
    if controls:
        TimeControl(controls[0].isoformat(), controls[1].isoformat()).add_to(m)
    if sliders:
        FollowSliders(*sliders).add_to(m)
    if sync:
        SyncMaps().add_to(m)
    extent = bounds(layer, view)
    if view.frame:
        m.location, m.options["zoom"] = [view.frame[0], view.frame[1]], view.frame[2]
    elif extent:
        m.fit_bounds(extent)
    Attribution(f"{esc(DATA_ATTRIBUTION)} · {esc(OFFLINE_ATTRIBUTION)}").add_to(m)
    assets.localize(m, mode)
    if publish and mode == "served":
        assets.bundle_scripts(m, publish)
    return m


def title_lines(view: View) -> tuple[str, list[str]]:
    a, b = view.period
    heading = f"De-Stalinization on {view.date.isoformat()}"
    lines = [f"Events highlighted: {a.isoformat()} to {b.isoformat()}"]
    lines.extend(view.filters_text)
    caveat = caveat_on(view.date)
    if caveat:
        lines.append(caveat)
    return heading, lines


def view_state(view: View, selected=True, highlight=()) -> dict:
    """The part of a view the browser applies: day, period, label language, (if `selected`) the place, and the
    places a story step highlights (the map outlines them and frames them when they change)."""
    a, b = view.period
    state = {"day": view.date.isoformat(), "from": a.isoformat(), "to": b.isoformat(), "label": view.label,
             "highlight": list(highlight)}
    if selected and view.place:
        state["selected"] = view.place
    return state


def view_group(view: View, selected=True, highlight=()) -> folium.FeatureGroup:
    """The view as a feature group of its own, for streamlit-folium's `feature_group_to_add`."""
    group = folium.FeatureGroup(name="View", control=False)
    TimeView(view_state(view, selected, highlight)).add_to(group)
    return group


def build_map(layer: Layer, view: View, mode="served", cluster=True, titled=False, controls=None,
              width="100%", height="100%", publish=None) -> folium.Map:
    """The whole map of a view in one folium.Map (for snapshots, exports and tests); `controls`, the first and
    last day of a date slider, adds the in-map time machine (date slider, play, search); `publish` gives the
    data addresses to fetch it from instead of carrying it in the page."""
    m = base_map(layer, view, mode, width, height, cluster=cluster, controls=controls, publish=publish)
    TimeView(view_state(view)).add_to(m)
    if titled:
        heading, lines = title_lines(view)
        Title(heading, lines).add_to(m)
    assets.localize(m, mode)
    return m


MAP_CSS = f"""
.leaflet-container {{ background: {SEA_COLOUR} !important; }}
.thaw-label {{ background: rgba(255,255,255,0.85); border: 0; box-shadow: none; padding: 0 3px;
  font: 11px sans-serif; color: #222; }}
.thaw-label:before {{ display: none; }}
.thaw-label.thaw-stalin_name, .thaw-label.thaw-standing {{ font-weight: bold; color: #8b0000; }}
.thaw-state-name {{ font: bold 11px sans-serif; color: #7d766a; letter-spacing: 1px; white-space: nowrap;
  text-transform: uppercase; transform: translate(-50%, -50%); text-shadow: 0 0 2px #f4f1e8; }}
.thaw-note {{ background: rgba(255,255,255,0.88); padding: 3px 7px; border-radius: 3px; font: 11px sans-serif;
  color: #333; box-shadow: 0 1px 3px rgba(0,0,0,0.25); max-width: 420px; }}
.thaw-note .thaw-caveat {{ color: #8a3b00; font-weight: bold; }}
.thaw-time {{ background: rgba(255,255,255,0.95); padding: 6px 8px; border-radius: 4px; font: 12px sans-serif;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); }}
.thaw-time details[open] {{ width: 330px; max-width: calc(100vw - 80px); }}
@media (max-width: 600px) {{
  .thaw-note {{ font-size: 9px; max-width: 62vw; }}
  .leaflet-control-attribution {{ font-size: 9px; }}
}}
.thaw-time summary {{ cursor: pointer; font-weight: bold; }}
.thaw-time .row {{ display: flex; gap: 6px; align-items: center; margin: 2px 0; flex-wrap: wrap; }}
.thaw-time .slider {{ flex: 1; }}
.thaw-time .find {{ width: 100%; }}
.thaw-time .found {{ margin: 2px 0 0 0; padding-left: 18px; max-height: 160px; overflow-y: auto; }}
.thaw-time .found button {{ border: 0; background: none; color: #0b5394; cursor: pointer; padding: 0;
  text-align: left; }}
.thaw-popup h4 {{ margin: 0 0 2px 0; }}
.thaw-popup .meta, .thaw-popup .state, .thaw-popup .note {{ color: #666; font-size: 11px; }}
.thaw-popup .alt {{ color: #8a5a00; font-size: 11px; }}
.thaw-popup .stalin {{ color: #b00; font-size: 11px; }}
.thaw-popup ol {{ padding-left: 18px; margin: 4px 0; }}
.thaw-popup .sources {{ font-size: 11px; }}
"""
