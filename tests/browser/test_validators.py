"""Both editions through the independent validators of `make validate` (macros/cli/validate_html.py).

- The W3C Nu HTML Checker over every HTML file of the online site (404 pages included) and of
  the offline edition, in one Java process (about 3 s): no error and no warning of the site's
  own; Material's known messages are matched exactly and each must still occur, so the list
  shrinks when Material fixes one.
- pa11y (HTML_CodeSniffer, WCAG 2 AA) over a sample of pages that holds every kind of form,
  table and list the macros write, in both languages and both editions (`make validate` runs
  it over every page): no error of the site's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.cli import validate_html as validators

# A page with two mistakes the site must never make: the test fails if the checker misses them.
BROKEN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title></head><body>
<table><tr role="row"><td role="cell">a</td></tr></table>
<select name="z"><option value="a" selected>A</option></select>
</body></html>
"""


# The three tests of one Nu run are kept on one pytest-xdist worker (see the Makefile's --dist
# loadgroup), so the checker runs once, not once per worker.
NU = pytest.mark.xdist_group("nu-checker")


@pytest.fixture(scope="session")
def nu(site_dir, offline_dir, tmp_path_factory) -> tuple[list[Path], list[dict], Path]:
    broken = tmp_path_factory.mktemp("nu") / "broken.html"
    broken.write_text(BROKEN, encoding="utf-8")
    files = validators.html_files(site_dir) + validators.html_files(offline_dir)
    return files, validators.nu_check([*files, broken]), broken


@NU
@pytest.mark.long
def test_the_nu_checker_sees_every_page_of_both_editions_and_the_404_pages(nu, site_dir, offline_dir, slugs):
    files, _, _ = nu
    names = {path.relative_to(site_dir).as_posix() for path in files if path.is_relative_to(site_dir)}
    assert {"404.html", "es/404.html", "index.html", "es/index.html"} <= names
    assert len(files) == 2 * 2 * len(slugs) + 2


def _of_broken(message: dict, broken: Path) -> bool:
    return message.get("url", "").endswith(f"/{broken.parent.name}/{broken.name}")


@NU
@pytest.mark.long
def test_every_page_is_valid_html(nu):
    _, messages, broken = nu
    problems = validators.nu_problems([m for m in messages if not _of_broken(m, broken)])
    assert not problems, "Nu HTML Checker:\n" + "\n".join(problems)


@NU
@pytest.mark.long
def test_the_nu_checker_reports_a_mistake_and_lets_through_only_materials_known_messages(nu):
    _, messages, broken = nu
    found = validators.nu_problems([m for m in messages if _of_broken(m, broken)])
    assert any("“role” attribute must not be used on a “td” element" in line for line in found), found
    assert any("“row” role is unnecessary for element “tr”" in line for line in found), found
    for known in validators.MATERIAL_NU:
        assert any(m["message"] == known.message and known.element in m.get("extract", "") for m in messages), known


# One page of each kind: the time-zone form and stacked tables (agenda), the profiles (participants),
# a page without sections (glossary), the home page, a 404 page, and the offline edition from disk.
SAMPLE = (("en", "index"), ("en", "agenda"), ("es", "participants"), ("es", "glossary"))


@pytest.mark.browser
@pytest.mark.long
def test_pa11y_finds_no_error_of_the_sites_own(site_server, offline_dir):
    urls = [
        site_server + ("" if lang == "en" else f"{lang}/") + ("" if slug == "index" else f"{slug}/")
        for lang, slug in SAMPLE
    ]
    urls += [site_server + "es/404.html", (offline_dir / "es" / "agenda.html").as_uri()]
    report = validators.pa11y(urls)
    assert sorted(report) == sorted(urls)
    problems = validators.pa11y_problems(report)
    assert not problems, "pa11y:\n" + "\n".join(problems)
    seen = {
        (i["code"], k.element)
        for issues in report.values()
        for i in issues
        for k in validators.MATERIAL_PA11Y
        if i["code"] == k.message and k.element in i["context"]
    }
    assert seen == {(k.message, k.element) for k in validators.MATERIAL_PA11Y}, (
        "Material's known errors: one no longer occurs"
    )
