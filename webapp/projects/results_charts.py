"""How the evaluation's figures read (changes in per cent, effects in percentage points) and
the chart of the changes in the intervention and comparison groups per outcome indicator.

Changes and effects are signed fractions; they are shown with a true minus sign and a plus sign
for an increase, at most one decimal, rounded half up: −0.30 → "−30 %" (a relative change),
−0.18 → "−18 percentage points" (an effect, or an absolute change). The chart builder returns a
``webapp.charts.ChartSpec`` (ECharts, aria and decal patterns on) with the same figures as a
table.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from flask_babel import format_decimal, gettext

from models.domain import logic as lm
from models.domain import results as rs
from models.evaluations import ResultLine
from webapp.charts import INK, PALETTE, ChartSpec, ChartTable, plain_number

MINUS = "\u2212"
DASH = "–"


def signed_number(value: Decimal | None, places: int = 1, *, plus: bool = True) -> str:
    """A signed number with at most ``places`` decimals, rounded half up, a true minus sign and
    (with ``plus``) a plus sign for a positive value: −18 → "−18", 2.5 → "+2,5"."""
    if value is None:
        return DASH
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "#" * places if places else "")
    text = format_decimal(abs(rounded), format=pattern)
    if rounded < 0:
        return MINUS + text
    if rounded > 0 and plus:
        return "+" + text
    return text


def signed_percent(fraction: Decimal | None) -> str:
    """A relative change: −0.30 → "−30 %" (filter ``signed_percent``)."""
    if fraction is None:
        return DASH
    return f"{signed_number(Decimal(fraction) * 100)}\u00a0%"


def percentage_points(fraction: Decimal | None) -> str:
    """An effect or an absolute change in percentage points: −0.18 → "−18 percentage points"
    (filter ``percentage_points``)."""
    if fraction is None:
        return DASH
    return gettext("%(value)s percentage points", value=signed_number(Decimal(fraction) * 100))


def change_text(fraction: Decimal | None, kind: str) -> str:
    """A change or a goal as its kind reads: relative in per cent, absolute in points."""
    if kind == rs.ABSOLUTE:
        return percentage_points(fraction)
    return signed_percent(fraction)


def unit_text(value: Decimal | None, unit: str | None) -> str:
    """A value in an indicator's own unit, signed: −10 (Count), −2 000 kr."""
    if value is None:
        return DASH
    number = signed_number(value, 4)
    if unit == "sek":
        return f"{number}\u00a0kr"
    if unit in lm.UNIT_LABELS:
        return f"{number} ({gettext(lm.UNIT_LABELS[unit])})"
    return number


def criterion_text(line: ResultLine) -> str:
    """The success criterion: percentage points for an indicator in per cent, else its unit."""
    if line.min_effect is None:
        return DASH
    if line.percent:
        return percentage_points(line.min_effect)
    return unit_text(line.min_effect, line.unit)


def level_text(value: Decimal | None, percent: bool) -> str:
    """A level: a share in per cent (0.08 → 8 %), else in the indicator's unit."""
    if value is None:
        return DASH
    if percent:
        return f"{format_decimal(Decimal(value) * 100, format='#,##0.##')}\u00a0%"
    return format_decimal(value, format="#,##0.####")


def baseline_text(value: Decimal | None, unit: str | None) -> str:
    """An indicator's baseline or target as the logic model keeps it (55 = 55 % for a share)."""
    if value is None:
        return DASH
    if unit == "percent":
        return f"{format_decimal(value, format='#,##0.##')}\u00a0%"
    if unit == "sek":
        return f"{format_decimal(value, format='#,##0.##')}\u00a0kr"
    return format_decimal(value, format="#,##0.####")


def yes_no(value: bool | None) -> str:
    if value is None:
        return DASH
    return gettext("Yes") if value else gettext("No")


def _float(fraction: Decimal | None) -> float | None:
    if fraction is None:
        return None
    plain = plain_number((Decimal(fraction) * 100).quantize(Decimal("0.01"),
                                                            rounding=ROUND_HALF_UP))
    return None if plain is None else float(plain)


def changes_chart(lines: tuple[ResultLine, ...]) -> ChartSpec | None:
    """Bars of the change in the intervention group and in the comparison group per outcome
    indicator with a result (in per cent, or percentage points for an absolute change), the two
    groups told apart by colour and pattern; the table adds the effect."""
    shown = [line for line in lines if line.row is not None]
    if not shown:
        return None
    title = gettext("Change in the intervention group and in the comparison group")
    names = [f"{line.key}: {line.name}" for line in shown]
    treated_name = gettext("Intervention group")
    control_name = gettext("Comparison group")

    def label(fraction: Decimal | None, kind: str) -> dict[str, Any]:
        return {"value": _float(fraction),
                "label": {"show": fraction is not None, "formatter": change_text(fraction, kind),
                          "color": INK}}

    treated = [label(line.row.intervention_change, line.change_kind) for line in shown]
    control = [label(line.row.comparison_change, line.change_kind) for line in shown]
    with_effect = [line for line in shown if line.row.effect is not None]
    largest = max(with_effect, key=lambda line: abs(line.row.effect), default=None)
    summary = " ".join(part for part in (
        f"{title}.",
        gettext("Bar chart of %(count)d indicators, two bars each.", count=len(shown)),
        gettext("Largest effect: %(name)s, %(effect)s.", name=names[shown.index(largest)],
                effect=percentage_points(largest.row.effect)) if largest is not None else "",
        gettext("The figures are in the table below the chart."),
    ) if part)
    option = {
        "aria": {"enabled": True, "decal": {"show": True}, "label": {"description": summary}},
        "color": list(PALETTE),
        "textStyle": {"color": INK, "fontFamily": "system-ui, sans-serif", "fontSize": 13},
        "title": {"show": False, "text": title},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
        "legend": {"top": 0, "textStyle": {"color": INK}, "data": [treated_name, control_name]},
        "grid": {"left": 16, "right": 48, "top": 40, "bottom": 24, "containLabel": True},
        "xAxis": {"type": "value", "name": gettext("per cent / percentage points"),
                  "nameLocation": "middle", "nameGap": 28, "axisLabel": {"color": INK},
                  "nameTextStyle": {"color": INK}},
        "yAxis": {"type": "category", "inverse": True, "data": names,
                  "axisLabel": {"interval": 0, "width": 220, "overflow": "truncate",
                                "color": INK}},
        "series": [
            {"type": "bar", "name": treated_name, "data": treated, "barMaxWidth": 24,
             "itemStyle": {"color": PALETTE[0]},
             "label": {"show": True, "position": "right", "color": INK}},
            {"type": "bar", "name": control_name, "data": control, "barMaxWidth": 24,
             "itemStyle": {"color": PALETTE[1]},
             "label": {"show": True, "position": "right", "color": INK}},
        ],
    }
    table = ChartTable(
        caption=title,
        columns=(gettext("Indicator"), treated_name, control_name, gettext("Effect")),
        rows=tuple((name, change_text(line.row.intervention_change, line.change_kind),
                    change_text(line.row.comparison_change, line.change_kind),
                    percentage_points(line.row.effect))
                   for name, line in zip(names, shown, strict=True)),
        numeric=(False, True, True, True),
    )
    size = "medium" if len(shown) <= 4 else "large" if len(shown) <= 8 else "xlarge"
    return ChartSpec("evaluation-changes", title, option, table, summary, size=size)
