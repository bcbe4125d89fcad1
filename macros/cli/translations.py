"""`make translations`: what this branch changed in one language but not the other.

Compares the working tree with the merge base of the branch and BASE_REF
(default: origin/main, else main) and prints one warning per line, in the
`file:line: field: sentence` form of `make check`:

- a paragraph of a page changed in docs/en but not its twin in docs/es, or
  the reverse (the pages are compared paragraph by paragraph, so one changed
  space elsewhere hides nothing), and a paragraph left the same in both;
- a text of the data (data/*.yml, macros/render/strings.yml) whose English changed
  while its Spanish did not, or the reverse.

A warning is not an error (a typo fixed in one language needs nothing in the
other): the command always exits 0 unless git itself fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros.content.models import LANGUAGES
from macros.pages import paragraphs

LANGS = LANGUAGES
NAMES = {"en": "English", "es": "Spanish"}
DATA_FILES = re.compile(r"^(data/[^/]+\.ya?ml|macros/strings\.yml)$")
PAGE = re.compile(r"^docs/(en|es)/(.+\.md)$")


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.field}: {self.message}"
            if self.field
            else f"{self.file}:{self.line}: {self.message}"
        )


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def merge_base(root: Path, base_ref: str | None) -> tuple[str, str]:
    """(commit, ref) the branch started from."""
    candidates = [base_ref] if base_ref else ["origin/main", "main"]
    for ref in candidates:
        try:
            return git(root, "merge-base", "HEAD", ref).strip(), ref
        except subprocess.CalledProcessError:
            continue
    raise SystemExit(
        f"make translations: cannot find the branch's merge base with {' or '.join(candidates)}; "
        "set BASE_REF to the branch this one started from (for example BASE_REF=origin/main)."
    )


def changed_lines(root: Path, base: str, path: str) -> list[int]:
    """Lines of `path` (working tree) added or changed since `base`."""
    lines: list[int] = []
    for match in re.finditer(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", git(root, "diff", "-U0", base, "--", path), re.M):
        start, count = int(match[1]), int(match[2] or 1)
        lines += range(start, start + count) if count else [max(start, 1)]
    return lines


def texts(source: str) -> dict[str, dict[str, tuple[str, int]]]:
    """Every bilingual text of a YAML document: {field path: {lang: (source text, line)}}."""
    try:
        root = yaml.compose(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}  # make check reports the syntax error
    found: dict[str, dict[str, tuple[str, int]]] = {}

    def walk(node, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            keys = {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
            if all(lang in keys for lang in LANGS):
                found[path] = {
                    lang: (
                        source[keys[lang].start_mark.index : keys[lang].end_mark.index],
                        keys[lang].start_mark.line + 1,
                    )
                    for lang in LANGS
                }
                return
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    walk(value, f"{path}.{key.value}" if path else str(key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]")

    if root is not None:
        walk(root, "")
    return found


def data_warnings(path: str, before: str, after: str) -> list[Finding]:
    old, new = texts(before), texts(after)
    warnings = []
    for field, now in new.items():
        was = old.get(field)
        if was is None:
            continue  # a new text: make check asks for both languages
        changed = [lang for lang in LANGS if now[lang][0] != was[lang][0]]
        if len(changed) == 1:
            lang = changed[0]
            other = "es" if lang == "en" else "en"
            warnings.append(
                Finding(
                    path,
                    now[lang][1],
                    f"{field}.{lang}",
                    f"the {NAMES[lang]} text changed but the {NAMES[other]} one ({field}.{other}) "
                    f"did not; update it too, or leave it if the change does not affect its meaning",
                )
            )
    return warnings


def _at(root: Path, base: str, path: str) -> str:
    try:
        return git(root, "show", f"{base}:{path}")
    except subprocess.CalledProcessError:
        return ""  # a new page


def page_warnings(root: Path, base: str, changed: set[str]) -> list[Finding]:
    """Paragraph by paragraph: a paragraph changed in one language whose twin did not change (one
    changed space elsewhere in the twin hides nothing), and a paragraph left the same in both."""
    warnings = []
    names = sorted({match.group(2) for path in changed if (match := PAGE.match(path))})
    for name in names:
        files = {lang: f"docs/{lang}/{name}" for lang in LANGS}
        if not all((root / file).is_file() for file in files.values()):
            continue  # make check says which page is missing
        before = {lang: _at(root, base, file) for lang, file in files.items()}
        after = {lang: (root / file).read_text(encoding="utf-8") for lang, file in files.items()}
        for lang, line, twin_line in paragraphs.changed_in_one(before, after):
            other = "es" if lang == "en" else "en"
            warnings.append(
                Finding(
                    files[lang],
                    line,
                    "",
                    f"this paragraph changed, but its {NAMES[other]} twin ({files[other]}:{twin_line}) did not; "
                    "update it too, or leave it if the change does not affect its meaning",
                )
            )
        for line, english_line in paragraphs.identical(after["en"], after["es"]):
            warnings.append(
                Finding(
                    files["es"],
                    line,
                    "",
                    f"this paragraph is the same as in {files['en']} (line {english_line}); translate it",
                )
            )
    return sorted(warnings, key=lambda f: (f.file, f.line))


def run(root: Path, base_ref: str | None = None) -> tuple[list[Finding], str]:
    base, ref = merge_base(root, base_ref)
    changed = {line for line in git(root, "diff", "--name-only", base).splitlines() if line}
    changed |= {line for line in git(root, "ls-files", "--others", "--exclude-standard").splitlines() if line}
    warnings = page_warnings(root, base, changed)
    for path in sorted(changed):
        if DATA_FILES.match(path) and (root / path).is_file():
            try:
                before = git(root, "show", f"{base}:{path}")
            except subprocess.CalledProcessError:
                continue  # a new file
            warnings += data_warnings(path, before, (root / path).read_text(encoding="utf-8"))
    return warnings, ref


def main() -> int:
    root = Path.cwd()
    warnings, ref = run(root, os.environ.get("BASE_REF") or None)
    for warning in warnings:
        print(warning)
    if warnings:
        print(f"{len(warnings)} change(s) in one language only since this branch left {ref} (warnings, not errors).")
    else:
        print(f"Translations: every page and text changed since this branch left {ref} changed in both languages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
