"""`make serve`: a broken edit shows in the open tab, in its language; fixing it restores the page."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import pytest

from conftest import build_env, copy_project

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served_copy(tmp_path):
    root = copy_project(tmp_path / "project")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    # As `make serve` runs it, but without make's environment: no banner must appear either way.
    env = build_env()
    env.pop("NO_MKDOCS_2_WARNING", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "macros.cli.serve", "--port", str(port)],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while "Serving on" not in (tmp_path / "serve.log").read_text():
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        yield root, f"http://127.0.0.1:{port}/", tmp_path / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.mark.long
def test_broken_data_shows_in_the_open_tab_and_fixing_restores_it(served_copy, desktop, page_in):
    root, base, log = served_copy
    figures = root / "data/figures.yml"
    original = figures.read_text(encoding="utf-8")
    lines = original.split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("    value: "))
    value = lines[number].removeprefix("    value: ")
    lines[number] = f'    value: "{value} people"'
    page = page_in(desktop)
    page.goto(base + "es/agenda/", wait_until="load")
    assert page.locator("main table").count() > 0
    figures.write_text("\n".join(lines), encoding="utf-8")
    heading = page.locator("h1", has_text="No se puede mostrar el sitio")
    heading.wait_for(timeout=30_000)
    assert page.locator("html").get_attribute("lang") == "es"
    problems = page.locator("ul.problems li").all_inner_texts()
    assert any(
        text.startswith(f"data/figures.yml:{number + 1}: ") and f"{value} people" in text for text in problems
    ), problems
    figures.write_text(original, encoding="utf-8")
    page.locator("main table").first.wait_for(timeout=30_000)
    assert page.locator("ul.problems").count() == 0
    # A page saved in another encoding, which MkDocs itself cannot read, is listed too.
    notes = root / "docs/es/notes.md"
    text = notes.read_text(encoding="utf-8")
    notes.write_bytes(text.encode("latin-1"))
    problem = page.locator("ul.problems li", has_text="docs/es/notes.md:")
    problem.wait_for(timeout=30_000)
    assert "is not UTF-8 text" in problem.inner_text()
    notes.write_text(text, encoding="utf-8")
    page.locator("main table").first.wait_for(timeout=30_000)
    # What the terminal showed: one line per build, and the problems; no plugin chatter, no banner.
    time.sleep(1)
    output = log.read_text(encoding="utf-8")
    assert "end of life" not in output and "Traceback" not in output, output
    ordinary = re.compile(
        r"Serving on http://127\.0\.0\.1:\d+/: it rebuilds when a file is saved .*"
        r"|\d\d:\d\d:\d\d (Built|Rebuilt) in \d+\.\d s|\d+ problems?: every page shows the list until they are fixed\."
        r"|(data|docs)/\S+:\d+: .*"
    )
    unexpected = [line for line in output.splitlines() if not ordinary.fullmatch(line)]
    assert unexpected == [], output
    assert len(re.findall(r"Rebuilt in", output)) >= 4
