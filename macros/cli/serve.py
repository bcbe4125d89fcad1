"""`make serve [HOST=…] [PORT=…]`: preview the site with live reload.

Before anything is built, the address is tried: a port in use or an address
that is not this machine's gets one sentence naming the variable to change,
not a traceback. Then the engine ENGINE names (MkDocs by default, see
macros/build/engine.py) builds and serves the site; a problem in the data
or the pages does not stop it: each build prints the problems as `make check`
words them, and every page lists them (macros/build/preview.py).

MkDocs and its plugins log a dozen lines per rebuild; here the logging is
configured so that each rebuild prints one line, and the problems (printed by
overrides/hooks/serve_problems.py) follow it. Material's end-of-life banner is
turned off before the theme is imported, whether or not this runs under make.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import os
import re
import socket
import sys
import time
from pathlib import Path

from macros.build import engine

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port, in one sentence, or None if it can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # As MkDocs' server does: an old connection still closing does not block the port.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
            probe.listen(1)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return (
                f"Port {port} is already in use (another `make serve`, or another program); "
                f"choose another port with PORT, for instance: make serve PORT={port + 1}"
            )
        if error.errno == errno.EACCES:
            return (
                f"Port {port} needs administrator rights on this machine; "
                f"choose one from 1024 up with PORT, for instance: make serve PORT={DEFAULT_PORT}"
            )
        return (
            f"HOST={host} is not an address of this machine ({error.strerror}); use HOST={DEFAULT_HOST} "
            "(this machine only) or HOST=0.0.0.0 (also other devices on the same network)"
        )
    except (socket.gaierror, UnicodeError):
        return f"HOST={host} is not an address of this machine; use HOST={DEFAULT_HOST} or HOST=0.0.0.0"
    return None


def network_address() -> str | None:
    """This machine's address on its local network (no packet is sent), for a phone's browser."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


class OneLinePerBuild(logging.Handler):
    """MkDocs' log reduced to what a person previewing needs: where the site is served, one
    line per (re)build, and errors. Warnings are listed by the serve_problems hook after the
    build, in `make check`'s words, so they are not repeated here."""

    def __init__(self, stream=None):
        super().__init__(logging.DEBUG)
        self.stream = stream or sys.stderr
        self.builds = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        line = None
        if record.levelno >= logging.ERROR:
            line = f"Error: {message}"
        elif record.levelno == logging.INFO and (serving := re.search(r"Serving on (\S+)", message)):
            line = f"Serving on {serving.group(1)}: it rebuilds when a file is saved (Ctrl+C stops it)"
        elif record.levelno == logging.INFO and (
            built := re.match(r"Documentation built in ([\d.]+) seconds", message)
        ):
            self.builds += 1
            what = "Built" if self.builds == 1 else "Rebuilt"
            line = f"{time.strftime('%H:%M:%S')} {what} in {float(built.group(1)):.1f} s"
        if line is not None:
            print(line, file=self.stream, flush=True)


def quiet_logging(name: str = "mkdocs") -> OneLinePerBuild:
    """The engine's log (the logger named after its package) through OneLinePerBuild."""
    handler = OneLinePerBuild()
    logger = logging.getLogger(name)
    for old in list(logger.handlers):
        logger.removeHandler(old)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)  # INFO reaches the handler, which keeps one line of it
    logger.propagate = False
    return handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST") or DEFAULT_HOST)
    parser.add_argument("--port", default=os.environ.get("PORT") or str(DEFAULT_PORT))
    parser.add_argument("--root", type=Path, default=Path("."), help="the project folder (default: .)")
    args = parser.parse_args(argv)
    host = (args.host or DEFAULT_HOST).strip()
    if not re.fullmatch(r"\d{1,5}", str(args.port).strip()) or not 0 < int(args.port) < 65536:
        print(f"PORT={args.port} is not a port number; write a number such as PORT={DEFAULT_PORT}", file=sys.stderr)
        return 1
    port = int(args.port)
    try:
        package = engine.package()
    except engine.UnknownEngine as error:
        print(f"{error}.", file=sys.stderr)
        return 2
    problem = port_problem(host, port)
    if problem:
        print(problem, file=sys.stderr)
        return 1

    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # before the theme is imported: no end-of-life banner
    if host in ("0.0.0.0", "::") and (address := network_address()):
        print(f"On a phone or another computer on the same network, open http://{address}:{port}/", flush=True)

    quiet_logging(package)
    serve = importlib.import_module(f"{package}.commands.serve")

    os.chdir(args.root)
    try:
        serve.serve(config_file="mkdocs.yml", livereload=True, dev_addr=f"{host}:{port}")
    except OSError as error:  # the port was taken between the check and the server's start
        if error.errno == errno.EADDRINUSE:
            print(
                port_problem(host, port) or f"Port {port} is already in use; choose another with PORT", file=sys.stderr
            )
            return 1
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
