"""'Cite this view': a citation of what the map shows, in a few common styles, as pure functions.

A citation names the view's date and filters, the data version (geodata/data/CHANGELOG.md), the day of access
and the address that opens the same view (its URL keys are map_app.view's).
"""

import datetime as dt
from urllib.parse import urlencode

from map_app.view import View, to_query

PUBLISHER = "Thaw Atlas"
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def view_url(base: str, view: View) -> str:
    """The address that opens this view: the app's address without its query, and the view's own."""
    query = urlencode(to_query(view))
    return base.split("?")[0] + ("?" + query if query else "")


def title(view: View) -> str:
    heading = f"De-Stalinization on {view.date.day} {view.date:%B %Y}"
    return heading + (f" ({'; '.join(view.filters_text)})" if view.filters_text else "")


def citations(view: View, url: str, accessed: dt.date, version: str) -> dict[str, str]:
    """The view cited in APA, Chicago and MLA style (author-date and notes-bibliography forms of a web map)."""
    name = title(view)
    return {
        "APA": f"{PUBLISHER}. ({accessed.year}). {name} [Interactive map; data version {version}]. "
               f"Retrieved {accessed.day} {accessed:%B %Y}, from {url}",
        "Chicago": f"{PUBLISHER}. “{name}.” Interactive map, data version {version}. "
                   f"Accessed {accessed:%B} {accessed.day}, {accessed.year}. {url}.",
        "MLA": f"“{name}.” {PUBLISHER}, data version {version}, {url}. "
               f"Accessed {accessed.day} {MLA_MONTHS[accessed.month - 1]} {accessed.year}.",
    }
