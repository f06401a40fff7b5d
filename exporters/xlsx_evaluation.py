"""The evaluation and final-report sheets: ``write_evaluation_sheet`` (msgid "Evaluation") and
``write_final_report_sheet`` (msgid "Final report"), each ``(workbook, data, translate)``, and
``build_final_report_workbook`` sending both.

The evaluation sheet's results table is live: the changes of a result given as levels are
formulas over the levels (relative: (after − before) / before; absolute: after − before), the
effect is a formula (intervention − comparison), and whether the effect reaches the success
criterion, and the goal is met within the group and by the effect, are formulas too, following
``models.domain.results`` (a value reaches a signed target when it lies at or beyond it in the
target's direction). A criterion in an indicator's own unit is judged against the
difference-in-differences of the levels. The economic evaluation's net present value and return
per krona are formulas over the present values beside them. Formulas are built only from cell
references, numbers and the product's own translated words, never from user text; every other
cell goes through ``exporters.xlsx_common.put``.

Changes, goals and effects are fractions shown in per cent; an effect (a difference of changes)
reads in percentage points: −18 % in the effect column is 18 percentage points fewer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from exporters.xlsx_common import (
    BOLD,
    DATE,
    HEADER_FILL,
    INTEGER,
    MONEY,
    PERCENT_DECIMAL,
    TWO_DECIMALS,
    YEAR,
    SheetWriter,
    Translate,
    label,
    new_workbook,
    put,
    setup_print,
    to_bytes,
)
from models.domain import N_, designs
from models.domain import economics as ec
from models.domain import logic as lm
from models.evaluation_plans import EVALUATOR_KIND_LABELS
from models.evaluations import (
    CHANGE_KIND_LABELS,
    FINANCING_KIND_LABELS,
    METHOD_LABELS,
    ROLLOUT_LABELS,
    VERDICT_LABELS,
    EconomicFigures,
    EvaluationData,
    FinalReportData,
    ResultLine,
)

EVALUATION_TITLE = N_("Evaluation")
FINAL_REPORT_TITLE = N_("Final report")
#: A measure in an indicator's own unit: up to four decimals.
MEASURE = "#,##0.####"
MONEY_ORE = '#,##0.00 "kr"'

RESULT_HEADERS = (
    N_("Indicator key"),
    N_("Indicator"),
    N_("Kind of change"),
    N_("Goal (change hoped for in the intervention group)"),
    N_("Intervention group before"),
    N_("Intervention group after"),
    N_("Comparison group before"),
    N_("Comparison group after"),
    N_("Change in the intervention group"),
    N_("Change in the comparison group"),
    N_("Effect (intervention − comparison)"),
    N_("Success criterion (smallest effect that counts as success)"),
    N_("Effect reaches the success criterion"),
    N_("Goal met within the intervention group"),
    N_("Goal met by the effect"),
    N_("People in the intervention group"),
    N_("People in the comparison group"),
    N_("Note"),
)
(C_KEY, C_NAME, C_KIND, C_GOAL, C_IB, C_IA, C_CB, C_CA, C_IC, C_CC, C_EFFECT, C_CRITERION,
 C_SUCCESS, C_IN_GROUP, C_BY_EFFECT, C_NI, C_NC, C_NOTE) = range(1, 19)
EVALUATION_WIDTHS = (12, 40, 18, 16, 14, 14, 14, 14, 16, 16, 16, 18, 16, 16, 16, 14, 14, 40)
STAKEHOLDER_HEADERS = (N_("Stakeholder"), N_("Connection to the initiative"), N_("Method"),
                       N_("What information they have"))
COMPONENT_HEADERS = (N_("Component"), N_("Activity of the logic model"), N_("Verdict"),
                     N_("Why"))
FINAL_WIDTHS = (34, 50, 18, 18, 18, 18, 18)


def _col(column: int) -> str:
    return get_column_letter(column)


def _string(text: str) -> str:
    """``text`` (the product's own translated words) as a string literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'


def _formula(w: SheetWriter, column: int, expression: str, number_format: str | None = None,
             *, font: Font | None = None) -> None:
    """Write ``=expression`` into the current row (built from references, numbers and the
    product's own words only)."""
    cell = w.ws.cell(row=w.row, column=column)
    cell.value = "=" + expression
    cell.alignment = Alignment(vertical="top")
    if number_format:
        cell.number_format = number_format
    if font:
        cell.font = font


def _reaches(value: str, target: str, yes: str, no: str) -> str:
    """A formula: whether ``value`` lies at or beyond the signed ``target`` (blank when either
    is blank)."""
    return (f'IF(OR({value}="",{target}=""),"",IF({target}<0,IF({value}<={target},{yes},{no}),'
            f'IF({target}>0,IF({value}>={target},{yes},{no}),IF({value}=0,{yes},{no}))))')


def _yes_no(value: bool | None, t: Translate) -> str:
    if value is None:
        return ""
    return t(N_("Yes")) if value else t(N_("No"))


def _headers(w: SheetWriter, headers: Sequence[str]) -> None:
    w.row += 1
    for column, msgid in enumerate(headers, start=1):
        cell = w.cell(column, w.t(msgid), font=BOLD, wrap=True)
        cell.fill = HEADER_FILL


def _note(w: SheetWriter, msgid: str) -> None:
    w.row += 1
    w.cell(1, w.t(msgid), wrap=False)


def _design(w: SheetWriter, data: EvaluationData) -> None:
    t = w.t
    design = data.design
    w.heading(N_("Comparison design"))
    w.fact(N_("Comparison alternative"),
           label(designs.COMPARISON_LABELS, design.comparison, t) or t(N_("Not chosen")))
    for msgid, value in design.details:
        w.fact(msgid, value)
    w.fact(N_("Planned intervention group (people)"), design.n_intervention, INTEGER)
    w.fact(N_("Planned comparison group (people)"), design.n_comparison, INTEGER)
    evaluator = label(EVALUATOR_KIND_LABELS, design.evaluator_kind, t)
    w.fact(N_("Evaluator"), ", ".join(part for part in (evaluator, design.evaluator) if part))
    w.fact(N_("Effects measured on"), design.effect_measured_on, DATE)


def _result_row(w: SheetWriter, line: ResultLine, yes: str, no: str) -> None:
    t = w.t
    r = w.row
    share = PERCENT_DECIMAL
    level_format = PERCENT_DECIMAL if line.percent else MEASURE
    w.cell(C_KEY, line.key)
    w.cell(C_NAME, line.name, wrap=True)
    w.cell(C_NOTE, line.note or "", wrap=True)
    if line.row is None:
        w.cell(C_KIND, t(N_("No result yet")))
        w.cell(C_CRITERION, line.min_effect, share if line.percent else MEASURE)
        return
    row = line.row
    w.cell(C_KIND, label(CHANGE_KIND_LABELS, line.change_kind, t), wrap=True)
    w.cell(C_GOAL, row.goal, share)
    levels = line.levels
    if levels is not None:
        w.cell(C_IB, levels.intervention_before, level_format)
        w.cell(C_IA, levels.intervention_after, level_format)
        w.cell(C_CB, levels.comparison_before, level_format)
        w.cell(C_CA, levels.comparison_after, level_format)
        relative = line.change_kind == "relative"
        for before, after, column in ((C_IB, C_IA, C_IC), (C_CB, C_CA, C_CC)):
            b, a = f"{_col(before)}{r}", f"{_col(after)}{r}"
            expression = f"({a}-{b})/{b}" if relative else f"{a}-{b}"
            _formula(w, column, f'IF(OR({b}="",{a}=""),"",{expression})', share)
    else:
        w.cell(C_IC, row.intervention_change, share)
        w.cell(C_CC, row.comparison_change, share)
    ic, cc = f"{_col(C_IC)}{r}", f"{_col(C_CC)}{r}"
    effect = f"{_col(C_EFFECT)}{r}"
    _formula(w, C_EFFECT, f'IF(OR({ic}="",{cc}=""),"",{ic}-{cc})', share)
    criterion = f"{_col(C_CRITERION)}{r}"
    goal = f"{_col(C_GOAL)}{r}"
    if line.criterion_in_unit:
        w.cell(C_CRITERION, line.min_effect, MEASURE)
        if levels is not None and levels.has_comparison:
            ib, ia, cb, ca = (f"{_col(c)}{r}" for c in (C_IB, C_IA, C_CB, C_CA))
            _formula(w, C_SUCCESS, _reaches(f"(({ia}-{ib})-({ca}-{cb}))", criterion, yes, no))
    else:
        w.cell(C_CRITERION, line.min_effect, share)
        _formula(w, C_SUCCESS, _reaches(effect, criterion, yes, no))
    _formula(w, C_IN_GROUP, _reaches(ic, goal, yes, no))
    _formula(w, C_BY_EFFECT, _reaches(effect, goal, yes, no))
    w.cell(C_NI, line.n_intervention, INTEGER)
    w.cell(C_NC, line.n_comparison, INTEGER)


def _figures_row(w: SheetWriter, msgid: str, design: Any, observed: Any,
                 number_format: str | None) -> None:
    w.row += 1
    w.cell(1, w.t(msgid), font=BOLD)
    w.cell(2, design, number_format)
    w.cell(3, observed, number_format)


def _economics(w: SheetWriter, data: EvaluationData) -> None:
    t = w.t
    economics = data.economics
    design, observed = economics.design, economics.observed
    w.heading(N_("Economic evaluation"))
    _headers(w, (N_("Figure"), N_("Design-stage estimate"),
                 N_("With the observed effects and the actual cost")))

    def money(figures: EconomicFigures, name: str) -> Decimal | None:
        value = getattr(figures, name)
        return None if value is None else ec.money(value)

    _figures_row(w, N_("Cost"), money(design, "cost_total"), money(observed, "cost_total"),
                 MONEY)
    cost_row = w.row + 1
    _figures_row(w, N_("Cost, present value"), money(design, "cost_present_value"),
                 money(observed, "cost_present_value"), MONEY)
    _figures_row(w, N_("Benefit, present value"), money(design, "benefit_present_value"),
                 money(observed, "benefit_present_value"), MONEY)
    benefit_row = cost_row + 1
    w.row += 1
    w.cell(1, t(N_("Net present value")), font=BOLD)
    for column in (2, 3):
        c, b = f"{_col(column)}{cost_row}", f"{_col(column)}{benefit_row}"
        _formula(w, column, f'IF(OR({c}="",{b}=""),"",{b}-{c})', MONEY)
    w.row += 1
    w.cell(1, t(N_("Return per krona")), font=BOLD)
    for column in (2, 3):
        c, b = f"{_col(column)}{cost_row}", f"{_col(column)}{benefit_row}"
        _formula(w, column, f'IF(OR({c}="",{b}=""),"",IF({c}>0,{b}/{c},""))', TWO_DECIMALS)
    _figures_row(w, N_("Cost per unit of effect (per person reaching the effect)"),
                 money(design, "cost_per_effect"), money(observed, "cost_per_effect"), MONEY)
    _figures_row(w, N_("Effect the cost per unit of effect divides by"), design.effect,
                 observed.effect, PERCENT_DECIMAL)
    _figures_row(w, N_("Payback year"), design.payback_year, observed.payback_year, YEAR)
    w.row += 1
    w.fact(N_("Budget"), economics.budget_total, MONEY)
    w.fact(N_("Actual cost"), economics.actual_cost, MONEY)
    w.fact(N_("Observed change in costs"), economics.observed_cost_change, MONEY)
    w.fact(N_("Observed over (months)"), economics.observed_months, INTEGER)
    change_row = w.row - 1
    w.row += 1
    w.cell(1, t(N_("Observed change in costs per year")), font=BOLD)
    c, m = f"B{change_row}", f"B{change_row + 1}"
    _formula(w, 2, f'IF(OR({c}="",{m}="",{m}=0),"",{c}*12/{m})', MONEY)
    w.fact(N_("About the observed costs"), economics.observed_cost_note)


def _conclusions(w: SheetWriter, data: EvaluationData) -> None:
    t = w.t
    c = data.conclusions
    w.heading(N_("Conclusions"))
    w.fact(N_("Judged a success"), _yes_no(c.judged_success, t) or t(N_("Not yet judged")))
    w.fact(N_("Conclusion"), c.conclusion)
    w.fact(N_("Successful and deficient components and their possible causes"), c.causes)
    w.fact(N_("How the observed effects link to the long-term effects"), c.long_term_link)
    w.fact(N_("Lessons"), c.lessons)
    w.fact(N_("How the results and lessons are communicated, and to whom"), c.communication)
    w.fact(N_("Report date"), c.report_date, DATE)


def _stakeholders_and_components(w: SheetWriter, data: EvaluationData) -> None:
    t = w.t
    w.heading(N_("Stakeholder analysis"))
    w.table(STAKEHOLDER_HEADERS, [
        (s.name, s.connection, label(METHOD_LABELS, s.method, t), s.information)
        for s in data.stakeholders])
    w.heading(N_("Component analysis"))
    w.table(COMPONENT_HEADERS, [
        (c.name, f"{c.element_key}: {c.element_text}" if c.element_key else "",
         label(VERDICT_LABELS, c.verdict, t), c.reason) for c in data.components])


def write_evaluation_sheet(wb: Workbook, data: EvaluationData, translate: Translate) -> None:
    """Add the evaluation: the comparison design, the live results table, the stakeholder and
    component analyses, the economic evaluation and the conclusions."""
    t = translate
    ws = wb.create_sheet(t(EVALUATION_TITLE)[:31])
    w = SheetWriter(ws, t, EVALUATION_WIDTHS)
    w.title(data.project_title, t(N_("Evaluation with the results table's effects as live "
                                     "formulas")))
    setup_print(ws, landscape=True, title_rows="1:2")
    _design(w, data)
    w.heading(N_("Results per outcome indicator"))
    _note(w, N_("Changes, goals and effects are in per cent; an effect is a difference of "
                "changes, so −18 % in the effect column reads as 18 percentage points fewer."))
    _headers(w, RESULT_HEADERS)
    yes, no = _string(t(N_("Yes"))), _string(t(N_("No")))
    for line in data.results:
        w.row += 1
        _result_row(w, line, yes, no)
    _stakeholders_and_components(w, data)
    _economics(w, data)
    _conclusions(w, data)
    wb.calculation.fullCalcOnLoad = True


# --- The final report ---------------------------------------------------------------------------


def _period(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return ""
    return f"{start.isoformat() if start else ''} – {end.isoformat() if end else ''}"


def write_final_report_sheet(wb: Workbook, data: FinalReportData, translate: Translate) -> None:
    """Add the final report: purpose, target group and goals, the evaluation design, the
    results (as the application computed them), the analyses, the economic evaluation, the
    conclusions and the implementation plan in brief."""
    t = translate
    evaluation = data.evaluation
    ws = wb.create_sheet(t(FINAL_REPORT_TITLE)[:31])
    w = SheetWriter(ws, t, FINAL_WIDTHS)
    w.title(evaluation.project_title, t(FINAL_REPORT_TITLE))
    setup_print(ws, landscape=False, title_rows="1:2")
    w.heading(N_("The initiative"))
    w.fact(N_("Overall purpose"), data.purpose)
    w.fact(N_("Need"), data.need_description)
    w.fact(N_("Target group"), data.target_description)
    w.fact(N_("Part reached by the initiative"), data.size_reached, INTEGER)
    w.fact(N_("Project period"), _period(data.start, data.end))
    w.heading(N_("Goals of the logic model"))
    w.table((N_("Level"), N_("Outcome"), N_("Outcome indicators")), [
        (label(lm.LEVEL_SINGULAR, goal.level, t), f"{goal.key}: {goal.text}",
         "\n".join(f"{key}: {name}" for key, name in goal.indicators))
        for goal in data.goals])
    _design(w, evaluation)
    w.heading(N_("Results per outcome indicator"))
    _note(w, N_("Changes, goals and effects are in per cent; an effect is a difference of "
                "changes, so −18 % in the effect column reads as 18 percentage points fewer."))
    headers = (N_("Indicator"), N_("Goal"), N_("Change in the intervention group"),
               N_("Change in the comparison group"), N_("Effect"), N_("Success criterion"),
               N_("Effect reaches the success criterion"))
    rows = []
    formats: list[str | None] = [None, PERCENT_DECIMAL, PERCENT_DECIMAL, PERCENT_DECIMAL,
                                 PERCENT_DECIMAL, None, None]
    for line in evaluation.results:
        row = line.row
        criterion: Any = line.min_effect
        rows.append((f"{line.key}: {line.name}", row.goal if row else None,
                     row.intervention_change if row else None,
                     row.comparison_change if row else None, row.effect if row else None,
                     criterion, _yes_no(row.success, t) if row else t(N_("No result yet"))))
    w.table(headers, rows, formats)
    # The criteria: fractions for an indicator in per cent, else in the indicator's unit.
    first = w.row - len(rows) + 1
    for offset, line in enumerate(evaluation.results):
        cell = ws.cell(row=first + offset, column=6)
        cell.number_format = PERCENT_DECIMAL if line.percent else MEASURE
    summary = evaluation.summary
    w.fact(N_("Goals met within the intervention group"),
           f"{summary.goals_met_in_group} / {summary.goals}")
    w.fact(N_("Goals met by the effect"), f"{summary.goals_met_by_effect} / {summary.goals}")
    w.fact(N_("Effects reaching the success criterion"),
           f"{summary.successes} / {summary.judged}")
    _stakeholders_and_components(w, evaluation)
    w.heading(N_("Economic evaluation"))
    design, observed = evaluation.economics.design, evaluation.economics.observed
    w.table((N_("Figure"), N_("Design-stage estimate"),
             N_("With the observed effects and the actual cost")), [
        (t(N_("Return per krona")), design.return_per_krona, observed.return_per_krona),
        (t(N_("Net present value")), _money(design.net_present_value),
         _money(observed.net_present_value)),
        (t(N_("Cost per unit of effect (per person reaching the effect)")),
         _money(design.cost_per_effect), _money(observed.cost_per_effect)),
    ], (None, None, None))
    last = w.row
    for column in (2, 3):
        ws.cell(row=last - 2, column=column).number_format = TWO_DECIMALS
        ws.cell(row=last - 1, column=column).number_format = MONEY
        ws.cell(row=last, column=column).number_format = MONEY
    economics = evaluation.economics
    w.fact(N_("Actual cost"), economics.actual_cost, MONEY)
    w.fact(N_("Observed change in costs"), economics.observed_cost_change, MONEY)
    w.fact(N_("Observed over (months)"), economics.observed_months, INTEGER)
    _conclusions(w, evaluation)
    plan = data.implementation
    if plan is not None:
        w.heading(N_("Implementation plan"))
        w.fact(N_("Annual cost at full scale"), plan.annual_cost, MONEY)
        w.fact(N_("Annual saving at full scale"), plan.annual_saving, MONEY)
        w.fact(N_("Expected effect at full scale"), plan.expected_effect)
        w.fact(N_("Rollout"), label(ROLLOUT_LABELS, plan.rollout, t))
        w.fact(N_("Time frame"), _period(plan.starts_on, plan.ends_on))
        w.fact(N_("Financing"), label(FINANCING_KIND_LABELS, plan.financing_kind, t))
        for actor, share in plan.financing:
            name = data.actor_names.get(actor, actor)
            w.row += 1
            w.cell(1, t(name), wrap=True)
            put(ws.cell(row=w.row, column=2), share, PERCENT_DECIMAL)
        w.fact(N_("What it replaces"), plan.replaces)
        w.fact(N_("Follow-up date"), plan.follow_up_date, DATE)
        if plan.phases:
            w.table((N_("Phase"), N_("Units"), N_("Starts on"), N_("Ends on"), N_("Coverage")),
                    [(name, units, starts, ends, coverage)
                     for name, units, starts, ends, coverage in plan.phases],
                    (None, None, DATE, DATE, PERCENT_DECIMAL))


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else ec.money(value)


def build_final_report_workbook(data: FinalReportData, *,
                                translate: Translate = lambda s: s) -> bytes:
    """The final report and the evaluation as a workbook of two sheets."""
    wb = new_workbook(write_only=False, title=f"{translate(FINAL_REPORT_TITLE)} – "
                                              f"{data.evaluation.project_title}")
    write_final_report_sheet(wb, data, translate)
    write_evaluation_sheet(wb, data.evaluation, translate)
    return to_bytes(wb)


__all__ = ["EVALUATION_TITLE", "FINAL_REPORT_TITLE", "build_final_report_workbook",
           "write_evaluation_sheet", "write_final_report_sheet"]
