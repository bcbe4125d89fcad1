"""`make new-meeting`: start the next meeting's site from this one, in a new folder.

    python -m macros.cli.new_meeting TARGET --id ID --date YYYY-MM-DD [--timezone ZONE]

Copies the project (code, tests, workflows, documentation) to TARGET, which must
not exist yet, and there:

- keeps the structure (mkdocs.yml, with the site's name and description to
  write; every page of both languages, its headings
  that macros link to) and the data every meeting reuses: organisations.yml,
  roles.yml, countries.yml, glossary.yml;
- empties what belongs to one meeting, leaving placeholders to fill in both
  languages: meeting.yml (the new id, date and time zone; title and kind to
  write), a two-slot agenda to replace, one objective, the participant profiles
  of the Member Countries (attending everything), no figures, sources or
  footnotes (a page that showed the cards of a group of figures shows every
  figure's cards), one entry in the agenda's changelog, and each page's text.

The result passes `make check`; each placeholder says "to be confirmed" or
"to be written" ("por confirmar", "por redactar"). This folder is not changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
import zoneinfo
from pathlib import Path

from macros.build.edition import ROOT
from macros.content import models as m
from macros.content.models import LANGUAGES

# Never copied: the environment, build outputs, caches, the git history.
SKIP = (
    ".git",
    ".venv",
    "site",
    "dist",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".cache",
    "test-artifacts",
    ".build-*",
)
KEPT_DATA = ("organisations.yml", "roles.yml", "countries.yml", "glossary.yml")

# A page keeps the calls of the macros that take no id: they show whatever the data holds.
KEPT_MACRO = re.compile(r"^\{\{ \w+\((?:\w+=True)?\) \}\}$")
# The cards of one group of figures (of this meeting) become the cards of every figure.
GROUP_CARDS = re.compile(r"^\{\{ figure_cards\(group=[^)]*\) \}\}$")
ALL_CARDS = "{{ figure_cards() }}"
TODO_PAGE = {
    "en": "*To be written for this meeting.* Replace this paragraph with the page's text.",
    "es": "*Por redactar para esta reunión.* Sustituya este párrafo por el texto de la página.",
}
TODO_TITLE = {"en": "Title of the meeting (to be written)", "es": "Título de la reunión (por redactar)"}
TODO_DESCRIPTION = {
    "en": "To be written: what this page says about the meeting, in one sentence.",
    "es": "Por redactar: lo que esta página dice de la reunión, en una oración.",
}


def _header(text: str) -> str:
    """The comment lines a data file starts with (its schema line and explanation)."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            lines.append(line)
        else:
            break
    return "\n".join(lines).rstrip() + "\n"


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(en: str, es: str, indent: str) -> str:
    return f"{indent}en: {_q(en)}\n{indent}es: {_q(es)}\n"


def _meeting(old: str, meeting_id: str, date: dt.date, zone: str, organiser: str, host: str, form: str) -> str:
    return (
        _header(old)
        + f"id: {meeting_id}\n"
        + "title:\n"
        + _text(TODO_TITLE["en"], TODO_TITLE["es"], "  ")
        + "kind:\n"
        + _text("Kind of meeting (to be written)", "Tipo de reunión (por redactar)", "  ")
        + f"organiser: {organiser}        # an id from organisations.yml\n"
        + f"host: {host}            # an id from organisations.yml\n"
        + f"date: {date.isoformat()}\n"
        + "# The IANA time zone of the times in agenda.yml.\n"
        + f"timezone: {zone}\n"
        + form
    )


AGENDA_LINE = "# The agenda of the meeting, in the time zone of meeting.yml."
AGENDA = """slots:
  - id: opening
    type: opening
    start: "10:00"
    end: "10:15"
    title:
      en: "Opening (to be confirmed)"
      es: "Apertura (por confirmar)"

  - id: closing
    type: closing
    start: "10:15"
    end: "10:30"
    title:
      en: "Closing (to be confirmed)"
      es: "Clausura (por confirmar)"
"""

OBJECTIVES = """objectives:
  - id: objective-1
    text:
      en: "First objective of the meeting (to be written)"
      es: "Primer objetivo de la reunión (por redactar)"
    served_by: [opening]
"""


def _changelog(today: dt.date) -> str:
    return f"changes:\n  - date: {today.isoformat()}\n    text:\n" + _text(
        "The site was started for this meeting; its agenda is to be confirmed.",
        "Se creó el sitio de esta reunión; su agenda está por confirmar.",
        "      ",
    )


def _participants(old: Path) -> str:
    """The Member Countries' profiles, attending every part of the meeting."""
    import yaml

    profiles = yaml.safe_load(old.read_text(encoding="utf-8")).get("profiles") or []
    kept = [p for p in profiles if p.get("group") == "member-countries"]
    if not kept:
        kept = [{"id": "member-countries", "group": "member-countries", "name": None}]
    out = ["profiles:"]
    for profile in kept:
        out.append(f"  - id: {profile['id']}")
        out.append("    group: member-countries")
        name = profile.get("name") or {
            "en": "Delegations of the Member Countries",
            "es": "Delegaciones de los Países Miembros",
        }
        out.append("    name:")
        out.append(_text(name["en"], name["es"], "      ").rstrip("\n"))
        if name.get("identical"):
            out.append("      identical: true")
        out.append("    attends: all")
    return "\n".join(out) + "\n"


def _page(text: str, lang: str, slug: str) -> str:
    """A page with its title, its H1, a placeholder, and the sections that hold a kept macro."""
    front, body = "", text
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        front, body = text[4:end], text[end + 5 :]
    lines, in_description = [], False
    for line in front.splitlines():  # every line but the description's (it may be folded)
        in_description = line.startswith("description:") or (in_description and line[:1] in (" ", "\t"))
        if not in_description:
            lines.append(line)
    lines.append(f"description: {_q(TODO_DESCRIPTION[lang])}")
    out = ["---", *lines, "---", ""]
    heading: str | None = None
    for line in body.splitlines():
        if line.startswith("# "):
            if slug == "index":  # the Home page's title is the meeting's
                anchor = line[line.index("{") :] if "{" in line else ""
                line = f"# {TODO_TITLE[lang]} {anchor}".rstrip()
            out += [line, "", TODO_PAGE[lang], ""]
        elif line.startswith("#"):
            heading = line
        elif GROUP_CARDS.match(line):  # one group's cards: every figure's, once, in their place
            if ALL_CARDS not in out:
                out += [ALL_CARDS, ""]
        elif KEPT_MACRO.match(line.strip()) and line == line.strip():
            if heading is not None:
                out += [heading, ""]
                heading = None
            out += [line, ""]
    return "\n".join(out).rstrip() + "\n"


SITE_TEXTS = {
    "site_name": {"en": "Site name (to be written)", "es": "Nombre del sitio (por redactar)"},
    "site_description": {
        "en": "To be written: the meeting in one sentence.",
        "es": "Por redactar: la reunión en una oración.",
    },
}


def _config(text: str) -> str:
    """mkdocs.yml with the site's name and description as placeholders: the English ones at the
    top level, the Spanish ones under the Spanish language of the i18n plugin."""
    out: list[str] = []
    skip_deeper: int | None = None
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if skip_deeper is not None and line.strip() and indent > skip_deeper:
            continue  # the rest of a folded value
        skip_deeper = None
        key = line.strip().split(":", 1)[0]
        if key in SITE_TEXTS and line.strip().startswith(f"{key}:"):
            lang = "en" if indent == 0 else "es"
            out.append(f"{' ' * indent}{key}: {_q(SITE_TEXTS[key][lang])}")
            skip_deeper = indent
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def _ignore(folder: str, names: list[str]) -> set[str]:
    ignored = set(shutil.ignore_patterns(*SKIP)(folder, names))
    if Path(folder).name == "tools":
        ignored.add("node_modules")
    return ignored


def start(source: Path, target: Path, meeting_id: str, date: dt.date, zone: str | None, today: dt.date) -> None:
    """The next meeting's project in `target`, from the project in `source`."""
    shutil.copytree(source, target, ignore=_ignore, symlinks=True)
    data = target / "data"
    import yaml

    old_meeting = (data / "meeting.yml").read_text(encoding="utf-8")
    values = yaml.safe_load(old_meeting)
    form = values.get("format") or {"en": "Virtual", "es": "Virtual"}
    form_text = (
        "format:\n" + _text(form["en"], form["es"], "  ") + ("  identical: true\n" if form.get("identical") else "")
    )
    (data / "meeting.yml").write_text(
        _meeting(
            old_meeting, meeting_id, date, zone or values["timezone"], values["organiser"], values["host"], form_text
        ),
        encoding="utf-8",
    )
    for name, body in (
        ("agenda.yml", AGENDA),
        ("objectives.yml", OBJECTIVES),
        ("participants.yml", _participants(data / "participants.yml")),
        ("figures.yml", "groups: []\nfigures: []\ncharts: []\n"),
        ("sources.yml", "sources: []\nfootnotes: []\n"),
        ("changelog.yml", _changelog(today)),
    ):
        path = data / name
        header = re.sub(r"(?m)^# The agenda of .*$", AGENDA_LINE, _header(path.read_text(encoding="utf-8")))
        path.write_text(header + body, encoding="utf-8")
    config = target / "mkdocs.yml"
    config.write_text(_config(config.read_text(encoding="utf-8")), encoding="utf-8")
    for lang in LANGUAGES:
        for page in sorted((target / "docs" / lang).glob("*.md")):
            page.write_text(_page(page.read_text(encoding="utf-8"), lang, page.stem), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make new-meeting", description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path, help="the new project's folder (must not exist)")
    parser.add_argument("--id", required=True, help="the new meeting's id: lowercase letters, digits, hyphens")
    parser.add_argument("--date", required=True, help="the new meeting's date, YYYY-MM-DD")
    parser.add_argument("--timezone", default=None, help="its IANA time zone (default: this meeting's)")
    args = parser.parse_args(argv)
    problems = []
    if not re.fullmatch(m.ID_PATTERN, args.id or ""):
        problems.append(f"ID={args.id!r}: use lowercase letters, digits and hyphens, such as rcm-meeting-2022-03-15")
    try:
        date = dt.date.fromisoformat(args.date)
    except ValueError:
        problems.append(f"DATE={args.date!r}: write the date as YYYY-MM-DD, such as 2022-03-15")
    if args.timezone:
        try:
            zoneinfo.ZoneInfo(args.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.append(f"TIMEZONE={args.timezone!r}: use an IANA time zone, such as America/Guatemala")
    if args.target.exists():
        problems.append(f"DIR={args.target}: already exists; name a new folder")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    start(ROOT, args.target, args.id, date, args.timezone, dt.date.today())
    print(
        f"The next meeting's site is in {args.target}: fill in the placeholders "
        '("to be written", "to be confirmed" and their Spanish) in data/ and docs/, '
        "then run `make check` there."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
