"""Synthetic Thaw Atlas layers for the benchmarks: valid in our format, realistic in shape, reproducible.

`generate(n, seed)` returns a GeoJSON FeatureCollection of n features that passes `geodata` validation:
real country codes with points inside those countries, name histories of 1 to 5 names (many of them Stalin
names, renamed in the 1950s-60s or around 1990), dates at mixed precision (day, month, season, year,
approximate, uncertain), removed monuments with their monument block, and sources every date refers to.

    python bench/generate.py 10000 --out /tmp/layer.geojson [--seed 0]

`ensure(n, seed)` writes the file once under bench/out/ (gitignored) and returns its path.
"""

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geodata import borders, countries
from geodata.dates import parse_date
from geodata.layer import fold

ROOT = Path(__file__).resolve().parent.parent

OUT = Path(__file__).resolve().parent / "out"
SIZES = (100, 1_000, 10_000, 100_000)


@dataclass(frozen=True)
class Country:
    code: str
    weight: float
    box: tuple[float, float, float, float]  # west, south, east, north: candidates are drawn in here
    lang: str
    cyrillic: bool
    state: str  # the state while the place bore its Soviet-era names


COUNTRIES = (
    Country("RU", 0.35, (30.0, 45.0, 60.0, 62.0), "ru", True, "Russian SFSR, USSR"),
    Country("UA", 0.15, (23.0, 45.5, 40.0, 52.0), "uk", True, "Ukrainian SSR, USSR"),
    Country("BY", 0.05, (23.5, 51.5, 32.0, 55.5), "be", True, "Byelorussian SSR, USSR"),
    Country("KZ", 0.05, (51.0, 42.0, 85.0, 54.0), "kk", True, "Kazakh SSR, USSR"),
    Country("TJ", 0.03, (68.0, 37.0, 75.0, 40.5), "tg", True, "Tajik SSR, USSR"),
    Country("BG", 0.05, (22.5, 41.3, 28.5, 44.2), "bg", True, "People's Republic of Bulgaria"),
    Country("PL", 0.08, (15.0, 49.5, 23.5, 54.5), "pl", False, "Polish People's Republic"),
    Country("DE", 0.06, (10.0, 50.5, 14.5, 54.0), "de", False, "GDR"),
    Country("CZ", 0.05, (12.5, 48.7, 18.5, 50.9), "cs", False, "Czechoslovakia"),
    Country("SK", 0.02, (17.3, 47.8, 22.4, 49.5), "sk", False, "Czechoslovakia"),
    Country("HU", 0.06, (16.3, 45.8, 22.8, 48.5), "hu", False, "Hungarian People's Republic"),
    Country("RO", 0.05, (21.0, 43.8, 29.5, 48.2), "ro", False, "Romanian People's Republic"),
)
PRESENT_STATE = {"RU": "Russia", "UA": "Ukraine", "BY": "Belarus", "KZ": "Kazakhstan", "TJ": "Tajikistan",
                 "BG": "Bulgaria", "PL": "Poland", "DE": "Germany", "CZ": "Czech Republic", "SK": "Slovakia",
                 "HU": "Hungary", "RO": "Romania"}

# Names: Cyrillic parts (transliterated below) and Latin-script parts per language.
CYR_ROOTS = ("Ново", "Красно", "Бело", "Черно", "Зелено", "Старо", "Высоко", "Камен", "Берёз", "Сосн", "Липов",
             "Дубов", "Ясно", "Тихо", "Мир", "Октябр", "Ленин", "Киров", "Ворошилов", "Жданов", "Чапаев", "Горьк")
CYR_SUFFIXES = ("град", "ск", "ка", "ово", "ое", "ино", "поль", "горск", "дар", "ец", "овка", "ий")
CYR_STALIN = ("Сталинград", "Сталинск", "Сталино", "Сталинабад", "Сталиногорск", "Сталинский", "Сталинири")
LATIN_PARTS = {  # language: (roots, suffixes)
    "pl": (("Nowa", "Stara", "Biała", "Zielona", "Wola", "Góra", "Brzezin", "Dąbrow"),
           ("", " Wieś", "ów", "owo", "ice")),
    "de": (("Neu", "Alt", "Eisen", "Wald", "Berg", "Lichten", "Rosen", "Stein"),
           ("dorf", "hagen", "stadt", "feld", "au")),
    "cs": (("Nová", "Stará", "Horní", "Dolní", "Bílá", "Zelená", "Kamen", "Lip"),
           (" Ves", "ice", "ov", "any", " Hora")),
    "sk": (("Nová", "Stará", "Horná", "Dolná", "Biela", "Zelená", "Kamen", "Lip"),
           (" Ves", "ice", "ov", "any", " Hora")),
    "hu": (("Új", "Ó", "Fehér", "Kis", "Nagy", "Sár", "Vas", "Szent"),
           ("falu", "város", "hegy", "háza", "egyháza")),
    "ro": (("Orașul Nou", "Valea", "Dealul", "Satu", "Câmpul", "Piatra", "Baia", "Râul"),
           ("", " Mare", " Mic", " de Sus", " Nou")),
}
LATIN_STALIN = {"pl": ("Stalinogród", "Stalinowo"), "de": ("Stalinstadt", "Stalindorf"), "cs": ("Stalinov",),
                "sk": ("Stalinovo",), "hu": ("Sztálinváros", "Sztálinfalva"), "ro": ("Orașul Stalin", "Stalineni")}
STREET_WORDS = {"ru": "улица", "uk": "вулиця", "be": "вуліца", "kk": "көшесі", "tg": "кӯчаи", "bg": "улица",
                "pl": "ulica", "de": "Straße", "cs": "třída", "sk": "ulica", "hu": "út", "ro": "Strada"}
HONOREES = {True: ("Сталина", "Stalin"), False: ("Ленина", "Мира", "Победы", "Гагарина", "Советская", "Свободы")}
LATIN_HONOREES = ("Lenin", "Pokoju", "Freiheit", "Gagarin", "Kossuth", "Unirii", "Mira", "Vítězství")
MONUMENT_NAMES = {"ru": "Памятник Сталину", "uk": "Пам'ятник Сталіну", "be": "Помнік Сталіну",
                  "kk": "Сталин ескерткіші", "tg": "Пайкараи Сталин", "bg": "Паметник на Сталин",
                  "pl": "Pomnik Stalina", "de": "Stalin-Denkmal", "cs": "Stalinův pomník", "sk": "Stalinov pomník",
                  "hu": "Sztálin-szobor", "ro": "Statuia lui Stalin"}
TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєўқӯәөүһң'",
                    ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi",
                     "ye", "w", "q", "u", "a", "o", "u", "h", "ng", ""], strict=False))

RENAMED_TYPES = ("city", "town", "town", "village", "village", "district", "region", "peak", "street", "street",
                 "square", "park", "metro_station", "station", "factory", "canal", "bridge")
STREET_TYPES = {"street", "square", "park", "metro_station", "station", "factory", "bridge", "canal"}
OTHER_TYPES = ("mausoleum", "building", "other")
FATES = ("toppled", "blown_up", "dismantled", "demolished", "moved")
PUBLISHERS = ("Pravda", "Izvestia", "Neues Deutschland", "Trybuna Ludu", "Rudé právo", "Szabad Nép", "Scînteia",
              "Rabotnichesko Delo", "Regional archive", "Gazetteer of the USSR", "Local history society")
# date precision: day, month, year, and one of season / approximate / uncertain (which one depends on the year)
PRECISIONS = (("day", 0.45), ("month", 0.2), ("year", 0.2), ("extra", 0.15))
# years of renaming waves: revolution, Stalin era, thaw, the end of the USSR, decommunization in Ukraine
WAVE_YEARS = (*range(1918, 1963), 1964, 1970, 1977, *range(1989, 1994), 2000, 2015, 2016)


def latin_of(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in TRANSLIT:
            t = TRANSLIT[low]
            out.append(t.capitalize() if ch != low and t else t)
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------- points


def sample_points(codes: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random points inside each feature's country: candidates drawn in the country's box, kept if inside."""
    xs = np.zeros(len(codes))
    ys = np.zeros(len(codes))
    for country in COUNTRIES:
        rows = np.flatnonzero(codes == country.code)
        kept_x, kept_y, have = [], [], 0
        while have < len(rows):
            want = max(64, 2 * (len(rows) - have))
            west, south, east, north = country.box
            cx = np.round(rng.uniform(west, east, want), 4)
            cy = np.round(rng.uniform(south, north, want), 4)
            ok = countries.inside(np.full(want, country.code, dtype=object), cx, cy)
            kept_x.append(cx[ok])
            kept_y.append(cy[ok])
            have += int(ok.sum())
        xs[rows] = np.concatenate(kept_x)[: len(rows)]
        ys[rows] = np.concatenate(kept_y)[: len(rows)]
    return xs, ys


# ---------------------------------------------------------------- dates and facts


def date_text(year: int, r: random.Random) -> str:
    """A date in `year` at a random precision, drawn from a small per-year pool.

    Renamings came in waves, by decree: many places share a date. The pool keeps the number of distinct
    date strings near four per year, which also bounds what the EDTF parser sees (about 30 ms per distinct
    date; it dominates loading when every date is different).
    """
    kind = r.choices([p for p, _ in PRECISIONS], [w for _, w in PRECISIONS])[0]
    pool = random.Random(year)  # the same pool for a year in every file
    day, month, extra = pool.randint(1, 28), pool.randint(1, 12), pool.choice(("season", "approx", "uncertain"))
    if kind == "day":
        return f"{year}-{month:02d}-{day:02d}"
    if kind == "month":
        return f"{year}-{month:02d}"
    if kind == "extra" and extra == "season":
        return f"{year}-{21 + month % 4}"
    if kind == "extra":
        return f"{year}~" if extra == "approx" else f"{year}?"
    return str(year)


def fact(year: int, source_ids: list[str], r: random.Random) -> dict:
    result = {"date": date_text(year, r), "sources": [r.choice(source_ids)]}
    if r.random() < 0.04:
        other = source_ids[-1]
        result["alternatives"] = [{"date": date_text(year, r), "sources": [other],
                                   "note": "Date given by another source."}]
    return result


def increasing_years(lo: int, hi: int, count: int, r: random.Random) -> list[int]:
    """`count` distinct wave years in lo..hi, in order."""
    return sorted(r.sample([y for y in WAVE_YEARS if lo <= y <= hi], count)) if count else []


# ---------------------------------------------------------------- names


def town_name(country: Country, stalin: bool, r: random.Random) -> tuple[str, str]:
    """(own script, Latin) of a settlement-like name."""
    if country.cyrillic:
        text = r.choice(CYR_STALIN) if stalin else r.choice(CYR_ROOTS) + r.choice(CYR_SUFFIXES)
        return text, latin_of(text)
    if stalin:
        text = r.choice(LATIN_STALIN[country.lang])
    else:
        roots, suffixes = LATIN_PARTS[country.lang]
        text = r.choice(roots) + r.choice(suffixes)
    return text, text


def street_name(country: Country, stalin: bool, r: random.Random) -> tuple[str, str]:
    word = STREET_WORDS[country.lang]
    if country.cyrillic:
        honoree = "Сталина" if stalin else r.choice(HONOREES[False])
        text = f"{word} {honoree}"
        return text, latin_of(text)
    honoree = "Stalin" if stalin else r.choice(LATIN_HONOREES)
    text = f"{honoree}{word.lower()}" if country.lang == "de" else f"{word} {honoree}"
    return text, text


def name_entry(country: Country, feature_type: str, stalin: bool, start, r: random.Random, present=False) -> dict:
    make = street_name if feature_type in STREET_TYPES else town_name
    text, latin = make(country, stalin, r)
    state = PRESENT_STATE[country.code] if present else country.state
    return {"name": text, "latin": latin, "lang": country.lang, "stalin": stalin, "state": state, "start": start}


def renamed_history(country: Country, feature_type: str, source_ids, r: random.Random) -> list[dict]:
    """2 to 5 names, earliest first; most histories pass through a Stalin name."""
    count = r.choices([2, 3, 4, 5], [0.45, 0.35, 0.15, 0.05])[0]
    stalin_at = r.randint(1, count - 1) if r.random() < 0.7 else None
    if stalin_at is None:
        years = increasing_years(1900, 2024, count - 1, r)
    else:
        stalin_year = r.randint(1925, 1952)
        before = increasing_years(1900, stalin_year - 1, stalin_at - 1, r)
        after_count = count - 1 - stalin_at
        if after_count:
            first_after = r.randint(1956, 1962) if r.random() < 0.7 else r.randint(1989, 1993)  # all wave years
            after = [first_after] + increasing_years(first_after + 1, 2024, after_count - 1, r)
        else:
            after = []
        years = before + [stalin_year] + after
    names = [name_entry(country, feature_type, False, None, r)]
    for i, year in enumerate(years, start=1):
        present = i == count - 1 and year >= 1992
        names.append(name_entry(country, feature_type, i == stalin_at, fact(year, source_ids, r), r, present))
    later = [y for y in WAVE_YEARS if y > years[-1]]
    if feature_type == "station" and later and r.random() < 0.2:  # a closed station: its last name ended
        names[-1]["end"] = fact(r.choice(later), source_ids, r)
    return names


def monument(country: Country, source_ids, r: random.Random) -> tuple[list[dict], dict]:
    unveiled_year = r.randint(1926, 1953)
    unveiled = fact(unveiled_year, source_ids, r)
    name = {"name": MONUMENT_NAMES[country.lang], "lang": country.lang, "stalin": True, "state": country.state,
            "start": unveiled}
    name["latin"] = latin_of(name["name"]) if country.cyrillic else name["name"]
    if r.random() < 0.1:
        return [name], {"unveiled": unveiled, "removed": None, "fate": "standing"}
    removed_year = r.randint(1956, 1962) if r.random() < 0.75 else r.randint(1989, 1993)
    return [name], {"unveiled": unveiled, "removed": fact(removed_year, source_ids, r), "fate": r.choice(FATES)}


# ---------------------------------------------------------------- features


def sources(index: int, r: random.Random) -> list[dict]:
    count = 1 if r.random() < 0.75 else 2
    return [{"id": f"s{k}", "title": f"{r.choice(PUBLISHERS)}, {r.randint(1926, 2020)}",
             "url": f"https://example.org/t/{index}-{k}"} for k in range(1, count + 1)]


def feature(index: int, country: Country, lon: float, lat: float, r: random.Random) -> dict:
    srcs = sources(index, r)
    source_ids = [s["id"] for s in srcs]
    roll = r.random()
    props = {}
    if roll < 0.12:
        kind, feature_type = "monument", r.choice(("statue", "monument"))
        names, props["monument"] = monument(country, source_ids, r)
    elif roll < 0.15:
        kind, feature_type = "other", r.choice(OTHER_TYPES)
        names = [name_entry(country, feature_type, r.random() < 0.5, fact(r.randint(1930, 1990), source_ids, r), r)]
    else:
        kind, feature_type = "renamed_place", r.choice(RENAMED_TYPES)
        names = renamed_history(country, feature_type, source_ids, r)
    slug = "-".join(fold(names[-1]["latin"]).split())[:60] or "place"
    fid = f"{slug}-{index}"
    props = {
        "id": fid, "kind": kind, "feature_type": feature_type, "country": country.code,
        "description": f"Synthetic {feature_type.replace('_', ' ')}, benchmark data.",
        "names": names, **props, "sources": srcs,
    }
    if r.random() < 0.3:
        props["wikidata"] = f"Q{r.randint(1, 99_999_999)}"
    return {"type": "Feature", "id": fid, "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": props}


def generate(n: int, seed: int = 0) -> dict:
    """A valid FeatureCollection of n synthetic features; the same (n, seed) always gives the same layer."""
    rng = np.random.default_rng(seed)
    r = random.Random(seed)
    weights = np.array([c.weight for c in COUNTRIES])
    codes = rng.choice(np.array([c.code for c in COUNTRIES], dtype=object), size=n, p=weights / weights.sum())
    xs, ys = sample_points(codes, rng)
    by_code = {c.code: c for c in COUNTRIES}
    features = [feature(i, by_code[codes[i]], float(xs[i]), float(ys[i]), r) for i in range(n)]
    states_of_the_time(features)
    return {"type": "FeatureCollection", "features": features}


def states_of_the_time(features) -> None:
    """Give each dated name the state that held its point on its first day (geodata.borders), as the validator
    asks; names before the borders' start keep the generator's own state."""
    rows = []
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        for name in feature["properties"]["names"]:
            if name["start"] is not None:
                rows.append((name, feature["properties"]["country"], lon, lat, parse_date(name["start"]["date"]).first))
    held = borders.states_at(*zip(*[(c, x, y, d) for _, c, x, y, d in rows], strict=True)) if rows else []
    for (name, *_), state in zip(rows, held, strict=True):
        if state is not None and not borders.agrees(name["state"], state):
            name["state"] = state.short


def write(collection: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def cached_path(n: int, seed: int = 0) -> Path:
    return OUT / f"layer-n{n}-seed{seed}.geojson"


def ensure(n: int, seed: int = 0) -> Path:
    """The generated file for (n, seed) under bench/out/, written on first use."""
    path = cached_path(n, seed)
    if not path.exists():
        write(generate(n, seed), path)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of features")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="output file (default: the cache under bench/out/)")
    args = parser.parse_args(argv)
    path = write(generate(args.n, args.seed), args.out) if args.out else ensure(args.n, args.seed)
    print(f"{path} ({path.stat().st_size / 1e6:.1f} MB, {args.n} features, seed {args.seed})")


if __name__ == "__main__":
    main()
