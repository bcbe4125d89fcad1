"""The 404 pages in Chromium, served as GitHub Pages serves them (one root 404.html for every path)."""

from __future__ import annotations

import pytest

from conftest import html_lang

pytestmark = pytest.mark.browser


def test_missing_spanish_path_shows_the_spanish_page(pages_server, desktop, page_in, axe):
    page = page_in(desktop)
    url = pages_server + "es/no-such-page/"
    response = page.goto(url)
    assert response.status == 404
    page.wait_for_function("document.documentElement.lang === 'es'")
    page.wait_for_selector("article h1")
    assert page.url == url, "the address stays the one the reader followed"
    assert page.inner_text("article h1") == "Página no encontrada"
    assert page.title().startswith("Página no encontrada")
    assert page.is_visible(".md-header .md-select") or page.locator(".md-select__link[hreflang=en]").count() == 1
    assert page.get_attribute(".md-select__link[hreflang=en]", "href") == "/"
    assert page.evaluate("getComputedStyle(document.documentElement).visibility") == "visible"
    assert axe(page) == []


def test_missing_english_path_shows_only_english(pages_server, desktop, page_in, axe):
    page = page_in(desktop)
    page.goto(pages_server + "no-such-page/")
    assert html_lang(page) == "en"
    assert page.inner_text("article h1") == "Page not found"
    assert not page.get_by_text("Página no encontrada").is_visible()
    assert axe(page) == []


def test_without_javascript_both_languages_show(browser, pages_server):
    context = browser.new_context(java_script_enabled=False, color_scheme="light")
    try:
        page = context.new_page()
        page.goto(pages_server + "es/no-such-page/")
        assert page.get_by_role("heading", name="Page not found").is_visible()
        assert page.get_by_role("heading", name="Página no encontrada").is_visible()
        assert page.locator("[lang=es] a").get_attribute("href") == "/es/"
    finally:
        context.close()
