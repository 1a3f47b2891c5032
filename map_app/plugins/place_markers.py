"""Circle markers for places, labelled with their names on the map date.

The marker table is built (and every text escaped) in Python and shipped as one set of JSON columns, with
the marker styles as a small table of their own; this element only draws them, which is far cheaper than
one folium object per marker. Two levels of detail:
- detailed (a table with `popup`): clustered where markers crowd, permanent labels that make way for one
  another (Stalin-named and highlighted places first), tooltips and popups;
- compact (large layers): canvas-drawn markers with the label as a hover tooltip only.
"""

import json

from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geodata.timeline import SHOWN_STATUSES, STALIN_NAME, STANDING
from map_app.style import LOOKS


class PlaceMarkers(MacroElement):
    """Its scripts come with MarkerAssets, which the base map carries."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var d = {{ this.columns_json }};
            var styles = {{ this.styles_json }};
            var statuses = {{ this.statuses_json }};
            var looks = {{ this.looks_json }};
            var first = {{ this.first_json }};
            var detailed = "popup" in d;
            var group = detailed && {{ "true" if this.cluster else "false" }}
                ? L.markerClusterGroup({maxClusterRadius: 24, showCoverageOnHover: false, iconCreateFunction: ring})
                : L.featureGroup();

            // A cluster shows the mix of statuses it holds: a ring cut in their colours, the count inside.
            function ring(cluster) {
                var counts = {};
                cluster.getAllChildMarkers().forEach(function(m) {
                    counts[m.options.thawStatus] = (counts[m.options.thawStatus] || 0) + 1;
                });
                var total = cluster.getChildCount();
                var size = total < 10 ? 30 : total < 100 ? 36 : 44;
                var r = size / 2 - 4, length = 2 * Math.PI * r, done = 0, arcs = "", parts = [];
                statuses.forEach(function(s) {
                    if (!counts[s]) { return; }
                    var share = counts[s] / total * length;
                    arcs += '<circle cx="' + size / 2 + '" cy="' + size / 2 + '" r="' + r + '" fill="none" stroke="'
                        + looks[s].fill + '" stroke-width="7" stroke-dasharray="' + share + " " + length
                        + '" stroke-dashoffset="' + (-done) + '" transform="rotate(-90 ' + size / 2 + " " + size / 2
                        + ')"/>';
                    done += share;
                    parts.push(s + ":" + counts[s]);
                });
                var title = total + " places: " + parts.map(function(p) {
                    var kv = p.split(":");
                    return kv[1] + " " + looks[kv[0]].label.toLowerCase();
                }).join(", ");
                var html = '<svg width="' + size + '" height="' + size + '" data-statuses="' + parts.join(",")
                    + '"><title>' + title + '</title><circle cx="' + size / 2 + '" cy="' + size / 2 + '" r="'
                    + (r - 3) + '" fill="#fff"/>' + arcs + '<text x="50%" y="50%" text-anchor="middle" '
                    + 'dominant-baseline="central" font-size="12" font-family="sans-serif" font-weight="bold">'
                    + total + "</text></svg>";
                return L.divIcon({html: html, className: "thaw-cluster", iconSize: [size, size]});
            }
            var canvas = detailed ? null : L.canvas({padding: 0.5});
            var selected = null;
            d.lat.forEach(function(lat, i) {
                var options = Object.assign({}, styles[d.style[i]]);
                options.thawStatus = statuses[Math.floor(d.style[i] / 2)];
                options.className = "thaw-marker thaw-" + options.thawStatus;
                if (canvas) { options.renderer = canvas; }
                var marker = L.circleMarker([lat, d.lon[i]], options);
                if (!detailed) {
                    marker.bindTooltip(d.label[i], {direction: "right", offset: [8, 0], className: "thaw-label"});
                    group.addLayer(marker);
                    return;
                }
                var status = options.thawStatus;
                marker.options.thawRank = (d.style[i] % 2 ? 0 : 2) + (first.indexOf(status) >= 0 ? 0 : 1);
                marker.bindTooltip(d.label[i], {permanent: true, direction: "right", offset: [8, 0],
                                                className: "thaw-label thaw-" + status});
                marker.on("mouseover", function() {
                    marker.setTooltipContent(d.tooltip[i]);
                    marker.getTooltip().getElement().style.visibility = "";
                });
                marker.on("mouseout", function() { marker.setTooltipContent(d.label[i]); declutter(group._map); });
                marker.bindPopup(d.popup[i], {maxWidth: 360, maxHeight: 420});
                marker.options.thawId = d.id[i];
                group.addLayer(marker);
                if (d.id[i] === {{ this.selected_json }}) { selected = marker; }
            });

            // Permanent labels make way for one another and never sit on another place's marker or cluster:
            // higher-ranked labels are placed first.
            function declutter(map) {
                if (!map) { return; }
                map._thawGroups = (map._thawGroups || []).filter(function(g) { return g._map === map; });
                var kept = [];
                map._thawGroups.forEach(function(g) {
                    g.eachLayer(function(m) { if (m.getTooltip && m.getTooltip()) { kept.push(m); } });
                });
                var container = map.getContainer();
                var obstacles = Array.prototype.map.call(
                    container.querySelectorAll("path.thaw-marker, .thaw-cluster"),
                    function(e) { return {element: e, rect: e.getBoundingClientRect()}; });
                function overlaps(r, p) {
                    return r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top;
                }
                var placed = [];
                kept.filter(function(m) { return m.getTooltip().getElement(); })
                    .sort(function(a, b) { return a.options.thawRank - b.options.thawRank; })
                    .forEach(function(m) {
                        var element = m.getTooltip().getElement();
                        element.style.visibility = "";
                        var r = element.getBoundingClientRect();
                        var clash = placed.some(function(p) { return overlaps(r, p); }) ||
                            obstacles.some(function(o) { return o.element !== m._path && overlaps(r, o.rect); });
                        if (clash) { element.style.visibility = "hidden"; } else { placed.push(r); }
                    });
            }
            if (detailed) {
                group.on("add", function() {
                    var map = group._map;
                    map._thawGroups = (map._thawGroups || []).concat([group]);
                    if (!map._thawDeclutter) {
                        map._thawDeclutter = function() { declutter(map); };
                        map.on("zoomend moveend", map._thawDeclutter);
                    }
                    if (L.MarkerClusterGroup && group instanceof L.MarkerClusterGroup) {
                        group.on("animationend", map._thawDeclutter);  // clusters redrawn after a zoom
                    }
                    map._thawDeclutter();
                });
            }
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
    def __init__(self, table, styles, cluster=True, selected=None):
        """`table`: map_app.mapview.marker_table rows; `styles`: Leaflet options indexed by its `style`."""
        super().__init__()
        self._name = "PlaceMarkers"
        columns = ["lat", "lon", "style", "label"] + [c for c in ("id", "tooltip", "popup") if c in table]
        data = {column: table[column].tolist() for column in columns}
        self.columns_json = _script_json(data)
        self.styles_json = _script_json(styles)
        self.statuses_json = json.dumps(list(SHOWN_STATUSES))
        self.looks_json = _script_json({s: {"fill": LOOKS[s].fill, "label": LOOKS[s].label} for s in SHOWN_STATUSES})
        self.first_json = json.dumps([STALIN_NAME, STANDING])
        self.cluster = cluster
        self.selected_json = _script_json(selected)

    def render(self, **kwargs):
        """As MacroElement.render, but the script is added as plain text. branca would compile it as a
        Jinja template, and with the data inside that costs a third of a second for 100,000 markers."""
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(Text(script), name=self.get_name())


class Text(Element):
    """Text that renders as itself."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs):
        return self.text


def _script_json(value) -> str:
    """JSON that cannot end the script block it sits in ("</" never appears raw)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class MarkerAssets(JSCSSMixin, MacroElement):
    """The scripts PlaceMarkers needs, for a map's header.

    streamlit-folium loads the script links of the map's header only, so a map whose markers arrive later
    through `feature_group_to_add` must carry these from the start.
    """

    default_js = [("markercluster_js", "https://unpkg.com/leaflet.markercluster@1.5.3/dist/leaflet.markercluster.js")]
    default_css = [
        ("markercluster_css", "https://unpkg.com/leaflet.markercluster@1.5.3/dist/MarkerCluster.css"),
        ("markercluster_default_css", "https://unpkg.com/leaflet.markercluster@1.5.3/dist/MarkerCluster.Default.css"),
    ]
