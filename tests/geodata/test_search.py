import pytest

from geodata.search import search


@pytest.mark.parametrize(
    "query, place",
    [
        ("stalinabad", "dushanbe"),
        ("Сталинград", "volgograd"),
        ("Eisenhuttenstadt", "eisenhuettenstadt"),
        ("STALINSTADT", "eisenhuettenstadt"),
        ("sztálinváros", "dunaujvaros"),
        ("Tsaritsyn", "volgograd"),
        ("yuzovka", "donetsk"),
        ("Сталино", "donetsk"),
    ],
)
def test_finds_a_place_by_any_name_it_ever_had(bundled, query, place):
    assert place in search(bundled, query)


def test_an_exact_name_ranks_before_a_longer_one(bundled):
    assert search(bundled, "Stalingrad")[0] == "volgograd"


def test_nothing_matches_nonsense_or_blank(bundled):
    assert search(bundled, "qqqxxz") == []
    assert search(bundled, "   ") == []
