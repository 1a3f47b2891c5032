"""`python -m map_app.serve [streamlit run options]`: the app, with its heavy parts ready before the first visit.

`streamlit run` imports the app's libraries and loads its layer when the first browser connects, so the first
visitor waits for them. This imports and loads them first and starts the PNG export's browser with one small
render (two or three seconds), then hands over to Streamlit's own command line in the same process, where the
app script finds them imported, the layer and the borders in geodata.cache, and the browser warm.
"""

import contextlib
import os
import sys
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


def main(argv=None):
    from streamlit.web import cli

    warm()
    bound_uploads()
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
