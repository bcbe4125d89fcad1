"""Words around the data that depend on the language's grammar and order.

- ``PluralText``: a string of strings.yml with a form for one and for more
  ("its participation" / "their participation"); ``form()`` picks it by CLDR's
  plural rules for the language (Babel).
- ``join()``: a list as the language writes it ("1, 2 and 3" / "1, 2 y 3"),
  CLDR's list patterns (Babel's format_list), keeping the items' HTML. English
  lists follow CLDR's international English (en_001), without a comma before
  "and", as the concept note and the site's running text write them.
- ``sort_key()``: alphabetical order that ignores case and accents, so that
  "Título" sorts with the T's and "Ñ" after "N" as in Spanish dictionaries.
"""

from __future__ import annotations

import unicodedata

from babel import Locale
from babel.lists import format_list
from markupsafe import Markup

from macros.content.models import Model, PlainStr
from macros.render import formatting as fmt

LIST_LOCALES = {"en": "en_001", "es": "es_419"}


class Forms(Model):
    """The form used with one subject or item (one) and with several (other)."""

    one: PlainStr
    other: PlainStr


class PluralText(Model):
    en: Forms
    es: Forms

    def __call__(self, lang: str) -> Forms:
        return getattr(self, lang)


def form(text: PluralText, lang: str, count: int) -> str:
    """The form of `text` for `count` in `lang`: CLDR's 'one' or, for anything else, 'other'."""
    category = Locale.parse(fmt.locale(lang)).plural_form(count)
    forms = text(lang)
    return forms.one if category == "one" else forms.other


def join(items: list, lang: str) -> Markup:
    """The items as a list in the language's words; each item's HTML (Markup) is kept, text escaped."""
    items = [Markup.escape(item) for item in items]
    if not items:
        return Markup("")
    # format_list only sees placeholders, so the items' markup never meets its patterns.
    marks = [f"\x00{index}\x00" for index in range(len(items))]
    pattern = format_list(marks, locale=LIST_LOCALES[lang])
    result = Markup.escape(pattern)
    for mark, item in zip(marks, items, strict=True):
        result = Markup(str(result).replace(mark, str(item)))
    return result


def sort_key(text: str) -> tuple[str, str]:
    """Case- and accent-insensitive order ("Título" with the T's), then the exact text to break ties.

    "ñ" is a letter of its own in Spanish, after "n": it keeps its place.
    """
    folded = []
    for char in text.casefold():
        if char == "ñ":
            folded.append("n\uffff")
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        folded.append(base)
    return "".join(folded), text
