"""The sheet "Implementeringsplan": the plan, phases, financing with a sum that shows 100 %, the
results after implementation beside the project period, and user text kept as text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from io import BytesIO

from openpyxl import load_workbook

from exporters.xlsx_common import new_workbook, to_bytes
from exporters.xlsx_implementation import (
    SHEET_TITLE,
    build_implementation_workbook,
    write_implementation_sheet,
)
from models.implementation_plans import (
    ImplementationSheet,
    SheetFinancing,
    SheetPhase,
    SheetPlan,
    SheetResult,
)

PLAN = SheetPlan(
    annual_cost=D("3500000.00"), cost_note="Två team, ledning, material",
    annual_saving=D("9000000.00"), saving_per_krona=D("2.57"),
    expected_effect="20 % bättre välmående enligt WHO-5", rollout="phased",
    starts_on=date(2025, 9, 1), ends_on=date(2026, 12, 31), financing_kind="mixed",
    replaces="Uppsökande efter larm", ownership="=1+1", delivery="Två team",
    organisation="Förebyggande enheten", forums="Ledningsgruppen", prerequisites="Rekrytering",
    new_context="Hela kommunen", obstacles="-Rekrytering", follow_up_date=date(2027, 6, 30),
    follow_up_summary="")
DATA = ImplementationSheet(
    title="Förebyggande hembesök",
    plan=PLAN,
    phases=(SheetPhase("Team 1", "Östra", date(2025, 9, 1), date(2026, 2, 28), D("0.5")),
            SheetPhase("Team 2", "Västra", date(2026, 3, 1), date(2026, 12, 31), D("1"))),
    financing=(SheetFinancing("soc", "Socialförvaltningen", D("0.7"), D("2450000.00"), ""),
               SheetFinancing("region", "The region", D("0.3"), D("1050000.00"), "@avtal")),
    results=(SheetResult("i2", "WHO-5", D("0.25"), D("0.2"), date(2027, 7, 1), "Enkät"),
             SheetResult("i3", "Bistånd", D("-0.35"), None, None, "")),
    findings=(("ok", "The financing shares add up to 100 per cent."),
              ("problem", "The follow-up date is too early.")),
)


def _sheet(data=DATA, translate=lambda s: s):
    return load_workbook(BytesIO(build_implementation_workbook(data, translate=translate)))


def _row(ws, first: str):
    return next(row for row in ws.iter_rows() if row[0].value == first)


def test_the_sheet_is_named_and_titled_in_the_readers_language():
    wb = _sheet(translate=lambda s: {"Implementation plan": "Implementeringsplan"}.get(s, s))
    assert wb.sheetnames == [SHEET_TITLE]
    ws = wb[SHEET_TITLE]
    assert (ws["A1"].value, ws["A2"].value) == ("Förebyggande hembesök", "Implementeringsplan")
    assert wb.properties.title == "Implementeringsplan: Förebyggande hembesök"


def test_the_plans_figures_keep_their_number_formats():
    ws = _sheet()[SHEET_TITLE]
    cost = _row(ws, "Full-scale annual cost")
    assert cost[1].value == 3500000 and cost[1].number_format == '#,##0 "kr"'
    assert _row(ws, "Annual saving per krona of annual cost")[1].value == 2.57
    assert _row(ws, "Rollout")[1].value == "In phases"
    assert _row(ws, "Financing")[1].value == (
        "Partly within budget frames, partly additional funding")
    assert _row(ws, "Follow-up date")[1].number_format == "yyyy-mm-dd"


def test_the_financing_shares_are_summed_by_a_formula_that_shows_100_per_cent():
    ws = _sheet()[SHEET_TITLE]
    header = _row(ws, "Who finances")
    first = header[0].row + 1
    total = _row(ws, "Total")
    assert total[2].value == f"=SUM(C{first}:C{first + 1})"
    assert total[2].number_format == "0.0 %"
    assert total[3].value == f"=SUM(D{first}:D{first + 1})"
    shares = [ws.cell(row=r, column=3).value for r in (first, first + 1)]
    assert sum(D(str(s)) for s in shares) == 1
    assert ws.cell(row=first, column=4).value == 2450000


def test_results_after_implementation_sit_beside_the_project_period():
    ws = _sheet()[SHEET_TITLE]
    who5 = _row(ws, "i2: WHO-5")
    assert [c.value for c in who5[2:4]] == [0.25, 0.2]
    assert who5[4].value == f"=D{who5[0].row}-C{who5[0].row}"
    assert who5[2].number_format == "0.0 %"
    # Without a result after implementation there is nothing to subtract.
    assert _row(ws, "i3: Bistånd")[4].value is None


def test_user_text_that_looks_like_a_formula_stays_text():
    ws = _sheet()[SHEET_TITLE]
    for text in ("=1+1", "-Rekrytering", "@avtal"):
        cell = next(c for row in ws.iter_rows() for c in row if c.value == text)
        assert cell.data_type == "s"


def test_the_consistency_findings_and_an_empty_plan_are_listed():
    ws = _sheet()[SHEET_TITLE]
    assert _row(ws, "Problem")[1].value == "The follow-up date is too early."
    empty = replace(DATA, plan=None, phases=(), financing=(), results=(), findings=())
    ws = _sheet(empty)[SHEET_TITLE]
    values = [row[0].value for row in ws.iter_rows()]
    assert "No implementation plan yet." in values and "No financing shares yet." in values
    assert "Total" not in values


def test_the_sheet_joins_another_workbook():
    wb = new_workbook(write_only=False, title="Beslutsunderlag")
    wb.create_sheet("Sammanfattning")
    write_implementation_sheet(wb, DATA, lambda s: s)
    assert load_workbook(BytesIO(to_bytes(wb))).sheetnames == ["Sammanfattning", SHEET_TITLE]
