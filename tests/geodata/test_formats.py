"""Exports for where researchers publish and work: the World Historical Gazetteer (Linked Places JSON and TSV),
QGIS (GeoPackage with dated periods), DuckDB and geopandas (GeoParquet)."""

import datetime as dt
import io
import json
from pathlib import Path

import geopandas as gpd
import jsonschema
import pandas as pd
import pyogrio
from frictionless import Detector, Resource, Schema

from geodata.cli import main
from geodata.export import export
from geodata.timeline import state_on

WHG = Path(__file__).parent / "whg"  # the gazetteer's own schemas, see whg/README.md


def test_every_linked_places_feature_passes_the_world_historical_gazetteers_schema(bundled):
    validator = jsonschema.Draft7Validator(json.loads((WHG / "schema_lpf_v1.2.2.json").read_text(encoding="utf-8")))
    features = json.loads(export(bundled, "lpf"))["features"]
    assert len(features) == len(bundled)
    refused = {f["@id"]: [e.message for e in validator.iter_errors(f)][:2] for f in features}
    assert {fid: errors for fid, errors in refused.items() if errors} == {}


def test_a_name_with_no_known_start_starts_no_later_than_its_end(bundled):
    volgograd = next(f for f in json.loads(export(bundled, "lpf"))["features"] if f["@id"].endswith("/volgograd"))
    tsaritsyn = next(n for n in volgograd["names"] if n["toponym"] == "Царицын")
    assert tsaritsyn["when"]["timespans"] == [{"start": {"latest": "1925-04-10"}, "end": {"in": "1925-04-10"}}]


def test_the_lp_tsv_export_passes_the_gazetteers_table_schema(bundled, tmp_path):
    path = tmp_path / "places.tsv"
    path.write_text(export(bundled, "lptsv"), encoding="utf-8")
    schema = Schema.from_descriptor(json.loads((WHG / "schema_tsv.json").read_text(encoding="utf-8")))
    # columns matched by name, as the gazetteer's own check did (fvalidate(..., sync_schema=True))
    report = Resource(path=path.name, basepath=str(tmp_path), schema=schema, format="tsv",
                      detector=Detector(schema_sync=True)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    rows = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    assert len(rows) == len(bundled)
    assert rows.set_index("id").loc["volgograd", "start"] == "1925-04-10"
    assert "Сталинград@ru" in rows.set_index("id").loc["volgograd", "variants"].split(";")


def test_the_geopackage_name_periods_play_in_order_and_agree_with_the_layer(bundled, tmp_path):
    path = tmp_path / "atlas.gpkg"
    path.write_bytes(export(bundled, "gpkg"))
    assert {name for name, _ in pyogrio.list_layers(path)} == {"places", "name_periods", "monument_lifetimes"}
    periods = gpd.read_file(path, layer="name_periods")
    assert all(pd.api.types.is_datetime64_any_dtype(periods[column]) for column in ("start", "end"))
    for place_id, rows in periods.groupby("place_id"):
        rows = rows.sort_values("order")
        ends, starts = rows["end"].iloc[:-1].to_numpy(), rows["start"].iloc[1:].to_numpy()
        assert all(pd.isna(e) or pd.isna(s) or e <= s for e, s in zip(ends, starts, strict=True)), place_id
    day = pd.Timestamp("1960-01-01")
    started = periods["start"].isna() | (periods["start"] <= day)
    in_force = periods[started & (periods["end"].isna() | (day < periods["end"]))]
    state = state_on(bundled, dt.date(1960, 1, 1))
    existing = state[state["exists"]]
    latin = in_force.drop_duplicates("place_id", keep="last").set_index("place_id")["latin"]
    both = existing.index.intersection(latin.index)  # not a place between two names (a district abolished
    assert len(both) >= 0.95 * len(existing)  # in 1958 and made again in 1962 has no name in force in 1960)
    assert latin[both].to_dict() == existing.loc[both, "latin"].to_dict()
    lifetimes = gpd.read_file(path, layer="monument_lifetimes")
    assert len(lifetimes) == (bundled.features["kind"] == "monument").sum()


def test_geoparquet_holds_one_row_per_name(bundled):
    frame = gpd.read_parquet(io.BytesIO(export(bundled, "geoparquet")))
    assert len(frame) == len(bundled.names) and frame.crs.to_epsg() == 4326


def test_the_cli_writes_the_binary_formats(tmp_path):
    out = tmp_path / "atlas.gpkg"
    assert main(["export", "--format", "gpkg", "--out", str(out)]) == 0
    assert out.read_bytes()[:16] == b"SQLite format 3\x00"
