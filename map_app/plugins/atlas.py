"""The atlas in the page (map_app/static/thaw/atlas.js): borders of the time, the places, the date.

Each element here only hands its data to the browser, once; the browser draws and restyles. The data goes into
the page as JSON that cannot end its script block ("</" never appears raw).
"""

import json

from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template


def script_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class _Text(Element):
    """Text that renders as itself."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs):
        return self.text


class _Script(MacroElement):
    """An element whose `script` macro is one call into atlas.js. streamlit-folium reads that macro directly;
    folium's own render would compile its output as a Jinja template (with 100,000 places inside, a third of
    a second), so here it is added as plain text instead."""

    def render(self, **kwargs):
        self.get_root().script.add_child(_Text(self._template.module.script(self, kwargs)), name=self.get_name())


def _call(text: str) -> Template:
    return Template("{% macro script(this, kwargs) %}" + text + "{% endmacro %}")


class AtlasAssets(JSCSSMixin, MacroElement):
    """The scripts the atlas needs, in the map's header: streamlit-folium loads header links only."""

    _template = Template("")
    default_js = [
        ("markercluster_js", "https://unpkg.com/leaflet.markercluster@1.5.3/dist/leaflet.markercluster.js"),
        ("thaw_time", "/app/static/thaw/time.js"),
        ("thaw_atlas", "/app/static/thaw/atlas.js"),
    ]
    default_css = [
        ("markercluster_css", "https://unpkg.com/leaflet.markercluster@1.5.3/dist/MarkerCluster.css"),
        ("markercluster_default_css", "https://unpkg.com/leaflet.markercluster@1.5.3/dist/MarkerCluster.Default.css"),
    ]


class Borders(_Script):
    """The states of every epoch (geodata.borders.borders_timeline, as JSON text) and the note on the map."""

    _template = _call("ThawAtlas.borders({{ this._parent.get_name() }}, {{ this.timeline_json }}, "
                      "{{ this.style_json }});")

    def __init__(self, style: dict, timeline_json: str):
        super().__init__()
        self._name = "Borders"
        self.style_json = json.dumps(style)
        self.timeline_json = timeline_json


class TimeMarkers(_Script):
    """One marker per place (map_app.timedata, as JSON text), styled by status from `styles`."""

    _template = _call("ThawAtlas.markers({{ this._parent.get_name() }}, {{ this.data_json }}, "
                      "{{ this.options_json }});")

    def __init__(self, data_json: str, styles: list, looks: dict, cluster: bool = True):
        super().__init__()
        self._name = "TimeMarkers"
        self.data_json = data_json
        self.options_json = script_json({"styles": styles, "looks": looks, "cluster": cluster})


class TimeView(_Script):
    """Set the atlas to a view the server sent: {day, from, to, label, selected} (days as ISO text)."""

    _template = _call("ThawAtlas.sent({{ this.state_json }});")

    def __init__(self, state: dict):
        super().__init__()
        self._name = "TimeView"
        self.state_json = script_json(state)


class TimeControl(_Script):
    """The in-map time machine controls: slider, exact day, play, speed, loop, moving window, search."""

    _template = _call("ThawAtlas.control({{ this._parent.get_name() }}, {{ this.options_json }});")

    def __init__(self, earliest: str, latest: str):
        super().__init__()
        self._name = "TimeControl"
        self.options_json = script_json({"earliest": earliest, "latest": latest})


class FollowSliders(_Script):
    """In the app: the map follows the page's date slider and events range slider while they move (a range
    slider's thumbs are labelled "<label> — start" and "<label> — end" by Streamlit)."""

    _template = _call("ThawAtlas.follow({{ this.labels_json }});")

    def __init__(self, day_label: str, period_label: str):
        super().__init__()
        self._name = "FollowSliders"
        self.labels_json = script_json({"day": day_label, "from": f"{period_label} — start",
                                        "to": f"{period_label} — end"})


class SyncMaps(_Script):
    """In the app: this map pans and zooms with the other maps of the page (two days side by side)."""

    _template = _call("ThawAtlas.sync({{ this._parent.get_name() }});")

    def __init__(self):
        super().__init__()
        self._name = "SyncMaps"
