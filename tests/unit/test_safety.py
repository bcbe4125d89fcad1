"""Nothing a person edits can run as script in a reader's browser.

In-process, one group per class of vector: HTML in plain texts (front matter,
mkdocs.yml), raw HTML and attribute lists in pages, free Jinja in pages, the
verification of the built HTML (event handlers, script addresses however
written, unknown scripts, frames and objects, resources from other hosts, the
CSP), JSON inside <script>, CSV cells, the UI strings. Then one build of a
fixture meeting whose texts hold `x < y & z` and payloads: each shows as typed
wherever it lands; and one build that a raw-HTML payload must fail.
The browser half (test_browser_safety.py) loads the payload build's pages.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from markupsafe import escape
from selectolax.lexbor import LexborHTMLParser

from macros.build import verify_html
from macros.cli import check as gate
from macros.outputs import opendata
from macros.pages import links as lk
from macros.pages import safety
from macros.pages.sources import config_text_problems, nav_title_problems, nav_titles, read_config, read_page
from macros.render.timezones import script_json

from conftest import copy_project
from payloads import PAYLOAD, TYPED, replace_once

PROJECT = Path(__file__).resolve().parents[2]


# --- HTML in plain texts: front matter and mkdocs.yml ---------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Methodology <x_y autofocus tabindex=0 onfocus=alert(1)>",
        "Methodology <x:y onclick=alert(1)>",
        "Methodology <svg/onload=alert(1)>",
        "Methodology <!-- x -->",
        "Methodology </title><script>alert(1)</script>",
    ],
)
def test_html_in_a_front_matter_title_is_refused(tmp_path, title):
    page = tmp_path / "p.md"
    page.write_text(f"---\ntitle: '{title}'\ndescription: d\n---\n\n# T {{ #t }}\n", encoding="utf-8")
    _, problems = read_page(page, "docs/en/p.md", "p", "en")
    assert [(p.file, p.line, p.path) for p in problems] == [("docs/en/p.md", 2, "title")], problems
    assert "contains HTML" in problems[0].message


def test_plain_text_with_angle_brackets_is_not_html():
    for text in (TYPED, "R&D", "5 <6", "a < b", "&lt;b&gt;", "x << y", "<3 <-"):
        assert safety.markup_in(text) is None, text


def test_front_matter_holds_title_and_description_only(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: T\ndescription: d\ntemplate: evil.html\n---\n\n# T { #t }\n", encoding="utf-8")
    _, problems = read_page(page, "docs/en/p.md", "p", "en")
    assert [(p.line, p.path) for p in problems] == [(4, "template")]


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_html_in_texts_of_mkdocs_yml_is_refused(tmp_path):
    path = _config(
        tmp_path,
        f"site_name: 'RCM {PAYLOAD}'\n"
        "site_description: x < y & z\n"
        "copyright: '<x_y onfocus=alert(1)>'\n"
        "nav:\n"
        "  - 'Home <b>': index.md\n"
        "extra:\n"
        "  note: '<i>note</i>'\n"
        "plugins:\n"
        "  - i18n:\n"
        "      languages:\n"
        "        - locale: es\n"
        "          nav_translations:\n"
        "            'Home <b>': '<svg onload=alert(1)>'\n",
    )
    _, node, problems = read_config(path)
    assert problems == []
    found = [(p.line, p.path) for p in config_text_problems(node) + nav_title_problems(nav_titles(path))]
    assert sorted(found) == [
        (1, "site_name"),
        (3, "copyright"),
        (5, "nav"),
        (7, "extra.note"),
        (13, "plugins[0].i18n.languages[0].nav_translations.Home <b>"),
        (13, "plugins[0].i18n.languages[0].nav_translations.Home <b>"),
    ]


# --- Pages: free Jinja ----------------------------------------------------------------------


MACROS = {"agenda", "figure", "org"}


@pytest.mark.parametrize(
    "body, what",
    [
        ('{{ "<scr" ~ "ipt>alert(1)</scr" ~ "ipt>" }}', "joining texts with ~"),
        ("{{ '<b>x</b>' | safe }}", "the filter | safe"),
        ("{{ config.site_name }}", "reading a part of a value"),
        ("{{ config }}", "the name config"),
        ("{{ agenda(config) }}", "the name config as an argument of agenda()"),
        ('{{ org("a" ~ "b") }}', "joining texts with ~ as an argument of org()"),
        ("{{ agenda(*[1]) }}", "passing arguments with * or **"),
        ("{{ cycler.__init__.__globals__ }}", "reading a part of a value"),
        ('{{ "x".upper() }}', "a call of something that is not one of the site's macros"),
        ("{% set x = 1 %}", "a {% … %} statement (assign)"),
        ("{% if true %}<script>{% endif %}", "a {% … %} statement (if)"),
    ],
)
def test_free_jinja_in_a_page_is_refused(body, what):
    env = safety.macros_environment({})
    problems = safety.jinja_problems(f"Text\n\n{body}\n", "docs/en/p.md", 5, env, MACROS)
    assert [(p.file, p.line, p.path) for p in problems] == [("docs/en/p.md", 7, "macro")], problems
    assert what in problems[0].message and "fixed values" in problems[0].message


def test_macro_calls_with_fixed_values_are_fine():
    env = safety.macros_environment({})
    body = '{{ agenda() }} {{ agenda(block="b") }} {{ figure("f") }} {{ org(org_id="unhcr") }} {# a note #}'
    assert safety.jinja_problems(body, "docs/en/p.md", 1, env, MACROS) == []


def test_the_jinja_check_uses_the_macros_plugin_delimiters():
    config = {"plugins": [{"macros": {"j2_variable_start_string": "[[", "j2_variable_end_string": "]]"}}]}
    env = safety.macros_environment(config)
    assert safety.jinja_problems("{{ config }}", "f.md", 1, env, MACROS) == []  # plain text there
    assert len(safety.jinja_problems("[[ config ]]", "f.md", 1, env, MACROS)) == 1


def test_the_gate_refuses_free_jinja_with_its_line(tmp_path, dataset):
    root = copy_project(tmp_path / "project")
    page = root / "docs/en/methodology.md"
    text = page.read_text(encoding="utf-8").replace("\n## ", '\n{{ "<scr" ~ "ipt>alert(1)</scr" ~ "ipt>" }}\n\n## ', 1)
    page.write_text(text, encoding="utf-8")
    line = text[: text.index('{{ "<scr')].count("\n") + 1
    found = [str(p) for p in gate.run(root, data=dataset).sorted_problems()]
    assert found == [
        f"docs/en/methodology.md:{line}: macro: joining texts with ~ is not allowed in {{{{ … }}}}; a page holds "
        "Markdown and the site's macros, called with fixed values, such as {{ agenda() }} or "
        '{{ figure("title-42-expulsions") }}'
    ]


def test_a_data_text_with_html_is_refused_and_one_with_angle_brackets_passes(tmp_path):
    """HTML in a data text is refused at its line (texts take Markdown); `x < y & z` is text."""
    root = copy_project(tmp_path / "project")
    old = "      en: Office of the United Nations High Commissioner for Refugees\n"
    replace_once(root / "data" / "organisations.yml", old, f"      en: {json.dumps('Office ' + TYPED)}\n")
    assert [str(p) for p in gate.run(root).sorted_problems()] == []
    text = (root / "data" / "organisations.yml").read_text(encoding="utf-8")
    line = text[: text.index(f"Office {TYPED}")].count("\n") + 1
    replace_once(root / "data" / "organisations.yml", f"Office {TYPED}", f"Office {TYPED} {PAYLOAD}")
    problems = [str(p) for p in gate.run(root).sorted_problems()]
    assert len(problems) == 1 and problems[0].startswith(f"data/organisations.yml:{line}: "), problems
    assert "is HTML" in problems[0], problems


# --- Pages: raw HTML and attribute lists --------------------------------------------------


@pytest.fixture(scope="module")
def scanner() -> safety.MarkdownScan:
    config, _, _ = read_config(PROJECT / "mkdocs.yml")
    return safety.MarkdownScan(*lk.markdown_extensions(config))


@pytest.mark.parametrize(
    "markdown",
    [
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="15">Read</text></a></svg>',
        "Text <x_y autofocus tabindex=0 onfocus=alert(1)> more",
        "Text <x:y onclick=alert(1)>hi</x:y>",
        '<div markdown="1">\n**bold**\n</div>',
        "<details open ontoggle=alert(1)><summary>x</summary></details>",
        "A link <javascript:alert(1)>",
        "A comment <!-- x -->",
        '!!! note "Title <b onclick=alert(1)>x</b>"\n    Body',
    ],
)
def test_raw_html_in_a_page_is_refused(scanner, markdown):
    problems = safety.markdown_problems(f"Intro\n\n{markdown}\n", "docs/en/p.md", 5, scanner)
    assert problems and {(p.file, p.line, p.path) for p in problems} == {("docs/en/p.md", 7, "html")}, problems


def test_markdown_that_looks_like_html_is_fine(scanner):
    markdown = f"{TYPED}, R&amp;D, `<script>` in code\n\n```html\n<script>x</script>\n```\n\n<https://example.org>\n"
    assert safety.markdown_problems(markdown, "docs/en/p.md", 1, scanner) == []


@pytest.mark.parametrize(
    "attributes, name",
    [
        ('onclick="alert(1)"', "onclick"),
        ('onmouseover="alert(1)"', "onmouseover"),
        ('style="background:url(javascript:alert(1))"', "style"),
        ('href="javascript:alert(1)"', "href"),
        ('src="https://example.org/x.js"', "src"),
        ('formaction="javascript:alert(1)"', "formaction"),
    ],
)
def test_attribute_lists_set_only_harmless_attributes(scanner, attributes, name):
    for markdown in (
        f"## Heading {{ #h {attributes} }}",
        f"A paragraph.\n{{: {attributes} }}",
        f"[a](b.md){{ {attributes} }}",
    ):
        problems = safety.markdown_problems(markdown, "docs/en/p.md", 1, scanner)
        assert [(p.path, f"'{name}'" in p.message) for p in problems] == [("attribute", True)], (markdown, problems)


def test_attribute_lists_may_set_ids_classes_and_titles(scanner):
    markdown = '## Heading { #h .wide }\n\nText.\n{: .note title="A note" lang="es" dir="ltr" }\n'
    assert safety.markdown_problems(markdown, "docs/en/p.md", 1, scanner) == []


# --- The built HTML ---------------------------------------------------------------------------

KNOWN_INLINE = "console.log('known')"
KNOWN = verify_html.Known(
    verify_html.policy((verify_html.sha256(KNOWN_INLINE),)),
    frozenset({verify_html.sha256(KNOWN_INLINE)}),
    frozenset({"assets/javascripts/site.js"}),
)


def _page(body: str, head: str = "") -> str:
    csp = KNOWN.csp.replace("'", "&#39;")
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        f'content="{csp}">{head}</head><body>{body}</body></html>'
    )


def findings(body: str, head: str = "") -> list[str]:
    return [
        f"{f.element}: {f.what}"
        for f in verify_html.check_page(_page(body, head), "p/index.html", KNOWN, "p/index.html")
    ]


def test_a_clean_page_passes():
    body = (
        '<p title="javascript: a word">x</p><a href="../agenda/#x">a</a><a href="https://example.org/">w</a>'
        f'<script src="../assets/javascripts/site.js"></script><script>{KNOWN_INLINE}</script>'
        '<script type="application/ld+json">{"a": "\\u003c/script\\u003e"}</script>'
        '<svg><use href="#icon"></use></svg><img src="../assets/images/favicon.svg" alt="data: none">'
    )
    assert findings(body) == []


@pytest.mark.parametrize("name", ["onclick", "onmouseover", "onfocus", "ONLOAD", "onanimationstart", "onToggle"])
def test_event_handler_attributes_are_found(name):
    found = findings(f'<details {name}="alert(1)"><summary>s</summary></details>')
    assert len(found) == 1 and f"the event-handler attribute {name.lower()}=" in found[0], found


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&#10;ascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;script:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\x01script:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        " DATA:text/html;base64,PHNjcmlwdD4=",
    ],
)
@pytest.mark.parametrize(
    "template",
    [
        '<a href="{}">a</a>',
        '<svg><a xlink:href="{}"><text>t</text></a></svg>',
        '<svg><a><animate attributeName="href" values="{}"/><text>t</text></a></svg>',
        '<svg><a><animate attributeName="href" values="#x;{}"/><text>t</text></a></svg>',
        '<svg><a><set attributeName="href" to="{}"/><text>t</text></a></svg>',
        '<svg><a><animate attributeName="href" from="{}" to="#"/><text>t</text></a></svg>',
        '<form><button formaction="{}">b</button></form>',
        '<math><mi href="{}">m</mi></math>',
        '<img src="{}" alt="x">',
    ],
)
def test_script_addresses_are_found_however_written(template, value):
    found = findings(template.format(value))
    assert found and all("address" in f for f in found), found


def test_srcdoc_is_found():
    assert any("srcdoc=" in f for f in findings('<div srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></div>'))


@pytest.mark.parametrize("element", ["iframe", "object", "embed", "template", "base", "portal"])
def test_frames_objects_and_templates_are_found(element):
    found = findings(
        f'<{element} src="x.html" data="x"></{element}>', head="<base href='/'>" if element == "base" else ""
    )
    assert any(f"a <{element}> element is not allowed" in f for f in found), found


@pytest.mark.parametrize(
    "script",
    [
        "<script>alert(1)</script>",
        '<script src="../assets/javascripts/other.js"></script>',
        '<script src="https://cdn.example.org/x.js"></script>',
        '<script src="//cdn.example.org/x.js"></script>',
        '<svg><script href="../assets/javascripts/site.js">alert(1)</script></svg>',
        '<script type="module">alert(1)</script>',
        '<script type="text/x-other">alert(1)</script>',
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>',
    ],
)
def test_unknown_scripts_are_found(script):
    assert findings(script), script


@pytest.mark.parametrize(
    "html, head",
    [
        ('<img src="https://example.org/x.png" alt="x">', ""),
        ('<img src="//example.org/x.png" alt="x">', ""),
        ('<img srcset="a.png 1x, https://example.org/b.png 2x" src="a.png" alt="x">', ""),
        ('<video poster="https://example.org/p.png"></video>', ""),
        ("<p style=\"background: url('https://example.org/x.png')\">x</p>", ""),
        ("", '<link rel="stylesheet" href="https://example.org/x.css">'),
        ("", '<link rel="icon" href="https://example.org/x.ico">'),
        ("<style>@import 'https://example.org/x.css';</style>", ""),
        ('<svg><image href="https://example.org/x.png"/></svg>', ""),
    ],
)
def test_resources_from_another_host_are_found(html, head):
    found = findings(html, head)
    assert any("another host" in f for f in found), found


def test_titles_are_made_safe_for_the_theme_tooltips():
    page = _page(f'<abbr title="{escape(PAYLOAD)}">A</abbr><a title="R&amp;D" href="#">x</a><p title="plain">p</p>')
    assert findings(page.split("<body>")[1].split("</body>")[0]) == [
        '<abbr title="<img src=x onerror=alert(1)>">: the title holds HTML (<img src=x onerror=alert(1)>), which a '
        "tooltip would run"
    ]
    safe = verify_html.tooltip_titles(page)
    assert verify_html.check_page(safe, "p/index.html", KNOWN, "p/index.html") == []
    titles = [node.attributes["title"] for node in LexborHTMLParser(safe).css("[title]")]
    assert titles == [str(escape(PAYLOAD)), "R&amp;D", "plain"]
    assert verify_html.tooltip_titles(_page('<p title="plain">p</p>')) == _page('<p title="plain">p</p>')


def test_a_page_without_the_csp_first_is_found():
    page = _page("<p>x</p>")
    without = page.replace('<meta http-equiv="Content-Security-Policy"', '<meta name="x"')
    late = page.replace("<head>", "<head><script src='../assets/javascripts/site.js'></script>")
    for html in (without, late):
        found = verify_html.check_page(html, "p/index.html", KNOWN, "p/index.html")
        assert [f.element for f in found] == ["<head>"], found


def test_the_policy_allows_scripts_by_hash_only():
    policy = verify_html.policy()
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    sources = directives["script-src"].split()
    assert sources[0] == "'self'" and all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]+={0,2}'", s) for s in sources[1:])
    assert len(sources) > 1 and "unsafe-inline" not in policy and "unsafe-eval" not in policy


# --- JSON in <script>, CSV, UI strings ----------------------------------------------------------


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!--<script>", "</SCRIPT >", "a & b > c"])
def test_json_in_a_script_cannot_end_it(text):
    value = {"name": text, "nested": [text]}
    serialised = str(script_json(value))
    assert "<" not in serialised and ">" not in serialised
    assert json.loads(serialised) == value
    tree = LexborHTMLParser(f'<script type="application/ld+json">{serialised}</script><p>after</p>')
    (script,) = tree.css("script")
    assert json.loads(script.text()) == value and tree.css_first("p").text() == "after"


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")'])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(text):
    data = opendata._csv(["name", "n"], [[text, -3], ["plain", 2.5]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows == [["name", "n"], ["'" + text, "-3"], ["plain", "2.5"]]
    assert data.decode("utf-8").splitlines()[1].startswith("\"'")


def test_ui_strings_are_escaped(dataset, monkeypatch):
    from macros.content import models as m
    from macros.render import renderer as render
    from macros.render import timezones

    renderer = render.Renderer(dataset, "en", lambda slug, anchor=None: f"{slug}.md")
    strings = dict(renderer.strings)
    # Built without validation (which refuses HTML in a text): escaping must hold on its own.
    strings["tz_label"] = m.Text.model_construct(en=f"Zone {PAYLOAD} {TYPED}", es=f"Zona {PAYLOAD}")
    monkeypatch.setattr(renderer, "strings", strings)
    assert str(renderer.t("tz_label")) == "Zone &lt;img src=x onerror=alert(1)&gt; x &lt; y &amp; z"
    html = str(timezones.time_zone_choice(renderer))
    assert verify_html.check_page(html, "fragment", None) == []
    label = LexborHTMLParser(html).css_first("label")
    assert label.text() == f"Zone {PAYLOAD} {TYPED}"


# --- A build whose texts hold x < y & z and payloads -------------------------------------------


def test_site_url_is_the_root_of_absolute_script_addresses():
    known = verify_html.Known(KNOWN.csp, KNOWN.inline, KNOWN.script_files, "/meeting/")
    page = _page('<script src="/meeting/assets/javascripts/site.js"></script>')
    assert verify_html.check_page(page, "404.html", known, "404.html") == []
