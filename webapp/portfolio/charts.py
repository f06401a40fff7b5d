"""Charts of the portfolio balance: the running and the proposed portfolio side by side.

Each dimension of ``models.domain.balance`` becomes one chart of grouped bars (running and
proposed per bucket), showing either the number of initiatives or their budget requests. Its
table always holds both measures, so nothing is lost to a reader who cannot see the chart.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from models.domain.balance import COMPLEXITY, PROPOSED, RUNNING, Balance, Breakdown
from webapp.charts import INK, PALETTE, ChartSpec, ChartTable, number_formatter, plain_number
from webapp.formatting import money
from webapp.portfolio.texts import bucket_label

COUNT = "count"
BUDGET = "budget"
MEASURES = (COUNT, BUDGET)


def _option(title: str, summary: str) -> dict[str, Any]:
    """What every chart of the site carries: aria with decal patterns, the palette, the ink."""
    return {
        "aria": {"enabled": True, "decal": {"show": True}, "label": {"description": summary}},
        "color": list(PALETTE),
        "textStyle": {"color": INK, "fontFamily": "system-ui, sans-serif", "fontSize": 13},
        "title": {"show": False, "text": title},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
    }


def balance_chart(breakdown: Breakdown, measure: str) -> ChartSpec:
    """Grouped bars of ``breakdown``: running and proposed per bucket, by ``measure``."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    title = gettext(breakdown.label)
    names = [bucket_label(b) for b in breakdown.buckets]
    count_fmt = number_formatter(decimals=0)
    portfolios = ((RUNNING, gettext("Running initiatives")),
                  (PROPOSED, gettext("Proposed initiatives")))

    def value(bucket, portfolio: str) -> int | float | None:
        tally = bucket.tally(portfolio)
        return tally.count if measure == COUNT else plain_number(tally.budget)

    # Long names (departments, life stages) are read better beside horizontal bars.
    horizontal = len(names) > 6 or max((len(n) for n in names), default=0) > 14
    series = []
    for portfolio, name in portfolios:
        values = [value(b, portfolio) for b in breakdown.buckets]
        series.append({
            "type": "bar",
            "name": name,
            "data": [{"value": v, "label": {"formatter": count_fmt(v)}} for v in values],
            "label": {"show": True, "position": "right" if horizontal else "top",
                      "color": INK},
            "barMaxWidth": 40,
        })
    if measure == COUNT:
        what = gettext("Number of initiatives")
        unit = ""
    else:
        what = gettext("Budget request")
        unit = "kr"
    summary = " ".join(part for part in (
        f"{title}.",
        gettext("Grouped bar chart of %(what)s, running and proposed initiatives, %(count)d "
                "groups.", what=what.lower(), count=len(names)),
        gettext(breakdown.note),
        gettext("The figures are in the table below the chart."),
    ) if part)
    option = _option(title, summary)
    categories = {
        "type": "category",
        "data": names,
        "axisLabel": {"interval": 0, "width": 184 if horizontal else 96, "overflow": "break",
                      "lineHeight": 15,
                      "color": INK},
    }
    values_axis = {
        "type": "value",
        "name": unit,
        "minInterval": 1,
        "axisLabel": {"color": INK},
        "nameTextStyle": {"color": INK},
    }
    if horizontal:
        categories["inverse"] = True  # the first bucket on top, as in the table
    option.update({
        "legend": {"top": 0, "textStyle": {"color": INK}},
        "grid": ({"left": 196, "right": 40, "top": 40, "bottom": 28}
                 if horizontal else {"left": 16, "right": 24, "top": 48, "bottom": 44}),
        "xAxis": values_axis if horizontal else categories,
        "yAxis": categories if horizontal else values_axis,
        "series": series,
    })
    size = "large" if horizontal or len(names) > 8 else "medium"
    return ChartSpec("balance", title, option, _table(breakdown, title, names), summary,
                     subtitle=what, size=size)


def _table(breakdown: Breakdown, title: str, names: list[str]) -> ChartTable:
    count_fmt = number_formatter(decimals=0)
    derived = breakdown.dimension == COMPLEXITY or any(
        b.running.derived or b.proposed.derived for b in breakdown.buckets)
    columns = [
        gettext("Group"),
        gettext("Running: number"), gettext("Running: budget request"),
        gettext("Proposed: number"), gettext("Proposed: budget request"),
    ]
    if derived:
        columns += [gettext("Running: of which derived"), gettext("Proposed: of which derived")]
    rows = []
    for name, bucket in zip(names, breakdown.buckets, strict=True):
        row = [name, count_fmt(bucket.running.count), money(bucket.running.budget),
               count_fmt(bucket.proposed.count), money(bucket.proposed.budget)]
        if derived:
            row += [count_fmt(bucket.running.derived), count_fmt(bucket.proposed.derived)]
        rows.append(tuple(row))
    return ChartTable(caption=title, columns=tuple(columns), rows=tuple(rows),
                      numeric=(False,) + (True,) * (len(columns) - 1))


def balance_charts(balance: Balance, measure: str) -> list[tuple[Breakdown, ChartSpec]]:
    """Every dimension's chart, in the order of the balance."""
    return [(b, balance_chart(b, measure)) for b in balance.breakdowns]
