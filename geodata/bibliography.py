"""The sources of a selection of places as a bibliography: CSL-JSON, BibTeX and RIS.

A source is one address: the same page cited by several places (or under two ids in one place) is one
reference, listed once, with the places that cite it in its note. References come in the order of their
titles, so a bibliography of the same selection is the same text every time.
"""

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

import numpy as np

from geodata.layer import Layer

BIBLIOGRAPHY_FORMATS = {"csl": "csl.json", "bibtex": "bib", "ris": "ris"}  # format -> file suffix
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&#$_^~])")


@dataclass(frozen=True)
class Reference:
    key: str  # stable: made from the address
    title: str
    url: str
    places: tuple[str, ...]  # ids of the places that cite it


def references(layer: Layer, mask=None) -> list[Reference]:
    """Every source of the chosen places (None = all), once per address."""
    positions = np.arange(len(layer)) if mask is None else np.flatnonzero(mask)
    titles, cited_by = {}, {}
    for position in positions:
        place = layer.places[position]
        for source in place.sources:
            titles.setdefault(source.url, source.title)
            cited_by.setdefault(source.url, []).append(place.id)
    refs = [Reference(_key(url), titles[url], url, tuple(dict.fromkeys(cited_by[url]))) for url in titles]
    return sorted(refs, key=lambda r: (r.title.casefold(), r.url))


def _key(url: str) -> str:
    return "thaw-" + hashlib.sha1(url.encode()).hexdigest()[:12]


def _cited_for(ref: Reference) -> str:
    return "Cited in Thaw Atlas for: " + ", ".join(ref.places)


def to_csl_json(refs: list[Reference], accessed: dt.date) -> str:
    """CSL-JSON (citeproc, Zotero, Pandoc): each reference a `webpage` with its address and the day accessed."""
    items = [{"id": r.key, "type": "webpage", "title": r.title, "URL": r.url,
              "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]}, "note": _cited_for(r)}
             for r in refs]
    return json.dumps(items, ensure_ascii=False, indent=1)


def _bibtex_text(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: "\\textbackslash{}" if m[1] == "\\" else "\\" + m[1], text)


def to_bibtex(refs: list[Reference], accessed: dt.date) -> str:
    """BibTeX (`@misc` with `url` and `urldate`, as biblatex reads them); text in UTF-8, specials escaped."""
    entries = []
    for r in refs:
        entries.append("\n".join([
            f"@misc{{{r.key},",
            f"  title = {{{_bibtex_text(r.title)}}},",
            f"  url = {{{r.url}}},",
            f"  urldate = {{{accessed.isoformat()}}},",
            f"  note = {{{_bibtex_text(_cited_for(r))}}}",
            "}",
        ]))
    return "\n\n".join(entries) + "\n"


def to_ris(refs: list[Reference], accessed: dt.date) -> str:
    """RIS (EndNote, Zotero, Mendeley): each reference an `ELEC` record with its address and access date."""
    records = []
    for r in refs:
        records.append("\n".join([
            "TY  - ELEC",
            f"ID  - {r.key}",
            f"TI  - {_one_line(r.title)}",
            f"UR  - {r.url}",
            f"Y2  - {accessed.strftime('%Y/%m/%d')}",
            f"N1  - {_one_line(_cited_for(r))}",
            "ER  - ",
        ]))
    return "\n".join(records) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


WRITERS = {"csl": to_csl_json, "bibtex": to_bibtex, "ris": to_ris}


def bibliography(layer: Layer, fmt: str, mask=None, accessed: dt.date | None = None) -> str:
    """The sources of the chosen places in one of BIBLIOGRAPHY_FORMATS, accessed on `accessed` (today)."""
    return WRITERS[fmt](references(layer, mask), accessed or dt.date.today())
