"""The crawl: every page of an edition loaded once in Chromium, and what the browser tests
measure on it taken from that one load.

Loading a page (and injecting axe-core into it) is most of what a browser test costs, so the
checks share one visit per page: console and page errors, requests, widths from 320 to 430 px
and, on the served site, axe in the light palette, at 390 px for the stacked layouts and in
the dark palette, plus the page-specific measurements of PROBES (screenshots, the agenda's
layout on phones, chart text). The tests in test_browser*.py only read the visits and assert
(fixtures `crawl`, `served_crawl` and `archive_crawl` in conftest.py); pytest-xdist keeps the
tests of one crawl on one worker (`--dist loadgroup`), so each edition is crawled once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DESKTOP = {"width": 1280, "height": 900}
PHONE_HEIGHT = 780
PHONE_WIDTHS = (320, 360, 390, 430)  # small to large phones, portrait
STACKED_WIDTH = 390  # the stacked layouts are checked with axe at this width...
STACKED_SLUGS = ("agenda", "participants", "glossary", "methodology", "justification")  # ...on these pages
SCHEMES = {"light": "default", "dark": "slate"}  # colour scheme -> Material's palette

# The rules whose outcome depends on colours alone: a page's palette (light or dark) changes
# nothing else (same DOM, same layout), so the dark palette is checked with these.
AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"]

# The page's widths at the current viewport width, and what is wider than the screen there: the
# page itself, a table's scroll box or a key figure's value.
TOO_WIDE = """() => {
    const found = [];
    const widths = [document.documentElement.scrollWidth, window.innerWidth];
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
        found.push(`the page: ${document.documentElement.scrollWidth} px`);
    for (const box of document.querySelectorAll("article .table-scroll"))
        if (box.scrollWidth > box.clientWidth + 1)
            found.push(`table.${box.querySelector("table").className.replace(/ /g, ".")}: ` +
                       `${box.scrollWidth} px in ${box.clientWidth} px`);
    for (const value of document.querySelectorAll("article .figure-value"))
        if (value.scrollWidth > value.clientWidth + 1)
            found.push(`figure value "${value.textContent.trim()}" cut`);
    return {widths, found};
}"""

DARK = """() => {
  // Material's palette toggle, done in place: the body takes the attributes of
  // the dark palette's input, as when the page loads in a dark system scheme.
  // Colour transitions are switched off first, so axe reads the final colours.
  // A constructed style sheet: a <style> element would be refused by the site's Content-Security-Policy.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync("*, *::before, *::after { transition: none !important; animation: none !important; }");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const input = document.querySelector('input[data-md-color-media="(prefers-color-scheme: dark)"]');
  for (const key of ["scheme", "primary", "accent"]) {
    document.body.setAttribute(`data-md-color-${key}`, input.getAttribute(`data-md-color-${key}`));
  }
}"""


@dataclass
class Visit:
    """One page of the crawl and what was measured on it."""

    lang: str
    slug: str
    url: str
    status: int | None = None
    html_lang: str = ""
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    # width -> (document scrollWidth, innerWidth), for every phone width measured
    widths: dict[int, tuple[int, int]] = field(default_factory=dict)
    # width -> what is wider than the screen there (TOO_WIDE)
    too_wide: dict[int, list[str]] = field(default_factory=dict)
    # "light" (desktop), "phone" (STACKED_WIDTH, stacked pages only), "dark" (desktop, colour rules)
    # -> axe's violations; empty dict when axe was not run
    axe: dict[str, list[str]] = field(default_factory=dict)
    palettes: dict[str, str | None] = field(default_factory=dict)  # scheme -> body's data-md-color-scheme
    # Content-Security-Policy violations ("directive: blocked (source:line)") and dialogs opened
    # (alert, confirm, prompt), over the whole visit
    csp_violations: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    probes: dict[str, Any] = field(default_factory=dict)  # Probe.name -> what it measured (or ProbeFailed)

    def probe(self, name: str) -> Any:
        """What the probe `name` measured on this page; its error if it failed."""
        assert name in self.probes, f"{self.lang}/{self.slug}: the probe {name!r} did not run here"
        result = self.probes[name]
        if isinstance(result, ProbeFailed):
            raise AssertionError(f"{self.lang}/{self.slug}: the probe {name!r} failed: {result}")
        return result


class ProbeFailed(str):
    """A probe's error, kept for the test that reads it (the crawl goes on)."""


@dataclass(frozen=True)
class Probe:
    """A measurement of one page, taken during the crawl on the page already loaded."""

    name: str
    slugs: tuple[str, ...]
    width: int | None  # None: at the desktop size, first; else at that phone width (one of PHONE_WIDTHS)
    measure: Callable[[Any], Any]  # measure(page) -> what the test reads


def _screenshot(page) -> bytes:
    return page.screenshot(full_page=True)


AGENDA_SCROLL_BOX = """() => {
    // The agenda's scroll box at 320 px, and the first slot's time once scrolled into view
    // vertically only (the window is scrolled back afterwards).
    const box = document.querySelector(".table-scroll:has(> table.agenda)");
    if (!box) return {tables: document.querySelectorAll("table.agenda").length, box: null};
    const rect = box.getBoundingClientRect();
    const state = {
        tables: document.querySelectorAll("table.agenda").length,
        box: {overflowX: getComputedStyle(box).overflowX, scrollWidth: box.scrollWidth,
              clientWidth: box.clientWidth, left: rect.left, right: rect.right},
        innerWidth: window.innerWidth, innerHeight: window.innerHeight,
    };
    if (box.scrollWidth > box.clientWidth) {
        box.scrollLeft = 40; state.scrolled = box.scrollLeft; box.scrollLeft = 0;
    }
    const cell = document.querySelector("table.agenda tbody .agenda-time");
    const top = cell.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, Math.max(0, top - window.innerHeight / 2));
    const time = cell.getBoundingClientRect();
    state.firstTime = {x: time.x, y: time.y, width: time.width, height: time.height};
    state.scrollLeft = box.scrollLeft;
    window.scrollTo(0, 0);
    return state;
}"""


def _agenda_scroll_box(page) -> dict:
    return page.evaluate(AGENDA_SCROLL_BOX)


def _agenda_stacked(page) -> dict:
    """At a phone width: where one slot's time, activity and presenters are, and the roles of
    the agenda table in Chromium's own accessibility tree (DevTools protocol), as screen readers
    get it."""
    row = page.locator("#slot-assisted-returns")
    boxes = [row.locator(sel).bounding_box() for sel in (".agenda-time", ".agenda-activity", ".agenda-speakers")]
    cdp = page.context.new_cdp_session(page)
    try:
        document = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        table = cdp.send("DOM.querySelector", {"nodeId": document, "selector": "table.agenda"})["nodeId"]
        backend = cdp.send("DOM.describeNode", {"nodeId": table})["node"]["backendNodeId"]
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    by_id = {node["nodeId"]: node for node in nodes}
    root = next(node for node in nodes if node.get("backendDOMNodeId") == backend)
    roles, todo = [], [root]
    while todo:
        node = todo.pop()
        if not node.get("ignored"):
            roles.append(node.get("role", {}).get("value"))
        todo += [by_id[child] for child in node.get("childIds", []) if child in by_id]
    return {"boxes": boxes, "roles": roles, "slots": page.locator("table.agenda tbody tr").count()}


CHART_TEXT = """() => [...document.querySelectorAll("svg.chart-svg text")].map(text => ({
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
}))"""

SCREENSHOT_SLUGS = ("index", "agenda")
SCREENSHOT_PHONE_WIDTH = 390

# The page-specific measurements of the served site's crawl (see the tests that read them).
PROBES = (
    Probe("screenshot-desktop", SCREENSHOT_SLUGS, None, _screenshot),
    Probe("screenshot-phone", SCREENSHOT_SLUGS, SCREENSHOT_PHONE_WIDTH, _screenshot),
    Probe("agenda-scroll-box", ("agenda",), 320, _agenda_scroll_box),
    Probe("agenda-stacked", ("agenda",), STACKED_WIDTH, _agenda_stacked),
    Probe("chart-text", ("justification",), 360, lambda page: page.evaluate(CHART_TEXT)),
)


def visit_of(visits: list[Visit], lang: str, slug: str) -> Visit:
    """The one visit of the page `slug` in `lang`."""
    (visit,) = [visit for visit in visits if (visit.lang, visit.slug) == (lang, slug)]
    return visit


def _run_probes(page, visit: Visit, probes, width: int | None) -> None:
    for probe in probes:
        if probe.width == width and visit.slug in probe.slugs:
            try:
                visit.probes[probe.name] = probe.measure(page)
            except Exception as error:  # reported by the test that reads it
                visit.probes[probe.name] = ProbeFailed(f"{type(error).__name__}: {error}")


# Every Content-Security-Policy violation of a page, kept from before its first script runs.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  `${e.effectiveDirective}: ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""


def watch_security(context) -> None:
    """Record the CSP violations of every page of `context` (read them with csp_violations)."""
    context.add_init_script(script=CSP_LISTENER)


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || ['the CSP listener did not run']")


def crawl(context, edition, pages, axe=None, widths=PHONE_WIDTHS, probes=()) -> list[Visit]:
    """Visit `pages` ((lang, slug) pairs) of `edition` in `context`, each up to its `load` event,
    then narrowed to each of `widths`; with `axe` (conftest's runner), also run axe as the
    module's docstring says, and `probes` where they belong. Every visit records the page's
    Content-Security-Policy violations and the dialogs it opened."""
    assert all(probe.width is None or probe.width in widths for probe in probes)
    watch_security(context)
    page = context.new_page()
    visit: Visit | None = None

    def on_dialog(dialog):
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message):
        if message.type == "error":
            location = message.location.get("url", "") if message.location else ""
            visit.console_errors.append(f"{message.text} (at {location})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("dialog", on_dialog)
    visits = []
    try:
        for lang, slug in pages:
            visit = Visit(lang, slug, edition.url(lang, slug))
            page.set_viewport_size(DESKTOP)
            response = page.goto(visit.url, wait_until="load")
            visit.status = response.status if response else None
            visit.html_lang = page.evaluate("document.documentElement.lang")
            _run_probes(page, visit, probes, None)
            if axe:
                visit.palettes["light"] = page.get_attribute("body", "data-md-color-scheme")
                visit.axe["light"] = axe(page)
            for width in widths:
                page.set_viewport_size({"width": width, "height": PHONE_HEIGHT})
                measured = page.evaluate(TOO_WIDE)
                visit.widths[width] = tuple(measured["widths"])
                visit.too_wide[width] = measured["found"]
                _run_probes(page, visit, probes, width)
                if axe and width == STACKED_WIDTH and slug in STACKED_SLUGS:
                    visit.axe["phone"] = axe(page)
            if axe:  # no stylesheet of the site reads prefers-color-scheme itself: the palette is switched in place
                page.set_viewport_size(DESKTOP)
                page.evaluate(DARK)
                visit.palettes["dark"] = page.get_attribute("body", "data-md-color-scheme")
                visit.axe["dark"] = axe(page, AXE_COLOUR_RULES)
            visit.csp_violations = csp_violations(page)
            visits.append(visit)
    finally:
        page.close()
    return visits
