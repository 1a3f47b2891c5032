import datetime as dt
import re

import pytest

from geodata.timeline import events_between
from map_app.cli import main
from map_app.compare import changes, compare_page, page_height
from map_app.view import View

BEFORE, AFTER = View(date=dt.date(1953, 3, 5)), View(date=dt.date(1962, 12, 31))


def test_the_changes_are_the_events_after_the_first_day_up_to_the_second(bundled):
    listed = changes(bundled, BEFORE, AFTER)
    expected = events_between(bundled, dt.date(1953, 3, 6), dt.date(1962, 12, 31))
    assert len(listed) == len(expected) > 100
    assert set(listed["place"]) == set(expected["id"])
    assert "volgograd" in set(listed["place"]) and "stalin-monument-budapest" in set(listed["place"])


def test_the_page_shows_both_days_and_one_line_per_change(bundled):
    listed = changes(bundled, BEFORE, AFTER)
    html = compare_page(b"png1", b"png2", BEFORE, AFTER, listed)
    assert f"{len(listed)} changes after 5 March 1953 up to 31 December 1962" in html
    assert len(re.findall(r"<li ", html)) == len(listed)
    assert page_height(900, len(listed)) > 900 + (len(listed) // 3) * 19


@pytest.mark.parametrize("days", [["1962-12-31", "1953-03-05"], ["1953-03-05", "1953-03-05"]])
def test_compare_needs_the_earlier_day_first(days, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["snapshot", "--compare", *days, "--out", "x.png"])
    assert exit_.value.code == 2 and "earlier day first" in capsys.readouterr().err


def test_compare_writes_one_png_of_both_maps_and_the_changes(tmp_path, bundled, chromium_path):
    from PIL import Image

    out = tmp_path / "compare.png"
    assert main(["snapshot", "--compare", "1953-03-05", "1962-12-31", "--width", "1200", "--height", "500",
                 "--out", str(out)]) == 0
    assert Image.open(out).size == (1200, page_height(500, len(changes(bundled, BEFORE, AFTER))))
