import io

import pytest

from geodata.story import STORIES, read_story, step_sources
from map_app.cli import main
from map_app.slides import SLIDE_SIZE, frame_of, slide_page


@pytest.fixture(scope="module")
def story(bundled):
    return read_story(STORIES / "destalinization.json", bundled)


def test_a_slide_holds_the_steps_title_text_progress_and_every_source(bundled, story):
    html = slide_page(b"png", story, 8, bundled)
    step = story.steps[7]
    assert "step 8 of 14" in html and step.title in html and step.text[:80] in html
    assert all(source.url in html for source in step_sources(step, bundled))


def test_a_slides_map_is_framed_on_the_steps_places(bundled, story):
    lat, lon, zoom = frame_of(bundled, story.steps[7], 1050, 1000)  # Volgograd, its region, station, plant
    volgograd = bundled.features.loc["volgograd"]
    assert abs(lat - volgograd["lat"]) < 1.5 and abs(lon - volgograd["lon"]) < 1.5 and zoom >= 5
    assert frame_of(bundled, story.steps[2], 1050, 1000) is None  # the Secret Speech has no place


def test_the_cli_writes_one_slide_per_step_and_a_gif(tmp_path, story, chromium_path):
    from PIL import Image

    assert main(["story", "--out-dir", str(tmp_path), "--gif"]) == 0
    slides = sorted(tmp_path.glob("step-*.png"))
    assert len(slides) == len(story.steps)
    assert Image.open(slides[0]).size == SLIDE_SIZE
    assert Image.open(io.BytesIO((tmp_path / "story.gif").read_bytes())).n_frames == len(story.steps)


def test_an_unknown_story_exits_1_and_names_the_stories(tmp_path, capsys):
    assert main(["story", "--story", "nothing", "--out-dir", str(tmp_path)]) == 1
    assert "destalinization" in capsys.readouterr().err


def test_a_story_file_of_ones_own_is_told_from_its_path(tmp_path, capsys):
    import json

    story = json.loads((STORIES / "destalinization.json").read_text(encoding="utf-8"))
    story["steps"] = story["steps"][:1]
    story["steps"][0]["places"] = ["no-such-place"]
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(story), encoding="utf-8")
    assert main(["story", "--story", str(path), "--out-dir", str(tmp_path / "out")]) == 1
    assert "mine.json: step 1: places[0]: no place has the id 'no-such-place'" in capsys.readouterr().err
