"""The shared charts in the browser: every kind is drawn as SVG under the app's real CSP.

The pages that will show charts are still being written, so the test page is rendered from the
chart macro here and answered, on the live server's own origin, with the Content-Security-Policy
header the app sends; ECharts and charts.js come from the live server's static files.
"""

from __future__ import annotations

import re

import pytest
from flask import render_template_string

from tests.e2e.conftest import ACTION_TIMEOUT_MS, axe_check
from webapp import charts

pytestmark = pytest.mark.e2e

PAGE_PATH = "/__chart-test-page"

PAGE_TEMPLATE = """<!doctype html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Diagram – Satsa</title>
  <link rel="stylesheet" href="{{ url_for('static', filename='css/satsa.css') }}">
  {{ chart_stylesheet() }}
</head>
<body>
  <main id="main" class="page">
    <h1>Behovsanalys</h1>
    {% for id, spec in specs %}{{ chart(spec, id) }}{% endfor %}
  </main>
  {{ chart_scripts(stylesheet=false) }}
</body>
</html>
"""


def _square(x: float, y: float, size: float = 0.1) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "properties": {"namn": "Norr"}, "geometry": _square(17.0, 59.4)},
        {"type": "Feature", "properties": {"namn": "Centrum"}, "geometry": _square(17.0, 59.3)},
        {"type": "Feature", "properties": {"namn": "Söder"}, "geometry": _square(17.1, 59.3)},
    ],
}


def _specs() -> list[tuple[str, charts.ChartSpec]]:
    from decimal import Decimal

    return [
        (
            "chart-bars",
            charts.breakdown_bars(
                "Andel elever med ofullständiga betyg",
                ["Ekskolan", "<script>alert(1)</script>", "Björkskolan"],
                [Decimal("12.5"), Decimal("8.25"), 15],
                Decimal("11.92"),
                "%",
                "Genomsnitt",
            ),
        ),
        (
            "chart-ranked",
            charts.ranked_bars(
                "Socioekonomiskt index per område",
                [("Norr", Decimal("98.4")), ("Centrum", Decimal("103.2")), ("Söder", 121)],
                "index",
            ),
        ),
        (
            "chart-scatter",
            charts.scatter(
                "Frånvaro och betyg",
                [("Ekskolan", 4.2, 12.5), ("Björkskolan", 6.1, 15.0), ("Lönnskolan", 2.5, 8.0)],
                "Frånvaro (%)",
                "Ofullständiga betyg (%)",
                correlation=Decimal("0.97"),
                fit=(Decimal("1.9"), Decimal("3.1")),
            ),
        ),
        (
            "chart-map",
            charts.choropleth(
                "Barn i ekonomiskt utsatta hushåll",
                GEOJSON,
                {"Norr": Decimal("4.5"), "Centrum": Decimal("9.1"), "Söder": Decimal("17.3")},
                "namn",
                unit="%",
            ),
        ),
        (
            "chart-flow",
            charts.sankey(
                "Från anmälan till avslut",
                ["Anmälda", "Bedömda", "Insats", "Avslutade", "Avbrott"],
                [
                    ("Anmälda", "Bedömda", 120),
                    ("Bedömda", "Insats", 85),
                    ("Insats", "Avslutade", 70),
                    ("Insats", "Avbrott", 15),
                ],
            ),
        ),
    ]


def _page_html(app) -> str:
    with app.test_request_context("/"):
        return render_template_string(
            '{% from "_macros/charts.html" import chart, chart_scripts, chart_stylesheet %}'
            + PAGE_TEMPLATE,
            specs=_specs(),
        )


def _serve_page(page, live_server) -> None:
    """Answer PAGE_PATH with the rendered charts and the CSP header the app really sends."""
    html = _page_html(live_server.app)

    def handle(route):
        real = route.fetch(url=f"{live_server.url}/login")
        policy = real.headers["content-security-policy"]
        route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff"},
            body=html,
        )

    page.route(f"{live_server.url}{PAGE_PATH}", handle)


def _open(page, live_server) -> None:
    _serve_page(page, live_server)
    response = page.goto(f"{live_server.url}{PAGE_PATH}")
    assert response is not None and response.status == 200
    page.wait_for_function(
        "n => document.querySelectorAll('.chart__canvas[data-chart-ready]').length === n",
        arg=len(_specs()),
        timeout=ACTION_TIMEOUT_MS,
    )


def _check_drawn(page, app) -> None:
    # The specs are built in a request, as the page was: their texts are in its language.
    with app.test_request_context("/"):
        specs = _specs()
    for chart_id, spec in specs:
        figure = page.locator(f"#{chart_id}")
        canvas = figure.locator(".chart__canvas")
        assert canvas.locator("svg").count() >= 1, f"{chart_id}: no SVG drawn"
        assert canvas.locator("canvas").count() == 0, f"{chart_id}: drawn on a canvas, not SVG"
        box = canvas.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 150, (chart_id, box)
        assert figure.locator("figcaption").inner_text().startswith(spec.title)
        table = figure.locator("details table")
        assert table.locator("caption").text_content() == spec.table.caption
        assert table.locator("tbody tr").count() == len(spec.table.rows)
        assert canvas.get_attribute("aria-label") == spec.summary


def test_every_chart_kind_draws_under_the_apps_csp(browser, live_server):
    """A context that enforces CSP (the shared page fixture bypasses it to inject axe)."""
    context = browser.new_context(locale="sv-SE", reduced_motion="reduce",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    # Init scripts are not subject to the page's CSP: record every violation and error.
    context.add_init_script(
        "window.__problems = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__problems.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI));"
        "window.addEventListener('error', e => window.__problems.push('error ' + e.message));"
    )
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    try:
        _open(page, live_server)
        policy = page.evaluate(
            "async url => (await fetch(url)).headers.get('content-security-policy')",
            f"{live_server.url}/login",
        )
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy
        _check_drawn(page, live_server.app)
        assert page.evaluate("() => window.__problems") == []
        assert console_errors == []
        # The user's text is drawn as text: no element came out of the category name.
        assert page.locator("#chart-bars script").count() == 1  # only the JSON block
        assert page.locator("#chart-bars svg script").count() == 0
        assert "<script>" in page.locator("#chart-bars svg").text_content()
        # prefers-reduced-motion: reduce turns the animation off.
        animations = page.evaluate(
            "() => Array.from(document.querySelectorAll('.chart__canvas'))"
            ".map(el => echarts.getInstanceByDom(el).getOption().animation)"
        )
        assert animations == [False] * len(_specs())
    finally:
        context.close()


def test_charts_pass_axe_with_the_table_closed_and_open(page, live_server):
    _open(page, live_server)
    _check_drawn(page, live_server.app)
    animations = page.evaluate(
        "() => Array.from(document.querySelectorAll('.chart__canvas'))"
        ".map(el => echarts.getInstanceByDom(el).getOption().animation)"
    )
    assert animations == [True] * len(_specs())
    # Swedish numbers: decimal comma in the drawn labels and in the table.
    assert page.locator("#chart-bars svg text", has_text="12,5").count() >= 1
    assert page.locator("#chart-scatter figcaption").inner_text().endswith("0,97")
    axe_check(page)

    for chart_id, _ in _specs():
        page.locator(f"#{chart_id} details > summary").click()
        assert page.locator(f"#{chart_id} details table").is_visible()
    axe_check(page)


def test_without_javascript_the_table_is_the_chart(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    try:
        _serve_page(page, live_server)
        page.goto(f"{live_server.url}{PAGE_PATH}")
        for chart_id, spec in _specs():
            figure = page.locator(f"#{chart_id}")
            assert not figure.locator(".chart__canvas").is_visible()
            figure.locator("details > summary").click()
            rows = figure.locator("details tbody tr")
            assert rows.count() == len(spec.table.rows)
            assert rows.first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/static/vendor/echarts.min.js", "/static/js/charts.js"])
def test_chart_scripts_are_served_as_javascript(page, live_server, path):
    response = page.request.get(f"{live_server.url}{path}")
    assert response.status == 200
    assert re.match(r"(text|application)/javascript", response.headers["content-type"])
    assert response.headers.get("x-content-type-options") == "nosniff"
