"""Chart specifications (webapp/charts.py), the chart macro and the vendored ECharts file."""

from __future__ import annotations

import hashlib
import json
import math
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from webapp import charts

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "webapp" / "static" / "vendor"


def _walk(value):
    """Yield every leaf of a JSON-like structure."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _walk(v)
    else:
        yield value


def _assert_plain_json(spec: charts.ChartSpec) -> None:
    payload = spec.payload()
    json.dumps(payload, allow_nan=False)
    for leaf in _walk(payload):
        assert leaf is None or isinstance(leaf, str | int | float | bool), repr(leaf)
        assert not isinstance(leaf, Decimal)


def _assert_common(spec: charts.ChartSpec) -> None:
    option = spec.option
    assert option["aria"]["enabled"] is True
    assert option["aria"]["decal"] == {"show": True}
    assert option["aria"]["label"]["description"] == spec.summary
    assert spec.summary.startswith(spec.title + ".")
    assert spec.size in charts.SIZES
    assert len(spec.table.numeric) == len(spec.table.columns)
    for row in spec.table.rows:
        assert len(row) == len(spec.table.columns)
        assert all(isinstance(cell, str) for cell in row)
    _assert_plain_json(spec)


# --- Numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12.50"), 12.5),
        (Decimal("5.00"), 5),
        (Decimal("-0.25"), -0.25),
        (7, 7),
        (1.5, 1.5),
        (None, None),
        (Decimal("NaN"), None),
        (float("inf"), None),
    ],
)
def test_plain_number(value, expected):
    result = charts.plain_number(value)
    assert result == expected
    assert not isinstance(result, Decimal)
    if expected is not None:
        assert type(result) is type(expected)


def test_plain_number_refuses_what_is_not_a_number():
    with pytest.raises(TypeError):
        charts.plain_number(True)
    with pytest.raises(TypeError):
        charts.plain_number("12")


def test_numbers_follow_the_locale():
    assert charts.number_formatter("sv")(Decimal("1234.5")) == "1\u00a0234,5"
    assert charts.number_formatter("en")(Decimal("1234.5")) == "1,234.5"
    assert charts.number_formatter("sv", decimals=0)(Decimal("12.6")) == "13"
    assert charts.number_formatter("sv")(None) == "–"


def test_the_locale_defaults_to_swedish_outside_a_request():
    assert charts.number_formatter()(0.5) == "0,5"


# --- Builders -----------------------------------------------------------------------------


def test_breakdown_bars():
    spec = charts.breakdown_bars(
        "Ofullständiga betyg",
        ["Ekskolan", "Björkskolan", "Lönnskolan"],
        [Decimal("12.50"), Decimal("8.25"), None],
        Decimal("10.375"),
        "%",
        "Genomsnitt",
        category_label="Skola",
        value_label="Andel",
        locale="sv",
    )
    _assert_common(spec)
    assert spec.kind == "breakdown_bars"
    option = spec.option
    assert option["xAxis"] == {**option["xAxis"], "type": "category",
                               "data": ["Ekskolan", "Björkskolan", "Lönnskolan"]}
    assert option["yAxis"]["type"] == "value"
    assert option["yAxis"]["name"] == "%"
    (series,) = option["series"]
    assert series["type"] == "bar"
    assert [d["value"] for d in series["data"]] == [12.5, 8.25, None]
    assert [d["label"]["formatter"] for d in series["data"]] == ["12,5", "8,25", "–"]
    assert series["label"]["show"] is True
    (line,) = series["markLine"]["data"]
    assert line["yAxis"] == 10.375
    assert line["label"]["formatter"] == "Genomsnitt\n10,38"
    assert spec.table.columns == ("Skola", "Andel (%)")
    assert spec.table.rows == (
        ("Ekskolan", "12,5"),
        ("Björkskolan", "8,25"),
        ("Lönnskolan", "–"),
        ("Genomsnitt", "10,38"),
    )
    assert spec.table.numeric == (False, True)
    assert "Ekskolan (12,5)" in spec.summary and "Björkskolan (8,25)" in spec.summary


def test_breakdown_bars_without_an_average_has_no_line():
    spec = charts.breakdown_bars("T", ["A"], [1], None, None, "Snitt", locale="sv")
    assert "markLine" not in spec.option["series"][0]
    assert spec.table.rows == (("A", "1"),)
    assert spec.option["yAxis"]["name"] == ""


def test_breakdown_bars_needs_a_value_per_category():
    with pytest.raises(ValueError):
        charts.breakdown_bars("T", ["A", "B"], [1], None, None, "Snitt")


def test_ranked_bars_are_sorted_from_the_highest():
    spec = charts.ranked_bars(
        "Socioekonomiskt index",
        [("Norr", Decimal("98.4")), ("Okänt", None), ("Söder", 121), ("Centrum", 103.2)],
        "index",
        locale="sv",
    )
    _assert_common(spec)
    option = spec.option
    assert option["yAxis"]["type"] == "category"
    assert option["yAxis"]["inverse"] is True  # the first (highest) on top
    assert option["yAxis"]["data"] == ["Söder", "Centrum", "Norr", "Okänt"]
    assert option["xAxis"]["type"] == "value"
    assert [d["value"] for d in option["series"][0]["data"]] == [121, 103.2, 98.4, None]
    assert option["series"][0]["label"]["position"] == "right"
    assert [row[1] for row in spec.table.rows] == ["121", "103,2", "98,4", "–"]


def test_ranked_bars_grow_with_the_number_of_items():
    few = charts.ranked_bars("T", [(str(i), i) for i in range(5)], None)
    many = charts.ranked_bars("T", [(str(i), i) for i in range(30)], None)
    assert (few.size, many.size) == ("medium", "xlarge")


def test_scatter_with_trend_line_and_correlation():
    spec = charts.scatter(
        "Frånvaro och betyg",
        [("Ekskolan", Decimal("4.2"), Decimal("12.5")), ("Björkskolan", 6, 15),
         ("Lönnskolan", Decimal("2.5"), 8), ("Saknas", None, 3)],
        "Frånvaro",
        "Ofullständiga betyg",
        correlation=Decimal("0.9734"),
        fit=(Decimal("2"), Decimal("3")),
        locale="sv",
    )
    _assert_common(spec)
    points, trend = spec.option["series"]
    assert points["type"] == "scatter"
    assert points["data"][0] == {"name": "Ekskolan", "value": [4.2, 12.5]}
    assert len(points["data"]) == 3  # a point without both values is in the table only
    assert points["label"]["formatter"] == "{b}"
    assert trend["type"] == "line"
    assert trend["data"] == [[2.5, 8.0], [6, 15]]
    assert spec.option["xAxis"]["name"] == "Frånvaro"
    assert spec.option["yAxis"]["name"] == "Ofullständiga betyg"
    assert spec.subtitle == "Correlation coefficient r = 0,97"
    assert spec.option["title"]["subtext"] == spec.subtitle
    assert spec.table.columns[1:] == ("Frånvaro", "Ofullständiga betyg")
    assert spec.table.rows[0] == ("Ekskolan", "4,2", "12,5")
    assert spec.table.rows[-1] == ("Saknas", "–", "3")
    assert "0,97" in spec.table.caption


def test_scatter_correlation_in_english_and_without_fit():
    spec = charts.scatter("T", [("A", 1, 2), ("B", 2, 3)], "x", "y",
                          correlation=-0.456, locale="en")
    assert spec.subtitle == "Correlation coefficient r = -0.46"
    assert [s["type"] for s in spec.option["series"]] == ["scatter"]
    plain = charts.scatter("T", [("A", 1, 2)], "x", "y")
    assert plain.subtitle == ""
    assert plain.option["title"]["subtext"] == ""


def test_correlation_text_uses_a_decimal_comma_in_swedish():
    assert charts.correlation_text(0.5, "sv").endswith("0,50")
    assert charts.correlation_text(0.5, "en").endswith("0.50")


GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "properties": {"namn": "Norr"},
         "geometry": {"type": "Polygon", "coordinates": [[[Decimal("17.0"), Decimal("59.4")],
                                                          [17.1, 59.4], [17.1, 59.5],
                                                          [17.0, 59.5], [17.0, 59.4]]]}},
        {"type": "Feature", "properties": {"namn": "Söder"},
         "geometry": {"type": "Polygon", "coordinates": [[[17.0, 59.3], [17.1, 59.3],
                                                          [17.1, 59.4], [17.0, 59.4],
                                                          [17.0, 59.3]]]}},
    ],
}


def test_choropleth():
    spec = charts.choropleth(
        "Barn i utsatta hushåll",
        GEOJSON,
        {"Norr": Decimal("4.5"), "Söder": Decimal("17.3"), "Utan": None},
        "namn",
        unit="%",
        locale="sv",
    )
    _assert_common(spec)
    (series,) = spec.option["series"]
    assert series["type"] == "map"
    assert series["nameProperty"] == "namn"
    (name,) = spec.maps
    assert series["map"] == name == charts.map_name_for(spec.maps[name])
    assert re.fullmatch(r"satsa-map-[0-9a-f]{16}", name)
    geometry = spec.maps[name]["features"][0]["geometry"]["coordinates"][0][0]
    assert geometry == [17, 59.4]
    assert series["label"]["show"] is True
    assert series["data"] == [
        {"name": "Söder", "value": 17.3, "label": {"formatter": "{b}\n17,3", "color": "#ffffff"}},
        {"name": "Norr", "value": 4.5, "label": {"formatter": "{b}\n4,5", "color": "#1b1f24"}},
    ]
    assert math.isclose(series["aspectScale"], math.cos(math.radians(59.4)), abs_tol=1e-3)
    pieces = spec.option["visualMap"]["pieces"]
    assert [p["label"] for p in pieces] == ["0–5\u00a0%", "5–10\u00a0%", "10–15\u00a0%",
                                            "15–20\u00a0%"]
    assert pieces[0] == {**pieces[0], "gte": 0, "lt": 5}
    assert pieces[-1] == {**pieces[-1], "gte": 15, "lte": 20}
    assert spec.table.rows == (("Söder", "17,3"), ("Norr", "4,5"), ("Utan", "–"))
    assert spec.table.columns[1] == "Value (%)"


def test_choropleth_same_map_same_name_and_one_value():
    one = charts.choropleth("T", GEOJSON, {"Norr": 3}, "namn")
    two = charts.choropleth("U", GEOJSON, {"Söder": 3}, "namn")
    assert one.maps.keys() == two.maps.keys()
    (piece,) = one.option["visualMap"]["pieces"]
    assert piece["gte"] == piece["lte"] == 3


def test_choropleth_with_projected_coordinates_keeps_the_shape():
    projected = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "A"},
         "geometry": {"type": "Polygon",
                      "coordinates": [[[674000, 6580000], [675000, 6580000],
                                       [675000, 6581000], [674000, 6580000]]]}}]}
    spec = charts.choropleth("T", projected, {"A": 1})
    assert spec.option["series"][0]["aspectScale"] == 1.0


def test_sankey():
    spec = charts.sankey(
        "Från anmälan till avslut",
        ["Anmälda", "Bedömda", "Insats", "Avslutade", "Avbrott"],
        [("Anmälda", "Bedömda", 120), ("Bedömda", "Insats", Decimal("85")),
         ("Insats", "Avslutade", 70), ("Insats", "Avbrott", 15)],
        locale="sv",
    )
    _assert_common(spec)
    (series,) = spec.option["series"]
    assert series["type"] == "sankey"
    assert [n["name"] for n in series["data"]] == ["Anmälda", "Bedömda", "Insats", "Avslutade",
                                                   "Avbrott"]
    assert [n["label"]["formatter"] for n in series["data"]] == [
        "{b}: 120", "{b}: 120", "{b}: 85", "{b}: 70", "{b}: 15"]
    assert series["links"][1] == {"source": "Bedömda", "target": "Insats", "value": 85,
                                  "edgeLabel": {"show": True, "formatter": "85"}}
    # A flow that is all of both ends is already told by their labels.
    assert series["links"][0]["edgeLabel"]["show"] is False
    assert spec.table.columns == ("From", "To", "Count")
    assert spec.table.rows[1] == ("Bedömda", "Insats", "85")
    assert spec.table.numeric == (False, False, True)


@pytest.mark.parametrize(
    ("nodes", "links"),
    [
        (["A", "A"], []),
        (["A", "B"], [("A", "C", 1)]),
        (["A", "B"], [("A", "A", 1)]),
        (["A", "B", "C"], [("A", "B", 1), ("B", "C", 1), ("C", "A", 1)]),
    ],
    ids=["duplicate step", "unknown step", "flow to itself", "circle"],
)
def test_sankey_refuses_what_echarts_cannot_draw(nodes, links):
    with pytest.raises(ValueError):
        charts.sankey("T", nodes, links)


# --- The macro ----------------------------------------------------------------------------

MACRO = '{% from "_macros/charts.html" import chart, chart_scripts %}'


class _Page(HTMLParser):
    """Collect the elements, attributes and the JSON block of a rendered chart."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._script = a
            self.scripts.append((a, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)


def _render(app, source: str, **context) -> str:
    from flask import render_template_string

    with app.test_request_context("/"):
        return render_template_string(MACRO + source, **context)


HOSTILE = "</script><script>alert('x')</script> & <b>fet</b>"


def test_macro_keeps_user_text_as_text(app):
    spec = charts.breakdown_bars(HOSTILE, [HOSTILE, "<script>", "B & C"],
                                 [Decimal("1.5"), 2, 3], Decimal("2.17"), "%", "Snitt")
    html = _render(app, "{{ chart(spec, 'need-1') }}", spec=spec)

    page = _Page()
    page.feed(html)
    (attrs, block), = page.scripts  # the JSON block is the only script
    assert attrs == {"type": "application/json", "id": "need-1-data"}
    assert json.loads(block) == json.loads(json.dumps(spec.payload()))
    # Nothing in the block can end it or open markup: <, > and & are escaped.
    assert not re.search(r"[<>&]", block)
    assert "<script>alert" not in html
    assert "<b>" not in html
    assert html.count("<script") == 1
    assert "&lt;script&gt;" in html  # shown as text in the caption and the table


def test_macro_structure(app):
    spec = charts.sankey("Flöden", ["A", "B"], [("A", "B", 5)], locale="sv")
    html = _render(app, "{{ chart(spec, 'flow') }}", spec=spec)
    page = _Page()
    page.feed(html)
    tags = [t for t, _ in page.tags]
    assert tags[:2] == ["figure", "figcaption"]
    assert {"details", "summary", "table", "caption", "thead", "tbody"} <= set(tags)
    (canvas,) = [a for t, a in page.tags if t == "div" and "chart__canvas" in a.get("class", "")]
    assert canvas["role"] == "img"
    assert canvas["aria-label"] == spec.summary
    assert canvas["data-chart-source"] == "flow-data"
    assert "chart__canvas--large" in canvas["class"]
    headers = [a for t, a in page.tags if t == "th"]
    assert [h["scope"] for h in headers] == ["col", "col", "col", "row"]
    assert "Visa siffrorna som tabell" in "".join(page.text)
    assert "Flöden" in "".join(page.text)
    # No inline styles or handlers: the CSP allows neither.
    for _, attrs in page.tags:
        assert "style" not in attrs
        assert not any(name.startswith("on") for name in attrs)


def test_macro_shows_the_subtitle(app):
    spec = charts.scatter("Samband", [("A", 1, 2), ("B", 2, 4)], "x", "y", correlation=0.5,
                          locale="sv")
    html = _render(app, "{{ chart(spec, 's') }}", spec=spec)
    assert 'class="chart__subtitle">Correlation coefficient r = 0,50</span>' in html


def test_chart_scripts(app):
    html = _render(app, "{{ chart_scripts() }}")
    assert '<script src="/static/vendor/echarts.min.js" defer></script>' in html
    assert '<script src="/static/js/charts.js" defer></script>' in html
    assert html.index("echarts.min.js") < html.index("charts.js\"")
    assert '<link rel="stylesheet" href="/static/css/charts.css">' in html
    without = _render(app, "{{ chart_scripts(stylesheet=false) }}")
    assert "charts.css" not in without


# --- The vendored library -----------------------------------------------------------------


def test_vendored_echarts_matches_its_record():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"SHA-256 of `echarts.min.js` \| `([0-9a-f]{64})`", readme).group(1)
    actual = hashlib.sha256((VENDOR / "echarts.min.js").read_bytes()).hexdigest()
    assert actual == recorded
    version = json.loads((VENDOR / "package.json").read_text())["dependencies"]["echarts"]
    assert f"| Version   | `{version}` |" in readme
    assert f"echarts-{version}.tgz" in readme
    assert f'version:"{version}"' in (VENDOR / "echarts.min.js").read_text(encoding="utf-8")


def test_echarts_licence_and_notice_travel_with_it():
    assert "Apache License" in (VENDOR / "echarts.LICENSE.txt").read_text(encoding="utf-8")
    notice = (VENDOR / "echarts.NOTICE.txt").read_text(encoding="utf-8")
    assert "The Apache Software Foundation" in notice
    assert (VENDOR / "echarts.LICENSE-d3.txt").exists()
    head = (VENDOR / "echarts.min.js").read_text(encoding="utf-8")[:1000]
    assert "Licensed to the Apache Software Foundation" in head
