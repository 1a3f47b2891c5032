"""Property-based tests: whatever comes in, the date parser and the validator raise nothing but our own errors."""

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata.dates import parse_date
from geodata.errors import DateError, LayerError
from geodata.io import load_bytes
from geodata.validate import validate_collection

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
date_like = st.from_regex(r"\A-?[0-9X]{1,5}(-[0-9X]{1,3}){0,2}[~?%]?(/[0-9.]{0,10})?\Z") | st.text(max_size=15)


@given(date_like)
def test_the_date_parser_raises_only_date_errors(text):
    try:
        date = parse_date(text)
    except DateError:
        return
    assert date.first <= date.last
    assert date.label()


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_the_validator_reports_any_json_value_as_problems_never_an_exception(value):
    problems = validate_collection({"type": "FeatureCollection", "features": [value]}, "x")
    assert problems
    assert all(str(p).startswith("x: ") for p in problems)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from([("properties", "names", 1, "start", "date"), ("properties", "country"),
                             ("geometry", "coordinates"), ("properties", "names", 0), ("properties", "sources"),
                             ("properties", "kind"), ("geometry",), ("properties", "id")]),
       value=json_values)
def test_a_feature_with_any_field_replaced_gets_problems_that_name_the_file_and_the_feature(
        bundled_collection, path, value):
    original = next(f for f in bundled_collection["features"] if f["id"] == "volgograd")
    feature = copy.deepcopy(original)
    target = feature
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    problems = validate_collection({"type": "FeatureCollection", "features": [feature]}, "x")
    if feature == original:
        assert problems == []
    for problem in problems:  # never an exception, always a located line
        line = str(problem)
        assert line.startswith("x: ") and ("feature " in line or "#0" in line), line


@settings(max_examples=100)
@given(st.binary(max_size=200))
def test_loading_arbitrary_bytes_raises_only_layer_errors(data):
    for name in ("upload.geojson", "upload.csv"):
        try:
            load_bytes(data, name)
        except LayerError:
            pass


@settings(max_examples=100)
@given(json_values)
def test_loading_any_json_document_raises_only_layer_errors(value):
    try:
        load_bytes(json.dumps(value).encode(), "upload.json")
    except LayerError:
        pass


lpf_features = st.fixed_dictionaries(
    {"@id": json_values, "names": st.lists(st.fixed_dictionaries({"toponym": json_values, "lang": json_values,
                                                                   "when": json_values, "citations": json_values}),
                                           max_size=3),
     "when": json_values, "types": json_values, "links": json_values, "properties": json_values,
     "geometry": json_values, "descriptions": json_values},
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lpf_features | json_values, min_size=1, max_size=3))
def test_loading_any_linked_places_document_raises_only_layer_errors(features):
    document = {"@context": "https://example.org/lpf", "type": "FeatureCollection", "features": features}
    try:
        load_bytes(json.dumps(document).encode(), "upload.jsonld")
    except LayerError:
        pass


@settings(max_examples=100)
@given(st.lists(st.lists(st.text(max_size=8), min_size=15, max_size=19), min_size=1, max_size=4))
def test_loading_any_csv_with_the_right_header_raises_only_layer_errors(rows):
    import csv
    import io

    from geodata.formats.csv import CSV_OPTIONAL, CSV_REQUIRED

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CSV_REQUIRED, *CSV_OPTIONAL])
    writer.writerows(rows)
    try:
        load_bytes(out.getvalue().encode(), "upload.csv")
    except LayerError:
        pass


def _nesting(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_nesting(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_nesting(v) for v in value), default=0)
    return 0


@given(st.recursive(st.text(alphabet='[]{}"\\ab', max_size=6) | st.integers(),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(alphabet='[]{}"\\', max_size=4), c,
                                                                         max_size=3), max_leaves=12))
def test_the_fast_depth_scan_agrees_with_walking_the_parsed_value(value):
    from geodata.io import _depth

    assert _depth(json.dumps(value)) == _nesting(value)


@settings(max_examples=200)
@given(st.recursive(st.text(alphabet='[]{}"\\ab', max_size=8) | st.integers(),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(alphabet='[]{}"\\', max_size=4), c,
                                                                         max_size=3), max_leaves=12),
       st.integers(min_value=1, max_value=7))
def test_the_depth_scan_gives_the_same_depth_whatever_chunks_it_reads(value, chunk):
    """Chunk borders fall inside strings, inside runs of backslashes and between a backslash and its quote."""
    from geodata.io import _depth

    assert _depth(json.dumps(value), chunk=chunk) == _nesting(value)


@settings(max_examples=200)
@given(st.recursive(st.text(alphabet='"\\[]{}ab', max_size=6),
                    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children,
                                                                                       max_size=3),
                    max_leaves=12))
def test_the_depth_check_counts_brackets_in_strings_and_escapes_as_json_does(value):
    """Strings full of quotes, backslashes and brackets: the pre-parse depth check agrees with the structure."""
    from geodata.io import _depth

    def depth(v):
        if isinstance(v, list):
            return 1 + max(map(depth, v), default=0)
        if isinstance(v, dict):
            return 1 + max(map(depth, v.values()), default=0)
        return 0

    assert _depth(json.dumps(value)) == depth(value)
