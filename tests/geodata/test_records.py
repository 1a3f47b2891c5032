import pickle
from dataclasses import FrozenInstanceError

import pytest

from geodata.schema import Place


def test_a_record_pickles_as_its_class_and_values_and_comes_back_equal_and_frozen(bundled):
    """The dataclass default looked every record's fields up again when unpickled (5 s of a 100,000-feature
    layer's load from the cache)."""
    place = bundled.place("volgograd")
    cls, values = place.__reduce__()
    assert cls is Place and values[0] == "volgograd"
    again = pickle.loads(pickle.dumps(place))
    assert again == place and again.names[1].start.date == place.names[1].start.date
    with pytest.raises(FrozenInstanceError):
        again.id = "stalingrad"
