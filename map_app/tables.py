"""The tables and chart data shown beside the map, as pure functions of a layer and a view."""

import altair as alt
import numpy as np
import pandas as pd

from geodata import countries
from geodata.layer import Layer
from geodata.timeline import events_between, events_per_year, state_on
from map_app.mapview import visible_mask
from map_app.style import LOOKS
from map_app.view import View

KIND_WORDS = {"renamed_place": "renamed place", "monument": "monument", "other": "other site"}
EVENT_COLOURS = {"named": "#bdbdbd", "renamed": "#2b83ba", "unveiled": "#7b1fa2", "removed": "#d7191c"}


def search_label(place) -> str:
    """'Volgograd (Tsaritsyn, Stalingrad, Volgograd), city, RU': the present name, every name it bore, and what
    and where it is (a city and its railway station bore the same names)."""
    names = ", ".join(n.latin for n in place.names)
    return f"{place.present_name.latin} ({names}), {place.feature_type.replace('_', ' ')}, {place.country}"


def features_table(layer: Layer, view: View) -> pd.DataFrame:
    """The filtered features that exist on the map date, with their name and status then (for st.dataframe)."""
    state = state_on(layer, view.date)
    mask = visible_mask(layer, view) & state["exists"].to_numpy(dtype=bool)
    frame = layer.features[mask]
    country_names = countries.names()
    return pd.DataFrame(
        {
            f"name on {view.date.strftime('%-d %b %Y')}": state["latin"][mask].to_numpy(),
            "status": [LOOKS[s].label for s in state["status"][mask]],
            "present name": frame["present_name"].to_numpy(),
            "kind": [KIND_WORDS[k] for k in frame["kind"]],
            "type": [t.replace("_", " ") for t in frame["feature_type"]],
            "country": [country_names.get(c, c) for c in frame["country"]],
            "id": frame.index,  # hidden in the app; a click on a row selects the place by it
        }
    ).reset_index(drop=True)


def period_events(layer: Layer, view: View) -> pd.DataFrame:
    """Events of the filtered features inside the view's period, dates in their own precision."""
    events = events_between(layer, *view.period)
    mask = visible_mask(layer, view)
    events = events[mask[events["feature"].to_numpy()]]
    return pd.DataFrame(
        {
            "date": events["label"].to_numpy(),
            "event": events["event"].to_numpy(),
            "place": events["id"].to_numpy(),
            "from": events["from_name"].fillna("").to_numpy(),
            "to": events["to_name"].fillna("").to_numpy(),
            "disputed": np.where(events["disputed"].to_numpy(), "yes", ""),
        }
    )


def yearly_counts(layer: Layer, view: View) -> pd.DataFrame:
    """Events per year and type for the filtered features (all years), with whether each year is in the period."""
    mask = visible_mask(layer, view)
    events = layer.events[mask[layer.events["feature"].to_numpy()]]
    counts = events_per_year(events)
    a, b = view.period
    counts["in period"] = (counts["year"] >= a.year) & (counts["year"] <= b.year)
    return counts


def events_chart(counts: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(counts)
        .transform_filter(alt.datum.year >= 1920)
        .mark_bar(size=6)
        .encode(
            x=alt.X("year:Q", title="Year", scale=alt.Scale(domain=[1920, 2026]), axis=alt.Axis(format="d")),
            y=alt.Y("sum(count):Q", title="Events"),
            color=alt.Color("event:N", title="Event",
                            scale=alt.Scale(domain=list(EVENT_COLOURS), range=list(EVENT_COLOURS.values()))),
            opacity=alt.condition(alt.datum["in period"], alt.value(1.0), alt.value(0.35)),
            tooltip=["year:O", "event:N", "count:Q"],
        )
        .properties(height=220)
    )
