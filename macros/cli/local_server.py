"""A built site served on this machine for the commands and tests that load it in a browser.

`serving(folder)` serves `folder` on 127.0.0.1 at a free port, in a background thread, and
yields its base URL ("http://127.0.0.1:PORT/"); the server stops when the block ends. The
handler (QuietHandler: static files, no log) and the server class may be given: `make
lighthouse` serves gzip, the browser tests answer a missing path with the site's 404 page.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietHandler(SimpleHTTPRequestHandler):
    """The folder's files, without a log line per request."""

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serving(
    folder: Path,
    handler: type[SimpleHTTPRequestHandler] = QuietHandler,
    server_class: type[ThreadingHTTPServer] = ThreadingHTTPServer,
) -> Iterator[str]:
    server = server_class(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serving-{folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
