"""`python -m macros.benchmark`: the project's speed and size budgets, measured.

- `make check` (python -m macros.check) must take under 2 s: median of 5 runs;
- the time of one strict build of the site (both languages);
- the time of building the offline edition and the size of its zip.
Budgets are reported, not asserted by timed tests.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .edition import ROOT

CHECK_BUDGET_S = 2.0


def _timed(command: list[str], **env: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    return time.perf_counter() - start


def main() -> int:
    python = sys.executable
    checks = [_timed([python, "-m", "macros.check"]) for _ in range(5)]
    check = statistics.median(checks)
    with tempfile.TemporaryDirectory() as folder:
        build = _timed([str(Path(python).parent / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", folder])
    archive_time = _timed([python, "-m", "macros.archive"])
    zips = sorted((ROOT / "dist").glob("*.zip"), key=lambda p: p.stat().st_mtime)
    size = zips[-1].stat().st_size if zips else 0
    print(f"make check        median {check:.2f} s of 5 runs (budget {CHECK_BUDGET_S:.0f} s): "
          f"{'within' if check < CHECK_BUDGET_S else 'OVER'} budget")
    print(f"mkdocs build      {build:.2f} s (strict, both languages)")
    print(f"offline archive   {archive_time:.2f} s, {size / 1e6:.2f} MB ({zips[-1].name if zips else 'none'})")
    return 0 if check < CHECK_BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
