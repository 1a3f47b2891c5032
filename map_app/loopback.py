"""A loopback HTTP server that hands the renderer's Chromium a PNG's page and its data while it renders.

A standalone page carries its places in the page itself: at 100,000 places that is 29 MB, which folium's
render copied several times over and Playwright's message to Chromium copied once more (about 300 MB of the
app's peak). A PNG's page is instead opened from this server and fetches its data from it, as the app's map
fetches its published file; a text is written out in slices, never copied whole. The page and its data share
this origin: Chromium refuses a loopback fetch from any other page (Private Network Access).

Each text is served at an unguessable address, only on 127.0.0.1, and only while its render runs.
"""

import contextlib
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLICE = 1 << 20  # characters encoded and written at a time
TYPES = {".json": "application/json; charset=utf-8", ".html": "text/html; charset=utf-8"}


class Loopback:
    """One server on a free port of 127.0.0.1, in a daemon thread; `serving()` lends its addresses."""

    def __init__(self):
        self._texts: dict[str, str] = {}
        texts = self._texts

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the name http.server calls)
                name = self.path.lstrip("/")
                text = texts.get(name)
                if text is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", TYPES[name[name.rindex("."):]])
                self.end_headers()  # HTTP/1.0: the body ends when the connection closes
                for start in range(0, len(text), SLICE):
                    self.wfile.write(text[start:start + SLICE].encode())

            def log_message(self, *args):  # a render's fetches are no news
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}/"
        threading.Thread(target=self._server.serve_forever, name="loopback", daemon=True).start()

    @contextlib.contextmanager
    def serving(self):
        """Yield `publish(text, suffix=".json") -> address`; its addresses stop answering when the block ends."""
        names = []

        def publish(text: str, suffix: str = ".json") -> str:
            name = secrets.token_urlsafe(18) + suffix
            self._texts[name] = text
            names.append(name)
            return self.origin + name

        try:
            yield publish
        finally:
            for name in names:
                self._texts.pop(name, None)

    def close(self):
        self._server.shutdown()
        self._server.server_close()
