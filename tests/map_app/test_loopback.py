"""The loopback server that hands a PNG's page and its data to the renderer's Chromium."""

import urllib.error
from urllib.request import urlopen

import pytest

from map_app import loopback
from map_app.loopback import Loopback


@pytest.fixture
def server():
    served = Loopback()
    yield served
    served.close()


def test_a_text_is_served_whole_at_its_address_with_its_type_while_the_block_runs(server, monkeypatch):
    monkeypatch.setattr(loopback, "SLICE", 7)  # many slices, one of them cut in a multi-byte character's text
    text = '{"names": ["Сталинград", "Sztálinváros", "Stalinstadt"]}'
    with server.serving() as publish:
        address = publish(text)
        with urlopen(address, timeout=5) as answer:
            assert answer.read().decode() == text
            assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
        with urlopen(publish("<p>page</p>", ".html"), timeout=5) as answer:
            assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert address.startswith("http://127.0.0.1:")
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urlopen(address, timeout=5)


def test_an_address_that_was_not_given_is_not_found(server):
    with server.serving() as publish:
        given = publish("{}")
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urlopen(server.origin + "guess.json", timeout=5)
    assert given.rsplit("/", 1)[1] != "guess.json" and len(given.rsplit("/", 1)[1]) > 20
