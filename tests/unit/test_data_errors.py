"""A corpus of broken inputs: each is reported as exactly one expected line, never a traceback.

Every case makes one small textual edit to one real file (a literal replacement
of a string that must occur once, so that a change to the data makes the case
fail loudly instead of silently testing nothing) and asserts the exact line
reported: ``file:line: field: sentence``. The line is computed from the edited
text. Data cases run in-process (load_dataset, load_strings); page cases run
the check in-process; a few run the real commands.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.build import engine
from macros.content.problems import DataError
from macros.content.validate import load_dataset
from macros.render.renderer import load_strings

from conftest import NOTE

PROJECT = Path(__file__).resolve().parents[2]


# --- Helpers -------------------------------------------------------------------


def line_of(text: str, needle: str) -> int:
    """The line (1-based) where `needle` starts; leading newlines are skipped."""
    assert needle in text, f"{needle!r} is not in the text"
    index = text.index(needle) + len(needle) - len(needle.lstrip("\n"))
    return text.count("\n", 0, index) + 1


def edit(root: Path, file: str, old: str, new: str) -> str:
    """Replace the one occurrence of `old` in `file`; return the new text."""
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{file} should contain {old!r} exactly once (has the data changed?)"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def make_root(tmp_path: Path, site: bool = False) -> Path:
    """A copy of the project's data/, docs/, mkdocs.yml and macros/render/strings.yml."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(NOTE / "data", root / "data")
    shutil.copytree(NOTE / "docs", root / "docs")
    shutil.copy(NOTE / "mkdocs.yml", root / "mkdocs.yml")
    (root / "macros" / "render").mkdir(parents=True)
    shutil.copy(PROJECT / "macros" / "render" / "strings.yml", root / "macros" / "render" / "strings.yml")
    if site:
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.rmtree(root / "macros")
        shutil.copytree(PROJECT / "macros", root / "macros", ignore=ignore)
        shutil.copytree(PROJECT / "overrides", root / "overrides", ignore=ignore)
    return root


def data_problems(root: Path) -> list[str]:
    """Every problem of data/ and macros/render/strings.yml, as printed."""
    lines = []
    for load in (lambda: load_dataset(root / "data"), lambda: load_strings(root / "macros" / "render" / "strings.yml")):
        try:
            load()
        except DataError as error:
            lines += [str(p) for p in error.problems]
    return lines


# --- The corpus ----------------------------------------------------------------


@dataclass
class Case:
    id: str
    file: str  # relative to the project root
    old: str | None  # a literal string of the real file, which must occur once (None: the whole file)
    new: str | bytes | None  # what replaces it (None: the file is deleted; bytes: the whole file's bytes)
    expected: str  # the line reported, with {line} for the line computed from `at`
    at: str | None = None  # text of the edited file on the expected line (default: `new`)
    first: str | None = None  # for {first}: text of the edited file on a line the message names

    def __str__(self) -> str:
        return self.id


# Often used snippets of the real files.
BREAK = "\n          en: Break\n"
DIALOGUE_EXCLUSIVE = "\n    exclusive: true\n    title:\n      en: Dialogue among"
RNCOM_ATTENDS = "\n    attends: [block-protection]\n  - id: international"
# The line of block-flows' `exclusive: true` in the real agenda.yml.
_AGENDA = (NOTE / "data" / "agenda.yml").read_text(encoding="utf-8")
_FLOWS = _AGENDA.index("\n  - id: block-flows\n")
FLOWS_EXCLUSIVE = str(_AGENDA.count("\n", 0, _AGENDA.index("\n    exclusive: true", _FLOWS) + 1) + 1)
INTERNATIONAL_ATTENDS = "\n      es: Organismos internacionales\n    attends: [block-protection]\n"

CASES = [
    # -- reading the file --
    Case(
        "colon-in-unquoted-text",
        "data/meeting.yml",
        "\n  en: Second technical meeting",
        "\n  en: Second: technical meeting",
        "data/meeting.yml:{line}: YAML syntax error: this text contains ': ' (a colon and a space), which YAML "
        "reads as the start of a new field; put the whole text in double quotes: "
        'en: "Second: technical meeting of the Working Group on Border Management"',
    ),
    Case(
        "wrong-indentation",
        "data/agenda.yml",
        "\n      es: Conexión a la plataforma",
        "\n     es: Conexión a la plataforma",
        "data/agenda.yml:{line}:6: YAML syntax error: expected <block end>, but found '<block mapping start>' "
        "(check the indentation of this line and the one above, and quote text that contains ': ')",
    ),
    Case(
        "tab-indentation",
        "data/agenda.yml",
        "\n    type: opening\n",
        "\n\ttype: opening\n",
        "data/agenda.yml:{line}: this line is indented with a tab; indent with spaces only",
    ),
    Case(
        "impossible-date",
        "data/meeting.yml",
        "\ndate: 2021-09-20\n",
        "\ndate: 2021-09-31\n",
        "data/meeting.yml:{line}: date: '2021-09-31' cannot be read: day is out of range for month",
    ),
    Case(
        "unknown-tag",
        "data/meeting.yml",
        "\nhost: ppt-mexico ",
        "\nhost: !org ppt-mexico ",
        "data/meeting.yml:{line}: host: the tag !org is not allowed here; write a plain value",
    ),
    Case(
        "recursive-alias",
        "data/meeting.yml",
        "\nformat:\n  en: Virtual\n  es: Virtual\n",
        "\nformat: &format\n  en: *format\n  es: Virtual\n",
        "data/meeting.yml:{line}: format.en: an alias (*name) refers to the value it is part of; copy the value "
        "instead",
        at="\nformat: &format",
    ),
    Case(
        "list-as-a-key",
        "data/meeting.yml",
        "\nformat:\n",
        "\n? [en, es]\n: Virtual\nformat:\n",
        "data/meeting.yml:{line}: a field name must be a plain word, not a list or a group of fields",
        at="\n? [en, es]",
    ),
    Case("empty-file", "data/roles.yml", None, "", "data/roles.yml:1: the file is empty"),
    Case("missing-file", "data/participants.yml", None, None, "data/participants.yml: the file is missing"),
    Case(
        "saved-as-utf-16",
        "data/roles.yml",
        None,
        "roles: []\n".encode("utf-16"),
        "data/roles.yml:1: the file is saved as UTF-16; save it as UTF-8 (in the editor's Save As or encoding menu)",
    ),
    Case(
        "saved-as-latin-1",
        "data/glossary.yml",
        None,
        "terms:\n  - id: x\n    name: {en: Migration, es: Migración}\n".encode("latin-1"),
        "data/glossary.yml:3: the file is not saved as UTF-8 (byte 0xF3 on this line cannot be read); save it as "
        "UTF-8 (in the editor's Save As or encoding menu)",
    ),
    Case(
        "control-character-pasted",
        "data/agenda.yml",
        BREAK,
        "\n          en: Break\x0b\n",
        "data/agenda.yml:{line}: this line contains an invisible control character (U+000B), which YAML does not "
        "accept; delete it (retype the text around it if you cannot see it)",
    ),
    Case(
        "duplicate-key",
        "data/meeting.yml",
        "\ndate: 2021-09-20\n",
        "\ndate: 2021-09-20\ndate: 2021-09-21\n",
        "data/meeting.yml:{line}: date: appears twice in the same place (first on line {first}); keep one",
        at="\ndate: 2021-09-21\n",
        first="\ndate: 2021-09-20\n",
    ),
    # -- YAML traps: a value silently changed --
    Case(
        "hash-cuts-a-title",
        "data/agenda.yml",
        "\n      en: Welcoming words\n",
        "\n      en: Welcoming words #1\n",
        "data/agenda.yml:{line}: slots[1].title.en: YAML reads the '#1' after this text as a comment, so the text "
        "ends at 'Welcoming words'; if '#1' is part of the text, put the whole text in double quotes: "
        '"Welcoming words #1"; if it is a comment, move it to a line of its own',
    ),
    Case(
        "hash-cuts-a-spanish-title",
        "data/agenda.yml",
        BREAK + "          es: Receso\n",
        BREAK + "          es: Receso #2\n",
        "data/agenda.yml:{line}: slots[2].items[4].title.es: YAML reads the '#2' after this text as a comment, so "
        "the text ends at 'Receso'; if '#2' is part of the text, put the whole text in double quotes: "
        '"Receso #2"; if it is a comment, move it to a line of its own',
        at="es: Receso #2",
    ),
    Case(
        "yes-read-as-a-boolean",
        "data/meeting.yml",
        "\n  en: Virtual\n",
        "\n  en: Yes\n",
        "data/meeting.yml:{line}: format.en: must be text, but YAML reads Yes without quotes as true or false; "
        'write it in quotes: "Yes"',
    ),
    Case(
        "no-read-as-a-boolean",
        "data/organisations.yml",
        "acronym: {en: SRE, es: SRE}",
        "acronym: {en: NO, es: SRE}",
        "data/organisations.yml:{line}: organisations[6].acronym.en: must be text, but YAML reads NO without "
        'quotes as true or false; write it in quotes: "NO"',
    ),
    Case(
        "off-read-as-a-boolean",
        "data/roles.yml",
        "name: {en: Presenter, es: Ponente}",
        "name: {en: Presenter, es: off}",
        "data/roles.yml:{line}: roles[0].name.es: must be text, but YAML reads off without quotes as true or false; "
        'write it in quotes: "off"',
    ),
    Case(
        "number-read-as-a-number",
        "data/roles.yml",
        "name: {en: Moderator, es: Moderación}",
        "name: {en: 2021, es: Moderación}",
        "data/roles.yml:{line}: roles[1].name.en: must be text, but YAML reads 2021 without quotes as a "
        'number; write it in quotes: "2021"',
    ),
    Case(
        "date-read-as-a-date",
        "data/agenda.yml",
        "\n      en: Welcoming words\n",
        "\n      en: 2021-09-20\n",
        "data/agenda.yml:{line}: slots[1].title.en: must be text, but YAML reads 2021-09-20 without quotes as a date; "
        'write it in quotes: "2021-09-20"',
    ),
    Case(
        "id-read-as-a-boolean",
        "data/agenda.yml",
        "\n            role: director\n",
        "\n            role: on\n",
        "data/agenda.yml:{line}: slots[2].items[1].speakers[0].role: must be text, but YAML reads on without quotes "
        'as true or false; write it in quotes: "on"',
    ),
    Case(
        "bold-at-the-start-unquoted",
        "data/agenda.yml",
        BREAK,
        "\n          en: **Break** of ten minutes\n",
        "data/agenda.yml:{line}: YAML syntax error: a text cannot start with * unless it is in quotes; put the whole "
        'text in double quotes: "**Break** of ten minutes"',
    ),
    Case(
        "link-at-the-start-unquoted",
        "data/agenda.yml",
        BREAK,
        "\n          en: [Break](https://example.org) room\n",
        "data/agenda.yml:{line}: YAML syntax error: a text cannot start with [ unless it is in quotes; put the whole "
        'text in double quotes: "[Break](https://example.org) room"',
    ),
    Case(
        "quote-never-closed",
        "data/agenda.yml",
        BREAK,
        '\n          en: "Break\n',
        'data/agenda.yml:{line}: YAML syntax error: the text starting \'"Break\' opens a " that no " closes; end the '
        'text with "',
    ),
    Case(
        "only-the-start-quoted",
        "data/agenda.yml",
        BREAK,
        '\n          en: "Coffee" break\n',
        "data/agenda.yml:{line}: YAML syntax error: only the start of this text is in quotes; put the whole text in "
        'double quotes, with \\" for each quote inside: "\\"Coffee\\" break"',
    ),
    Case(
        "empty-text",
        "data/meeting.yml",
        "\n  en: Virtual\n",
        "\n  en:\n",
        "data/meeting.yml:{line}: format.en: has no value; write the text after the colon",
    ),
    Case(
        "time-without-leading-zero",
        "data/agenda.yml",
        '\n    start: "09:45"\n',
        "\n    start: 9:45\n",
        "data/agenda.yml:{line}: slots[0].start: must be a 24-hour time written HH:MM, such as 09:45, "
        "not the text '9:45'; write 09:45",
    ),
    Case(
        "time-with-a-dot",
        "data/agenda.yml",
        '\n    end: "10:10"\n',
        '\n    end: "10.10"\n',
        "data/agenda.yml:{line}: slots[1].end: must be a 24-hour time written HH:MM, such as 09:45, "
        "not the text '10.10'; write 10:10",
    ),
    # The last slot ends before it starts (and before the connection test): that one problem only,
    # not also "a logistics slot must come before the meeting ends".
    Case(
        "last-slot-ends-before-it-starts",
        "data/agenda.yml",
        '\n    end: "13:30"\n',
        '\n    end: "09:30"\n',
        "data/agenda.yml:{line}: slots[6].end: 09:30 is before the start 13:25",
    ),
    # Unquoted, YAML reads 10.10 as a number: one sentence with the fix, not "add quotes" first.
    Case(
        "time-with-a-dot-unquoted",
        "data/agenda.yml",
        '\n    end: "10:10"\n',
        "\n    end: 10.10\n",
        "data/agenda.yml:{line}: slots[1].end: must be a 24-hour time written HH:MM, such as 09:45, "
        "not 10.10; write 10:10",
    ),
    # HTML in a text: Markdown is the way.
    Case(
        "line-break-in-html",
        "data/agenda.yml",
        "\n      en: Welcoming words\n",
        "\n      en: Welcoming<br>words\n",
        "data/agenda.yml:{line}: slots[1].title.en: '<br>' is HTML, which a text does not take (it would be "
        "shown as typed); texts use Markdown (**bold**, *italics*, [words](https://address)): a text is one "
        "line: instead of <br>, end the sentence with a full stop; a line break (two spaces at the end of a "
        "line) or a list belongs in a page's Markdown, not in a data text",
        at="\n      en: Welcoming<br>",
    ),
    Case(
        "bold-in-html",
        "data/agenda.yml",
        "\n      en: Welcoming words\n",
        "\n      en: <b>Welcoming</b> words\n",
        "data/agenda.yml:{line}: slots[1].title.en: '<b>' is HTML, which a text does not take (it would be "
        "shown as typed); texts use Markdown (**bold**, *italics*, [words](https://address)): write **bold** "
        "instead",
        at="\n      en: <b>",
    ),
    Case(
        "web-address-without-https",
        "data/agenda.yml",
        "\n      en: Welcoming words\n",
        "\n      en: Welcoming words ([details](www.example.org))\n",
        "data/agenda.yml:{line}: slots[1].title.en: the link to 'www.example.org' is a web address without "
        "https://; write https://www.example.org",
        at="\n      en: Welcoming words (",
    ),
    # -- the shape of each file --
    Case(
        "missing-spanish-text",
        "data/agenda.yml",
        "\n      en: Welcoming words\n      es: Palabras de bienvenida\n",
        "\n      en: Welcoming words\n",
        "data/agenda.yml:{line}: slots[1].title.es: is required but missing",
        at="\n    title:\n      en: Welcoming",
    ),
    Case(
        "empty-required-text",
        "data/agenda.yml",
        BREAK,
        '\n          en: ""\n',
        "data/agenda.yml:{line}: slots[2].items[4].title.en: must not be empty",
    ),
    Case(
        "blank-required-text",
        "data/roles.yml",
        "name: {en: Presenter, es: Ponente}",
        'name: {en: Presenter, es: "   "}',
        "data/roles.yml:{line}: roles[0].name.es: must not be empty",
    ),
    Case(
        "misspelled-key",
        "data/agenda.yml",
        "\n    title:\n      en: Welcoming words",
        "\n    tittle:\n      en: Welcoming words",
        "data/agenda.yml:{line}: slots[1].tittle: 'tittle' is not a known field; did you mean 'title'?",
        at="\n    tittle:",
    ),
    Case(
        "bracket-in-key",
        "data/meeting.yml",
        "\ntimezone: America",
        "\ntime[zone]: America",
        "data/meeting.yml:{line}: time[zone]: 'time[zone]' is not a known field; did you mean 'timezone'?",
    ),
    Case(
        "meeting-end-typed",
        "data/meeting.yml",
        "\ndate: 2021-09-20\n",
        '\ndate: 2021-09-20\nend: "13:30"\n',
        "data/meeting.yml:{line}: end: 'end' is no longer typed here: the meeting's end is the end of its last "
        "slot in agenda.yml; remove this line",
        at='end: "13:30"',
    ),
    Case(
        "duration-typed",
        "data/meeting.yml",
        "\ndate: 2021-09-20\n",
        "\ndate: 2021-09-20\nduration_hours: 3.58\n",
        "data/meeting.yml:{line}: duration_hours: 'duration_hours' is no longer typed here: the meeting's duration "
        "follows from its first and last slots in agenda.yml; remove this line",
        at="duration_hours: 3.58",
    ),
    Case(
        "utc-offset-typed",
        "data/meeting.yml",
        "\ndate: 2021-09-20\n",
        '\ndate: 2021-09-20\nutc_offset: "-06:00"\n',
        "data/meeting.yml:{line}: utc_offset: 'utc_offset' is no longer typed here: the UTC offset follows from the "
        "time zone; remove this line",
        at="utc_offset:",
    ),
    Case(
        "number-with-thousands-separator",
        "data/figures.yml",
        "\n    value: 845000\n",
        '\n    value: "845,000"\n',
        "data/figures.yml:{line}: figures[5].value: must be a number (digits only, no thousands separators or "
        "units), not the text '845,000'",
    ),
    Case(
        "number-with-a-unit",
        "data/figures.yml",
        "\n    value: 90.53\n",
        "\n    value: 90.53%\n",
        "data/figures.yml:{line}: figures[7].value: must be a number (digits only, no thousands separators or "
        "units), not the text '90.53%'",
    ),
    Case(
        "negative-number",
        "data/figures.yml",
        "\n    value: 7000\n",
        "\n    value: -7000\n",
        "data/figures.yml:{line}: figures[15].value: must be at least 0, not -7000",
    ),
    Case(
        "infinite-number",
        "data/figures.yml",
        "\n    value: 845000\n",
        "\n    value: .inf\n",
        "data/figures.yml:{line}: figures[5].value: must be a finite number, not inf",
    ),
    Case(
        "quoted-yes-for-a-boolean",
        "data/agenda.yml",
        DIALOGUE_EXCLUSIVE,
        DIALOGUE_EXCLUSIVE.replace("true", '"yes"'),
        "data/agenda.yml:{line}: slots[4].exclusive: must be true or false, not the text 'yes'",
        at='"yes"',
    ),
    Case(
        "quoted-date",
        "data/meeting.yml",
        "\ndate: 2021-09-20\n",
        '\ndate: "2021-09-20"\n',
        "data/meeting.yml:{line}: date: must be a date written YYYY-MM-DD, not the text '2021-09-20' "
        "(write it without quotes)",
    ),
    Case(
        "date-in-words",
        "data/meeting.yml",
        "\ndate: 2021-09-20\n",
        "\ndate: 20 September 2021\n",
        "data/meeting.yml:{line}: date: must be a date written YYYY-MM-DD, not the text '20 September 2021'",
    ),
    Case(
        "attends-neither-all-nor-a-list",
        "data/participants.yml",
        RNCOM_ATTENDS,
        RNCOM_ATTENDS.replace("[block-protection]", "some"),
        "data/participants.yml:{line}: profiles[4].attends: must be 'all', or a list (one line per entry, each "
        "starting with '- '), not the text 'some'; for a single entry write [some]",
        at="attends: some",
    ),
    Case(
        "attends-one-slot-without-brackets",
        "data/participants.yml",
        RNCOM_ATTENDS,
        RNCOM_ATTENDS.replace("[block-protection]", "block-protection"),
        "data/participants.yml:{line}: profiles[4].attends: must be 'all', or a list (one line per entry, each "
        "starting with '- '), not the text 'block-protection'; for a single entry write [block-protection]",
        at="attends: block-protection",
    ),
    Case(
        "speaker-without-org",
        "data/agenda.yml",
        "\n      - org: rcm-secretariat\n",
        "\n      - rcm-secretariat\n",
        "data/agenda.yml:{line}: slots[6].speakers[0]: must be a group of fields (one 'name: value' per line), not "
        "the text 'rcm-secretariat'; write org: rcm-secretariat",
    ),
    Case(
        "new-figure-without-source",
        "data/figures.yml",
        "\n  - id: panama-daily-entries\n",
        "\n  - id: new-figure\n    group: route\n    value: 12\n    unit: count\n"
        '    label: {en: Families stranded, es: Familias varadas}\n    period: {start: "2021-01", end: "2021-02"}\n'
        "    geography: {en: Panama, es: Panamá}\n  - id: panama-daily-entries\n",
        "data/figures.yml:{line}: figures[16].source: is required but missing",
        at="\n  - id: new-figure",
    ),
    Case(
        "new-organisation-without-name",
        "data/organisations.yml",
        "\norganisations:\n",
        "\norganisations:\n  - id: new-org\n    kind: government\n    acronym: {en: NEW, es: NUEVO}\n",
        "data/organisations.yml:{line}: organisations[0].name: is required but missing",
        at="\n  - id: new-org",
    ),
    Case(
        "attends-a-number",
        "data/participants.yml",
        RNCOM_ATTENDS,
        RNCOM_ATTENDS.replace("[block-protection]", "[5]"),
        "data/participants.yml:{line}: profiles[4].attends[0]: must be text, but YAML reads 5 without quotes as a "
        'number; write it in quotes: "5"',
        at="attends: [5]",
    ),
    Case(
        "footnote-in-words",
        "data/sources.yml",
        "\n  - number: 4\n",
        "\n  - number: four\n",
        "data/sources.yml:{line}: footnotes[3].number: must be a whole number (digits only, no thousands "
        "separators), not the text 'four'",
    ),
    Case(
        "unknown-slot-type",
        "data/agenda.yml",
        "\n    type: dialogue\n",
        "\n    type: debate\n",
        "data/agenda.yml:{line}: slots[4].type: must be one of 'logistics', 'opening', 'block', 'presentation', "
        "'questions', 'dialogue', 'break' or 'closing', not the text 'debate'",
    ),
    Case(
        "unknown-qualifier",
        "data/figures.yml",
        "\n    qualifier: average\n",
        "\n    qualifier: about\n",
        "data/figures.yml:{line}: figures[16].qualifier: must be one of 'exact', 'more-than', 'average' or "
        "'approximately', not the text 'about'",
    ),
    Case(
        "id-with-capitals",
        "data/agenda.yml",
        "\n  - id: dialogue\n",
        "\n  - id: Dialogue\n",
        "data/agenda.yml:{line}: slots[4].id: must be an id of lowercase letters, digits and hyphens, such as "
        "block-flows, not the text 'Dialogue'",
    ),
    Case(
        "javascript-link",
        "data/agenda.yml",
        BREAK,
        "\n          en: '[Break](javascript:alert(1))'\n",
        "data/agenda.yml:{line}: slots[2].items[4].title.en: the link to 'javascript:alert(1)' is not allowed: a link "
        "may point only to an http:, https: or mailto: address, or to a page of this site",
    ),
    Case(
        "data-link",
        "data/agenda.yml",
        BREAK,
        "\n          en: '[Break](data:text/html,x)'\n",
        "data/agenda.yml:{line}: slots[2].items[4].title.en: the link to 'data:text/html,x' is not allowed: a link "
        "may point only to an http:, https: or mailto: address, or to a page of this site",
    ),
    Case(
        "image-in-text",
        "data/agenda.yml",
        BREAK,
        "\n          en: Break ![coffee](coffee.png)\n",
        "data/agenda.yml:{line}: slots[2].items[4].title.en: an image cannot be placed in a text; write a link "
        "instead: [description](address)",
    ),
    Case(
        "unclosed-bold",
        "data/agenda.yml",
        BREAK,
        '\n          en: "**Break"\n',
        "data/agenda.yml:{line}: slots[2].items[4].title.en: the ** here is not closed, so it would be shown as "
        "typed; put ** on both sides of the words (**like this**), or write * as \\*",
    ),
    Case(
        "period-start-after-end",
        "data/figures.yml",
        '\n    period: {start: "2021-01", end: "2021-06"}\n',
        '\n    period: {start: "2021-09", end: "2021-06"}\n',
        "data/figures.yml:{line}: figures[6].period: the start 2021-09 is after the end 2021-06",
    ),
    Case(
        "period-without-end",
        "data/figures.yml",
        '\n    period: {start: "2021-01", end: "2021-06"}\n',
        '\n    period: {start: "2021-01"}\n',
        "data/figures.yml:{line}: figures[6].period: a period needs both a start and an end",
    ),
    Case(
        "profile-with-name-and-organisation",
        "data/participants.yml",
        "\n    organisation: rncom      # the name comes from organisations.yml\n",
        "\n    organisation: rncom      # the name comes from organisations.yml\n    name: {en: Network, es: Red}\n",
        "data/participants.yml:{line}: profiles[4]: give either a name or an organisation, not both and not neither",
        at="\n  - id: rncom",
    ),
    Case(
        "role-pattern-without-org",
        "data/roles.yml",
        'pattern: {en: "Director of the {org}"',
        'pattern: {en: "Director of the organisation"',
        "data/roles.yml:{line}: roles[2].pattern: the en text 'Director of the organisation' must contain {org}, "
        "where the organisation's name goes",
    ),
    # -- references between files --
    Case(
        "unknown-organisation",
        "data/agenda.yml",
        "\n          - org: mire-panama\n",
        "\n          - org: mire-panam\n",
        "data/agenda.yml:{line}: slots[2].items[0].speakers[0].org: 'mire-panam' is not an organisation listed in "
        "organisations.yml; did you mean 'mire-panama'?",
    ),
    Case(
        "unknown-role",
        "data/agenda.yml",
        "\n            role: director\n",
        "\n            role: directr\n",
        "data/agenda.yml:{line}: slots[2].items[1].speakers[0].role: 'directr' is not a role listed in roles.yml; "
        "did you mean 'director'?",
    ),
    Case(
        "unknown-organiser",
        "data/meeting.yml",
        "\norganiser: wg-border ",
        "\norganiser: wg-borders ",
        "data/meeting.yml:{line}: organiser: 'wg-borders' is not an organisation listed in organisations.yml; "
        "did you mean 'wg-border'?",
    ),
    Case(
        "unknown-source",
        "data/figures.yml",
        "\n    source: iom\n    footnote: 4\n",
        "\n    source: ion\n    footnote: 4\n",
        "data/figures.yml:{line}: figures[5].source: 'ion' is not a source listed in sources.yml; did you mean 'iom'?",
        at="source: ion",
    ),
    Case(
        "unknown-footnote",
        "data/figures.yml",
        "\n    footnote: 4\n",
        "\n    footnote: 7\n",
        "data/figures.yml:{line}: figures[5].footnote: 7 is not a footnote listed in sources.yml",
    ),
    Case(
        "unknown-footnote-source",
        "data/sources.yml",
        "\n    source: rcm-wg-report-2020\n",
        "\n    source: rcm-report\n",
        "data/sources.yml:{line}: footnotes[0].source: 'rcm-report' is not a source listed in the sources of "
        "sources.yml; did you mean 'rcm-wg-report-2020'?",
    ),
    Case(
        "unknown-slot-in-objectives",
        "data/objectives.yml",
        "served_by: [assisted-returns, dialogue]",
        "served_by: [assisted-return, dialogue]",
        "data/objectives.yml:{line}: objectives[1].served_by[0]: 'assisted-return' is not a slot listed in "
        "agenda.yml; did you mean 'assisted-returns'?",
    ),
    Case(
        "unknown-slot-in-attends",
        "data/participants.yml",
        RNCOM_ATTENDS,
        RNCOM_ATTENDS.replace("block-protection", "block-protections"),
        "data/participants.yml:{line}: profiles[4].attends[0]: 'block-protections' is not a slot listed in "
        "agenda.yml; did you mean 'block-protection'?",
        at="attends: [block-protections]",
    ),
    Case(
        "duplicate-id",
        "data/agenda.yml",
        "\n      - id: protection-panama\n",
        "\n      - id: protection-costa-rica\n",
        "data/agenda.yml:{line}: slots[3].items[1].id: 'protection-costa-rica' is used twice (first on line {first}); "
        "each id must be unique",
        first="\n      - id: protection-costa-rica\n",
        at='\n      - id: protection-costa-rica\n        type: presentation\n        start: "11:40"',
    ),
    Case(
        "duplicate-figure-id",
        "data/figures.yml",
        "\n  - id: time-to-united-states\n",
        "\n  - id: time-to-mexico\n",
        "data/figures.yml:{line}: figures[19].id: 'time-to-mexico' is used twice (first on line {first}); each id "
        "must be unique",
        first="\n  - id: time-to-mexico\n",
        at="\n  - id: time-to-mexico\n    group: route\n    value: 1\n",
    ),
    Case(
        "acronym-used-twice",
        "data/organisations.yml",
        "acronym: {en: SRE, es: SRE}",
        "acronym: {en: INM, es: SRE}",
        "data/organisations.yml:{line}: organisations[6].acronym.en: 'INM' is already the acronym of 'inm'; an "
        "acronym must name one thing",
    ),
    # -- the agenda's times --
    Case(
        "end-before-start",
        "data/agenda.yml",
        '\n    end: "10:10"\n',
        '\n    end: "09:55"\n',
        "data/agenda.yml:{line}: slots[1].end: 09:55 is before the start 10:00",
    ),
    Case(
        "end-equals-start",
        "data/agenda.yml",
        '\n    start: "10:00"\n    end: "10:10"\n',
        '\n    start: "10:00"\n    end: "10:00"\n',
        "data/agenda.yml:{line}: slots[1].end: 10:00 is the same as the start 10:00",
        at='end: "10:00"\n    title:\n      en: Welcoming',
    ),
    Case(
        "overlapping-slots",
        "data/agenda.yml",
        '\n        start: "10:50"\n',
        '\n        start: "10:45"\n',
        "data/agenda.yml:{line}: slots[2].items[2].start: 10:45 overlaps 'guatemala-practices', which ends at 10:50",
    ),
    Case(
        "slots-out-of-order",
        "data/agenda.yml",
        '\n    start: "13:15"\n',
        '\n    start: "12:55"\n',
        "data/agenda.yml:{line}: slots[5].start: 12:55 is earlier than the slot before it ('dialogue', 13:00); "
        "keep slots in order",
    ),
    Case(
        "slot-outside-its-block",
        "data/agenda.yml",
        '\n        start: "11:20"\n        end: "11:30"\n',
        '\n        start: "11:20"\n        end: "11:35"\n',
        "data/agenda.yml:{line}: slots[2].items[4].end: 11:35 is after the end of its block, 11:30",
        at='end: "11:35"',
    ),
    Case(
        "logistics-after-the-end",
        "data/agenda.yml",
        "\n  - id: closure\n    type: closing\n",
        "\n  - id: closure\n    type: logistics\n",
        "data/agenda.yml:{line}: slots[6].start: a logistics slot must come before the meeting ends",
        at='\n    start: "13:25"',
    ),
    Case(
        "block-inside-a-block",
        "data/agenda.yml",
        "\n        type: break\n",
        "\n        type: block\n",
        "data/agenda.yml:{line}: slots[2].items[4].type: a block cannot be inside another block",
    ),
    Case(
        "items-in-a-non-block",
        "data/agenda.yml",
        '\n    type: block\n    start: "11:30"',
        '\n    type: dialogue\n    start: "11:30"',
        "data/agenda.yml:{line}: slots[3].items: only a slot of type block has items; this one is 'dialogue'",
        at="\n    items:\n      - id: protection-costa-rica",
    ),
    Case(
        "unknown-time-zone",
        "data/meeting.yml",
        "\ntimezone: America/Mexico_City\n",
        "\ntimezone: America/Mexico City\n",
        "data/meeting.yml:{line}: timezone: 'America/Mexico City' is not a known time zone; use an IANA name such "
        "as America/Mexico_City",
    ),
    # -- participants --
    Case(
        "civil-society-in-an-exclusive-block",
        "data/participants.yml",
        RNCOM_ATTENDS,
        RNCOM_ATTENDS.replace("[block-protection]", "[block-flows, block-protection]"),
        "data/participants.yml:{line}: profiles[4].attends[0]: 'block-flows' is exclusive to Member Countries "
        "(exclusive: true on line {flows} of agenda.yml), and this profile's group is 'civil-society'; remove "
        "'block-flows' from this list, or make the slot open to all in agenda.yml",
        at="attends: [block-flows",
    ),
    Case(
        "international-in-an-exclusive-item",
        "data/participants.yml",
        INTERNATIONAL_ATTENDS,
        INTERNATIONAL_ATTENDS.replace("[block-protection]", "[block-protection, questions-flows]"),
        "data/participants.yml:{line}: profiles[5].attends[1]: 'questions-flows' is exclusive to Member Countries "
        "(exclusive: true on line {flows} of agenda.yml), and this profile's group is 'international'; remove "
        "'questions-flows' from this list, or make the slot open to all in agenda.yml",
        at="questions-flows]",
    ),
    Case(
        "civil-society-attends-all",
        "data/participants.yml",
        RNCOM_ATTENDS,
        RNCOM_ATTENDS.replace("[block-protection]", "all"),
        "data/participants.yml:{line}: profiles[4].attends: 'all' includes slots exclusive to Member Countries "
        "(block-flows, dialogue, final-comments), and this profile's group is 'civil-society'; list the slots it "
        "may attend instead, such as [welcome, block-protection, closure]",
        at="\n    attends: all\n  - id: international",
    ),
    # -- figures --
    Case(
        "percentage-over-100",
        "data/figures.yml",
        "\n    value: 90.53\n",
        "\n    value: 190.53\n",
        "data/figures.yml:{line}: figures[7].value: 190.53 is a percentage over 100",
    ),
    Case(
        "part-larger-than-whole",
        "data/figures.yml",
        "\n    value: 45000\n",
        "\n    value: 65000\n",
        "data/figures.yml:{line}: figures[9].value: 65000 is larger than its whole 'mexico-refugee-requests' (64378)",
    ),
    Case(
        "part-of-itself",
        "data/figures.yml",
        "\n    value: 26557\n    unit: count\n    part_of: mexico-refugee-requests\n",
        "\n    value: 26557\n    unit: count\n    part_of: mexico-refugee-requests-honduras\n",
        "data/figures.yml:{line}: figures[10].part_of: a figure cannot be a part of itself",
        at="part_of: mexico-refugee-requests-honduras",
    ),
    Case(
        "part-in-another-unit",
        "data/figures.yml",
        "\n    value: 45000\n    qualifier: more-than\n    unit: count\n",
        "\n    value: 45000\n    qualifier: more-than\n    unit: week\n",
        "data/figures.yml:{line}: figures[9].unit: 'week' differs from the unit of its whole "
        "'mexico-refugee-requests' ('count')",
        at="unit: week",
    ),
    Case(
        "chart-parts-exceed-whole",
        "data/figures.yml",
        "\n    value: 26557\n",
        "\n    value: 56557\n",
        "data/figures.yml:{line}: charts[1].series[0].figures: these parts add up to 76258, more than their whole "
        "'mexico-refugee-requests' (64378)",
        at="\n        figures: [mexico-refugee-requests-honduras",
    ),
    # -- languages --
    Case(
        "english-pasted-as-spanish",
        "data/agenda.yml",
        "\n      es: Palabras de bienvenida\n",
        "\n      es: Welcoming words\n",
        "data/agenda.yml:{line}: slots[1].title.es: is the same as the English text; translate it, or, if it is the "
        "same in both languages on purpose (a name, say), add `identical: true` to this text",
    ),
    Case(
        "english-pasted-as-spanish-string",
        "macros/render/strings.yml",
        'es: "Cifras de esta fuente:"}',
        'es: "Figures from this source:"}',
        "macros/render/strings.yml:{line}: source_used_by.es: is the same as the English text; translate it, or, if it is "
        "the same in both languages on purpose (a name, say), add `identical: true` to this text",
    ),
    Case(
        "placeholder-renamed-in-spanish",
        "macros/render/strings.yml",
        'es: "Bloque {number}"}',
        'es: "Bloque {numero}"}',
        "macros/render/strings.yml:{line}: block.es: the placeholders differ between the languages ({number} only in "
        "English; {numero} only in Spanish); use the same {names} in both",
    ),
    Case(
        "placeholder-missing-in-spanish",
        "macros/render/strings.yml",
        'es: "nota {number}"}',
        'es: "nota"}',
        "macros/render/strings.yml:{line}: card_note.es: the placeholders differ between the languages ({number} only in "
        "English); use the same {names} in both",
    ),
    Case(
        "unbalanced-brace",
        "macros/render/strings.yml",
        'es: "en el bloque {number}"}',
        'es: "en el bloque {number"}',
        "macros/render/strings.yml:{line}: in_block.es: has a { or } that is not a {placeholder}; write {{ or }} for a "
        "brace shown as typed",
    ),
]


def apply(root: Path, case: Case) -> str:
    path = root / case.file
    if case.new is None:
        assert path.exists(), f"{case.file} should exist"
        path.unlink()
        return ""
    if isinstance(case.new, bytes):
        path.write_bytes(case.new)
        return ""
    if case.old is None:
        assert path.read_text(encoding="utf-8").strip(), f"{case.file} should not already be empty"
        path.write_text(case.new, encoding="utf-8")
        return case.new
    return edit(root, case.file, case.old, case.new)


def expected(case: Case, text: str) -> str:
    out = case.expected.replace("{flows}", FLOWS_EXCLUSIVE)
    if case.first is not None:
        out = out.replace("{first}", str(line_of(text, case.first)), 1)
    if "{line}" in out:
        out = out.replace("{line}", str(line_of(text, case.at if case.at is not None else case.new)), 1)
    return out


def test_the_corpus_is_large_and_each_case_is_named_once():
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_broken_input_is_reported_exactly(tmp_path: Path, case: Case) -> None:
    root = make_root(tmp_path)
    text = apply(root, case)
    assert data_problems(root) == [expected(case, text)]


# --- Inputs that are right and must pass -----------------------------------------------


@pytest.mark.parametrize(
    "file, old, new",
    [
        ("data/agenda.yml", "\n      en: Welcoming words\n", '\n      en: "Welcoming words #1"\n'),  # quoted: kept
        ("data/agenda.yml", "\n      en: Welcoming words\n", "\n      en: Welcoming words (x < y & 2 * 3)\n"),
        ("data/agenda.yml", "\n      en: Welcoming words\n", "\n      en: '**Welcoming** words'\n"),
        ("data/agenda.yml", '\n    start: "09:45"\n', "\n    start: 09:45\n"),  # unquoted time
        ("data/meeting.yml", "\n  en: Virtual\n", '\n  en: "Yes"\n'),
        (
            "data/agenda.yml",
            "\n      es: Palabras de bienvenida\n",
            "\n      es: Welcoming words\n      identical: true\n",
        ),
    ],
)
def test_right_input_passes(tmp_path: Path, file, old, new) -> None:
    root = make_root(tmp_path)
    edit(root, file, old, new)
    assert data_problems(root) == []


def test_a_comment_after_a_text_is_a_problem_only_when_it_cuts_the_text(tmp_path: Path) -> None:
    """A comment with a space after '#' is still a comment; the message offers both readings."""
    root = make_root(tmp_path)
    edit(root, "data/agenda.yml", "\n      en: Welcoming words\n", "\n      en: Welcoming words # by the host\n")
    [line] = data_problems(root)
    assert "if it is a comment, move it to a line of its own" in line


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf"])
def test_utf8_with_a_byte_order_mark_is_accepted(tmp_path: Path, bom: bytes) -> None:
    root = make_root(tmp_path)
    for path in (root / "data").glob("*.yml"):
        path.write_bytes(bom + path.read_bytes())
    assert data_problems(root) == []


def test_windows_line_endings_are_accepted(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    path = root / "data" / "agenda.yml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert data_problems(root) == []


def test_several_problems_are_reported_at_once(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    figures = edit(root, "data/figures.yml", "\n    value: 845000\n", '\n    value: "845,000"\n')
    agenda = edit(root, "data/agenda.yml", DIALOGUE_EXCLUSIVE, DIALOGUE_EXCLUSIVE.replace("true", '"yes"'))
    agenda_line, figures_line = line_of(agenda, 'exclusive: "yes"'), line_of(figures, 'value: "845,000"')
    assert data_problems(root) == [
        f"data/agenda.yml:{agenda_line}: slots[4].exclusive: must be true or false, not the text 'yes'",
        f"data/figures.yml:{figures_line}: figures[5].value: must be a number (digits only, no thousands separators "
        "or units), not the text '845,000'",
    ]


def test_a_crashing_rule_is_an_internal_error_not_a_data_problem(dataset) -> None:
    from macros.content import rules
    from macros.content.problems import InternalError

    def broken(d):
        raise KeyError("oops")

    with pytest.raises(InternalError, match=r"the rule broken \(macros/content/rules.py\) failed: KeyError"):
        rules.run(dataset, [broken])


# --- The real commands -------------------------------------------------------------


def run_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "macros.cli.check", str(root)], cwd=PROJECT, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("case_id", ["hash-cuts-a-title", "civil-society-in-an-exclusive-block", "saved-as-latin-1"])
def test_make_check_reports_the_same_line(tmp_path: Path, case_id: str) -> None:
    case = next(c for c in CASES if c.id == case_id)
    root = make_root(tmp_path)
    text = apply(root, case)
    result = run_check(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert expected(case, text) in result.stderr.splitlines(), result.stderr


def test_a_broken_data_file_stops_the_build(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.id == "end-before-start")
    root = make_root(tmp_path, site=True)
    text = apply(root, case)
    mkdocs = engine.executable()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [mkdocs, "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert expected(case, text) in output, output


@pytest.mark.parametrize("file, old", [("docs/en/agenda.md", "title: "), ("mkdocs.yml", "site_name: ")])
def test_a_control_character_in_a_page_or_mkdocs_yml_is_named(tmp_path: Path, file: str, old: str) -> None:
    from macros.cli.check import run

    root = make_root(tmp_path)
    text = (root / file).read_text(encoding="utf-8")
    assert old in text, f"{file} should contain {old!r}"
    (root / file).write_text(text.replace(old, old + "\x07", 1), encoding="utf-8")
    report = run(root)
    assert not report.internal
    assert [str(p) for p in report.problems] == [
        f"{file}:{line_of(text, old)}: this line contains an invisible control character (U+0007), which YAML does not "
        "accept; delete it (retype the text around it if you cannot see it)"
    ]


# --- Mangled files: whatever happens to a data file, a list of problems, never a traceback ----------

_TOKENS = [
    "yes",
    "no",
    "~",
    "",
    "-1",
    "1e999",
    "'x'",
    '"',
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "!!str",
    "!!int x",
    "10:00",
    "25:00",
    "2021-02-30",
    "a: b",
    " #x",
    "- x",
    "all",
    "[block-flows]",
    "0",
    ".nan",
    "[]",
    "{}",
    "|",
]


def _mangle(text: str, rng) -> str:
    """One editor accident: a line deleted, repeated, cut, indented, swapped, or its value replaced."""
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    op = rng.randrange(6)
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[j])
    elif op == 2 and ":" in lines[i]:
        lines[i] = lines[i].partition(":")[0] + ": " + rng.choice(_TOKENS)
    elif op == 3:
        lines[i] = " " * rng.randrange(1, 4) + lines[i]
    elif op == 4:
        lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def test_no_traceback_from_mangled_data_files(tmp_path: Path) -> None:
    import random

    from macros.render.renderer import Renderer

    rng = random.Random(20210920)
    files = sorted(p.name for p in (NOTE / "data").glob("*.yml"))
    for attempt in range(120):
        data_dir = tmp_path / f"data-{attempt}"
        shutil.copytree(NOTE / "data", data_dir)
        name = rng.choice(files)
        text = (data_dir / name).read_text(encoding="utf-8")
        for _ in range(rng.randrange(1, 4)):
            text = _mangle(text, rng)
        (data_dir / name).write_text(text, encoding="utf-8")
        try:
            data = load_dataset(data_dir)
        except DataError as error:
            assert error.problems and all(p.file.startswith("data/") for p in error.problems), (name, text)
            continue
        for lang in ("en", "es"):  # accepted data renders
            r = Renderer(data, lang, lambda slug, anchor=None: "#")
            for macro in (
                r.meeting_facts,
                r.agenda,
                r.figure_cards,
                r.objectives,
                r.participants,
                r.access,
                r.glossary,
                r.footnotes,
                r.sources,
            ):
                macro()
