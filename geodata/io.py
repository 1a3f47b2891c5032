"""Reading layers from files: size and encoding limits, JSON parsing, validation, then a Layer.

Nothing here writes to the bundled layer; a user's file is read into memory only. Readers for CSV and
Linked Places JSON turn those into our format first (geodata.formats), so one validator judges them all.
"""

import json
import stat
from functools import lru_cache
from pathlib import Path

import numpy as np

from geodata import cache
from geodata.errors import LoadError, ValidationError
from geodata.formats.csv import collection_from_csv
from geodata.formats.lpf import collection_from_lpf, is_lpf
from geodata.layer import Layer
from geodata.places import read_folder
from geodata.schema import place_from_feature
from geodata.validate import valid_features, validate_collection

BUNDLED_LAYER = Path(__file__).parent / "data" / "destalinization.geojson"

LIMITS = {
    "upload_bytes": 50_000_000,  # a file sent to the app: server.maxUploadSize (MB) in .streamlit/config.toml
    "file_bytes": 500 * 1024 * 1024,  # a file named on the command line or by THAW_ATLAS_DATA
    "max_features": 200_000,
    "max_depth": 32,
    "max_problems": 1000,  # validation stops here: what a broken file can cost is bounded
}

_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (a zipped Shapefile or an Excel workbook?)",
    b"\xd0\xcf\x11\xe0": "an old Excel/Office document",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
}


def read_bytes(path) -> bytes:
    """A regular file's bytes, never more than the limit (a device or a pipe would read forever or hang)."""
    path = Path(path)
    limit = LIMITS["file_bytes"]
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(path, "expected a layer file or a folder of feature files, got a device, a pipe or a "
                                  "socket")
        _check_size(info.st_size, limit, path)
        with open(path, "rb") as f:
            data = f.read(limit + 1)  # a file that grew since stat() is still held to the limit
    except OSError as exc:
        raise LoadError(path, f"cannot read file: {exc.strerror or exc}") from exc
    _check_size(len(data), limit, path)
    return data


def write_whole(path, data: bytes) -> None:
    """Write a file whole or not at all: into a neighbour first, then renamed over the target (a full disk or
    a crash leaves the old file, or none, never half of one)."""
    path = Path(path)
    part = path.with_name(path.name + ".part")
    try:
        part.write_bytes(data)
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)


def _check_size(size: int, limit: int, path):
    if size > limit:
        raise LoadError(path, f"file is {size / 1e6:.1f} MB, the limit is {limit / 1e6:.0f} MB")


def parse_collection(data: bytes, path="<upload>", max_bytes=None) -> dict:
    """Bytes of a GeoJSON layer, a CSV (one row per name) or Linked Places JSON, as a collection in our format.

    The format is told by the file name (.csv) and, for JSON, by its content. Every failure to read the file
    at all is a LoadError that names the file and says what was expected.
    """
    _check_size(len(data), LIMITS["upload_bytes"] if max_bytes is None else max_bytes, path)
    text = _decode(data, path)
    if str(path).lower().endswith(".csv"):
        return collection_from_csv(text, path, LIMITS["max_features"])
    value = _parse_json(text, path)
    if isinstance(value, dict) and value.get("type") == "FeatureCollection" and is_lpf(value):
        return collection_from_lpf(value, path)
    if isinstance(value, dict) and value.get("type") == "Feature":  # one curated feature file
        return {"type": "FeatureCollection", "features": [value]}
    if not isinstance(value, dict) or value.get("type") != "FeatureCollection":
        got = value.get("type") if isinstance(value, dict) else type(value).__name__
        raise LoadError(path, f"expected a GeoJSON FeatureCollection, got {got!r}")
    features = value.get("features")
    if isinstance(features, list) and len(features) > LIMITS["max_features"]:
        raise LoadError(path, f"{len(features)} features, the limit is {LIMITS['max_features']}")
    for feature in features if isinstance(features, list) else ():
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(properties, dict):
            properties.pop("on_date", None)  # what an export with a day adds; derived, so read back without it
    return value


def _decode(data: bytes, path) -> str:
    if not data.strip():
        raise LoadError(path, "file is empty, expected a GeoJSON FeatureCollection, a CSV or Linked Places JSON")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise LoadError(path, f"file is {what}, expected GeoJSON, CSV or Linked Places text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(path, f"file is not UTF-8 text (bad byte at offset {exc.start}): save it as UTF-8") from exc


def _parse_json(text: str, path):
    if _depth(text) > LIMITS["max_depth"]:  # before parsing: deep input would exhaust recursion later on
        raise LoadError(path, f"JSON is nested deeper than {LIMITS['max_depth']} levels")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    return value


_QUOTE, _BACKSLASH = ord('"'), ord("\\")
_BRACKETS, _OPENING = np.frombuffer(b"[]{}", dtype=np.uint8), np.frombuffer(b"[{", dtype=np.uint8)


def _depth(text: str, chunk: int = 1 << 20) -> int:
    """Deepest nesting of brackets in a JSON text, brackets inside strings left out.

    Array work over the bytes, fast on a large file: a quote counts unless an odd run of backslashes
    precedes it, and a bracket is inside a string when an odd number of counting quotes precede it. The bytes
    are taken a chunk at a time, carrying the depth, whether a string is open and the backslashes that end
    the chunk before: a 50 MB file of brackets costs a few MB of arrays, not gigabytes.
    """
    data = text.encode("utf-8")
    depth = deepest = backslashes = 0
    inside = False
    for start in range(0, len(data), chunk):
        codes = np.frombuffer(data, dtype=np.uint8, count=min(chunk, len(data) - start), offset=start)
        quotes = _counting_quotes(codes, backslashes)
        brackets = np.flatnonzero(np.isin(codes, _BRACKETS))
        outside = brackets[(np.searchsorted(quotes, brackets) + inside) % 2 == 0]
        if outside.size:
            levels = depth + np.cumsum(np.where(np.isin(codes[outside], _OPENING), 1, -1))
            deepest, depth = max(deepest, int(levels.max())), int(levels[-1])
        inside = bool((inside + quotes.size) % 2)
        backslashes = _trailing_backslashes(codes, backslashes)
    return deepest


def _counting_quotes(codes, backslashes_before: int):
    """Positions of the quotes that open or close a string: those after an even run of backslashes (the run
    may begin in the chunk before, `backslashes_before` long)."""
    quotes = np.flatnonzero(codes == _QUOTE)
    counts = np.ones(quotes.size, dtype=bool)
    after = np.flatnonzero((quotes > 0) & (codes[quotes - 1] == _BACKSLASH))  # quotes right after a backslash
    if after.size:  # the length of the run of backslashes before each, all at once (a file of \" is no slower)
        slashes = np.flatnonzero(codes == _BACKSLASH)
        run_starts = slashes[np.r_[True, slashes[1:] != slashes[:-1] + 1]]
        before = quotes[after] - 1
        run = run_starts[np.searchsorted(run_starts, before, side="right") - 1]
        counts[after] = (before - run + 1 + np.where(run == 0, backslashes_before, 0)) % 2 == 0
    if quotes.size and quotes[0] == 0:
        counts[0] = backslashes_before % 2 == 0
    return quotes[counts]


def _trailing_backslashes(codes, backslashes_before: int) -> int:
    others = np.flatnonzero(codes != _BACKSLASH)
    return backslashes_before + codes.size if others.size == 0 else codes.size - 1 - int(others[-1])


def read_collection(path) -> dict:
    """A layer file, or a folder of one-feature files (the curated layout of geodata.places)."""
    if Path(path).is_dir():
        return read_folder(path)
    return parse_collection(read_bytes(path), path, max_bytes=LIMITS["file_bytes"])


def layer_from_collection(collection: dict, path="<memory>", keep_valid=False, consume=False) -> Layer:
    """Validate a parsed collection and build a Layer.

    Raises ValidationError listing every problem; with `keep_valid`, builds the layer from the valid
    features instead and keeps the problems on `layer.problems` (a problem of the whole file still raises).
    With `consume`, the collection is emptied as its features become records, so a large file never has
    to fit in memory twice over (its dicts and its records).
    """
    problems = validate_collection(collection, path, LIMITS["max_problems"])
    if problems and (not keep_valid or any(p.index is None for p in problems)):
        raise ValidationError(problems)
    features = valid_features(collection, problems) if problems else collection["features"]
    if consume:
        collection["features"] = []
        features.reverse()
        places = [place_from_feature(features.pop()) for _ in range(len(features))]
    else:
        places = [place_from_feature(f) for f in features]
    return Layer(tuple(places), str(path), tuple(problems))


def load_layer(path=BUNDLED_LAYER, keep_valid=False) -> Layer:
    """Read, validate and load a layer file (by default the bundled one). A regular file within the size
    limit is validated once: later loads of the same bytes come from geodata.cache."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size > LIMITS["file_bytes"]:
        return _load(path, keep_valid)  # folders, devices, pipes and oversized files meet their errors as before
    return _seen(cache.file_digest(path, f"keep_valid={keep_valid}"), path, keep_valid)


def _load(path, keep_valid) -> Layer:
    return layer_from_collection(read_collection(path), path, keep_valid, consume=True)


@lru_cache(maxsize=2)
def _seen(digest: str, path: Path, keep_valid: bool) -> Layer:
    """One Layer object per content in this process (the caches keyed on a layer then serve every caller),
    kept on disk between processes."""
    return cache.remembered("layer", digest, lambda: _load(path, keep_valid))


def load_bytes(data: bytes, name="<upload>", keep_valid=False) -> Layer:
    """Load a layer from uploaded bytes, named `name` in every message."""
    return layer_from_collection(parse_collection(data, name), name, keep_valid, consume=True)
