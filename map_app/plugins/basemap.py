"""The offline basemap: country borders drawn in a pane of their own, under every marker.

In the app the borders are a static file the browser fetches once and caches, so the map that Streamlit
sends on every rerun stays small; a standalone page carries them inline, since a file opened from disk
cannot fetch.
"""

import json

from branca.element import MacroElement
from jinja2 import Template


class Basemap(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            if (!map.getPane("thaw-basemap")) {
                map.createPane("thaw-basemap").style.zIndex = 350;  // above tiles (200), below markers (400)
            }
            function draw(data) {
                L.geoJSON(data, {style: {{ this.style_json }}, interactive: false, pane: "thaw-basemap"}).addTo(map);
            }
            {% if this.url %}
            fetch({{ this.url_json }}).then(function(r) { return r.json(); }).then(draw);
            {% else %}
            draw({{ this.data_json }});
            {% endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(self, style: dict, url: str | None = None, data: dict | None = None):
        """Give the `url` of the borders' GeoJSON (fetched by the browser) or the `data` itself."""
        super().__init__()
        self._name = "Basemap"
        self.style_json = json.dumps(style)
        self.url = url
        self.url_json = json.dumps(url)
        self.data_json = json.dumps(data, separators=(",", ":")).replace("</", "<\\/") if data is not None else ""
