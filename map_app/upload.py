"""A user's file, read into their session only: the same validator as the bundled layer, every problem listed."""

import threading
from dataclasses import dataclass

from geodata.errors import LoadError, ValidationError
from geodata.io import load_bytes
from geodata.layer import Layer

ACCEPTED = ("geojson", "json", "jsonld", "csv")


@dataclass(frozen=True)
class Upload:
    name: str
    layer: Layer | None  # the valid features, or None when the file could not be read as a layer
    problems: tuple[str, ...] = ()  # one line per problem (file, feature, field, what is wrong)
    error: str | None = None  # why the file could not be read at all

    @property
    def usable(self) -> bool:
        return self.layer is not None and len(self.layer) > 0


_ONE_AT_A_TIME = threading.Lock()


def read_upload(data: bytes, name: str) -> Upload:
    """Never raises for bad input: read errors and validation problems are returned for display.

    Files are read one at a time per server. Reading is CPU work that Python's lock runs one thread at a time
    anyway, so five files at once took as long for each as all five; one at a time, the first is ready in a
    fifth of that, and only one read's passing memory (a few hundred MB for 50 MB) is in use at once."""
    try:
        with _ONE_AT_A_TIME:
            layer = load_bytes(data, name, keep_valid=True)
    except LoadError as exc:
        return Upload(name, None, error=str(exc))
    except ValidationError as exc:
        return Upload(name, None, tuple(str(p) for p in exc.problems))
    return Upload(name, layer, tuple(str(p) for p in layer.problems))
