"""Checks on the Markdown pages: both languages, front matter, anchors, macros.

Every page exists in docs/en and docs/es under the same name, has a title and
a description in its front matter, and carries the same explicit heading
anchors ({ #id }) in both languages, so cross-links work in either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .models import LANGUAGES
from .problems import Problem

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
_ANCHOR = re.compile(r"^#{1,6} .*\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$", re.M)
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass(frozen=True)
class Page:
    slug: str
    lang: str
    file: str
    title: str
    description: str
    body: str
    body_line: int


def read_page(path: Path, display: str, slug: str, lang: str) -> tuple[Page | None, list[Problem]]:
    text = path.read_text(encoding="utf-8")
    match = _FRONT.match(text)
    if not match:
        return None, [Problem(display, 1, "", "the page must start with front matter: a line '---', "
                                             "'title: …', 'description: …' and a closing '---'")]
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        return None, [Problem(display, (mark.line + 2) if mark else 1, "front matter",
                              f"YAML syntax error: {exc.problem}", column=(mark.column + 1) if mark else None)]
    problems = []
    if not isinstance(meta, dict):
        return None, [Problem(display, 2, "front matter", "must be 'name: value' lines")]
    for key in ("title", "description"):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(display, 2, key, "is required in the front matter, as text"))
    if problems:
        return None, problems
    body_line = text.count("\n", 0, match.end()) + 1
    return Page(slug, lang, display, meta["title"].strip(), meta["description"].strip(), text[match.end():], body_line), []


def load_pages(docs_dir: Path, display_dir: str = "docs") -> tuple[dict[tuple[str, str], Page], list[Problem]]:
    """Read every page of both languages; report missing counterparts."""
    problems: list[Problem] = []
    slugs: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        folder = docs_dir / lang
        slugs[lang] = {p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.md")} if folder.is_dir() else set()
    pages: dict[tuple[str, str], Page] = {}
    for lang in LANGUAGES:
        for other in LANGUAGES:
            for slug in sorted(slugs[other] - slugs[lang]):
                problems.append(Problem(
                    f"{display_dir}/{lang}/{slug}.md", None, "",
                    f"the {LANGUAGE_NAMES[lang]} page is missing: {display_dir}/{other}/{slug}.md has no "
                    f"{LANGUAGE_NAMES[lang]} counterpart (pages of both languages share the same file name)"))
        for slug in sorted(slugs[lang]):
            display = f"{display_dir}/{lang}/{slug}.md"
            page, found = read_page(docs_dir / lang / f"{slug}.md", display, slug, lang)
            problems += found
            if page:
                pages[(slug, lang)] = page
    problems += _same_anchors(pages)
    return pages, problems


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
            problems.append(Problem(page.file, None, "",
                                    f"no heading has the anchor {{ #{anchor} }}, which {original.file} has on line "
                                    f"{theirs[anchor]}; both languages must use the same anchors"))
        for anchor in sorted(set(mine) - set(theirs)):
            problems.append(Problem(page.file, mine[anchor], "",
                                    f"the anchor {{ #{anchor} }} is not in {original.file}; both languages must use the same anchors"))
    return problems


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without knowing its custom tags (such as !ENV)."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def nav_slugs(config_file: Path) -> list[str]:
    """The page slugs in the order of the site's navigation (mkdocs.yml `nav`)."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    return slugs_of(config.get("nav") or [])


def slugs_of(nav: list) -> list[str]:
    """Slugs of nav entries, written `file.md` or `Title: file.md`."""
    return [(next(iter(e.values())) if isinstance(e, dict) else e).removesuffix(".md") for e in nav]


def sections(pages: dict[tuple[str, str], Page], order: list[str], lang: str) -> list:
    """Every page but Home, in navigation order, for the Home page's cards."""
    from .render import Section

    return [Section(slug, pages[(slug, lang)].title, pages[(slug, lang)].description)
            for slug in order if slug != "index" and (slug, lang) in pages]
