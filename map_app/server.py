"""Run the app in a child process on a free loopback port, for end-to-end tests and benchmarks."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 60


class AppStartError(Exception):
    """`streamlit run` did not answer its health check in time."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(data=None, log=subprocess.DEVNULL, script=None):
    """Yield (url, process) of the app (`python -m map_app.serve`, as `make run` starts it) on 127.0.0.1, on
    `data` if given; stop it after. `script`: another Streamlit script to run instead (a benchmark baseline)."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "THAW_ATLAS_DATA"}
    if data:
        env["THAW_ATLAS_DATA"] = str(data)
    process = subprocess.Popen(
        [sys.executable, "-m", *(["streamlit", "run", str(script)] if script else ["map_app.serve"]),
         "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT if log is not subprocess.DEVNULL else log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # busy in a long load, it has not heard the signal yet
            process.kill()
            process.wait()


def _wait_until_healthy(url, process):
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AppStartError(f"streamlit exited with code {process.returncode}")
        try:
            urlopen(url + "/_stcore/health", timeout=1)
            return
        except OSError:
            time.sleep(0.25)
    raise AppStartError(f"streamlit did not answer at {url} within {START_SECONDS} s")
