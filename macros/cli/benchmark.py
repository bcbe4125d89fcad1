"""`python -m macros.cli.benchmark`: the project's speed and size budgets, measured.

- `make check` (python -m macros.cli.check) must take under 2 s: median of 5 runs;
- a rebuild of `make serve` after a data edit must take at most 1 s: the
  serve process's own build, run in one process as `mkdocs serve` does, timed
  after editing a data file, median of 5 (the first, cold build not counted;
  aim: half a second), beside plain Material's rebuild of the same pages;
- the strict build of the site (both languages) against a plain Material
  build of the same pages (no macros, hooks or theme overrides): the pages'
  Markdown as the macros expand it, front matter included, median of 5, measured side by
  side in the same run, and their ratio (aim: at most 1.3x); beside it, the
  pages with their macro calls stripped (what the site costs beyond plain
  Material, the macros' output included), and the first build, with nothing
  kept from an earlier one in .cache/ (compiled templates, pages checked);
- the time of building both editions (`make build`) and the size of the zip.

Everything runs on a copy of the project in a temporary folder. Budgets are
reported here, not asserted by timed tests.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from macros.build import engine
from macros.build.edition import ROOT
from macros.pages.sources import read_config

CHECK_BUDGET_S = 2.0
REBUILD_BUDGET_S = 1.0
# Aims beyond the budgets: a rebuild in half a second, a strict build close to plain Material's.
REBUILD_AIM_S = 0.5
RATIO_AIM = 1.3
RUNS = 5

# Run inside a copy: the builds `mkdocs serve` runs on each change, in one process, with the
# engine ENGINE names (macros/build/engine.py; its package is argv[2]). The site's copy edits a
# data file before each rebuild and profiles one more (argv[3] == "profile"); the plain copy has
# no data, and rebuilds all the same.
_REBUILDS = r"""
import importlib, os, statistics, sys, tempfile, time
from pathlib import Path
if sys.argv[2] == "properdocs":
    import properdocs.replacement  # mkdocs.* imports (the plugins') resolve to ProperDocs, as its command does
build = importlib.import_module(sys.argv[2] + ".commands.build").build
load_config = importlib.import_module(sys.argv[2] + ".config").load_config
import logging
logging.getLogger(sys.argv[2]).setLevel(logging.ERROR)
data = Path("data/agenda.yml")
original = data.read_text(encoding="utf-8") if data.exists() else None
def edit(mark):
    if original is not None:
        data.write_text(original + mark, encoding="utf-8")
site = tempfile.mkdtemp()
times, cpus = [], []
# As `mkdocs serve` does: the startup event once, on the first build's config; then, for each
# change, the configuration read again and the site built.
config = load_config("mkdocs.yml", site_dir=site)
config.plugins.on_startup(command="serve", dirty=False)
for run in range(int(sys.argv[1]) + 1):
    edit(f"\n# edit {run}\n")
    start, cpu = time.perf_counter(), time.process_time()
    build(config if run == 0 else load_config("mkdocs.yml", site_dir=site), serve_url="http://127.0.0.1:8000/")
    times.append(time.perf_counter() - start)
    cpus.append(time.process_time() - cpu)
print(" ".join(f"{t:.4f}" for t in times[1:]))
print(" ".join(f"{t:.4f}" for t in cpus[1:]))
if sys.argv[3] != "profile":
    sys.exit(0)
# One more rebuild, profiled: own time per package, to see where the time goes.
import cProfile, pstats, re, json
profile = cProfile.Profile()
edit("\n# profiled\n")
profile.enable()
build(load_config("mkdocs.yml", site_dir=site), serve_url="http://127.0.0.1:8000/")
profile.disable()
edit("")
shares = {}
for (filename, _, _), (_, _, own, _, _) in pstats.Stats(profile).stats.items():
    match = re.search(r"site-packages/([^/]+)/", filename) or re.search(r"/python3[.0-9]*/([^/]+?)(?:\.py)?/", filename + "/")
    if "/macros/" in filename or "/overrides/" in filename:
        name = "our macros and hooks"
    elif filename.endswith(".html") or (match and match.group(1) == "jinja2"):
        name = "templates (Jinja)"
    elif match:
        name = match.group(1)
    else:
        name = "built-in functions"
    shares[name] = shares.get(name, 0) + own
print(json.dumps(shares))
"""


def _rebuilds(project: Path, profile: bool, **env: str) -> tuple[list[float], list[float], dict]:
    """The rebuilds' wall and CPU times (after the first build), and the profile's shares."""
    result = subprocess.run(
        [sys.executable, "-c", _REBUILDS, str(RUNS), engine.package(), "profile" if profile else "-"],
        cwd=project,
        capture_output=True,
        text=True,
        env=_env(**env),
    )
    if result.returncode != 0:
        raise SystemExit(f"rebuild benchmark failed:\n{result.stderr}")
    lines = result.stdout.splitlines()
    walls, cpus = ([float(t) for t in line.split()] for line in lines[:2])
    return walls, cpus, json.loads(lines[2]) if profile else {}


def _env(**extra: str) -> dict[str, str]:
    # Python keeps the copy's compiled modules (.pyc) as it does on any machine, and as it did for
    # the installed packages (MkDocs, Material): PYTHONDONTWRITEBYTECODE, set on some machines,
    # would have the site's own modules compiled again in every run, and in no plain build.
    environ = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {
        **environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SITE_VERSION": "benchmark",
        "SOURCE_DATE_EPOCH": "1632096000",
        **extra,
    }


CPU: dict[str, list[float]] = {}  # CPU seconds of each measure, to read the wall times on a busy machine


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], cwd: Path, label: str, **env: str) -> float:
    cpu, start = _cpu(), time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=_env(**env))
    took = time.perf_counter() - start
    CPU.setdefault(label, []).append(_cpu() - cpu)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return took


def _cpu_of(label: str) -> str:
    return f"{statistics.median(CPU[label]):.2f} s CPU"


def _copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("data", "docs", "macros", "overrides"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy2(ROOT / name, target / name)
    return target


# Run inside the site's copy: one build, keeping each page's Markdown as Python-Markdown receives
# it (the macros expanded, the front matter apart), in the folder argv[2] names.
_EXPANDED = r"""
import importlib, json, sys, tempfile
from pathlib import Path
if sys.argv[1] == "properdocs":
    import properdocs.replacement
pages = importlib.import_module(sys.argv[1] + ".structure.pages")
build = importlib.import_module(sys.argv[1] + ".commands.build").build
load_config = importlib.import_module(sys.argv[1] + ".config").load_config
render = pages.Page.render
def keep(page, config, files):
    out = Path(sys.argv[2]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("---\n" + json.dumps(page.meta, ensure_ascii=False) + "\n---\n" + page.markdown, encoding="utf-8")
    return render(page, config, files)
pages.Page.render = keep
build(load_config("mkdocs.yml", site_dir=tempfile.mkdtemp()))
"""


def _plain(strict: Path, target: Path, expanded: bool) -> Path:
    """The site's pages built by Material with nothing of ours: as the macros expand them (the
    same pages), or with their macro calls stripped (the pages without what the macros add)."""
    target.mkdir(parents=True)
    shutil.copytree(strict / "docs", target / "docs")
    if expanded:
        subprocess.run(
            [sys.executable, "-c", _EXPANDED, engine.package(), str(target / "docs")],
            cwd=strict,
            check=True,
            capture_output=True,
            env=_env(),
        )
    else:
        for page in (target / "docs").rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            page.write_text(re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", text, flags=re.S), encoding="utf-8")
    config, _, problems = read_config(strict / "mkdocs.yml")
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    config = dict(config)  # read_config's copy is shared
    for key in ("hooks", "extra_css", "extra_javascript", "watch", "strict", "site_url"):
        config.pop(key, None)
    config["theme"] = {k: v for k, v in config["theme"].items() if k not in ("custom_dir", "favicon")}
    config["extra"] = {k: v for k, v in (config.get("extra") or {}).items() if k != "polyfills"}
    keep = []
    for plugin in config.get("plugins") or []:
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name not in ("macros", "offline"):
            keep.append(plugin)
    config["plugins"] = keep
    config = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def main() -> int:
    python = sys.executable
    build = engine.command("build", "mkdocs.yml")  # the engine ENGINE names (macros/build/engine.py)
    with tempfile.TemporaryDirectory() as folder:
        project = _copy(Path(folder) / "project")
        plain = _plain(project, Path(folder) / "plain", expanded=True)
        stripped = _plain(project, Path(folder) / "stripped", expanded=False)
        checks = [_timed([python, "-m", "macros.cli.check"], project, "check") for _ in range(RUNS)]
        check = statistics.median(checks)
        walls, CPU["rebuild"], shares = _rebuilds(project, profile=True, SITE_PREVIEW="1")
        rebuild = statistics.median(walls)
        plain_walls, CPU["plain rebuild"], _ = _rebuilds(plain, profile=False)
        plain_rebuild = statistics.median(plain_walls)
        # A first build compiles every template and checks every page; later ones find what is kept
        # in .cache/ (render/compiled.py, build/session.py), which the check and the rebuilds above filled.
        shutil.rmtree(project / ".cache", ignore_errors=True)
        cold = _timed([*build, "--strict", "--site-dir", f"{folder}/s"], project, "cold")
        strict_times, plain_times, stripped_times = [], [], []
        for _ in range(RUNS):  # side by side, alternating, so all see the same load
            strict_times.append(_timed([*build, "--strict", "--site-dir", f"{folder}/s"], project, "strict"))
            plain_times.append(_timed([*build, "--strict", "--site-dir", f"{folder}/p"], plain, "plain"))
            # Not strict: the links to anchors the macros would make are dangling here.
            stripped_times.append(_timed([*build, "--site-dir", f"{folder}/t"], stripped, "stripped"))
        strict, plain_time = statistics.median(strict_times), statistics.median(plain_times)
        stripped_time = statistics.median(stripped_times)
        ratio = strict / plain_time
        editions = _timed([python, "-m", "macros.cli.build"], project, "editions")
        (archive,) = (project / "dist").glob("*.zip")
        size = archive.stat().st_size
    ok = check < CHECK_BUDGET_S and rebuild <= REBUILD_BUDGET_S
    load = os.getloadavg()[0]
    print(
        f"make check        median {check:.2f} s of {RUNS} runs ({_cpu_of('check')}; budget {CHECK_BUDGET_S:.0f} s): "
        f"{'within' if check < CHECK_BUDGET_S else 'OVER'} budget"
    )
    print(
        f"serve rebuild     median {rebuild:.2f} s of {RUNS} after a data edit ({_cpu_of('rebuild')}; "
        f"budget {REBUILD_BUDGET_S:.0f} s): {'within' if rebuild <= REBUILD_BUDGET_S else 'OVER'} budget"
        f"{'' if rebuild <= REBUILD_AIM_S else f'; aim {REBUILD_AIM_S} s: not reached'}; "
        f"plain Material's rebuild of the same pages: {plain_rebuild:.2f} s ({_cpu_of('plain rebuild')})"
    )
    cpu_ratio = statistics.median(CPU["strict"]) / statistics.median(CPU["plain"])
    print(
        f"strict build      {strict:.2f} s ({_cpu_of('strict')}) vs plain Material building the same pages "
        f"(their macros expanded) {plain_time:.2f} s ({_cpu_of('plain')}): {ratio:.2f}x ({cpu_ratio:.2f}x in CPU "
        f"time; aim {RATIO_AIM}x or less{'' if ratio <= RATIO_AIM else ': not reached'})"
    )
    print(
        f"                  vs plain Material building the pages without what the macros add {stripped_time:.2f} s "
        f"({_cpu_of('stripped')}): {strict / stripped_time:.2f}x; the first build, with nothing kept "
        f"in .cache/: {cold:.2f} s ({_cpu_of('cold')}), {cold / plain_time:.2f}x the same pages'"
    )
    print(
        f"make build        {editions:.2f} s ({_cpu_of('editions')}) for both editions; offline zip {size / 1e6:.2f} MB"
    )
    total = sum(shares.values())
    top = sorted(shares.items(), key=lambda item: -item[1])[:6]
    print(
        "  where a rebuild's time goes (own time, profiled): "
        + ", ".join(f"{name} {100 * t / total:.0f}%" for name, t in top)
    )
    if load > (os.cpu_count() or 1):
        print(f"(load average {load:.1f} on {os.cpu_count()} cores: wall times are inflated; CPU times are not)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
