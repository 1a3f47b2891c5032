"""Offline assets: every JS/CSS file the map needs is shipped in map_app/static/vendor (npm packages, see
its MANIFEST.md); the borders come from geodata.borders.

Two ways to reference the files:
- "served": `/app/static/vendor/...`, served by Streamlit (`server.enableStaticServing`), for the app;
- "inline": file contents pasted into the page, for a standalone HTML file that opens offline.
"""

import base64
import re
from functools import cache
from pathlib import Path

STATIC = Path(__file__).parent / "static"
SERVED_PREFIX = "/app/static/"

# folium resource name -> file under static/ ; None = not needed by our maps, dropped
LOCAL = {
    "leaflet": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "jquery": None,  # only folium.Popup needs it, and our maps have none
    "markercluster_js": "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "markercluster_css": "vendor/leaflet.markercluster/MarkerCluster.css",
    "markercluster_default_css": "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    "Control.Fullscreen.js": "vendor/leaflet.fullscreen/Control.FullScreen.js",
    "thaw_time": "thaw/time.js",
    "thaw_atlas": "thaw/atlas.js",
    "Control.FullScreen.css": "vendor/leaflet.fullscreen/Control.FullScreen.css",
    "bootstrap": None,
    "bootstrap_css": None,
    "glyphicons_css": None,
    "awesome_markers": None,
    "awesome_markers_css": None,
    "awesome_markers_font_css": None,
    "awesome_rotate_css": None,
}


class AssetError(Exception):
    """A map element asks for a JS/CSS resource that is not vendored."""


def _local(resources):
    kept = []
    for name, url in resources:
        if name not in LOCAL:
            raise AssetError(f"no vendored file for {name!r} ({url}); add it to map_app/static/vendor and LOCAL")
        if LOCAL[name] is not None:
            kept.append((name, SERVED_PREFIX + LOCAL[name]))
    return kept


def localize(m, mode="served"):
    """Point every element's default JS/CSS at the vendored copies (mode 'cdn' leaves them as they are)."""
    if mode == "cdn":
        return m
    for element in _walk(m):
        if hasattr(element, "default_js"):
            element.default_js = _local(element.default_js)
        if hasattr(element, "default_css"):
            element.default_css = _local(element.default_css)
    return m


def bundle_scripts(m, publish):
    """One script for the map instead of five: streamlit-folium inserts a map's scripts one after another,
    each fetched only when the last has run, which cost a round trip each on the first map. The served files
    are joined in the order the page would run them and published under a name of their content; when that
    cannot be written, the map keeps its separate files."""
    elements = list(_walk(m))
    scripts = dict(pair for element in elements for pair in getattr(element, "default_js", ()))
    if not all(url.startswith(SERVED_PREFIX) for url in scripts.values()):
        return m
    address = publish(_joined(tuple(scripts.values())), suffix=".js")
    if address is None:
        return m
    for element in elements:
        if hasattr(element, "default_js"):
            element.default_js = []
    m.default_js = [("thaw_scripts", address)]
    return m


@cache
def _joined(urls: tuple[str, ...]) -> str:
    """The served files joined, made once: every rerun publishes the same text object, hashed once."""
    return ";\n".join(_read(url.removeprefix(SERVED_PREFIX)) for url in urls)


def _walk(element):
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


_SCRIPT = re.compile(r'<script src="' + re.escape(SERVED_PREFIX) + r'([^"]+)"></script>')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="' + re.escape(SERVED_PREFIX) + r'([^"]+)"\s*/?>')
_CSS_URL = re.compile(r"url\(['\"]?([^'\")]+\.(?:png|svg|gif))['\"]?\)")


def inline(html: str) -> str:
    """Replace every served asset reference in a page with the file's contents (images as data URIs). The
    references sit in the head; the body of a page of 100,000 places is 30 MB, which each pass over the whole
    page would copy again."""
    end = html.find("</head>")
    if end < 0 or html.find(SERVED_PREFIX, end) >= 0:
        return _inlined(html)
    head = html[:end]
    return html.replace(head, _inlined(head), 1)  # one copy of the page: the head is its first occurrence


def _inlined(html: str) -> str:
    html = _SCRIPT.sub(lambda m: "<script>" + _read(m.group(1)).replace("</script", "<\\/script") + "</script>", html)
    return _STYLESHEET.sub(lambda m: "<style>" + _css_with_images(m.group(1)) + "</style>", html)


@cache
def _read(relative: str) -> str:
    return (STATIC / relative).read_text(encoding="utf-8")


@cache
def _css_with_images(relative: str) -> str:
    folder = (STATIC / relative).parent

    def data_uri(match):
        image = folder / match.group(1)
        if not image.is_file():
            return match.group(0)
        kind = "svg+xml" if image.suffix == ".svg" else image.suffix[1:]
        return f"url(data:image/{kind};base64,{base64.b64encode(image.read_bytes()).decode()})"

    return _CSS_URL.sub(data_uri, _read(relative))
