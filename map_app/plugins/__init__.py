"""Folium elements of our own, one class per thing drawn."""

from map_app.plugins.atlas import AtlasAssets, Borders, FollowSliders, SyncMaps, TimeControl, TimeMarkers, TimeView
from map_app.plugins.attribution import Attribution
from map_app.plugins.legend import Legend
from map_app.plugins.stylesheet import Stylesheet
from map_app.plugins.title import Title

__all__ = ["AtlasAssets", "Attribution", "Borders", "FollowSliders", "Legend", "Stylesheet", "SyncMaps", "Title",
           "TimeControl", "TimeMarkers", "TimeView"]
