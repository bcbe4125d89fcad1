"""Checks on the Markdown pages: both languages, front matter, anchors, macros.

Every page exists in docs/en and docs/es under the same name, has a title and
a description in its front matter, and carries the same explicit heading
anchors ({ #id }) in both languages, so cross-links work in either.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

# The front matter as the engine reads it (MkDocs, and ProperDocs after it): opened by ---,
# closed by --- or ..., so that the check accepts and refuses exactly the pages the build does.
from mkdocs.utils.meta import YAML_RE as _FRONT

from macros.content.loader import control_characters
from macros.content.models import LANGUAGES
from macros.content.problems import Problem
from macros.pages import paragraphs, safety

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
_ANCHOR = re.compile(r"^#{1,6} .*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$", re.M)


@dataclass(frozen=True)
class Page:
    slug: str
    lang: str
    file: str
    title: str
    description: str
    body: str
    body_line: int
    description_line: int = 2  # the line of 'description:' in the file


_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")


def decode(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text, with or without a byte-order mark, with Unix line ends."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(
                display,
                line,
                "",
                f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read); save it with the UTF-8 encoding",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def markup_in(text: str) -> str | None:
    """The first HTML tag or comment in a text, if any, as an HTML tokenizer finds it (safety.py)."""
    return safety.markup_in(text)


def heading_problems(body: str, display: str, body_line: int) -> list[Problem]:
    """HTML in a heading flows unescaped into the navigation, the table of
    contents, the window title and search: refused, with its line. Every heading
    carries its own explicit anchor ({ #id }), once per page."""
    problems = []
    seen: dict[str, int] = {}
    fenced = False
    lines = body.split("\n")
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        # A heading: "# Title", or a line of text underlined with === or ---.
        underlined = number + 1 < len(lines) and line.strip() and _UNDERLINE.match(lines[number + 1])
        if fenced or not (_HEADING.match(line) or underlined):
            continue
        tag = markup_in(line)
        if tag:
            problems.append(
                Problem(
                    display,
                    body_line + number,
                    "heading",
                    f"contains HTML ({tag!r}); a heading is plain text (Markdown such as *italics* is fine)",
                )
            )
        problems += _anchor_problems(line, underlined, display, body_line + number, seen)
    return problems


_EXPLICIT = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*#*\s*$")


def _anchor_problems(line: str, underlined: bool, display: str, number: int, seen: dict[str, int]) -> list[Problem]:
    """Every heading ends with its own anchor ({ #purpose }): links point to it, in both languages."""
    if underlined:
        return [
            Problem(
                display,
                number,
                "heading",
                "is underlined with === or ---; write it with #, ending with its anchor: ## Title { #anchor }",
            )
        ]
    explicit = _EXPLICIT.search(line)
    if explicit is None:
        words = re.sub(r"^ {0,3}#{1,6}\s*|\s*#*\s*$", "", line)
        suggestion = re.sub(
            r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode().lower()
        ).strip("-")
        return [
            Problem(
                display,
                number,
                "heading",
                "has no anchor; end it with one, the same in both languages, so that links to it keep working "
                f"when its words change: {line.strip()} {{ #{suggestion or 'anchor'} }}",
            )
        ]
    anchor = explicit.group(1)
    if anchor in seen:
        return [
            Problem(
                display,
                number,
                "heading",
                f"the anchor {{ #{anchor} }} is already used on line {seen[anchor]}; each heading of a page needs "
                "its own anchor, or links to the second one lead to the first",
            )
        ]
    seen[anchor] = number
    return []


def read_page(path: Path, display: str, slug: str, lang: str) -> tuple[Page | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, None, "", f"the page cannot be read: {exc.strerror}")]
    text, problems = decode(data, display)
    if text is None:
        return None, problems
    match = _FRONT.match(text)
    if not match:
        return None, [
            Problem(
                display,
                1,
                "",
                "the page must start with front matter: a line '---', 'title: …', 'description: …' and a closing '---'",
            )
        ]
    control = control_characters(match.group(1), display, first_line=2)
    if control:
        return None, control
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.MarkedYAMLError as exc:
        message = f"YAML syntax error: {exc.problem}"
        if exc.problem_mark is None:
            return None, [Problem(display, 1, "front matter", message)]
        return None, [Problem.at_mark(display, exc.problem_mark, "front matter", message, first_line=2)]
    if not isinstance(meta, dict):
        return None, [Problem(display, 2, "front matter", "must be 'name: value' lines")]
    front = match.group(1).split("\n")
    for key in ("title", "description"):
        value = meta.get(key)
        line = 1 + next((i + 1 for i, text_line in enumerate(front) if text_line.startswith(f"{key}:")), 1)
        if key not in meta and (close := difflib.get_close_matches(key, [str(k) for k in meta], n=1)):
            line = 1 + next(i + 1 for i, text_line in enumerate(front) if text_line.startswith(f"{close[0]}:"))
            problems.append(Problem(display, line, close[0], f"is not a known field; did you mean '{key}'?"))
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(display, line, key, "is required in the front matter, as text"))
        elif tag := markup_in(value):
            problems.append(
                Problem(
                    display,
                    line,
                    key,
                    f"contains HTML ({tag!r}); the {key} is plain text, shown in the navigation, "
                    "the window title and search results",
                )
            )
    problems += safety.front_matter_problems(meta, front, display)
    if not all(isinstance(meta.get(key), str) and meta[key].strip() for key in ("title", "description")):
        return None, problems
    body_line = text.count("\n", 0, match.end()) + 1
    problems += heading_problems(text[match.end() :], display, body_line)
    description_line = 1 + next((i + 1 for i, line in enumerate(front) if line.startswith("description:")), 1)
    page = Page(
        slug,
        lang,
        display,
        meta["title"].strip(),
        meta["description"].strip(),
        text[match.end() :],
        body_line,
        description_line,
    )
    return page, problems


def load_pages(docs_dir: Path, display_dir: str = "docs") -> tuple[dict[tuple[str, str], Page], list[Problem]]:
    """Read every page of both languages; report missing counterparts."""
    problems: list[Problem] = []
    slugs: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        folder = docs_dir / lang
        slugs[lang] = (
            {p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.md")}
            if folder.is_dir()
            else set()
        )
    pages: dict[tuple[str, str], Page] = {}
    for lang in LANGUAGES:
        for other in LANGUAGES:
            for slug in sorted(slugs[other] - slugs[lang]):
                problems.append(
                    Problem(
                        f"{display_dir}/{lang}/{slug}.md",
                        None,
                        "",
                        f"the {LANGUAGE_NAMES[lang]} page is missing: {display_dir}/{other}/{slug}.md has no "
                        f"{LANGUAGE_NAMES[lang]} counterpart (pages of both languages share the same file name)",
                    )
                )
        for slug in sorted(slugs[lang]):
            display = f"{display_dir}/{lang}/{slug}.md"
            page, found = read_page(docs_dir / lang / f"{slug}.md", display, slug, lang)
            problems += found
            if page:
                pages[(slug, lang)] = page
    problems += _same_anchors(pages) + _untranslated_paragraphs(pages)
    return pages, problems


def _untranslated_paragraphs(pages: dict[tuple[str, str], Page]) -> list[Problem]:
    """A paragraph of a page left as it is in the other language (compared paragraph by paragraph)."""
    problems = []
    first = LANGUAGES[0]
    for (slug, lang), page in sorted(pages.items()):
        original = pages.get((slug, first))
        if lang == first or original is None:
            continue
        for line, original_line in paragraphs.identical(original.body, page.body, original.body_line, page.body_line):
            problems.append(
                Problem(
                    page.file,
                    line,
                    "text",
                    f"this paragraph is the same as in {original.file} (line {original_line}); translate it "
                    f"into {LANGUAGE_NAMES[lang]}",
                )
            )
    return problems


def anchors(page: Page) -> dict[str, int]:
    """Explicit heading anchors and their lines."""
    return {m.group(1): page.body_line + page.body.count("\n", 0, m.start()) for m in _ANCHOR.finditer(page.body)}


def _same_anchors(pages: dict[tuple[str, str], Page]) -> list[Problem]:
    problems = []
    for (slug, lang), page in pages.items():
        if lang == LANGUAGES[0]:
            continue
        original = pages.get((slug, LANGUAGES[0]))
        if original is None:
            continue
        mine, theirs = anchors(page), anchors(original)
        for anchor in sorted(set(theirs) - set(mine)):
            problems.append(
                Problem(
                    page.file,
                    None,
                    "",
                    f"no heading has the anchor {{ #{anchor} }}, which {original.file} has on line "
                    f"{theirs[anchor]}; both languages must use the same anchors",
                )
            )
        for anchor in sorted(set(mine) - set(theirs)):
            problems.append(
                Problem(
                    page.file,
                    mine[anchor],
                    "",
                    f"the anchor {{ #{anchor} }} is not in {original.file}; both languages must use the same anchors",
                )
            )
    return problems


class _AnyTagLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Reads mkdocs.yml without knowing its custom tags (such as !ENV); libyaml's
    parser when there is one (it keeps line numbers too)."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)

CONFIG = "mkdocs.yml"
_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class NavEntry:
    """A page of the navigation: its slug and the line of mkdocs.yml naming it."""

    slug: str
    line: int


def read_config(config_file: Path) -> tuple[dict, yaml.Node | None, list[Problem]]:
    """mkdocs.yml as data and as YAML nodes (for line numbers); read once while unchanged."""
    try:
        data = config_file.read_bytes()
    except OSError as exc:
        return {}, None, [Problem(CONFIG, None, "", f"cannot be read: {exc.strerror}")]
    return _read_config(data)


@functools.lru_cache(maxsize=4)
def _read_config(data: bytes) -> tuple[dict, yaml.Node | None, list[Problem]]:
    text, problems = decode(data, CONFIG)
    if text is None:
        return {}, None, problems
    control = control_characters(text, CONFIG)
    if control:
        return {}, None, control
    try:
        node = yaml.compose(text, Loader=_AnyTagLoader)
        config = yaml.load(text, Loader=_AnyTagLoader) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return {}, None, [Problem.at_mark(CONFIG, mark, "", f"YAML syntax error: {exc.problem}")]
    if not isinstance(config, dict):
        return {}, None, [Problem(CONFIG, 1, "", "must be 'name: value' lines")]
    return config, node, []


# Settings of mkdocs.yml shown as text on every page (the theme does not escape them).
_TEXT_SETTINGS = {"site_name", "site_description", "site_author", "copyright", "name"}
_ACTIVE_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)


def _is_text(path: str) -> bool:
    """Texts of mkdocs.yml besides _TEXT_SETTINGS: those of `extra` and the nav's translations."""
    return path.startswith("extra") or ".nav_translations" in path


def _markup(tag: str) -> str:
    return (
        f"contains HTML ({tag!r}); this text is shown on the pages as typed, so it must be plain text "
        "(x < y and R&D are fine)"
    )


def nav_title_problems(titles: list[NavTitle]) -> list[Problem]:
    """HTML in a title written in the nav."""
    return [Problem(CONFIG, t.line, "nav", _markup(tag)) for t in titles if (tag := markup_in(t.title))]


def config_text_problems(node: yaml.Node | None) -> list[Problem]:
    """HTML in mkdocs.yml's texts (site name, description, copyright, language names),
    and javascript:/data: addresses anywhere in it but the nav (see nav_entries)."""
    problems: list[Problem] = []

    def walk(node: yaml.Node, path: str, key: str | None) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                name = str(key_node.value)
                if not path and name == "nav":
                    continue  # checked entry by entry by nav_entries()
                if path.endswith("nav_translations") and (tag := markup_in(name)):
                    problems.append(Problem(CONFIG, key_node.start_mark.line + 1, f"{path}.{name}", _markup(tag)))
                walk(value, f"{path}.{name}" if path else name, name)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]", key)
        elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            line = node.start_mark.line + 1
            if _ACTIVE_URL.match(node.value):
                problems.append(
                    Problem(
                        CONFIG,
                        line,
                        path,
                        f"{node.value[:40]!r} is not allowed: addresses may only "
                        "be web addresses (https://…) or e-mail addresses",
                    )
                )
            elif (key in _TEXT_SETTINGS or _is_text(path)) and (tag := markup_in(node.value)):
                problems.append(
                    Problem(
                        CONFIG,
                        line,
                        path,
                        _markup(tag),
                    )
                )

    if node is not None:
        walk(node, "", None)
    return problems


def nav_entries(config_file: Path) -> tuple[list[NavEntry] | None, list[Problem]]:
    """The pages of mkdocs.yml's `nav`, in order, sections flattened; None when there is no nav
    (MkDocs then lists every page)."""
    config, node, problems = read_config(config_file)
    if problems:
        return [], problems
    nav_node = next((value for key, value in node.value if key.value == "nav"), None)
    if nav_node is None or (isinstance(nav_node, yaml.ScalarNode) and not nav_node.value):
        return None, []
    entries: list[NavEntry] = []
    _walk_nav(nav_node, "nav", entries, problems)
    return entries, problems


@dataclass(frozen=True)
class NavTitle:
    """A title written in the nav: a section's, or a page's given in place of its own."""

    title: str
    line: int
    page: bool  # a page's title, which may be left out (not a section's or a web link's)


def nav_titles(config_file: Path) -> list[NavTitle]:
    config, node, problems = read_config(config_file)
    nav_node = None if problems else next((value for key, value in node.value if key.value == "nav"), None)
    titles: list[NavTitle] = []

    def walk(node: yaml.Node) -> None:
        for item in node.value if isinstance(node, yaml.SequenceNode) else []:
            if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
                ((key, value),) = item.value
                if isinstance(key, yaml.ScalarNode) and key.value:
                    page = isinstance(value, yaml.ScalarNode) and value.value.endswith(".md")
                    if page or not isinstance(value, yaml.ScalarNode) or value.value.startswith(_SCHEMES):
                        titles.append(NavTitle(key.value, key.start_mark.line + 1, page))
                    walk(value)

    if nav_node is not None:
        walk(nav_node)
    return titles


def untranslated_nav_titles(config: dict, titles: list[NavTitle]) -> list[Problem]:
    """A title in the nav shows in every language unless mkdocs-static-i18n's
    nav_translations of each other language translates it."""
    plugins = config.get("plugins") or []
    i18n = next((p["i18n"] for p in plugins if isinstance(p, dict) and isinstance(p.get("i18n"), dict)), None)
    if not i18n:
        return []
    problems = []
    for language in i18n.get("languages") or []:
        if not isinstance(language, dict) or language.get("default") or not language.get("locale"):
            continue
        translations = language.get("nav_translations") or {}
        name = LANGUAGE_NAMES.get(language["locale"], language["locale"])
        for title in titles:
            if title.title in translations:
                continue
            advice = (
                ""
                if not title.page
                else ", or write the file name alone: each language then shows the page's own title"
            )
            problems.append(
                Problem(
                    CONFIG,
                    title.line,
                    "nav",
                    f"the title '{title.title}' would show in the {name} menu too: give its {name} title under "
                    f"nav_translations of the '{language['locale']}' language (plugins: i18n){advice}",
                )
            )
    return problems


def _walk_nav(node: yaml.Node, path: str, entries: list[NavEntry], problems: list[Problem]) -> None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.SequenceNode):
        problems.append(Problem(CONFIG, line, path, "must be a list of entries, each starting with '- '"))
        return
    for index, item in enumerate(node.value):
        where = f"{path}[{index}]"
        item_line = item.start_mark.line + 1
        if isinstance(item, yaml.ScalarNode):
            _nav_target(item.value, where, item_line, entries, problems)
        elif isinstance(item, yaml.MappingNode) and len(item.value) == 1:
            ((key, value),) = item.value
            if not isinstance(key, yaml.ScalarNode) or not key.value:
                problems.append(Problem(CONFIG, item_line, where, "the title of an entry must be text"))
            elif isinstance(value, yaml.ScalarNode):
                _nav_target(value.value, where, item_line, entries, problems)
            else:
                _walk_nav(value, f"{where}.{key.value}", entries, problems)
        elif isinstance(item, yaml.MappingNode):
            problems.append(
                Problem(
                    CONFIG,
                    item_line,
                    where,
                    "an entry holds one 'Title: page.md' pair or one section; start each on its own line with '- '",
                )
            )
        else:
            problems.append(
                Problem(
                    CONFIG,
                    item_line,
                    where,
                    "must be a page ('page.md'), a titled page ('Title: page.md') or a section "
                    "('Section:' followed by a list)",
                )
            )


def _nav_target(target: str, where: str, line: int, entries: list[NavEntry], problems: list[Problem]) -> None:
    if target.startswith(_SCHEMES):
        return  # an external link in the menu
    if not target.endswith(".md") or target.startswith(("/", "../")) or ":" in target:
        problems.append(
            Problem(
                CONFIG,
                line,
                where,
                f"{target!r} is not a page: write the file name of a page in docs/en and docs/es "
                "(such as 'agenda.md') or a web address starting with https://",
            )
        )
        return
    entries.append(NavEntry(target.removesuffix(".md"), line))


def nav_slugs(config_file: Path) -> list[str]:
    """The page slugs in the order of the site's navigation (mkdocs.yml `nav`)."""
    entries, _ = nav_entries(config_file)
    return [e.slug for e in entries or []]


def slugs_of(nav: list | None) -> list[str]:
    """Slugs of nav entries (as MkDocs reads them): `file.md`, `Title: file.md`, or a
    section `Title: [entries]`, in order; web addresses are skipped."""
    out: list[str] = []
    for entry in nav or []:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            if isinstance(value, list):
                out += slugs_of(value)
            elif isinstance(value, str) and value.endswith(".md") and not value.startswith(_SCHEMES):
                out.append(value.removesuffix(".md"))
    return out


@dataclass(frozen=True)
class Section:
    """A page of the site, for the cards on the Home page."""

    slug: str
    title: str
    description: str


def sections(pages: dict[tuple[str, str], Page], order: list[str], lang: str) -> list:
    """Every page but Home, in navigation order, for the Home page's cards."""
    return [
        Section(slug, pages[(slug, lang)].title, pages[(slug, lang)].description)
        for slug in order
        if slug != "index" and (slug, lang) in pages
    ]


def settings_problems(
    config: dict, node: yaml.Node | None, config_file: Path, read_problems: list[Problem]
) -> list[Problem]:
    """What `make check` and the build refuse in mkdocs.yml besides `read_problems` (read_config's):
    HTML in its texts, and, once it reads right, navigation titles that are not text or have no
    Spanish translation."""
    problems = config_text_problems(node)
    if not read_problems:
        titles = nav_titles(config_file)
        problems += untranslated_nav_titles(config, titles) + nav_title_problems(titles)
    return problems
