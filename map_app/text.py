"""Escaping of every text that comes from data, and the reader's words for dates and names.

Folium escapes nothing (see STACK-NOTES): tooltips land in JavaScript template literals and popups in
innerHTML. So every data text goes through `esc` exactly once: HTML escaping plus entities for the three
characters that matter inside template literals (backtick, dollar, backslash).
"""

import html
from urllib.parse import urlparse

_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def esc(text) -> str:
    """HTML-escape a data text for any place in a page, template literals included."""
    return html.escape(str(text), quote=True).translate(_TEMPLATE_LITERAL)


def safe_url(url: str) -> str | None:
    """The URL if it is an http(s) address, else None (no javascript:, data:, relative links)."""
    parsed = urlparse(str(url).strip())
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return str(url).strip()
    return None


def link(url: str, label: str) -> str:
    """An escaped link that opens in a new tab, or the escaped label alone when the URL is not http(s)."""
    target = safe_url(url)
    if target is None:
        return esc(label)
    return f'<a href="{esc(target)}" target="_blank" rel="noopener noreferrer">{esc(label)}</a>'


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$:&"})


def plain(text) -> str:
    """A data text for a Streamlit widget label (rendered as Markdown): every Markdown character escaped."""
    return str(text).translate(_MARKDOWN)
