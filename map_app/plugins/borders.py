"""The borders of the map date: the states, drawn in a pane of their own under every marker, each named (USSR,
GDR, ČSSR …) at the zooms where its name fits inside it, and a note on the map saying what the borders can and
cannot show for that day.

The element lives in a FeatureGroup of its own, so the app hands it to streamlit-folium with the markers
(`feature_group_to_add`): a new border epoch replaces the group, and the map itself (its zoom and centre) stays.
"""

import json

from branca.element import MacroElement
from jinja2 import Template

LABEL_PX_PER_CHARACTER = 7  # a state's name is shown when its territory is at least this wide per letter


class Borders(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var group = {{ this._parent.get_name() }};
            var data = {{ this.data_json }};
            var notes = {{ this.notes_json }};
            var labels = L.layerGroup();
            var note = L.control({position: "bottomleft"});
            note.onAdd = function() {
                var box = L.DomUtil.create("div", "thaw-note");
                notes.forEach(function(line, i) {
                    var row = L.DomUtil.create("div", i ? "thaw-caveat" : "", box);
                    row.textContent = line;  // text, never HTML
                });
                return box;
            };
            function fitting() {
                var map = group._map;
                if (!map) { return; }
                labels.eachLayer(function(label) {
                    var b = label.thawBox;
                    var west = map.latLngToContainerPoint([b[1], b[0]]);
                    var east = map.latLngToContainerPoint([b[3], b[2]]);
                    label.getElement().style.display =
                        Math.abs(east.x - west.x) >= label.thawWidth ? "" : "none";
                });
            }
            function draw() {
                var map = group._map;
                if (!map.getPane("thaw-basemap")) {
                    map.createPane("thaw-basemap").style.zIndex = 350;  // above tiles (200), below markers (400)
                    var names = map.createPane("thaw-state-names");
                    names.style.zIndex = 380;
                    names.style.pointerEvents = "none";
                }
                L.geoJSON(data, {style: {{ this.style_json }}, interactive: false, pane: "thaw-basemap"})
                    .addTo(group);
                data.features.forEach(function(f) {
                    var p = f.properties;
                    var text = document.createElement("span");
                    text.textContent = p.short;
                    var label = L.marker([p.label_point[1], p.label_point[0]], {
                        pane: "thaw-state-names", interactive: false, keyboard: false,
                        icon: L.divIcon({className: "thaw-state-name", html: text, iconSize: null})
                    });
                    label.thawBox = p.bbox;
                    label.thawWidth = p.short.length * {{ this.px_per_character }};
                    labels.addLayer(label);
                });
                labels.addTo(group);
                note.addTo(map);
                map.on("zoomend", fitting);
                group.once("remove", function() { map.off("zoomend", fitting); note.remove(); });
                fitting();
            }
            if (group._map) { draw(); } else { group.once("add", draw); }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, style: dict, data_json: str, notes):
        """`data_json`: the states as a GeoJSON FeatureCollection (geodata.borders.borders_geojson), as JSON text;
        `notes`: the lines printed on the map (the borders' scope, then the day's caveat if any)."""
        super().__init__()
        self._name = "Borders"
        self.style_json = json.dumps(style)
        self.data_json = data_json
        self.notes_json = json.dumps(list(notes)).replace("</", "<\\/")
        self.px_per_character = LABEL_PX_PER_CHARACTER
