"""The words a reader sees for one place: its tooltip and its popup (name history, dates, sources)."""

from geodata.schema import DatedFact, Place
from map_app.text import esc, link

FATES = {
    "toppled": "toppled",
    "blown_up": "blown up",
    "dismantled": "dismantled",
    "demolished": "demolished",
    "moved": "moved away",
    "standing": "still standing",
}


def fact_html(fact: DatedFact, sources: dict) -> str:
    """A date at its own precision, its sources as numbered links, and any date other sources give."""
    parts = [f"<b>{esc(fact.date.label())}</b>{_cite(fact.sources, sources)}"]
    if fact.note:
        parts.append(f' <span class="note">({esc(fact.note)})</span>')
    for alt in fact.alternatives:
        note = f": {esc(alt.note)}" if alt.note else ""
        parts.append(f'<br><span class="alt">disputed, also given as {esc(alt.date.label())}{note}'
                     f"{_cite(alt.sources, sources)}</span>")
    return "".join(parts)


def _cite(ids, sources: dict) -> str:
    marks = [f"<sup>{link(sources[i][1], f'[{sources[i][0]}]')}</sup>" for i in ids if i in sources]
    return "".join(marks)


def popup_html(place: Place) -> str:
    sources = {s.id: (n, s.url) for n, s in enumerate(place.sources, start=1)}
    rows = []
    for name in place.names:
        own = f' <span class="script">{esc(name.name)}</span>' if name.name != name.latin else ""
        mark = ' <span class="stalin">★ Stalin</span>' if name.stalin else ""
        when = fact_html(name.start, sources) if name.start else "earliest recorded name"
        end = f"<br>until {fact_html(name.end, sources)}" if name.end else ""
        rows.append(f"<li><b>{esc(name.latin)}</b>{own}{mark}<br>{when}{end}"
                    f'<br><span class="state">{esc(name.state)}</span></li>')
    parts = [
        f'<div class="thaw-popup"><h4>{esc(place.present_name.latin)}</h4>',
        f'<div class="meta">{esc(place.feature_type.replace("_", " "))} · {esc(place.country)}</div>',
        f"<p>{esc(place.description)}</p>",
    ]
    if place.monument:
        m = place.monument
        parts.append(f"<p>Unveiled {fact_html(m.unveiled, sources)}")
        if m.removed:
            parts.append(f"<br>{esc(FATES[m.fate]).capitalize()} {fact_html(m.removed, sources)}")
        parts.append("</p>")
    parts.append(f'<ol class="names">{"".join(rows)}</ol>')
    sources_html = "".join(f"<li>{link(s.url, s.title)}</li>" for s in place.sources)
    parts.append(f'<div class="sources">Sources<ol>{sources_html}</ol></div>')
    if place.wikidata:
        wikidata = link("https://www.wikidata.org/wiki/" + place.wikidata, "Wikidata " + place.wikidata)
        parts.append(f"<div>{wikidata}</div>")
    parts.append("</div>")
    return "".join(parts)


def monument_tooltip(place: Place) -> str:
    """'Stalin monument — blown up Nov 1962': a monument's tooltip, the same on every date."""
    m = place.monument
    if m.removed:
        return f"{esc(place.present_name.latin)} — {esc(FATES[m.fate])} {esc(m.removed.date.label())}"
    return f"{esc(place.present_name.latin)} — unveiled {esc(m.unveiled.date.label())}"


def tooltip_text(place: Place, latin_on_date: str, status: str) -> str:
    """'Stalingrad — Volgograd from 10 Nov 1961'; 'Volgograd (since 10 Nov 1961)' when the names agree."""
    present = place.present_name
    if place.monument:
        return monument_tooltip(place)
    since = present.start.date.label() if present.start else None
    if latin_on_date == present.latin:
        return esc(present.latin) + (f" (since {esc(since)})" if since else "")
    return f"{esc(latin_on_date)} — {esc(present.latin)}" + (f" from {esc(since)}" if since else "")
