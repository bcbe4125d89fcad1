"""The fixture meetings keep the software's settings of the project's mkdocs.yml: the same hooks,
plugins (the languages of the i18n plugin aside), Markdown extensions, scripts and stylesheets.
A change to these must reach the fixtures too, or the tests would build a site the project no
longer publishes. What a secretariat edits (names, navigation, theme texts) is not compared."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT

FIXTURES = sorted(p.parent for p in (ROOT / "tests" / "fixtures").glob("*/mkdocs.yml"))
SOFTWARE = ("hooks", "plugins", "markdown_extensions", "extra_css", "extra_javascript", "strict", "validation")


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: ("!ENV", loader.construct_sequence(node)))


def settings(config: dict) -> dict:
    """The software's settings of a mkdocs.yml, without the languages' texts of the i18n plugin."""
    out = {key: config.get(key) for key in SOFTWARE}
    plugins = []
    for plugin in out["plugins"] or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin = {"i18n": {k: v for k, v in plugin["i18n"].items() if k != "languages"}}
        plugins.append(plugin)
    out["plugins"] = plugins
    out["theme"] = {k: config["theme"].get(k) for k in ("name", "custom_dir", "features")}
    return out


def load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def test_there_are_fixture_meetings():
    assert len(FIXTURES) >= 2


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_a_fixture_has_the_projects_settings(fixture):
    assert settings(load(fixture / "mkdocs.yml")) == settings(load(ROOT / "mkdocs.yml")), (
        f"{fixture.relative_to(ROOT)}/mkdocs.yml: bring its hooks, plugins, extensions, scripts and "
        "stylesheets in line with the project's mkdocs.yml"
    )
