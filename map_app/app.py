"""Thaw Atlas: the Streamlit app. Kept thin: everything that can be a pure function lives in map_app.*."""

import datetime as dt
import sys
import time
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run map_app/app.py` from the root

import folium  # noqa: E402

from geodata import load_layer  # noqa: E402
from geodata.schema import FEATURE_TYPES, KINDS  # noqa: E402
from geodata.search import search  # noqa: E402
from map_app import mapview, state, tables  # noqa: E402

st.set_page_config(page_title="Thaw Atlas", layout="wide")


@st.cache_resource
def bundled_layer():
    return load_layer()


@st.cache_data
def countries_of(_layer, key):
    return sorted(_layer.features["country"].unique().tolist())


def restore_state_once():
    """On a new session, put the URL's state into the widgets."""
    if "restored" in st.session_state:
        return
    values, notices = state.from_query(st.query_params.to_dict())
    st.session_state.update(
        restored=True, notices=notices, day=values["date"], period=(values["from"], values["to"]),
        kind=list(values["kind"]), ftype=list(values["type"]), country=list(values["country"]),
        place=values["place"], basemap=values["basemap"], playing=False,
    )


def current_state() -> dict:
    s = st.session_state
    return {
        "date": s.day, "from": s.period[0], "to": s.period[1], "kind": tuple(s.kind), "type": tuple(s.ftype),
        "country": tuple(s.country), "place": s.place, "basemap": s.basemap,
    }


def advance_if_playing():
    """Step the map date one year on each rerun that the play loop asked for (before the slider exists)."""
    s = st.session_state
    if s.get("playing") and s.pop("tick", False):
        following = state.next_year(s.day)
        if following is None:
            s.playing = False
        else:
            s.day = following


layer = bundled_layer()
restore_state_once()
advance_if_playing()
for notice in st.session_state.notices:
    st.warning(notice)

with st.sidebar:
    st.title("Thaw Atlas")
    st.caption("Stalin's name on the map, 1925 to today: places renamed, monuments removed, each dated and sourced.")
    query = st.text_input("Find a place by any name it ever had", key="query", placeholder="Stalinabad, Сталинград …")
    if query:
        found = search(layer, query)
        if found:
            labels = {fid: f"{layer.place(fid).present_name.latin} ({', '.join(n.latin for n in layer.place(fid).names)})"
                      for fid in found}
            choice = st.radio("Matches", found, format_func=labels.get, key="match")
            if st.button("Show on map"):
                st.session_state.place = choice
        else:
            st.info(f"No place has ever been called {query!r}.")
    st.multiselect("Kind", KINDS, key="kind", format_func=lambda k: mapview.KIND_LABELS[k])
    st.multiselect("Feature type", FEATURE_TYPES, key="ftype")
    st.multiselect("Country (today)", countries_of(layer, layer.source), key="country")
    st.radio("Basemap", list(mapview.BASEMAPS), key="basemap", horizontal=True,
             help="offline: bundled country borders; osm and carto need a network connection")
    if st.session_state.place and st.button("Clear selection"):
        st.session_state.place = None

left, right = st.columns([3, 1])
with left:
    st.slider("Map date", min_value=state.EARLIEST, max_value=state.LATEST, key="day", format="D MMM YYYY",
              step=dt.timedelta(days=1))
with right:
    st.metric("Year", st.session_state.day.year)
    play = st.toggle("Play through the years", key="playing")
st.slider("Events between", min_value=state.EARLIEST, max_value=state.LATEST, key="period", format="YYYY-MM-DD")

values = current_state()
st.query_params.from_dict(state.to_query(values))
view = state.view_of(values)

base = mapview.base_map(layer, view)
groups = mapview.place_groups(layer, view)
st_folium(base, feature_group_to_add=groups, layer_control=folium.LayerControl(collapsed=False),
          returned_objects=[], height=620, use_container_width=True, key="map")

events = tables.period_events(layer, view)
a, b = view.period
st.subheader(f"{len(events)} events between {a:%d %b %Y} and {b:%d %b %Y}")
st.altair_chart(tables.events_chart(tables.yearly_counts(layer, view)), use_container_width=True)
st.dataframe(events, hide_index=True, use_container_width=True)
st.subheader("Places on the map")
st.dataframe(tables.features_table(layer, view), hide_index=True, use_container_width=True)

if play:
    time.sleep(state.PLAY_SECONDS)
    st.session_state.tick = True
    st.rerun()
