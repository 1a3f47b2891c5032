"""The curated folder (one feature per file) and the bundled layer built from it."""

import json

import pytest

from geodata import BUNDLED_LAYER
from geodata.cli import main
from geodata.errors import LoadError
from geodata.io import read_collection
from geodata.places import PLACES, dumps, feature_path, read_folder, write_features
from geodata.validate import validate_collection


def test_the_bundled_layer_is_the_build_of_the_places_folder():
    assert BUNDLED_LAYER.read_text(encoding="utf-8") == dumps(read_folder(PLACES)), (
        "run `python -m geodata build` after changing geodata/data/places/"
    )


def test_each_feature_file_sits_under_its_country_and_id():
    for path in PLACES.rglob("*.geojson"):
        feature = json.loads(path.read_text(encoding="utf-8"))
        assert feature_path(feature, PLACES) == path


def test_a_folder_reads_back_as_the_collection_it_was_written_from(tmp_path, bundled_collection):
    write_features(bundled_collection, tmp_path)
    assert read_folder(tmp_path)["features"] == sorted(
        bundled_collection["features"], key=lambda f: str(feature_path(f, tmp_path))
    )


def test_one_feature_file_validates_on_its_own():
    path = next(PLACES.rglob("volgograd.geojson"))
    assert validate_collection(read_collection(path), path) == []


def test_a_file_that_is_not_a_feature_is_refused_by_name(tmp_path):
    (tmp_path / "ru").mkdir()
    (tmp_path / "ru" / "oops.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(LoadError, match="oops.geojson: expected one GeoJSON Feature per file"):
        read_folder(tmp_path)


def test_build_refuses_a_folder_with_problems_and_writes_nothing(tmp_path, bundled_collection, capsys):
    feature = dict(bundled_collection["features"][0])
    feature["properties"] = {**feature["properties"], "country": "ZZ"}
    write_features({"features": [feature]}, tmp_path / "places")
    out = tmp_path / "layer.geojson"
    assert main(["build", "--places", str(tmp_path / "places"), "--out", str(out)]) == 1
    assert "country" in capsys.readouterr().out
    assert not out.exists()
