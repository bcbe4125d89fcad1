"""Debian's Chromium, as the browser tests (Playwright) and pa11y (Puppeteer) start it.

One executable and one list of switches for both: headless on a machine with
no network but the package registries, where Chromium's background
connections would only be refused.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def path() -> str | None:
    """CHROMIUM_PATH, else /usr/bin/chromium, else chromium on the PATH."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")
