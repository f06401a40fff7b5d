"""Chart specifications for the shared chart macro (``templates/_macros/charts.html``).

Each builder returns a :class:`ChartSpec`: the Apache ECharts option (plain JSON: numbers are
ints or floats, never Decimals) and the same figures as a table, which is the text alternative
and what readers without JavaScript see. Titles, labels and names are passed in already
translated; the few fixed phrases here go through Flask-Babel (they stay in English outside a
request). Numbers shown as text are formatted for ``locale`` (default: the request's language,
else Swedish), so Swedish pages get a decimal comma.

Every chart turns on ECharts' aria support with decal patterns, so that series can be told apart
without colour, and carries a short summary that becomes the chart's accessible name.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from flask_babel import gettext

Number = int | float | Decimal

#: Series colours: each has at least 4.5:1 contrast against white (WCAG 1.4.11 needs 3:1).
PALETTE = (
    "#0b5394",
    "#b35900",
    "#1e6b35",
    "#8e3ba3",
    "#a31515",
    "#00758f",
    "#6b5b00",
    "#4f5964",
)
#: Light to dark classes for maps; labels on the two darkest are drawn in white.
SEQUENTIAL = ("#e8f1fa", "#b7d3ee", "#7fb0de", "#2f6fad", "#0b3d6e")
INK = "#1b1f24"
MUTED = "#4f5964"
NO_DATA = "#f3f5f8"
DASH = "–"

#: Container heights (CSS classes ``chart__canvas--<size>`` in ``charts.css``).
SIZES = ("small", "medium", "large", "xlarge")


@dataclass(frozen=True)
class ChartTable:
    """The figures of a chart as a table: caption, column headers and rows of display text."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Per column: right-align as a number.
    numeric: tuple[bool, ...]


@dataclass(frozen=True)
class ChartSpec:
    """Everything the ``chart`` macro needs to draw one chart and its table."""

    kind: str
    title: str
    option: dict[str, Any]
    table: ChartTable
    #: One or two sentences describing the chart; its accessible name.
    summary: str
    #: Shown under the title (e.g. the correlation coefficient); empty for none.
    subtitle: str = ""
    #: GeoJSON maps the option refers to, by generated name; registered before drawing.
    maps: dict[str, Any] = field(default_factory=dict)
    #: Height class of the container: one of :data:`SIZES`.
    size: str = "medium"

    def payload(self) -> dict[str, Any]:
        """The JSON read by ``charts.js``: the ECharts option and any maps to register."""
        return {"option": self.option, "maps": self.maps}


# --- Numbers ------------------------------------------------------------------------------


def plain_number(value: Number | None) -> int | float | None:
    """Return ``value`` as an int or float that JSON can carry; None for missing or not finite.

    Decimals with no fractional part become ints (``Decimal("5.00")`` → ``5``).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    raise TypeError(f"not a number: {value!r}")


def plain_json(value: Any) -> Any:
    """Return ``value`` (e.g. a GeoJSON document) with Decimals converted and tuples as lists."""
    if isinstance(value, Mapping):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_json(v) for v in value]
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return plain_number(value)
    return value


def _current_locale() -> str:
    from flask_babel import get_locale

    try:
        current = get_locale()
    except RuntimeError:
        current = None
    return str(current) if current else "sv"


def number_formatter(locale: str | None = None, decimals: int = 2) -> Callable[[Any], str]:
    """Return a function formatting numbers for ``locale`` with up to ``decimals`` decimals.

    Swedish: ``1234.5`` → ``1 234,5`` (non-breaking space); missing values become a dash.
    """
    locale = locale or _current_locale()
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")

    def fmt(value: Any) -> str:
        plain = plain_number(value)
        if plain is None:
            return DASH
        return format_decimal(plain, format=pattern, locale=locale)

    return fmt


def _with_unit(header: str, unit: str | None) -> str:
    return f"{header} ({unit})" if unit else header


# --- Shared option parts --------------------------------------------------------------------


def _base_option(title: str, summary: str, subtitle: str = "") -> dict[str, Any]:
    """Options every chart shares. The visible title is the figure caption, not drawn twice."""
    return {
        "aria": {
            "enabled": True,
            "decal": {"show": True},
            "label": {"description": summary},
        },
        "color": list(PALETTE),
        "textStyle": {"color": INK, "fontFamily": "system-ui, sans-serif", "fontSize": 13},
        "title": {"show": False, "text": title, "subtext": subtitle},
        "tooltip": {"trigger": "item", "confine": True},
    }


def _extremes(
    pairs: Iterable[tuple[str, int | float | None]], fmt: Callable[[Any], str]
) -> tuple[str, str]:
    """Return "name (value)" for the highest and the lowest known value."""
    known = [(name, value) for name, value in pairs if value is not None]
    if not known:
        return DASH, DASH
    high = max(known, key=lambda p: p[1])
    low = min(known, key=lambda p: p[1])
    return f"{high[0]} ({fmt(high[1])})", f"{low[0]} ({fmt(low[1])})"


def _sentences(*parts: str) -> str:
    """Join the non-empty parts of a summary, ending with where the figures are."""
    hint = gettext("The figures are in the table below the chart.")
    return " ".join(part for part in (*parts, hint) if part)


def _size_for(count: int) -> str:
    if count <= 8:
        return "medium"
    if count <= 16:
        return "large"
    return "xlarge"


# --- Builders -----------------------------------------------------------------------------


def breakdown_bars(
    title: str,
    categories: Sequence[str],
    values: Sequence[Number | None],
    average: Number | None,
    unit: str | None,
    average_label: str,
    *,
    category_label: str | None = None,
    value_label: str | None = None,
    locale: str | None = None,
    decimals: int = 2,
) -> ChartSpec:
    """Vertical bars per category with value labels and the average as a labelled dashed line.

    The table lists every category and, last, the average.
    """
    if len(categories) != len(values):
        raise ValueError("categories and values differ in length")
    fmt = number_formatter(locale, decimals)
    names = [str(c) for c in categories]
    numbers = [plain_number(v) for v in values]
    mean = plain_number(average)
    value_label = value_label or gettext("Value")
    category_label = category_label or gettext("Category")

    high, low = _extremes(zip(names, numbers, strict=True), fmt)
    summary = _sentences(
        f"{title}.",
        gettext(
            "Bar chart, %(count)d categories. Highest: %(high)s; lowest: %(low)s.",
            count=len(names),
            high=high,
            low=low,
        ),
        f"{average_label}: {fmt(mean)}." if mean is not None else "",
    )

    series: dict[str, Any] = {
        "type": "bar",
        "name": value_label,
        "data": [{"value": v, "label": {"formatter": fmt(v)}} for v in numbers],
        # A white ground keeps a value readable where the average's line passes behind it.
        "label": {"show": True, "position": "top", "color": INK, "backgroundColor": "#ffffff",
                  "padding": [1, 3]},
        "barMaxWidth": 56,
    }
    if mean is not None:
        series["markLine"] = {
            "silent": True,
            "symbol": "none",
            "lineStyle": {"type": "dashed", "color": INK, "width": 2},
            # Beside the plot, right of the line's end, so it never covers a bar's value.
            "label": {"color": INK, "position": "end", "distance": 6},
            "data": [
                {
                    "name": average_label,
                    "yAxis": mean,
                    "label": {"formatter": f"{average_label}\n{fmt(mean)}"},
                }
            ],
        }
    option = _base_option(title, summary)
    option.update(
        {
            # Room below for category names over two lines, right for the average's label.
            "grid": {"left": 16, "right": 96 if mean is not None else 24, "top": 40,
                     "bottom": 44},
            "xAxis": {
                "type": "category",
                "data": names,
                "axisLabel": {"interval": 0, "width": 96, "overflow": "break", "color": INK},
            },
            "yAxis": {
                "type": "value",
                "name": unit or "",
                "axisLabel": {"color": INK},
                "nameTextStyle": {"color": INK},
            },
            "series": [series],
        }
    )
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True}

    rows = [(name, fmt(v)) for name, v in zip(names, numbers, strict=True)]
    if mean is not None:
        rows.append((average_label, fmt(mean)))
    table = ChartTable(
        caption=title,
        columns=(category_label, _with_unit(value_label, unit)),
        rows=tuple(rows),
        numeric=(False, True),
    )
    return ChartSpec("breakdown_bars", title, option, table, summary, size="medium")


def ranked_bars(
    title: str,
    items: Iterable[tuple[str, Number | None]],
    unit: str | None,
    *,
    label_header: str | None = None,
    value_label: str | None = None,
    locale: str | None = None,
    decimals: int = 2,
) -> ChartSpec:
    """Horizontal bars sorted from the highest value (on top) down; missing values last."""
    fmt = number_formatter(locale, decimals)
    pairs = [(str(label), plain_number(value)) for label, value in items]
    pairs.sort(key=lambda p: (p[1] is None, -(p[1] or 0)))
    value_label = value_label or gettext("Value")
    label_header = label_header or gettext("Name")

    high, low = _extremes(pairs, fmt)
    summary = _sentences(
        f"{title}.",
        gettext(
            "Ranked bar chart, %(count)d items. Highest: %(high)s; lowest: %(low)s.",
            count=len(pairs),
            high=high,
            low=low,
        ),
    )
    option = _base_option(title, summary)
    option.update(
        {
            "grid": {"left": 16, "right": 56, "top": 24, "bottom": 16},
            "xAxis": {
                "type": "value",
                "name": unit or "",
                "axisLabel": {"color": INK},
                "nameTextStyle": {"color": INK},
            },
            "yAxis": {
                "type": "category",
                "inverse": True,
                "data": [p[0] for p in pairs],
                "axisLabel": {"interval": 0, "width": 160, "overflow": "truncate", "color": INK},
            },
            "series": [
                {
                    "type": "bar",
                    "name": value_label,
                    "data": [{"value": v, "label": {"formatter": fmt(v)}} for _, v in pairs],
                    "label": {"show": True, "position": "right", "color": INK},
                    "barMaxWidth": 28,
                }
            ],
        }
    )
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True}
    table = ChartTable(
        caption=title,
        columns=(label_header, _with_unit(value_label, unit)),
        rows=tuple((label, fmt(v)) for label, v in pairs),
        numeric=(False, True),
    )
    return ChartSpec("ranked_bars", title, option, table, summary, size=_size_for(len(pairs)))


def correlation_text(correlation: Number, locale: str | None = None) -> str:
    """The subtitle of a scatter plot: "Correlation coefficient r = 0,82" (two decimals)."""
    r = plain_number(correlation)
    if r is None:
        shown = DASH
    else:
        shown = format_decimal(r, format="0.00", locale=locale or _current_locale())
    return gettext("Correlation coefficient r = %(r)s", r=shown)


def scatter(
    title: str,
    points: Iterable[tuple[str, Number | None, Number | None]],
    x_name: str,
    y_name: str,
    correlation: Number | None = None,
    fit: tuple[Number, Number] | None = None,
    *,
    label_header: str | None = None,
    trend_label: str | None = None,
    locale: str | None = None,
    decimals: int = 2,
) -> ChartSpec:
    """Labelled points, an optional straight trend line ``y = slope·x + intercept`` over the
    range of the points, and the correlation coefficient as subtitle."""
    fmt = number_formatter(locale, decimals)
    rows = [(str(label), plain_number(x), plain_number(y)) for label, x, y in points]
    drawn = [(label, x, y) for label, x, y in rows if x is not None and y is not None]
    label_header = label_header or gettext("Name")
    subtitle = correlation_text(correlation, locale) if correlation is not None else ""

    summary = _sentences(
        f"{title}.",
        gettext(
            "Scatter plot of %(y)s against %(x)s, %(count)d points.",
            y=y_name,
            x=x_name,
            count=len(drawn),
        ),
        f"{subtitle}." if subtitle else "",
    )
    series: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "name": y_name,
            "symbolSize": 12,
            "data": [{"name": label, "value": [x, y]} for label, x, y in drawn],
            "label": {"show": True, "formatter": "{b}", "position": "right", "color": INK},
            "labelLayout": {"hideOverlap": True},
        }
    ]
    if fit is not None and drawn:
        slope, intercept = (plain_number(fit[0]), plain_number(fit[1]))
        if slope is not None and intercept is not None:
            xs = [x for _, x, _ in drawn]
            ends = [min(xs), max(xs)]
            series.append(
                {
                    "type": "line",
                    "name": trend_label or gettext("Trend line"),
                    "data": [[x, slope * x + intercept] for x in ends],
                    "symbol": "none",
                    "silent": True,
                    "lineStyle": {"type": "dashed", "color": MUTED, "width": 2},
                    "tooltip": {"show": False},
                    "z": 1,
                }
            )
    option = _base_option(title, summary, subtitle)
    option.update(
        {
            # Room right of the plot for the names of the points furthest to the right.
            "grid": {"left": 56, "right": 112, "top": 24, "bottom": 56},
            "xAxis": {
                "type": "value",
                "name": x_name,
                "nameLocation": "middle",
                "nameGap": 32,
                "scale": True,
                "axisLabel": {"color": INK},
                "nameTextStyle": {"color": INK},
            },
            "yAxis": {
                "type": "value",
                "name": y_name,
                "nameLocation": "middle",
                "nameGap": 44,
                "scale": True,
                "axisLabel": {"color": INK},
                "nameTextStyle": {"color": INK},
            },
            "series": series,
        }
    )
    table = ChartTable(
        caption=f"{title} ({subtitle})" if subtitle else title,
        columns=(label_header, x_name, y_name),
        rows=tuple((label, fmt(x), fmt(y)) for label, x, y in rows),
        numeric=(False, True, True),
    )
    return ChartSpec("scatter", title, option, table, summary, subtitle=subtitle, size="large")


def map_name_for(geojson: Mapping[str, Any]) -> str:
    """A stable name for registering ``geojson`` with ECharts (same document, same name)."""
    digest = hashlib.sha256(
        json.dumps(geojson, sort_keys=True, separators=(",", ":")).encode("utf-8")
    ).hexdigest()
    return f"satsa-map-{digest[:16]}"


def _coordinates(node: Any) -> Iterable[tuple[float, float]]:
    if isinstance(node, list) and len(node) >= 2 and all(
        isinstance(c, int | float) for c in node[:2]
    ):
        yield float(node[0]), float(node[1])
    elif isinstance(node, list):
        for child in node:
            yield from _coordinates(child)


def _aspect_scale(geojson: Mapping[str, Any]) -> float:
    """ECharts stretches longitude by this; cos(latitude) keeps a lon/lat map true to shape.

    Projected coordinates (e.g. SWEREF 99 TM, in metres) are drawn as they are.
    """
    points = []
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        points.extend(_coordinates(geometry.get("coordinates", [])))
    if not points:
        return 1.0
    if all(abs(x) <= 180 and abs(y) <= 90 for x, y in points):
        ys = [y for _, y in points]
        middle = (min(ys) + max(ys)) / 2
        return round(max(math.cos(math.radians(middle)), 0.1), 4)
    return 1.0


def _nice_step(low: float, high: float, bins: int) -> float:
    """The smallest round step (1, 2, 2.5 or 5 times a power of ten) that splits the range
    from a multiple of the step at or below ``low`` up to ``high`` into at most ``bins``."""
    magnitude = 10.0 ** math.floor(math.log10((high - low) / bins))
    while True:
        for factor in (1, 2, 2.5, 5):
            step = factor * magnitude
            start = math.floor(low / step) * step
            if math.ceil((high - start) / step - 1e-9) <= bins:
                return step
        magnitude *= 10


def _pieces(
    low: float, high: float, fmt: Callable[[Any], str], bins: int, unit: str | None
) -> list[dict[str, Any]]:
    """Value classes of equal, round width for a map legend, labelled "from–to unit".

    Each class holds its lower bound but not its upper one, except the last, which holds both.
    """
    suffix = f"\u00a0{unit}" if unit else ""
    if low == high:
        return [{"gte": low, "lte": high, "label": fmt(low) + suffix, "color": SEQUENTIAL[-1]}]
    bins = max(1, min(bins, len(SEQUENTIAL)))
    step = _nice_step(low, high, bins)
    start = math.floor(low / step) * step
    count = max(1, math.ceil((high - start) / step - 1e-9))
    last = len(SEQUENTIAL) - 1
    pieces = []
    for i in range(count):
        lower = round(start + step * i, 10)
        upper = round(start + step * (i + 1), 10)
        colour = SEQUENTIAL[round(i * last / (count - 1)) if count > 1 else last]
        piece: dict[str, Any] = {"gte": lower, "lt": upper}
        if i == count - 1:
            piece = {"gte": lower, "lte": upper}
        dash = " – " if lower < 0 else "–"
        piece.update({"label": f"{fmt(lower)}{dash}{fmt(upper)}{suffix}", "color": colour})
        pieces.append(piece)
    return pieces


def _piece_colour(pieces: Sequence[Mapping[str, Any]], value: float) -> str:
    for piece in pieces:
        below_top = value < piece["lt"] if "lt" in piece else value <= piece["lte"]
        if value >= piece["gte"] and below_top:
            return piece["color"]
    return SEQUENTIAL[-1]


def choropleth(
    title: str,
    geojson: Mapping[str, Any],
    values: Mapping[str, Number | None],
    name_property: str = "name",
    *,
    area_label: str | None = None,
    value_label: str | None = None,
    unit: str | None = None,
    locale: str | None = None,
    decimals: int = 2,
    bins: int = 5,
) -> ChartSpec:
    """Areas of a GeoJSON map coloured by value in ``bins`` classes, each labelled with its
    name and value. Features are matched on ``properties[name_property]``.

    The table lists the areas that have a value, highest first.
    """
    fmt = number_formatter(locale, decimals)
    geo = plain_json(geojson)
    map_name = map_name_for(geo)
    pairs = [(str(name), plain_number(value)) for name, value in values.items()]
    pairs.sort(key=lambda p: (p[1] is None, -(p[1] or 0), p[0]))
    known = [v for _, v in pairs if v is not None]
    area_label = area_label or gettext("Area")
    value_label = value_label or gettext("Value")

    pieces = _pieces(min(known), max(known), fmt, max(1, bins), unit) if known else []
    dark = set(SEQUENTIAL[-2:])

    def item(name: str, value: int | float) -> dict[str, Any]:
        colour = _piece_colour(pieces, value)
        label = {
            "formatter": "{b}\n" + fmt(value),
            "color": "#ffffff" if colour in dark else INK,
        }
        return {"name": name, "value": value, "label": label}

    high, low = _extremes(pairs, fmt)
    summary = _sentences(
        f"{title}.",
        gettext(
            "Map, %(count)d areas. Highest: %(high)s; lowest: %(low)s.",
            count=len(known),
            high=high,
            low=low,
        ),
    )
    option = _base_option(title, summary)
    option["series"] = [
        {
            "type": "map",
            "map": map_name,
            "nameProperty": name_property,
            "name": value_label,
            "roam": False,
            "selectedMode": False,
            "aspectScale": _aspect_scale(geo),
            "layoutCenter": ["58%", "50%"],
            "layoutSize": "90%",
            "label": {"show": True, "color": INK, "fontSize": 12, "lineHeight": 16},
            "itemStyle": {"areaColor": NO_DATA, "borderColor": MUTED, "borderWidth": 1},
            "emphasis": {
                "label": {"show": True},
                "itemStyle": {"borderColor": INK, "borderWidth": 2},
            },
            "data": [item(name, v) for name, v in pairs if v is not None],
        }
    ]
    if pieces:
        option["visualMap"] = {
            "type": "piecewise",
            "seriesIndex": 0,
            "pieces": pieces,
            "left": 8,
            "bottom": 8,
            "orient": "vertical",
            "textStyle": {"color": INK},
            "itemSymbol": "rect",
            "itemGap": 6,
            "selectedMode": False,
        }
    table = ChartTable(
        caption=title,
        columns=(area_label, _with_unit(value_label, unit)),
        rows=tuple((name, fmt(v)) for name, v in pairs),
        numeric=(False, True),
    )
    return ChartSpec(
        "choropleth", title, option, table, summary, maps={map_name: geo}, size="xlarge"
    )


def _check_acyclic(nodes: Sequence[str], links: Sequence[tuple[str, str, Any]]) -> None:
    following: dict[str, list[str]] = {n: [] for n in nodes}
    for source, target, _ in links:
        following[source].append(target)
    state: dict[str, int] = {}

    for start in nodes:
        if state.get(start):
            continue
        stack = [(start, iter(following[start]))]
        state[start] = 1
        while stack:
            node, rest = stack[-1]
            nxt = next(rest, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                raise ValueError(f"the flows go round in a circle through {nxt!r}")
            elif not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, iter(following[nxt])))


def sankey(
    title: str,
    nodes: Sequence[str],
    links: Iterable[tuple[str, str, Number]],
    *,
    from_label: str | None = None,
    to_label: str | None = None,
    count_label: str | None = None,
    locale: str | None = None,
    decimals: int = 0,
) -> ChartSpec:
    """Flows between steps: link width by count, each step labelled with its count.

    The steps must be unique and the flows may not go round in a circle (ECharts draws only
    acyclic flows); a link naming an unknown step is an error.
    """
    fmt = number_formatter(locale, decimals)
    names = [str(n) for n in nodes]
    if len(set(names)) != len(names):
        raise ValueError("step names must be unique")
    known = set(names)
    flows = []
    for source, target, count in links:
        source, target = str(source), str(target)
        if source not in known or target not in known:
            raise ValueError(f"a flow names an unknown step: {source!r} → {target!r}")
        if source == target:
            raise ValueError(f"a flow goes from {source!r} to itself")
        value = plain_number(count)
        flows.append((source, target, 0 if value is None else value))
    _check_acyclic(names, flows)

    inflow = {n: 0 for n in names}
    outflow = {n: 0 for n in names}
    for source, target, value in flows:
        outflow[source] += value
        inflow[target] += value
    totals = {n: max(inflow[n], outflow[n]) for n in names}

    summary = _sentences(
        f"{title}.",
        gettext(
            "Flow diagram, %(nodes)d steps and %(links)d flows.",
            nodes=len(names),
            links=len(flows),
        ),
    )
    option = _base_option(title, summary)
    option["series"] = [
        {
            "type": "sankey",
            "name": title,
            "left": 16,
            "right": 160,
            "top": 16,
            "bottom": 16,
            "nodeAlign": "justify",
            "nodeGap": 14,
            "draggable": False,
            "emphasis": {"focus": "adjacency"},
            "label": {"color": INK, "fontSize": 13},
            "lineStyle": {"color": "source", "opacity": 0.45, "curveness": 0.5},
            "edgeLabel": {"show": True, "color": INK, "fontSize": 12},
            "data": [
                {
                    "name": n,
                    "itemStyle": {"color": PALETTE[i % len(PALETTE)]},
                    "label": {"formatter": "{b}: " + fmt(totals[n])},
                }
                for i, n in enumerate(names)
            ],
            "links": [
                {
                    "source": s,
                    "target": t,
                    "value": v,
                    # A flow that is all of both its steps already reads from their labels.
                    "edgeLabel": {"show": not v == totals[s] == totals[t], "formatter": fmt(v)},
                }
                for s, t, v in flows
            ],
        }
    ]
    table = ChartTable(
        caption=title,
        columns=(
            from_label or gettext("From"),
            to_label or gettext("To"),
            count_label or gettext("Count"),
        ),
        rows=tuple((s, t, fmt(v)) for s, t, v in flows),
        numeric=(False, False, True),
    )
    size = "large" if len(names) <= 10 else "xlarge"
    return ChartSpec("sankey", title, option, table, summary, size=size)
