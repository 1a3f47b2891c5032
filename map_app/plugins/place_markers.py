"""Circle markers for places, clustered where they crowd, each labelled with its name on the map date.

The rows are built (and every text escaped) in Python; this element only ships them as one JSON array and
draws them, which is far cheaper than one folium object per marker.
"""

import json

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template


class PlaceMarkers(JSCSSMixin, MacroElement):
    """Rows: dicts with id, lat, lon, style (Leaflet path options), label, tooltip, popup (all escaped HTML)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var rows = {{ this.rows_json }};
            var group = {{ "L.markerClusterGroup({maxClusterRadius: 30, showCoverageOnHover: false})"
                           if this.cluster else "L.featureGroup()" }};
            var selected = null;
            rows.forEach(function(r) {
                var marker = L.circleMarker([r.lat, r.lon], r.style);
                marker.bindTooltip(r.label, {permanent: true, direction: "right", offset: [8, 0],
                                             className: "thaw-label thaw-" + r.status});
                marker.on("mouseover", function() { marker.setTooltipContent(r.tooltip); });
                marker.on("mouseout", function() { marker.setTooltipContent(r.label); });
                marker.bindPopup(r.popup, {maxWidth: 360, maxHeight: 420});
                marker.options.thawId = r.id;
                group.addLayer(marker);
                if (r.id === {{ this.selected_json }}) { selected = marker; }
            });
            group.addTo({{ this._parent.get_name() }});
            function openSelected() {
                if (group.zoomToShowLayer) { group.zoomToShowLayer(selected, function() { selected.openPopup(); }); }
                else { selected.openPopup(); }
            }
            // the parent group may reach the map only after this script (streamlit-folium adds it later)
            if (selected) { if (group._map) { openSelected(); } else { group.once("add", openSelected); } }
        })();
        {% endmacro %}
        """
    )
    default_js = [("markercluster_js", "https://unpkg.com/leaflet.markercluster@1.5.3/dist/leaflet.markercluster.js")]
    default_css = [
        ("markercluster_css", "https://unpkg.com/leaflet.markercluster@1.5.3/dist/MarkerCluster.css"),
        ("markercluster_default_css", "https://unpkg.com/leaflet.markercluster@1.5.3/dist/MarkerCluster.Default.css"),
    ]

    def __init__(self, rows, cluster=True, selected=None):
        super().__init__()
        self._name = "PlaceMarkers"
        # "</" cannot close the script block: data texts are escaped already, this guards our own markup
        self.rows_json = json.dumps(rows, ensure_ascii=False).replace("</", "<\\/")
        self.cluster = cluster
        self.selected_json = json.dumps(selected)


class MarkerAssets(JSCSSMixin, MacroElement):
    """Only the scripts PlaceMarkers needs, for a map's header.

    streamlit-folium loads the script links of the map's header only, so a map whose markers arrive later
    through `feature_group_to_add` must carry these from the start.
    """

    default_js = PlaceMarkers.default_js
    default_css = PlaceMarkers.default_css
