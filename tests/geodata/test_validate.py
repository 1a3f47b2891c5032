"""The validator on the bundled layer and on broken copies of it: one line per problem, naming the field."""

import json

import pytest

from geodata.cli import main
from geodata.validate import validate_collection


def feature(collection, fid):
    return next(f for f in collection["features"] if f["properties"]["id"] == fid)


def test_the_bundled_layer_is_valid(bundled_collection):
    assert validate_collection(bundled_collection, "bundled") == []


def test_the_bundled_layer_holds_at_least_sixty_features(bundled_collection):
    assert len(bundled_collection["features"]) >= 60


def test_every_dated_fact_of_the_bundled_layer_names_a_source(bundled):
    for place in bundled.places:
        facts = [n.start for n in place.names if n.start] + [n.end for n in place.names if n.end]
        if place.monument:
            facts += [place.monument.unveiled] + ([place.monument.removed] if place.monument.removed else [])
        for fact in facts:
            assert fact.sources, place.id
            known = {s.id for s in place.sources}
            assert set(fact.sources) <= known, place.id


@pytest.fixture
def broken(collection_copy):
    """The bundled collection with five different mistakes in five features."""
    features = collection_copy["features"]
    volgograd = feature(collection_copy, "volgograd")
    volgograd["properties"]["names"][1]["start"]["date"] = "1961-13-45"
    dushanbe = feature(collection_copy, "dushanbe")
    dushanbe["geometry"]["coordinates"][1] = 123
    eisen = feature(collection_copy, "eisenhuettenstadt")
    eisen["geometry"]["coordinates"] = [37.6173, 55.7558]  # Moscow, but country says DE
    katowice = feature(collection_copy, "katowice")
    names = katowice["properties"]["names"]
    names[-1]["start"]["date"] = "1940"  # before the Stalinogród name began
    copy_of_varna = json.loads(json.dumps(feature(collection_copy, "varna")))
    features.append(copy_of_varna)
    return collection_copy


def test_a_broken_copy_gives_one_clear_line_per_problem(broken):
    lines = [str(p) for p in validate_collection(broken, "broken.geojson")]
    assert any("feature volgograd (#" in line and "names[1].start.date" in line and "1961-13-45" in line
               for line in lines)
    assert any("feature dushanbe (#" in line and "geometry.coordinates" in line and "latitude 123" in line
               for line in lines)
    assert any("feature eisenhuettenstadt (#" in line and "country" in line and "not inside country DE" in line
               for line in lines)
    assert any("feature katowice (#" in line and "names[" in line and "in order" in line for line in lines)
    assert sum("duplicate id" in line and "varna" in line for line in lines) == 2
    assert all(line.startswith("broken.geojson: ") for line in lines)


def test_a_name_that_ends_before_it_starts_is_reported(collection_copy):
    station = feature(collection_copy, "volgograd")
    station["properties"]["names"][1]["end"] = {"date": "1920", "sources": [station["properties"]["sources"][0]["id"]]}
    lines = [str(p) for p in validate_collection(collection_copy, "x")]
    assert any("names[1].end" in line and "ends (1920) before it starts (1925-04-10)" in line for line in lines)


def test_a_place_without_any_dated_fact_is_refused(collection_copy):
    props = feature(collection_copy, "volgograd")["properties"]
    props["names"] = [dict(props["names"][1], start=None)]  # only "Stalingrad", never dated
    lines = [str(p) for p in validate_collection(collection_copy, "x")]
    assert any("feature volgograd" in line and "names: no name has a dated start or end" in line for line in lines)


def test_schema_errors_name_the_field_and_what_was_expected(collection_copy):
    props = feature(collection_copy, "volgograd")["properties"]
    props["kind"] = "city"
    del props["description"]
    lines = [str(p) for p in validate_collection(collection_copy, "x")]
    assert any("feature volgograd" in line and ": kind: expected one of renamed_place" in line for line in lines)
    assert any("feature volgograd" in line and ": description: is missing" in line for line in lines)


def test_an_unknown_source_id_is_reported(collection_copy):
    props = feature(collection_copy, "volgograd")["properties"]
    props["names"][1]["start"]["sources"] = ["nowhere"]
    lines = [str(p) for p in validate_collection(collection_copy, "x")]
    assert any("names[1].start.sources: source 'nowhere' is not in the feature's sources" in line for line in lines)


def test_the_cli_exits_1_with_problems_and_0_when_clean(broken, tmp_path, capsys):
    path = tmp_path / "broken.geojson"
    path.write_text(json.dumps(broken), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) >= 6
    assert all(line.startswith(f"{path}: feature ") for line in out)
    assert main(["validate"]) == 0


def test_a_feature_with_two_faults_gets_two_lines_in_plain_words(collection_copy, tmp_path, capsys):
    volgograd = feature(collection_copy, "volgograd")
    del volgograd["properties"]["description"]
    volgograd["properties"]["names"][1]["start"]["date"] = "13/05/1937"
    collection_copy["features"] = [volgograd]
    path = tmp_path / "two-faults.geojson"
    path.write_text(json.dumps(collection_copy), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("feature volgograd (#0): description: is missing")
    assert "names[1].start.date: expected a date like 1961-11-10, 1961-11 or 1961" in lines[1]
    assert "'13/05/1937'" in lines[1] and "EDTF" not in lines[1] and "Traceback" not in lines[1]


def test_a_point_with_an_elevation_is_read_without_a_traceback(collection_copy):
    volgograd = feature(collection_copy, "volgograd")
    volgograd["geometry"]["coordinates"] = [44.5153, 48.7082, 80.0]
    collection_copy["features"] = [volgograd]
    assert validate_collection(collection_copy, "3d") == []
