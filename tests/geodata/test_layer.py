"""Layers put together: a user's file beside ours."""

import dataclasses

from geodata.layer import Layer, combine


def test_a_users_feature_replaces_ours_with_the_same_id_and_says_what_differs(bundled):
    theirs = dataclasses.replace(bundled.place("volgograd"), description="Our class's own words.")
    layer, replaced = combine(bundled, Layer((theirs,)))
    assert len(layer) == len(bundled)
    assert layer.place("volgograd").description == "Our class's own words."
    assert replaced == {"volgograd": ["description"]}
