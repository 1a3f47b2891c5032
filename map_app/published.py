"""Data the server publishes as static files (Streamlit serves map_app/static/ at /app/static/).

A rerun of the app hands the map the address of its data instead of the data: the page fetches the borders of
the time and the places' time data once, in parallel, and a date move sends a few hundred bytes instead of a
megabyte that streamlit-folium would render, scan and hash again. Only the server's own layers are published
(the bundled layer or the operator's file): a user's upload stays in the page of that user's session.
"""

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).parent / "static" / "published"
URL = "/app/static/published/"
KEEP = 64  # files kept (one per layer and filter set); the least recently published go first


@lru_cache(maxsize=64)
def _name(text: str, suffix: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:40] + suffix


def publish(text: str, folder: Path = FOLDER, suffix: str = ".json") -> str | None:
    """The address of `text` as a static file (`suffix` tells the browser its type), written once; None when
    the folder cannot be written (the caller then puts the data in the page itself)."""
    path = folder / _name(text, suffix)
    try:
        if path.exists():
            os.utime(path)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False) as f:
                f.write(text)
            os.replace(f.name, path)
            _prune(folder)
    except OSError:
        return None
    return URL + path.name


def _prune(folder: Path):
    files = sorted([*folder.glob("*.json"), *folder.glob("*.js")], key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
