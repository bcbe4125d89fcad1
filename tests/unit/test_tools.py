"""The tools of the workflows: GitHub annotations from make check's lines, and make translations."""

from __future__ import annotations

import subprocess
from pathlib import Path

from macros.cli import annotate, translations

CHECK_OUTPUT = """\
2 problems in the site's data or pages:
data/agenda.yml:58: slots[2].items[1].end: 10:25 is before the start 10:30
data/agenda.yml:14:7: YAML syntax error: mapping values are not allowed here
Fix the lines above (file:line: field: what is wrong), save, and run `make check` again; nothing was built or published.
"""


def test_annotations_keep_make_checks_words():
    found = annotate.findings(CHECK_OUTPUT)
    assert [f.text() for f in found] == CHECK_OUTPUT.splitlines()[1:3]
    assert annotate.workflow_command(found[0], "error", "make check") == (
        "::error file=data/agenda.yml,line=58,title=make check::slots[2].items[1].end: 10:25 is before the start 10:30"
    )
    assert annotate.workflow_command(found[1], "error", "make check").startswith(
        "::error file=data/agenda.yml,line=14,col=7,title=make check::YAML syntax error"
    )
    summary = annotate.summary(found, "make check", "make check", 1)
    assert all(line in summary for line in CHECK_OUTPUT.splitlines()[1:3])


def test_annotation_escapes_what_github_would_misread():
    finding = annotate.Finding("docs/es/a,b.md", 3, None, "100% wrong\nsecond line")
    command = annotate.workflow_command(finding, "warning", "make: translations")
    assert command == "::warning file=docs/es/a%2Cb.md,line=3,title=make%3A translations::100%25 wrong%0Asecond line"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True, capture_output=True
    )


def test_translations_warn_about_one_sided_changes(tmp_path):
    root = tmp_path
    (root / "docs" / "en").mkdir(parents=True)
    (root / "docs" / "es").mkdir(parents=True)
    (root / "data").mkdir()
    for lang in ("en", "es"):
        for name in ("a.md", "b.md"):
            (root / "docs" / lang / name).write_text(f"# {lang} {name}\n\nText.\n", encoding="utf-8")
    agenda = "slots:\n  - id: x\n    title:\n      en: Opening\n      es: Apertura\n  - id: y\n    title:\n      en: Close\n      es: Cierre\n"
    (root / "data" / "agenda.yml").write_text(agenda, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    git(root, "checkout", "-qb", "edit")
    (root / "docs" / "en" / "a.md").write_text("# en a.md\n\nText, changed.\n", encoding="utf-8")
    for lang in ("en", "es"):  # both languages of b.md: nothing to say
        (root / "docs" / lang / "b.md").write_text(f"# {lang} b.md\n\nOther.\n", encoding="utf-8")
    edited = agenda.replace("es: Apertura", "es: Apertura oficial").replace("en: Close", "en: Closing")
    edited = edited.replace("es: Cierre", "es: Clausura")
    (root / "data" / "agenda.yml").write_text(edited, encoding="utf-8")
    git(root, "commit", "-qam", "edit")

    found, ref = translations.run(root, "main")
    assert ref == "main"
    assert [str(f).split(": ", 2)[:2] for f in found] == [
        [
            "docs/en/a.md:3",
            "this paragraph changed, but its Spanish twin (docs/es/a.md:3) did not; update it too, or leave it "
            "if the change does not affect its meaning",
        ],
        ["data/agenda.yml:5", "slots[0].title.es"],
    ]
    assert "the Spanish text changed but the English one (slots[0].title.en) did not" in str(found[1])


def test_translations_compare_paragraph_by_paragraph(tmp_path):
    """One changed space in the Spanish page no longer hides an English paragraph left untranslated."""
    root = tmp_path
    for lang, words in (("en", ("Opening words.", "The meeting closes.")), ("es", ("Palabras.", "La reunión cierra."))):
        (root / "docs" / lang).mkdir(parents=True)
        (root / "docs" / lang / "a.md").write_text(f"# {lang}\n\n{words[0]}\n\n{words[1]}\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    new = "A new paragraph added to the English page, in English."
    (root / "docs/en/a.md").write_text(f"# en\n\nOpening words.\n\n{new}\n", encoding="utf-8")
    # Spanish: a space changed in the first paragraph, and the new paragraph pasted in English.
    (root / "docs/es/a.md").write_text(f"# es\n\nPalabras. \n\n{new}\n", encoding="utf-8")
    found, _ = translations.run(root, "main")
    assert [str(f) for f in found] == [
        "docs/es/a.md:5: this paragraph is the same as in docs/en/a.md (line 5); translate it",
    ]
    (root / "docs/es/a.md").write_text("# es\n\nPalabras. \n\nLa reunión cierra.\n", encoding="utf-8")
    found, _ = translations.run(root, "main")
    assert [str(f) for f in found] == [
        "docs/en/a.md:5: this paragraph changed, but its Spanish twin (docs/es/a.md:5) did not; update it too, "
        "or leave it if the change does not affect its meaning",
    ]
