"""`make serve`: the address is tried before anything is built; the log is one line per build."""

from __future__ import annotations

import io
import logging
import socket
import subprocess
import sys
from pathlib import Path

from macros.cli import serve

ROOT = Path(__file__).resolve().parents[2]


def test_a_port_in_use_is_one_sentence_before_any_build():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "macros.cli.serve", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stdout == ""  # nothing checked or built
    assert result.stderr == (
        f"Port {port} is already in use (another `make serve`, or another program); "
        f"choose another port with PORT, for instance: make serve PORT={port + 1}\n"
    )


def test_a_port_that_is_not_a_number_and_an_address_of_another_machine():
    assert serve.main(["--port", "80a"]) == 1
    assert serve.port_problem("192.0.2.7", 8000) == (
        "HOST=192.0.2.7 is not an address of this machine (Cannot assign requested address); use HOST=127.0.0.1 "
        "(this machine only) or HOST=0.0.0.0 (also other devices on the same network)"
    )


def test_mkdocs_log_becomes_one_line_per_build():
    stream = io.StringIO()
    handler = serve.OneLinePerBuild(stream)
    logger = logging.getLogger("mkdocs.test-serve")
    logger.propagate = False
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        logger.info("Building documentation...")
        logger.info("mkdocs_static_i18n: Overriding 'es' config 'theme.palette'")
        logger.info("[macros] - Config variables: ['extra']")
        logger.info("Documentation built in 4.71 seconds")
        logger.info("[03:45:49] Serving on http://127.0.0.1:8000/")
        logger.info("[03:46:01] Detected file changes")
        logger.warning("Doc file 'agenda.md' contains a link 'x.md', but the target is not found")
        logger.info("Documentation built in 0.82 seconds")
        logger.info("[03:46:02] Reloading browsers")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert [line[9:] for line in lines if line[:2].isdigit()] == ["Built in 4.7 s", "Rebuilt in 0.8 s"]
    assert lines[1] == "Serving on http://127.0.0.1:8000/: it rebuilds when a file is saved (Ctrl+C stops it)"
    assert len(lines) == 3
