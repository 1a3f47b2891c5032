"""Spot checks of the bundled layer: dated facts with the sentence of the source they rest on.

Each entry of `spot_checks/*.json` names a feature, a fact (`names[2].start`, `monument.removed`, ...), its
date, a source address the feature cites for it and the sentence of that source, verbatim, that states the
date. A reviewer opens the address and finds the sentence; this test keeps the data and the entries in step.
"""

import json
import re
from pathlib import Path

import pytest

ENTRIES = [
    entry for path in sorted((Path(__file__).parent / "spot_checks").glob("*.json"))
    for entry in json.loads(path.read_text(encoding="utf-8"))
]
_FACT = re.compile(r"^(?:names\[(\d+)\]\.(start|end)|monument\.(unveiled|removed))$")


def fact_of(properties: dict, path: str) -> dict:
    match = _FACT.match(path)
    assert match, f"unknown fact {path!r}"
    index, which, monument_fact = match.groups()
    if monument_fact:
        return properties["monument"][monument_fact]
    return properties["names"][int(index)][which]


def test_there_are_at_least_thirty_spot_checks_across_categories(bundled):
    assert len(ENTRIES) >= 30
    types = {bundled.place(e["feature"]).feature_type for e in ENTRIES}
    assert len(types) >= 6, types


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e['feature']}:{e['fact']}" for e in ENTRIES])
def test_the_spot_checked_date_is_the_one_in_the_data_and_cites_the_source(entry, bundled_collection):
    feature = next(f for f in bundled_collection["features"] if f["id"] == entry["feature"])
    props = feature["properties"]
    fact = fact_of(props, entry["fact"])
    urls = {s["id"]: s["url"] for s in props["sources"]}
    dates = {fact["date"]: fact["sources"], **{a["date"]: a["sources"] for a in fact.get("alternatives", ())}}
    assert entry["date"] in dates, f"{entry['date']} is not the date of {entry['fact']}: {fact['date']}"
    assert entry["source_url"] in {urls[s] for s in dates[entry["date"]]}
    assert len(entry["quote"]) > 20
