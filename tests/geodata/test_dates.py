import datetime as dt

import pytest

from geodata.dates import parse_date
from geodata.errors import DateError


@pytest.mark.parametrize(
    "text, first, last, precision, label",
    [
        ("1961-11-10", "1961-11-10", "1961-11-10", "day", "10 Nov 1961"),
        ("1961-11", "1961-11-01", "1961-11-30", "month", "Nov 1961"),
        ("1962-21", "1962-03-01", "1962-05-31", "season", "spring 1962"),
        ("1962", "1962-01-01", "1962-12-31", "year", "1962"),
        ("1961~", "1961-01-01", "1961-12-31", "year", "c. 1961"),
        ("1956?", "1956-01-01", "1956-12-31", "year", "1956?"),
        ("196X", "1960-01-01", "1969-12-31", "decade", "1960s"),
        ("199X?", "1990-01-01", "1999-12-31", "decade", "1990s?"),
    ],
)
def test_a_date_means_the_whole_interval_its_precision_allows(text, first, last, precision, label):
    date = parse_date(text)
    assert date.first == dt.date.fromisoformat(first)
    assert date.last == dt.date.fromisoformat(last)
    assert date.precision == precision
    assert date.label() == label


def test_a_year_is_never_shown_as_the_first_of_january():
    assert "Jan" not in parse_date("1962").label()


@pytest.mark.parametrize(
    "text", ["1961-13-45", "1961-02-30", "61", "", "abcd", "1950/1960", "1961-11-10T00:00", "19XX", "196X-11", None,
             1961]
)
def test_anything_but_a_single_edtf_date_is_a_date_error(text):
    with pytest.raises(DateError):
        parse_date(text)


@pytest.mark.parametrize("text", ["1961-13-45", "1961-21-05", "19611110", "1961-11-10~~", "x" * 12])
def test_text_of_no_accepted_shape_is_refused_before_the_edtf_grammar(monkeypatch, text):
    """The grammar spends about 10 ms on each string it rejects; a hostile file has many such strings."""
    import edtf

    monkeypatch.setattr(edtf, "parse_edtf", lambda _: pytest.fail("reached the edtf grammar"))
    with pytest.raises(DateError):
        parse_date(text)
