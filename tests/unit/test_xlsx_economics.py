"""The economics sheets: the live Kalkyl model recalculated independently with ``formulas`` must
agree with ``calculate``, before and after an input is changed; user text stays text."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import formulas
import pytest
from openpyxl import Workbook, load_workbook

from exporters import xlsx_economics as xe
from models.domain import economics as ec

D = Decimal
SHEETS = ["Budget", "Enhetskostnader", "Kalkyl", "Känslighet"]
NAMES = {"soc": "Socialtjänsten", "region": "Region Norr"}


def identity(text: str) -> str:
    return text


def swedish(text: str) -> str:
    """A stand-in translation, to see that texts go through it."""
    return f"sv:{text}"


def make_inputs(**changes) -> ec.EconomicsInputs:
    """Three budget years, two actors; one unit cost restated by the index (2023 → 2025), one
    with a local amount, one whose price year (2019) the index lacks; benefit lines with
    deadweight, attribution, drop-off (100 % on b3: only its first year counts) and grades."""
    inputs = ec.EconomicsInputs(
        start_year=2025,
        price_year=2025,
        discount_rate=D("0.035"),
        budget=(
            ec.BudgetLine("staff", "soc", 2025, D("420000"), "Två behandlare, höst"),
            ec.BudgetLine("external", "region", 2025, D("60000.50")),
            ec.BudgetLine("material", "soc", 2026, D("35000")),
            ec.BudgetLine("staff", "region", 2026, D("150000")),
            ec.BudgetLine("evaluation", "soc", 2027, D("80000")),
        ),
        unit_costs=(
            ec.UnitCost("hvb-dygn", "Dygn på HVB", "dygn", D("3900"), 2023, confidence="C"),
            ec.UnitCost("forsorjning", "Månad med försörjningsstöd", "månad", D("9000"), 2025,
                        local_amount=D("8450.50"), confidence="B"),
            ec.UnitCost("skolplats", "Skolår", "år", D("120000"), 2019, confidence="D"),
        ),
        price_index={2023: D("100"), 2024: D("104.2"), 2025: D("107.9")},
        benefits=(
            ec.BenefitLine("b1", "i3", "hvb-dygn", D("2.5"), D("30"), "soc", 2026, 3,
                           deadweight=D("0.1"), attribution=D("0.2"), drop_off=D("0.15")),
            ec.BenefitLine("b2", "i4", "forsorjning", D("4"), D("6"), "soc", 2025, 2,
                           deadweight=D("0.05")),
            ec.BenefitLine("b3", None, "skolplats", D("1"), D("0.5"), "region", 2027, 2,
                           attribution=D("0.1"), drop_off=D("1")),
        ),
    )
    return replace(inputs, **changes)


def make_data(inputs: ec.EconomicsInputs, **changes) -> xe.EconomicsSheetData:
    data = xe.EconomicsSheetData(
        title="Tidiga insatser",
        inputs=inputs,
        result=ec.calculate(inputs),
        actor_names=NAMES,
        unit_cost_meta={"hvb-dygn": ("SKR 2023", "Genomsnitt"),
                        "skolplats": ("Skolverket", "")},
        benefit_meta={"b1": "Placeringar", "b2": "Försörjningsstöd"},
        tornado=ec.one_way(inputs),
        factor=D("0.25"),
        switching=ec.switching_values(inputs, steps=20),
        break_even=ec.break_even_factor(inputs),
        monte_carlo=xe.MonteCarloSummary(seed=20240101, draws=10000,
                                         probability_above_one=D("0.82"), p5=D("0.9"),
                                         p50=D("1.21"), p95=D("1.66")),
        honesty=("Effekten antas vara i tre år, men underlaget visar två.",),
        full_scale=xe.FullScaleSummary(target_size=1200, factor=D("40"),
                                       cost=D("29800020"), benefit=D("37415482.01"),
                                       return_per_krona=D("1.2181")),
    )
    return replace(data, **changes)


def workbook(data: xe.EconomicsSheetData, t=identity) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    xe.write_economics_sheets(wb, data, t)
    return wb


def saved(wb: Workbook) -> Workbook:
    """The workbook as written to and read back from .xlsx bytes."""
    buffer = BytesIO()
    wb.save(buffer)
    return load_workbook(BytesIO(buffer.getvalue()))


class Recalculated:
    """The workbook recalculated by ``formulas``, independently of openpyxl and Excel."""

    def __init__(self, wb: Workbook, path: Path):
        wb.save(path)
        self.book = path.name
        self.solution = formulas.ExcelModel().loads(str(path)).finish().calculate()

    def __call__(self, sheet: str, ref: str):
        return self.solution[f"'[{self.book}]{sheet.upper()}'!{ref}"].value[0, 0]

    def money(self, sheet: str, ref: str) -> Decimal:
        return ec.money(Decimal(str(float(self(sheet, ref)))))

    def errors(self) -> list[tuple[str, object]]:
        """Every cell whose value is an Excel error (#DIV/0!, #N/A, #NUM! ...)."""
        found = []
        for key, ranges in self.solution.items():
            values = getattr(ranges, "value", None)
            if values is None:
                continue
            found.extend((key, v) for v in values.flat if str(v).startswith("#"))
        return found


def result_ref(key: str) -> str:
    return f"B{xe.RESULT_ROWS[key]}"


def row_of(ws, column: int, text: str, after: int = 0) -> int:
    """The first row below ``after`` whose cell in ``column`` holds ``text``."""
    for row in range(after + 1, ws.max_row + 1):
        if ws.cell(row=row, column=column).value == text:
            return row
    raise AssertionError(f"{text!r} not found in column {column}")


def year_ref(column_offset: int, row: int) -> str:
    return f"{chr(ord('A') + xe.TL_FIRST_YEAR - 1 + column_offset)}{row}"


def assert_matches(recalc: Recalculated, ws, result: ec.Economics) -> None:
    """Results, per-year and per-actor totals of the recalculated Kalkyl equal ``result``."""
    expected = result.as_computed()
    for key in ("cost_total", "benefit_total", "cost_present_value", "benefit_present_value",
                "net_present_value"):
        assert str(recalc.money("Kalkyl", result_ref(key))) == expected[key], key
    value = Decimal(str(float(recalc("Kalkyl", result_ref("return_per_krona")))))
    assert str(ec.ratio(value)) == expected["return_per_krona"]
    assert int(recalc("Kalkyl", result_ref("payback_year"))) == expected["payback_year"]

    header = row_of(ws, xe.TL_LABEL, "Figure")
    cost, benefit = row_of(ws, 1, "Cost", header), row_of(ws, 1, "Benefit", header)
    cumulative = row_of(ws, 1, "Cumulative discounted net", header)
    for i, year in enumerate(result.years):
        assert recalc("Kalkyl", year_ref(i, header)) == year.year
        assert recalc.money("Kalkyl", year_ref(i, cost)) == ec.money(year.cost)
        assert recalc.money("Kalkyl", year_ref(i, benefit)) == ec.money(year.benefit)
        assert recalc.money("Kalkyl", year_ref(i, cumulative)) == ec.money(
            year.cumulative_net_pv)

    per_actor = row_of(ws, 1, "Per actor")
    for actor in result.by_actor:
        row = row_of(ws, 2, actor.actor, per_actor)
        for column, value in zip("CDFG", (actor.cost, actor.benefit, actor.cost_pv,
                                          actor.benefit_pv), strict=True):
            assert recalc.money("Kalkyl", f"{column}{row}") == ec.money(value), (actor, column)


# ------------------------------------------------------------------------------ recalculation


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """The example's workbook, read back from bytes, and its recalculation."""
    inputs = make_inputs()
    wb = saved(workbook(make_data(inputs)))
    return inputs, wb, Recalculated(wb, tmp_path_factory.mktemp("economics") / "base.xlsx")


def test_sheets_come_in_order_after_the_existing_ones_and_recalculate_on_opening():
    wb = Workbook()
    wb.active.title = "Sammanfattning"
    xe.write_economics_sheets(wb, make_data(make_inputs()), identity)
    assert wb.sheetnames == ["Sammanfattning", *SHEETS]
    assert wb.calculation.fullCalcOnLoad is True


def test_recalculated_kalkyl_equals_calculate(base):
    inputs, wb, recalc = base
    result = ec.calculate(inputs)
    # The example pays back in its third year, so the payback formula is exercised.
    assert result.payback_year == 2027
    assert_matches(recalc, wb["Kalkyl"], result)
    assert recalc.errors() == []


def test_kalkyl_restates_unit_costs_and_computes_yields_by_hand(base):
    _, wb, recalc = base
    ws = wb["Kalkyl"]
    header = row_of(ws, xe.UC_KEY, "Key", row_of(ws, 1, "Unit costs"))
    restated = {ws.cell(row=r, column=xe.UC_KEY).value:
                recalc.money("Kalkyl", f"H{r}") for r in range(header + 1, header + 4)}
    # 3 900 × 107.9 / 100; the local amount, already in 2025 prices; 2019 missing: unchanged.
    assert restated == {"hvb-dygn": D("4208.10"), "forsorjning": D("8450.50"),
                        "skolplats": D("120000.00")}
    timeline = row_of(ws, 1, "Figure")
    b2 = row_of(ws, 1, "b2: Försörjningsstöd", timeline)
    b3 = row_of(ws, 1, "b3", timeline)
    # b2 in 2025: 4 × 6 × 8 450.50 × (1 − 0.05) × (1 − 0.05 for grade B) = 183 037.83.
    assert recalc.money("Kalkyl", year_ref(0, b2)) == D("183037.83")
    assert recalc.money("Kalkyl", year_ref(2, b2)) == 0
    # b3: 1 × 0.5 × 120 000 × (1 − 0.1) × (1 − 0.20 for grade D) in 2027, then 100 % drop-off.
    assert recalc.money("Kalkyl", year_ref(2, b3)) == D("43200.00")
    assert recalc.money("Kalkyl", year_ref(3, b3)) == 0


def test_budget_totals_are_sums_over_the_lines(base):
    _, wb, recalc = base
    ws = wb["Budget"]
    assert ws.cell(row=xe.BUDGET_FIRST_ROW, column=xe.BUDGET_AMOUNT).value == 420000
    total = row_of(ws, 1, "Total")
    assert ws.cell(row=total, column=xe.BUDGET_AMOUNT).data_type == "f"
    assert recalc.money("Budget", f"E{total}") == D("745000.50")
    years = row_of(ws, 1, "Year", row_of(ws, 1, "Totals per year"))
    assert [(ws.cell(row=years + i, column=1).value, recalc.money("Budget", f"B{years + i}"))
            for i in (1, 2, 3)] == [(2025, D("480000.50")), (2026, D("185000.00")),
                                    (2027, D("80000.00"))]
    categories = row_of(ws, 1, "Category", row_of(ws, 1, "Totals per category"))
    assert [(ws.cell(row=categories + i, column=1).value,
             recalc.money("Budget", f"B{categories + i}")) for i in (1, 2, 3, 4)] == [
        ("Staff", D("570000.00")), ("Material", D("35000.00")),
        ("External services", D("60000.50")), ("Evaluation", D("80000.00"))]
    actors = row_of(ws, 1, "Actor key", row_of(ws, 1, "Totals per actor"))
    assert [(ws.cell(row=actors + i, column=2).value, recalc.money("Budget", f"C{actors + i}"))
            for i in (1, 2)] == [("Region Norr", D("210000.50")),
                                 ("Socialtjänsten", D("535000.00"))]


def test_changed_inputs_flow_through_as_calculate_says(tmp_path):
    inputs = make_inputs()
    wb = saved(workbook(make_data(inputs)))
    ws = wb["Kalkyl"]
    b1 = row_of(ws, xe.BL_KEY, "b1", row_of(ws, 1, "Benefit lines (avoided costs)"))
    ws.cell(row=b1, column=xe.BL_PEOPLE).value = 5
    # Adding 2019 to the index restates the school year; a budget amount edited on Budget.
    spare = row_of(ws, 1, 2025, row_of(ws, 1, "Price index")) + 1
    assert ws.cell(row=spare, column=1).value is None
    ws.cell(row=spare, column=1).value = 2019
    ws.cell(row=spare, column=2).value = 90
    wb["Budget"].cell(row=xe.BUDGET_FIRST_ROW + 2, column=xe.BUDGET_AMOUNT).value = 135000
    changed = make_inputs(
        benefits=(replace(inputs.benefits[0], people=D("5")), *inputs.benefits[1:]),
        price_index={**inputs.price_index, 2019: D("90")},
        budget=(*inputs.budget[:2], replace(inputs.budget[2], amount=D("135000")),
                *inputs.budget[3:]))
    before, after = ec.calculate(inputs), ec.calculate(changed)
    assert ec.ratio(after.return_per_krona) != ec.ratio(before.return_per_krona)
    assert_matches(Recalculated(wb, tmp_path / "changed.xlsx"), ws, after)


def test_without_costs_the_return_is_not_defined_and_no_cell_is_an_error(tmp_path):
    inputs = make_inputs(budget=())
    data = make_data(inputs, tornado=ec.one_way(inputs), switching=ec.switching_values(inputs),
                     break_even=ec.break_even_factor(inputs))
    wb = workbook(data, swedish)
    recalc = Recalculated(wb, tmp_path / "free.xlsx")
    result = data.result
    assert result.return_per_krona is None
    assert recalc("Kalkyl", result_ref("return_per_krona")) == (
        "sv:Not defined: the project has no costs.")
    assert recalc.money("Kalkyl", result_ref("cost_present_value")) == 0
    assert str(recalc.money("Kalkyl", result_ref("net_present_value"))) == (
        result.as_computed()["net_present_value"])
    assert int(recalc("Kalkyl", result_ref("payback_year"))) == result.payback_year == 2025
    assert recalc.errors() == []
    assert wb["Budget"].cell(row=xe.BUDGET_FIRST_ROW, column=1).value == "sv:No budget lines yet."
    sensitivity = wb["Känslighet"]
    assert sensitivity.cell(row=row_of(sensitivity, 1, "sv:Return per krona, as calculated"),
                            column=2).value == "sv:Not defined: the project has no costs."


def test_an_empty_project_has_no_payback_and_no_error(tmp_path):
    inputs = ec.EconomicsInputs(start_year=2025, price_year=2025, discount_rate=D("0.035"))
    wb = workbook(xe.EconomicsSheetData(title="Tom", inputs=inputs,
                                        result=ec.calculate(inputs)))
    recalc = Recalculated(wb, tmp_path / "empty.xlsx")
    assert recalc("Kalkyl", result_ref("payback_year")) == "Never within the years calculated"
    assert recalc("Kalkyl", result_ref("return_per_krona")) == (
        "Not defined: the project has no costs.")
    assert recalc.errors() == []
    ws = wb["Känslighet"]
    for text in ("No one-way variation computed.", "No switching values computed.",
                 "No simulation has been run.", "No remarks.", "No full-scale estimate yet."):
        row_of(ws, 1, text)


# ------------------------------------------------------------------------------ layout and text


def test_kalkyl_marks_inputs_and_derives_everything_else_by_formula():
    wb = workbook(make_data(make_inputs()))
    ws = wb["Kalkyl"]
    legend = ws.cell(row=3, column=1)
    assert legend.value == "Inputs — change these"
    marked = legend.fill.fgColor.rgb
    b1 = row_of(ws, xe.BL_KEY, "b1", row_of(ws, 1, "Benefit lines (avoided costs)"))
    for column in range(xe.BL_UNIT_COST, xe.BL_DROP_OFF + 1):
        cell = ws.cell(row=b1, column=column)
        assert cell.fill.fgColor.rgb == marked and cell.data_type != "f"
    for column in (xe.BL_UNIT_AMOUNT, xe.BL_OPTIMISM):
        cell = ws.cell(row=b1, column=column)
        assert cell.data_type == "f" and cell.fill.fgColor.rgb != marked
    for key in xe.RESULT_ROWS:
        assert ws[result_ref(key)].data_type == "f"
    # Grades and unit-cost keys are offered as drop-downs.
    assert [rule.formula1 for rule in ws.data_validations.dataValidation] == [
        '"A,B,C,D,E"', "$A$39:$A$41"]
    timeline = row_of(ws, 1, "Figure")
    cost = row_of(ws, 1, "Cost", timeline)
    assert ws[year_ref(0, cost)].value == (
        f"=SUMIF(Budget!$A$6:$A$10,E${timeline},Budget!$E$6:$E$10)")
    # Excel's 0^0 is #NUM! (formulas says 1): b3's 100 % drop-off needs the first-year guard.
    b3 = row_of(ws, xe.BL_KEY, "b3", row_of(ws, 1, "Benefit lines (avoided costs)"))
    yield_b3 = ws[year_ref(0, row_of(ws, 1, "b3", timeline))].value
    assert f"IF(E${timeline}=$G${b3},1,(1-$K${b3})^(E${timeline}-$G${b3}))" in yield_b3


def test_sensitivity_sheet_labels_every_figure():
    inputs = make_inputs()
    data = make_data(inputs)
    ws = workbook(data, swedish)["Känslighet"]
    header = row_of(ws, 1, "sv:Parameter")
    bars = {ws.cell(row=header + i, column=1).value:
            tuple(ws.cell(row=header + i, column=c).value for c in (2, 3, 4))
            for i in range(1, len(data.tornado) + 1)}
    people = next(bar for bar in data.tornado if bar.parameter == ec.PEOPLE)
    assert bars["sv:Effect (people affected)"] == (
        ec.ratio(people.low), ec.ratio(people.high), ec.ratio(people.swing))
    # The return is linear in people: ±25 % moves it by a quarter either way.
    base = ec.calculate(inputs).return_per_krona
    assert ec.ratio(people.low) == ec.ratio(base * D("0.75"))
    factor = row_of(ws, 1, "sv:Each parameter lowered and raised by")
    assert ws.cell(row=factor, column=2).value == D("0.25")
    break_even = row_of(ws, 1, "sv:Multiplier on the people affected that gives a return of "
                               "exactly 1")
    assert ws.cell(row=break_even, column=2).value == ec.ratio(data.break_even[0])
    seed = row_of(ws, 1, "sv:Seed")
    assert ws.cell(row=seed, column=2).value == 20240101
    row_of(ws, 1, "Effekten antas vara i tre år, men underlaget visar två.")
    full = row_of(ws, 1, "sv:Cost at full scale")
    assert ws.cell(row=full, column=2).value == D("29800020.00")


def test_unit_cost_sheet_tells_which_amounts_were_not_restated():
    ws = workbook(make_data(make_inputs()), swedish)["Enhetskostnader"]
    row = row_of(ws, 1, "skolplats")
    assert ws.cell(row=row, column=9).value == "Skolverket"
    assert ws.cell(row=row, column=11).value == (
        "sv:Not restated to 2025: the price index lacks 2019.")
    assert ws.cell(row=row_of(ws, 1, "hvb-dygn"), column=8).value == D("4208.1")


FORMULA_LOOKING = ("=SUM(A1)", '=HYPERLINK("http://x")', "+46 70 123 45 67", "@x", "-1")


def test_user_text_that_looks_like_a_formula_stays_text_in_every_sheet():
    looks = FORMULA_LOOKING
    inputs = make_inputs(
        budget=tuple(replace(line, note=looks[1]) for line in make_inputs().budget),
        unit_costs=tuple(replace(unit, name=looks[2], unit=looks[3])
                         for unit in make_inputs().unit_costs))
    data = make_data(inputs, title=looks[0], actor_names={"soc": looks[4], "region": looks[0]},
                     unit_cost_meta={"hvb-dygn": (looks[1], looks[0])},
                     benefit_meta={"b1": looks[0]}, honesty=(looks[0],))
    wb = saved(workbook(data))
    for name in SHEETS:
        ws = wb[name]
        texts = [cell for row in ws.iter_rows() for cell in row if cell.value in looks]
        assert texts, name
        assert all(cell.data_type == "s" for cell in texts), name
        assert ws["A1"].value == looks[0] and ws["A1"].quotePrefix
        formula_text = " ".join(str(cell.value) for row in ws.iter_rows() for cell in row
                                if cell.data_type == "f")
        assert "HYPERLINK" not in formula_text and "SUM(A1)" not in formula_text
