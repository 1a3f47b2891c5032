"""GeoJSON (RFC 7946) in the layer format: read by geodata.io (limits, parsing, validation), written here."""

import json

from geodata.formats.selection import chosen, date_fields, on_date
from geodata.layer import Layer
from geodata.schema import feature_from_place


def to_geojson(layer: Layer, mask=None, day=None) -> str:
    state = on_date(layer, day)
    features = []
    for position in chosen(layer, mask):
        feature = feature_from_place(layer.places[position])
        if state is not None:
            feature["properties"] = {**feature["properties"], "on_date": date_fields(state, position)}
        features.append(feature)
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)
