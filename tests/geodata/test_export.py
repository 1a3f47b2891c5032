import csv
import datetime as dt
import io
import json

import pytest
import shapely.geometry

from geodata.cli import main
from geodata.export import export, to_csv, to_geojson, to_lpf
from geodata.io import load_bytes
from geodata.timeline import select


def test_geojson_export_is_a_valid_feature_collection_with_the_state_on_a_date(bundled):
    collection = json.loads(to_geojson(bundled, day="1950-01-01"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(bundled)
    for f in collection["features"]:
        assert shapely.geometry.shape(f["geometry"]).is_valid
        lon, lat = f["geometry"]["coordinates"][:2] if f["geometry"]["type"] == "Point" else (0, 0)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    volgograd = next(f for f in collection["features"] if f["id"] == "volgograd")
    assert volgograd["properties"]["on_date"]["latin"] == "Stalingrad"
    assert volgograd["properties"]["on_date"]["status"] == "stalin_name"


def test_csv_export_has_one_row_per_name_of_each_selected_feature(bundled):
    mask = select(bundled, kinds=["monument"])
    rows = list(csv.DictReader(io.StringIO(to_csv(bundled, mask, day="1960-01-01"))))
    assert len(rows) == sum(len(bundled.places[i].names) for i in mask.nonzero()[0])
    prague = next(r for r in rows if r["id"] == "stalin-monument-prague")
    assert prague["unveiled"] == "1955-05-01"
    assert prague["status_on_date"] == "standing"


def test_csv_export_reads_back_as_a_valid_layer(bundled):
    text = to_csv(bundled)
    again = load_bytes(text.encode("utf-8"), "roundtrip.csv")
    assert len(again) == len(bundled)
    assert [n.start.date.text if n.start else None for n in again.place("volgograd").names] == [
        None, "1925-04-10", "1961-11-10"]


def test_lpf_export_reads_back_as_a_valid_layer(bundled):
    again = load_bytes(to_lpf(bundled).encode("utf-8"), "roundtrip.jsonld")
    assert len(again) == len(bundled)
    assert [n.latin for n in again.place("volgograd").names] == ["Tsaritsyn", "Stalingrad", "Volgograd"]
    assert again.place("stalin-monument-prague").monument.removed.date.text == "1962-11"


def test_lpf_names_carry_timespans_and_citations(bundled):
    lpf = json.loads(to_lpf(bundled))
    assert lpf["@context"].startswith("https://")
    volgograd = next(f for f in lpf["features"] if f["@id"].endswith("/volgograd"))
    assert volgograd["properties"]["ccodes"] == ["RU"]
    assert volgograd["properties"]["fclasses"] == ["P"]
    assert {"type": "closeMatch", "identifier": "wd:Q914"} in volgograd["links"]
    stalingrad = next(n for n in volgograd["names"] if n["toponym"] == "Сталинград")
    assert stalingrad["when"]["timespans"] == [{"start": {"in": "1925-04-10"}, "end": {"in": "1961-11-10"}}]
    assert all(c["@id"].startswith("http") and c["label"] for c in stalingrad["citations"])
    for feature in lpf["features"]:
        assert all(name["citations"] for name in feature["names"])


def test_lpf_monument_when_runs_from_unveiling_to_removal(bundled):
    lpf = json.loads(to_lpf(bundled))
    prague = next(f for f in lpf["features"] if f["@id"].endswith("/stalin-monument-prague"))
    span = prague["when"]["timespans"][0]
    assert span["start"] == {"in": "1955-05-01"}
    assert span["end"] == {"in": "1962-11"}
    assert prague["properties"]["fclasses"] == ["S"]


def test_cli_export_filters_by_period_and_kind(tmp_path):
    out = tmp_path / "monuments.geojson"
    code = main(["export", "--format", "geojson", "--from", "1956-01-01", "--to", "1956-12-31",
                 "--kind", "monument", "--date", "1957-01-01", "--out", str(out)])
    assert code == 0
    ids = [f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]]
    assert "stalin-monument-budapest" in ids
    assert "stalin-monument-prague" not in ids


def test_every_bundled_feature_survives_the_round_trip_through_records(bundled_collection):
    from geodata.schema import feature_from_place, place_from_feature

    for feature in bundled_collection["features"]:
        assert feature_from_place(place_from_feature(feature)) == feature


@pytest.mark.parametrize("fmt", ["geojson", "csv", "lpf"])
@pytest.mark.parametrize("day", [None, dt.date(1960, 1, 1)])
def test_every_text_export_reads_back_through_the_uploader_as_the_same_features(bundled, fmt, day):
    mask = select(bundled, countries=["CZ", "GE"])
    name = {"geojson": "x.geojson", "csv": "x.csv", "lpf": "x.lpf.json"}[fmt]
    again = load_bytes(export(bundled, fmt, mask, day).encode("utf-8"), name)
    assert sorted(again.features.index) == sorted(bundled.features.index[mask])
    for place in again.places:
        assert [n.latin for n in place.names] == [n.latin for n in bundled.place(place.id).names]


def test_a_csv_export_never_hands_a_spreadsheet_a_formula(bundled):
    import dataclasses

    from geodata.layer import Layer

    place = bundled.place("volgograd")
    hostile = dataclasses.replace(place, description='=HYPERLINK("https://evil.example","click")')
    rows = list(csv.DictReader(io.StringIO(to_csv(Layer((hostile,))))))
    assert rows[0]["description"] == '\'=HYPERLINK("https://evil.example","click")'


@pytest.mark.parametrize("where", ["missing/folder/out.csv", "."])
def test_export_to_a_missing_folder_or_onto_a_folder_says_so_and_leaves_nothing(tmp_path, capsys, where):
    out = tmp_path / where
    assert main(["export", "--format", "csv", "--out", str(out)]) == 1
    assert f"cannot write {out}" in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.part"))


def test_a_full_disk_leaves_the_old_file_and_no_part_of_the_new_one(tmp_path, monkeypatch):
    import errno
    from pathlib import Path

    from geodata.io import write_whole

    target = tmp_path / "places.csv"
    target.write_bytes(b"the old export")
    real = Path.write_bytes

    def disk_full(self, data):
        real(self, data[: len(data) // 2])  # half of it reached the disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(OSError):
        write_whole(target, b"x" * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == b"the old export"
    assert not list(tmp_path.glob("*.part"))
