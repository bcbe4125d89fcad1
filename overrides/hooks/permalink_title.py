"""The title of each heading's permalink (the ¶ link) in the page's language.

Python-Markdown's toc extension takes one `permalink_title` for the whole site,
and mkdocs-static-i18n does not let a language override `markdown_extensions`.
Each language's title is therefore kept with that language's other interface
words in mkdocs.yml (`extra: permalink_title`, overridden under the Spanish
language of the i18n plugin); this hook gives it to the toc extension when each
language's build is configured, before any page is rendered.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority


@event_priority(-110)  # after mkdocs-static-i18n (-100) has applied the language's `extra`
def on_config(config):
    title = config.extra.get("permalink_title")
    toc = config.mdx_configs.get("toc")
    if title and toc is not None and toc.get("permalink"):
        toc["permalink_title"] = str(title)
    return config
