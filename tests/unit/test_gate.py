"""The gate: `make check` reports what a strict build would, page and nav mistakes included.

A corpus of broken pages and navigations, each run in-process on a copy of the
project, with the exact line expected. Lines are found in the edited text, not
copied from output. One case runs the real `mkdocs build --strict` on the same
broken copy, to show both refuse it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from macros.cli import check as gate
from macros.pages.sources import read_config

from conftest import NOTE

PROJECT = Path(__file__).resolve().parents[2]
NEXT = "Fix the lines above"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    target.mkdir()
    shutil.copytree(NOTE / "data", target / "data")
    shutil.copytree(NOTE / "docs", target / "docs")
    shutil.copy(NOTE / "mkdocs.yml", target / "mkdocs.yml")
    return target


def edit(root: Path, file: str, old: str, new: str, count: int = 1) -> str:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file}"
    text = text.replace(old, new, count)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    assert needle in text, needle
    return text.count("\n", 0, text.index(needle)) + 1


def problems(root: Path, dataset=None) -> list[str]:
    report = gate.run(root, data=dataset)
    assert report.internal == [], report.internal
    return [str(p) for p in report.sorted_problems()]


def test_the_project_passes(root, dataset):
    assert problems(root, dataset) == []


# --- Links written in pages ------------------------------------------------------


def test_link_to_a_missing_anchor(root, dataset):
    text = edit(root, "docs/en/methodology.md", "(agenda.md#slot-dialogue)", "(agenda.md#slot-dialog)")
    line = line_of(text, "(agenda.md#slot-dialog)")
    assert problems(root, dataset) == [
        f"docs/en/methodology.md:{line}: link: 'agenda.md#slot-dialog': docs/en/agenda.md has no anchor "
        "'#slot-dialog'; did you mean '#slot-dialogue'?"
    ]


def test_link_to_a_missing_page_in_spanish(root, dataset):
    old = re.search(r"\]\((justification\.md)\)", (root / "docs/es/background.md").read_text()).group(0)
    text = edit(root, "docs/es/background.md", old, "](justificacion.md)")
    line = line_of(text, "(justificacion.md)")
    assert problems(root, dataset) == [
        f"docs/es/background.md:{line}: link: 'justificacion.md' does not lead to a page: link to a page's file, "
        "such as 'agenda.md' or 'agenda.md#anchor'; did you mean 'justification.md'?"
    ]


def test_link_written_as_a_site_address(root, dataset):
    text = edit(root, "docs/en/methodology.md", "(agenda.md)", "(../agenda/)")
    line = line_of(text, "(../agenda/)")
    assert problems(root, dataset) == [
        f"docs/en/methodology.md:{line}: link: '../agenda/' does not lead to a page: link to a page's file, "
        "such as 'agenda.md' or 'agenda.md#anchor'; did you mean 'agenda.md'?"
    ]


def test_absolute_link(root, dataset):
    text = edit(root, "docs/en/methodology.md", "(agenda.md)", "(/agenda/)")
    line = line_of(text, "(/agenda/)")
    assert problems(root, dataset) == [
        f"docs/en/methodology.md:{line}: link: '/agenda/' starts with '/'; link to a page by its file name, "
        "relative to this page (such as 'agenda.md#opening')"
    ]


def test_link_to_an_anchor_of_the_same_page(root, dataset):
    text = edit(root, "docs/en/methodology.md", "(agenda.md)", "(#zzz-none)")
    line = line_of(text, "(#zzz-none)")
    assert problems(root, dataset) == [
        f"docs/en/methodology.md:{line}: link: '#zzz-none': this page has no anchor '#zzz-none'"
    ]


def test_page_link_written_in_html(root, dataset):
    text = edit(root, "docs/en/methodology.md", "\n## ", '\n<p>See <a href="agenda.md">the agenda</a>.</p>\n\n## ')
    assert problems(root, dataset) == [
        f"docs/en/methodology.md:{line_of(text, '<p>See')}: html: '<p>See <a href=\"agenda.md\">the agenda</a>.</p>' is "
        "HTML, which a page may not hold (it could run code in the reader's browser); write it in Markdown: "
        "**bold**, *italics*, [words](page.md), or use a macro"
    ]


def test_image_that_is_not_there(root, dataset):
    text = edit(root, "docs/en/methodology.md", "\n## ", "\n![Map of the region](map.png)\n\n## ")
    assert problems(root, dataset) == [
        f"docs/en/methodology.md:{line_of(text, '![Map')}: link: 'map.png': there is no file docs/en/map.png"
    ]
    (root / "docs/en/map.png").write_bytes(b"\x89PNG")
    assert problems(root, dataset) == []


def test_web_and_mail_links_are_fine(root, dataset):
    edit(root, "docs/en/methodology.md", "(agenda.md)", "(https://example.org/agenda)")
    edit(root, "docs/es/methodology.md", "(agenda.md)", "(mailto:secretaria@example.org)")
    assert problems(root, dataset) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,hi", "vbscript:x"])
def test_active_link_in_markdown(root, dataset, url):
    text = edit(root, "docs/en/methodology.md", "(agenda.md)", f"({url})")
    line = line_of(text, url)
    scheme = url.split(":")[0].lower()
    assert problems(root, dataset) == [
        f"docs/en/methodology.md:{line}: link: '{url}' is a {scheme}: link; links may only be web addresses "
        "(https://…), e-mail addresses (mailto:…) or links to the site's pages"
    ]


def test_raw_html_that_would_run(root, dataset):
    text = edit(
        root,
        "docs/en/methodology.md",
        "\n## ",
        '\n<a href="javascript:go()" onclick="go()">x</a>\n\n<script>alert(1)</script>\n\n## ',
    )
    a_line, script_line = line_of(text, '<a href="javascript'), line_of(text, "<script>")
    file = "docs/en/methodology.md"
    advice = (
        "is HTML, which a page may not hold (it could run code in the reader's browser); write it in Markdown: "
        "**bold**, *italics*, [words](page.md), or use a macro"
    )
    assert problems(root, dataset) == [
        f'{file}:{a_line}: html: \'<a href="javascript:go()" onclick="go()">\' {advice}',
        f"{file}:{script_line}: html: '<script>alert(1)</script>' {advice}",
    ]


# --- Headings and titles --------------------------------------------------------


def test_html_in_a_heading(root, dataset):
    text = edit(root, "docs/en/methodology.md", "\n## ", "\n## <script>alert(1)</script> ")
    line = line_of(text, "## <script>")
    assert (
        f"docs/en/methodology.md:{line}: heading: contains HTML ('<script>'); a heading is plain text "
        "(Markdown such as *italics* is fine)" in problems(root, dataset)
    )


def test_html_in_an_underlined_heading(root, dataset):
    text = edit(root, "docs/es/methodology.md", "\n## ", '\n<img src="x" onerror="go()"> Parte\n-----\n\n## ')
    line = line_of(text, "<img")
    found = problems(root, dataset)
    assert (
        f'docs/es/methodology.md:{line}: heading: contains HTML (\'<img src="x" onerror="go()">\'); a heading '
        "is plain text (Markdown such as *italics* is fine)" in found
    ), found


def test_html_in_a_title(root, dataset):
    text = (root / "docs/es/agenda.md").read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M).group(1)
    text = edit(root, "docs/es/agenda.md", f"title: {title}", f"title: <b>{title}</b>")
    assert problems(root, dataset) == [
        f"docs/es/agenda.md:{line_of(text, 'title: <b>')}: title: contains HTML ('<b>'); the title is plain text, "
        "shown in the navigation, the window title and search results"
    ]


def test_less_than_in_text_is_fine(root, dataset):
    edit(root, "docs/en/methodology.md", "\n## ", "\nFewer than 5 < 7 people & more.\n\n## x < y ")
    assert problems(root, dataset) == []


def append(root: Path, page: str, text: str) -> int:
    """Add a paragraph at the end of a page; the line it starts on."""
    path = root / page
    body = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(body + text + "\n", encoding="utf-8")
    return body.count("\n") + 1


def test_heading_without_an_anchor(root, dataset):
    line = append(root, "docs/en/index.md", "## Next steps")
    assert problems(root, dataset) == [
        f"docs/en/index.md:{line}: heading: has no anchor; end it with one, the same in both languages, so that "
        "links to it keep working when its words change: ## Next steps { #next-steps }"
    ]


def test_the_same_anchor_twice_in_a_page(root, dataset):
    first = {}
    for lang in ("en", "es"):
        text = (root / f"docs/{lang}/index.md").read_text(encoding="utf-8")
        match = re.search(r"^#+ .*\{ #([a-z0-9-]+) \}$", text, re.M)
        first[lang] = (match.group(1), line_of(text, match.group(0)))
    lines = {lang: append(root, f"docs/{lang}/index.md", f"## Again {{ #{first[lang][0]} }}") for lang in first}
    assert problems(root, dataset) == [
        f"docs/{lang}/index.md:{lines[lang]}: heading: the anchor {{ #{first[lang][0]} }} is already used on line "
        f"{first[lang][1]}; each heading of a page needs its own anchor, or links to the second one lead to the first"
        for lang in ("en", "es")
    ]


def test_a_paragraph_left_in_english_on_the_spanish_page(root, dataset):
    paragraph = "The secretariat will circulate the guiding questions to the delegations before the meeting."
    english = append(root, "docs/en/index.md", paragraph)
    spanish = append(root, "docs/es/index.md", paragraph)
    assert problems(root, dataset) == [
        f"docs/es/index.md:{spanish}: text: this paragraph is the same as in docs/en/index.md (line {english}); "
        "translate it into Spanish"
    ]


def test_web_address_without_https(root, dataset):
    line = append(root, "docs/es/index.md", "Véase [el sitio](www.example.org).")
    assert problems(root, dataset) == [
        f"docs/es/index.md:{line}: link: 'www.example.org' is read as a file of this site; if it is a web "
        "address, write it in full: https://www.example.org"
    ]


# --- Macro calls ----------------------------------------------------------------


@pytest.mark.parametrize("indent", ["\t", "    "])
def test_macro_call_indented_into_a_code_block(root, dataset, indent):
    text = edit(root, "docs/en/agenda.md", "\n{{ agenda(", f"\n{indent}{{{{ agenda(")
    line = line_of(text, f"{indent}{{{{ agenda(")
    call = text.split("\n")[line - 1].strip()
    assert problems(root, dataset) == [
        f"docs/en/agenda.md:{line}: macro: {call} is indented (a tab or 4 spaces after a blank line), so Markdown "
        "would publish its HTML as a code block; start the line at the left margin"
    ]


def test_table_macro_after_text_on_its_line(root, dataset):
    text = edit(root, "docs/es/agenda.md", "\n\n{{ agenda() }}", "\n\nLa agenda: {{ agenda() }}")
    assert problems(root, dataset) == [
        f"docs/es/agenda.md:{line_of(text, 'La agenda: ')}: macro: {{{{ agenda() }}}} shows a table or cards, so "
        "Markdown would pour its HTML into the text around it: put it alone on its line, with an empty line before "
        "and after"
    ]


def test_inline_macros_in_sentences_are_fine(root, dataset):
    edit(
        root, "docs/en/justification.md", '{{ figure("title-42-expulsions") }}', '\n{{ figure("title-42-expulsions") }}'
    )
    assert problems(root, dataset) == []


def test_macro_called_wrongly(root, dataset):
    text = edit(root, "docs/en/justification.md", '{{ figure("title-42-expulsions") }}', "{{ figure() }}")
    line = line_of(text, "{{ figure() }}")
    (only,) = problems(root, dataset)
    assert only.startswith(f"docs/en/justification.md:{line}: macro: a macro is called wrongly: "), only


def test_every_mistake_of_a_page_at_once(root, dataset):
    page = "docs/en/justification.md"
    text = edit(root, page, '{{ figure("title-42-expulsions") }}', '{{ figure("title-42") }}')
    text = edit(root, page, "](key-figures.md)", "](key-figure.md)")
    text = edit(root, page, '{{ org("iom") }}', "{{ org() }}")
    figure = line_of(text, '{{ figure("title-42") }}')
    assert problems(root, dataset) == [
        f"{page}:{line_of(text, '](key-figure.md)')}: link: 'key-figure.md' does not lead to a page: link to a "
        "page's file, such as 'agenda.md' or 'agenda.md#anchor'; did you mean 'key-figures.md'?",
        f"{page}:{line_of(text, '{{ org() }}')}: macro: a macro is called wrongly: org(): missing a required "
        "argument: 'org_id'",
        f"{page}:{figure}: macro: figure('title-42'): no figure with that id in data/figures.yml",
    ]


def test_unknown_macro(root, dataset):
    text = edit(root, "docs/en/agenda.md", "{{ agenda() }}", "{{ agendas() }}")
    assert problems(root, dataset) == [
        f"docs/en/agenda.md:{line_of(text, '{{ agendas() }}')}: macro: agendas is not a macro of this site; "
        "did you mean agenda()?"
    ]


def test_macro_call_not_closed(root, dataset):
    text = edit(root, "docs/es/agenda.md", "{{ agenda() }}", "{{ agenda( }}")
    assert problems(root, dataset) == [
        f"docs/es/agenda.md:{line_of(text, '{{ agenda( }}')}: macro: a macro call is not written right (unexpected "
        "'}', expected ')'); write it as {{ name(arguments) }}"
    ]


def test_front_matter_title_misspelled(root, dataset):
    text = edit(root, "docs/es/notes.md", "\ntitle: ", "\ntitel: ")
    assert problems(root, dataset) == [
        f"docs/es/notes.md:{line_of(text, 'titel: ')}: titel: is not a known field; did you mean 'title'?"
    ]


def test_front_matter_description_missing(root, dataset):
    text = (root / "docs/en/notes.md").read_text(encoding="utf-8")
    description = re.search(r"^description: .*\n", text, re.M).group(0)
    edit(root, "docs/en/notes.md", description, "")
    assert problems(root, dataset) == ["docs/en/notes.md:2: description: is required in the front matter, as text"]


def test_a_bug_in_the_macros_is_an_internal_error(root, dataset, monkeypatch):
    from macros.render import renderer as render

    def broken(self, block=None):
        raise AttributeError("'Slot' object has no attribute 'strat'")

    monkeypatch.setattr(render.Renderer, "agenda", broken)
    report = gate.run(root, data=dataset)
    assert report.problems == []
    assert report.internal  # the pages that show the agenda, in both languages
    assert len(report.internal) % 2 == 0 and all(" AttributeError: " in text for text in report.internal)
    assert report.internal[0].startswith(
        "while running the macros of docs/en/agenda.md: AttributeError: "
        "'Slot' object has no attribute 'strat' at tests/unit/test_gate.py:"
    )


def test_internal_error_exits_2_and_says_it_is_not_the_editors_mistake(root, dataset, monkeypatch, capsys):
    from macros.render import renderer as render

    monkeypatch.setattr(render.Renderer, "glossary", lambda self: 1 / 0)
    assert gate.main([str(root)]) == 2
    err = capsys.readouterr().err
    assert "Internal error: the site's own code failed. This is not a mistake in your edit" in err
    assert "ZeroDivisionError" in err and "Traceback" not in err


# --- Links built by the macros ----------------------------------------------------


def test_renamed_page_breaks_the_macros_links(root, dataset):
    for lang in ("en", "es"):
        (root / f"docs/{lang}/glossary.md").rename(root / f"docs/{lang}/words.md")
    edit(root, "mkdocs.yml", "  - glossary.md\n", "  - words.md\n")
    # Links written in the pages are reported one by one; the macros' links once per language,
    # at the first macro call that links to the page.
    found = [p for p in problems(root, dataset) if "a macro on this line" in p]
    assert len(found) == 2, found
    text = (root / "docs/en/agenda.md").read_text(encoding="utf-8")
    first = next(n for n, line in enumerate(text.split("\n"), 1) if re.search(r"\{\{ (agenda|org)\(", line))
    assert found[0] == (
        f"docs/en/agenda.md:{first}: link: a macro on this line links to the page 'glossary' "
        "(docs/en/glossary.md), which does not exist; the macros link to it by that file name, "
        "so keep that name"
    )


def test_anchor_a_macro_links_to_is_gone(root, dataset):
    text = edit(root, "docs/en/notes.md", "{{ footnotes() }}", "")
    assert "{{ footnotes() }}" not in text
    found = [p for p in problems(root, dataset) if p.startswith("docs/en/")]
    assert found, "links to #note-… should be reported"
    assert all(
        "a macro on this line links to '#note-" in p and "docs/en/notes.md, which has no such anchor" in p
        for p in found
    ), found
    justification = (root / "docs/en/justification.md").read_text(encoding="utf-8")
    assert f"docs/en/justification.md:{line_of(justification, '{{ note(')}: link: " in "\n".join(found)


# --- Encodings --------------------------------------------------------------------


def test_byte_order_mark_and_windows_line_ends_are_accepted(root, dataset):
    page = root / "docs/en/notes.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes().replace(b"\n", b"\r\n"))
    assert problems(root, dataset) == []


def test_page_in_another_encoding(root, dataset):
    page = root / "docs/es/notes.md"
    text = page.read_text(encoding="utf-8")
    page.write_bytes(text.encode("latin-1"))
    first = next(i for i, ch in enumerate(text) if ord(ch) > 127)
    line = text.count("\n", 0, first) + 1
    offset = len(text[:first].encode("latin-1"))
    assert problems(root, dataset) == [
        f"docs/es/notes.md:{line}: the file is not UTF-8 text (byte {offset + 1} cannot be read); save it with the "
        "UTF-8 encoding"
    ]


# --- Navigation -------------------------------------------------------------------


NESTED_NAV = (
    "  - Home: index.md\n  - About:\n      - background.md\n      - Why: justification.md\n  - https://example.org/\n"
)


def test_nested_sections_and_titled_entries_work(root, dataset):
    edit(root, "mkdocs.yml", "  - index.md\n  - background.md\n  - justification.md\n", NESTED_NAV)
    edit(
        root,
        "mkdocs.yml",
        "          name: Español\n",
        "          name: Español\n          nav_translations:\n            Home: Inicio\n            About: Contexto\n"
        "            Why: Justificación\n",
    )
    assert problems(root, dataset) == []


def test_nav_titles_without_spanish_translation(root, dataset):
    text = edit(root, "mkdocs.yml", "  - index.md\n  - background.md\n  - justification.md\n", NESTED_NAV)
    edit(
        root,
        "mkdocs.yml",
        "          name: Español\n",
        "          name: Español\n          nav_translations:\n            Home: Inicio\n",
    )
    about, why = line_of(text, "  - About:"), line_of(text, "      - Why:")
    assert problems(root, dataset) == [
        f"mkdocs.yml:{about}: nav: the title 'About' would show in the Spanish menu too: give its Spanish title under "
        "nav_translations of the 'es' language (plugins: i18n)",
        f"mkdocs.yml:{why}: nav: the title 'Why' would show in the Spanish menu too: give its Spanish title under "
        "nav_translations of the 'es' language (plugins: i18n), or write the file name alone: each language then "
        "shows the page's own title",
    ]


def test_nav_names_a_missing_page(root, dataset):
    text = edit(root, "mkdocs.yml", "  - notes.md\n", "  - notes.md\n  - note.md\n")
    assert problems(root, dataset) == [
        f"mkdocs.yml:{line_of(text, '  - note.md')}: nav: names note.md, but docs/en/note.md and docs/es/note.md "
        "do not exist; check the file name"
    ]


def test_page_left_out_of_the_nav(root, dataset):
    text = edit(root, "mkdocs.yml", "  - glossary.md\n", "")
    assert problems(root, dataset) == [
        f"mkdocs.yml:{line_of(text, 'nav:')}: nav: the page glossary.md (docs/en and docs/es) is not in the "
        "navigation; add '- glossary.md' where it belongs in the menu"
    ]


def test_two_entries_on_one_line(root, dataset):
    text = edit(root, "mkdocs.yml", "  - notes.md\n", "  - Notes: notes.md\n    More: glossary.md\n")
    line = line_of(text, "  - Notes:")
    assert (
        f"mkdocs.yml:{line}: nav[9]: an entry holds one 'Title: page.md' pair or one section; start each on "
        "its own line with '- '" in problems(root, dataset)
    )


def test_nav_entry_that_is_not_a_page(root, dataset):
    text = edit(root, "mkdocs.yml", "  - notes.md\n", "  - notes.md\n  - javascript:alert(1)\n")
    assert problems(root, dataset) == [
        f"mkdocs.yml:{line_of(text, '  - javascript')}: nav[10]: 'javascript:alert(1)' is not a page: write the file "
        "name of a page in docs/en and docs/es (such as 'agenda.md') or a web address starting with https://"
    ]


def test_html_and_script_addresses_in_mkdocs_yml(root, dataset):
    text = edit(root, "mkdocs.yml", "\ncopyright: ", "\ncopyright: <script>x()</script> ")
    text = edit(root, "mkdocs.yml", "          site_name: ", "          site_name: <b>CRM</b> ")
    text = edit(root, "mkdocs.yml", "  - notes.md\n", "  - notes.md\n  - Map: javascript:go()\n")
    text = edit(root, "mkdocs.yml", "\nextra:\n", "\nextra:\n  home: data:text/html,hi\n")
    found = problems(root, dataset)
    nav = line_of(text, "  - Map: javascript")
    i18n = line_of(text, "          site_name: <b>")
    assert found == [
        f"mkdocs.yml:{line_of(text, 'copyright: <script>')}: copyright: contains HTML ('<script>'); this text is "
        "shown on the pages as typed, so it must be plain text (x < y and R&D are fine)",
        f"mkdocs.yml:{nav}: nav[10]: 'javascript:go()' is not a page: write the file name of a page in docs/en and "
        "docs/es (such as 'agenda.md') or a web address starting with https://",
        f"mkdocs.yml:{line_of(text, '  home: data:')}: extra.home: 'data:text/html,hi' is not allowed: addresses "
        "may only be web addresses (https://…) or e-mail addresses",
        f"mkdocs.yml:{i18n}: plugins[2].i18n.languages[1].site_name: contains HTML ('<b>'); this text is shown on "
        "the pages as typed, so it must be plain text (x < y and R&D are fine)",
    ], found


def test_broken_mkdocs_yml(root, dataset):
    text = edit(root, "mkdocs.yml", "  - notes.md\n", "  - notes.md\n   - bad: [\n")
    found = problems(root, dataset)
    assert len(found) == 1 and found[0].startswith("mkdocs.yml:") and "YAML syntax error" in found[0], found
    assert int(found[0].split(":")[1]) >= line_of(text, "   - bad")


# --- Rendering a page again ---------------------------------------------------------


def test_an_unchanged_page_is_not_rendered_again_unless_an_extension_reads_files(tmp_path):
    """The check keeps what it rendered (make serve re-checks after every edit), but only with
    extensions whose output depends on the page's text alone: one that includes files is
    rendered each time, so an edit to the included file is seen."""
    from macros.pages import links

    names, settings = links.markdown_extensions(read_config(NOTE / "mkdocs.yml")[0])
    renderer = links.MarkdownRenderer(names, settings)
    text = "# Title {#title}\n\nSee [the agenda](agenda.md#slot-dialogue).\n"
    first = renderer.render(text)
    first.links.append("changed by the caller")
    again = links.MarkdownRenderer(names, settings).render(text)
    assert again.links == ["#title", "agenda.md#slot-dialogue"] and "title" in again.ids  # the permalink, the link
    assert again.html == first.html
    assert renderer.render(text + "\nMore.\n").html != first.html

    part = tmp_path / "part.md"
    including = links.MarkdownRenderer(
        [*names, "pymdownx.snippets"], {**settings, "pymdownx.snippets": {"base_path": [str(tmp_path)]}}
    )
    part.write_text("First version.\n", encoding="utf-8")
    assert "First version." in including.render('--8<-- "part.md"\n').html
    part.write_text("Second version.\n", encoding="utf-8")
    assert "Second version." in including.render('--8<-- "part.md"\n').html


# --- Through the real commands ----------------------------------------------------
