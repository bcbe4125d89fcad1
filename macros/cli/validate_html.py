"""`python -m macros.cli.validate_html`: the built editions through two independent validators.

- The W3C Nu HTML Checker (npm's `vnu-jar`, pinned in tools/validators/, run on Java): every
  HTML file of the online site (site/, its 404 pages included) and of the offline edition (the
  zip in dist/, unpacked to a temporary folder), in one Java process.
- pa11y with HTML_CodeSniffer, WCAG 2 AA (npm's `pa11y`, pinned in tools/validators/, driving
  Debian's Chromium; CHROMIUM_PATH names another): every page of both editions, the online
  site served on 127.0.0.1, the offline edition from disk (file://).

Both must report nothing of the project's own: no Nu error or warning, no pa11y error. What
Material itself writes and the project cannot change with a small, safe override is listed
below (MATERIAL_NU, MATERIAL_PA11Y), matched exactly, and in the README. `make validate`
builds, then runs this; `make test` runs the same checks (tests/test_validators.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from macros.build.edition import ROOT
from macros.cli import chromium
from macros.cli.local_server import serving

TOOLS = ROOT / "tools" / "validators"
VNU_JAR = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = TOOLS / "pa11y.cjs"


@dataclass(frozen=True)
class Known:
    """A message of Material's own markup, matched exactly: its text (Nu) or code (pa11y), and
    a piece of the element it is about."""

    message: str
    element: str
    why: str


# Material's base.html (not an overridable block) writes these two checkboxes with
# autocomplete="off", so that Firefox does not restore the menu or the search open after a reload.
_AUTOCOMPLETE = (
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, “email”, "
    "“hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”."
)
MATERIAL_NU = (
    Known(_AUTOCOMPLETE, 'data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off"', "base.html"),
    Known(_AUTOCOMPLETE, 'data-md-toggle="search" type="checkbox" id="__search" autocomplete="off"', "base.html"),
)

# HTML_CodeSniffer's errors on Material's markup. Its two forms are never submitted (the search
# shows results as one types, Enter opens the first; the palette switches on a click), and a
# submit button would reload the page. The table of contents' toggle is an invisible checkbox
# (display: none, so out of the accessibility tree) that Material writes without its label on a
# page with no section headings (partials/nav-item.html, a large template).
_SUBMIT = "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2"
MATERIAL_PA11Y = (
    Known(_SUBMIT, '<form class="md-search__form" name="search">', "partials/search.html"),
    Known(_SUBMIT, '<form class="md-header__option" data-md-component="palette">', "partials/palette.html"),
    Known(
        "WCAG2AA.Principle1.Guideline1_3.1_3_1.F68",
        '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">',
        "partials/nav-item.html",
    ),
    Known(
        "WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.InputCheckbox.Name",
        '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">',
        "partials/nav-item.html",
    ),
    # The offline edition's search runs in a hidden iframe (display: none, out of the
    # accessibility tree) made by iframe-worker, the script Material's offline plugin uses.
    Known(
        "WCAG2AA.Principle2.Guideline2_4.2_4_1.H64.1", '<iframe hidden=""></iframe>', "iframe-worker (offline search)"
    ),
)

# pa11y's warnings that point at markup of ours and were fixed: none may come back.
PA11Y_FIXED_WARNINGS = (
    "WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.Select.Value",  # a <select> with no option selected
    "WCAG2AA.Principle1.Guideline1_3.1_3_1.H42",  # a <p><strong> that reads as a heading
)


class ValidatorMissing(Exception):
    """Java or the npm tools are not installed (make validate and make test install them)."""


def html_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def nu_check(files: list[Path]) -> list[dict]:
    """The Nu HTML Checker's messages (errors, and warnings: type "info", subType "warning") for
    `files`, checked in one Java process."""
    if not VNU_JAR.is_file():
        raise ValidatorMissing(f"{VNU_JAR.relative_to(ROOT)} is missing: run `make validators`")
    java = shutil.which("java")
    if java is None:
        raise ValidatorMissing("Java is missing: run `make validators` (it installs Debian's default-jre-headless)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu writes its JSON report on standard error.
    return json.loads(result.stderr)["messages"]


# The checker applies each page's Content-Security-Policy to the page as it reads it, from disk:
# a file: address has no origin, so 'self' matches nothing and every script and stylesheet of the
# site is reported as blocked. Browsers apply the policy from the page's own origin (served) or to
# file: addresses (Chromium, from disk); the browser tests listen for violations on every page of
# both editions, so these warnings are left to them.
CSP_FROM_DISK = "Resource violates Content Security Policy"
# It also applies script-src to data blocks (<script type="application/json">, "application/ld+json"),
# which browsers never run and the policy does not cover: Material's configuration and the JSON-LD.
CSP_INLINE = "Inline script violates Content Security Policy"
DATA_BLOCKS = ('type="application/json"', 'type="application/ld+json"')


def _known(message: str, context: str, known: tuple[Known, ...]) -> bool:
    return any(message == k.message and k.element in context for k in known)


def nu_problems(messages: list[dict]) -> list[str]:
    """Every error and warning that is not one of Material's (MATERIAL_NU), as `file:line: type: message`."""
    found = []
    for m in messages:
        if m.get("type") == "info" and m.get("subType") != "warning":
            continue
        if _known(m.get("message", ""), m.get("extract", ""), MATERIAL_NU):
            continue
        if m.get("message", "").startswith(CSP_FROM_DISK) and m.get("url", "").startswith("file:"):
            continue
        if m.get("message", "").startswith(CSP_INLINE) and any(t in m.get("extract", "") for t in DATA_BLOCKS):
            continue
        kind = "warning" if m.get("type") == "info" else m.get("type", "error")
        found.append(
            f"{m.get('url', '?')}:{m.get('lastLine', '?')}: {kind}: {m.get('message')} [{m.get('extract', '')}]"
        )
    return found


def pa11y(urls: list[str]) -> dict[str, list[dict]]:
    """pa11y's issues (errors and warnings) for each URL, all in one Chromium."""
    if not (TOOLS / "node_modules" / "pa11y").is_dir():
        raise ValidatorMissing("tools/validators/node_modules/pa11y is missing: run `make validators`")
    # The same Chromium, started the same way, as the browser tests (macros/cli/chromium.py).
    executable = chromium.path()
    if executable is None:
        raise ValidatorMissing("no Chromium found for pa11y: run `make chromium`, or set CHROMIUM_PATH")
    env = {**os.environ, "CHROMIUM_PATH": executable, "CHROMIUM_ARGS": json.dumps(chromium.ARGS)}
    result = subprocess.run(["node", str(PA11Y), *urls], capture_output=True, text=True, timeout=900, cwd=ROOT, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"pa11y failed:\n{result.stderr}")
    return json.loads(result.stdout)


def pa11y_problems(report: dict[str, list[dict]]) -> list[str]:
    """pa11y's errors that are not Material's (MATERIAL_PA11Y), and the warnings of
    PA11Y_FIXED_WARNINGS, as `url: code: message [element]`."""
    found = []
    for url, issues in report.items():
        for issue in issues:
            error = issue["type"] == "error" and not _known(issue["code"], issue["context"], MATERIAL_PA11Y)
            if error or issue["code"] in PA11Y_FIXED_WARNINGS:
                found.append(f"{url}: {issue['type']}: {issue['code']}: {issue['message']} [{issue['context'][:120]}]")
    return found


def page_urls(folder: Path, base: str) -> list[str]:
    """The URL of every page of an edition under `base`: index.html as its folder when served."""
    urls = []
    for path in html_files(folder):
        rel = path.relative_to(folder).as_posix()
        if base.startswith("http") and rel.endswith("index.html"):
            rel = rel.removesuffix("index.html")
        urls.append(base + rel)
    return urls


def _summary(name: str, counts: Counter) -> str:
    return (
        f"{name}: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) if counts else f"{name}: nothing"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli.validate_html", description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="the online site (default: site/)")
    parser.add_argument(
        "dist", nargs="?", default=str(ROOT / "dist"), help="the folder of the offline zip (default: dist/)"
    )
    args = parser.parse_args(argv)
    site, zips = Path(args.site), sorted(Path(args.dist).glob("*.zip"))
    if not (site / "index.html").is_file() or len(zips) != 1:
        print("Nothing to validate: run `make build` first (site/ and one zip in dist/).")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(zips[0]) as archive:
            archive.extractall(folder)
        (offline,) = [p for p in Path(folder).iterdir() if p.is_dir()]
        files = html_files(site) + html_files(offline)
        messages = nu_check(files)
        nu = nu_problems(messages)
        counts = Counter(
            "error" if m["type"] == "error" else "warning"
            for m in messages
            if m["type"] == "error" or m.get("subType") == "warning"
        )
        print(
            f"Nu HTML Checker, {len(files)} files (online site and offline edition). "
            + _summary("All messages", counts)
        )
        with serving(site) as base:
            urls = page_urls(site, base) + page_urls(offline, offline.as_uri() + "/")
            report = pa11y(urls)
        issues = Counter(issue["type"] for found in report.values() for issue in found)
        print(f"pa11y (HTML_CodeSniffer, WCAG2AA), {len(urls)} pages. " + _summary("All issues", issues))
    for line in nu:
        print(line)
    a11y = pa11y_problems(report)
    for line in a11y:
        print(line)
    known = ", ".join(sorted({k.why for k in MATERIAL_NU + MATERIAL_PA11Y}))
    if nu or a11y:
        print(f"{len(nu)} Nu HTML Checker problem(s) and {len(a11y)} pa11y problem(s) of the site's own (above).")
        return 1
    print(f"No problem of the site's own. Material's known ones, listed in the README, were left aside ({known}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
