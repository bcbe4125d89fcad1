"""Unit tests of the modules the macros are made of: formatting, charts,
rendering safety, JSON Schemas. No site build needed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from macros.content import models as m
from macros.render import charts
from macros.render import formatting as fmt
from macros.render.renderer import Renderer

from conftest import NOTE


def norm(text: str) -> str:
    return text.replace("\u2009", " ").replace("\u00a0", " ")


def figure(**fields) -> m.Figure:
    base = dict(
        id="f",
        group="g",
        value=1.0,
        unit="count",
        label={"en": "L", "es": "L"},
        period={"start": "2021-01", "end": "2021-07"},
        geography={"en": "G", "es": "G"},
        source="s",
    )
    base.update(fields)
    return m.Figure.model_validate(base)


# --- formatting ------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, value, expected",
    [
        ("en", 845000, "845,000"),
        ("es", 845000, "845,000"),
        ("en", 90.53, "90.53"),
        ("es", 90.53, "90.53"),
        ("en", 2261, "2,261"),
        ("es", 400, "400"),
    ],
)
def test_numbers_follow_cldr(lang, value, expected):
    assert fmt.number(value, lang) == expected


@pytest.mark.parametrize(
    "unit, value, en, es",
    [
        ("percent", 28, "28%", "28%"),
        ("percent", 90.53, "90.53%", "90.53%"),
        ("week", 4, "4 weeks", "4 semanas"),
        ("month", 1, "1 month", "1 mes"),
        ("count", 24024, "24,024", "24,024"),
    ],
)
def test_measures_carry_their_unit(unit, value, en, es):
    f = figure(unit=unit, value=value)
    assert fmt.measure(f, "en") == en
    assert fmt.measure(f, "es") == es


def test_month_ranges_and_single_months():
    # House style (STYLE.md): a closed-up en dash between single words; spaced between multi-word ends.
    assert fmt.month_range("2021-01", "2021-07", "en") == "January–July 2021"
    assert fmt.month_range("2021-01", "2021-07", "es") == "enero–julio de 2021"
    assert fmt.month_range("2020-11", "2020-11", "es") == "noviembre de 2020"
    assert norm(fmt.month_range("2020-12", "2021-02", "en")) == "December 2020 – February 2021"


def test_dates_and_times_of_the_meeting():
    date = dt.date(2021, 9, 20)
    assert fmt.long_date(date, "en") == "Monday, September 20, 2021"
    assert fmt.long_date(date, "es") == "lunes 20 de septiembre de 2021"  # no comma after the weekday
    assert fmt.time_range("10:00", "13:30", "en") == "10:00–13:30"
    assert fmt.time_range("10:00", "13:30", "es") == "10:00–13:30"
    assert fmt.time_range("09:45", "10:00", "es") == "09:45–10:00"
    assert fmt.time_range("09:45", "10:00", "en") == "09:45–10:00"
    start = dt.datetime(2021, 9, 20, 10, 0, tzinfo=ZoneInfo("America/Mexico_City"))
    assert fmt.utc_clock(start, "es") == "15:00"  # Mexico City was on daylight saving time in September 2021: UTC−05:00


# Durations in words, never as a decimal of an hour: whole hours and halves spelled out,
# anything else in CLDR's units and list pattern (expectations written from CLDR's words).
@pytest.mark.parametrize(
    ("minutes", "en", "es"),
    [
        (30, "half an hour", "media hora"),
        (60, "one hour", "una hora"),
        (90, "an hour and a half", "una hora y media"),
        (180, "three hours", "tres horas"),
        (210, "three and a half hours", "tres horas y media"),
        (215, "3 hours and 35 minutes", "3 horas y 35 minutos"),
        (45, "45 minutes", "45 minutos"),
    ],
)
def test_durations_in_words(minutes, en, es):
    assert fmt.duration(minutes, "en") == en
    assert fmt.duration(minutes, "es") == es


# --- charts --------------------------------------------------------------------------


def test_bars_are_proportional_and_labelled_in_the_language(dataset):
    chart = dataset.charts["mexico-refugee-requests-by-nationality"]
    layout = charts.layout(chart, dataset.figures, "es")
    bars = [row.bars[0] for row in layout.rows]
    assert [row.label for row in layout.rows] == ["Honduras", "Haití", "Cuba"]
    assert bars[0].width == pytest.approx(charts.WIDTH - charts.VALUE_WIDTH)
    assert bars[1].width / bars[0].width == pytest.approx(13255 / 26557, rel=1e-3)
    assert [b.value for b in bars] == ["26,557", "13,255", "6,446"]
    assert layout.period == "enero–julio de 2021"
    assert "Haití: 13,255" in layout.alt


def test_percentages_are_drawn_on_a_scale_of_100(dataset):
    layout = charts.layout(dataset.charts["us-detentions-by-nationality"], dataset.figures, "en")
    span = charts.WIDTH - charts.VALUE_WIDTH
    assert [row.bars[0].width for row in layout.rows] == [pytest.approx(span * v / 100) for v in (28, 21, 17)]


def test_grouped_chart_has_one_bar_per_series(dataset):
    layout = charts.layout(dataset.charts["haitians-cubans-panama-and-us-border"], dataset.figures, "en")
    assert len(layout.series) == 2
    assert all(len(row.bars) == 2 for row in layout.rows)
    heights = {row.label: [b.value for b in row.bars] for row in layout.rows}
    assert heights == {"Haiti": ["13,877", "21,118"], "Cuba": ["6,059", "24,024"]}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_chart_svg_is_well_formed_with_text_alternative_and_table(dataset, lang):
    html = Renderer(dataset, lang, lambda slug, anchor=None: f"/{slug}#{anchor}").chart("us-detentions-by-nationality")
    soup = BeautifulSoup(html, "lxml")
    svg = soup.select_one("svg")
    assert svg["role"] == "img" and svg.select_one("title").get_text()
    ET.fromstring(str(html)[str(html).index("<svg") : str(html).index("</svg>") + 6])  # valid XML
    assert len(svg.select("rect.chart-bar")) == 3
    cells = [td.get_text() for td in soup.select("table.chart-table td")]
    assert cells == ["28%", "21%", "17%"]
    assert "script" not in str(html)


# --- safety ----------------------------------------------------------------------


def test_text_from_yaml_is_escaped(dataset):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    slot = dataset.slots[0].model_copy(update={"title": m.Text.model_construct(en=hostile, es=hostile)})
    data = dataset.__class__(**{**dataset.__dict__, "slots": [slot, *dataset.slots[1:]]})
    html = str(Renderer(data, "en", lambda slug, anchor=None: "#").agenda())
    soup = BeautifulSoup(html, "lxml")
    assert soup.find("script") is None and soup.find("img") is None
    assert hostile in soup.get_text()


# --- editor support --------------------------------------------------------------


def test_json_schemas_are_up_to_date():
    from macros.content.schema import schema_path, schema_text

    stale = [name for name in m.FILES if schema_path(name).read_text(encoding="utf-8") != schema_text(name)]
    assert not stale, f"run `make schemas`: {stale}"


def test_every_data_file_names_its_schema():
    for name in m.FILES:
        first = (NOTE / "data" / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{name.replace('.yml', '.schema.json')}"


def _as_json(name: str):
    import json

    from macros.content.loader import load

    doc, problems = load(NOTE / "data" / name)
    assert not problems
    return json.loads(json.dumps(doc.data, default=str))


@pytest.mark.parametrize("name", list(m.FILES))
def test_schemas_accept_the_real_data(name):
    import json

    import jsonschema

    from macros.content.schema import schema_path

    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    jsonschema.validate(_as_json(name), schema)


def test_schema_rejects_a_misspelt_key():
    import json

    import jsonschema

    from macros.content.schema import schema_path

    data = _as_json("agenda.yml")
    data["slots"][0]["tittle"] = data["slots"][0].pop("title")
    schema = json.loads(schema_path("agenda.yml").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError, match="tittle"):
        jsonschema.validate(data, schema)


# Counts the prose restates, in words up to twelve (one agreeing with its noun in Spanish).
WORDS = {
    "en": "one two three four five six seven eight nine ten eleven twelve".split(),
    "es": "una dos tres cuatro cinco seis siete ocho nueve diez once doce".split(),
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_counts_follow_the_data_in_words(dataset, lang):
    r = Renderer(dataset, lang, lambda slug, anchor=None: slug)
    for what, number in (("objectives", len(dataset.objectives)), ("blocks", len(dataset.blocks()))):
        assert r.count(what) == (WORDS[lang][number - 1] if number > 1 or lang == "en" else "un"), what
    with pytest.raises(KeyError, match="count\\('speakers'\\): write one of 'objectives', 'blocks'"):
        r.count("speakers")
    assert r.count("objectives", feminine=True) == WORDS[lang][len(dataset.objectives) - 1]
