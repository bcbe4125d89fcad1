"""The two languages of a page, paragraph by paragraph.

A page's body is a sequence of blocks (paragraphs, headings, list items, macro
calls…) separated by blank lines; a page and its twin have the same blocks in
the same order, each in its language. Two uses:

- ``identical(en, es)``: the Spanish blocks left in English, a copy of their
  English twin (`make check`);
- ``changed_in_one(...)``: the blocks changed in one language but not in the
  other since a base version (`make translations`), so that one changed space
  elsewhere in the page no longer hides an untranslated paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_ANCHOR = re.compile(r"\{[^}]*#[A-Za-z0-9_-]+[^}]*\}")
MIN_WORDS = 5  # a shorter block (a name, a heading such as "Costa Rica") may be the same in both


@dataclass(frozen=True)
class Block:
    line: int  # first line, counted from the start of the text given
    text: str


def blocks(text: str, first_line: int = 1) -> list[Block]:
    """The text's blocks, separated by blank lines; a fenced code block is one block."""
    out: list[Block] = []
    current: list[str] = []
    start = first_line
    fenced = False
    for number, line in enumerate(text.split("\n"), first_line):
        if _FENCE.match(line):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                out.append(Block(start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        out.append(Block(start, "\n".join(current)))
    return out


def words(block: str) -> str:
    """A block's own words: without macro calls, link targets and heading anchors, spaces collapsed."""
    text = _ANCHOR.sub(" ", _LINK_TARGET.sub("]", _MACRO.sub(" ", block)))
    return " ".join(text.split())


def is_prose(text: str) -> bool:
    """Several words, some of them ordinary (lowercase) ones: not only names, acronyms and numbers."""
    tokens = re.findall(r"[^\W\d_][\w'’-]*", text)
    return len(tokens) >= MIN_WORDS and any(t[0].islower() for t in tokens)


def identical(english: str, spanish: str, en_line: int = 1, es_line: int = 1) -> list[tuple[int, int]]:
    """(Spanish line, English line) of each Spanish block whose words are those of an English block."""
    english_blocks: dict[str, int] = {}
    for block in blocks(english, en_line):
        english_blocks.setdefault(words(block.text), block.line)
    found = []
    for block in blocks(spanish, es_line):
        text = words(block.text)
        if text in english_blocks and is_prose(text):
            found.append((block.line, english_blocks[text]))
    return found


def changed_in_one(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, int, int]]:
    """(language, line in its page, line in the twin) of each block changed in one language only.

    `before` and `after` map each language to the page's text. Blocks are paired by their
    position; when the pages no longer have the same number of blocks, they are paired from
    the start up to the shorter."""
    langs = list(after)
    old = {lang: blocks(before.get(lang, "")) for lang in langs}
    new = {lang: blocks(after[lang]) for lang in langs}
    found = []
    count = min(len(new[lang]) for lang in langs)
    for index in range(count):
        changed = {
            lang: index >= len(old[lang]) or words(old[lang][index].text) != words(new[lang][index].text)
            for lang in langs
        }
        if sum(changed.values()) == 1:
            lang = next(lang for lang, was in changed.items() if was)
            other = next(twin for twin in langs if twin != lang)
            found.append((lang, new[lang][index].line, new[other][index].line))
    return found
