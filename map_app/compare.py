"""Two dates side by side: the map of each day, stamped with its date, and under them what changed between the
two days (every renaming, unveiling and removal after the first day up to the second, for the view's filters).
"""

import base64
import dataclasses
import datetime as dt

import pandas as pd

from geodata.layer import Layer
from map_app.snapshot import IMAGES_READY_JS, Renderer, Snapshot, render_png
from map_app.tables import period_events
from map_app.text import esc
from map_app.view import View

COLUMNS = 3  # of the list of changes
LINE_PX = 19  # height of one change in that list
HEADING_PX = 64
EVENT_WORDS = {"named": "named", "renamed": "renamed", "unveiled": "unveiled", "removed": "removed"}

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title><style>
body {{ margin: 0; font: 13px sans-serif; color: #222; background: #fff; }}
.maps {{ display: flex; }} .maps img {{ width: 50%; display: block; }}
h2 {{ font-size: 17px; margin: 14px 16px 8px; }}
ol {{ columns: {columns}; column-gap: 24px; margin: 0 16px; padding-left: 22px; }}
li {{ line-height: {line}px; break-inside: avoid; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.when {{ color: #666; }} .removed {{ color: #b00; }} .renamed {{ color: #0b5394; }} .unveiled {{ color: #6a1b9a; }}
</style></head><body>
<div class="maps"><img alt="{first}" src="data:image/png;base64,{left}">
<img alt="{second}" src="data:image/png;base64,{right}"></div>
<h2>{count} changes after {first} up to {second}</h2>
<ol>{items}</ol>
</body></html>
"""


def changes(layer: Layer, before: View, after: View) -> pd.DataFrame:
    """The events after `before`'s day up to `after`'s day, for `before`'s filters (see tables.period_events)."""
    period = (before.date + dt.timedelta(days=1), after.date)
    return period_events(layer, dataclasses.replace(before, period=period))


def _item(row) -> str:
    what = f"{esc(row['from'])} → {esc(row['to'])}" if row["from"] and row["to"] else esc(row["to"] or row["from"])
    event = EVENT_WORDS.get(row["event"], esc(row["event"]))
    return (f'<li class="{event}"><span class="when">{esc(row["date"])}</span> {event}: {what} '
            f'<span class="when">({esc(row["place"])})</span></li>')


def compare_page(first_png: bytes, second_png: bytes, before: View, after: View, events: pd.DataFrame) -> str:
    first, second = f"{before.date:%-d %B %Y}", f"{after.date:%-d %B %Y}"
    return PAGE.format(
        title=esc(f"Thaw Atlas · {first} and {second}"), columns=COLUMNS, line=LINE_PX, first=esc(first),
        second=esc(second), left=base64.b64encode(first_png).decode(), right=base64.b64encode(second_png).decode(),
        count=len(events), items="".join(_item(row) for _, row in events.iterrows()))


def page_height(map_height: int, events: int) -> int:
    rows = -(-events // COLUMNS)  # ceiling
    return map_height + HEADING_PX + rows * LINE_PX + 24


def render_compare(renderer: Renderer, layer: Layer, before: View, after: View, width: int, map_height: int) -> bytes:
    """The PNG: the two maps side by side, each half of `width` by `map_height`, and the changes under them."""
    half = width // 2
    first, second = (render_png(renderer, layer, Snapshot(view, half, map_height)) for view in (before, after))
    events = changes(layer, before, after)
    html = compare_page(first, second, before, after, events)
    return renderer.png(html, 2 * half, page_height(map_height, len(events)), ready=IMAGES_READY_JS)
