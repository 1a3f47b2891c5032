"""The version of the bundled layer, read from geodata/data/CHANGELOG.md (its newest heading), so that a
citation names what was seen."""

import re
from functools import lru_cache
from pathlib import Path

CHANGELOG = Path(__file__).parent / "data" / "CHANGELOG.md"
_HEADING = re.compile(r"^## (?P<version>\S+): (?P<count>\d+) places and monuments$", re.MULTILINE)


@lru_cache(maxsize=1)
def newest() -> tuple[str, int]:
    """(version, number of features) of the newest entry of the changelog."""
    match = _HEADING.search(CHANGELOG.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{CHANGELOG}: no heading like '## 2026.11.29: 308 places and monuments'")
    return match["version"], int(match["count"])


def data_version() -> str:
    return newest()[0]
