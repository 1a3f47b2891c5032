"""`python -m map_app.serve [streamlit run options]`: the app, with its heavy parts ready before the first visit.

`streamlit run` imports the app's libraries and loads its layer when the first browser connects, so the first
visitor waits for them. This imports and loads them first and starts the PNG export's browser with one small
render (two or three seconds), then hands over to Streamlit's own command line in the same process, where the
app script finds them imported, the layer and the borders in geodata.cache, and the browser warm.
"""

import contextlib
import ctypes
import gc
import os
import sys
import threading
import time
from pathlib import Path

APP = Path(__file__).with_name("app.py")


def warm():
    """Nothing of Streamlit here: its components and config belong to the server started after this."""
    import altair  # noqa: F401

    from geodata import load_layer
    from geodata.errors import LayerError
    from map_app import mapview, tables, view  # noqa: F401
    from map_app.snapshot import Snapshot, SnapshotError, render_png, shared_renderer

    data = os.environ.get("THAW_ATLAS_DATA")
    try:
        layer = load_layer(data) if data else load_layer()
    except (LayerError, OSError):
        return  # the app's page says what is wrong with the data
    mapview.base_map(layer, view.DEFAULTS, controls=(view.EARLIEST, view.LATEST))
    with contextlib.suppress(SnapshotError):  # the PNG export's browser, started and warmed by a small map
        render_png(shared_renderer(), layer, Snapshot(view.DEFAULTS, 400, 250))


KEPT_UPLOADS = 2  # files a session holds at once: the app has two uploaders (a layer and a story)


def bound_uploads():
    """Streamlit keeps every file PUT to a live session until the session ends, under any file id a client
    makes up: eight 45 MB PUTs were eight files held. Its server is given a store that keeps only each
    session's newest files, as many as the app has uploaders; an older one is dropped as a new one arrives."""
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.web.server import server

    class NewestUploads(MemoryUploadedFileManager):
        def add_file(self, session_id, file):
            super().add_file(session_id, file)
            with self._lock:
                held = list(self.file_storage[session_id])  # in the order they came (a dict keeps it)
            for file_id in held[:-KEPT_UPLOADS]:
                self.remove_file(session_id, file_id)

    server.MemoryUploadedFileManager = NewestUploads  # the name Streamlit's server builds its store from
    return NewestUploads


REAP_EVERY_S = 30  # how often closed sessions past Streamlit's server.disconnectedSessionTTL are let go


def reap_sessions():
    """Streamlit keeps a closed tab's session for server.disconnectedSessionTTL seconds, in case it comes
    back, but lets an expired one go only when another session is stored after it, and then without shutting
    it down: its state (an uploaded layer of some hundreds of MB), its upload and its prepared exports stayed.
    Its server is given a session store that a thread reaps every REAP_EVERY_S seconds: each expired session
    is shut down (Streamlit drops its files there) and the memory freed is handed back to the system."""
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.web.server import server

    class ReapedSessions(MemorySessionStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._lock = threading.Lock()  # the reaper's thread and the server's share the store
            threading.Thread(target=self._reap_forever, name="reap-sessions", daemon=True).start()

        def get(self, session_id):
            with self._lock:
                return super().get(session_id)

        def save(self, session_info):
            self.reap()  # storing would drop the expired ones unseen, without shutting them down
            with self._lock:
                super().save(session_info)

        def delete(self, session_id):
            with self._lock:
                super().delete(session_id)

        def list(self):
            with self._lock:
                return super().list()

        def reap(self) -> int:
            with self._lock:
                expired = [info.session for _, info in self._cache.expire()]
            count = len(expired)
            while expired:
                expired.pop().shutdown()
            if count:
                gc.collect()  # the sessions' states are garbage now
                _give_back_memory()
                print(f"{time.strftime('%H:%M:%S')} let go of {count} closed session(s)", file=sys.stderr)
            return count

        def _reap_forever(self):
            while True:
                time.sleep(REAP_EVERY_S)
                with contextlib.suppress(Exception):  # a failed pass must not end the reaping
                    self.reap()

    server.MemorySessionStorage = ReapedSessions  # the name Streamlit's server builds its store from
    return ReapedSessions


def _give_back_memory():
    """glibc keeps freed heap pages for the process unless asked to return them."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def main(argv=None):
    from streamlit.web import cli

    warm()
    bound_uploads()
    reap_sessions()
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
