"""The built site, read with a real HTML parser: pages, languages, links,
agenda and figures, in both languages."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

import outputs
from conftest import LANGS, NOTE, copy_project, mkdocs_build

OTHER = {"en": "es", "es": "en"}


def page_file(site: Path, slug: str, lang: str) -> Path:
    prefix = site if lang == "en" else site / lang
    return prefix / "index.html" if slug == "index" else prefix / slug / "index.html"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def front_matter_title(slug: str, lang: str) -> str:
    from macros.pages.sources import read_page

    page, problems = read_page(NOTE / "docs" / lang / f"{slug}.md", slug, slug, lang)
    assert not problems
    return page.title


def text_of(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).replace("\u2009", " ").strip()


# --- every page in both languages ---------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_exists_with_its_language_title_and_nav(site_dir, slugs, lang):
    titles = {slug: front_matter_title(slug, lang) for slug in slugs}
    for slug in slugs:
        soup = soup_of(page_file(site_dir, slug, lang))
        assert soup.html["lang"] == lang, slug
        assert soup.title.string.startswith(titles[slug]), (slug, soup.title.string)
        nav = [
            text_of(a)
            for a in soup.select(
                "nav.md-nav--primary > ul > li > a.md-nav__link, "
                "nav.md-nav--primary > ul > li > label.md-nav__link, "
                "nav.md-nav--primary > ul > li > div > a.md-nav__link"
            )
        ]
        assert [t for t in titles.values() if t in nav] == list(titles.values()), (slug, nav)


@pytest.mark.parametrize("lang", LANGS)
def test_titles_differ_between_languages(slugs, lang):
    # Every page but "Agenda" (the same word in both) has its own title per language.
    different = [s for s in slugs if front_matter_title(s, "en") != front_matter_title(s, "es")]
    assert set(slugs) - set(different) <= {"agenda"}


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_goes_to_the_same_page(site_dir, slugs, lang):
    for slug in slugs:
        path = page_file(site_dir, slug, lang)
        soup = soup_of(path)
        link = soup.select_one(f'.md-select a[hreflang="{OTHER[lang]}"]')
        assert link is not None, slug
        target = (path.parent / unquote(urlsplit(link["href"]).path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        assert target == page_file(site_dir, slug, OTHER[lang]).resolve(), (slug, link["href"])


# --- links and requests ---------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(each_site):
    broken = outputs.broken_links(each_site)
    assert not broken, "\n".join(broken)


def test_no_page_loads_anything_from_another_host(each_site):
    loads = outputs.foreign_loads(each_site)
    assert not loads, "\n".join(loads)


def test_each_language_has_its_own_404_page(site_dir):
    assert soup_of(site_dir / "404.html").html["lang"] == "en"
    assert soup_of(site_dir / "es" / "404.html").html["lang"] == "es"


def test_search_index_is_split_by_language(site_dir):
    import json

    english = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    spanish = json.loads((site_dir / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["docs"] and spanish["docs"]
    assert not any(d["location"].startswith("es/") for d in english["docs"])
    titles_en = {d["title"] for d in english["docs"]}
    titles_es = {d["title"] for d in spanish["docs"]}
    assert "Justification" in titles_en and "Justificación" not in titles_en
    assert "Justificación" in titles_es and "Justification" not in titles_es


# --- agenda ----------------------------------------------------------------------

# Slots as the concept note gives them: start, end and who presents or moderates.
NOTE_AGENDA = [
    ("connection", "09:45", "10:00", {"en": [], "es": []}),
    ("welcome", "10:00", "10:10", {"en": ["INM", "SRE"], "es": ["INM", "SRE"]}),
    (
        "high-level-dialogue-report",
        "10:10",
        "10:30",
        {"en": ["Ministry of Foreign Affairs of Panama"], "es": ["Ministerio de Relaciones Exteriores de Panamá"]},
    ),
    (
        "guatemala-practices",
        "10:30",
        "10:50",
        {
            "en": ["Director of the Guatemalan Migration Institute"],
            "es": ["Dirección del Instituto Guatemalteco de Migración"],
        },
    ),
    ("assisted-returns", "10:50", "11:10", {"en": ["INM"], "es": ["INM"]}),
    ("questions-flows", "11:10", "11:20", {"en": ["Moderator: SRE"], "es": ["Moderación: SRE"]}),
    ("break", "11:20", "11:30", {"en": [], "es": []}),
    ("protection-costa-rica", "11:30", "11:40", {"en": ["Refugee Unit"], "es": ["Unidad de Refugio"]}),
    (
        "protection-panama",
        "11:40",
        "11:50",
        {
            "en": ["National Office for the Attention to Refugees"],
            "es": ["Oficina Nacional para la Atención de Refugiados"],
        },
    ),
    ("protection-mexico", "11:50", "12:00", {"en": ["COMAR"], "es": ["COMAR"]}),
    ("shelter-systems", "12:00", "12:15", {"en": ["UNHCR"], "es": ["ACNUR"]}),
    ("returns-protection-access", "12:15", "12:30", {"en": ["RNCOM"], "es": ["RROCM"]}),
    ("migration-alternatives", "12:30", "12:45", {"en": ["UNHCR"], "es": ["ACNUR"]}),
    ("questions-protection", "12:45", "13:00", {"en": [], "es": []}),
    ("dialogue", "13:00", "13:15", {"en": ["Moderator: INM"], "es": ["Moderación: INM"]}),
    ("final-comments", "13:15", "13:25", {"en": ["INM", "SRE"], "es": ["INM", "SRE"]}),
    ("closure", "13:25", "13:30", {"en": ["RCM Executive Secretariat"], "es": ["Secretaría Ejecutiva de la CRM"]}),
]
EXCLUSIVE = {"block-flows", "dialogue", "final-comments"}


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_lists_every_slot_with_times_and_presenters(site_dir, dataset, lang):
    soup = soup_of(page_file(site_dir, "agenda", lang))
    table = soup.select_one("table.agenda")
    assert table.caption and text_of(table.caption)
    assert [th["scope"] for th in table.select("thead th")] == ["col", "col", "col"]
    rows = {tr["id"].removeprefix("slot-"): tr for tr in table.select("tbody tr[id]")}
    assert set(rows) == {s.id for s in dataset.all_slots()}
    for slot_id, start, end, speakers in NOTE_AGENDA:
        row = rows[slot_id]
        time = text_of(row.select_one("th[scope=row]"))
        assert re.fullmatch(rf"{start} ?– ?{end}", time), (slot_id, time)
        cell = text_of(row.select("td")[-1])
        for name in speakers[lang]:
            assert name in cell, (slot_id, name, cell)
    for slot_id, row in rows.items():
        marked = row.select_one(".badge-exclusive") is not None
        assert marked == (slot_id in EXCLUSIVE), slot_id
    legend = soup.select_one(".agenda-legend")
    assert legend is not None and legend.select_one(".badge-exclusive")


@pytest.mark.parametrize("lang", LANGS)
def test_agenda_titles_are_in_the_page_language(site_dir, dataset, lang):
    soup = soup_of(page_file(site_dir, "agenda", lang))
    for slot in dataset.all_slots():
        row = soup.select_one(f"#slot-{slot.id}")
        assert slot.title(lang) in text_of(row), slot.id
        if slot.title(OTHER[lang]) != slot.title(lang):
            assert slot.title(OTHER[lang]) not in text_of(row), slot.id


def test_changing_the_yaml_changes_the_built_page(tmp_path):
    root = copy_project(tmp_path / "project")
    agenda = root / "data" / "agenda.yml"
    text = agenda.read_text(encoding="utf-8")
    assert "es: Receso" in text and 'start: "12:00"\n        end: "12:15"' in text
    agenda.write_text(
        text.replace("es: Receso", "es: Pausa para el café")
        .replace('start: "12:00"\n        end: "12:15"', 'start: "12:00"\n        end: "12:14"')
        .replace('start: "12:15"\n        end: "12:30"', 'start: "12:14"\n        end: "12:30"'),
        encoding="utf-8",
    )
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    spanish = text_of(soup_of(page_file(tmp_path / "site", "agenda", "es")).select_one("#slot-break"))
    assert "Pausa para el café" in spanish and "Receso" not in spanish
    shelter = text_of(soup_of(page_file(tmp_path / "site", "agenda", "en")).select_one("#slot-shelter-systems th"))
    assert re.fullmatch(r"12:00 ?– ?12:14", shelter), shelter


# --- figures ---------------------------------------------------------------------

# Every figure of the concept note, as each language must print it (CLDR en / es_419).
NOTE_FIGURES = {
    "us-detentions-mexico": ("28%", "28%"),
    "us-detentions-honduras": ("21%", "21%"),
    "us-detentions-guatemala": ("17%", "17%"),
    "mexico-presented-top-three": ("90.53%", "90.53%"),
    "panama-entries-haiti": ("13,877", "13,877"),
    "panama-entries-cuba": ("6,059", "6,059"),
    "us-detained-cubans": ("24,024", "24,024"),
    "us-detained-haitians": ("21,118", "21,118"),
    "mexico-refugee-requests": ("64,378", "64,378"),
    "mexico-refugee-requests-chiapas": ("more than 45,000", "más de 45,000"),
    "mexico-refugee-requests-honduras": ("26,557", "26,557"),
    "mexico-refugee-requests-haiti": ("13,255", "13,255"),
    "mexico-refugee-requests-cuba": ("6,446", "6,446"),
    "necocli-stranded": ("7,000", "7,000"),
    "panama-daily-entries": ("400 on average", "400 en promedio"),
    "panama-in-transit": ("2,261", "2,261"),
    "time-to-mexico": ("approximately 4 weeks", "aproximadamente 4 semanas"),
    "time-to-united-states": ("1 month", "1 mes"),
    "title-42-expulsions": ("more than 845,000", "más de 845,000"),
    "returns-first-half-2021": ("more than 450,000", "más de 450,000"),
}
NOTE_PERIODS = {
    "us-detentions-mexico": ("January–August 2021", "enero–agosto de 2021"),
    "mexico-refugee-requests": ("January–July 2021", "enero–julio de 2021"),
    "returns-first-half-2021": ("January–June 2021", "enero–junio de 2021"),
}


def test_every_figure_of_the_note_is_in_the_data(dataset):
    assert set(dataset.figures) == set(NOTE_FIGURES)


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_appears_formatted_on_its_card(site_dir, lang):
    soup = soup_of(page_file(site_dir, "key-figures", lang))
    for figure_id, expected in NOTE_FIGURES.items():
        card = soup.select_one(f"#fig-{figure_id}")
        assert card is not None, figure_id
        value = text_of(card.select_one(".figure-value"))
        assert value == expected[LANGS.index(lang)], (figure_id, value)
        meta = text_of(card.select_one(".figure-meta"))
        assert card.select_one('.figure-meta a[href*="#source-"]'), figure_id
        if figure_id in NOTE_PERIODS:
            assert NOTE_PERIODS[figure_id][LANGS.index(lang)] in meta, (figure_id, meta)


@pytest.mark.parametrize("lang", LANGS)
def test_justification_links_each_figure_to_its_card(site_dir, lang):
    soup = soup_of(page_file(site_dir, "justification", lang))
    linked = {a["href"].split("#fig-")[1] for a in soup.select('a.figure-ref[href*="#fig-"]')}
    assert linked == set(NOTE_FIGURES)


@pytest.mark.parametrize("lang", LANGS)
def test_acronyms_carry_their_name_as_a_tooltip(site_dir, dataset, lang):
    soup = soup_of(page_file(site_dir, "background", lang))
    abbrs = {a.get_text(): a["title"] for a in soup.select("article abbr[title]")}
    rcm = dataset.organisations["rcm"]
    assert abbrs.get(rcm.acronym(lang)) == rcm.name(lang)


# --- editions --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_online_home_offers_the_offline_archive(site_dir, offline_zip, lang):
    home = page_file(site_dir, "index", lang)
    link = soup_of(home).select_one('a[href$=".zip"][download]')
    assert link is not None
    target = outputs.resolve(site_dir, home, link["href"])
    assert target.name == offline_zip.name and target.read_bytes() == offline_zip.read_bytes()
    assert "index.html" in text_of(link.find_parent("p").find_next_sibling("p"))


@pytest.mark.parametrize(
    "lang, words", [("en", ("Offline edition", "built on")), ("es", ("Edición sin conexión", "generada el"))]
)
def test_offline_edition_names_itself_in_every_footer(offline_dir, slugs, lang, words):
    from conftest import VERSION

    for slug in slugs:
        path = (offline_dir if lang == "en" else offline_dir / lang) / f"{slug}.html"
        footer = text_of(soup_of(path).select_one(".site-edition"))
        assert all(w in footer for w in words) and VERSION in footer, (slug, footer)
        # SOURCE_DATE_EPOCH of the test build: 20 September 2021.
        assert ("September 20, 2021" if lang == "en" else "20 de septiembre de 2021") in footer
    home = soup_of((offline_dir if lang == "en" else offline_dir / lang) / "index.html")
    assert "index.html" in text_of(home.select_one(".offline-edition"))
    assert home.select_one('a[href$=".zip"]') is None


def test_offline_edition_has_a_search_index_per_language(offline_dir):
    english = (offline_dir / "search" / "search_index.js").read_text(encoding="utf-8")
    spanish = (offline_dir / "es" / "search" / "search_index.js").read_text(encoding="utf-8")
    assert english.startswith("var __index = ") and spanish.startswith("var __index = ")
    assert '"location":"es/' not in english
    assert "Justificación" in spanish and "Justificación" not in english
