import copy
import json

import pytest
from hypothesis import settings

from geodata import BUNDLED_LAYER, load_layer
from map_app.snapshot import CHROMIUM  # the browser the snapshots use, named once

# No per-example deadline: a first call (edtf's grammar, Chromium on a cold machine) may take seconds, and a
# timing flake is not what these property tests are about.
settings.register_profile("thaw", deadline=None)
settings.load_profile("thaw")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """geodata.cache writes to a folder of this test run (the apps the tests start inherit it)."""
    import os

    folder = tmp_path_factory.mktemp("cache")
    os.environ["THAW_ATLAS_CACHE"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def bundled(private_cache):
    """The bundled layer, loaded once."""
    return load_layer()


@pytest.fixture(scope="session")
def bundled_collection():
    return json.loads(BUNDLED_LAYER.read_text(encoding="utf-8"))


@pytest.fixture
def collection_copy(bundled_collection):
    """A private deep copy of the bundled collection, to break in a test."""
    return copy.deepcopy(bundled_collection)




@pytest.fixture(scope="session")
def chromium_path():
    """Debian's chromium; a missing browser skips the test, except under CI=true where it fails."""
    import os

    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs the chromium package")
        pytest.skip(f"{CHROMIUM} is not installed")
    return CHROMIUM
