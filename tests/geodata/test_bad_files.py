"""The bad-file corpus (tests/geodata/bad_files, written by make_corpus.py): every file gives a clear message
that names the file and, where there is one, the feature and the field; nothing else is raised."""

import hashlib
from pathlib import Path

import pytest

from geodata import BUNDLED_LAYER
from geodata.errors import LoadError, ValidationError
from geodata.io import LIMITS, load_bytes

CORPUS = Path(__file__).parent / "bad_files"
# file -> pieces that must all appear in one reported line
EXPECTED = {
    "01-malformed.geojson": ["not valid JSON", "line 1"],
    "02-empty.geojson": ["file is empty"],
    "03-whitespace-only.geojson": ["file is empty"],
    "04-not-geojson.json": ["expected a GeoJSON FeatureCollection"],
    "05-a-list.json": ["expected a GeoJSON FeatureCollection", "list"],
    "06-latin1.geojson": ["not UTF-8"],
    "07-zip-posing-as-csv.csv": ["ZIP archive", "Shapefile"],
    "08-excel-posing-as-csv.csv": ["Excel"],
    "09-features-not-a-list.geojson": ["features: expected array"],
    "10-feature-not-an-object.geojson": ["(#0)", "expected object"],
    "11-latitude-123.geojson": ["feature sample-town (#0)", "geometry.coordinates", "latitude 123"],
    "12-longitude-200.geojson": ["feature sample-town (#0)", "longitude 200"],
    "13-coordinates-as-text.geojson": ["geometry.coordinates[0]", "expected number"],
    "14-polygon-geometry.geojson": ["geometry.type", "Polygon"],
    "15-no-geometry.geojson": ["geometry", "expected object"],
    "16-bad-date.geojson": ["names[1].start.date", "1961-13-45"],
    "17-end-before-start.geojson": ["names[1].end", "before it starts"],
    "18-names-out-of-order.geojson": ["names[2].start", "in order"],
    "19-duplicate-ids.geojson": ["(#1)", "duplicate id"],
    "20-wrong-country.geojson": ["country", "not inside country FR"],
    "21-unknown-country.geojson": ["country", "unknown", "ZZ"],
    "22-kind-unknown.geojson": ["kind", "expected one of", "castle"],
    "23-stalin-not-boolean.geojson": ["names[1].stalin", "expected boolean"],
    "24-missing-description.geojson": ["description: is missing"],
    "25-source-not-listed.geojson": ["names[1].start.sources", "nowhere"],
    "26-javascript-url.geojson": ["sources[0].url", "http(s)"],
    "27-no-names.geojson": ["names", "at least 1"],
    "28-undated-later-name.geojson": ["names[2].start", "only the earliest name"],
    "29-interval-date.geojson": ["names[1].start.date", "a single date, not a period"],
    "30-monument-without-block.geojson": ["monument", "is missing"],
    "31-removed-before-unveiled.geojson": ["monument.removed", "before it was unveiled"],
    "32-bad-id.geojson": ["id", "expected text matching"],
    "33-unexpected-field.geojson": ["colour", "not allowed"],
    "34-csv-missing-columns.csv": ["lacks the column(s)", "source_url"],
    "35-csv-bad-latitude.csv": ["feature donetsk (#0)", "geometry.coordinates[1]", "expected number", "north"],
    "36-csv-header-only.csv": ["no rows"],
    "37-lpf-without-features.jsonld": ["Linked Places", "features"],
    "38-too-many-levels.json": ["nested deeper"],
}


def messages(data: bytes, name: str) -> list[str]:
    try:
        load_bytes(data, name)
    except LoadError as exc:
        return [str(exc)]
    except ValidationError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_the_corpus_holds_at_least_thirty_files_and_each_has_an_expectation():
    files = sorted(p.name for p in CORPUS.iterdir() if p.suffix != ".py")
    assert len(files) >= 30
    assert set(files) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_gets_a_clear_message_naming_file_feature_and_field(name):
    lines = messages((CORPUS / name).read_bytes(), name)
    assert lines, f"{name} was accepted"
    assert all(line.startswith(f"{name}: ") for line in lines), lines
    assert any(all(piece in line for piece in EXPECTED[name]) for line in lines), lines


def test_a_ten_megabyte_name_is_refused_by_length_not_by_a_crash(tmp_path):
    source = (CORPUS / "16-bad-date.geojson").read_text(encoding="utf-8").replace("1961-13-45", "1961-11-10")
    data = source.replace('"Сталинград"', '"' + "S" * 10_000_000 + '"').encode()
    lines = messages(data, "huge-name.geojson")
    assert any("names[1].name" in line and "longer than 2000 characters (10000000)" in line for line in lines)


def test_deep_nesting_is_refused_before_it_can_exhaust_the_stack():
    data = ("[" * 100_000 + "]" * 100_000).encode()
    lines = messages(data, "deep.json")
    assert lines == [f"deep.json: JSON is nested deeper than {LIMITS['max_depth']} levels"]


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setitem(LIMITS, "upload_bytes", 1000)
    lines = messages(b" " * 1001, "big.geojson")
    assert lines and "limit is" in lines[0]


def test_reading_the_corpus_leaves_the_bundled_layer_unchanged():
    before = hashlib.sha256(BUNDLED_LAYER.read_bytes()).hexdigest()
    for name in EXPECTED:
        messages((CORPUS / name).read_bytes(), name)
    assert hashlib.sha256(BUNDLED_LAYER.read_bytes()).hexdigest() == before


def test_a_device_or_a_pipe_is_refused_without_reading_it(tmp_path):
    import os

    from geodata.io import load_layer

    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)  # opening it would wait for a writer forever
    for path in ("/dev/zero", fifo):
        with pytest.raises(LoadError, match="got a device, a pipe or a socket"):
            load_layer(path)


def test_a_csv_with_more_features_than_the_limit_is_refused_before_they_are_built(monkeypatch):
    monkeypatch.setitem(LIMITS, "max_features", 3)
    from geodata.formats.csv import CSV_REQUIRED

    header = ",".join(CSV_REQUIRED) + "\n"
    rows = "".join(f"p{n},other,other,RU,55,37,x,N,N,ru,false,Russia,,t,https://x.org\n" for n in range(4))
    assert messages((header + rows).encode(), "many.csv") == ["many.csv: more than 3 features, the limit is 3"]


def test_the_upload_limit_is_the_one_the_app_states_to_the_browser():
    import tomllib

    config = tomllib.loads((Path(__file__).parents[2] / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert LIMITS["upload_bytes"] == config["server"]["maxUploadSize"] * 1_000_000  # the browser counts 1e6 a MB


def test_a_file_of_broken_features_stops_at_the_problem_limit(monkeypatch):
    monkeypatch.setitem(LIMITS, "max_problems", 50)
    data = ('{"type": "FeatureCollection", "features": [' + ",".join(['{"type": "Feature"}'] * 20_000) + "]}")
    lines = messages(data.encode(), "broken.geojson")
    assert len(lines) == 51  # the first fifty, then why the walk stopped (not 40,000 lines)
    assert lines[-1].startswith("broken.geojson: features: stopped after 50 problems, at feature #24 of 20000")


def test_one_feature_with_endless_names_is_refused_before_it_is_built():
    from geodata.formats.csv import CSV_REQUIRED
    from geodata.schema import MAX_ITEMS

    header = ",".join(CSV_REQUIRED) + "\n"
    rows = "p,other,other,RU,55,37,x,N,N,ru,false,Russia,1961-13-45,t,https://x.org\n" * 50_000
    assert messages((header + rows).encode(), "long.csv") == [
        f"long.csv: feature 'p' has more than {MAX_ITEMS} rows (one per name), the limit is {MAX_ITEMS}"]
