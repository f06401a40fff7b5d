"""Charts of the calculation and sensitivity pages: the cumulative discounted net over the years,
the tornado of the one-way sensitivity analysis and the Monte Carlo's histogram.

Each builder returns a ``webapp.charts.ChartSpec``: an ECharts option with aria and decal
patterns on, and the same figures as a table (the text alternative, and what readers without
JavaScript see). Amounts in the tables are rounded half up to öre as on the page; the option
carries plain floats for drawing only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import format_decimal, gettext

from models.domain import economics as ec
from models.economics_report import MonteCarloRun
from webapp.charts import INK, MUTED, PALETTE, ChartSpec, ChartTable, plain_number
from webapp.projects.cost_views import kronor

TRANSPARENT = "rgba(0,0,0,0)"


def _option(title: str, summary: str) -> dict[str, Any]:
    """What every chart of the site carries: aria with decal patterns, the palette, the ink."""
    return {
        "aria": {"enabled": True, "decal": {"show": True}, "label": {"description": summary}},
        "color": list(PALETTE),
        "textStyle": {"color": INK, "fontFamily": "system-ui, sans-serif", "fontSize": 13},
        "title": {"show": False, "text": title},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
    }


def _summary(*parts: str) -> str:
    return " ".join(part for part in (*parts, gettext(
        "The figures are in the table below the chart.")) if part)


def return_text(value: Decimal | None) -> str:
    """A return per krona with two decimals, rounded half up (1,7355 → 1,74)."""
    if value is None:
        return "–"
    return format_decimal(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                          format="#,##0.00")


def percent_text(fraction: Decimal | None, places: int = 1) -> str:
    """A fraction in per cent with at most ``places`` decimals, rounded half up
    (0.99875 → 99,9 %; 0.25 → 25 %)."""
    if fraction is None:
        return "–"
    value = (Decimal(fraction) * 100).quantize(Decimal(1).scaleb(-places),
                                               rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "#" * places if places else "")
    return f"{format_decimal(value, format=pattern)}\u00a0%"


def count_text(value: int) -> str:
    """A whole number with thousands grouped (10 000)."""
    return format_decimal(value, format="#,##0")


def _float(value: Decimal) -> float:
    plain = plain_number(value)
    return 0.0 if plain is None else float(plain)


def _nice_bounds(low: float, high: float) -> tuple[float, float]:
    """Round axis ends around ``low`` and ``high``: multiples of a step of 1, 2 or 5 × 10^k
    giving about five intervals, so the ticks read as round numbers."""
    span = high - low
    if span <= 0:
        span = abs(high) or 1.0
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= raw)
    return (math.floor(low / step) * step, math.ceil(high / step) * step)


# --- Cumulative discounted net ----------------------------------------------------------------


def cumulative_chart(result: ec.Economics) -> ChartSpec | None:
    """Bars of the cumulative discounted net per year, below zero in one series and at or above
    zero in another (told apart by colour and pattern), the payback year marked."""
    if not result.years:
        return None
    title = gettext("Cumulative discounted net by year")
    years = [str(row.year) for row in result.years]
    values = [ec.money(row.cumulative_net_pv) for row in result.years]
    payback = result.payback_year
    below_name = gettext("Below zero: not yet paid back")
    above_name = gettext("Zero or above: paid back")

    def series(name: str, colour: str, keep) -> dict[str, Any]:
        return {"type": "bar", "name": name, "stack": "net", "barMaxWidth": 48,
                "itemStyle": {"color": colour},
                "data": [_float(v) if keep(v) else None for v in values]}

    below = series(below_name, PALETTE[4], lambda v: v < 0)
    above = series(above_name, PALETTE[2], lambda v: v >= 0)
    if payback is not None:
        below["markLine"] = {
            "silent": True, "symbol": "none",
            "lineStyle": {"type": "dashed", "color": INK, "width": 2},
            "label": {"color": INK, "position": "end",
                      "formatter": gettext("Payback %(year)s", year=payback)},
            "data": [{"xAxis": str(payback)}],
        }
    if payback is not None:
        outcome = gettext("The cumulative net reaches zero in %(year)s, the payback year.",
                          year=payback)
    else:
        outcome = gettext("The cumulative net stays below zero in every year calculated.")
    summary = _summary(
        f"{title}.",
        gettext("Bar chart from %(first)s to %(last)s: %(start)s after the first year, %(end)s "
                "after the last.", first=years[0], last=years[-1], start=kronor(values[0]),
                end=kronor(values[-1])),
        outcome,
    )
    option = _option(title, summary)
    option.update({
        "legend": {"top": 0, "textStyle": {"color": INK}},
        "grid": {"left": 16, "right": 24, "top": 48, "bottom": 32, "containLabel": True},
        "xAxis": {"type": "category", "data": years, "axisLabel": {"color": INK}},
        "yAxis": {"type": "value", "name": "kr", "axisLabel": {"color": INK},
                  "nameTextStyle": {"color": INK}},
        "series": [below, above],
    })
    payback_note = gettext("Payback year")
    table = ChartTable(
        caption=title,
        columns=(gettext("Year"), gettext("Cumulative discounted net (kr)"), gettext("Note")),
        rows=tuple((year, kronor(value), payback_note if year == str(payback) else "")
                   for year, value in zip(years, values, strict=True)),
        numeric=(False, True, False),
    )
    return ChartSpec("economics-cumulative", title, option, table, summary, size="medium")


# --- Tornado ----------------------------------------------------------------------------------


def tornado_chart(bars: Sequence[ec.TornadoBar], base: Decimal | None, factor: Decimal,
                  labels: Mapping[str, str]) -> ChartSpec | None:
    """Horizontal bars of the return per krona with each assumption ``factor`` lower and higher,
    widest swing on top, drawn from the lower to the higher value around the base return: the
    part below the base in one series, the part above in another. Vertical lines mark the base
    and a return of 1. ``labels`` names the parameters (translated)."""
    if base is None or not bars:
        return None
    percent = percent_text(factor, 2)
    title = gettext("Return per krona when one assumption at a time changes by ±%(percent)s",
                    percent=percent)
    names = [labels.get(bar.parameter, bar.parameter) for bar in bars]
    base_f = _float(base)
    offsets, below, above = [], [], []
    drawn = []
    for bar in bars:
        if bar.low is None or bar.high is None:
            offsets.append(None)
            below.append(None)
            above.append(None)
            drawn.append(None)
            continue
        low, high = sorted((_float(bar.low), _float(bar.high)))
        offsets.append(low)
        below.append({"value": max(0.0, min(high, base_f) - low),
                      "label": {"show": True, "position": "left",
                                "formatter": return_text(min(bar.low, bar.high))}})
        above.append({"value": max(0.0, high - max(low, base_f)),
                      "label": {"show": True, "position": "right",
                                "formatter": return_text(max(bar.low, bar.high))}})
        drawn.append((low, high))
    known = [v for pair in drawn if pair for v in pair]
    axis_low, axis_high = _nice_bounds(0.0, max([*known, base_f, 1.0]) * 1.08)
    marks = [
        # The category axis runs top down, so "start" is the top and "insideEndTop" runs up
        # the line from the bottom, clear of the axis' numbers.
        {"name": gettext("Return 1"), "xAxis": 1,
         "lineStyle": {"type": "dashed", "color": INK, "width": 2},
         "label": {"formatter": gettext("Return 1"), "position": "insideEndTop",
                   "color": INK}},
        {"name": gettext("Base"), "xAxis": base_f,
         "lineStyle": {"type": "solid", "color": MUTED, "width": 2},
         "label": {"formatter": gettext("Base %(value)s", value=return_text(base)),
                   "position": "start", "color": INK}},
    ]
    widest = bars[0]
    summary = _summary(
        f"{title}.",
        gettext("Tornado chart of %(count)d assumptions around the base return of %(base)s. "
                "Widest: %(name)s, from %(low)s to %(high)s.", count=len(bars),
                base=return_text(base), name=names[0], low=return_text(widest.low),
                high=return_text(widest.high)),
    )
    option = _option(title, summary)
    option.update({
        "legend": {"top": 0, "textStyle": {"color": INK},
                   "data": [gettext("Below the base return"), gettext("Above the base return")]},
        # Room left for the assumptions' names over two lines.
        "grid": {"left": 184, "right": 48, "top": 56, "bottom": 48},
        "xAxis": {"type": "value", "min": axis_low, "max": axis_high,
                  "name": gettext("kr per krona"), "nameLocation": "middle", "nameGap": 28,
                  "axisLabel": {"color": INK}, "nameTextStyle": {"color": INK}},
        "yAxis": {"type": "category", "inverse": True, "data": names,
                  "axisLabel": {"interval": 0, "width": 164, "overflow": "break",
                                "lineHeight": 16, "color": INK}},
        "series": [
            {"type": "bar", "name": "offset", "stack": "tornado", "silent": True,
             "itemStyle": {"color": TRANSPARENT, "decal": {"symbol": "none"}},
             "emphasis": {"disabled": True}, "tooltip": {"show": False},
             "data": offsets},
            {"type": "bar", "name": gettext("Below the base return"), "stack": "tornado",
             "barMaxWidth": 36, "itemStyle": {"color": PALETTE[1]}, "data": below,
             "label": {"color": INK},
             "markLine": {"silent": True, "symbol": "none", "data": marks}},
            {"type": "bar", "name": gettext("Above the base return"), "stack": "tornado",
             "barMaxWidth": 36, "itemStyle": {"color": PALETTE[0]}, "data": above,
             "label": {"color": INK}},
        ],
    })
    option["tooltip"] = {"show": False}
    table = ChartTable(
        caption=title,
        columns=(gettext("Assumption"),
                 gettext("Return, assumption %(percent)s lower", percent=percent),
                 gettext("Return, assumption %(percent)s higher", percent=percent),
                 gettext("Swing")),
        rows=tuple((name, return_text(bar.low), return_text(bar.high),
                    return_text(bar.swing) if bar.low is not None and bar.high is not None
                    else "–")
                   for name, bar in zip(names, bars, strict=True)),
        numeric=(False, True, True, True),
    )
    return ChartSpec("tornado", title, option, table, summary, size="medium")


# --- Monte Carlo histogram --------------------------------------------------------------------


def histogram_chart(run: MonteCarloRun) -> ChartSpec | None:
    """The distribution of the return per krona over the draws as a filled step outline (a
    histogram on a value axis, so the line at a return of 1 falls where it belongs)."""
    if not run.histogram:
        return None
    title = gettext("Distribution of the return per krona over %(draws)s draws",
                    draws=count_text(run.draws))
    bins = list(run.histogram)
    edges = [_float(low) for low, _high, _count_ in bins] + [_float(bins[-1][1])]
    if edges[0] == edges[-1]:  # every draw gave the same return: one narrow bar
        edges = [edges[0] - 0.005, edges[0] + 0.005]
    counts = [count for _low, _high, count in bins]
    points: list[list[float]] = [[edges[0], 0]]
    points += [[edges[i], counts[i]] for i in range(len(counts))]
    points += [[edges[-1], counts[-1]], [edges[-1], 0]]
    axis_low, axis_high = _nice_bounds(min(edges[0], 1.0), max(edges[-1], 1.0))
    total = sum(counts)
    summary = _summary(
        f"{title}.",
        gettext("Histogram from %(low)s to %(high)s kr per krona, with a line at a return of 1.",
                low=return_text(bins[0][0]), high=return_text(bins[-1][1])),
        gettext("Share of draws above 1: %(share)s.",
                share=percent_text(run.probability_above_one))
        if run.probability_above_one is not None else "",
    )
    option = _option(title, summary)
    option.update({
        "grid": {"left": 16, "right": 32, "top": 32, "bottom": 32, "containLabel": True},
        "xAxis": {"type": "value", "min": axis_low, "max": axis_high,
                  "name": gettext("Return per krona"), "nameLocation": "middle", "nameGap": 28,
                  "axisLabel": {"color": INK}, "nameTextStyle": {"color": INK}},
        "yAxis": {"type": "value", "name": gettext("Draws"), "minInterval": 1,
                  "axisLabel": {"color": INK}, "nameTextStyle": {"color": INK}},
        "series": [{
            "type": "line", "name": gettext("Draws"), "step": "end", "symbol": "none",
            "data": points, "lineStyle": {"color": PALETTE[0], "width": 2},
            "areaStyle": {"color": PALETTE[0], "opacity": 0.35},
            "markLine": {"silent": True, "symbol": "none", "data": [
                {"name": gettext("Return 1"), "xAxis": 1,
                 "lineStyle": {"type": "dashed", "color": INK, "width": 2},
                 "label": {"formatter": gettext("Return 1"), "position": "end",
                           "color": INK}}]},
        }],
    })
    option["tooltip"] = {"trigger": "axis", "confine": True}
    table = ChartTable(
        caption=title,
        columns=(gettext("Return from"), gettext("Return to"), gettext("Draws"),
                 gettext("Share of the draws")),
        rows=tuple((return_text(low), return_text(high), count_text(count),
                    percent_text(Decimal(count) / total) if total else "–")
                   for low, high, count in bins),
        numeric=(True, True, True, True),
    )
    return ChartSpec("histogram", title, option, table, summary, size="medium")
