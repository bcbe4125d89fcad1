"""The payload copy of the project, built: every text shown as typed where it lands, the search
index escaped; and a page that could run script fails the build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markupsafe import escape
from selectolax.lexbor import LexborHTMLParser

from macros.build import verify_html

from conftest import copy_project, mkdocs_build

from payloads import (  # noqa: F401 (payload_site is a fixture)
    COPYRIGHT,
    DESCRIPTION,
    MEETING,
    NAV_EN,
    NAV_ES,
    ESCAPED_TAG,
    PAYLOAD,
    SITE_DESCRIPTION,
    SITE_NAME,
    SLOT,
    TITLE,
    TYPED,
    payload_site,
    replace_once,
)

PROJECT = Path(__file__).resolve().parents[2]


def _html(site: Path, path: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / path).read_text(encoding="utf-8"))


def _texts(tree, selector: str) -> list[str]:
    return [" ".join(node.text().split()) for node in tree.css(selector)]


@pytest.mark.long
def test_texts_show_as_typed_wherever_they_land(payload_site):
    methodology = _html(payload_site, "methodology/index.html")
    assert methodology.css_first("title").text() == f"{TITLE} - {SITE_NAME}"
    assert methodology.css_first('meta[name="description"]').attributes["content"] == DESCRIPTION
    header = " ".join(_texts(methodology, ".md-header__topic"))
    assert SITE_NAME in header and TITLE in header
    logo = methodology.css_first(".md-header__button.md-logo").attributes
    assert logo["aria-label"] == SITE_NAME
    # The theme shows a title as a tooltip through innerHTML: the title holds the name as escaped HTML.
    assert logo["title"] == str(escape(SITE_NAME))
    assert TITLE in _texts(methodology, ".md-nav--primary .md-nav__link")
    assert NAV_EN in _texts(methodology, ".md-nav--primary .md-nav__link")
    assert f"Steps {TYPED}" in _texts(methodology, ".md-nav--secondary .md-nav__link")
    assert _texts(methodology, ".md-copyright__highlight") == [COPYRIGHT]
    objectives = _html(payload_site, "objectives/index.html")
    assert any(TITLE in text for text in _texts(objectives, ".md-footer__link--next"))
    spanish = _html(payload_site, "es/methodology/index.html")
    assert NAV_ES in _texts(spanish, ".md-nav--primary .md-nav__link")
    assert spanish.css_first("title").text() == f"{TITLE} - CRM {TYPED} {ESCAPED_TAG}"
    for path in ("404.html", "es/404.html"):
        page = _html(payload_site, path)
        assert page.css_first("title").text().endswith(SITE_NAME if path == "404.html" else f"CRM {TYPED} {ESCAPED_TAG}")
        if path == "404.html":  # a 404 page has no front matter: the site's description
            assert page.css_first('meta[name="description"]').attributes["content"] == SITE_DESCRIPTION
    home = _html(payload_site, "index.html")
    (jsonld,) = home.css('script[type="application/ld+json"]')
    assert json.loads(jsonld.text())["name"] == MEETING
    agenda = _html(payload_site, "agenda/index.html")
    assert any(SLOT in text for text in _texts(agenda, "table.agenda td"))
    for tree in (methodology, objectives, spanish, home, agenda):
        assert not [n for n in tree.root.traverse() if any(a.startswith("on") for a in n.attributes)]
    assert verify_html.check_site(payload_site, root="/") == []


@pytest.mark.long
def test_search_index_holds_escaped_html(payload_site):
    # Material shows the index's titles and texts as HTML: they must hold the texts escaped.
    for index in ("search/search_index.json", "es/search/search_index.json"):
        docs = json.loads((payload_site / index).read_text(encoding="utf-8"))["docs"]
        if index.startswith("search"):  # English (static-i18n drops a Spanish entry of the same title)
            assert "Steps x &lt; y &amp; z" in [doc["title"] for doc in docs]
            agenda = " ".join(doc["text"] for doc in docs if doc["location"].startswith("agenda/"))
            assert "Welcoming words x &lt; y &amp; z" in agenda
        for doc in docs:
            for field in ("title", "text"):
                tree = LexborHTMLParser(f"<div>{doc[field]}</div>")
                names = {node.tag for node in tree.css_first("div").traverse(include_text=False)}
                assert names.isdisjoint({"img", "script", "iframe", "object", "embed"}), (doc["location"], names)
                assert verify_html.check_page(doc[field], index, None) == []


@pytest.mark.long
def test_a_built_page_that_could_run_script_fails_the_build(tmp_path):
    """Raw HTML in a page is refused before anything is built; an HTML file put among the shared files
    (docs/files/), which MkDocs copies as it is, is found by the verification of what the build wrote."""
    root = copy_project(tmp_path / "project")
    payload = (
        '<svg><a><animate attributeName="href" values="jav&#x09;ascript:alert(1)"/><text y="15">Read</text></a></svg>'
    )
    replace_once(root / "docs" / "en" / "methodology.md", "\n## ", f"\n{payload}\n\n## ")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/en/methodology.md:" in result.stderr and "'<svg>' is HTML" in result.stderr, result.stderr
    root = copy_project(tmp_path / "copy")
    (root / "docs" / "files" / "map.html").write_text(f"<!DOCTYPE html><html><body>{payload}</body></html>")
    result = mkdocs_build(root, tmp_path / "site-2")
    assert result.returncode != 0
    assert (
        'files/map.html: <animate attributeName="href" values="jav\tascript:alert(1)">: values= holds a '
        "javascript: address" in result.stdout + result.stderr
    ), result.stderr
