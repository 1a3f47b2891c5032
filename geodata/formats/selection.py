"""What every writer shares: the features chosen by a mask, and their state on the export's day."""

import numpy as np

from geodata.layer import Layer
from geodata.timeline import state_on


def chosen(layer: Layer, mask):
    positions = np.arange(len(layer)) if mask is None else np.flatnonzero(mask)
    return positions.tolist()


def on_date(layer: Layer, day):
    if day is None:
        return None
    state = state_on(layer, day)
    return state.assign(date=str(day))


def date_fields(state, position):
    """The state of one feature on the export's day; a feature that does not exist then has no name."""
    row = state.iloc[position]
    return {
        "date": row["date"],
        "name": row["name"] if row["exists"] else None,
        "latin": row["latin"] if row["exists"] else None,
        "status": row["status"],
        "stalin": bool(row["stalin"]),
        "uncertain": bool(row["uncertain"]),
    }
