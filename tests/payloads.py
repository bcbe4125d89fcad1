"""Payloads in every editable text of a copy of the project, and that copy built: shared by the
tests that read the built pages (tests/site/test_safety_built.py) and those that load them in
Chromium (tests/browser/test_browser_safety.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import built_once, copy_project, mkdocs_build

PAYLOAD = "<img src=x onerror=alert(1)>"
TYPED = "x < y & z"

# The texts of mkdocs.yml hold no HTML either (make check and the build refuse it): theirs carry the
# characters that need escaping and an escaped tag, which must show exactly as typed, not as a tag.
ESCAPED_TAG = "&lt;img src=x onerror=alert(1)&gt;"
SITE_NAME = f"RCM {TYPED} {ESCAPED_TAG}"
TITLE = f"Methodology {TYPED} &lt;b&gt;"
DESCRIPTION = f"How {TYPED} &amp; more"
COPYRIGHT = f"RCM © {TYPED} {ESCAPED_TAG}"
SITE_DESCRIPTION = f"Technical meeting {TYPED} {ESCAPED_TAG}"
NAV_EN, NAV_ES = f"Home {TYPED}", f"Inicio {TYPED}"
# Data texts hold no HTML (make check and the build refuse it, as in tests/unit/test_safety.py): theirs
# carry the characters that need escaping.
MEETING = f"Current realities {TYPED} \"quoted\" 'apostrophe'"
SLOT = f"Welcoming words {TYPED}"


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def payload_project(folder: Path) -> Path:
    root = copy_project(folder / "project")
    config = root / "mkdocs.yml"
    replace_once(config, 'site_name: "RCM · Current realities at the borders"', f"site_name: {json.dumps(SITE_NAME)}")
    replace_once(config, "\ncopyright: ", f"\ncopyright: {json.dumps(COPYRIGHT)}\n# ")
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"\nsite_description: >-\n(?:  .*\n)+", f"\nsite_description: {json.dumps(SITE_DESCRIPTION)}\n", text)
    config.write_text(text, encoding="utf-8")
    replace_once(
        config,
        '          site_name: "CRM',
        f"          site_name: {json.dumps('CRM ' + TYPED + ' ' + ESCAPED_TAG)}\n          # ",
    )
    replace_once(config, "\n  - index.md\n", f"\n  - {json.dumps(NAV_EN)}: index.md\n")
    replace_once(
        config,
        "          build: true\n          site_name:",
        f"          build: true\n          nav_translations:\n            {json.dumps(NAV_EN)}: {json.dumps(NAV_ES)}\n"
        "          site_name:",
    )
    for lang in ("en", "es"):
        page = root / "docs" / lang / "methodology.md"
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"\Atitle: .*\ndescription: .*\n", "", text.removeprefix("---\n"))
        page.write_text(
            f"---\ntitle: {json.dumps(TITLE)}\ndescription: {json.dumps(DESCRIPTION)}\n{text}", encoding="utf-8"
        )
        replace_once(page, "\n## ", f"\n## Steps {TYPED} {{ #steps }}\n\nText.\n\n## ")
    meeting = root / "data" / "meeting.yml"
    replace_once(
        meeting, '  en: "Current realities at the borders: how to manage', f"  en: {json.dumps(MEETING)}\n  # "
    )
    replace_once(root / "data" / "agenda.yml", "      en: Welcoming words\n", f"      en: {json.dumps(SLOT)}\n")
    return root


@pytest.fixture(scope="session")
def payload_site(tmp_path_factory) -> Path:
    """The fixture meeting with payloads in every editable text, built (online, with SITE_URL)."""

    def build(folder: Path) -> None:
        root = payload_project(folder)
        result = mkdocs_build(root, folder / "site")
        assert result.returncode == 0, result.stdout + result.stderr

    return built_once(tmp_path_factory, "payload-site", build) / "site"
