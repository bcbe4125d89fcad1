"""Shared fixtures: the site is built once per test session.

The software's tests run on fixture meetings (tests/fixtures/, see its
README.md), never on the live data/ and docs/: `site_dir` is the online site
(mkdocs build --strict) of the frozen concept-note meeting (`NOTE`),
`offline_dir` its offline edition unpacked from the zip that
`python -m macros.cli.build --archive` (make archive) makes. The live content is checked only by rules
that hold for any meeting: the crawls of every page (axe, phone widths,
requests, errors) run over `live_site_dir` and `live_offline_dir`, the site
built from this checkout's own data/ and docs/. Each is built once, into
temporary folders, from a copy of the project's code with that meeting's content.

Browser tests (tests/browser/, marked `browser`) use the fixtures of
the second half of this file: `browser`, the two editions `served` and
`archive` (or `edition`, parametrised over both), the light desktop context
`desktop`, `page_in(context)`, `axe(page)` and the crawls of every page
(`served_crawl`, `archive_crawl`, or `crawl` for each in turn; see crawl.py).
Plain helpers are imported from here:

    from conftest import LANGS, Edition, html_lang, pages
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from macros.build import engine
from macros.cli import chromium

import crawl as crawler

ROOT = Path(__file__).resolve().parent.parent
# The engine of the test builds: ENGINE (macros/build/engine.py), mkdocs by default.
ENGINE = engine.name()
LANGS = ("en", "es")
VERSION = "test-edition"
SITE_URL = "https://example.org/"  # the online site's address in the test builds


def _git_dir() -> str | None:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--absolute-git-dir"], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.strip()
            or None
        )
    except (OSError, subprocess.CalledProcessError):
        return None


GIT_DIR = _git_dir()


def build_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_VERSION": VERSION, "SOURCE_DATE_EPOCH": "1632096000"}
    # As the publishing workflow builds: the online site takes its address from
    # SITE_URL (a host's root, so the 404 pages' absolute links work on the test
    # server); the offline edition must come out the same with it as without.
    env["SITE_URL"] = SITE_URL
    env.pop("OFFLINE", None)
    if GIT_DIR:  # builds of a copy of the sources read this checkout's history (page dates)
        env["GIT_DIR"] = GIT_DIR
    env.update(extra)
    return env


def mkdocs_build(root: Path, site: Path, engine_name: str = ENGINE, **env: str) -> subprocess.CompletedProcess:
    """`<engine> build --strict` of the project at `root` into `site` (the engine ENGINE names unless given)."""
    return subprocess.run(
        engine.command("build", root / "mkdocs.yml", "--strict", "--site-dir", str(site), value=engine_name),
        cwd=root,
        env=build_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


FIXTURES = ROOT / "tests" / "fixtures"
NOTE = FIXTURES / "note"  # the concept note's meeting, frozen: the fidelity tests' content
CONTENT = ("data", "docs")  # with mkdocs.yml, what belongs to one meeting
CODE = ("macros", "overrides", "schemas")  # with pyproject.toml, the software every meeting shares


def copy_project(target: Path, meeting: Path = NOTE) -> Path:
    """The project's code with a meeting's content (a fixture's, or the live one's: meeting=ROOT)
    copied to `target`, to build or check, possibly after editing it."""
    target.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__")
    for name in CODE:
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    for name in CONTENT:
        shutil.copytree(meeting / name, target / name, ignore=ignore)
    shutil.copy2(meeting / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def nav_slugs(meeting: Path = NOTE) -> list[str]:
    from macros.pages.sources import nav_slugs as read

    return read(meeting / "mkdocs.yml")


@pytest.fixture(scope="session")
def slugs() -> list[str]:
    """The pages of the fixture meeting NOTE, in navigation order."""
    return nav_slugs()


@pytest.fixture(scope="session")
def live_slugs() -> list[str]:
    """The pages of the live site, in navigation order."""
    return nav_slugs(ROOT)


@pytest.fixture(scope="session")
def dataset():
    """The data of the fixture meeting NOTE."""
    from macros.content.validate import load_dataset

    return load_dataset(NOTE / "data")


BUILT = {
    "offline_zip",
    "offline_dir",
    "site_dir",
    "site_server",
    "pages_server",
    "live_offline_zip",
    "live_offline_dir",
    "live_site_dir",
    "live_site_server",
    "each_site",
    "meeting_b_site",
}


def crawl_group(item) -> str | None:
    """The crawl a test reads ("crawl-served" or "crawl-archive"), if any."""
    fixtures = set(getattr(item, "fixturenames", ()))
    if "crawl" in fixtures:
        return f"crawl-{item.callspec.params['crawl']}"
    for name in EDITIONS:
        if f"{name}_crawl" in fixtures:
            return f"crawl-{name}"
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(items):
    """The order in which pytest-xdist hands out the tests (`--no-loadscope-reorder` keeps it).

    The tests of one crawl are one group, kept on one worker by `--dist loadgroup` (see the
    Makefile), so each edition is crawled once. Handed out in this order:
    - the served site's crawl, the longest piece of work, which starts at once on one worker;
    - the tests that need no build, on the others, so progress shows from the first second;
    - the offline edition's crawl and the tests marked `long`, so that no worker is left alone
      with one of them at the end;
    - the other browser tests, and last the short tests that read the built editions.
    """

    def stage(item) -> int:
        group = crawl_group(item)
        browser = item.get_closest_marker("browser") is not None
        if group == "crawl-served":
            return 0
        if not browser and not BUILT & set(getattr(item, "fixturenames", ())):
            return 1
        if group or item.get_closest_marker("long") is not None:
            return 2
        return 3 if browser else 4

    for item in items:
        group = crawl_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    items.sort(key=stage)


def built_once(tmp_path_factory, name: str, build) -> Path:
    """`build(folder)` run once per test run, even across pytest-xdist workers.

    The workers share the parent of their temporary folders; a lock file lets
    the first worker build while the others wait, then all reuse the result.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / f"{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (shared / f"{name}.done").touch()
    return folder


def _offline_zip(tmp_path_factory, name: str, meeting: Path) -> Path:
    """The offline edition's zip of `meeting`, built by `python -m macros.cli.build --archive` in a copy of the project."""

    def build(folder: Path) -> None:
        root = copy_project(folder / "project", meeting)
        result = subprocess.run(
            [sys.executable, "-m", "macros.cli.build", "--archive"],
            cwd=root,
            env=build_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    zips = list((built_once(tmp_path_factory, name, build) / "project" / "dist").glob("*.zip"))
    assert len(zips) == 1, zips
    return zips[0]


def _unpacked(tmp_path_factory, name: str, offline_zip: Path) -> Path:
    """An offline edition, unpacked as a reader would."""

    def unpack(folder: Path) -> None:
        with zipfile.ZipFile(offline_zip) as archive:
            archive.extractall(folder)

    target = built_once(tmp_path_factory, name, unpack)
    (folder,) = [p for p in target.iterdir() if p.is_dir()]
    return folder


def _online(tmp_path_factory, name: str, offline_zip: Path) -> Path:
    """The online site, built after the archive so it offers it for download (with SITE_URL, see build_env)."""

    def build(folder: Path) -> None:
        result = mkdocs_build(offline_zip.parent.parent, folder / "site")
        assert result.returncode == 0, result.stdout + result.stderr

    return built_once(tmp_path_factory, name, build) / "site"


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The offline edition's zip of the fixture meeting NOTE."""
    return _offline_zip(tmp_path_factory, "archive", NOTE)


@pytest.fixture(scope="session")
def offline_dir(offline_zip, tmp_path_factory) -> Path:
    """The offline edition of NOTE, unpacked."""
    return _unpacked(tmp_path_factory, "unpacked", offline_zip)


@pytest.fixture(scope="session")
def site_dir(offline_zip, tmp_path_factory) -> Path:
    """The online site of NOTE."""
    return _online(tmp_path_factory, "site", offline_zip)


@pytest.fixture(scope="session")
def live_offline_zip(tmp_path_factory) -> Path:
    """The offline edition's zip of the live data/ and docs/."""
    return _offline_zip(tmp_path_factory, "live-archive", ROOT)


@pytest.fixture(scope="session")
def live_offline_dir(live_offline_zip, tmp_path_factory) -> Path:
    return _unpacked(tmp_path_factory, "live-unpacked", live_offline_zip)


@pytest.fixture(scope="session")
def live_site_dir(live_offline_zip, tmp_path_factory) -> Path:
    """The online site of the live data/ and docs/."""
    return _online(tmp_path_factory, "live-site", live_offline_zip)


@pytest.fixture(scope="session", params=("note", "live"))
def each_site(request) -> Path:
    """Each online site in turn, for the output checks that hold for any meeting: the fixture
    meeting NOTE's, then the live one's."""
    return request.getfixturevalue("site_dir" if request.param == "note" else "live_site_dir")


# --- Browser tests (tests/browser/) -----------------------------------
# Chromium driven by Playwright's sync API: Debian's chromium package, since
# Playwright's own browser download needs the network.


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    path = chromium.path()
    if path is None:
        pytest.fail(
            "No Chromium found for the browser tests: install Debian's chromium package "
            "(apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable "
            f"(CHROMIUM_PATH={os.environ.get('CHROMIUM_PATH')!r}).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(executable_path=path, headless=True, args=chromium.ARGS)
    except Exception:
        playwright.stop()
        raise
    yield launched
    launched.close()
    playwright.stop()


@contextlib.contextmanager
def serve(site: Path, one_404: bool = False):
    """`site` served on 127.0.0.1 at a free port; yields the base URL ("http://127.0.0.1:PORT/").

    A missing path answers 404 with the Spanish 404 page under /es/ and the
    English one elsewhere, as README's hosting notes ask of a server; with
    `one_404`, with the root 404.html for every path, as GitHub Pages does.
    """
    from http.server import ThreadingHTTPServer

    from macros.cli.local_server import QuietHandler, serving

    class Handler(QuietHandler):
        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            spanish = self.path.startswith("/es/") and not one_404
            page = site / "es" / "404.html" if spanish else site / "404.html"
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            # The browser drops connections it no longer needs (a page left
            # mid-load): not worth a traceback. Anything else is reported.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    with serving(site, Handler, Server) as url:
        yield url


@pytest.fixture(scope="session")
def site_server(site_dir):
    """`site_dir` served over HTTP, each language's 404 page under its folder; yields the base URL."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def live_site_server(live_site_dir):
    """`live_site_dir` served over HTTP, as `site_server` serves the fixture's."""
    with serve(live_site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def pages_server(site_dir):
    """`site_dir` served as GitHub Pages serves it: the root 404.html for every missing path."""
    with serve(site_dir, one_404=True) as url:
        yield url


# --- Editions -----------------------------------------------------------------

OTHER = {"en": "es", "es": "en"}
EDITIONS = ("served", "archive")


@dataclass(frozen=True)
class Edition:
    """One edition of the built site as a browser reaches it."""

    name: str  # "served" (HTTP on 127.0.0.1) or "archive" (the unpacked zip, file://)
    base: str  # URL of the site's root, ending in "/"
    directory_urls: bool  # /slug/ online, slug.html offline

    def url(self, lang: str, slug: str) -> str:
        prefix = "" if lang == "en" else f"{lang}/"
        if self.directory_urls:
            path = "" if slug == "index" else f"{slug}/"
        else:
            path = f"{slug}.html"
        return self.base + prefix + path

    def locate(self, url: str) -> tuple[str, str] | None:
        """(language, slug) of a page URL of this edition; None outside it."""
        url = url.split("#", 1)[0].split("?", 1)[0]
        if not url.startswith(self.base):
            return None
        rest = url[len(self.base) :]
        lang = "en"
        for other in LANGS:
            if other != "en" and (rest == other or rest.startswith(f"{other}/")):
                lang, rest = other, rest[len(other) + 1 :]
        rest = rest.removesuffix("index.html").rstrip("/").removesuffix(".html")
        return lang, rest or "index"

    def allowed_request(self, url: str) -> bool:
        """Whether a request stays inside the edition (no other host, no network offline)."""
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):
            return True
        if self.name == "served":
            return parts.scheme == "http" and parts.netloc == urlsplit(self.base).netloc
        return parts.scheme == "file"


@pytest.fixture(scope="session")
def served(site_server) -> Edition:
    return Edition("served", site_server, directory_urls=True)


@pytest.fixture(scope="session")
def archive(offline_dir) -> Edition:
    assert (offline_dir / "index.html").is_file() and (offline_dir / "es" / "index.html").is_file()
    return Edition("archive", offline_dir.as_uri() + "/", directory_urls=False)


@pytest.fixture(scope="session")
def live_served(live_site_server) -> Edition:
    return Edition("served", live_site_server, directory_urls=True)


@pytest.fixture(scope="session")
def live_archive(live_offline_dir) -> Edition:
    assert (live_offline_dir / "index.html").is_file() and (live_offline_dir / "es" / "index.html").is_file()
    return Edition("archive", live_offline_dir.as_uri() + "/", directory_urls=False)


@pytest.fixture(scope="session", params=EDITIONS)
def edition(request) -> Edition:
    """Each edition in turn: the served site, then the offline archive."""
    return request.getfixturevalue(request.param)


def pages(slugs) -> list[tuple[str, str]]:
    """(language, slug) of every page of both languages."""
    return [(lang, slug) for lang in LANGS for slug in slugs]


def html_lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


# --- Browser contexts ---------------------------------------------------------
# The desktop context is shared by the tests of a module; each test opens its
# own pages with `page_in(context)`, closed after it.
#
# It asks for reduced motion, as a reader's system setting can: Material then
# switches its transitions off, so a click on a menu that slides open does not
# wait for the slide. What each click does is the same; the crawl (crawl.py)
# keeps the default motion.

DESKTOP = crawler.DESKTOP
NARROW_WIDTH = crawler.PHONE_WIDTHS[0]  # the narrowest phone: the offline edition is crawled at it too


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP, color_scheme="light", reduced_motion="reduce")
    yield context
    context.close()


@pytest.fixture
def page_in():
    """page_in(context): a new page in that context, closed after the test."""
    opened = []

    def open_page(context):
        page = context.new_page()
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


# --- Accessibility: axe-core --------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

AXE_RUN = """async ([tags, rules]) => {
  const only = rules ? {type: "rule", values: rules} : {type: "tag", values: tags};
  const results = await axe.run(document, {runOnly: only, resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(node => node.target.join(" ")),
  }));
}"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, as shipped with axe-playwright-python (no network)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def axe(axe_source):
    """axe(page) -> one line per WCAG 2.x A/AA violation on the loaded page (empty when none);
    axe(page, rules=[...]) runs only those rules."""

    def run(page, rules: list[str] | None = None) -> list[str]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated by the browser's debugging protocol, not as a <script> of the page, which
            # the site's Content-Security-Policy would refuse (rightly: it is not the site's).
            page.evaluate(axe_source)
        return [
            f"{v['id']} ({v['impact']}) {v['help']} - {v['count']} node(s), e.g. {v['targets']}"
            for v in page.evaluate(AXE_RUN, [AXE_TAGS, rules])
        ]

    return run


# --- Crawls: every page of an edition, loaded once (crawl.py) --------------------
# They audit the live site, built from this checkout's data/ and docs/: what the tests of a
# crawl assert holds for any meeting (they take the pages from `live_slugs`).


@pytest.fixture(scope="session")
def served_crawl(browser, live_served, live_slugs, axe, axe_source) -> tuple[Edition, list[crawler.Visit]]:
    """Every page of the served live site: errors, requests, phone widths, axe (light, 390 px, dark)
    and the page-specific probes."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    # axe-core sent to the browser once and run in every page as it is created, rather than
    # injected into each page after it loads (half a megabyte over Playwright's pipe each time).
    context.add_init_script(script=axe_source)
    try:
        return live_served, crawler.crawl(context, live_served, pages(live_slugs), axe=axe, probes=crawler.PROBES)
    finally:
        context.close()


@pytest.fixture(scope="session")
def archive_crawl(browser, live_archive, live_slugs) -> tuple[Edition, list[crawler.Visit]]:
    """Every page of the live offline edition from disk: errors, requests and the width at 320 px."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    try:
        return live_archive, crawler.crawl(context, live_archive, pages(live_slugs), widths=(NARROW_WIDTH,))
    finally:
        context.close()


@pytest.fixture(scope="session", params=EDITIONS)
def crawl(request) -> tuple[Edition, list[crawler.Visit]]:
    """Each edition's crawl in turn: the served site, then the offline archive."""
    return request.getfixturevalue(f"{request.param}_crawl")
