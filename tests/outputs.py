"""Checks of a built site that hold for any meeting, shared by the tests that build one: every
internal link and anchor resolves, and no page loads anything from another host. Each returns
one line per problem (empty when none)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        cache[path] = {tag["id"] for tag in soup_of(path).select("[id]")}
    return cache[path]


def resolve(site: Path, page: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path)
    target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    return target / "index.html" if target.is_dir() else target


def broken_links(site: Path) -> list[str]:
    """Each link or asset of a page that leads to no file, or to no such anchor."""
    cache: dict = {}
    broken = []
    for page in _all_pages(site):
        if page.name == "404.html":
            continue  # served from any path, so its links are absolute
        soup = soup_of(page)
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for node in soup.find_all(tag, attrs={attr: True}):
                url = node[attr]
                parts = urlsplit(url)
                if parts.scheme or url.startswith("//"):
                    continue
                target = resolve(site, page, url) if parts.path else page
                if not target.exists():
                    broken.append(f"{page.relative_to(site)}: {url} (no such file)")
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target, cache):
                    broken.append(f"{page.relative_to(site)}: {url} (no such anchor)")
    return broken


def foreign_loads(site: Path) -> list[str]:
    """Each script, style, image or frame a page would load from another host."""
    loads = []
    for page in _all_pages(site):
        soup = soup_of(page)
        for node in soup.select("script[src], link[href], img[src], iframe[src], source[src], video[src], audio[src]"):
            url = node.get("src") or node.get("href")
            if node.name == "link" and not set(node.get("rel", [])) & {
                "stylesheet",
                "preload",
                "icon",
                "modulepreload",
                "manifest",
                "prefetch",
                "preconnect",
                "dns-prefetch",
            }:
                continue
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                loads.append(f"{page.relative_to(site)}: <{node.name}> {url}")
        for style in soup.find_all("style"):
            loads += [
                f"{page.relative_to(site)}: <style> {u}"
                for u in re.findall(r"url\((['\"]?)(https?:)?//[^)]+\)", style.text)
            ]
    for css in site.rglob("*.css"):
        for match in re.finditer(
            r"@import\s+url\(['\"]?(https?:)?//|url\((['\"]?)(https?:)?//", css.read_text(encoding="utf-8")
        ):
            loads.append(f"{css.relative_to(site)}: {match.group(0)}")
    return loads
