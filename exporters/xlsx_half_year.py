"""The half-yearly report to the decision body as one sheet (``Half-yearly report``): the same
content as the printable page, from ``models.half_year.HalfYearReport``.

Sections, top to bottom: the facts of the initiative and the half-year; outcomes so far (the
latest actual value of each outcome indicator against the value planned for that period and
the target); process (process indicators planned and actual in the half-year, reach,
participants and drop-outs by risk profile, the cream-skimming monitor, the drop-outs of the
half-year, resource use in hours); deviations (the signals as they stand on the day the report
is made); the decisions of the check-ins held in the half-year. Every cell is written with
``put``, so text a user typed never becomes a formula.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from openpyxl import Workbook

from exporters.xlsx_common import (
    DATE,
    INTEGER,
    PERCENT_DECIMAL,
    SheetWriter,
    Translate,
    label,
    setup_print,
)
from models.domain import N_
from models.domain import participation as pa
from models.domain.logic import UNIT_LABELS
from models.domain.signals import CODE_LABELS, SEVERITY_LABELS, Signal
from models.domain.stages import STAGE_LABELS
from models.half_year import DecisionLine, HalfYearReport, IndicatorLine

SHEET_TITLE = N_("Half-yearly report")
WIDTHS = (26, 44, 16, 16, 16, 18, 18, 18, 18)
#: Characters a sheet name may not hold, and its longest length.
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31

OUTCOME_HEADERS = (N_("Indicator key"), N_("Indicator"), N_("Unit"), N_("Baseline"),
                   N_("Target"), N_("Latest actual value"), N_("Period of the latest value"),
                   N_("Planned for that period"))
PROCESS_HEADERS = (N_("Indicator key"), N_("Indicator"), N_("Unit"),
                   N_("Planned in the half-year"), N_("Actual in the half-year"),
                   N_("Actual as a share of planned"), N_("Latest actual value"),
                   N_("Period of the latest value"), N_("Target"))
PROFILE_HEADERS = (N_("Risk profile"), N_("Eligible in the half-year"),
                   N_("Enrolled in the half-year"), N_("Drop-outs in the half-year"),
                   N_("Enrolment rate since the start"), N_("Drop-out rate since the start"))
DROP_OUT_HEADERS = (N_("Left on"), N_("Reason"), N_("Risk profile"), N_("Possible harm"),
                    N_("Investigated on"), N_("What the investigation found"))
RESOURCE_HEADERS = (N_("Activity"), N_("Competence"), N_("Planned hours"), N_("Actual hours"),
                    N_("Difference (actual − planned)"))
SIGNAL_HEADERS = (N_("Severity"), N_("Signal"))
DECISION_HEADERS = (N_("Held on"), N_("Decision"), N_("What prompted it"), N_("What was seen"),
                    N_("What is to be done, and when"), N_("Responsible"))


def sheet_name(translate: Translate) -> str:
    """The sheet's name in the reader's language, as Excel allows it."""
    return _NOT_IN_SHEET_NAME.sub("", translate(SHEET_TITLE))[:MAX_SHEET_NAME] or "Sheet"


def _describe(t: Translate) -> Callable[[Signal], str]:
    def describe(signal: Signal) -> str:
        params = {key: t(STAGE_LABELS[v]) if key == "stage" and v in STAGE_LABELS else v
                  for key, v in signal.params.items()}
        return t(signal.message) % params if params else t(signal.message)

    return describe


def _yes_no(value: bool, t: Translate) -> str:
    return t(N_("Yes")) if value else t(N_("No"))


def _indicator(line: IndicatorLine, t: Translate) -> tuple[str, str, str]:
    return line.key, line.name, label(UNIT_LABELS, line.unit, t)


def _prompt(decision: DecisionLine, t: Translate) -> str:
    details = []
    if decision.indicator:
        details.append(decision.indicator)
    if decision.drop_out is not None:
        details.append(t(N_("drop-out of %(date)s")) % {"date": decision.drop_out.isoformat()})
    if decision.signal_code:
        details.append(label(CODE_LABELS, decision.signal_code, t))
    prompt = label(pa.PROMPT_LABELS, decision.prompt, t)
    return f"{prompt}: {'; '.join(details)}" if details else prompt


def _cream(data: HalfYearReport, t: Translate) -> str:
    cream = data.cream
    lines = []
    if cream.enrolment.status == pa.FLAGGED:
        lines.append(t(N_("Warning: the high-risk enrolment rate is clearly below the low-risk "
                          "rate.")))
    if cream.drop_out.status == pa.FLAGGED:
        lines.append(t(N_("Warning: the high-risk drop-out rate is clearly above the low-risk "
                          "rate.")))
    if lines:
        return "\n".join(lines)
    if cream.assessed:
        return t(N_("No sign of cream-skimming in the comparisons that could be made."))
    return t(N_("Too few high-risk and low-risk participants to compare yet."))


def write_half_year_sheet(wb: Workbook, data: HalfYearReport, translate: Translate) -> None:
    """Add the half-yearly report of ``data`` to ``wb`` as one sheet (a normal workbook)."""
    t = translate
    ws = wb.create_sheet(sheet_name(t))
    setup_print(ws, landscape=True)
    w = SheetWriter(ws, t, WIDTHS)
    w.title(data.title, t(N_("Half-yearly report to the decision body")))

    w.fact(N_("Organisation"), data.organisation)
    w.fact(N_("Initiative key"), data.key)
    w.fact(N_("Stage"), label(STAGE_LABELS, data.stage, t))
    w.fact(N_("Project leader"), data.leader or "–")
    w.fact(N_("Project owner"), data.owner or "–")
    w.fact(N_("Half-year from"), data.start, DATE)
    w.fact(N_("Half-year to"), data.end, DATE)
    w.fact(N_("Report made on"), data.today, DATE)

    w.heading(N_("Outcomes so far"))
    if data.outcomes:
        w.table(OUTCOME_HEADERS, [
            (*_indicator(line, t), line.baseline, line.target,
             line.latest.actual if line.latest else None,
             line.latest.period if line.latest else None,
             line.latest.planned if line.latest else None)
            for line in data.outcomes], (None, None, None, None, None, None, DATE, None))
    else:
        w.fact(N_("Outcome indicators"), t(N_("The logic model has no outcome indicators.")))

    w.heading(N_("Process"))
    if data.process:
        w.table(PROCESS_HEADERS, [
            (*_indicator(line, t), line.half.planned, line.half.actual,
             line.half.share_of_planned, line.latest.actual if line.latest else None,
             line.latest.period if line.latest else None, line.target)
            for line in data.process],
            (None, None, None, None, None, PERCENT_DECIMAL, None, DATE, None))
    else:
        w.fact(N_("Process measures"), t(N_("The logic model has no process measures.")))

    reach = data.reach
    w.heading(N_("Reach and participants"))
    w.fact(N_("Enrolled in the half-year"), data.enrolled_in_half, INTEGER)
    w.fact(N_("Enrolled by the end of the half-year"), reach.enrolled, INTEGER)
    w.fact(N_("Size of the whole target group"), reach.target_group, INTEGER)
    w.fact(N_("Reach: share of the target group enrolled"), reach.share, PERCENT_DECIMAL)
    w.fact(N_("Planned reach (people)"), reach.planned, INTEGER)
    w.fact(N_("Planned reach: share of the target group"), reach.planned_share,
           PERCENT_DECIMAL)
    w.fact(N_("Enrolled of the planned reach"), reach.of_planned, PERCENT_DECIMAL)
    w.row += 1
    w.table(PROFILE_HEADERS, [
        (label(pa.RISK_PROFILE_LABELS, key, t), data.half_profiles[key].eligible,
         data.half_profiles[key].enrolled, data.half_profiles[key].drop_outs,
         data.profiles[key].enrolment_rate, data.profiles[key].drop_out_rate)
        for key in pa.RISK_PROFILES],
        (None, INTEGER, INTEGER, INTEGER, PERCENT_DECIMAL, PERCENT_DECIMAL))
    w.fact(N_("Cream-skimming monitor"), _cream(data, t))

    w.heading(N_("Drop-outs in the half-year"))
    w.fact(N_("Drop-outs flagged as possible harm and not investigated"), data.open_harm,
           INTEGER)
    if data.drop_outs:
        w.table(DROP_OUT_HEADERS, [
            (d.left_on,
             label(pa.DROP_OUT_REASON_LABELS, d.reason_kind, t)
             + (f": {d.reason}" if d.reason else ""),
             label(pa.RISK_PROFILE_LABELS, d.profile, t),
             (t(N_("Yes, not investigated")) if d.harm_open else _yes_no(d.possible_harm, t)),
             d.investigated_on, d.investigation or None)
            for d in data.drop_outs], (DATE, None, None, None, DATE, None))
    else:
        w.fact(N_("Drop-outs"), t(N_("No drop-outs in the half-year.")))

    w.heading(N_("Resource use in the half-year (hours)"))
    if data.resources:
        rows = [(f"{r.activity_key}: {r.activity}", r.competence, r.hours.planned,
                 r.hours.actual, r.hours.difference) for r in data.resources]
        total = data.resources_total
        rows.append((t(N_("Total")), "", total.planned, total.actual, total.difference))
        w.table(RESOURCE_HEADERS, rows)
    else:
        w.fact(N_("Resource use"), t(N_("No resource use reported for the half-year.")))

    w.heading(N_("Deviations: the signals"))
    w.fact(N_("As of"), data.today, DATE)
    describe = data.describe or _describe(t)
    if data.signals:
        w.table(SIGNAL_HEADERS, [(label(SEVERITY_LABELS, s.severity, t), describe(s))
                                 for s in data.signals])
    else:
        w.fact(N_("Signals"), t(N_("No signals")))

    w.heading(N_("Decisions of the check-ins"))
    decisions = [(c.held_on, label(pa.DECISION_LABELS, d.decision, t), _prompt(d, t),
                  d.prompted_by or None, d.action or None, d.responsible or None)
                 for c in data.check_ins for d in c.decisions]
    if decisions:
        w.table(DECISION_HEADERS, decisions, (DATE,))
    else:
        w.fact(N_("Check-ins"), t(N_("No check-ins were held in the half-year.")))
