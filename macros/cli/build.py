"""`python -m macros.cli.build`: build the site and the offline edition, all or nothing.

Both editions are built with `mkdocs build --strict` (or the engine ENGINE
names, see macros/build/engine.py), never in MkDocs' quiet mode, which stops it
counting warnings, into a temporary folder next to site/ and dist/. Only
when every build passed are site/ and dist/ replaced, each by one rename;
a failed run leaves them exactly as they were, and the zip is only ever
made from a build that passed.

Builds are reproducible: the build date is SOURCE_DATE_EPOCH, by default the
date of the last commit, and the zip's entries have fixed dates, permissions
and order, so two builds of one commit are byte-identical.

    python -m macros.cli.build             # the offline zip, then the site that offers it
    python -m macros.cli.build --archive   # the offline zip only (dist/)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from macros.build import engine
from macros.build.edition import ROOT, archive_name, version

# Zip cannot store dates before 1980.
_ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


class BuildFailed(Exception):
    """A build did not pass; its warnings and errors were printed."""


def source_date_epoch(root: Path = ROOT) -> str:
    """SOURCE_DATE_EPOCH if set, else the last commit's date, else now."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        if out.isdigit():
            return out
    except (OSError, subprocess.SubprocessError):
        pass
    return str(int(time.time()))


def _report(output: str) -> list[str]:
    """MkDocs' warnings and errors, without its INFO chatter."""
    keep, current = [], None
    for line in output.splitlines():
        if line.startswith(("WARNING", "ERROR", "CRITICAL", "Error", "Aborted", "Traceback", "Note:")):
            current = line
            keep.append(line)
        elif line.startswith(("INFO", "DEBUG")):
            current = None
        elif current is not None and line.strip():
            keep.append(line)  # continuation of a warning or an error
    return keep


def mkdocs_build(root: Path, site_dir: Path, env: dict[str, str]) -> list[str]:
    """One strict build; its warnings (none when it passed) or BuildFailed."""
    result = subprocess.run(
        engine.command("build", root / "mkdocs.yml", "--strict", "--site-dir", str(site_dir)),
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = _report(result.stdout + result.stderr)
    for line in lines:
        print(line, file=sys.stderr)
    if result.returncode != 0:
        raise BuildFailed()
    return lines


def write_zip(folder: Path, target: Path, epoch: int) -> None:
    """`folder` (and the folder itself as the zip's top level) as a reproducible zip."""
    stamp = max(dt.datetime.fromtimestamp(epoch, dt.UTC), _ZIP_EPOCH).timetuple()[:6]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix()):
            if not path.is_file():
                continue
            info = zipfile.ZipInfo(path.relative_to(folder.parent).as_posix(), date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def _replace(new: Path, old: Path, trash: Path) -> None:
    """Put `new` where `old` is, by renames (same file system)."""
    if old.exists():
        old.rename(trash)
    new.rename(old)


def build(root: Path = ROOT, site: bool = True) -> tuple[Path, Path | None]:
    """Build the offline zip (and the site): (zip, site folder) once both are in place."""
    epoch = source_date_epoch(root)
    text = version(root)
    name = archive_name(text, root)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch, "SITE_VERSION": text}
        env.pop("OFFLINE", None)
        env.pop("SITE_PREVIEW", None)  # set only inside `make serve`, where problems do not stop a build
        offline = work / "offline" / name.removesuffix(".zip")
        mkdocs_build(root, offline, {**env, "OFFLINE": "true"})
        dist = work / "dist"
        dist.mkdir()
        write_zip(offline, dist / name, int(epoch))
        if site:
            # The online site offers the zip just made (see overrides/hooks/set_edition.py).
            mkdocs_build(root, work / "site", {**env, "SITE_DIST_DIR": str(dist)})
        # Everything passed: swap the new editions in.
        _replace(dist, root / "dist", work / "old-dist")
        if site:
            _replace(work / "site", root / "site", work / "old-site")
        return root / "dist" / name, (root / "site" if site else None)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli.build", description=__doc__.splitlines()[0])
    parser.add_argument("--archive", action="store_true", help="build the offline edition (dist/) only")
    args = parser.parse_args(argv)
    try:
        engine.name()
    except engine.UnknownEngine as error:
        print(f"Build not started: {error}.")
        return 1
    start = time.perf_counter()
    try:
        archive, site = build(site=not args.archive)
    except BuildFailed:
        print(
            "Build failed: site/ and dist/ are unchanged. Run `make check` to see each problem with its file "
            "and line, fix it, and build again."
        )
        return 1
    took = time.perf_counter() - start
    size = archive.stat().st_size / 1e6
    if site is not None:
        pages = sum(1 for _ in site.rglob("index.html"))
        print(
            f"Built site/ ({pages} pages, English and Spanish) and {archive.relative_to(ROOT)} ({size:.1f} MB) "
            f"in {took:.1f} s."
        )
    else:
        print(f"Built {archive.relative_to(ROOT)} ({size:.1f} MB) in {took:.1f} s. Unpack it and open index.html.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
