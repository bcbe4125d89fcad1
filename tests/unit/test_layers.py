"""The package's layers: every module sits in one, and imports only its own layer or those below.

From the bottom up: content (the data), pages (Markdown pages and mkdocs.yml),
render (HTML), outputs (files besides the pages), build (one build of the site)
and cli (the commands). `macros/__init__.py`, the mkdocs-macros entry point,
sits on top with cli. The imports are read from each module's syntax tree, so
an import inside a function counts as much as one at the top; an import under
`if TYPE_CHECKING:` is an annotation only and is not run, so it does not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "macros"
LAYERS = ("content", "pages", "render", "outputs", "build", "cli")


def layer_of(path: Path) -> int:
    parts = path.relative_to(PACKAGE).parts
    return len(LAYERS) if len(parts) == 1 else LAYERS.index(parts[0])


def _type_checking_only(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imported_layers(path: Path) -> list[tuple[int, str]]:
    """(line, layer name) of every import of the package's layers in the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _type_checking_only(node)
        for n in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: a relative import; write macros.<layer>.<module>"
            names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "macros" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_is_in_a_layer():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == [], "modules outside the layer packages"
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_down_the_layers(path):
    own = layer_of(path)
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports macros.{name}"
        for line, name in imported_layers(path)
        if name not in LAYERS or LAYERS.index(name) > own
    ]
    assert wrong == []


def test_the_check_sees_an_upward_import(tmp_path):
    """The rule can fail: an import of the render layer inside a function of the content layer is found."""
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from macros.render import formatting\n", encoding="utf-8")
    assert imported_layers(module) == [(2, "render")]
    assert LAYERS.index("render") > LAYERS.index("content")
