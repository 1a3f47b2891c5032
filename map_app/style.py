"""How each status looks on the map, declared once: markers, legend and snapshots all read this table."""

from dataclasses import dataclass

from geodata.timeline import NOT_YET, REMOVED, RENAMED, STALIN_NAME, STANDING


@dataclass(frozen=True)
class Look:
    label: str  # legend text
    fill: str
    stroke: str
    radius: int
    dash: str | None = None
    fill_opacity: float = 0.9


LOOKS = {
    STALIN_NAME: Look("Bears Stalin's name", fill="#d7191c", stroke="#7a0c0e", radius=8),
    RENAMED: Look("Stalin's name removed", fill="#2b83ba", stroke="#12405c", radius=7),
    NOT_YET: Look("Not (yet) named after Stalin", fill="#e0e0e0", stroke="#8c8c8c", radius=5, dash="3 3"),
    STANDING: Look("Stalin monument standing", fill="#7b1fa2", stroke="#3c0d52", radius=8),
    REMOVED: Look("Monument removed", fill="#ffffff", stroke="#3c0d52", radius=7, dash="4 3", fill_opacity=1.0),
}
HIGHLIGHT = {"color": "#ff8c00", "weight": 4}  # features with an event in the chosen period
NORMAL_WEIGHT = 1.5

BASEMAP_STYLE = {"fillColor": "#f4f1e8", "color": "#8f8a7e", "weight": 0.8, "fillOpacity": 1.0}
BORDERS_OVER_TILES_STYLE = {"fill": False, "color": "#6b665c", "weight": 1.2}
SEA_COLOUR = "#cfe3ef"

DATA_ATTRIBUTION = "Data: Thaw Atlas, sources in each popup"
OFFLINE_ATTRIBUTION = "Borders: Natural Earth; Berlin: Amt für Statistik Berlin-Brandenburg (CC BY)"
