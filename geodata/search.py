"""Find places by any name they ever had, in any script, ignoring case and diacritics.

Every name and its transliteration is folded to lower-case ASCII with `anyascii` (Сталинград -> stalingrad,
Eisenhüttenstadt -> eisenhuttenstadt, Sztálinváros -> sztalinvaros), and so is the query.
"""

import numpy as np

from geodata.layer import Layer, fold

SETTLEMENTS = ("city", "town", "village")


def search(layer: Layer, query: str, limit: int = 20) -> list[str]:
    """Ids of the features with a name containing the query; exact matches first, then prefixes, then the rest.

    Within a rank, settlements come first: "Stalingrad" is the city before the airport that took its name.
    """
    q = fold(query)
    if not q:
        return []
    index = layer.name_keys
    keys = index["key"]
    hit = keys.str.contains(q, regex=False).to_numpy()
    if not hit.any():
        return []
    found = index[hit]
    rank = np.where(found["key"] == q, 0, np.where(found["key"].str.startswith(q), 1, 2))
    types = layer.features["feature_type"].to_numpy()[found["feature"].to_numpy()]
    settlement = ~np.isin(types, SETTLEMENTS)
    ordered = found.assign(rank=rank, settlement=settlement)
    ordered = ordered.sort_values(["rank", "settlement", "feature"], kind="stable")
    positions = ordered["feature"].drop_duplicates().to_numpy()[:limit]
    return layer.features.index.to_numpy()[positions].tolist()
