import copy
import json

import pytest

from geodata.story import STORIES, StoryError, available, read_story, step_sources

BUNDLED_STORY = STORIES / "destalinization.json"


@pytest.fixture
def story_copy():
    return json.loads(BUNDLED_STORY.read_text(encoding="utf-8"))


def write(tmp_path, value):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def test_the_bundled_story_has_at_least_twelve_steps_each_with_text_and_sources(bundled):
    story = read_story(BUNDLED_STORY, bundled)
    assert "destalinization" in available()
    assert len(story.steps) >= 12
    assert all(step.text and step_sources(step, bundled) for step in story.steps)
    days = [step.date.isoformat() for step in story.steps]
    assert {"1953-03-05", "1956-02-25", "1961-10-31", "2010-06-25"} <= set(days)


def test_a_step_cites_the_sources_that_date_its_places_events_in_its_period(bundled):
    step = next(s for s in read_story(BUNDLED_STORY, bundled).steps if s.title == "Stalingrad becomes Volgograd")
    volgograd = bundled.place("volgograd")
    renaming = next(n for n in volgograd.names if n.latin == "Volgograd").start
    cited = {s.url for s in step_sources(step, bundled)}
    dating = set(renaming.sources) | {sid for alt in renaming.alternatives for sid in alt.sources}
    assert {s.url for s in volgograd.sources if s.id in dating} <= cited  # 10 November and 11 November


def test_a_story_with_mistakes_is_refused_with_one_line_per_problem(bundled, story_copy, tmp_path):
    broken = copy.deepcopy(story_copy)
    broken["steps"][0]["places"].append("no-such-place")
    broken["steps"][1]["date"] = "1953-13-45"
    broken["steps"][2]["period"] = ["1957-01-01", "1956-01-01"]
    with pytest.raises(StoryError) as error:
        read_story(write(tmp_path, broken), bundled)
    assert error.value.problems == [
        "mine.json: step 1: places[7]: no place has the id 'no-such-place'",
        "mine.json: step 2: date: expected a day like 1961-11-10, got '1953-13-45'",
        "mine.json: step 3: period: ends (1956-01-01) before it begins (1957-01-01)",
    ]


def test_a_step_without_text_is_refused_by_the_schema(bundled, story_copy, tmp_path):
    broken = copy.deepcopy(story_copy)
    del broken["steps"][4]["text"]
    broken["steps"][5]["text"] = ""
    with pytest.raises(StoryError) as error:
        read_story(write(tmp_path, broken), bundled)
    lines = error.value.problems
    assert len(lines) == 2
    assert lines[0].startswith("mine.json: step 5: ") and "'text' is a required property" in lines[0]
    assert lines[1].startswith("mine.json: step 6.text: ")
