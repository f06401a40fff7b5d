"""Charts of the follow-up page: each indicator over time, actual against planned and the target,
and, where its values are broken down, one line per category.

Each builder returns a ``webapp.charts.ChartSpec``: an ECharts option with aria on, and the same
figures as a table (the text alternative, and what readers without JavaScript see). Lines are
told apart by their dash and their symbol as well as by colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext, ngettext

from models.domain import follow_up as fu
from webapp.charts import INK, MUTED, PALETTE, ChartSpec, ChartTable, number_formatter, plain_number

#: Symbols of the lines in turn, so that they differ without colour.
SYMBOLS = ("circle", "triangle", "rect", "diamond", "pin", "roundRect", "arrow", "emptyCircle")
DASHES = ("solid", "dashed", "dotted")
UNIT_SUFFIX = {"percent": "%", "sek": "kr"}


def unit_suffix(unit: str | None) -> str:
    return UNIT_SUFFIX.get(unit or "", "")


def _summary(*parts: str) -> str:
    return " ".join(part for part in (*parts, gettext(
        "The figures are in the table below the chart.")) if part)


def _option(title: str, summary: str, labels: Sequence[str], unit: str | None,
            series: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "aria": {"enabled": True, "decal": {"show": True}, "label": {"description": summary}},
        "color": list(PALETTE),
        "textStyle": {"color": INK, "fontFamily": "system-ui, sans-serif", "fontSize": 13},
        "title": {"show": False, "text": title},
        "tooltip": {"trigger": "axis", "confine": True},
        "legend": {"bottom": 0, "textStyle": {"color": INK}},
        "grid": {"left": 16, "right": 24, "top": 32, "bottom": 56, "containLabel": True},
        "xAxis": {"type": "category", "data": list(labels), "boundaryGap": False,
                  "axisLabel": {"color": INK}},
        "yAxis": {"type": "value", "name": unit_suffix(unit), "scale": True,
                  "axisLabel": {"color": INK}, "nameTextStyle": {"color": INK}},
        "series": series,
    }


def _line(name: str, values: Sequence[Decimal | None], index: int, *,
          colour: str | None = None, dash: str | None = None) -> dict[str, Any]:
    style: dict[str, Any] = {"type": dash or DASHES[index % len(DASHES)], "width": 2}
    if colour:
        style["color"] = colour
    item: dict[str, Any] = {
        "type": "line", "name": name, "data": [plain_number(v) for v in values],
        "symbol": SYMBOLS[index % len(SYMBOLS)], "symbolSize": 9, "connectNulls": False,
        "lineStyle": style,
    }
    if colour:
        item["itemStyle"] = {"color": colour}
    return item


def _target_line(name: str, target: Decimal, count: int) -> dict[str, Any]:
    value = plain_number(target)
    return {"type": "line", "name": name, "data": [value] * count, "symbol": "none",
            "silent": True, "lineStyle": {"type": "dashed", "color": MUTED, "width": 2},
            "itemStyle": {"color": MUTED}, "z": 1}


def _at(values: Sequence[fu.PeriodValue], periods: Sequence[date], attribute: str,
        category: str | None = None) -> list[Decimal | None]:
    by_period = {v.period: getattr(v, attribute) for v in values
                 if category is None or v.category == category}
    return [by_period.get(p) for p in periods]


def _with_unit(header: str, unit: str | None) -> str:
    suffix = unit_suffix(unit)
    return f"{header} ({suffix})" if suffix else header


def indicator_chart(report: fu.IndicatorReport, *, locale: str | None = None) -> ChartSpec | None:
    """The indicator's totals over time: actual and planned per period, the target as a
    dashed line. None when no total is registered."""
    if not report.totals:
        return None
    fmt = number_formatter(locale, 2)
    periods = sorted({v.period for v in report.totals})
    labels = [fu.period_label(p, report.frequency) for p in periods]
    actual = _at(report.totals, periods, "actual")
    planned = _at(report.totals, periods, "planned")
    title = gettext("%(key)s: %(name)s – actual against planned", key=report.key,
                    name=report.name)
    actual_name, planned_name, target_name = (gettext("Actual"), gettext("Planned"),
                                              gettext("Target"))
    series = [_line(actual_name, actual, 0, colour=PALETTE[0], dash="solid"),
              _line(planned_name, planned, 1, colour=PALETTE[1], dash="dashed")]
    if report.target is not None:
        series.append(_target_line(target_name, report.target, len(periods)))
    behind = sum(1 for v in report.totals if v.behind)
    summary = _summary(
        f"{title}.",
        ngettext("Line chart over %(num)d period.", "Line chart over %(num)d periods.",
                 len(periods)),
        gettext("The target is %(target)s.", target=fmt(report.target))
        if report.target is not None else "",
        ngettext("Behind plan by more than 10 per cent in %(num)d period.",
                 "Behind plan by more than 10 per cent in %(num)d periods.", behind)
        if behind else "",
    )
    columns = [gettext("Period"), _with_unit(actual_name, report.unit),
               _with_unit(planned_name, report.unit)]
    if report.target is not None:
        columns.append(_with_unit(target_name, report.unit))
    rows = []
    for label, a, p in zip(labels, actual, planned, strict=True):
        row = [label, fmt(a), fmt(p)]
        if report.target is not None:
            row.append(fmt(report.target))
        rows.append(tuple(row))
    table = ChartTable(caption=title, columns=tuple(columns), rows=tuple(rows),
                       numeric=(False,) + (True,) * (len(columns) - 1))
    return ChartSpec("follow_up_line", title,
                     _option(title, summary, labels, report.unit, series), table, summary,
                     size="medium")


def breakdown_chart(report: fu.IndicatorReport, dimension: str, *,
                    locale: str | None = None) -> ChartSpec | None:
    """The actual values of each category of ``dimension`` over time, one line per category,
    with the target as a dashed line."""
    values = [v for v in report.breakdowns if v.dimension == dimension]
    if not values:
        return None
    fmt = number_formatter(locale, 2)
    periods = sorted({v.period for v in values})
    labels = [fu.period_label(p, report.frequency) for p in periods]
    categories = report.categories(dimension)
    title = gettext("%(key)s: %(name)s by %(dimension)s", key=report.key, name=report.name,
                    dimension=dimension)
    lines = {c: _at(values, periods, "actual", c) for c in categories}
    series = [_line(c, lines[c], i) for i, c in enumerate(categories)]
    if report.target is not None:
        series.append(_target_line(gettext("Target"), report.target, len(periods)))
    averages = []
    for c in categories:
        known = [v for v in lines[c] if v is not None]
        if known:
            averages.append((c, sum(known, Decimal(0)) / len(known)))
    lowest = min(averages, key=lambda pair: pair[1]) if averages else None
    summary = _summary(
        f"{title}.",
        gettext("Line chart with one line for each category: %(categories)s.",
                categories=", ".join(categories)),
        ngettext("%(num)d period.", "%(num)d periods.", len(periods)),
        gettext("Lowest on average: %(category)s (%(value)s).", category=lowest[0],
                value=fmt(lowest[1])) if lowest and len(averages) > 1 else "",
    )
    columns = (gettext("Period"), *(_with_unit(c, report.unit) for c in categories))
    rows = tuple((label, *(fmt(lines[c][i]) for c in categories))
                 for i, label in enumerate(labels))
    table = ChartTable(caption=title, columns=columns, rows=rows,
                       numeric=(False,) + (True,) * len(categories))
    return ChartSpec("follow_up_line", title,
                     _option(title, summary, labels, report.unit, series), table, summary,
                     size="medium")


def indicator_charts(report: fu.IndicatorReport, *,
                     locale: str | None = None) -> list[ChartSpec]:
    """The chart of the totals (if any) and one per breakdown dimension."""
    charts = [indicator_chart(report, locale=locale)]
    charts += [breakdown_chart(report, d, locale=locale) for d in report.dimensions]
    return [c for c in charts if c is not None]
