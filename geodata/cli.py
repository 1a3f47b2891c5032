"""`python -m geodata`: validate, export and cite layers, and write the borders of a day (mirrors the library).

Exit codes: 0 success, 1 the data has problems, 2 bad arguments.
"""

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from geodata.bibliography import BIBLIOGRAPHY_FORMATS, bibliography
from geodata.borders import borders_geojson
from geodata.coverage import coverage, report
from geodata.errors import LayerError, LoadError, ValidationError
from geodata.export import FORMATS, export
from geodata.io import BUNDLED_LAYER, LIMITS, load_layer, read_collection, write_whole
from geodata.places import PLACES, dumps, read_folder
from geodata.schema import KINDS
from geodata.timeline import select, state_on, with_events_between
from geodata.validate import validate_collection


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {text!r}") from None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m geodata", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check layer files; one line per problem")
    check.add_argument("paths", nargs="*", type=Path,
                       help=f"layer files or folders of feature files (default: {BUNDLED_LAYER.name})")

    build = commands.add_parser("build", help="join the curated feature files into the bundled layer")
    build.add_argument("--places", type=Path, default=PLACES, help="folder of feature files")
    build.add_argument("--out", type=Path, default=BUNDLED_LAYER, help="layer file to write")

    cover = commands.add_parser("coverage", help="count what a layer holds; list weak facts and duplicates")
    cover.add_argument("--data", type=Path, default=BUNDLED_LAYER,
                       help="layer file or folder of feature files (default: the bundled layer)")

    out = commands.add_parser("export", help="export a layer: GeoJSON, CSV, Linked Places JSON or TSV, "
                              "GeoPackage, GeoParquet")
    out.add_argument("--format", choices=FORMATS, required=True)
    out.add_argument("--data", type=Path, default=BUNDLED_LAYER, help="layer file (default: the bundled layer)")
    out.add_argument("--date", type=_day, help="add each feature's name and status on this day")
    out.add_argument("--from", dest="start", type=_day, help="only features with an event on or after this day")
    out.add_argument("--to", dest="end", type=_day, help="... and on or before this day")
    out.add_argument("--kind", choices=KINDS, action="append", help="only this kind (repeatable)")
    out.add_argument("--out", type=Path, required=True, help="file to write ('-' for standard output)")

    bib = commands.add_parser("bibliography", help="the sources of the chosen places, each once: CSL-JSON, "
                              "BibTeX or RIS")
    bib.add_argument("--format", choices=tuple(BIBLIOGRAPHY_FORMATS), required=True)
    bib.add_argument("--data", type=Path, default=BUNDLED_LAYER, help="layer file (default: the bundled layer)")
    bib.add_argument("--date", type=_day, help="only the places on the map of this day")
    bib.add_argument("--from", dest="start", type=_day, help="only places with an event on or after this day")
    bib.add_argument("--to", dest="end", type=_day, help="... and on or before this day")
    bib.add_argument("--kind", choices=KINDS, action="append", help="only this kind (repeatable)")
    bib.add_argument("--accessed", type=_day, help="the day the sources count as accessed (default: today)")
    bib.add_argument("--out", type=Path, required=True, help="file to write ('-' for standard output)")

    borders = commands.add_parser("borders", help="write the states on a day as GeoJSON (borders of the time)")
    borders.add_argument("--date", type=_day, required=True, help="the day, YYYY-MM-DD")
    borders.add_argument("--out", type=Path, required=True, help="file to write ('-' for standard output)")
    return top


def run_validate(paths) -> int:
    problems = []
    for path in paths or [BUNDLED_LAYER]:
        try:
            problems.extend(validate_collection(read_collection(path), path, LIMITS["max_problems"]))
        except LoadError as exc:
            print(exc, file=sys.stderr)
            return 1
    for problem in problems:
        print(problem)
    if not problems:
        print(f"ok: {', '.join(str(p) for p in paths or [BUNDLED_LAYER])}", file=sys.stderr)
    return 1 if problems else 0


def run_build(args) -> int:
    collection = read_folder(args.places)
    problems = validate_collection(collection, args.places)
    for problem in problems:
        print(problem)
    if problems:
        print(f"not written: {len(problems)} problems", file=sys.stderr)
        return 1
    args.out.write_text(dumps(collection), encoding="utf-8")
    print(f"wrote {len(collection['features'])} features to {args.out}", file=sys.stderr)
    return 0


def _chosen(args, layer):
    """The features an export names: kinds, events in a period, and (for a bibliography) on the map of a day."""
    mask = select(layer, kinds=args.kind)
    if args.start or args.end:
        mask &= with_events_between(layer, args.start or dt.date(1, 1, 1), args.end or dt.date(9999, 12, 31))
    return mask


def _emit(out: Path, data, what: str) -> int:
    data = data.encode("utf-8") if isinstance(data, str) else data
    if str(out) == "-":
        sys.stdout.buffer.write(data)
        return 0
    try:
        write_whole(out, data)
    except OSError as exc:  # a missing folder, a folder, a full disk: say which, and leave nothing behind
        print(f"cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {what} to {out}", file=sys.stderr)
    return 0


def run_export(args) -> int:
    layer = load_layer(args.data)
    mask = _chosen(args, layer)
    return _emit(args.out, export(layer, args.format, mask, args.date), f"{int(mask.sum())} features")


def run_bibliography(args) -> int:
    layer = load_layer(args.data)
    mask = _chosen(args, layer)
    if args.date:
        mask &= state_on(layer, args.date)["exists"].to_numpy(dtype=bool)
    text = bibliography(layer, args.format, mask, args.accessed)
    return _emit(args.out, text, f"the sources of {int(mask.sum())} places")


def run_borders(args) -> int:
    collection = borders_geojson(args.date)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
    if str(args.out) == "-":
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {len(collection['features'])} states on {args.date} to {args.out}", file=sys.stderr)
    if collection["caveat"]:
        print(f"caveat: {collection['caveat']}", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "validate":
            return run_validate(args.paths)
        if args.command == "build":
            return run_build(args)
        if args.command == "coverage":
            sys.stdout.write(report(coverage(load_layer(args.data))))
            return 0
        if args.command == "borders":
            return run_borders(args)
        if args.command == "bibliography":
            return run_bibliography(args)
        return run_export(args)
    except ValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    except LayerError as exc:
        print(exc, file=sys.stderr)
        return 1
