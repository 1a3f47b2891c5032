"""Exports of a layer (or a selection of it): GeoJSON (RFC 7946), CSV, Linked Places Format v1.3, Linked Places
TSV v0.4, GeoPackage and GeoParquet (the last two as bytes). Each format's writer lives beside its reader in
geodata.formats; this module chooses one.
"""

from geodata.formats.csv import to_csv
from geodata.formats.geojson import to_geojson
from geodata.formats.lpf import to_lpf
from geodata.formats.lptsv import to_lptsv
from geodata.formats.tables import to_geoparquet, to_gpkg
from geodata.layer import Layer

EXPORTERS = {"geojson": to_geojson, "csv": to_csv, "lpf": to_lpf, "lptsv": to_lptsv, "gpkg": to_gpkg,
             "geoparquet": to_geoparquet}
FORMATS = tuple(EXPORTERS)
BINARY_FORMATS = ("gpkg", "geoparquet")

__all__ = ["BINARY_FORMATS", "EXPORTERS", "FORMATS", "export", "to_csv", "to_geojson", "to_lpf", "to_lptsv"]


def export(layer: Layer, fmt: str, mask=None, day=None) -> str | bytes:
    """The chosen features in a format: text, or bytes for the BINARY_FORMATS."""
    return EXPORTERS[fmt](layer, mask, day)
