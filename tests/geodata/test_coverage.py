"""The coverage report: counts that add up, weak facts found, duplicates found."""

import dataclasses

from geodata.cli import main
from geodata.coverage import coverage, duplicates, is_weak
from geodata.layer import Layer


def test_the_counts_add_up_to_the_layer(bundled):
    result = coverage(bundled)
    assert sum(result.by_kind.values()) == sum(result.by_type.values()) == sum(result.by_country.values())
    assert sum(result.by_kind.values()) == len(bundled)
    assert sum(result.by_decade.values()) == len(bundled.events)
    assert result.by_decade["1960s"] > 0


def test_the_bundled_layer_has_no_duplicate_pairs(bundled):
    assert coverage(bundled).duplicates == ()


def test_one_place_under_two_ids_is_reported(bundled):
    volgograd = bundled.place("volgograd")
    twin = dataclasses.replace(volgograd, id="stalingrad-again")
    assert [(a, b) for a, b, _, _ in duplicates(Layer((volgograd, twin)))] == [("volgograd", "stalingrad-again")]


def test_a_city_and_a_monument_of_the_same_name_are_not_duplicates(bundled):
    pairs = duplicates(Layer((bundled.place("volgograd"), bundled.place("stalin-bust-volgograd-2023"))))
    assert pairs == []


def test_a_stalin_name_without_a_start_is_listed_and_a_dated_one_is_not(bundled):
    """Such a name is drawn from the start of the record, before Stalin's name was given to anything."""
    volgograd = bundled.place("volgograd")
    undated = dataclasses.replace(volgograd, id="stalingrad-undated", names=volgograd.names[1:2])
    undated = dataclasses.replace(undated, names=(dataclasses.replace(undated.names[0], start=None),))
    assert coverage(Layer((volgograd, undated))).undated_stalin == (("stalingrad-undated", "Stalingrad"),)


def test_mirrors_and_blogs_are_weak_and_encyclopedias_are_not():
    assert is_weak("https://www.perceptiode.com/wiki/Stalinski")
    assert is_weak("https://example.livejournal.com/123.html")
    assert not is_weak("https://ru.wikipedia.org/wiki/Волгоград")
    assert not is_weak("https://www.nytimes.com/1961/11/11/archives/stalingrad-name-changed.html")


def test_the_cli_prints_the_report(capsys):
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert "by present-day country:" in out and "possible duplicates" in out
