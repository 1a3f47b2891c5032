"""Results kept on disk between runs: validated layers (a file already seen loads without being parsed and
checked again) and the borders of the time.

An entry is named by a digest of everything it was made from: the input file's path and bytes, and geodata's
own code and data. A change to any of them makes a new entry; the least recently used go first. The folder is
the user's own (`THAW_ATLAS_CACHE`, by default ~/.cache/thaw-atlas, created readable by its owner only): the
entries are pickles, which Python runs as code, so nobody else may write there. The cache is optional: when
the folder cannot be written, results are made again each time.
"""

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

KEEP = 16  # entries kept
CHUNK = 1 << 20
# what geodata's results depend on, besides their input
_SOURCES = ("*.py", "formats/*.py", "data/*.csv", "data/*.geojson")


def folder() -> Path:
    return Path(os.environ.get("THAW_ATLAS_CACHE") or Path.home() / ".cache" / "thaw-atlas")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of geodata's code and bundled data, read once per process."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(p for pattern in _SOURCES for p in root.glob(pattern)):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def file_digest(path: Path, *extra: str) -> str:
    """A digest of a file's path and bytes, geodata's code, and `extra` (options that change the result)."""
    digest = hashlib.sha256("\0".join([code_digest(), str(Path(path).resolve()), *extra]).encode())
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def remembered(kind: str, digest: str, make):
    """The result of `make()` for this digest: from the cache when it is there, else made and stored."""
    path = folder() / f"{kind}-{digest[:40]}.pickle"
    try:
        with open(path, "rb") as f, _collector_paused():
            value = pickle.load(f)
        os.utime(path)
        return value
    except OSError:  # no entry, or no folder to keep one in
        pass
    except Exception:  # a truncated or foreign entry: make it again
        with contextlib.suppress(OSError):
            path.unlink()
    value = make()
    _store(path, value)
    return value


@contextlib.contextmanager
def _collector_paused():
    """Unpickling a large layer makes millions of objects, and every few hundred of them started a garbage
    collection over all made so far: more than half of a 100,000-feature layer's load. Nothing made there is
    garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _store(path: Path, value):
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)
    except OSError:
        return
    entries = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
