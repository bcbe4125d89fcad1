"""The edition of this build: version and date in every page's footer, and,
on the online site, the offline archive offered for download.

The archive itself is built by `make archive` (macros/cli/build.py) into dist/;
an online build copies it to site/downloads/ so the Home page can link it.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
from pathlib import Path

from mkdocs.plugins import event_priority


def _edition_module(config):
    root = str(Path(config.config_file_path).resolve().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from macros.build import edition

    return edition


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def on_config(config):
    # Read by the footer (partials/copyright.html), the macros (offline_edition)
    # and hooks/i18n_search.py.
    edition = _edition_module(config).current(offline=_offline(config))
    if config.site_url and not edition.offline:  # the offline edition is the same wherever the site is
        edition = dataclasses.replace(edition, site_url=config.site_url)
    config.extra["edition"] = edition
    return config


@event_priority(-110)
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    edition = config.extra.get("edition")
    if edition and edition.archive:
        archive = edition.archive
        root = Path(config.config_file_path).resolve().parent
        target = Path(config.site_dir) / "downloads"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(_edition_module(config).dist_dir(root) / archive, target / archive)
