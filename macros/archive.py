"""`python -m macros.archive`: build the offline edition and pack it as a zip.

The offline edition is the whole site, both languages, built with Material's
offline plugin (OFFLINE=true): every page works when opened from disk
(file://), with navigation, language switching and search. It is written to
dist/<meeting>-offline-<version>.zip, holding one folder of the same name;
a reader unpacks it and opens index.html.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .edition import ROOT, archive_name, version


def build(root: Path = ROOT) -> Path:
    text = version(root)
    name = archive_name(text)
    folder = root / "build" / name.removesuffix(".zip")
    shutil.rmtree(root / "build", ignore_errors=True)
    env = {**os.environ, "OFFLINE": "true", "SITE_VERSION": text, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(folder)],
                            cwd=root, env=env)
    if result.returncode != 0:
        raise SystemExit(result.returncode)
    (root / "dist").mkdir(exist_ok=True)
    target = root / "dist" / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder.parent).as_posix())
    return target


def main() -> int:
    target = build()
    print(f"Offline edition: {target.relative_to(ROOT)} ({target.stat().st_size / 1e6:.1f} MB). "
          "Unpack it and open index.html.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
