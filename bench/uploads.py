"""The app's memory under concurrent uploads, and after their sessions end (issue #13).

    python bench/uploads.py               # five browsers each send a different 49 MB layer at once, twice
    python bench/uploads.py --users 2 --features 10000   # smaller, for a quick look

Starts the app as `make run` does, opens one browser page per user, gives each page's uploader its own file
at the same moment, and waits until every page confirms its file ("Read N features ..."). The server's
resident memory (the process and its children: the PNG renderer's Chromium) is sampled throughout. Then every
page is closed and the bench waits for Streamlit to end the disconnected sessions (after
`server.disconnectedSessionTTL`, 120 s by default) and for the memory to come back down.

Prints the figures against the budget, then a last line of JSON.
"""

import argparse
import json
import sys
import threading
import time
from pathlib import Path

import generate

from map_app.server import running_app

BUDGET_MB = 3072  # the server under five concurrent 50 MB uploads (issue #13)
SESSION_TTL_S = 120  # Streamlit's server.disconnectedSessionTTL
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue  # it ended meanwhile
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        todo += [int(child) for child in children]
    return total / 1024


class Sampler(threading.Thread):
    """Samples a process tree's memory every `every` seconds; `peak` since the last `reset`."""

    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.now = self.peak = tree_rss_mb(pid)
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(self.every):
            self.now = tree_rss_mb(self.pid)
            self.peak = max(self.peak, self.now)

    def reset(self):
        self.peak = self.now


def upload_files(users: int, features: int) -> list[Path]:
    """One generated layer per user, each of different content (seeds 1..users), written once under bench/out/."""
    paths = [generate.ensure(features, seed) for seed in range(1, users + 1)]
    for path in paths:
        if path.stat().st_size > 50_000_000:
            sys.exit(f"{path} is over the app's 50,000,000-byte upload limit: use fewer --features")
    return paths


def measure(users: int, features: int, timeout_s: float, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    files = upload_files(users, features)
    log = generate.OUT / "streamlit-uploads.log"
    with open(log, "w") as out, running_app(log=out) as (url, process), sync_playwright() as p:
        sampler = Sampler(process.pid)
        sampler.start()
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        figures = {"users": users, "features_each": features, "budget_mb": BUDGET_MB,
                   "file_mb_each": round(files[0].stat().st_size / 1e6, 1), "rounds": []}
        for _ in range(rounds):
            figures["rounds"].append(one_round(browser, url, files, features, sampler, timeout_s))
        browser.close()
        sampler.stopped.set()
    figures["within_budget"] = all(r["peak_mb"] <= BUDGET_MB for r in figures["rounds"])
    return figures


def one_round(browser, url, files, features, sampler, timeout_s) -> dict:
    """Every user opens the app and sends a file at once; then every tab closes and the sessions end."""
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in files]
    pages = [context.new_page() for context in contexts]
    for page in pages:
        page.goto(url, timeout=timeout_s * 1000)
        page.wait_for_selector('input[type="file"]', state="attached", timeout=timeout_s * 1000)
    time.sleep(2)
    idle_mb = sampler.now
    sampler.reset()
    started = time.monotonic()
    for page, path in zip(pages, files, strict=True):  # each browser sends its file on its own
        page.locator('input[type="file"]').first.set_input_files(str(path))
    confirmed = []
    for n, page in enumerate(pages):
        try:
            page.get_by_text(f"Read {features} features", exact=False).first.wait_for(timeout=timeout_s * 1000)
        except Exception:
            page.screenshot(path=str(generate.OUT / f"uploads-user{n}.png"))
            raise
        confirmed.append(round(time.monotonic() - started, 1))
    peak_mb, loaded_mb = sampler.peak, sampler.now
    for context in contexts:
        context.close()
    closed = time.monotonic()
    while time.monotonic() - closed < SESSION_TTL_S + 240:  # the sessions end, then memory comes down
        time.sleep(5)
        if sampler.now < idle_mb + 400:
            break
    return {"idle_mb": round(idle_mb), "peak_mb": round(peak_mb), "loaded_mb": round(loaded_mb),
            "after_sessions_end_mb": round(sampler.now), "after_s": round(time.monotonic() - closed),
            "confirmed_s": confirmed}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=5)
    parser.add_argument("--features", type=int, default=64_000, help="features in each user's file (~49 MB)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of uploads, each after the last ended")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for each step")
    args = parser.parse_args(argv)
    figures = measure(args.users, args.features, args.timeout, args.rounds)
    print(f"{figures['users']} users, each uploading {figures['file_mb_each']} MB ({figures['features_each']} "
          f"features), at once; budget {BUDGET_MB} MB: {'met' if figures['within_budget'] else 'MISSED'}")
    for n, r in enumerate(figures["rounds"], 1):
        seconds = ", ".join(map(str, r["confirmed_s"]))
        print(f"round {n}: idle {r['idle_mb']} MB, peak while loading {r['peak_mb']} MB, all files confirmed "
              f"{r['loaded_mb']} MB (after {seconds} s), sessions ended {r['after_sessions_end_mb']} MB "
              f"({r['after_s']} s after the tabs closed)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
