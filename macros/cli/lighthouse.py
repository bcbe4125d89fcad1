"""`python -m macros.cli.lighthouse [SITE_DIR]`: Lighthouse over every page of both languages.

The built site (default: site/) is served on 127.0.0.1 with gzip compression
and cache headers, as a web server would serve it, and npm's `lighthouse`
(pinned in package.json, installed by `make lighthouse` with `npm ci`) audits
each page in its mobile configuration with Debian's Chromium (CHROME_PATH,
default /usr/bin/chromium). Prints one row per page and the audits that cost
points; exits with 1 if a page is under the targets: 100 in accessibility,
best practices and SEO, 95 in performance. Reports go to
test-artifacts/lighthouse/.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from macros.build.edition import ROOT
from macros.cli.local_server import QuietHandler, serving
from macros.content.models import LANGUAGES
from macros.pages.sources import nav_slugs

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
LANGS = LANGUAGES
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


class GzipHandler(QuietHandler):
    """Static files, gzip-compressed when the client accepts it, cacheable for an hour."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        kind = self.guess_type(str(path))
        body = path.read_bytes()
        zipped = "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(COMPRESSIBLE)
        if zipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=3600")
        self.send_header("Vary", "Accept-Encoding")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return io.BytesIO(body)  # copied to the client by do_GET


def page_urls(base: str) -> list[tuple[str, str]]:
    urls = []
    for lang in LANGS:
        for slug in nav_slugs(ROOT / "mkdocs.yml"):
            path = ("" if lang == "en" else f"{lang}/") + ("" if slug == "index" else f"{slug}/")
            urls.append((f"{lang}/{slug}", base + path))
    return urls


def audit(url: str, report: Path) -> dict:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--form-factor=mobile",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def lost_points(data: dict) -> list[str]:
    """The audits of the categories below 100 that did not pass."""
    lost = []
    for name in CATEGORIES:
        category = data["categories"][name]
        if category["score"] == 1:
            continue
        for ref in category["auditRefs"]:
            result = data["audits"][ref["id"]]
            if ref["weight"] and result.get("score") is not None and result["score"] < 1:
                lost.append(f"{name}: {ref['id']} ({result['score']:.2f})")
    return lost


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "site"
    if not (site / "index.html").is_file():
        print(f"{site}/index.html not found: build the site first (make build).", file=sys.stderr)
        return 2
    folder = ROOT / "test-artifacts" / "lighthouse"
    folder.mkdir(parents=True, exist_ok=True)
    rows, failures, version = [], [], "?"
    with serving(site, GzipHandler) as base:
        for name, url in page_urls(base):
            data = audit(url, folder / (name.replace("/", "-") + ".json"))
            version = data.get("lighthouseVersion", version)
            scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
            rows.append((name, scores))
            below = [c for c in CATEGORIES if scores[c] < TARGETS[c]]
            if below:
                failures.append(f"{name}: " + "; ".join(lost_points(data)))
            print(f"  {name:<20} " + " ".join(f"{scores[c]:>5}" for c in CATEGORIES), flush=True)
    print(f"\nLighthouse {version}, mobile, gzip; targets: performance >= {TARGETS['performance']}, others 100\n")
    print("| page | performance | accessibility | best practices | SEO |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, scores in rows:
        print(f"| {name} | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")
    low = {c: min(s[c] for _, s in rows) for c in CATEGORIES}
    print("| lowest | " + " | ".join(str(low[c]) for c in CATEGORIES) + " |")
    if failures:
        print("\nBelow target:\n  " + "\n  ".join(failures))
        return 1
    print(f"\nAll {len(rows)} pages meet the targets.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
