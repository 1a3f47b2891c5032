"""What the worst files cost before they are refused (issue #13): CPU seconds and peak memory of reading each
one as the app reads an upload (`map_app.upload.read_upload`), in a fresh process each.

    python bench/hostile.py

The files are made here, each just under the 50,000,000-byte upload limit where its kind allows. Prints one
line a file, then a last line of JSON.
"""

import json
import resource
import subprocess
import sys
import time

from geodata.formats.csv import CSV_REQUIRED
from geodata.io import LIMITS

LIMIT = LIMITS["upload_bytes"]
HEADER = ",".join(CSV_REQUIRED) + "\n"
BAD_ROW = "{id},bad,bad,ZZ,99,999,d,n,n,xx,maybe,s,1961-13-45,t,ftp://x\n"


def escaped_quotes() -> tuple[str, bytes]:
    return "quotes.geojson", b'{"type": "FeatureCollection", "features": ["' + b'\\"' * ((LIMIT - 60) // 2) + b'"]}'


def deep_nesting() -> tuple[str, bytes]:
    half = (LIMIT - 10) // 2
    return "deep.json", b"[" * half + b"]" * half


def broken_features() -> tuple[str, bytes]:
    count = LIMITS["max_features"] - 1
    features = ",".join(['{"type": "Feature"}'] * count)
    return "broken.geojson", ('{"type": "FeatureCollection", "features": [' + features + "]}").encode()


def broken_csv_rows() -> tuple[str, bytes]:
    rows = "".join(BAD_ROW.format(id=f"x{n}") for n in range(LIMITS["max_features"] - 1))
    return "broken-rows.csv", (HEADER + rows).encode()


def endless_names_csv() -> tuple[str, bytes]:
    rows = BAD_ROW.format(id="x") * ((LIMIT - len(HEADER)) // len(BAD_ROW.format(id="x")))
    return "one-feature.csv", (HEADER + rows).encode()


def too_many_rows_csv() -> tuple[str, bytes]:
    rows = "".join(BAD_ROW.format(id=f"x{n}") for n in range(452_000))
    return "452k-rows.csv", (HEADER + rows).encode()


FILES = (escaped_quotes, deep_nesting, broken_features, broken_csv_rows, endless_names_csv, too_many_rows_csv)


def measure_one(maker_name: str) -> dict:
    """In this process: make the file, then read it as an upload; CPU seconds of the read alone."""
    from map_app.upload import read_upload

    name, data = globals()[maker_name]()
    cpu, wall = time.process_time(), time.perf_counter()
    result = read_upload(data, name)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    said = result.error or (result.problems[-1] if result.problems else "accepted")
    return {"file": name, "mb": round(len(data) / 1e6, 1), "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "refused": not result.usable, "said": said[:140]}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure_one(sys.argv[2])))
        return
    results = []
    for maker in FILES:
        out = subprocess.run([sys.executable, __file__, "--one", maker.__name__], capture_output=True, text=True,
                             check=True)
        figures = json.loads(out.stdout.splitlines()[-1])
        results.append(figures)
        print(f"{figures['file']:<20} {figures['mb']:>5} MB  cpu {figures['cpu_s']:>5} s  "
              f"peak {figures['peak_mb']:>5} MB  {'refused' if figures['refused'] else 'ACCEPTED'}: {figures['said']}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
