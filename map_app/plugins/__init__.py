"""Folium elements of our own, one class per thing drawn."""

from map_app.plugins.attribution import Attribution
from map_app.plugins.borders import Borders
from map_app.plugins.legend import Legend
from map_app.plugins.place_markers import MarkerAssets, PlaceMarkers
from map_app.plugins.stylesheet import Stylesheet
from map_app.plugins.title import Title

__all__ = ["Attribution", "Borders", "Legend", "MarkerAssets", "PlaceMarkers", "Stylesheet", "Title"]
