import datetime as dt
import json
from pathlib import Path

import bibtexparser
import jsonschema
import numpy as np
import rispy

from geodata.bibliography import bibliography, references
from geodata.cli import main
from geodata.timeline import state_on

ACCESSED = dt.date(2026, 11, 29)
CSL_SCHEMA = json.loads((Path(__file__).parent / "csl" / "csl-items.schema.json").read_text(encoding="utf-8"))


def on_the_map(layer, day="1961-11-10"):
    return state_on(layer, day)["exists"].to_numpy(dtype=bool)


def source_urls(layer, mask):
    return {source.url for position in np.flatnonzero(mask) for source in layer.places[position].sources}


def test_the_csl_json_passes_the_schema_and_holds_every_source_once(bundled):
    mask = on_the_map(bundled)
    items = json.loads(bibliography(bundled, "csl", mask, ACCESSED))
    jsonschema.validate(items, CSL_SCHEMA)
    urls = [item["URL"] for item in items]
    assert len(urls) == len(set(urls))
    assert set(urls) == source_urls(bundled, mask)
    assert items[0]["accessed"] == {"date-parts": [[2026, 11, 29]]}


def test_the_bibtex_parses_and_holds_every_source_once(bundled):
    mask = on_the_map(bundled)
    entries = bibtexparser.loads(bibliography(bundled, "bibtex", mask, ACCESSED)).entries
    urls = [entry["url"] for entry in entries]
    assert len(urls) == len(set(urls)) and set(urls) == source_urls(bundled, mask)
    assert len({entry["ID"] for entry in entries}) == len(entries)
    assert all(entry["ENTRYTYPE"] == "misc" and entry["urldate"] == "2026-11-29" for entry in entries)


def test_the_ris_parses_and_holds_every_source_once(bundled):
    mask = on_the_map(bundled)
    records = rispy.loads(bibliography(bundled, "ris", mask, ACCESSED))
    urls = [url for record in records for url in record["urls"]]
    assert len(urls) == len(set(urls)) and set(urls) == source_urls(bundled, mask)
    assert all(record["type_of_reference"] == "ELEC" for record in records)


def test_a_source_cited_by_several_places_is_one_reference_naming_them_all(bundled):
    refs = references(bundled)
    by_url = {}
    for place in bundled.places:
        for source in place.sources:
            by_url.setdefault(source.url, set()).add(place.id)
    shared = next(url for url, ids in by_url.items() if len(ids) > 1)
    [ref] = [r for r in refs if r.url == shared]
    assert set(ref.places) == by_url[shared]
    assert len(refs) == len(by_url)


def test_bibtex_specials_in_a_title_are_escaped_and_the_entry_still_parses(bundled, collection_copy, tmp_path):
    from geodata.io import layer_from_collection

    feature = next(f for f in collection_copy["features"] if f["id"] == "volgograd")
    feature["properties"]["sources"][0]["title"] = r"50% of {Stalin} & co_ \ #1"
    layer = layer_from_collection({"type": "FeatureCollection", "features": [feature]}, "x")
    entries = bibtexparser.loads(bibliography(layer, "bibtex", None, ACCESSED)).entries
    assert len(entries) == len({s["url"] for s in feature["properties"]["sources"]})
    assert any(r"50\% of \{Stalin\} \& co\_ \textbackslash{} \#1" == e["title"] for e in entries)


def test_the_cli_writes_the_bibliography_of_the_map_of_a_day(tmp_path, bundled):
    out = tmp_path / "sources.ris"
    argv = ["bibliography", "--format", "ris", "--date", "1961-11-10", "--accessed", "2026-11-29", "--out", str(out)]
    assert main(argv) == 0
    urls = {url for record in rispy.loads(out.read_text(encoding="utf-8")) for url in record["urls"]}
    assert urls == source_urls(bundled, on_the_map(bundled))
