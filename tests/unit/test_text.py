"""Text in the data files: one inline-Markdown rule, the same wherever a text appears."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from macros.content import models as m
from macros.content.text import inline, plain, problems
from macros.render.renderer import Renderer


def link(slug, anchor=None):
    return f"/{slug}/#{anchor or ''}"


# --- the rule itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, html",
    [
        ("**bold** and *italics*", "<strong>bold</strong> and <em>italics</em>"),
        ("x < y & z", "x &lt; y &amp; z"),
        ("2 * 3 = 6", "2 &#42; 3 = 6"),
        ("<b onclick=x>b</b>", "&lt;b onclick=x&gt;b&lt;/b&gt;"),
        ("[site](https://example.org/a_b)", '<a href="https://example.org/a_b">site</a>'),
        ("[mail](mailto:someone@example.org)", '<a href="mailto:someone@example.org">mail</a>'),
        ("[glossary](../glossary/#org-rcm)", '<a href="../glossary/#org-rcm">glossary</a>'),
        ("first line\nsecond line", "first line second line"),
        ("snake_case", "snake&#95;case"),
    ],
)
def test_inline_renders_commonmark_and_escapes_the_rest(text, html):
    assert str(inline(text)) == html


@pytest.mark.parametrize(
    "text, words",
    [
        ("**RCM** [site](https://example.org)", "RCM site"),
        ("x < y & *z*", "x < y & z"),
        ("`code` and \\*", "code and *"),
    ],
)
def test_plain_keeps_the_words_only(text, words):
    assert plain(text) == words


@pytest.mark.parametrize(
    "text, words",
    [
        ("[x](javascript:alert(1))", "the link to 'javascript:alert(1)' is not allowed"),
        ("[x](JavaScript:alert(1))", "is not allowed"),
        ("[x](data:text/html,hi)", "the link to 'data:text/html,hi' is not allowed"),
        ("[x](//elsewhere.example)", "is not allowed"),
        ("[x](file:///etc/passwd)", "is not allowed"),
        ("![map](map.png)", "an image cannot be placed in a text"),
        ("**unclosed", "the ** here is not closed"),
        ("__unclosed", "the __ here is not closed"),
    ],
)
def test_problems_name_what_cannot_be_published(text, words):
    found = problems(text)
    assert len(found) == 1 and words in found[0]


@pytest.mark.parametrize("text", ["x < y", "R&D", "2 * 3", "a_b_c", "\\*\\* two asterisks", "Title 42 *", "50%"])
def test_ordinary_characters_are_accepted(text):
    assert problems(text) == []
    m.Text.model_validate({"en": text, "es": text})


def test_a_forbidden_link_never_becomes_a_link():
    soup = BeautifulSoup(str(inline("[x](javascript:alert(1))")), "html.parser")
    assert soup.find("a") is None


def test_the_text_model_refuses_a_forbidden_link():
    with pytest.raises(Exception, match="is not allowed"):
        m.Text.model_validate({"en": "[x](javascript:alert(1))", "es": "x"})


# --- the same everywhere ----------------------------------------------------------------


def _with_markdown(dataset):
    """The dataset with Markdown in an organisation's name, a slot title and a term."""
    org = next(o for o in dataset.organisations.values() if o.acronym is not None)
    orgs = dict(dataset.organisations)
    orgs[org.id] = org.model_copy(update={"name": m.Text(en="The **bold** name", es="El nombre **fuerte**")})
    slot = dataset.slots[1]
    slot = slot.model_copy(update={"title": m.Text(en="Words *of* welcome", es="Palabras *de* bienvenida")})
    data = dataset.replace(organisations=orgs, slots=[dataset.slots[0], slot, *dataset.slots[2:]])
    return data, org, slot


def test_markdown_in_yaml_renders_the_same_in_every_macro(dataset):
    data, org, slot = _with_markdown(dataset)
    for lang in ("en", "es"):
        r = Renderer(data, lang, link)
        pages = {
            "agenda": r.agenda(),
            "access": r.access(),
            "org": r.org(org.id, tooltip=True),
            "glossary": r.glossary(),
            "participants": r.participants(),
            "objectives": r.objectives(),
        }
        for name, html in pages.items():
            assert "**" not in BeautifulSoup(str(html), "html.parser").get_text(), name
        agenda = BeautifulSoup(str(pages["agenda"]), "html.parser")
        assert agenda.select_one(f"#slot-{slot.id} .agenda-title em").get_text() == ("of" if lang == "en" else "de")
        glossary = BeautifulSoup(str(pages["glossary"]), "html.parser")
        assert glossary.select_one(f"#org-{org.id} td[lang=en] strong").get_text() == "bold"
        # Attributes carry the words only.
        tooltip = BeautifulSoup(str(pages["org"]), "html.parser").select_one("abbr")["title"]
        assert tooltip == plain(data.organisations[org.id].name(lang))


def test_abbreviation_tooltips_carry_plain_words(dataset):
    from macros.build.registry import abbreviations

    data, org, _ = _with_markdown(dataset)
    lines = abbreviations(Renderer(data, "en", link)).splitlines()
    assert f"*[{org.acronym.en}]: The bold name" in lines
