import gc
import json
import stat

import pytest

from geodata import cache, io
from geodata.errors import ValidationError


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("THAW_ATLAS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def checks(monkeypatch):
    """How many times a layer file was validated."""
    count = []
    real = io.validate_collection

    def counted(*args, **kwargs):
        count.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(io, "validate_collection", counted)
    return count


@pytest.fixture
def layer_file(tmp_path, bundled_collection):
    path = tmp_path / "layer.geojson"
    small = dict(bundled_collection, features=bundled_collection["features"][:5])
    path.write_text(json.dumps(small), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def new_process():
    """Each test starts as a new process would: no layer seen yet in memory."""
    io._seen.cache_clear()


def test_a_file_already_seen_loads_without_being_validated_again(folder, checks, layer_file):
    first = io.load_layer(layer_file)
    assert io.load_layer(layer_file) is first  # the same process: the same object
    io._seen.cache_clear()
    again = io.load_layer(layer_file)  # another process: from the disk
    assert len(checks) == 1
    assert again.places == first.places and len(again.features) == 5


def test_the_garbage_collector_is_back_on_after_a_load_from_the_disk(folder, layer_file):
    io.load_layer(layer_file)
    io._seen.cache_clear()
    io.load_layer(layer_file)  # unpickled with the collector paused
    assert gc.isenabled()


def test_a_changed_file_is_validated_again(folder, checks, layer_file, bundled_collection):
    io.load_layer(layer_file)
    io._seen.cache_clear()
    smaller = dict(bundled_collection, features=bundled_collection["features"][:3])
    layer_file.write_text(json.dumps(smaller), encoding="utf-8")
    assert len(io.load_layer(layer_file).features) == 3
    assert len(checks) == 2


def test_a_broken_entry_is_made_again(folder, checks, layer_file):
    io.load_layer(layer_file)
    io._seen.cache_clear()
    for entry in folder.glob("layer-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert len(io.load_layer(layer_file).features) == 5
    assert len(checks) == 2


def test_an_invalid_file_is_never_kept(folder, layer_file, bundled_collection):
    broken = dict(bundled_collection, features=[dict(bundled_collection["features"][0], properties={})])
    layer_file.write_text(json.dumps(broken), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ValidationError):
            io.load_layer(layer_file)
    assert not list(folder.glob("layer-*.pickle"))


def test_without_a_writable_folder_layers_still_load(tmp_path, monkeypatch, layer_file):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("THAW_ATLAS_CACHE", str(tmp_path / "file" / "cache"))
    assert len(io.load_layer(layer_file).features) == 5


def test_the_folder_is_readable_by_its_owner_only(folder, layer_file):
    io.load_layer(layer_file)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_only_the_most_recent_entries_are_kept(folder, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 2)
    for n in range(4):
        cache.remembered("n", f"{n:040d}", lambda n=n: n)
    assert len(list(folder.glob("*.pickle"))) == 2
    assert cache.remembered("n", f"{3:040d}", lambda: "made again") == 3
