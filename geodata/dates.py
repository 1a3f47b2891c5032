"""Dates at the precision the sources give them.

Dates are EDTF strings (ISO 8601-2, level 1), parsed by the `edtf` package. A partial date stands for its
whole interval: "1962" is 1962-01-01..1962-12-31, "1962-21" is spring 1962. Internally a date is the pair of
its first and last day as day numbers (days since 1970-01-01), so queries can be vectorised with numpy.
"""

import datetime as dt
import re
from functools import lru_cache

import edtf

from geodata.errors import DateError
from geodata.records import record

EPOCH = dt.date(1970, 1, 1)
_ISO = re.compile(r"\A\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?\Z")
# Every form this project accepts (decade, year, month, day or season; one qualifier). Text of any other shape
# is refused here: edtf's grammar spends about 10 ms on each string it rejects, and a hostile file has many.
_SHAPE = re.compile(r"\A(\d{3}X|\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-2[1-4])?)[~?%]?\Z")
_DECADE = re.compile(r"\A\d{3}X\Z")
SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
EXPECTED = ("expected a date like 1961-11-10, 1961-11 or 1961 (spring 1962: 1962-21; about 1961: 1961~; "
            "the 1960s: 196X)")
NOT_A_PERIOD = ("expected a single date, not a period (day, month, season, year or decade: 1961-11-10, 1961-11, "
                "1962-21, 1961, 196X)")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@record
class FuzzyDate:
    """An EDTF date with the interval of days it may mean."""

    text: str
    first: dt.date
    last: dt.date
    precision: str  # "day", "month", "season", "year", "decade"
    approximate: bool = False
    uncertain: bool = False

    @property
    def lo(self) -> int:
        return day_number(self.first)

    @property
    def hi(self) -> int:
        return day_number(self.last)

    def label(self) -> str:
        """A reader's form of the date, at its own precision: '10 Nov 1961', 'spring 1962', 'c. 1961', '1960s'."""
        d = self.first
        if self.precision == "day":
            core = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        elif self.precision == "month":
            core = f"{MONTHS[d.month - 1]} {d.year}"
        elif self.precision == "season":
            core = f"{SEASONS[int(self.text[5:7])]} {d.year}"
        elif self.precision == "decade":
            core = f"{d.year}s"
        else:
            core = str(d.year)
        if self.approximate:
            core = f"c. {core}"
        if self.uncertain:
            core = f"{core}?"
        return core


def day_number(d: dt.date) -> int:
    return (d - EPOCH).days


def as_day(value) -> int:
    """Day number of a `date`, a `datetime` or an ISO day string ('1961-11-10')."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise DateError(f"expected a day as YYYY-MM-DD, got {value!r}") from exc
    if not isinstance(value, dt.date):
        raise DateError(f"expected a date, got {type(value).__name__}")
    return day_number(value)


@lru_cache(maxsize=65536)
def parse_date(text) -> FuzzyDate:
    """Parse one EDTF date (day, month, season, year or decade such as 196X; '~' approximate, '?' uncertain).

    Raises DateError for anything else, intervals and open ends included: a fact has one date.
    """
    if not isinstance(text, str):
        raise DateError(f"{EXPECTED}, got {type(text).__name__} {text!r}"[:200])
    if _SHAPE.match(text) is None:
        period = "/" in text and text[:4].isdigit()  # 1925/1961, not 13/05/1937
        raise DateError(f"{NOT_A_PERIOD if period else EXPECTED}, got {text[:40]!r}")
    plain = _plain_iso(text)
    return plain if plain is not None else _parse_edtf(text)


def _plain_iso(text: str) -> FuzzyDate | None:
    """The unqualified ISO forms (YYYY, YYYY-MM, YYYY-MM-DD) through the standard library.

    They are most dates in a layer, and edtf's full grammar costs about 10 ms a string, which a layer of
    100,000 features cannot afford; every other form (seasons, qualifiers) goes to edtf.
    """
    if _ISO.match(text) is None:
        return None
    year, month, day = (text.split("-") + [None, None])[:3]
    try:
        if day is not None:
            first = last = dt.date.fromisoformat(text)
            return FuzzyDate(text, first, last, "day")
        if month is not None:
            first = dt.date(int(year), int(month), 1)
            last = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1) - dt.timedelta(days=1)
            return FuzzyDate(text, first, last, "month")
        return FuzzyDate(text, dt.date(int(year), 1, 1), dt.date(int(year), 12, 31), "year")
    except ValueError as exc:
        raise DateError(f"{text!r} is not a day of the calendar; {EXPECTED}") from exc


def _parse_edtf(text: str) -> FuzzyDate:
    try:
        parsed = edtf.parse_edtf(text)
    except Exception as exc:  # the edtf package raises several types; all mean "not a date"
        raise DateError(f"{EXPECTED}, got {text!r}") from exc
    qualifier = text[-1] if text[-1] in "~?%" else ""
    core = text.rstrip("~?%")
    if isinstance(parsed, edtf.Season):
        precision = "season"
    elif _DECADE.match(core):  # "in the 1960s": a source that gives only the decade
        precision = "decade"
    elif isinstance(parsed, (edtf.Date, edtf.UncertainOrApproximate)) and "X" not in core:
        precision = {4: "year", 7: "month", 10: "day"}.get(len(core))
    else:
        precision = None
    if precision is None:
        raise DateError(f"{NOT_A_PERIOD}, got {text!r}")
    try:
        first = dt.date(*parsed.lower_strict()[:3])
        last = dt.date(*parsed.upper_strict()[:3])
    except (ValueError, OverflowError) as exc:
        raise DateError(f"{text!r} is not a day of the calendar; {EXPECTED}") from exc
    approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
    return FuzzyDate(text, first, last, precision, approximate=approximate, uncertain=uncertain)

