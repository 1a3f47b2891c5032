"""The browser's time engine (map_app/static/thaw/time.js), run under Node's test runner on the bundled layer.

The fixture holds the packed layer and, for days across its whole span, Python's answers; the Node tests
check the engine gives the same. Without Node the test is skipped, except under CI=true where it fails.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from geodata.timeline import STATUSES, state_on, with_events_between
from map_app.timedata import time_data

ROOT = Path(__file__).resolve().parents[2]
DAYS = [f"{year}-{month:02d}-01" for year in range(1920, 2027, 3) for month in (1, 7)] + [
    "1953-03-05", "1961-11-09", "1961-11-10", "1961-11-11", "1962-06-01"]
PERIODS = [("1956-01-01", "1962-12-31"), ("1961-01-01", "1961-12-31"), ("1991-01-01", "2026-12-31")]


def node():
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is missing: .ci/run installs the nodejs package")
        pytest.skip("node is not installed")
    return found


def test_the_browser_engine_agrees_with_python_on_the_bundled_layer(bundled, tmp_path):
    codes = {status: i for i, status in enumerate(STATUSES)}
    expected = {}
    for day in DAYS:
        state = state_on(bundled, day)
        expected[day] = {
            "status": [codes[s] for s in state["status"]],
            "current": state["name_index"].astype(int).tolist(),
            "uncertain": state["uncertain"].astype(int).tolist(),
        }
    periods = [[a, b, with_events_between(bundled, a, b).astype(int).tolist()] for a, b in PERIODS]
    fixture = tmp_path / "fixture.json"
    data = time_data(bundled, details=False)
    fixture.write_text(json.dumps({"data": data, "expected": expected, "periods": periods}), encoding="utf-8")
    result = subprocess.run([node(), "--test", str(ROOT / "tests" / "js")], capture_output=True, text=True,
                            env={**os.environ, "THAW_FIXTURE": str(fixture)}, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 3" in result.stdout


def test_the_packed_columns_line_up(bundled):
    data = time_data(bundled)
    n = len(bundled)
    assert len(data["lat"]) == len(data["popup"]) == len(data["offsets"]) - 1 == n
    assert data["offsets"][-1] == len(data["start_lo"]) == len(data["labels"]["name"]) == len(bundled.names)
    assert np.all(np.diff(data["offsets"]) >= 1)
