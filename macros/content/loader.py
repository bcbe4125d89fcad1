"""Read a YAML data file and remember the line of every field.

PyYAML's own loader forgets where a value came from and silently keeps the
last of two equal keys. Here the file is composed into nodes (with libyaml's
fast parser when it is installed; it keeps the same marks) and built by hand,
so that every problem found later can point at the exact line, and a repeated
key is reported instead of ignored.

For every single value the loader also keeps what was typed and how YAML read
it (``Document.scalars``), so that a message can explain a YAML trap: `yes`
read as true, `2021-09-20` read as a date, or ` #1` at the end of an unquoted
text read as a comment.

Files are UTF-8, with or without a byte-order mark; any other encoding is
reported with the line of the first byte that cannot be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as FsPath

import yaml

from macros.content.problems import Path, Problem

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader without YAML 1.1's base-60 numbers: 10:05 stays "10:05"."""


class PureLoader(yaml.SafeLoader):
    """The same resolvers on the pure-Python parser, whose marks give character offsets."""


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Rebuild the int and float resolvers without their sexagesimal branches.
_Loader.add_implicit_resolver(
    _INT,
    re.compile(
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+)$""",
        re.X,
    ),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
        |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)
PureLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


# What YAML 1.1 makes of an unquoted value, in words.
_READ_AS = {
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "nothing (an empty value)",
}


@dataclass(frozen=True)
class Scalar:
    """A single value as typed: its text, YAML's tag for it, its quoting and a comment that ended it."""

    raw: str
    tag: str
    quoted: bool
    comment: str | None = None  # ' #1' when an unquoted text was cut there

    def read_as(self) -> str | None:
        """'true or false' when YAML took the unquoted text `yes` for a boolean, etc."""
        return None if self.quoted else _READ_AS.get(self.tag)


@dataclass
class Document:
    """A data file's content and the line of each of its fields."""

    file: str
    data: object = None
    lines: dict[Path, int] = field(default_factory=dict)
    scalars: dict[Path, Scalar] = field(default_factory=dict)

    def line(self, path: Path) -> int | None:
        """The line of a field, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, path: Path, message: str) -> Problem:
        from macros.content.problems import format_path

        return Problem(self.file, self.line(path), format_path(path), message)


_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def read_text(path: FsPath, display: str) -> tuple[str | None, list[Problem]]:
    """A text file as UTF-8, with or without a byte-order mark; or a problem naming the file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(display, None, "", "the file is missing")]
    except IsADirectoryError:
        return None, [Problem(display, None, "", "this is a folder, not a file")]
    except OSError as exc:
        return None, [Problem(display, None, "", f"the file cannot be read ({exc.strerror})")]
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            return None, [
                Problem(
                    display,
                    1,
                    "",
                    f"the file is saved as {encoding}; save it as UTF-8 (in the editor's Save As or encoding menu)",
                )
            ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        return None, [
            Problem(
                display,
                line,
                "",
                f"the file is not saved as UTF-8 (byte 0x{byte} on this line cannot be "
                "read); save it as UTF-8 (in the editor's Save As or encoding menu)",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def load(path: FsPath, display: str | None = None) -> tuple[Document, list[Problem]]:
    """Parse one YAML file; return the document and any problems found."""
    name = display or str(path)
    doc = Document(name)
    text, problems = read_text(path, name)
    if text is None:
        return doc, problems
    return parse(text, name, doc)


_CONTROL = re.compile(r"[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def control_characters(text: str, name: str, first_line: int = 1) -> list[Problem]:
    """A character YAML refuses outright (pasted from another program), at its line; for any YAML text."""
    control = _CONTROL.search(text)
    if not control:
        return []
    line = text.count("\n", 0, control.start()) + first_line
    return [
        Problem(
            name,
            line,
            "",
            f"this line contains an invisible control character (U+{ord(control.group()):04X}), "
            "which YAML does not accept; delete it (retype the text around it if you cannot "
            "see it)",
        )
    ]


def parse(text: str, name: str, doc: Document | None = None) -> tuple[Document, list[Problem]]:
    """Parse YAML text already read; `name` is the file shown in messages."""
    doc = doc or Document(name)
    control = control_characters(text, name)
    if control:
        return doc, control
    tab = re.search(r"^ *\t", text, re.M)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        return doc, [Problem(name, line, "", "this line is indented with a tab; indent with spaces only")]
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        exc = _pure_error(text) or exc  # the pure-Python parser words syntax errors more helpfully
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "the YAML cannot be read"
        hint = ""
        special = _quote_hint(text.split("\n"), mark.line if mark else None)
        if special:
            line, message = special
            return doc, [Problem(name, line, "", f"YAML syntax error: {message}")]
        if "mapping values are not allowed" in what or "expected <block end>" in what:
            hint = " (check the indentation of this line and the one above, and quote text that contains ': ')"
        elif "found character '\\t'" in what:
            hint = " (indent with spaces, not tabs)"
        return doc, [Problem.at_mark(name, mark, "", f"YAML syntax error: {what}{hint}")]
    except yaml.YAMLError as exc:  # any other reading error: still one line, never a traceback
        return doc, [Problem(name, None, "", f"the YAML cannot be read: {exc}")]
    if node is None:
        return doc, [Problem(name, 1, "", "the file is empty")]
    problems: list[Problem] = []
    doc.data = _build(node, (), doc, problems, loader, set(), text.split("\n"))
    return doc, problems


_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[A-Za-z0-9_-]+:\s+)?(?P<value>\S.*?)\s*$")
_MARKUP_START = "*&!@`%"


def _quote_hint(lines: list[str], error_line: int | None) -> tuple[int, str] | None:
    """A clearer message for the commonest syntax error in texts: quoting.

    A text that starts with a character YAML gives a meaning to (* & ! @ ` %), or
    that opens a quote it does not close, or quotes only its first words."""
    if error_line is None:
        return None
    # A quote opened and never closed: the parser only notices at the end of the file.
    for number, line in enumerate(lines[: error_line + 1]):
        match = _VALUE.match(line)
        value = match.group("value") if match else ""
        if value[:1] in "\"'" and len(value) > 1 and not line.lstrip().startswith("#"):
            quote = value[0]
            body = (
                value[1:].replace("\\\\", "").replace("\\" + quote, "") if quote == '"' else value[1:].replace("''", "")
            )
            if quote not in body:
                return number + 1, (
                    f"the text starting {value[:20]!r} opens a {quote} that no {quote} closes; end the "
                    f"text with {quote}"
                )
    line = lines[error_line] if error_line < len(lines) else ""
    match = _VALUE.match(line)
    value = match.group("value") if match else ""
    if not value or line.lstrip().startswith("#"):
        return None
    if value[0] in _MARKUP_START:
        return error_line + 1, (
            f"a text cannot start with {value[0]} unless it is in quotes; put the whole text in "
            f'double quotes: "{_escaped(value)}"'
        )
    if value[0] in "\"'":
        quote = value[0]
        end = value.find(quote, 1)
        if 0 < end < len(value) - 1 and value[end + 1 :].strip()[:1] not in ("", "#"):
            return error_line + 1, (
                f"only the start of this text is in quotes; put the whole text in double quotes, "
                f'with \\" for each quote inside: "{_escaped(value)}"'
            )
    if re.match(r"^\[[^\]]*\]\(", value):  # a Markdown link at the start: [words](address) ...
        return error_line + 1, (
            f"a text cannot start with {value[0]} unless it is in quotes; put the whole text in "
            f'double quotes: "{_escaped(value)}"'
        )
    keyed = re.match(r"^\s*(?:-\s+)?(?P<key>[A-Za-z0-9_-]+):\s+(?P<value>[^\"'\[{].*?)\s*$", line)
    if keyed and ": " in keyed.group("value"):  # `en: Opening: words`, read as a field inside a text
        return error_line + 1, (
            f"this text contains ': ' (a colon and a space), which YAML reads as the start of a new field; "
            f'put the whole text in double quotes: {keyed.group("key")}: "{_escaped(keyed.group("value"))}"'
        )
    return None


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _pure_error(text: str) -> yaml.MarkedYAMLError | None:
    loader = PureLoader(text)
    try:
        loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return exc
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _build(
    node: yaml.Node,
    path: Path,
    doc: Document,
    problems: list[Problem],
    loader: _Loader,
    active: set[int],
    lines: list[str],
):
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if id(node) in active:
        # An alias inside the very value it names (&a [*a]) would never end.
        problems.append(
            Problem(
                doc.file,
                node.start_mark.line + 1,
                _fmt(path),
                "an alias (*name) refers to the value it is part of; copy the value instead",
            )
        )
        return None
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        active = active | {id(node)}
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(
                        doc.file, line, _fmt(path), "a field name must be a plain word, not a list or a group of fields"
                    )
                )
                continue
            key = key_node.value  # as written: `1:` and `yes:` are the names "1" and "yes"
            if key in out:
                first = doc.lines[path + (key,)]
                problems.append(
                    Problem(
                        doc.file,
                        line,
                        _fmt(path + (key,)),
                        f"appears twice in the same place (first on line {first}); keep one",
                    )
                )
                continue
            doc.lines[path + (key,)] = line
            out[key] = _build(value_node, path + (key,), doc, problems, loader, active, lines)
            doc.lines[path + (key,)] = line
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            doc.lines[path + (index,)] = item.start_mark.line + 1
            items.append(_build(item, path + (index,), doc, problems, loader, active, lines))
        return items
    quoted = node.style not in (None, "")
    comment = None
    if not quoted and node.end_mark.line < len(lines):
        # An unquoted value ends where a ' #' starts a comment: keep what was cut off.
        rest = lines[node.end_mark.line][node.end_mark.column :]
        if re.match(r"[ \t]+#", rest):
            comment = rest.rstrip()
    doc.scalars[path] = Scalar(node.value, node.tag, quoted, comment)
    return _scalar(node, path, doc, problems, loader)


def _scalar(node: yaml.ScalarNode, path: Path, doc: Document, problems: list[Problem], loader: _Loader):
    """A single value; a tag or a value YAML cannot build is a problem, not a crash."""
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        message = f"the tag {node.tag} is not allowed here; write a plain value"
    except ValueError as exc:
        # Such as a date that does not exist: 2021-09-31.
        message = f"{node.value!r} cannot be read: {exc}"
    problems.append(Problem(doc.file, node.start_mark.line + 1, _fmt(path), message))
    return None


def _fmt(path: Path) -> str:
    from macros.content.problems import format_path

    return format_path(path)
