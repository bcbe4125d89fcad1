"""The theme's files listed and its templates compiled once, not once per
language and build (the work and the reasons: macros/build/theme_cache.py).

MkDocs lists the theme's files with the environment `config.theme.get_env()`
returns, before any later event could reach it: that method is wrapped here.
"""

from __future__ import annotations

import sys
from pathlib import Path


def on_config(config):
    project = Path(config.config_file_path).resolve().parent
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    from macros.build.theme_cache import fast

    theme = config.theme
    make = theme.get_env
    if getattr(make, "__wrapped__", None) is None:  # once, though every language runs this

        def get_env():
            return fast(make(), project)

        get_env.__wrapped__ = make
        theme.get_env = get_env
    return config
