"""GeoPackage and GeoParquet of the name periods (geodata.periods), written as bytes for QGIS, DuckDB and
geopandas."""

import tempfile
from pathlib import Path

from geodata import periods
from geodata.layer import Layer


def _layers_file(tables: dict, driver: str, suffix: str) -> bytes:
    """Write named tables into one file with pyogrio (through a temporary file) and return its bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"thaw-atlas{suffix}"
        for name, frame in tables.items():
            if driver == "Parquet":
                frame.to_parquet(path)
            else:
                frame.to_file(path, layer=name, driver=driver, engine="pyogrio")
        return path.read_bytes()


def to_gpkg(layer: Layer, mask=None, day=None) -> bytes:
    """A GeoPackage with three layers, `places`, `name_periods` and `monument_lifetimes`, each with `start`
    and `end` dates, so that QGIS's Temporal Controller plays the name periods as they are."""
    return _layers_file({"places": periods.places(layer, mask), "name_periods": periods.name_periods(layer, mask),
                         "monument_lifetimes": periods.monument_lifetimes(layer, mask)}, "GPKG", ".gpkg")


def to_geoparquet(layer: Layer, mask=None, day=None) -> bytes:
    """GeoParquet of the name periods (one row per name, with its place's kind, type and country), for DuckDB
    and geopandas."""
    return _layers_file({"name_periods": periods.name_periods(layer, mask)}, "Parquet", ".parquet")
