"""The curated layer as a folder: one GeoJSON Feature per file, `places/<country>/<id>.geojson`.

Curators review and change one place at a time; `python -m geodata build` joins the folder into the bundled
layer (one file, fast to load) and a test checks that the two agree.
"""

import json
from pathlib import Path

from geodata.errors import LoadError

PLACES = Path(__file__).parent / "data" / "places"
LAYER_NAME = "Thaw Atlas: de-Stalinization renamings, monuments and their return"


def feature_path(feature: dict, folder=PLACES) -> Path:
    props = feature["properties"]
    return Path(folder) / props["country"].lower() / f"{props['id']}.geojson"


def dumps(value) -> str:
    """The one text form of a feature file and of the built layer, so builds are stable and diffs small."""
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


def read_folder(folder=PLACES) -> dict:
    """Every `*.geojson` feature under `folder`, in path order, as one FeatureCollection."""
    features = []
    for path in sorted(Path(folder).rglob("*.geojson")):
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LoadError(path, f"cannot read feature file: {exc}") from exc
        if not isinstance(value, dict) or value.get("type") != "Feature":
            raise LoadError(path, "expected one GeoJSON Feature per file")
        features.append(value)
    if not features:
        raise LoadError(folder, "no *.geojson feature files in this folder")
    return {"type": "FeatureCollection", "name": LAYER_NAME, "features": features}


def write_features(collection: dict, folder=PLACES) -> list[Path]:
    """Write each feature of a collection to its own file (the inverse of read_folder)."""
    paths = []
    for feature in collection["features"]:
        path = feature_path(feature, folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(feature), encoding="utf-8")
        paths.append(path)
    return paths
