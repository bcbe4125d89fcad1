"""Editorial rules of the built site that can regress, read with a real HTML parser:
one <abbr> per acronym, Spanish agreement, the time zone of every time, the
glossary's order, badges that read apart without CSS, footnotes where they belong."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import LANGS, NOTE

TIME = re.compile(r"\b\d{2}:\d{2}\b")


def page_file(site: Path, slug: str, lang: str) -> Path:
    prefix = site if lang == "en" else site / lang
    return prefix / "index.html" if slug == "index" else prefix / slug / "index.html"


def soup_of(site: Path, slug: str, lang: str) -> BeautifulSoup:
    return BeautifulSoup(page_file(site, slug, lang).read_text(encoding="utf-8"), "lxml")


def text_of(node) -> str:
    return re.sub(r"\s+", " ", node.get_text()).replace("\u2009", " ").strip()


def expected_offset() -> str:
    """'UTC−05:00' for the meeting's date and start, from zoneinfo (not from the site's code)."""
    meeting = yaml.safe_load((NOTE / "data" / "meeting.yml").read_text(encoding="utf-8"))
    agenda = yaml.safe_load((NOTE / "data" / "agenda.yml").read_text(encoding="utf-8"))
    start = next(slot["start"] for slot in agenda["slots"] if slot["type"] != "logistics")
    moment = dt.datetime.combine(meeting["date"], dt.time.fromisoformat(start), ZoneInfo(meeting["timezone"]))
    minutes = int(moment.utcoffset().total_seconds() // 60)
    return f"UTC{'+' if minutes >= 0 else '−'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


# --- one abbreviation element per acronym -----------------------------------------------


def test_no_abbreviation_inside_another(site_dir, slugs):
    nested = []
    for lang in LANGS:
        for slug in slugs:
            for abbr in soup_of(site_dir, slug, lang).select("abbr abbr"):
                nested.append(f"{lang}/{slug}: {abbr.parent}")
    assert not nested, "nested <abbr>:\n" + "\n".join(nested)


@pytest.mark.parametrize("lang", LANGS)
def test_acronyms_in_running_text_have_one_tooltip(site_dir, dataset, lang):
    """The org() macro in a paragraph: the acronym is in exactly one <abbr> with its full name."""
    soup = soup_of(site_dir, "background", lang)
    rcm = dataset.organisations["rcm"]
    links = [a for a in soup.select("article p a.org-ref") if text_of(a) == rcm.acronym(lang)]
    assert links
    for link in links:
        abbrs = link.find_all("abbr")
        assert len(abbrs) == 1 and abbrs[0]["title"] == rcm.name(lang), link


# --- Spanish agreement and lists ------------------------------------------------------


def test_profile_sentences_say_what_the_note_foresees(site_dir, dataset):
    """The concept note 'expects' and 'foresees' participation, and limits only that of civil society and
    international organizations ('foreseen only in the section…'): an expectation, never a permission."""
    wording = {
        "en": ("does not limit", "foresees", "only"),
        "es": ("no limita", "prevé", "únicamente"),
    }
    for lang in LANGS:
        soup = soup_of(site_dir, "participants", lang)
        unlimited, foresees, only = wording[lang]
        for profile in dataset.profiles:
            sentence = text_of(soup.select_one(f"#profile-{profile.id} .profile-access"))
            assert not re.search(r"\b(may|puede|pueden)\b", sentence, re.IGNORECASE), (lang, profile.id, sentence)
            if profile.attends == "all":
                assert unlimited in sentence, (lang, profile.id, sentence)
            else:
                assert foresees in sentence and only in sentence, (lang, profile.id, sentence)


def test_objectives_page_lists_parts_as_each_language_writes_a_list(site_dir, dataset):
    """'… and …' / '… y …' before the last part, with no comma, as the concept note's own lists."""
    conjunction = {"en": " and ", "es": " y "}
    for lang in LANGS:
        soup = soup_of(site_dir, "objectives", lang)
        for objective in dataset.objectives:
            links = soup.select(f"#objective-{objective.id} .objective-served a")
            assert len(links) == len(objective.served_by), objective.id
            if len(links) > 1:
                assert str(links[-2].next_sibling) == conjunction[lang], (lang, objective.id)


# --- times say their time zone --------------------------------------------------------------


def test_every_times_table_says_its_time_zone(site_dir, slugs):
    offset = expected_offset()
    missing, tables = [], 0
    for lang in LANGS:
        for slug in slugs:
            for table in soup_of(site_dir, slug, lang).select("article table"):
                if not any(TIME.search(text_of(cell)) for cell in table.select("tbody th, tbody td")):
                    continue
                tables += 1
                caption = table.find("caption")
                if caption is None or offset not in text_of(caption):
                    missing.append(f"{lang}/{slug}: {text_of(caption) if caption else 'no caption'}")
    assert tables >= 6  # the agenda, its two blocks and the access table, at least, in each language
    assert not missing, f"tables of times without {offset} in their caption:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", LANGS)
def test_sentences_with_times_say_their_time_zone(site_dir, lang):
    offset = expected_offset()
    lines = [
        *soup_of(site_dir, "objectives", lang).select(".objective-served"),
        *soup_of(site_dir, "participants", lang).select(".profile-access"),
    ]
    with_times = [text_of(line) for line in lines if TIME.search(text_of(line))]
    assert len(with_times) >= 4
    assert all(offset in line for line in with_times), with_times


@pytest.mark.parametrize("lang", LANGS)
def test_home_gives_one_offset_notation(site_dir, lang):
    facts = text_of(soup_of(site_dir, "index", lang).select_one("dl.meeting-facts"))
    assert expected_offset() in facts and "GMT" not in facts, facts


# --- order, separators, footnotes -----------------------------------------------------------


def _folded(text: str) -> str:
    """Dictionary order for Spanish, computed here on its own: no case, no accents, ñ after n."""
    text = text.casefold().replace("ñ", "n\U0010ffff")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_is_in_alphabetical_order_of_the_language(site_dir, lang):
    rows = soup_of(site_dir, "glossary", lang).select("table.glossary tbody tr")
    keys = []
    for row in rows:
        header = row.find("th")
        other = header.select_one(".other-lang")
        if other:
            other.extract()
        acronym = text_of(header)
        keys.append(acronym if acronym != "—" else text_of(row.select_one(f'td[lang="{lang}"]')))
    assert len(keys) > 10
    assert [_folded(k) for k in keys] == sorted(_folded(k) for k in keys), keys


@pytest.mark.parametrize("lang", LANGS)
def test_badges_read_apart_from_the_text_without_css(site_dir, lang):
    """Reader mode and copy-paste see the text, not the layout: no word runs into a badge."""
    soup = soup_of(site_dir, "agenda", lang)
    badges = 0
    for cell in soup.select("table.agenda td.agenda-activity"):
        raw = re.sub(r"\s+", " ", cell.get_text(""))  # no separator added between elements
        for badge in cell.select(".badge-exclusive"):
            badges += 1
            words = text_of(badge).replace("★", "").strip()
            before, _, after = raw.partition(words)
            assert re.search(r"[\s.:;—★]$", before), raw
            assert after == "" or re.match(r"[\s.:;—]", after), raw
    assert badges >= 3


@pytest.mark.parametrize("lang", LANGS)
def test_period_footnotes_are_on_the_period_row(site_dir, dataset, lang):
    soup = soup_of(site_dir, "key-figures", lang)
    checked = 0
    for figure in dataset.figures.values():
        card = soup.select_one(f"#fig-{figure.id} dl.figure-meta")
        rows = {text_of(dt_): dd for dt_, dd in zip(card.find_all("dt"), card.find_all("dd"), strict=True)}
        period, source = list(rows.values())[0], rows[list(rows)[-1]]
        assert not source.select('a[href*="#note-"]'), figure.id
        notes = [a["href"].rsplit("#note-", 1)[1] for a in period.select('a[href*="#note-"]')]
        assert notes == ([str(figure.footnote)] if figure.footnote else []), figure.id
        checked += bool(figure.footnote)
    assert checked >= 4


@pytest.mark.parametrize("lang", LANGS)
def test_speaker_roles_keep_their_spaces(site_dir, dataset, lang):
    """'Moderator: SRE', 'Director of the Guatemalan Migration Institute': the role's words, as typed."""
    soup = soup_of(site_dir, "agenda", lang)
    checked = 0
    for slot in [s for top in dataset.slots for s in (top, *top.items)]:
        cell = soup.select_one(f"#slot-{slot.id} .agenda-speakers")
        for speaker in slot.speakers:
            org = dataset.organisations[speaker.org]
            shown = (org.acronym or org.name)(lang)
            expected = dataset.roles[speaker.role].pattern(lang).replace("{org}", shown)
            assert expected in re.sub(r"\s+", " ", cell.get_text("")), (slot.id, expected)
            checked += expected != shown
    assert checked >= 3


def test_one_form_for_member_countries_and_at_the_time(site_dir, slugs):
    """'Países Miembros'/'País Miembro' and 'Member Countries' always capitalized; 'en el momento de',
    never 'al momento de'."""
    found = []
    for lang in LANGS:
        for slug in slugs:
            text = text_of(soup_of(site_dir, slug, lang).select_one("article"))
            found += [f"{lang}/{slug}: {m}" for m in re.findall(r"\b[Pp]a[ií]s(?:es)? miembros?\b", text)]
            found += [f"{lang}/{slug}: {m}" for m in re.findall(r"\b[Mm]ember countr(?:y|ies)\b", text)]
            found += [f"{lang}/{slug}: {m}" for m in re.findall(r"\b[Aa]l momento de\b", text)]
    assert not found, found


def test_search_dialog_has_a_name_in_the_page_language(site_dir, slugs):
    """Material's search is a dialog: it needs an accessible name (axe and Lighthouse: aria-dialog-name)."""
    names = {"en": "Search", "es": "Buscar"}  # Material's own translations of 'search'
    for lang in LANGS:
        for slug in slugs:
            dialog = soup_of(site_dir, slug, lang).select_one('[data-md-component="search"][role="dialog"]')
            assert dialog is not None and dialog.get("aria-label") == names[lang], (lang, slug)


# --- no English interface string on a Spanish page -------------------------------------------

# Attributes whose value is text for the reader (tooltips, accessible names, placeholders, labels).
TEXT_ATTRIBUTES = {
    "title",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-placeholder",
    "alt",
    "placeholder",
    "label",
}


def _lang_of(element) -> str | None:
    """The language of an element: its own lang attribute, or its nearest ancestor's."""
    if element.has_attr("lang"):
        return element["lang"]
    marked = element.find_parent(lambda tag: tag.has_attr("lang"))
    return marked["lang"] if marked is not None else None


def _reader_texts(soup: BeautifulSoup) -> list[tuple[str, str, str]]:
    """(kind, element, text) of every text a reader gets from a page's interface: the text attributes
    of every element and the data-* attributes the scripts show (but Material's data-md-*), and the
    visible text outside the article (header, menus, table of contents, footer: the theme's labels)."""
    found = []
    page_lang = soup.html.get("lang")
    for element in soup.find_all(True):
        if _lang_of(element) != page_lang:  # another language on purpose: the switcher's "English"
            continue
        for name, value in element.attrs.items():
            if not isinstance(value, str) or not value.strip():
                continue
            # data-* texts are sentences the scripts show; one-word data-* values are codes (zones, dates).
            scripted = name.startswith("data-") and not name.startswith("data-md-") and " " in value.strip()
            if name in TEXT_ATTRIBUTES or scripted:
                found.append((name, element.name, " ".join(value.split())))
    for string in soup.find_all(string=True):
        if string.find_parent(["article", "script", "style", "template"]) is not None:
            continue
        if _lang_of(string.parent) != page_lang:
            continue
        if type(string).__name__ != "NavigableString" or not string.strip():
            continue
        found.append(("text", string.parent.name, " ".join(string.split())))
    return found


def _spanish_words(site: Path, slugs: list[str]) -> set[str]:
    """Every word of the Spanish pages' own text (their articles, less what is marked lang="en")."""
    words = set()
    for slug in slugs:
        article = soup_of(site, slug, "es").select_one("article")
        for english in article.select('[lang="en"]'):
            english.extract()
        words |= set(re.findall(r"\w+", article.get_text(" ").casefold()))
    return words


def _is_name(text: str, spanish: set[str]) -> bool:
    """Names, acronyms and numbers may read the same in both languages (Honduras; COMAR; 2021; ZIP,
    0.8 MB), and so may a capitalized word that the Spanish pages themselves use (Agenda, Virtual);
    a text with an ordinary lowercase word, or a word no Spanish page uses, is English."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", text)
    return all(w[0].isupper() and (w.isupper() or w.casefold() in spanish) for w in words)


def english_on_spanish_pages(site: Path, slugs: list[str]) -> list[str]:
    """Each Spanish page set against the English page at the same address: a reader text (attribute
    or theme label) that is identical, of the same kind on the same element, and is not a name."""
    spanish = _spanish_words(site, slugs)
    found = []
    pages = [(slug, soup_of(site, slug, "en"), soup_of(site, slug, "es")) for slug in slugs]
    pages.append(("404", *(BeautifulSoup((site / p / "404.html").read_text("utf-8"), "lxml") for p in ("", "es"))))
    for slug, english, spanish_page in pages:
        english_texts = set(_reader_texts(english))
        for item in dict.fromkeys(_reader_texts(spanish_page)):
            if item in english_texts and not _is_name(item[2], spanish):
                found.append(f"es/{slug}: <{item[1]}> {item[0]}: {item[2]!r}")
    return found


def test_spanish_pages_carry_no_english_interface_string(site_dir, slugs):
    """Permalink titles, Material's labels, aria-labels, titles, alts, placeholders, the scripts'
    texts: none of the Spanish edition's is the English page's text (names and numbers aside)."""
    found = english_on_spanish_pages(site_dir, slugs)
    assert not found, "English text on Spanish pages:\n" + "\n".join(found)
