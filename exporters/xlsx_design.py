"""The design sheets of the decision material: the evaluation plan, the risk matrix and the
initiative's organisation.

Each sheet is a function ``(workbook, summary, design, translate) -> None``;
``write_design_sheets`` adds them all to the project workbook. ``design``
(``models.exchange.design.ProjectDesign``) holds the plan, risks, stop criteria and organisation
as plain values with the computed figures; ``summary`` gives the names of the logic model's
elements and indicators. The heat map is a grid of cells: each cell holds the number of open
risks at that likelihood and impact and is filled with its band's colours, and a legend names
the bands, so the map reads without colour too.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from exporters.xlsx_common import (
    BOLD,
    DATE,
    HEADER_FILL,
    INTEGER,
    MONEY,
    PERCENT,
    PERCENT_DECIMAL,
    TWO_DECIMALS,
    SheetWriter,
    Translate,
    label,
    put,
    setup_print,
)
from models.domain import N_, designs
from models.domain import logic as lm
from models.domain import power as pw
from models.domain import risk as rk
from models.domain.governance import ROLE_LABELS
from models.evaluation_plans import BASIS_LABELS, EVALUATOR_KIND_LABELS, OUTCOME_KIND_LABELS
from models.exchange.design import PlanLine, ProjectDesign
from models.reports import ProjectSummary
from models.risks import STOP_KIND_LABELS

PLAN_TITLE = "Utvärderingsplan"
RISK_TITLE = "Riskmatris"
ORGANISATION_TITLE = "Organisation"

PLAN_WIDTHS = (40, 50, 16, 16, 18, 36, 16, 30, 14)
EXPECTATION_HEADERS = (
    N_("Indicator key"),
    N_("Indicator"),
    N_("Unit"),
    N_("Expected effect"),
    N_("Basis"),
    N_("Basis and local adaptations"),
    N_("Success criterion (smallest effect that counts as success)"),
    N_("Agreed by"),
    N_("Agreed on"),
)

RISK_HEADERS = (
    N_("No."),
    N_("Kind"),
    N_("Risk description"),
    N_("Likelihood"),
    N_("Impact"),
    N_("Score"),
    N_("Priority"),
    N_("Action"),
    N_("Owner"),
    N_("Status"),
    N_("Review date"),
    N_("Risk of harm to individuals"),
    N_("Logic-model element"),
)
RISK_WIDTHS = (16, 14, 44, 14, 14, 10, 12, 40, 22, 10, 12, 14, 30)
STOP_HEADERS = (N_("Kind"), N_("Stop criterion"), N_("Indicator"), N_("Threshold"))

PEOPLE_HEADERS = (N_("Role"), N_("Name"), N_("Department or organisation"), N_("Task"))
REPORTING_HEADERS = (
    N_("Activity"),
    N_("How often"),
    N_("Done by"),
    N_("Reported by"),
    N_("What counts as done"),
    N_("Resources"),
)
CHECK_IN_HEADERS = (N_("Date"), N_("Topic"))
COMMUNICATION_HEADERS = (
    N_("Audience"),
    N_("Message"),
    N_("When"),
    N_("Channel"),
    N_("Responsible"),
)
ORGANISATION_WIDTHS = (28, 30, 30, 26, 36, 30)

#: The heat map's cells: wide enough for a count, framed so the grid prints.
THIN = Side(style="thin", color="7F7F7F")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
#: A count of zero is left blank, so the occupied cells stand out.
COUNT = '0;-0;"";@'
#: A measure in the indicator's own unit: up to four decimals.
MEASURE = "#,##0.####"


def _line(w: SheetWriter, msgid: str) -> None:
    """Leave a blank row and write one line of explanation."""
    w.row += 2
    w.cell(1, w.t(msgid), font=BOLD)


def _yes_no(value: bool, t: Translate) -> str:
    return t(N_("Yes")) if value else t(N_("No"))


def _start(wb: Workbook, title: str, summary: ProjectSummary, t: Translate, subtitle: str,
           widths: tuple[float, ...]) -> SheetWriter:
    ws = wb.create_sheet(title)
    w = SheetWriter(ws, t, widths)
    w.title(summary.title, t(subtitle))
    ws.freeze_panes = "A3"
    return w


def _indicators(summary: ProjectSummary) -> dict[str, lm.Indicator]:
    return {i.key: i for e in summary.logic_model.elements for i in e.indicators}


def _named(key: str | None, indicators: dict[str, lm.Indicator]) -> str:
    """An indicator as "key: name" (the key alone when the model no longer has it)."""
    if key is None:
        return ""
    indicator = indicators.get(key)
    return f"{key}: {indicator.name}" if indicator is not None else key


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=_argb(colour))


def _argb(colour: str) -> str:
    """``#rgb`` or ``#rrggbb`` as Excel's ``FFRRGGBB``."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"FF{digits.upper()}"


def _band_style(cell, scale: rk.RiskScale, band: str) -> None:
    colour = scale.colour(band)
    cell.fill = _fill(colour.background)
    cell.font = Font(color=_argb(colour.text), bold=cell.font.bold)


# --- the evaluation plan ----------------------------------------------------------------------


def _effect_format(plan: PlanLine) -> str:
    """Differences in proportions are shown as percentages (percentage points)."""
    return PERCENT_DECIMAL if plan.outcome == pw.PROPORTION else TWO_DECIMALS


def _expectation_format(indicator: lm.Indicator | None) -> str:
    """Effects of an indicator in per cent are fractions (−0.15 = −15 percentage points)."""
    return PERCENT_DECIMAL if indicator is not None and indicator.unit == "percent" else MEASURE


def write_plan_sheet(wb: Workbook, summary: ProjectSummary, design: ProjectDesign,
                     t: Translate) -> None:
    """Add the evaluation plan: the comparison, the guided answers, the power calculation, the
    expected effects and success criteria, the evaluator and the measurement."""
    w = _start(wb, PLAN_TITLE, summary, t, N_("Evaluation plan"), PLAN_WIDTHS)
    setup_print(w.ws, landscape=True, title_rows="1:2")
    plan = design.plan
    indicators = _indicators(summary)
    if plan is None:
        _line(w, N_("No evaluation plan yet."))
        return

    w.heading(N_("Comparison alternative"))
    chosen = None
    if plan.comparison is not None:
        chosen = next((a for a in designs.ALTERNATIVES if a.key == plan.comparison), None)
    w.fact(N_("Chosen alternative"),
           label(designs.COMPARISON_LABELS, plan.comparison, t) or t(N_("Not chosen yet")))
    if chosen is not None:
        w.fact(N_("Description"), t(chosen.description))
    fields = {f.key: f.label for a in designs.ALTERNATIVES for f in a.follow_up}
    for key, text in plan.comparison_details:
        w.fact(fields.get(key, key), text)

    w.heading(N_("Guided questions"))
    if not plan.guided_answers:
        w.fact(N_("Not answered yet."), "")
    else:
        questions = {q.key: q.text for q in designs.QUESTIONS}
        w.table((N_("Question"), N_("Answer")), (
            (t(questions[key]) if key in questions else key,
             label(designs.ANSWER_LABELS, answer, t))
            for key, answer in plan.guided_answers
        ))

    _power(w, plan, indicators)

    w.heading(N_("Expected effects and success criteria"))
    if not design.expectations:
        w.fact(N_("No expected effects yet."), "")
    else:
        w.table(EXPECTATION_HEADERS, ())
        for e in design.expectations:
            indicator = indicators.get(e.indicator)
            unit = indicator.unit if indicator is not None else None
            number = _expectation_format(indicator)
            w.row += 1
            values = (e.indicator, indicator.name if indicator else "",
                      label(lm.UNIT_LABELS, unit, t), e.expected_effect,
                      label(BASIS_LABELS, e.basis, t), e.basis_note, e.min_effect, e.agreed_by,
                      e.agreed_on)
            formats = (None, None, None, number, None, None, number, None, DATE)
            for column, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
                w.cell(column, value, fmt, wrap=isinstance(value, str))

    w.heading(N_("Evaluator and measurement"))
    w.fact(N_("Evaluator"), label(EVALUATOR_KIND_LABELS, plan.evaluator_kind, t))
    w.fact(N_("Name of the evaluator"), plan.evaluator)
    w.fact(N_("Evaluator contacted on"), plan.evaluator_contacted_on, DATE)
    w.fact(N_("Evaluation budget"), plan.evaluation_budget, MONEY)
    w.fact(N_("Effects measured on"), plan.effect_measured_on, DATE)
    w.fact(N_("Baseline measurement"), plan.baseline_plan)


def _power(w: SheetWriter, plan: PlanLine, indicators: dict[str, lm.Indicator]) -> None:
    t = w.t
    proportion = plan.outcome == pw.PROPORTION
    effect = _effect_format(plan)
    figures = plan.figures
    w.heading(N_("Power calculation"))
    w.fact(N_("Indicator"), _named(plan.power_indicator, indicators))
    w.fact(N_("Outcome"), label(OUTCOME_KIND_LABELS, plan.outcome, t))
    if proportion:
        w.fact(N_("Baseline proportion"), plan.baseline_proportion, PERCENT_DECIMAL)
    else:
        w.fact(N_("Standard deviation"), plan.sd, TWO_DECIMALS)
    w.fact(N_("Expected effect (against the comparison group)"), plan.expected_effect, effect)
    w.fact(N_("Significance level (α)"), plan.alpha, PERCENT)
    w.fact(N_("Power"), plan.power, PERCENT)
    w.fact(N_("People in the intervention group"), plan.n_intervention, INTEGER)
    w.fact(N_("People in the comparison group"), plan.n_comparison, INTEGER)
    w.fact(N_("Smallest detectable effect"), figures.mde, effect)
    detectable = figures.power.detectable
    if isinstance(detectable, pw.DetectableProportion):
        w.fact(N_("Smallest detectable change: to the proportion"),
               None if detectable.at_bound else detectable.p1, PERCENT_DECIMAL)
    w.fact(N_("People per group needed for the expected effect"), figures.n_per_group, INTEGER)
    w.fact(N_("Achieved power for the expected effect"), figures.achieved_power,
           PERCENT_DECIMAL)
    w.fact(N_("Method"), t(pw.METHOD_NOTES[plan.outcome]))


# --- the risk matrix --------------------------------------------------------------------------


def write_risk_sheet(wb: Workbook, summary: ProjectSummary, design: ProjectDesign,
                     t: Translate) -> None:
    """Add the risk matrix: the risks with score and priority, the heat map on the scale in
    force, and the stop criteria."""
    w = _start(wb, RISK_TITLE, summary, t, N_("Risk matrix"), RISK_WIDTHS)
    ws = w.ws
    setup_print(ws, landscape=True, title_rows="1:2")
    scale = design.scale
    w.row += 1
    w.fact(N_("Scale"), t(N_("%(likelihood)s levels of likelihood × %(impact)s levels of "
                             "impact")) % {"likelihood": scale.likelihood_max,
                                           "impact": scale.impact_max})
    w.heading(N_("Risks"))
    if not design.risks:
        w.fact(N_("No risks yet."), "")
    else:
        header = w.row + 1
        w.table(RISK_HEADERS, (
            (
                r.key,
                label(rk.KIND_LABELS, r.kind, t),
                r.description,
                r.likelihood,
                r.impact,
                r.score,
                label(rk.BAND_LABELS, r.priority, t) or t(N_("Outside the scale")),
                r.action,
                r.owner,
                label(rk.STATUS_LABELS, r.status, t),
                r.review_on,
                _yes_no(r.harms_individual, t),
                _element(r.element, summary),
            )
            for r in design.risks
        ), (None, None, None, INTEGER, INTEGER, INTEGER, None, None, None, None, DATE))
        for offset, risk in enumerate(design.risks, start=1):
            if risk.priority is not None:
                _band_style(ws.cell(row=header + offset, column=7), scale, risk.priority)
    _heat_maps(w, design)
    _stop_criteria(w, design, summary)


def _element(key: str | None, summary: ProjectSummary) -> str:
    if key is None:
        return ""
    element = next((e for e in summary.logic_model.elements if e.key == key), None)
    return f"{key}: {element.text}" if element is not None else key


def _heat_maps(w: SheetWriter, design: ProjectDesign) -> None:
    items = design.risk_items()
    grid = rk.heat_map(items, design.scale)
    w.heading(N_("Heat map: open threats"))
    _grid(w, design.scale, grid, threats=True)
    if any(i.kind == rk.OPPORTUNITY and i.status == rk.OPEN for i in items):
        w.heading(N_("Heat map: open opportunities"))
        _grid(w, design.scale, grid, threats=False)
    _legend(w, design.scale)


def _grid(w: SheetWriter, scale: rk.RiskScale, grid: tuple, *, threats: bool) -> None:
    """The likelihood × impact grid, highest likelihood on top, with the count per cell."""
    t, ws = w.t, w.ws
    w.row += 1
    corner = w.cell(1, t(N_("Likelihood ↓ / Impact →")), font=BOLD, wrap=True)
    corner.fill = HEADER_FILL
    corner.border = GRID
    for impact in range(1, scale.impact_max + 1):
        cell = w.cell(1 + impact, f"{impact} {t(scale.impact_label(impact))}", font=BOLD,
                      wrap=True)
        cell.fill, cell.border, cell.alignment = HEADER_FILL, GRID, CENTRE
    for row in grid:
        w.row += 1
        likelihood = row[0].likelihood
        cell = w.cell(1, f"{likelihood} {t(scale.likelihood_label(likelihood))}", font=BOLD,
                      wrap=True)
        cell.fill, cell.border = HEADER_FILL, GRID
        for heat in row:
            count = heat.threat_count if threats else heat.opportunity_count
            cell = put(ws.cell(row=w.row, column=1 + heat.impact), count, COUNT)
            cell.border, cell.alignment = GRID, CENTRE
            _band_style(cell, scale, heat.band)
        ws.row_dimensions[w.row].height = 30


def _legend(w: SheetWriter, scale: rk.RiskScale) -> None:
    """The bands with their scores, each in its colours."""
    t = w.t
    ranges = {
        rk.LOW: (1, scale.low_max),
        rk.MEDIUM: (scale.low_max + 1, scale.medium_max),
        rk.HIGH: (scale.medium_max + 1, scale.max_score),
    }
    w.row += 1
    w.cell(1, t(N_("Priority")), font=BOLD)
    w.cell(2, t(N_("Scores")), font=BOLD)
    for band in rk.BANDS:
        w.row += 1
        cell = w.cell(1, label(rk.BAND_LABELS, band, t))
        cell.border = GRID
        _band_style(cell, scale, band)
        low, high = ranges[band]
        w.cell(2, f"{low}–{high}")
    w.row += 1
    w.cell(1, t(N_("Each cell counts the open risks with that likelihood and impact; closed "
                   "risks are left out.")), wrap=False)


def _stop_criteria(w: SheetWriter, design: ProjectDesign, summary: ProjectSummary) -> None:
    t = w.t
    indicators = _indicators(summary)
    w.heading(N_("Stop criteria"))
    if not design.stop_criteria:
        w.fact(N_("No stop criteria yet."), "")
        return
    w.table(STOP_HEADERS, ())
    for s in design.stop_criteria:
        w.row += 1
        w.cell(1, label(STOP_KIND_LABELS, s.kind, t))
        w.cell(2, s.text, wrap=True)
        w.cell(3, _named(s.indicator, indicators), wrap=True)
        # A budget criterion's threshold is the overrun as a share of the budget.
        w.cell(4, s.threshold, PERCENT if s.kind == "budget" else MEASURE)


# --- the organisation -------------------------------------------------------------------------


def write_organisation_sheet(wb: Workbook, summary: ProjectSummary, design: ProjectDesign,
                             t: Translate) -> None:
    """Add the people by role, the reporting plan, the check-ins and the communication plan."""
    w = _start(wb, ORGANISATION_TITLE, summary, t, N_("Organisation, reporting and "
                                                       "communication"), ORGANISATION_WIDTHS)
    setup_print(w.ws, landscape=True, title_rows="1:2")

    w.heading(N_("People"))
    if not design.people:
        w.fact(N_("No one listed yet."), "")
    else:
        w.table(PEOPLE_HEADERS, ((label(ROLE_LABELS, p.role, t), p.name, p.affiliation, p.task)
                                 for p in design.people))

    w.heading(N_("Reporting plan"))
    w.fact(N_("Check-ins every (months)"), design.check_in_months, INTEGER)
    w.fact(N_("Who raises obstacles to whom, and when"), design.escalation)
    w.fact(N_("Other actors' resources"), design.other_resources)
    if design.reporting:
        w.row += 1
        w.table(REPORTING_HEADERS, ((r.activity, r.frequency, r.done_by, r.reported_by,
                                     r.done_when, r.resources) for r in design.reporting))

    w.heading(N_("Check-ins"))
    if not design.check_ins:
        w.fact(N_("No check-ins planned yet."), "")
    else:
        w.table(CHECK_IN_HEADERS, ((c.planned_on, c.topic) for c in design.check_ins), (DATE,))

    w.heading(N_("Communication plan"))
    if not design.communication:
        w.fact(N_("No communication planned yet."), "")
    else:
        w.table(COMMUNICATION_HEADERS, ((c.audience, c.message, c.timing, c.channel,
                                         c.responsible) for c in design.communication))


#: The design sheets of the project workbook, in order.
DESIGN_SHEETS = (write_plan_sheet, write_risk_sheet, write_organisation_sheet)


def write_design_sheets(wb: Workbook, summary: ProjectSummary, design: ProjectDesign,
                        t: Translate) -> None:
    for write_sheet in DESIGN_SHEETS:
        write_sheet(wb, summary, design, t)
