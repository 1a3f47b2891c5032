import datetime as dt

from geodata.dates import parse_date
from geodata.layer import Layer
from geodata.schema import DatedFact, Name, Place, Source
from geodata.timeline import events_between, select, state_on


def test_volgograd_is_stalingrad_in_1950(bundled):
    row = state_on(bundled, "1950-01-01").loc["volgograd"]
    assert row["latin"] == "Stalingrad"
    assert row["name"] == "Сталинград"
    assert row["stalin"]
    assert row["status"] == "stalin_name"


def test_volgograd_is_volgograd_in_1962(bundled):
    row = state_on(bundled, dt.date(1962, 1, 1)).loc["volgograd"]
    assert row["latin"] == "Volgograd"
    assert not row["stalin"]
    assert row["status"] == "renamed"


def test_volgograd_was_tsaritsyn_before_it_bore_stalins_name(bundled):
    row = state_on(bundled, "1920-01-01").loc["volgograd"]
    assert row["latin"] == "Tsaritsyn"
    assert row["status"] == "not_yet"


def test_the_prague_monument_stands_in_1960_and_not_in_1963(bundled):
    assert state_on(bundled, "1960-06-01").loc["stalin-monument-prague", "status"] == "standing"
    assert state_on(bundled, "1963-06-01").loc["stalin-monument-prague", "status"] == "removed"


def test_the_prague_monument_is_not_there_before_its_unveiling(bundled):
    assert state_on(bundled, "1950-01-01").loc["stalin-monument-prague", "status"] == "absent"


def test_stalins_grave_exists_from_1961_and_not_in_1953(bundled):
    assert state_on(bundled, "1953-03-09").loc["stalin-grave", "status"] == "absent"
    assert state_on(bundled, "1962-01-01").loc["stalin-grave", "exists"]


def test_a_place_that_existed_under_another_name_is_not_absent(bundled):
    row = state_on(bundled, "1920-01-01").loc["volgograd"]
    assert row["exists"] and row["status"] == "not_yet"


def test_no_feature_exists_before_its_first_dated_name_or_unveiling(bundled):
    """Over every feature of the bundled layer: the day before it came into being, it is absent."""
    firsts = {}
    for place in bundled.places:
        start = place.monument.unveiled if place.monument else place.names[0].start
        if start is not None:
            firsts[place.id] = start.date.lo - 1
    for day in sorted(set(firsts.values())):
        state = state_on(bundled, _day(day))
        for fid in [f for f, d in firsts.items() if d == day]:
            assert state.loc[fid, "status"] == "absent", fid


def test_a_place_gone_without_a_successor_is_absent_after_its_end():
    place = _place([_name("Stalinsky raion", True, "1930"), _name("Leninsky raion", False, "1961", end="1994")])
    layer = Layer((place,))
    assert state_on(layer, "1993-06-01").loc["x", "status"] == "renamed"
    assert state_on(layer, "1995-06-01").loc["x", "status"] == "absent"
    assert state_on(layer, "1929-06-01").loc["x", "status"] == "absent"


def _day(number):
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(number))


def _name(latin, stalin, start, end=None):
    end_fact = DatedFact(parse_date(end), ("s",)) if end else None
    return Name(latin, latin, "ru", stalin, "Russian SFSR, USSR", DatedFact(parse_date(start), ("s",)), end_fact)


def _place(names):
    return Place("x", "renamed_place", "district", "RU", "A district.", tuple(names),
                 (Source("s", "A source", "https://example.org"),), {"type": "Point", "coordinates": [37.6, 55.7]})


def test_a_year_precision_event_lies_in_any_period_that_overlaps_its_year(bundled):
    dushanbe = bundled.events[bundled.events["to_name"] == "Dushanbe"]
    assert dushanbe["date"].tolist() == ["1961"]
    assert "dushanbe" in events_between(bundled, "1961-06-01", "1961-06-30")["id"].tolist()
    assert "dushanbe" in events_between(bundled, "1961-12-31", "1962-03-01")["id"].tolist()
    assert "dushanbe" not in events_between(bundled, "1962-01-01", "1962-12-31")["id"].tolist()


def test_a_state_inside_an_imprecise_change_is_flagged_uncertain(bundled):
    assert state_on(bundled, "1961-06-01").loc["dushanbe", "uncertain"]
    assert not state_on(bundled, "1965-06-01").loc["dushanbe", "uncertain"]


def test_events_come_in_date_order(bundled):
    events = events_between(bundled, "1925-01-01", "2025-12-31")
    assert events["lo"].is_monotonic_increasing
    assert len(events) >= len(bundled)


def test_the_disputed_volgograd_date_is_kept_with_its_alternative(bundled):
    start = bundled.place("volgograd").names[-1].start
    assert start.date.text == "1961-11-10"
    assert "1961-11-11" in [a.date.text for a in start.alternatives]
    assert all(a.sources for a in start.alternatives)


def test_filters_by_kind_type_and_country(bundled):
    monuments = select(bundled, kinds=["monument"])
    assert monuments.any()
    assert set(bundled.features["kind"][monuments]) == {"monument"}
    russian_cities = select(bundled, feature_types=["city"], countries=["RU"])
    assert "volgograd" in bundled.features.index[russian_cities]
    assert "dushanbe" not in bundled.features.index[russian_cities]
