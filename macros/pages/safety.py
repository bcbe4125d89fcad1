"""What a page and the texts of mkdocs.yml may hold, checked with the parsers that read them.

- ``markup_in(text)``: the first HTML tag, comment or declaration in a text that
  must be plain (a title, a description, a setting of mkdocs.yml), as an HTML
  tokenizer finds it: ``<`` followed by a letter, ``/``, ``!`` or ``?``. Any
  other ``<`` (``x < y``) is text, escaped where it is shown.
- ``jinja_problems(page, …)``: a page's ``{{ … }}`` may only call one of the
  site's macros with fixed values (text, numbers, true/false/none); anything
  else (a filter such as ``safe``, ``~``, ``config``, an attribute, a
  ``{% … %}`` statement) is refused. Read on Jinja's own parse tree, with the
  settings of the macros plugin.
- ``MarkdownScan``: the page's Markdown read by the site's Python-Markdown,
  with its macro calls left out. Raw HTML (inline or as a block, ``md_in_html``
  included) is refused outright: a page holds Markdown and macros only.
  Attribute lists (``{ #id .class }``) may set ids, classes and the few
  harmless attributes of ALLOWED_ATTRIBUTES.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
from jinja2 import Environment, TemplateSyntaxError, nodes
from markdown.extensions.attr_list import get_attrs_and_remainder

from macros.content.problems import Problem

# Attributes an attribute list may set besides ids (#id) and classes (.class).
ALLOWED_ATTRIBUTES = ("title", "lang", "dir")
ALLOWED_FRONT_MATTER = ("title", "description")
WHAT_A_PAGE_MAY_HOLD = (
    "a page holds Markdown and the site's macros, called with fixed values, such as "
    '{{ agenda() }} or {{ figure("title-42-expulsions") }}'
)


class _FirstMarkup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: str | None = None

    def _note(self, what: str) -> None:
        if self.found is None:
            self.found = what

    def handle_starttag(self, tag, attrs):
        self._note(self.get_starttag_text() or f"<{tag}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._note(f"</{tag}>")

    def handle_comment(self, data):
        self._note("<!--")

    def handle_decl(self, decl):
        self._note(f"<!{decl}>")

    def unknown_decl(self, data):
        self._note(f"<![{data}]>")

    def handle_pi(self, data):
        self._note(f"<?{data}>")


def markup_in(text: str) -> str | None:
    """The first HTML tag, comment or declaration in a text, if any (as written, cut short)."""
    if "<" not in text:
        return None
    parser = _FirstMarkup()
    parser.feed(text)
    parser.close()
    found = parser.found
    if found is None:
        # An unfinished tag at the end ("… <b"), which a tokenizer keeps waiting on.
        match = re.search(r"<[A-Za-z/!?]", text)
        found = text[match.start() :] if match else None
    return found if found is None or len(found) <= 60 else found[:57] + "…"


# --- Jinja ------------------------------------------------------------------------------------

_J2_SETTINGS = {
    "j2_block_start_string": "block_start_string",
    "j2_block_end_string": "block_end_string",
    "j2_variable_start_string": "variable_start_string",
    "j2_variable_end_string": "variable_end_string",
    "j2_comment_start_string": "comment_start_string",
    "j2_comment_end_string": "comment_end_string",
}


def macros_environment(config: dict) -> Environment:
    """A Jinja environment with the delimiters mkdocs-macros uses for the pages (mkdocs.yml's
    j2_* settings of the macros plugin, else Jinja's own)."""
    settings: dict = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("macros"), dict):
            settings = {
                _J2_SETTINGS[key]: value
                for key, value in plugin["macros"].items()
                if key in _J2_SETTINGS and isinstance(value, str) and value
            }
    return Environment(**settings)


def _describe(node: nodes.Node) -> str:
    if isinstance(node, nodes.Filter):
        return f"the filter | {node.name}"
    if isinstance(node, nodes.Concat):
        return "joining texts with ~"
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        return "reading a part of a value (. or [ ])"
    if isinstance(node, nodes.Name):
        return f"the name {node.name}"
    if isinstance(node, nodes.Call):
        return "a call of something that is not one of the site's macros"
    if isinstance(node, (nodes.BinExpr, nodes.UnaryExpr, nodes.Compare, nodes.CondExpr)):
        return "an expression"
    return f"a {type(node).__name__.lower()} expression"


def _literal(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Const):
        return node.value is None or isinstance(node.value, (str, int, float, bool))
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return all(_literal(item) for item in node.items)
    if isinstance(node, nodes.Neg):
        return _literal(node.node)
    return False


def _call_problem(node: nodes.Node, macros: set[str]) -> str | None:
    """What is wrong with one {{ … }} of a page, or None when it calls a macro with literals
    (or a name that is not a macro: the macros' own check names it and suggests one)."""
    if not isinstance(node, nodes.Call) or not isinstance(node.node, nodes.Name):
        return _describe(node)
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        return "passing arguments with * or **"
    for argument in [*node.args, *(kw.value for kw in node.kwargs)]:
        if not _literal(argument):
            return f"{_describe(argument)} as an argument of {node.node.name}()"
    return None


def jinja_problems(body: str, file: str, body_line: int, env: Environment, macros: set[str]) -> list[Problem]:
    """Every {{ … }} or {% … %} of a page that is not a call of a macro with fixed values."""
    try:
        tree = env.parse(body)
    except TemplateSyntaxError:
        return []  # reported, with its line, by the macros' own check
    problems = []
    for node in tree.body:
        line = body_line + node.lineno - 1
        if not isinstance(node, nodes.Output):
            problems.append(
                Problem(
                    file,
                    line,
                    "macro",
                    f"a {{% … %}} statement ({type(node).__name__.lower()}) is not allowed; {WHAT_A_PAGE_MAY_HOLD}",
                )
            )
            continue
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            what = _call_problem(child, macros)
            if what is not None:
                problems.append(
                    Problem(
                        file,
                        body_line + child.lineno - 1,
                        "macro",
                        f"{what} is not allowed in {{{{ … }}}}; {WHAT_A_PAGE_MAY_HOLD}",
                    )
                )
    return problems


# --- Markdown ---------------------------------------------------------------------------------


@dataclass
class Scan:
    raw: list[str] = field(default_factory=list)  # raw HTML as written
    attributes: list[str] = field(default_factory=list)  # the text of each attribute list used


class MarkdownScan:
    """The site's Python-Markdown, with the raw HTML it passes through and the attribute lists it
    applies recorded (its own processors, observed; nothing is re-parsed by hand)."""

    def __init__(self, extensions: list[str], settings: dict[str, dict]):
        self.md = markdown.Markdown(extensions=extensions, extension_configs=settings)
        self.scan = Scan()
        inline = self.md.inlinePatterns["html"] if "html" in self.md.inlinePatterns else None
        if inline is not None:
            handle = inline.handleMatch

            def handle_match(m, data):
                self.scan.raw.append(m.group(1))
                return handle(m, data)

            inline.handleMatch = handle_match
        block = self.md.preprocessors["html_block"] if "html_block" in self.md.preprocessors else None
        if block is not None:
            run = block.run

            def run_block(lines):
                stash = self.md.htmlStash
                before = len(stash.rawHtmlBlocks)
                out = run(lines)
                for item in stash.rawHtmlBlocks[before:]:
                    self.scan.raw.append(item if isinstance(item, str) else f"<{item.tag}>")
                if getattr(stash, "tag_data", None):  # md_in_html's <tag markdown> blocks
                    self.scan.raw += [f"<{data['tag']}>" for data in stash.tag_data]
                return out

            block.run = run_block
        attr_list = self.md.treeprocessors["attr_list"] if "attr_list" in self.md.treeprocessors else None
        if attr_list is not None:
            assign = attr_list.assign_attrs

            def assign_attrs(elem, attrs_string, *, strict=False):
                self.scan.attributes.append(attrs_string)
                return assign(elem, attrs_string, strict=strict)

            attr_list.assign_attrs = assign_attrs

    def run(self, text: str) -> Scan:
        self.md.reset()
        self.scan = Scan()
        self.md.convert(text)
        return self.scan


def _line(body: str, body_line: int, needle: str) -> int | None:
    index = body.find(needle)
    return None if index < 0 else body_line + body.count("\n", 0, index)


def markdown_problems(body: str, file: str, body_line: int, scanner: MarkdownScan) -> list[Problem]:
    """Raw HTML and attribute lists of a page (its macro calls already left out of `body`)."""
    scan = scanner.run(body)
    problems = []
    lines: set[int | None] = set()
    for raw in scan.raw:
        shown = raw.strip().split("\n", 1)[0]
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        tag = re.match(r"<[!?/]?[^\s>/]*", raw.strip())
        line = _line(body, body_line, raw.strip().split("\n", 1)[0]) or _line(
            body, body_line, tag.group(0) if tag else raw
        )
        if line in lines:
            continue  # one problem per line: the first piece of HTML on it
        lines.add(line)
        problems.append(
            Problem(
                file,
                line,
                "html",
                f"{shown!r} is HTML, which a page may not hold (it could run code in the reader's browser); "
                "write it in Markdown: **bold**, *italics*, [words](page.md), or use a macro",
            )
        )
    for text in scan.attributes:
        attrs, _ = get_attrs_and_remainder(text)
        for name, _value in attrs:
            if name in ("id", ".") or name in ALLOWED_ATTRIBUTES:
                continue
            problems.append(
                Problem(
                    file,
                    _line(body, body_line, text),
                    "attribute",
                    f"{{ {text.strip()} }} sets '{name}', which a page may not set; an attribute list may give "
                    f"an #id, .classes and {', '.join(ALLOWED_ATTRIBUTES)} only",
                )
            )
    return problems


def front_matter_problems(meta: dict, front: list[str], file: str) -> list[Problem]:
    """Fields of the front matter other than title and description (the theme reads some, such
    as `template`, and the macros would see them all)."""
    problems = []
    missing = [key for key in ALLOWED_FRONT_MATTER if key not in meta]
    for key in meta:
        if str(key) in ALLOWED_FRONT_MATTER or difflib.get_close_matches(str(key), missing, n=1):
            continue  # a misspelt title or description: named by the page's own check
        line = 1 + next((i + 1 for i, text in enumerate(front) if text.startswith(f"{key}:")), 1)
        problems.append(
            Problem(
                file,
                line,
                str(key),
                f"is not a field of the front matter, which holds {' and '.join(ALLOWED_FRONT_MATTER)} only",
            )
        )
    return problems


def without_macros(body: str) -> str:
    """The page with its macro calls blanked out, lines kept (once jinja_problems found them to be calls)."""
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}", lambda m: "\n" * m.group(0).count("\n"), body, flags=re.S)


def page_problems(
    page, scanner: MarkdownScan, env: Environment, macros: set[str]
) -> tuple[list[Problem], list[Problem]]:
    """What a page may not hold, found before its macros run, by `make check` and the build alike:
    raw HTML or attribute lists other than ids, classes and harmless attributes, read by the site's
    own Markdown; and any `{{ … }}` but a call of a macro with fixed values. (markup, free Jinja)"""
    body, file, line = page.body, page.file, page.body_line
    return markdown_problems(without_macros(body), file, line, scanner), jinja_problems(body, file, line, env, macros)
