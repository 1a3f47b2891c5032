"""The tables and labels shown beside the map."""

from map_app.tables import search_label


def test_search_labels_tell_a_city_from_its_station_of_the_same_names(bundled):
    city = search_label(bundled.place("volgograd"))
    station = search_label(bundled.place("volgograd-1-station"))
    assert city == "Volgograd (Tsaritsyn, Stalingrad, Volgograd), city, RU"
    assert station != city and "station" in station
