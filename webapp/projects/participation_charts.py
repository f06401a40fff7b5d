"""The cream-skimming monitor's chart: enrolment and drop-out rates by risk profile.

The builder returns a ``webapp.charts.ChartSpec`` (ECharts, aria and decal patterns on) with the
same figures as a table: eligible, enrolled, the enrolment rate, drop-outs and the drop-out rate
of every profile that has any figures. Rates are drawn in per cent with one decimal.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import gettext

from models.domain import participation as pa
from webapp.charts import INK, PALETTE, ChartSpec, ChartTable
from webapp.formatting import number, percent
from webapp.projects.participation_editing import profile_label


def _per_cent(value: Decimal | None) -> float | None:
    if value is None:
        return None
    return float((value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _shown(figures: pa.ProfileFigures) -> bool:
    return bool(figures.eligible or figures.enrolled or figures.drop_outs)


def rates_chart(profiles: Mapping[str, pa.ProfileFigures]) -> ChartSpec | None:
    """Bars of the enrolment and the drop-out rate per risk profile; None without figures."""
    shown = [f for f in profiles.values() if _shown(f)]
    if not shown:
        return None
    title = gettext("Enrolment and drop-out rates by risk profile")
    names = [profile_label(f.profile) for f in shown]
    enrolment_name = gettext("Enrolment rate")
    drop_out_name = gettext("Drop-out rate")

    def series(name: str, values: list[Decimal | None], colour: str) -> dict[str, Any]:
        return {
            "type": "bar", "name": name, "barMaxWidth": 40, "itemStyle": {"color": colour},
            "label": {"show": True, "position": "top", "color": INK},
            "data": [{"value": _per_cent(v), "label": {"formatter": percent(v, 1)}}
                     for v in values],
        }

    summary = " ".join((
        f"{title}.",
        gettext("Bar chart, %(count)d risk profiles, two bars each: the enrolment rate and the "
                "drop-out rate in per cent.", count=len(shown)),
        gettext("The figures are in the table below the chart."),
    ))
    option: dict[str, Any] = {
        "aria": {"enabled": True, "decal": {"show": True}, "label": {"description": summary}},
        "color": list(PALETTE),
        "textStyle": {"color": INK, "fontFamily": "system-ui, sans-serif", "fontSize": 13},
        "title": {"show": False, "text": title},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
        "legend": {"top": 0, "textStyle": {"color": INK}},
        "grid": {"left": 16, "right": 24, "top": 48, "bottom": 32, "containLabel": True},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"color": INK}},
        "yAxis": {"type": "value", "name": "%", "min": 0, "axisLabel": {"color": INK},
                  "nameTextStyle": {"color": INK}},
        "series": [
            series(enrolment_name, [f.enrolment_rate for f in shown], PALETTE[0]),
            series(drop_out_name, [f.drop_out_rate for f in shown], PALETTE[1]),
        ],
    }
    table = ChartTable(
        caption=title,
        columns=(gettext("Risk profile"), gettext("Eligible"), gettext("Enrolled"),
                 enrolment_name, gettext("Drop-outs"), drop_out_name),
        rows=tuple((profile_label(f.profile), number(f.eligible), number(f.enrolled),
                    percent(f.enrolment_rate, 1), number(f.drop_outs),
                    percent(f.drop_out_rate, 1)) for f in shown),
        numeric=(False, True, True, True, True, True),
    )
    return ChartSpec("grouped_bars", title, option, table, summary, size="medium")
