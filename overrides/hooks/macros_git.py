"""The macros plugin's `git` variable, left empty.

mkdocs-macros runs a dozen `git` commands in every language of every build to
offer pages a `git` variable (the last commit's hash, author, date, message).
Pages here call only the site's own macros and read no variable (`make check`
refuses anything else), so those commands were wasted: about a tenth of a
build's time. The page dates come from git elsewhere (hooks/last_updated.py).
"""

from __future__ import annotations


def on_startup(command, dirty) -> None:
    from mkdocs_macros import context

    context.get_git_info = lambda: {"status": False, "date": None}
