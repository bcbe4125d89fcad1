"""The page `make serve` shows in place of the site while an edit is broken."""

from __future__ import annotations

from html.parser import HTMLParser

import yaml

from macros.build import preview

from conftest import ROOT


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.items: list[str] = []
        self.lang = None
        self._in_li = False

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        self._in_li = tag == "li"
        if self._in_li:
            self.items.append("")

    def handle_data(self, data):
        if self._in_li:
            self.items[-1] += data


def test_error_pages_in_each_language_list_the_problems_escaped(tmp_path):
    for path in ("index.html", "agenda/index.html", "es/index.html", "es/agenda/index.html", "404.html"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("<p>site</p>", encoding="utf-8")
    problems = [
        "data/figures.yml:29: figures[0].value: must be a number, not the text '<b>x</b>'",
        "docs/es/agenda.md:6: heading: contains HTML ('<script>')",
    ]
    assert preview.write_error_pages(tmp_path, problems, ["en", "es"], "en") == 5
    for path, lang in (("agenda/index.html", "en"), ("es/agenda/index.html", "es"), ("404.html", "en")):
        html = (tmp_path / path).read_text(encoding="utf-8")
        parser = _Text()
        parser.feed(html)
        assert parser.lang == lang
        assert [item.strip() for item in parser.items] == problems
        assert "<script>" not in html and "</body>" in html  # MkDocs' live reload attaches before </body>
        # The count in the page's language, as strings.yml words it ("2 problems" / "2 problemas").
        count = yaml.safe_load((ROOT / "macros" / "render" / "strings.yml").read_text(encoding="utf-8"))
        assert count["problems_count"][lang]["other"].format(count=2) in html
