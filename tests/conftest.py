"""Shared fixtures: the site is built once per test session.

`site_dir` is the online site (mkdocs build --strict), `offline_dir` the
offline edition unpacked from the zip that `python -m macros.archive` makes.
Both are built from this checkout into temporary folders.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
LANGS = ("en", "es")
VERSION = "test-edition"


def build_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_VERSION": VERSION, "SOURCE_DATE_EPOCH": "1632096000"}
    env.pop("OFFLINE", None)
    env.update(extra)
    return env


def mkdocs_build(root: Path, site: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(site)], cwd=root,
                          env=build_env(**env), capture_output=True, text=True, timeout=300)


def copy_project(target: Path) -> Path:
    """A copy of the project's sources, to build with edited data."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("data", "docs", "macros", "overrides"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy2(ROOT / name, target / name)
    return target


def nav_slugs() -> list[str]:
    from macros.pages import nav_slugs as read

    return read(ROOT / "mkdocs.yml")


@pytest.fixture(scope="session")
def slugs() -> list[str]:
    return nav_slugs()


@pytest.fixture(scope="session")
def dataset():
    from macros.validate import load_dataset

    return load_dataset(ROOT / "data")


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The offline edition's zip, built by macros.archive in a copy of the project."""
    root = copy_project(tmp_path_factory.mktemp("archive-project"))
    result = subprocess.run([sys.executable, "-m", "macros.archive"], cwd=root, env=build_env(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    zips = list((root / "dist").glob("*.zip"))
    assert len(zips) == 1, zips
    return zips[0]


@pytest.fixture(scope="session")
def offline_dir(offline_zip, tmp_path_factory) -> Path:
    """The offline edition, unpacked as a reader would."""
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    return folder


@pytest.fixture(scope="session")
def site_dir(offline_zip, tmp_path_factory) -> Path:
    """The online site, built after the archive so it offers it for download."""
    root = offline_zip.parent.parent
    site = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


# --- Browser tests (tests/test_browser.py) ------------------------------------
# Chromium driven by Playwright's sync API: Debian's chromium package, since
# Playwright's own browser download needs the network.

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    """CHROMIUM_PATH, else /usr/bin/chromium, else chromium on the PATH."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    path = chromium_path()
    if path is None:
        pytest.fail("No Chromium found for the browser tests: install Debian's chromium package "
                    "(apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable "
                    f"(CHROMIUM_PATH={os.environ.get('CHROMIUM_PATH')!r}).", pytrace=False)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def site_server(site_dir):
    """`site_dir` served on 127.0.0.1 at a free port; yields the base URL ("http://127.0.0.1:PORT/").

    A missing path answers 404 with the Spanish 404 page under /es/, the English one elsewhere.
    """
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # quiet
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            page = site_dir / "es" / "404.html" if self.path.startswith("/es/") else site_dir / "404.html"
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            # The browser drops connections it no longer needs (a page left
            # mid-load): not worth a traceback. Anything else is reported.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), functools.partial(Handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
