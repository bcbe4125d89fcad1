"""At the end of a build (`mkdocs build`, or `make serve` stopping), the
process's objects are left for the operating system to reclaim instead of
being collected one by one.

As it exits, Python runs its garbage collector over every object still
alive: the data's models, the compiled templates, Babel's locale data, the
theme's environments, a tenth of a strict build's time here, for memory the
operating system frees at once. gc.freeze() puts them out of the collector's
reach. Nothing is lost: the files are written and closed, and the logs
flushed, before this event.
"""

from __future__ import annotations

import gc


def on_shutdown() -> None:
    gc.freeze()
