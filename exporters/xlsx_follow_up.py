"""The follow-up sheet (``Uppföljning``) of the decision-material workbook.

It lays out ``models.domain.follow_up.FollowUpReport`` (built by
``models.follow_ups.follow_up_report``): the steering group's status and how it is computed,
every value per indicator and period with the difference between actual and planned, the
periods still missing an actual value, and the hours per activity. Plain values only, as the
application computed them; every cell goes through ``xlsx_common.put``.
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl import Workbook

from exporters.xlsx_common import (
    BOLD,
    DATE,
    MONEY,
    PERCENT_DECIMAL,
    SheetWriter,
    Translate,
    Value,
    label,
    setup_print,
)
from models.domain import N_
from models.domain import follow_up as fu
from models.domain.results import DANGER_GAP, WARNING_GAP

FOLLOW_UP_TITLE = "Uppföljning"

WIDTHS = (14, 36, 12, 12, 16, 16, 12, 12, 12, 14, 22, 40)

UNIT_LABELS: Mapping[str, str] = {"count": N_("Count"), "percent": N_("Percent"),
                                  "sek": N_("SEK"), "score": N_("Score")}

VALUE_HEADERS = (N_("Indicator"), N_("Name"), N_("Unit"), N_("Period"), N_("Broken down by"),
                 N_("Category"), N_("Planned"), N_("Actual"), N_("Difference"),
                 N_("Behind plan"), N_("Reported by"), N_("Comment"))
MISSING_HEADERS = (N_("Indicator"), N_("Name"), N_("Period"), N_("Who reports"))
RESOURCE_HEADERS = (N_("Activity"), N_("Description"), N_("Period"), N_("Competence"),
                    N_("Planned hours"), N_("Actual hours"), N_("Difference"), N_("Comment"))
ACTIVITY_HEADERS = (N_("Activity"), N_("Description"), N_("Planned hours"),
                    N_("Actual hours"), N_("Difference"))

EXPLANATION = N_(
    "Progress per indicator with a baseline and a target: (latest actual − baseline) ÷ "
    "(target − baseline), between 0 and 100 per cent; the share of the targets reached is "
    "their average. The share of the budget spent is disbursed ÷ allocated from the fund "
    "(or ÷ the sum of the budget lines when nothing is allocated). On track while the budget "
    "spent runs at most %(warning)s percentage points ahead of the targets reached, a warning "
    "up to %(danger)s points ahead, serious beyond that.")


def _status_text(data: fu.FollowUpReport, t: Translate) -> str:
    code = data.status.status
    if code is None:
        return t(N_("Cannot be judged yet"))
    return label(fu.STATUS_LABELS, code, t)


def _value_rows(data: fu.FollowUpReport, t: Translate) -> list[list[Value]]:
    rows: list[list[Value]] = []
    for indicator in data.indicators:
        unit = label(UNIT_LABELS, indicator.unit, t)
        for value in sorted((*indicator.totals, *indicator.breakdowns),
                            key=lambda v: (v.period, v.dimension != "", v.dimension,
                                           v.category)):
            rows.append([indicator.key, indicator.name, unit, value.label, value.dimension,
                         value.category, value.planned, value.actual, value.difference,
                         t(N_("Yes")) if value.behind else "", value.reported_by,
                         value.comment])
    return rows


def write_follow_up_sheet(wb: Workbook, data: fu.FollowUpReport, translate: Translate) -> None:
    """Add the sheet ``Uppföljning`` to ``wb``."""
    t = translate
    ws = wb.create_sheet(FOLLOW_UP_TITLE)
    w = SheetWriter(ws, t, WIDTHS)
    w.title(data.title, t(N_("Follow-up")))
    setup_print(ws, landscape=True, title_rows="1:2")

    status = data.status
    w.heading(N_("Status for the steering group"))
    w.fact(N_("Date"), data.today, DATE)
    w.fact(N_("Share of the targets reached"), status.targets, PERCENT_DECIMAL)
    w.fact(N_("Indicators counted"), ", ".join(status.counted))
    w.fact(N_("Share of the budget spent"), status.spent.share, PERCENT_DECIMAL)
    w.fact(N_("Allocated from the fund"), status.spent.allocated, MONEY)
    w.fact(N_("Disbursed"), status.spent.disbursed, MONEY)
    w.fact(N_("Budget (sum of the budget lines)"), status.spent.budget_total, MONEY)
    w.fact(N_("Status"), _status_text(data, t))
    w.fact(N_("How the status is computed"),
           t(EXPLANATION) % {"warning": int(WARNING_GAP * 100), "danger": int(DANGER_GAP * 100)})

    w.heading(N_("Values per indicator and period"))
    rows = _value_rows(data, t)
    if rows:
        w.table(VALUE_HEADERS, rows)
    else:
        w.row += 1
        w.cell(1, t(N_("No values registered yet.")))

    w.heading(N_("Missing data"))
    if data.missing:
        w.table(MISSING_HEADERS, [[m.indicator_key, m.indicator_name, m.label,
                                   m.responsible] for m in data.missing])
    else:
        w.row += 1
        w.cell(1, t(N_("No data is missing.")))

    w.heading(N_("Resource use"))
    if data.resources:
        w.table(RESOURCE_HEADERS, [[r.activity_key, r.activity, r.label, r.competence,
                                    r.planned, r.actual, r.difference, r.comment]
                                   for r in data.resources])
        w.row += 1
        w.table(ACTIVITY_HEADERS, [[a.key, a.activity, a.hours.planned, a.hours.actual,
                                    a.hours.difference] for a in data.activities])
        total = data.resource_total
        w.row += 1
        w.cell(1, t(N_("Total")), font=BOLD)
        for column, value in ((3, total.planned), (4, total.actual), (5, total.difference)):
            w.cell(column, value, font=BOLD)
    else:
        w.row += 1
        w.cell(1, t(N_("No hours registered yet.")))


__all__ = ["FOLLOW_UP_TITLE", "write_follow_up_sheet"]
