"""Layers put together: a user's file beside ours."""

import dataclasses

from geodata.layer import Layer, combine


def test_a_users_feature_replaces_ours_with_the_same_id_and_says_what_differs(bundled):
    theirs = dataclasses.replace(bundled.place("volgograd"), description="Our class's own words.")
    layer, replaced = combine(bundled, Layer((theirs,)))
    assert len(layer) == len(bundled)
    assert layer.place("volgograd").description == "Our class's own words."
    assert replaced == {"volgograd": ["description"]}


def test_results_cached_per_layer_go_when_the_layer_does(bundled):
    """A user's upload must not outlive its session in a cache (an lru_cache kept eight layers alive)."""
    import gc
    import weakref

    from geodata.layer import Layer, per_layer

    calls = []

    @per_layer
    def count(layer, factor):
        calls.append(factor)
        return len(layer) * factor

    layer = Layer(bundled.places[:3])
    assert count(layer, 2) == count(layer, 2) == 6 and calls == [2]
    gone = weakref.ref(layer)
    del layer
    gc.collect()
    assert gone() is None
