"""Linked Places TSV v0.4, the table the World Historical Gazetteer takes (written only)."""

import csv
import io

from geodata.formats.lpf import plain_iso
from geodata.formats.selection import chosen
from geodata.layer import Layer
from geodata.schema import DatedFact

LPTSV_COLUMNS = ("id", "title", "title_source", "title_uri", "ccodes", "matches", "variants", "types", "lon",
                 "lat", "start", "end", "description")


def _tsv_date(fact: DatedFact, interval=True) -> str:
    """A date as LP-TSV writes it: the EDTF text for a plain day, month or year, else its interval of days.

    The gazetteer's table schema accepts no interval in `end` (its pattern has a typo), so there an imprecise
    date within one year is written as that year, and a wider one as its first day.
    """
    date = fact.date
    if plain_iso(date):
        return date.text
    if interval:
        return f"{date.first.isoformat()}/{date.last.isoformat()}"
    return str(date.first.year) if date.first.year == date.last.year else date.first.isoformat()


def _lptsv_row(layer: Layer, position: int) -> dict:
    place = layer.places[position]
    facts = [n.start for n in place.names if n.start] + [n.end for n in place.names if n.end]
    if place.monument:
        facts += [place.monument.unveiled] + ([place.monument.removed] if place.monument.removed else [])
    first = min(facts, key=lambda f: f.date.first)  # the earliest date the sources attest for the place
    last = place.monument.removed if place.monument else place.names[-1].end
    present = place.present_name
    by_id = {s.id: s for s in place.sources}
    source = by_id[present.start.sources[0]] if present.start else place.sources[0]
    variants = []
    for name in place.names:
        variants.append(f"{name.name}@{name.lang}")
        if name.latin != name.name:
            variants.append(f"{name.latin}@{name.lang}-Latn")
    return {
        "id": place.id, "title": present.latin, "title_source": source.title, "title_uri": source.url,
        "ccodes": place.country, "matches": f"wd:{place.wikidata}" if place.wikidata else "",
        "variants": ";".join(v for v in dict.fromkeys(variants) if v.split("@")[0] != present.latin),
        "types": place.feature_type.replace("_", " "),
        "lon": layer.features["lon"].iat[position], "lat": layer.features["lat"].iat[position],
        "start": _tsv_date(first), "end": _tsv_date(last, interval=False) if last else "",
        "description": place.description,
    }


def to_lptsv(layer: Layer, mask=None, day=None) -> str:
    """Linked Places TSV (v0.4), the World Historical Gazetteer's simpler upload format: one row per place with
    every name as a variant; `start` is the earliest date the sources attest for the place. (No state on a day:
    the format has no column for it.)"""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LPTSV_COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    for position in chosen(layer, mask):
        writer.writerow({key: _tsv_cell(value) for key, value in _lptsv_row(layer, position).items()})
    return out.getvalue()


def _tsv_cell(value):
    """Tabs and line breaks inside a text would break the row."""
    return " ".join(value.split()) if isinstance(value, str) else value
