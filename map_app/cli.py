"""`python -m map_app snapshot|story|cite`: the map as a PNG or a standalone HTML file (one day, one file per year,
or two days side by side), a guided story as slides, and the citation of a view.

Exit codes: 0 success, 1 the data is bad or the map could not be rendered or written, 2 bad arguments.
"""

import argparse
import dataclasses
import datetime as dt
import io
import re
import sys
from pathlib import Path

from geodata.errors import LayerError
from geodata.io import BUNDLED_LAYER, load_layer, write_whole
from geodata.layer import Layer
from geodata.schema import KINDS
from map_app.snapshot import Renderer, Snapshot, SnapshotError, render_png, standalone_html
from map_app.view import BASEMAP_NAMES, DEFAULTS, EARLIEST, LABEL_LANGUAGES, LATEST, View

MAX_SIDE = 4000  # pixels; a bigger screenshot costs seconds and hundreds of MB in Chromium
PNG_SIZE = (Snapshot.width, Snapshot.height)
SERIES_DAY = (7, 1)  # month and day of a series' maps when --date is not given
GIF_NAME = "thaw-series.gif"
GIF_FRAME_MS = 800
GIF_MAX_SIDE = 1200  # pixels
COMPARE_SIZE = (2000, 900)
STORY_GIF = "story.gif"
STORY_FRAME_MS = 6000  # a step is read, not glanced at  # the whole picture's width, one map's height
_YEARS = re.compile(r"^(\d{4}):(\d{4})$")


def _day(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {text!r}") from None
    if not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(f"{text} is outside {EARLIEST}..{LATEST}")
    return day


def _side(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of pixels, got {text!r}") from None
    if not 0 < value <= MAX_SIDE:
        raise argparse.ArgumentTypeError(f"{value} is not between 1 and {MAX_SIDE} pixels")
    return value


def _years(text: str) -> tuple[int, int]:
    match = _YEARS.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected FIRST:LAST years like 1953:1992, got {text!r}")
    first, last = int(match[1]), int(match[2])
    if first > last:
        raise argparse.ArgumentTypeError(f"{text} runs backwards; write {last}:{first}")
    if first < EARLIEST.year or last > LATEST.year:
        raise argparse.ArgumentTypeError(f"{text} is outside {EARLIEST.year}:{LATEST.year}")
    return first, last


def parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The top-level parser and the snapshot sub-parser (whose error() prints the snapshot usage)."""
    top = argparse.ArgumentParser(prog="python -m map_app", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)
    snap = commands.add_parser("snapshot", help="write the map as PNG or standalone HTML")
    snap.add_argument(
        "--date",
        type=_day,
        help=f"map date (default {DEFAULTS.date}; with --years its month and day, default 1 July)",
    )
    snap.add_argument("--from", dest="start", type=_day, help=f"highlight events from (default {DEFAULTS.period[0]})")
    snap.add_argument("--to", dest="end", type=_day, help=f"... to this day (default {DEFAULTS.period[1]})")
    snap.add_argument("--kind", choices=KINDS, action="append", help="only this kind (repeatable)")
    snap.add_argument("--data", type=Path, default=BUNDLED_LAYER, help="layer file (default: the bundled layer)")
    snap.add_argument("--format", choices=("png", "html"), help="default: html if --out ends in .html/.htm, else png")
    snap.add_argument("--width", type=_side, help=f"pixels (PNG default {PNG_SIZE[0]}; HTML default: full page)")
    snap.add_argument("--height", type=_side, help=f"pixels (PNG default {PNG_SIZE[1]})")
    snap.add_argument(
        "--basemap",
        choices=BASEMAP_NAMES,
        default=DEFAULTS.basemap,
        help="offline draws the bundled states of the map date; carto fetches label-free tiles from the network",
    )
    snap.add_argument("--labels", choices=tuple(LABEL_LANGUAGES), default=DEFAULTS.label,
                      help="place labels in Latin letters, in their own script, or English names for sites")
    snap.add_argument("--out", type=Path, help="file to write (one map)")
    snap.add_argument("--years", type=_years, help="a series FIRST:LAST, one file per year in --out-dir")
    snap.add_argument("--out-dir", type=Path, help="folder of a series; files are named thaw-YEAR.png")
    snap.add_argument("--gif", action="store_true", help=f"with a PNG series, also write {GIF_NAME}")
    snap.add_argument("--compare", nargs=2, type=_day, metavar=("FIRST", "SECOND"),
                      help="two days side by side, each map stamped with its day, and the changes between them "
                           f"(PNG; --width is the whole picture, default {COMPARE_SIZE[0]}, --height a map's, "
                           f"default {COMPARE_SIZE[1]})")
    cite_ = commands.add_parser("cite", help="a citation of a view of the map, in APA, Chicago and MLA style")
    cite_.add_argument("--date", type=_day, default=DEFAULTS.date, help=f"map date (default {DEFAULTS.date})")
    cite_.add_argument("--kind", choices=KINDS, action="append", help="only this kind (repeatable)")
    cite_.add_argument("--base-url", default="http://localhost:8501/", help="the app's address (default: make run's)")
    cite_.add_argument("--accessed", type=_day, help="the day of access (default: today)")

    tell = commands.add_parser("story", help="a guided story as slides: one PNG per step, and an animated GIF")
    tell.add_argument("--story", default="destalinization",
                      help="a story of geodata/data/stories (its name), or the path of a story file of your own")
    tell.add_argument("--data", type=Path, default=BUNDLED_LAYER, help="layer file (default: the bundled layer)")
    tell.add_argument("--out-dir", type=Path, required=True, help="folder; files are named step-NN.png")
    tell.add_argument("--gif", action="store_true", help=f"also write {STORY_GIF}, one step a frame")
    return top, snap


def run_cite(args) -> int:
    from geodata.release import data_version
    from map_app.cite import citations, view_url

    view = View(date=args.date, kind=tuple(dict.fromkeys(args.kind or ())))
    accessed = args.accessed or dt.date.today()
    for style, text in citations(view, view_url(args.base_url, view), accessed, data_version()).items():
        print(f"{style}: {text}")
    return 0


def run_story(args) -> int:
    from geodata.story import available, read_story
    from map_app.slides import render_slides

    stories = available()
    path = stories.get(args.story) or Path(args.story)
    if not path.is_file():
        print(f"error: no story {args.story!r}; there are: {', '.join(stories)}, or give a file", file=sys.stderr)
        return 1
    story = read_story(path, load_layer(args.data))
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with Renderer() as renderer:
        slides = render_slides(renderer, load_layer(args.data), story)
    for number, png in enumerate(slides, start=1):
        write(args.out_dir / f"step-{number:02d}.png", png)
    if args.gif:
        write_gif([gif_frame(png) for png in slides], args.out_dir / STORY_GIF, frame_ms=STORY_FRAME_MS)
    return 0


def check(snap: argparse.ArgumentParser, args) -> None:
    """Rules between arguments; each breach exits 2 through argparse like a bad single value."""
    if args.format is None:
        suffix = args.out.suffix.lower() if args.out else ""
        args.format = "html" if suffix in (".html", ".htm") else "png"
    if args.compare:
        if args.years or args.date or args.format != "png" or args.out is None:
            snap.error("--compare writes one PNG to --out; it takes no --years, --date or --format html")
        if args.compare[0] >= args.compare[1]:
            snap.error(f"--compare needs the earlier day first, got {args.compare[0]} then {args.compare[1]}")
    if args.years is None:
        if args.out is None:
            snap.error("--out is required (or --years with --out-dir for a series)")
        if args.out_dir is not None or args.gif:
            snap.error("--out-dir and --gif need --years")
    else:
        if args.out_dir is None:
            snap.error("--years needs --out-dir")
        if args.out is not None:
            snap.error("--out writes one map; a --years series goes to --out-dir")
        if args.gif and args.format != "png":
            snap.error("--gif animates PNG maps; drop --format html")
    start, end = args.start or DEFAULTS.period[0], args.end or DEFAULTS.period[1]
    if start > end:
        snap.error(f"the period runs backwards: --from {start} is after --to {end}")


def view_for(args, day: dt.date) -> View:
    """The view of one map: the app's View, so the title box lists filters as the app does."""
    return View(date=day, period=(args.start or DEFAULTS.period[0], args.end or DEFAULTS.period[1]),
                kind=tuple(dict.fromkeys(args.kind or ())), basemap=args.basemap, label=args.labels)


def render(layer: Layer, view: View, args, renderer: Renderer) -> bytes:
    if args.format == "html":
        if args.width is None and args.height is None:
            return standalone_html(layer, view).encode("utf-8")
        return standalone_html(layer, view, args.width or PNG_SIZE[0], args.height or PNG_SIZE[1]).encode("utf-8")
    size = (args.width or PNG_SIZE[0], args.height or PNG_SIZE[1])
    return render_png(renderer, layer, Snapshot(view, *size))


def same_day_in(year: int, day: dt.date | None) -> dt.date:
    """The month and day of `day` (default 1 July) in `year`; 29 February becomes the 28th in other years."""
    month, mday = (day.month, day.day) if day else SERIES_DAY
    if (month, mday) == (2, 29) and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        mday = 28
    return dt.date(year, month, mday)


def write(path: Path, data: bytes) -> None:
    write_whole(path, data)
    print(f"wrote {path}", file=sys.stderr)


def warn_blocked(renderer: Renderer) -> None:
    """A standalone page should ask for nothing; say so if it did (the map was rendered without it)."""
    if renderer.blocked:
        print(f"warning: blocked {len(renderer.blocked)} request(s), first {renderer.blocked[0]}", file=sys.stderr)


def run_compare(layer: Layer, args) -> int:
    from map_app.compare import render_compare

    first, second = args.compare
    between = (first + dt.timedelta(days=1), second)  # rings on what changed, unless --from/--to say otherwise
    before, after = (dataclasses.replace(view_for(args, day), period=(args.start or between[0], args.end or between[1]))
                     for day in args.compare)
    with Renderer() as renderer:
        data = render_compare(renderer, layer, before, after, args.width or COMPARE_SIZE[0],
                              args.height or COMPARE_SIZE[1])
        warn_blocked(renderer)
    write(args.out, data)
    return 0


def run_one(layer: Layer, args) -> int:
    with Renderer() as renderer:
        data = render(layer, view_for(args, args.date or DEFAULTS.date), args, renderer)
        warn_blocked(renderer)
    write(args.out, data)
    return 0


def run_series(layer: Layer, args) -> int:
    """One map per year; one browser for the whole series (starting Chromium costs more than a map)."""
    first, last = args.years
    args.out_dir.mkdir(parents=True, exist_ok=True)
    frames = []
    with Renderer() as renderer:
        for year in range(first, last + 1):
            data = render(layer, view_for(args, same_day_in(year, args.date)), args, renderer)
            write(args.out_dir / f"thaw-{year}.{args.format}", data)
            if args.gif:
                frames.append(gif_frame(data))  # small and in 256 colours at once: the PNG is not kept
        warn_blocked(renderer)
    if args.gif:
        write_gif(frames, args.out_dir / GIF_NAME)
    return 0


def gif_frame(png: bytes):
    """One frame of a GIF: at most GIF_MAX_SIDE pixels on its longer side, in 256 colours (a GIF is for
    screens; a series of 4000-pixel frames held as full-colour images took 8.5 GB)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.thumbnail((GIF_MAX_SIDE, GIF_MAX_SIDE))
    return image.quantize(colors=256)


def gif_bytes(frames: list, frame_ms: int = GIF_FRAME_MS) -> bytes:
    """An animated GIF of frames made by gif_frame, looping forever."""
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=frame_ms, loop=0)
    return out.getvalue()


def write_gif(frames: list, path: Path, frame_ms: int = GIF_FRAME_MS) -> None:
    """The GIF of `frames`, written whole or not at all."""
    write_whole(path, gif_bytes(frames, frame_ms))
    print(f"wrote {path} ({len(frames)} frames)", file=sys.stderr)


def main(argv=None) -> int:
    top, snap = parser()
    args = top.parse_args(argv)
    if args.command == "cite":
        return run_cite(args)
    if args.command == "story":
        try:
            return run_story(args)
        except (LayerError, SnapshotError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    check(snap, args)
    try:
        layer = load_layer(args.data)
        if args.compare:
            return run_compare(layer, args)
        return run_series(layer, args) if args.years else run_one(layer, args)
    except (LayerError, SnapshotError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
