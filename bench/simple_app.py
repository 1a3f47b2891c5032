"""The app a user would write first, the baseline of issue 11: one date slider, the layer filtered by date in
Python, a folium.GeoJson of circle markers with tooltips, st_folium. bench/run.py runs it beside ours.

One change from what a user would write: this machine has no network, so Leaflet and folium's other scripts
come from the same local copies our app serves (map_app.assets.localize) instead of their CDNs."""

import datetime as dt
import os

import folium
import streamlit as st
from streamlit_folium import st_folium

from geodata import load_layer
from geodata.timeline import state_on
from map_app.assets import localize


@st.cache_resource
def layer():
    data = os.environ.get("THAW_ATLAS_DATA")
    return load_layer(data) if data else load_layer()


places = layer()
day = st.slider("Map date", dt.date(1925, 1, 1), dt.date(2026, 12, 31), dt.date(1953, 3, 5),
                step=dt.timedelta(days=1), format="D MMM YYYY")
now = state_on(places, day)
shown = now[now["exists"].astype(bool)]
points = places.features.loc[shown.index]
collection = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [geometry.x, geometry.y]},
     "properties": {"name": name}}
    for geometry, name in zip(points.geometry, shown["name"], strict=True)]}
m = folium.Map(location=[50, 30], zoom_start=3)
folium.GeoJson(collection, marker=folium.CircleMarker(radius=5, fill=True),
               tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
localize(m)
st_folium(m, height=620, use_container_width=True, returned_objects=[])
