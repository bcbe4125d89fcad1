"""Each rule of macros/content/rules.py on its own, in-process: silent on the real data, and exactly one
problem, at the right line, for one small realistic edit."""

from __future__ import annotations

import pytest

from macros.content import models as m
from macros.content import rules
from macros.content.dataset import Dataset
from macros.content.loader import parse
from macros.content.validate import validate_document

from conftest import NOTE

DATA = NOTE / "data"


def dataset_with(file: str | None = None, old: str = "", new: str = "") -> tuple[Dataset, str]:
    """The real data with one literal edit in one file; and that file's edited text."""
    docs, files, edited = {}, {}, ""
    for name, model in m.FILES.items():
        text = (DATA / name).read_text(encoding="utf-8")
        if name == file:
            assert text.count(old) == 1, f"{name} should contain {old!r} once"
            text = edited = text.replace(old, new)
        doc, problems = parse(text, f"data/{name}")
        assert not problems, problems
        value, problems = validate_document(doc, model)
        assert not problems, problems
        docs[name], files[name] = doc, value
    data = Dataset.build(files, docs)
    data.folder = DATA  # as validate.load_dataset does: the shared files are in docs/files/ beside it
    return data, edited


def line(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


# rule, file, old, new, text on the reported line, field path, message
CASES = [
    (
        rules.unique_countries,
        "countries.yml",
        "    code: NI\n",
        "    code: HN\n",
        "    code: HN\n    capital: {en: Man",
        "countries[8].code",
        "'HN' is used twice (first on line {first}); each code must be unique",
    ),
    (
        rules.unique_ids,
        "roles.yml",
        "  - id: director\n",
        "  - id: moderator\n",
        "  - id: moderator\n    name: {en: Dir",
        "roles[2].id",
        "'moderator' is used twice (first on line {first}); each id must be unique",
    ),
    (
        rules.unique_slot_ids,
        "agenda.yml",
        "\n      - id: break\n",
        "\n      - id: welcome\n",
        "- id: welcome\n        type",
        "slots[2].items[4].id",
        "'welcome' is used twice (first on line {first}); each id must be unique",
    ),
    (
        rules.unique_acronyms,
        "glossary.yml",
        "acronym: {en: COVID-19, es: COVID-19}",
        "acronym: {en: IOM, es: COVID-19}",
        "acronym: {en: IOM",
        "terms[0].acronym.en",
        "'IOM' is already the acronym of 'iom'; an acronym must name one thing",
    ),
    (
        rules.meeting_organisations,
        "meeting.yml",
        "\nhost: ppt-mexico ",
        "\nhost: mexico ",
        "host: mexico",
        "host",
        "'mexico' is not an organisation listed in organisations.yml; did you mean 'ppt-mexico'?",
    ),
    (
        rules.meeting_time_zone,
        "meeting.yml",
        "timezone: America/Mexico_City",
        "timezone: GMT-5",
        "timezone: GMT-5",
        "timezone",
        "'GMT-5' is not a known time zone; use an IANA name such as America/Mexico_City",
    ),
    (
        rules.speaker_references,
        "agenda.yml",
        "\n      - org: rcm-secretariat\n",
        "\n      - org: rcm-secretary\n",
        "org: rcm-secretary",
        "slots[6].speakers[0].org",
        "'rcm-secretary' is not an organisation listed in organisations.yml; did you mean 'rcm-secretariat'?",
    ),
    (
        rules.objective_references,
        "objectives.yml",
        "served_by: [block-protection, dialogue]",
        "served_by: [block-protection, dialog]",
        "served_by: [block-protection, dialog]",
        "objectives[2].served_by[1]",
        "'dialog' is not a slot listed in agenda.yml; did you mean 'dialogue'?",
    ),
    (
        rules.profile_references,
        "participants.yml",
        "organisation: rncom ",
        "organisation: rnc ",
        "organisation: rnc",
        "profiles[4].organisation",
        "'rnc' is not an organisation listed in organisations.yml; did you mean 'rncom'?",
    ),
    (
        rules.slot_times,
        "agenda.yml",
        '\n    end: "13:15"\n',
        '\n    end: "12:15"\n',
        'end: "12:15"\n    exclusive',
        "slots[4].end",
        "12:15 is before the start 13:00",
    ),
    (
        rules.block_items,
        "agenda.yml",
        "\n  - id: dialogue\n    type: dialogue\n",
        "\n  - id: dialogue\n    type: block\n",
        'type: block\n    start: "13:00"',
        "slots[4].type",
        "a block must list its items",
    ),
    (
        rules.slot_order,
        "agenda.yml",
        '\n    start: "13:25"\n',
        '\n    start: "13:20"\n',
        'start: "13:20"',
        "slots[6].start",
        "13:20 overlaps 'final-comments', which ends at 13:25",
    ),
    (
        rules.items_within_blocks,
        "agenda.yml",
        '\n        start: "10:10"\n',
        '\n        start: "10:05"\n',
        'start: "10:05"',
        "slots[2].items[0].start",
        "10:05 is before the start of its block, 10:10",
    ),
    (
        rules.meeting_span,
        "agenda.yml",
        "\n  - id: closure\n    type: closing\n",
        "\n  - id: closure\n    type: logistics\n",
        'start: "13:25"',
        "slots[6].start",
        "a logistics slot must come before the meeting ends",
    ),
    (
        rules.exclusive_attendance,
        "participants.yml",
        "attends: [block-protection]\n  - id: international",
        "attends: [dialogue]\n  - id: international",
        "attends: [dialogue]",
        "profiles[4].attends[0]",
        "'dialogue' is exclusive to Member Countries (exclusive: true on line {exclusive} of agenda.yml), and this "
        "profile's group is 'civil-society'; remove 'dialogue' from this list, or make the slot open to all in agenda.yml",
    ),
    (
        rules.figure_references,
        "figures.yml",
        "\n    source: iom\n",
        "\n    source: oim\n",
        "source: oim",
        "figures[5].source",
        "'oim' is not a source listed in sources.yml; did you mean 'iom'?",
    ),
    (
        rules.percentages,
        "figures.yml",
        "\n    value: 28\n",
        "\n    value: 128\n",
        "value: 128",
        "figures[0].value",
        "128 is a percentage over 100",
    ),
    (
        rules.parts_and_wholes,
        "figures.yml",
        "\n    value: 13255\n",
        "\n    value: 73255\n",
        "value: 73255",
        "figures[11].value",
        "73255 is larger than its whole 'mexico-refugee-requests' (64378)",
    ),
    (
        rules.chart_series,
        "figures.yml",
        "\n    value: 28\n",
        "\n    value: 70\n",
        "figures: [us-detentions-mexico, us-detentions-honduras, us-detentions-guatemala]",
        "charts[0].series[0].figures",
        "these percentages add up to 108, more than 100",
    ),
    (
        rules.footnote_sources,
        "sources.yml",
        "    source: rcm-wg-report-2020\n",
        "    source: rcm\n",
        "source: rcm\n",
        "footnotes[0].source",
        "'rcm' is not a source listed in the sources of sources.yml",
    ),
    (
        rules.document_files,
        "meeting.yml",
        "documents: []\n",
        "documents:\n  - {title: {en: Concept note, es: Nota conceptual}, file: presentation-inm.pdf, language: es}\n",
        "file: presentation-inm.pdf",
        "documents[0].file",
        "there is no file docs/files/presentation-inm.pdf: put the file in docs/files/ (shared by both languages) "
        "or correct its name",
    ),
    (
        rules.untranslated_spanish,
        "objectives.yml",
        "      es: Explorar vías",
        "      es: To explore ways. Explorar vías",
        "es: To explore ways",
        "objectives[1].text.es",
        None,
    ),
]


def test_every_rule_has_a_case():
    assert {case[0] for case in CASES} == set(rules.RULES)


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda r: r.__name__)
def test_each_rule_is_silent_on_the_real_data(rule, dataset):
    assert list(rule(dataset)) == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0].__name__)
def test_each_rule_reports_its_problem(case):
    rule, file, old, new, at, path, message = case
    if message is None:  # untranslated_spanish: the Spanish must really equal the English to be reported
        objective = (DATA / file).read_text(encoding="utf-8")
        english = objective.split("\n")[line(objective, "      es: Explorar vías") - 2].split("en: ", 1)[1]
        spanish = objective.split("\n")[line(objective, "      es: Explorar vías") - 1].split("es: ", 1)[1]
        old, new = f"es: {spanish}", f"es: {english}"
        at = new
        message = (
            "is the same as the English text; translate it, or, if it is the same in both languages on "
            "purpose (a name, say), add `identical: true` to this text"
        )
    data, text = dataset_with(file, old, new)
    if "{first}" in message:
        first = text.index(new.strip().split("\n")[0].strip())
        message = message.replace("{first}", str(text.count("\n", 0, first) + 1))
    if "{exclusive}" in message:
        agenda = (DATA / "agenda.yml").read_text(encoding="utf-8")
        start = agenda.index("\n  - id: dialogue\n")
        message = message.replace("{exclusive}", str(line(agenda, agenda[agenda.index("exclusive: true", start) :])))
    assert [str(p) for p in rule(data)] == [f"data/{file}:{line(text, at)}: {path}: {message}"]


# --- the Spanish-identical rule's exceptions -----------------------------------------


@pytest.mark.parametrize(
    "en, es, field, flagged",
    [
        ("Final comments", "Final comments", "title", True),
        ("Honduras", "Honduras", "category", False),  # a name
        ("Necoclí, Colombia", "Necoclí, Colombia", "geography", False),  # names
        ("ZIP, {size} MB", "ZIP, {size} MB", "offline_download_size", False),  # acronyms and a placeholder
        ("COVID-19", "COVID-19", "acronym", False),
        ("{org}", "{org}", "pattern", False),
        ("Virtual", "Virtual", "format", False),  # one capitalised word
        ("Final comments", "Comentarios finales", "title", False),
    ],
)
def test_untranslated_spanish_spares_names_acronyms_and_numbers(en, es, field, flagged):
    assert rules.untranslated(m.Text(en=en, es=es), field) is flagged


def test_identical_true_marks_an_intentional_copy():
    assert rules.untranslated(m.Text(en="Final comments", es="Final comments", identical=True), "title") is False


# --- origins -----------------------------------------------------------------------------


def test_every_object_knows_where_it_was_written(dataset):
    agenda = (DATA / "agenda.yml").read_text(encoding="utf-8")
    for slot in dataset.all_slots():
        origin = dataset.origin(slot)
        assert origin.file == "data/agenda.yml"
        assert agenda.split("\n")[origin.line - 1].strip() == f"- id: {slot.id}"
    figures = (DATA / "figures.yml").read_text(encoding="utf-8")
    for figure in dataset.figures.values():
        assert figures.split("\n")[dataset.origin(figure).line - 1].strip() == f"- id: {figure.id}"
