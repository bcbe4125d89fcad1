"""The crawl: every page of an edition loaded once in Chromium, everything the browser tests
measure on a whole edition taken from that one load.

Loading a page (and injecting axe-core into it) is most of what a browser test costs, so the
checks that need every page share one visit per page: console and page errors, requests,
widths from 320 to 430 px and, on the served site, axe in the light palette, at 390 px for
the stacked layouts, and in the dark palette. The tests in test_browser*.py read the visits
(fixtures `crawl`, `served_crawl` and `archive_crawl` in conftest.py); pytest-xdist keeps the
tests of one crawl on one worker (`--dist loadgroup`), so each edition is crawled once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DESKTOP = {"width": 1280, "height": 900}
PHONE_HEIGHT = 780
PHONE_WIDTHS = (320, 360, 390, 430)  # small to large phones, portrait
STACKED_WIDTH = 390  # the stacked layouts are checked with axe at this width...
STACKED_SLUGS = ("agenda", "participants", "glossary", "methodology", "justification")  # ...on these pages
SCHEMES = {"light": "default", "dark": "slate"}  # colour scheme -> Material's palette

# The rules whose outcome depends on colours alone: a page's palette (light or dark) changes
# nothing else (same DOM, same layout), so the dark palette is checked with these.
AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"]

# What is wider than the screen at the current width: the page itself, a table's scroll box or a
# key figure's value.
TOO_WIDE = """() => {
    const found = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
        found.push(`the page: ${document.documentElement.scrollWidth} px`);
    for (const box of document.querySelectorAll("article .table-scroll"))
        if (box.scrollWidth > box.clientWidth + 1)
            found.push(`table.${box.querySelector("table").className.replace(/ /g, ".")}: ` +
                       `${box.scrollWidth} px in ${box.clientWidth} px`);
    for (const value of document.querySelectorAll("article .figure-value"))
        if (value.scrollWidth > value.clientWidth + 1)
            found.push(`figure value "${value.textContent.trim()}" cut`);
    return found;
}"""

DARK = """() => {
  // Material's palette toggle, done in place: the body takes the attributes of
  // the dark palette's input, as when the page loads in a dark system scheme.
  // Colour transitions are switched off first, so axe reads the final colours.
  const style = document.createElement("style");
  style.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; }";
  document.head.append(style);
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


def crawl(context, edition, pages, axe=None, widths=PHONE_WIDTHS) -> list[Visit]:
    """Visit `pages` ((lang, slug) pairs) of `edition` in `context`, each up to its `load` event,
    then narrowed to each of `widths`; with `axe` (conftest's runner), also run axe as the
    module's docstring says."""
    page = context.new_page()
    visit: Visit | None = None

    def on_console(message):
        if message.type == "error":
            location = message.location.get("url", "") if message.location else ""
            visit.console_errors.append(f"{message.text} (at {location})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.on("request", lambda request: visit.requests.append(request.url))
    visits = []
    try:
        for lang, slug in pages:
            visit = Visit(lang, slug, edition.url(lang, slug))
            page.set_viewport_size(DESKTOP)
            response = page.goto(visit.url, wait_until="load")
            visit.status = response.status if response else None
            visit.html_lang = page.evaluate("document.documentElement.lang")
            if axe:
                visit.palettes["light"] = page.get_attribute("body", "data-md-color-scheme")
                visit.axe["light"] = axe(page)
            for width in widths:
                page.set_viewport_size({"width": width, "height": PHONE_HEIGHT})
                visit.widths[width] = tuple(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))
                visit.too_wide[width] = page.evaluate(TOO_WIDE)
                if axe and width == STACKED_WIDTH and slug in STACKED_SLUGS:
                    visit.axe["phone"] = axe(page)
            if axe:  # no stylesheet of the site reads prefers-color-scheme itself: the palette is switched in place
                page.set_viewport_size(DESKTOP)
                page.evaluate(DARK)
                visit.palettes["dark"] = page.get_attribute("body", "data-md-color-scheme")
                visit.axe["dark"] = axe(page, AXE_COLOUR_RULES)
            visits.append(visit)
    finally:
        page.close()
    return visits
