"""One search index per language.

mkdocs-static-i18n merges the pages of every language into one search index
at site/search/. Here, once the whole site is built, that index is split: the
English entries stay at search/, the entries of every other language go to
<lang>/search/ with their paths made relative to <lang>/. The theme (see
overrides/main.html) points the pages of a language at their own index, so a
search on a Spanish page finds Spanish pages only, online and offline (the
offline edition also gets each index as search_index.js).
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority


def _languages(config) -> tuple[str, list[str]]:
    i18n = config.plugins["i18n"]
    default = i18n.default_language
    return default, [lang.locale for lang in i18n.config.languages if lang.locale != default]


def _write(folder: Path, index: dict, offline: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    (folder / "search_index.json").write_text(data, encoding="utf-8")
    if offline:
        (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


# After static-i18n has merged the languages (-100) and the offline plugin has
# inlined the merged index (-100, listed after i18n).
@event_priority(-110)
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:
        return  # a language's own build inside static-i18n: wait for the end
    site = Path(config.site_dir)
    source = site / "search" / "search_index.json"
    if not source.is_file():
        return
    merged = json.loads(source.read_text(encoding="utf-8"))
    default, others = _languages(config)
    offline = config.extra["edition"].offline  # set by hooks/set_edition.py, listed first
    buckets: dict[str, list] = {lang: [] for lang in [default, *others]}
    for doc in merged["docs"]:
        lang = next((o for o in others if doc["location"].startswith(f"{o}/")), default)
        if lang != default:
            doc = {**doc, "location": doc["location"][len(lang) + 1 :]}
        buckets[lang].append(doc)
    for lang, docs in buckets.items():
        index = {**merged, "config": {**merged["config"], "lang": [lang]}, "docs": docs}
        _write(site / "search" if lang == default else site / lang / "search", index, offline)
