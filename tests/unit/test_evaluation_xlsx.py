"""The evaluation and final-report sheets: the live results table recalculated independently
with ``formulas`` agrees with ``models.domain.results``; the economic figures and the final
report read back; user text stays text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from decimal import Decimal as D
from io import BytesIO
from pathlib import Path

import formulas
from openpyxl import Workbook, load_workbook

from exporters.xlsx_evaluation import (
    build_final_report_workbook,
    write_evaluation_sheet,
    write_final_report_sheet,
)
from models.domain import results as rs
from models.evaluations import (
    ComponentLine,
    Conclusions,
    DesignFacts,
    EconomicComparison,
    EconomicFigures,
    EvaluationData,
    FinalReportData,
    GoalLine,
    ImplementationSummary,
    ResultLine,
    StakeholderLine,
)


def _line(key, unit, *, min_effect=None, goal=None, changes=None, levels=None,
          kind=rs.RELATIVE, result=True) -> ResultLine:
    percent = unit == "percent"
    base = ResultLine(indicator_id=hash(key) % 1000, key=key, name=f"Indikator {key}",
                      unit=unit, baseline=None, target=None, min_effect=min_effect,
                      suggested_relative=None, suggested_absolute=None)
    if not result:
        return base
    if levels is not None:
        changes = rs.changes_from_levels(levels, relative=kind == rs.RELATIVE)
    in_unit = min_effect is not None and not percent
    row = rs.evaluate(rs.ResultInput(
        key, changes[0], changes[1], goal=goal, min_effect=min_effect, criterion_in_unit=in_unit,
        unit_effect=rs.level_effect(levels) if levels is not None and not percent else None))
    return ResultLine(**{**base.__dict__, "result_id": 1, "version": 1, "change_kind": kind,
                         "levels": levels, "n_intervention": 120, "n_comparison": 110,
                         "note": "=SUM(A1)", "row": row})


def evaluation_data() -> EvaluationData:
    lines = (
        _line("i6", "percent", min_effect=D("-0.15"), goal=D("-0.25"),
              changes=(D("-0.30"), D("-0.12"))),
        _line("i9", "percent", min_effect=D("-0.30"), goal=D("-0.10"), kind=rs.ABSOLUTE,
              levels=rs.Levels(D("0.20"), D("0.08"), D("0.20"), D("0.15"))),
        _line("i10", "count", min_effect=D("-10"), goal=D("-0.40"),
              levels=rs.Levels(D("45"), D("20"), D("45"), D("40"))),
        _line("i12", "percent", min_effect=D("0.05"), changes=(D("0.08"), None)),
        _line("i11", "percent", result=False),
    )
    design = EconomicFigures(cost_total=D("1000000"), cost_present_value=D("1000000"),
                             benefit_present_value=D("1932367.15"), return_per_krona=D("1.93"),
                             effect=D("-0.2"))
    observed = EconomicFigures(cost_total=D("800000"), cost_present_value=D("800000"),
                               benefit_present_value=D("3381642.51"),
                               return_per_krona=D("4.227"), effect=D("-0.35"))
    return EvaluationData(
        project_key="skolfranvaro", project_title="Skolfrånvaro",
        design=DesignFacts("generic_control", (("Kommunens andra skola", "Skola B"),), 100,
                           100, "external", "=Utvärderarna AB", date(2026, 6, 1)),
        results=lines, summary=rs.summarise(line.row for line in lines if line.row),
        stakeholders=(StakeholderLine(1, 1, "+Elever", "Deltar", "focus_group", "@info"),),
        components=(ComponentLine(1, 1, "Närvarokoll", "a1", "Daglig uppföljning",
                                  "decisive", "-Viktigast"),),
        economics=EconomicComparison(
            design=design, observed=observed, budget_total=D("1000000"),
            actual_cost=D("800000"), observed_cost_change=D("-400000"), observed_months=24,
            observed_cost_note="", people=(), effects={"i6": D("-0.18")},
            effect_indicator="i9"),
        conclusions=Conclusions(version=1, judged_success=True, conclusion="=Bra",
                                report_date=date(2026, 9, 30)))


def report_data() -> FinalReportData:
    return FinalReportData(
        evaluation=evaluation_data(), purpose="Mindre frånvaro", need_description="Hög frånvaro",
        target_description="Gymnasieelever", size_reached=300, start=date(2024, 1, 1),
        end=date(2026, 12, 31),
        goals=(GoalLine("long_term", "g1", "Fler fullföljer", (("i9", "Andel"),)),),
        implementation=ImplementationSummary(
            annual_cost=D("3500000"), annual_saving=D("9000000"), expected_effect="20 %",
            rollout="phased", starts_on=date(2027, 1, 1), ends_on=None,
            financing_kind="mixed", replaces="Gamla rutinen", follow_up_date=date(2028, 6, 1),
            phases=(("Fas 1", "Skola A", date(2027, 1, 1), None, D("0.5")),),
            financing=(("soc", D("0.6")), ("region", D("0.4")))),
        actor_names={"soc": "Socialförvaltningen", "region": "The region"})


def row_of(ws, column: int, text: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row=row, column=column).value == text:
            return row
    raise AssertionError(f"{text!r} not found in column {column}")


class Recalculated:
    """The workbook recalculated by ``formulas``, independently of openpyxl and Excel."""

    def __init__(self, wb: Workbook, path: Path):
        wb.save(path)
        self.book = path.name
        self.solution = formulas.ExcelModel().loads(str(path)).finish().calculate()

    def __call__(self, sheet: str, ref: str):
        value = self.solution[f"'[{self.book}]{sheet.upper()}'!{ref}"].value[0, 0]
        return value


def test_the_live_results_table_agrees_with_the_domain(tmp_path):
    data = evaluation_data()
    wb = Workbook()
    wb.remove(wb.active)
    write_evaluation_sheet(wb, data, lambda s: s)
    assert wb.calculation.fullCalcOnLoad
    ws = wb["Evaluation"]
    calc = Recalculated(wb, tmp_path / "evaluation.xlsx")
    yes_no = {True: "Yes", False: "No", None: ""}
    for line in data.results:
        r = row_of(ws, 1, line.key)
        if line.row is None:
            assert ws.cell(row=r, column=3).value == "No result yet"
            continue
        row = line.row
        effect = calc("Evaluation", f"K{r}")
        # Changes from levels are exact in the sheet; the application stores four decimals.
        if row.effect is None:
            assert effect == ""
        else:
            assert abs(float(effect) - float(row.effect)) <= 0.0001
        assert abs(float(calc("Evaluation", f"I{r}")) - float(row.intervention_change)) <= 0.00005
        assert calc("Evaluation", f"N{r}") == yes_no[row.goal_met_in_group]
        assert calc("Evaluation", f"O{r}") == yes_no[row.goal_met_by_effect]
        success = calc("Evaluation", f"M{r}")
        assert (success if success != "" else None) == (yes_no[row.success] or None), line.key
    # The truancy row: −18 points reach the −15 criterion; the goal only within the group.
    r = row_of(ws, 1, "i6")
    assert (calc("Evaluation", f"M{r}"), calc("Evaluation", f"N{r}"),
            calc("Evaluation", f"O{r}")) == ("Yes", "Yes", "No")
    # Levels are formulas' inputs: the changes of i9 are after − before.
    r = row_of(ws, 1, "i9")
    assert ws[f"I{r}"].value == f'=IF(OR(E{r}="",F{r}=""),"",F{r}-E{r})'
    assert calc("Evaluation", f"M{r}") == "No"
    # The count's criterion (ten pupils) is judged from the levels: 20 fewer.
    r = row_of(ws, 1, "i10")
    assert ws[f"I{r}"].value == f'=IF(OR(E{r}="",F{r}=""),"",(F{r}-E{r})/E{r})'
    assert calc("Evaluation", f"M{r}") == "Yes"


def test_the_economic_figures_derive_the_net_and_the_return_by_formula(tmp_path):
    wb = Workbook()
    wb.remove(wb.active)
    write_evaluation_sheet(wb, evaluation_data(), lambda s: s)
    ws = wb["Evaluation"]
    calc = Recalculated(wb, tmp_path / "economics.xlsx")
    net = row_of(ws, 1, "Net present value")
    ret = row_of(ws, 1, "Return per krona")
    assert round(float(calc("Evaluation", f"B{net}")), 2) == 932367.15
    assert round(float(calc("Evaluation", f"C{net}")), 2) == 2581642.51
    assert round(float(calc("Evaluation", f"C{ret}")), 4) == round(3381642.51 / 800000, 4)
    per_year = row_of(ws, 1, "Observed change in costs per year")
    assert float(calc("Evaluation", f"B{per_year}")) == -200000


def test_user_text_stays_text_in_both_sheets():
    wb = load_workbook(BytesIO(build_final_report_workbook(report_data())))
    assert wb.sheetnames == ["Final report", "Evaluation"]
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cells.setdefault(cell.value, set()).add(cell.data_type)
    for text in ("=SUM(A1)", "+Elever", "@info", "-Viktigast", "=Bra"):
        assert cells.get(text) == {"s"}, text
    assert any("=Utvärderarna AB" in value for value in cells)


def test_the_final_report_sheet_reads_as_a_report():
    wb = Workbook()
    wb.remove(wb.active)
    write_final_report_sheet(wb, report_data(), lambda s: s)
    ws = wb["Final report"]
    values = [cell.value for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert values[:2] == ["Skolfrånvaro", "Final report"]
    for text in ("Mindre frånvaro", "Gymnasieelever", "g1: Fler fullföljer", "i9: Andel",
                 "Generic control",
                 "Socialförvaltningen", "Fas 1", "Gamla rutinen"):
        assert any(text in str(v) for v in values), text
    # Every goal met within the group; two of the three effects that can be judged succeed.
    assert ws.cell(row=row_of(ws, 1, "Goals met within the intervention group"),
                   column=2).value == "3 / 3"
    assert ws.cell(row=row_of(ws, 1, "Effects reaching the success criterion"),
                   column=2).value == "2 / 3"
    r = row_of(ws, 1, "i6: Indikator i6")
    assert [ws.cell(row=r, column=c).value for c in range(2, 8)] == [
        D("-0.25"), D("-0.30"), D("-0.12"), D("-0.18"), D("-0.15"), "Yes"]
    assert ws.cell(row=r, column=5).number_format == "0.0 %"
    r = row_of(ws, 1, "i10: Indikator i10")
    assert ws.cell(row=r, column=6).number_format == "#,##0.####"
    r = row_of(ws, 1, "i11: Indikator i11")
    assert ws.cell(row=r, column=7).value == "No result yet"
    assert Decimal(str(ws.cell(row=row_of(ws, 1, "Return per krona"), column=3).value)) == \
        D("4.227")
