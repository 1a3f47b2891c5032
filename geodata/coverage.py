"""What a layer holds and where it is weak: counts by kind, type, country and decade of the events, the dated
facts that rest on one source or on weak sources, and possible duplicates (one place under two ids).

`python -m geodata coverage` prints the report; curators run it after each batch.
"""

import math
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlparse

from geodata.layer import Layer

# Hosts whose pages are copies or machine translations of encyclopedias, content farms, blogs and forums:
# acceptable where nothing better is stored, but a fact resting only on them wants a better source.
WEAK_HOSTS = (
    "perceptio", "wiki7", "wikimili", "dic.academic", "hmong", "stringtranslate", "jakami", "kiwix",
    "wiki-gateway", "wikisage", "dewiki.de", "wiki-org", "wikiwand", "livejournal", "dzen.ru", "stihi.ru",
    "blogspot", "wordpress.com", "forum", "proher", "castelul-blog", "creaders", "chinaidiom", "aroundus",
    "informationliberation", "jbanc", "artikel.siakadpt", "talk.dob.jp", "ipfs",
)
DUPLICATE_KM = 1.0  # two features of one type closer than this that share a name are probably one place


@dataclass(frozen=True)
class Coverage:
    features: int
    by_kind: Counter
    by_type: Counter
    by_country: Counter
    by_decade: Counter  # events (namings, renamings, unveilings, removals) by the decade they began in
    single_source: tuple[tuple[str, str], ...]  # (feature id, fact) resting on one source
    weak: tuple[tuple[str, str], ...]  # (feature id, fact) whose every source is on a weak host
    duplicates: tuple[tuple[str, str, str, float], ...]  # (id, id, shared name, km apart)
    undated_stalin: tuple[tuple[str, str], ...]  # (feature id, name): a first name honouring Stalin, no start


def is_weak(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return any(pattern in host or pattern in url for pattern in WEAK_HOSTS)


def _facts(place):
    """(label, DatedFact) of every dated fact of a place."""
    for i, name in enumerate(place.names):
        if name.start is not None:
            yield f"names[{i}].start", name.start
        if name.end is not None:
            yield f"names[{i}].end", name.end
    if place.monument is not None:
        yield "monument.unveiled", place.monument.unveiled
        if place.monument.removed is not None:
            yield "monument.removed", place.monument.removed


def coverage(layer: Layer) -> Coverage:
    single, weak = [], []
    for place in layer.places:
        urls = {s.id: s.url for s in place.sources}
        for label, fact in _facts(place):
            if len(fact.sources) == 1:
                single.append((place.id, label))
            if all(is_weak(urls[s]) for s in fact.sources):
                weak.append((place.id, label))
    frame = layer.features
    decades = (layer.events["lo"].to_numpy().astype("datetime64[D]").astype("datetime64[Y]").astype(int)
               + 1970) // 10 * 10
    return Coverage(
        features=len(layer),
        by_kind=Counter(frame["kind"]),
        by_type=Counter(frame["feature_type"]),
        by_country=Counter(frame["country"]),
        by_decade=Counter(f"{d}s" for d in decades.tolist()),
        single_source=tuple(single),
        weak=tuple(weak),
        duplicates=tuple(duplicates(layer)),
        undated_stalin=tuple((p.id, p.names[0].latin) for p in layer.places
                             if p.names[0].stalin and p.names[0].start is None),
    )


def duplicates(layer: Layer, km: float = DUPLICATE_KM):
    """Pairs of features of the same kind and type that share a folded name and lie within `km` of each other.

    A city and its station of the same name are two places; so are two monuments that stood one after the
    other on one site (the first gone before the second was unveiled).
    """
    by_name: dict[str, set[int]] = {}
    for feature, key in zip(layer.name_keys["feature"], layer.name_keys["key"], strict=True):
        by_name.setdefault(key, set()).add(int(feature))
    lat = layer.features["lat"].to_numpy()
    lon = layer.features["lon"].to_numpy()
    kind = (layer.features["kind"] + "/" + layer.features["feature_type"]).to_numpy()
    unveiled, _, removed, _ = layer.monument_days
    ids = layer.features.index.to_numpy()
    found = {}
    for key, members in by_name.items():
        members = sorted(members)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                apart = _km(lat[a], lon[a], lat[b], lon[b])
                successive = removed[a] < unveiled[b] or removed[b] < unveiled[a]  # both NEVER: not monuments
                if kind[a] == kind[b] and apart <= km and not successive and (a, b) not in found:
                    found[(a, b)] = (ids[a], ids[b], key, round(apart, 2))
    return sorted(found.values())


def _km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def report(result: Coverage) -> str:
    """The coverage as plain text, one section per question."""
    lines = [f"{result.features} features"]
    for title, counts in (("by kind", result.by_kind), ("by feature type", result.by_type),
                          ("by present-day country", result.by_country)):
        lines.append(f"\n{title}:")
        lines.extend(f"  {key:<16} {count:>5}" for key, count in counts.most_common())
    lines.append("\nevents by decade:")
    lines.extend(f"  {key:<16} {result.by_decade[key]:>5}" for key in sorted(result.by_decade))
    lines.append(f"\ndated facts resting on a single source: {len(result.single_source)}")
    lines.extend(f"  {fid}: {fact}" for fid, fact in result.single_source)
    lines.append(f"\ndated facts resting only on weak sources (mirrors, blogs, forums): {len(result.weak)}")
    lines.extend(f"  {fid}: {fact}" for fid, fact in result.weak)
    lines.append(f"\npossible duplicates (same kind and type, a shared name, within {DUPLICATE_KM:g} km): "
                 f"{len(result.duplicates)}")
    lines.extend(f"  {a} ~ {b}: '{name}', {km} km apart" for a, b, name, km in result.duplicates)
    lines.append(f"\nStalin names no source dates the start of, drawn from the start of the record (too early): "
                 f"{len(result.undated_stalin)}")
    lines.extend(f"  {fid}: {name}" for fid, name in result.undated_stalin)
    return "\n".join(lines) + "\n"
