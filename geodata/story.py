"""Guided stories: a sequence of steps through a layer, kept as data (geodata/data/stories/<name>.json).

Each step sets the map: a day, a period of events, filters and the places to highlight, with a short text and
its sources. A story is checked like a layer, one line per problem (the file, the step, the field): its shape
against STORY_SCHEMA, then its days, periods and place ids against the layer it is told on. A teacher writes
another story for another topic as another file of the same shape.
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from geodata.errors import LayerError
from geodata.layer import Layer
from geodata.schema import FEATURE_TYPES, KINDS, Source

STORIES = Path(__file__).parent / "data" / "stories"
MAX_STORY_BYTES = 1_000_000
_DAY = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
STORY_SCHEMA = {
    "type": "object",
    "required": ["title", "description", "steps"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "steps": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["title", "text", "date", "period", "places", "sources"],
            "additionalProperties": False,
            "properties": {
                "title": {"type": "string", "minLength": 1},
                "text": {"type": "string", "minLength": 1, "maxLength": 2000},
                "date": _DAY,
                "period": {"type": "array", "items": _DAY, "minItems": 2, "maxItems": 2},
                "kind": {"type": "array", "items": {"enum": list(KINDS)}},
                "type": {"type": "array", "items": {"enum": list(FEATURE_TYPES)}},
                "country": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}},
                "places": {"type": "array", "items": {"type": "string"}},
                "sources": {"type": "array", "items": {
                    "type": "object", "required": ["title", "url"], "additionalProperties": False,
                    "properties": {"title": {"type": "string", "minLength": 1},
                                   "url": {"type": "string", "pattern": "^https?://"}}}},
            },
        }},
    },
}


class StoryError(LayerError):
    """A story file that cannot be told: every problem, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    date: dt.date
    period: tuple[dt.date, dt.date]
    places: tuple[str, ...]
    sources: tuple[Source, ...]
    kind: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    country: tuple[str, ...] = ()


@dataclass(frozen=True)
class Story:
    name: str
    title: str
    description: str
    steps: tuple[Step, ...]


def available(folder: Path = STORIES) -> dict[str, Path]:
    """The stories of a folder by name (the file name without .json)."""
    return {path.stem: path for path in sorted(folder.glob("*.json"))}


def read_story(path, layer: Layer) -> Story:
    """The story in a file, checked against the layer it is told on; StoryError lists every problem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoryError([f"{path.name}: cannot read the file: {exc.strerror or exc}"]) from None
    return parse_story(data, path.name, layer)


def parse_story(data: bytes, filename: str, layer: Layer) -> Story:
    """A story from the bytes of a file named `filename` (a user's upload, say), checked like read_story."""
    if len(data) > MAX_STORY_BYTES:
        raise StoryError([f"{filename}: the file is {len(data):,} bytes; a story is at most {MAX_STORY_BYTES:,}"])
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise StoryError([f"{filename}: not readable as a JSON story: {exc}"]) from None
    problems = [f"{filename}: {_where(error.absolute_path)}: {error.message}"
                for error in jsonschema.Draft7Validator(STORY_SCHEMA).iter_errors(value)]
    if problems:
        raise StoryError(problems)
    steps = []
    for number, raw in enumerate(value["steps"], start=1):
        step, step_problems = _step(raw, layer)
        problems += [f"{filename}: step {number}: {p}" for p in step_problems]
        steps.append(step)
    if problems:
        raise StoryError(problems)
    return Story(Path(filename).stem, value["title"], value["description"], tuple(steps))


def _where(location) -> str:
    parts = list(location)
    if len(parts) >= 2 and parts[0] == "steps":
        return f"step {parts[1] + 1}" + "".join(f".{p}" if isinstance(p, str) else f"[{p}]" for p in parts[2:])
    return ".".join(str(p) for p in parts) or "the story"


def _day(text: str, field: str, problems: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(f"{field}: expected a day like 1961-11-10, got {text!r}")
        return None


def _step(raw: dict, layer: Layer) -> tuple[Step | None, list[str]]:
    problems: list[str] = []
    date = _day(raw["date"], "date", problems)
    start, end = (_day(text, f"period[{i}]", problems) for i, text in enumerate(raw["period"]))
    if start and end and start > end:
        problems.append(f"period: ends ({end}) before it begins ({start})")
    ids = layer.features.index  # hashed once by pandas: no set of every id built again for each step
    problems += [f"places[{i}]: no place has the id {fid!r}" for i, fid in enumerate(raw["places"]) if fid not in ids]
    if problems:
        return None, problems
    sources = tuple(Source(f"s{i + 1}", s["title"], s["url"]) for i, s in enumerate(raw["sources"]))
    return Step(raw["title"], raw["text"], date, (start, end), tuple(raw["places"]), sources,
                tuple(raw.get("kind", ())), tuple(raw.get("type", ())), tuple(raw.get("country", ()))), []


def step_sources(step: Step, layer: Layer) -> list[Source]:
    """The step's own sources, then those that date its places' events in its period, each address once."""
    found = list(step.sources)
    start, end = step.period
    for fid in step.places:
        place = layer.place(fid)
        by_id = {s.id: s for s in place.sources}
        facts = [n.start for n in place.names if n.start] + [n.end for n in place.names if n.end]
        if place.monument:
            facts += [place.monument.unveiled] + ([place.monument.removed] if place.monument.removed else [])
        for fact in facts:
            if fact.date.first <= end and fact.date.last >= start:
                found += [by_id[sid] for sid in fact.sources]
                found += [by_id[sid] for alternative in fact.alternatives for sid in alternative.sources]
    seen, unique = set(), []
    for source in found:
        if source.url not in seen:
            seen.add(source.url)
            unique.append(source)
    return unique
