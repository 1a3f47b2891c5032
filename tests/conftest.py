import copy
import json

import pytest

from geodata import BUNDLED_LAYER, load_layer


@pytest.fixture(scope="session")
def bundled():
    """The bundled layer, loaded once."""
    return load_layer()


@pytest.fixture(scope="session")
def bundled_collection():
    return json.loads(BUNDLED_LAYER.read_text(encoding="utf-8"))


@pytest.fixture
def collection_copy(bundled_collection):
    """A private deep copy of the bundled collection, to break in a test."""
    return copy.deepcopy(bundled_collection)
