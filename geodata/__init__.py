"""The Thaw Atlas gazetteer: a sourced, time-aware layer of de-Stalinization renamings and removals.

Data in, data out: nothing here knows about Streamlit or Folium.
"""

from geodata.errors import DateError, LayerError, LoadError, Problem, ValidationError
from geodata.io import BUNDLED_LAYER, load_layer, read_collection
from geodata.layer import Layer

__all__ = [
    "BUNDLED_LAYER",
    "DateError",
    "Layer",
    "LayerError",
    "LoadError",
    "Problem",
    "ValidationError",
    "load_layer",
    "read_collection",
]
