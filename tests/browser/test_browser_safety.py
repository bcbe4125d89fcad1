"""Payloads in a real browser: the fixture meeting of test_safety.py, whose every editable text
holds `x < y & z` and a payload, built and served; no page opens a dialog or breaks the
Content-Security-Policy, and the texts show as typed. Dialogs are listened for explicitly
(Playwright dismisses them silently otherwise), and two control pages show that both
listeners hear what they listen for.
"""

from __future__ import annotations

import pytest

import crawl as crawler
from conftest import serve
from payloads import NAV_ES, SITE_NAME, SLOT, TITLE, payload_site  # noqa: F401 (payload_site is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.long]

NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)"
PATHS = (
    "",
    "methodology/",
    "agenda/",
    "objectives/",
    "es/",
    "es/methodology/",
    "es/agenda/",
    "missing/",
    "es/missing/",
)


@pytest.fixture
def watched(browser):
    """A page whose dialogs, errors and CSP violations are recorded."""
    context = browser.new_context()
    crawler.watch_security(context)
    page = context.new_page()
    seen = {"dialogs": [], "errors": []}

    def on_dialog(dialog):
        seen["dialogs"].append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    yield page, seen
    context.close()


def test_payload_pages_open_no_dialog_and_break_no_policy(payload_site, watched):  # noqa: F811
    page, seen = watched
    violations = []
    with serve(payload_site) as base:
        for path in PATHS:
            before = len(seen["errors"])
            page.goto(base + path, wait_until="load")
            # Focus and activate what can be: a payload waiting for focus or a click would run now.
            for _ in range(12):
                page.keyboard.press("Tab")
            page.hover("body")
            violations += [f"{path}: {v}" for v in crawler.csp_violations(page)]
            if path.endswith("missing/"):  # the page itself answers 404, and only it
                assert seen["errors"][before:] == [NOT_FOUND], seen["errors"][before:]
                del seen["errors"][before:]
            if path == "methodology/":
                assert page.title() == f"{TITLE} - {SITE_NAME}"
            if path == "es/methodology/":
                assert NAV_ES in page.inner_text(".md-nav--primary")
            if path == "agenda/":
                assert SLOT in page.inner_text("table.agenda")
        page.goto(base + "agenda/", wait_until="load")
        page.click("input.md-search__input")
        page.fill("input.md-search__input", "Welcoming")
        page.press("input.md-search__input", "End")  # Material searches on keyup
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        assert SLOT in page.inner_text(".md-search-result__list")  # shown as typed, not as HTML
        violations += crawler.csp_violations(page)
    assert seen["dialogs"] == [], seen["dialogs"]
    assert violations == [], violations
    assert seen["errors"] == [], seen["errors"]


def test_the_listeners_hear_a_dialog_and_a_violation(payload_site, watched):  # noqa: F811
    page, seen = watched
    policy = "script-src 'self'"
    with serve(payload_site) as base:
        page.route(
            base + "control-csp.html",
            lambda route: route.fulfill(
                content_type="text/html",
                body=f'<meta http-equiv="Content-Security-Policy" content="{policy}"><img src=x onerror=alert(1)>',
            ),
        )
        page.route(
            base + "control-open.html",
            lambda route: route.fulfill(content_type="text/html", body="<script>alert('control')</script>"),
        )
        page.goto(base + "control-csp.html", wait_until="load")
        page.wait_for_timeout(200)
        assert any("script-src" in v for v in crawler.csp_violations(page))
        assert seen["dialogs"] == []
        page.goto(base + "control-open.html", wait_until="load")
        assert seen["dialogs"] == ["alert: control"]
