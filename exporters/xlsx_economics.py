"""The economics sheets of the project workbook: Budget, Enhetskostnader, Kalkyl and Känslighet.

``Kalkyl`` is a live model, not a printout: the inputs (start year, price year, discount rate,
price index, optimism per grade, the unit costs' amounts and grades, the benefit lines'
parameters) sit in cells with a distinct fill, and every derived figure is an Excel formula over
them and over the ``Budget`` sheet's lines, following FORMAT.md, *Economics*, step by step as
``models.domain.economics.calculate`` does. A coordinator can change an assumption, or a budget
amount, and see the return, the net present value and the payback year follow, without the
application. The sheets are written with formulas only (openpyxl stores no cached values), and
the workbook is marked to be fully recalculated when opened.

The formulas keep to functions every spreadsheet program has (SUM, SUMIF, SUMIFS, SUMPRODUCT,
COUNTIF, INDEX/MATCH, IF, AND, ISBLANK, MIN, COUNT, IFERROR) and avoid ``0^0``, which Excel
reports as #NUM! where the domain counts it as 1 (a drop-off of 100 % keeps the first year).
Lookups and SUMIF criteria use keys, which are slugs (``models.domain.keys``), so they never
read as comparison operators or wildcards; the names users typed are shown beside them as text.

``Budget``, ``Enhetskostnader`` and ``Känslighet`` hold plain values as the application computed
them (the sensitivity figures need many recalculations, which belong in the application).

The timeline of ``Kalkyl`` covers the years of the application's result (the start year to the
last year with a cost or a benefit); a benefit moved past its last year is not counted there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from exporters.xlsx_common import (
    BOLD,
    HEADER_FILL,
    INTEGER,
    MONEY,
    PERCENT,
    PERCENT_DECIMAL,
    TWO_DECIMALS,
    YEAR,
    SheetWriter,
    Translate,
    Value,
    setup_print,
)
from models.domain import N_
from models.domain import economics as ec

BUDGET_TITLE = "Budget"
UNIT_COST_TITLE = "Enhetskostnader"
MODEL_TITLE = "Kalkyl"
SENSITIVITY_TITLE = "Känslighet"

#: The budget categories' labels (the same msgids as the budget form).
CATEGORY_LABELS: Mapping[str, str] = {
    "staff": N_("Staff"),
    "material": N_("Material"),
    "premises": N_("Premises"),
    "external": N_("External services"),
    "evaluation": N_("Evaluation"),
    "other": N_("Other costs"),
}

#: What each confidence grade means (the same msgids as the unit-cost library).
GRADE_LABELS: Mapping[str, str] = {
    "A": N_("A – audited local data"),
    "B": N_("B – local data, not audited"),
    "C": N_("C – national figures or comparable municipalities"),
    "D": N_("D – published estimate from another setting"),
    "E": N_("E – rough estimate or assumption"),
}

#: Money with öre, for unit costs and figures that are restated or discounted.
MONEY_ORE = '#,##0.00 "kr"'
#: Discount factors and multipliers.
FACTOR = "0.0000"
#: People and units per person, which may be fractional.
MEASURE = "#,##0.####"

#: Cells a user is meant to change: a light yellow fill and a frame, explained by a legend.
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_EDGE = Side(style="thin", color="BF9000")
INPUT_BORDER = Border(left=_EDGE, right=_EDGE, top=_EDGE, bottom=_EDGE)
RESULT_FONT = Font(bold=True, size=12)


# ------------------------------------------------------------------------------------------ data


@dataclass(frozen=True)
class MonteCarloSummary:
    """The last Monte Carlo run: its seed and draws, the share of draws with a return above 1
    and percentiles of the return per krona (None where not defined)."""

    seed: int
    draws: int
    probability_above_one: Decimal | None
    p5: Decimal | None
    p50: Decimal | None
    p95: Decimal | None


@dataclass(frozen=True)
class FullScaleSummary:
    """The estimate for the whole target group: its size, the factor the pilot is scaled by,
    the cost and benefit at full scale and the return per krona (None when there is no cost)."""

    target_size: Decimal | int
    factor: Decimal
    cost: Decimal
    benefit: Decimal
    return_per_krona: Decimal | None


@dataclass(frozen=True)
class EconomicsSheetData:
    """Everything the four sheets show; the application computes it, the sheets only lay it out.

    ``result`` is ``calculate(inputs)``. ``actor_names`` maps actor keys (departments and
    external actors such as "region") to display names; ``unit_cost_meta`` maps a unit cost's
    key to its (source, note); ``benefit_meta`` a benefit line's key to its indicator's name.
    ``tornado`` is ``one_way(inputs, factor)``, ``switching`` what ``switching_values`` returns
    and ``break_even`` what ``break_even_factor`` returns. ``honesty`` holds the honesty checks'
    messages, already translated.
    """

    title: str
    inputs: ec.EconomicsInputs
    result: ec.Economics
    actor_names: Mapping[str, str] = field(default_factory=dict)
    unit_cost_meta: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    benefit_meta: Mapping[str, str] = field(default_factory=dict)
    tornado: tuple[ec.TornadoBar, ...] = ()
    factor: Decimal = Decimal("0.25")
    switching: Mapping[str, tuple[Decimal | None, str | None]] = field(default_factory=dict)
    break_even: tuple[Decimal | None, str | None] = (None, None)
    monte_carlo: MonteCarloSummary | None = None
    honesty: tuple[str, ...] = ()
    full_scale: FullScaleSummary | None = None

    def actor_name(self, key: str) -> str:
        return self.actor_names.get(key, key)


# --------------------------------------------------------------------------------------- helpers


def _col(column: int) -> str:
    return get_column_letter(column)


def _abs(column: int, row: int) -> str:
    """An absolute reference such as ``$B$7``."""
    return f"${_col(column)}${row}"


def _range(column: int, first: int, last: int, sheet: str | None = None) -> str:
    """An absolute column range such as ``Budget!$A$6:$A$9``."""
    prefix = f"{sheet}!" if sheet else ""
    return f"{prefix}${_col(column)}${first}:${_col(column)}${last}"


def _string(text: str) -> str:
    """``text`` as a string literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'


def _formula(w: SheetWriter, column: int, expression: str, number_format: str | None = None,
             *, font: Font | None = None) -> Cell:
    """Write ``=expression`` into the current row (only ever built from cell references,
    numbers and the product's own translated text, never from user text)."""
    cell = w.ws.cell(row=w.row, column=column)
    cell.value = "=" + expression
    cell.alignment = Alignment(vertical="top")
    if number_format:
        cell.number_format = number_format
    if font:
        cell.font = font
    return cell


def _input(w: SheetWriter, column: int, value: Value, number_format: str | None = None) -> Cell:
    """Write an input cell, marked by its fill and frame."""
    cell = w.cell(column, value, number_format)
    cell.fill = INPUT_FILL
    cell.border = INPUT_BORDER
    if number_format:
        # Empty inputs keep the format, so what is typed in is shown the same way.
        cell.number_format = number_format
    return cell


def _header(w: SheetWriter, headers: Sequence[str], first_column: int = 1) -> None:
    """A table's header row (msgids) on a new row."""
    w.row += 1
    for column, msgid in enumerate(headers, start=first_column):
        cell = w.cell(column, w.t(msgid), font=BOLD, wrap=True)
        cell.fill = HEADER_FILL


def _line(w: SheetWriter, msgid: str) -> None:
    w.row += 1
    w.cell(1, w.t(msgid))


def _reason(t: Translate, reason: str | None) -> str:
    if reason is None:
        return ""
    return t(ec.REASONS[reason]) if reason in ec.REASONS else reason


def _ratio(value: Decimal | None, reason: str | None, t: Translate) -> Value:
    """A return per krona to four decimals, or why it is not defined."""
    return ec.ratio(value) if value is not None else _reason(t, reason or ec.NO_COSTS)


def _start(wb: Workbook, title: str, data: EconomicsSheetData, t: Translate, subtitle: str,
           widths: Sequence[float], *, landscape: bool) -> SheetWriter:
    ws = wb.create_sheet(title)
    w = SheetWriter(ws, t, widths)
    w.title(data.title, t(subtitle))
    setup_print(ws, landscape=landscape, title_rows="1:2")
    return w


# ---------------------------------------------------------------------------------------- budget

BUDGET_WIDTHS = (12, 22, 30, 18, 16, 50)
BUDGET_HEADERS = (N_("Year"), N_("Category"), N_("Actor"), N_("Actor key"), N_("Amount"),
                  N_("Note"))
#: The budget lines start on this row of ``Budget``, in these columns (``Kalkyl`` sums them).
BUDGET_FIRST_ROW = 6
BUDGET_YEAR, BUDGET_CATEGORY, BUDGET_ACTOR, BUDGET_KEY, BUDGET_AMOUNT, BUDGET_NOTE = range(1, 7)


def _budget_last_row(inputs: ec.EconomicsInputs) -> int:
    """The last row of the budget lines (the first row when there are none, so the sums still
    have a range to run over)."""
    return BUDGET_FIRST_ROW + max(len(inputs.budget), 1) - 1


def write_budget_sheet(wb: Workbook, data: EconomicsSheetData, t: Translate) -> None:
    """Add the budget: one row per line, then totals per year, category and actor, each a
    SUM/SUMIF over the lines so an edited amount updates them."""
    w = _start(wb, BUDGET_TITLE, data, t, N_("Budget"), BUDGET_WIDTHS, landscape=False)
    w.ws.freeze_panes = "A3"
    lines = data.inputs.budget
    w.heading(N_("Budget lines"))
    _header(w, BUDGET_HEADERS)
    assert w.row + 1 == BUDGET_FIRST_ROW
    if not lines:
        _line(w, N_("No budget lines yet."))
    for line in lines:
        w.row += 1
        w.cell(BUDGET_YEAR, line.year, YEAR)
        w.cell(BUDGET_CATEGORY, t(CATEGORY_LABELS.get(line.category, line.category)))
        w.cell(BUDGET_ACTOR, data.actor_name(line.actor), wrap=True)
        w.cell(BUDGET_KEY, line.actor)
        w.cell(BUDGET_AMOUNT, line.amount, MONEY)
        w.cell(BUDGET_NOTE, line.note, wrap=True)
    last = _budget_last_row(data.inputs)
    amounts = _range(BUDGET_AMOUNT, BUDGET_FIRST_ROW, last)
    w.row = last + 1
    w.cell(1, t(N_("Total")), font=BOLD)
    _formula(w, BUDGET_AMOUNT, f"SUM({amounts})", MONEY, font=BOLD)

    def totals(heading: str, headers: Sequence[str], groups: Sequence[tuple[Value, ...]],
               column: int, number_format: str | None = None) -> None:
        """One row per group: its label(s), then the SUMIF of the lines whose ``column``
        equals the group's first cell."""
        w.heading(heading)
        _header(w, (*headers, N_("Amount")))
        criteria = _range(column, BUDGET_FIRST_ROW, last)
        for values in groups:
            w.row += 1
            for i, value in enumerate(values, start=1):
                w.cell(i, value, number_format if i == 1 else None)
            _formula(w, len(values) + 1,
                     f"SUMIF({criteria},{_abs(1, w.row)},{amounts})", MONEY)

    totals(N_("Totals per year"), (N_("Year"),),
           [(year,) for year in sorted({line.year for line in lines})], BUDGET_YEAR, YEAR)
    categories = [c for c in ec.CATEGORIES if any(line.category == c for line in lines)]
    totals(N_("Totals per category"), (N_("Category"),),
           [(t(CATEGORY_LABELS[c]),) for c in categories], BUDGET_CATEGORY)
    actors = sorted({line.actor for line in lines})
    totals(N_("Totals per actor"), (N_("Actor key"), N_("Actor")),
           [(key, data.actor_name(key)) for key in actors], BUDGET_KEY)


# ------------------------------------------------------------------------------------ unit costs

UNIT_COST_WIDTHS = (18, 30, 14, 16, 16, 12, 14, 18, 36, 36, 36)
UNIT_COST_HEADERS = (
    N_("Key"),
    N_("Name"),
    N_("Unit"),
    N_("Amount"),
    N_("Local amount"),
    N_("Price year"),
    N_("Confidence grade"),
    N_("Amount in the calculation's price year"),
    N_("Source"),
    N_("Note"),
    N_("Restatement"),
)


def write_unit_cost_sheet(wb: Workbook, data: EconomicsSheetData, t: Translate) -> None:
    """Add the unit costs the calculation uses with their sources, the price index and the
    optimism reduction per confidence grade, as the application holds them."""
    w = _start(wb, UNIT_COST_TITLE, data, t, N_("Unit costs"), UNIT_COST_WIDTHS, landscape=True)
    w.ws.freeze_panes = "A3"
    inputs, result = data.inputs, data.result
    w.row += 1
    w.cell(1, t(N_("The Kalkyl sheet holds these figures as inputs; change them there to see "
                   "the effect on the calculation.")))
    w.fact(N_("Price year of the calculation"), inputs.price_year, YEAR)

    w.heading(N_("Unit costs used"))
    if not inputs.unit_costs:
        _line(w, N_("No unit costs are used."))
    else:
        _header(w, UNIT_COST_HEADERS)
    for unit in inputs.unit_costs:
        source, note = data.unit_cost_meta.get(unit.key, ("", ""))
        restated = result.restated.get(unit.key)
        unchanged = ec.unchanged_note(restated) if restated is not None else None
        w.row += 1
        values: tuple[tuple[Value, str | None], ...] = (
            (unit.key, None), (unit.name, None), (unit.unit, None), (unit.amount, MONEY_ORE),
            (unit.local_amount, MONEY_ORE), (unit.price_year, YEAR), (unit.confidence or "", None),
            (restated.amount if restated is not None else None, MONEY_ORE), (source, None),
            (note, None), (t(unchanged[0]) % unchanged[1] if unchanged else "", None))
        for column, (value, number_format) in enumerate(values, start=1):
            w.cell(column, value, number_format, wrap=isinstance(value, str))

    w.heading(N_("Price index"))
    if not inputs.price_index:
        _line(w, N_("No price index; amounts are used as entered."))
    else:
        w.table((N_("Year"), N_("Index")), sorted(inputs.price_index.items()), (YEAR, MEASURE))

    w.heading(N_("Optimism reduction per confidence grade"))
    w.table((N_("Grade"), N_("Share removed")),
            ((t(GRADE_LABELS[g]), inputs.optimism.get(g, ec.ZERO)) for g in ec.GRADES),
            (None, PERCENT_DECIMAL))


# ---------------------------------------------------------------------------------------- kalkyl

#: Rows of the results block at the top of ``Kalkyl`` (label in A, formula in B).
RESULT_LABELS = (
    ("cost_total", N_("Cost, undiscounted")),
    ("benefit_total", N_("Benefit, undiscounted")),
    ("net_total", N_("Net, undiscounted")),
    ("cost_present_value", N_("Cost, present value")),
    ("benefit_present_value", N_("Benefit, present value")),
    ("net_present_value", N_("Net present value")),
    ("return_per_krona", N_("Return per krona")),
    ("payback_year", N_("Payback year")),
)
RESULTS_FIRST_ROW = 6
#: The row of each result on ``Kalkyl``, its value in column B.
RESULT_ROWS: Mapping[str, int] = {
    key: RESULTS_FIRST_ROW + i for i, (key, _) in enumerate(RESULT_LABELS)
}
RESULT_COLUMN = 2

#: Columns of the unit-cost inputs on ``Kalkyl``.
(UC_KEY, UC_NAME, UC_UNIT, UC_AMOUNT, UC_LOCAL, UC_PRICE_YEAR, UC_GRADE, UC_RESTATED,
 UC_OPTIMISM) = range(1, 10)
UNIT_INPUT_HEADERS = (
    N_("Key"), N_("Name"), N_("Unit"), N_("Amount"), N_("Local amount (used when given)"),
    N_("Price year"), N_("Confidence grade"), N_("Amount in the price year"),
    N_("Optimism reduction"),
)
#: Columns of the benefit-line inputs on ``Kalkyl``.
(BL_KEY, BL_INDICATOR, BL_ACTOR, BL_UNIT_COST, BL_PEOPLE, BL_UNITS, BL_FIRST_YEAR, BL_YEARS,
 BL_DEADWEIGHT, BL_ATTRIBUTION, BL_DROP_OFF, BL_UNIT_AMOUNT, BL_OPTIMISM) = range(1, 14)
BENEFIT_INPUT_HEADERS = (
    N_("Key"), N_("Indicator"), N_("Actor key"), N_("Unit cost (key)"), N_("People affected"),
    N_("Units per person and year"), N_("First year"), N_("Years"), N_("Deadweight"),
    N_("Attribution"), N_("Drop-off per year"), N_("Unit amount"), N_("Optimism reduction"),
)
#: Columns of the timeline on ``Kalkyl``: label, actor key, total, present value, then years.
TL_LABEL, TL_ACTOR, TL_TOTAL, TL_PV, TL_FIRST_YEAR = range(1, 6)
TIMELINE_HEADERS = (N_("Figure"), N_("Actor key"), N_("Total"), N_("Present value"))
ACTOR_HEADERS = (N_("Actor"), N_("Actor key"), N_("Cost"), N_("Benefit"), N_("Net"),
                 N_("Cost, present value"), N_("Benefit, present value"),
                 N_("Net, present value"))
#: Spare rows below the price index, to add years in.
SPARE_INDEX_ROWS = 2


@dataclass
class _Model:
    """Where the inputs of ``Kalkyl`` are, for the formulas that use them."""

    start: str = ""
    price_year: str = ""
    rate: str = ""
    index_years: str = ""
    index_values: str = ""
    grades: str = ""
    grade_shares: str = ""
    unit_keys: str = ""
    unit_amounts: str = ""
    unit_optimism: str = ""
    #: The input row of each benefit line, in the order of ``inputs.benefits``.
    benefit_rows: list[int] = field(default_factory=list)


def write_model_sheet(wb: Workbook, data: EconomicsSheetData, t: Translate) -> None:
    """Add the live calculation: results on top, then the inputs, the timeline per year and
    the split per actor, every derived figure a formula."""
    years = max(len(data.result.years), 1)
    columns = max(UC_OPTIMISM, BL_OPTIMISM, len(ACTOR_HEADERS), TL_FIRST_YEAR + years - 1)
    widths = (40, 18, *([15] * (columns - 2)))
    w = _start(wb, MODEL_TITLE, data, t, N_("Calculation with live formulas"), widths,
               landscape=True)
    ws = w.ws
    w.row += 1
    legend = w.cell(1, t(N_("Inputs — change these")), font=BOLD)
    legend.fill, legend.border = INPUT_FILL, INPUT_BORDER
    w.cell(2, t(N_("Every other figure is a formula over the inputs and the Budget sheet's "
                   "lines, and follows when they change.")))
    w.heading(N_("Results"))
    assert w.row + 1 == RESULTS_FIRST_ROW
    for _key, msgid in RESULT_LABELS:
        w.row += 1
        w.cell(1, t(msgid), font=BOLD)
    m = _Model()
    _parameters(w, data, m)
    _unit_costs(w, data, m)
    _benefit_lines(w, data, m)
    rows = _timeline(w, data, m, years)
    _actors(w, data, rows)
    _results(w, data, rows)
    ws.freeze_panes = "A3"


def _parameters(w: SheetWriter, data: EconomicsSheetData, m: _Model) -> None:
    t, inputs = w.t, data.inputs
    w.heading(N_("Parameters"))
    for attribute, msgid, value, number_format in (
        ("start", N_("Start year (discounting starts here)"), inputs.start_year, YEAR),
        ("price_year", N_("Price year"), inputs.price_year, YEAR),
        ("rate", N_("Discount rate"), inputs.discount_rate, PERCENT_DECIMAL),
    ):
        w.row += 1
        w.cell(1, t(msgid), font=BOLD)
        _input(w, 2, value, number_format)
        setattr(m, attribute, _abs(2, w.row))

    w.heading(N_("Price index"))
    _header(w, (N_("Year"), N_("Index")))
    first = w.row + 1
    for year, value in sorted(inputs.price_index.items()):
        w.row += 1
        _input(w, 1, year, YEAR)
        _input(w, 2, value, MEASURE)
    for _ in range(SPARE_INDEX_ROWS):
        w.row += 1
        _input(w, 1, None, YEAR)
        _input(w, 2, None, MEASURE)
    m.index_years, m.index_values = _range(1, first, w.row), _range(2, first, w.row)
    w.row += 1
    w.cell(1, t(N_("Years may be added in the empty rows; a unit cost whose price year the "
                   "index lacks is used unchanged.")))

    w.heading(N_("Optimism reduction per confidence grade"))
    _header(w, (N_("Grade"), N_("Share removed")))
    first = w.row + 1
    for grade in ec.GRADES:
        w.row += 1
        w.cell(1, grade)
        _input(w, 2, inputs.optimism.get(grade, ec.ZERO), PERCENT_DECIMAL)
        w.cell(3, t(GRADE_LABELS[grade]))
    m.grades, m.grade_shares = _range(1, first, w.row), _range(2, first, w.row)


def _choices(w: SheetWriter, column: int, first: int, last: int, options: str) -> None:
    """Offer ``options`` (a list formula) as a drop-down in the column's cells."""
    rule = DataValidation(type="list", formula1=options, allow_blank=True)
    rule.add(f"{_col(column)}{first}:{_col(column)}{last}")
    w.ws.add_data_validation(rule)


def _unit_costs(w: SheetWriter, data: EconomicsSheetData, m: _Model) -> None:
    w.heading(N_("Unit costs"))
    units = data.inputs.unit_costs
    if not units:
        _line(w, N_("No unit costs are used."))
        return
    _header(w, UNIT_INPUT_HEADERS)
    first = w.row + 1
    for unit in units:
        w.row += 1
        r = w.row
        w.cell(UC_KEY, unit.key)
        w.cell(UC_NAME, unit.name, wrap=True)
        w.cell(UC_UNIT, unit.unit, wrap=True)
        _input(w, UC_AMOUNT, unit.amount, MONEY_ORE)
        _input(w, UC_LOCAL, unit.local_amount, MONEY_ORE)
        _input(w, UC_PRICE_YEAR, unit.price_year, YEAR)
        _input(w, UC_GRADE, unit.confidence)
        amount, local = _abs(UC_AMOUNT, r), _abs(UC_LOCAL, r)
        unit_year = _abs(UC_PRICE_YEAR, r)
        # Local amount when given, restated by index[price year] / index[unit's price year]
        # when the index has both years, else unchanged.
        factor = (f"IF(AND(COUNTIF({m.index_years},{m.price_year})>0,"
                  f"COUNTIF({m.index_years},{unit_year})>0),"
                  f"INDEX({m.index_values},MATCH({m.price_year},{m.index_years},0))"
                  f"/INDEX({m.index_values},MATCH({unit_year},{m.index_years},0)),1)")
        _formula(w, UC_RESTATED, f"IF(ISBLANK({local}),{amount},{local})*{factor}", MONEY_ORE)
        grade = _abs(UC_GRADE, r)
        _formula(w, UC_OPTIMISM, f"IF(ISBLANK({grade}),0,"
                                 f"IFERROR(INDEX({m.grade_shares},MATCH({grade},{m.grades},0)),0))",
                 PERCENT_DECIMAL)
    _choices(w, UC_GRADE, first, w.row, _string(",".join(ec.GRADES)))
    m.unit_keys = _range(UC_KEY, first, w.row)
    m.unit_amounts = _range(UC_RESTATED, first, w.row)
    m.unit_optimism = _range(UC_OPTIMISM, first, w.row)


def _benefit_lines(w: SheetWriter, data: EconomicsSheetData, m: _Model) -> None:
    w.heading(N_("Benefit lines (avoided costs)"))
    lines = data.inputs.benefits
    if not lines:
        _line(w, N_("No benefit lines yet."))
        return
    _header(w, BENEFIT_INPUT_HEADERS)
    if m.unit_keys:
        _choices(w, BL_UNIT_COST, w.row + 1, w.row + len(lines), m.unit_keys)
    for line in lines:
        w.row += 1
        r = w.row
        m.benefit_rows.append(r)
        w.cell(BL_KEY, line.key)
        w.cell(BL_INDICATOR, data.benefit_meta.get(line.key, ""), wrap=True)
        w.cell(BL_ACTOR, line.actor)
        _input(w, BL_UNIT_COST, line.unit_cost)
        _input(w, BL_PEOPLE, line.people, MEASURE)
        _input(w, BL_UNITS, line.units_per_person, MEASURE)
        _input(w, BL_FIRST_YEAR, line.first_year, YEAR)
        _input(w, BL_YEARS, line.years, INTEGER)
        _input(w, BL_DEADWEIGHT, line.deadweight, PERCENT_DECIMAL)
        _input(w, BL_ATTRIBUTION, line.attribution, PERCENT_DECIMAL)
        _input(w, BL_DROP_OFF, line.drop_off, PERCENT_DECIMAL)
        match = f"MATCH({_abs(BL_UNIT_COST, r)},{m.unit_keys},0)"
        _formula(w, BL_UNIT_AMOUNT, f"INDEX({m.unit_amounts},{match})", MONEY_ORE)
        _formula(w, BL_OPTIMISM, f"INDEX({m.unit_optimism},{match})", PERCENT_DECIMAL)


@dataclass
class _Rows:
    """Rows of the timeline, for the totals and the split per actor."""

    year: int = 0
    factor: int = 0
    cost: int = 0
    cost_actors: tuple[int, int] | None = None
    benefits: tuple[int, int] | None = None
    benefit: int = 0
    net: int = 0
    cost_pv: int = 0
    benefit_pv: int = 0
    net_pv: int = 0
    cumulative: int = 0
    paid_back: int = 0
    last_column: int = TL_FIRST_YEAR


def _timeline(w: SheetWriter, data: EconomicsSheetData, m: _Model, years: int) -> _Rows:
    """Per year, one column each: cost, cost per actor, each benefit line's yield, benefit,
    net, discount factor, present values and the cumulative discounted net."""
    t, inputs = w.t, data.inputs
    rows = _Rows()
    columns = range(TL_FIRST_YEAR, TL_FIRST_YEAR + years)
    last = rows.last_column = columns[-1]
    budget_first, budget_last = BUDGET_FIRST_ROW, _budget_last_row(inputs)
    budget_years = _range(BUDGET_YEAR, budget_first, budget_last, BUDGET_TITLE)
    budget_keys = _range(BUDGET_KEY, budget_first, budget_last, BUDGET_TITLE)
    budget_amounts = _range(BUDGET_AMOUNT, budget_first, budget_last, BUDGET_TITLE)

    w.heading(N_("Per year"))
    _header(w, TIMELINE_HEADERS)
    rows.year = w.row
    for column in columns:
        previous = f"{_col(column - 1)}{rows.year}"
        cell = _formula(w, column, m.start if column == TL_FIRST_YEAR else f"{previous}+1",
                        YEAR, font=BOLD)
        cell.fill = HEADER_FILL

    def year(column: int) -> str:
        return f"{_col(column)}${rows.year}"

    def cells(row: int) -> str:
        return f"{_col(TL_FIRST_YEAR)}{row}:{_col(last)}{row}"

    def row(label: str, formula: Callable[[int, int], str], number_format: str = MONEY_ORE,
            *, actor: str | None = None, total: bool = True, present_value: bool = False,
            font: Font | None = None) -> int:
        """Write one timeline row: ``formula(column, row)`` per year, with its total and its
        present value when asked."""
        w.row += 1
        r = w.row
        w.cell(TL_LABEL, label, font=font, wrap=True)
        if actor is not None:
            w.cell(TL_ACTOR, actor)
        for column in columns:
            _formula(w, column, formula(column, r), number_format, font=font)
        if total:
            _formula(w, TL_TOTAL, f"SUM({cells(r)})", number_format, font=font)
        if present_value:
            _formula(w, TL_PV, f"SUMPRODUCT({cells(r)}/{cells(rows.factor)})",
                     number_format, font=font)
        return r

    rows.factor = row(t(N_("Discount factor (1 + rate)^(year − start year)")),
                      lambda c, r: f"(1+{m.rate})^({year(c)}-{m.start})", FACTOR, total=False)
    rows.cost = row(t(N_("Cost")),
                    lambda c, r: f"SUMIF({budget_years},{year(c)},{budget_amounts})",
                    present_value=True, font=BOLD)
    first = w.row + 1
    for key in sorted({line.actor for line in inputs.budget}):
        # Each row sums the lines of the actor whose key stands in its own column B.
        row(t(N_("Cost borne by %(actor)s")) % {"actor": data.actor_name(key)},
            lambda c, r: (f"SUMIFS({budget_amounts},{budget_keys},{_abs(TL_ACTOR, r)},"
                          f"{budget_years},{year(c)})"),
            actor=key, present_value=True)
    if w.row >= first:
        rows.cost_actors = (first, w.row)

    first = w.row + 1
    for line, b in zip(inputs.benefits, m.benefit_rows, strict=True):
        name = data.benefit_meta.get(line.key, "")
        row(f"{line.key}: {name}" if name else line.key,
            lambda c, r, b=b: _yield(year(c), b),
            actor=line.actor, present_value=True)
    if w.row >= first:
        span = rows.benefits = (first, w.row)
        rows.benefit = row(t(N_("Benefit")),
                           lambda c, r: f"SUM({_col(c)}{span[0]}:{_col(c)}{span[1]})",
                           present_value=True, font=BOLD)
    else:
        rows.benefit = row(t(N_("Benefit")), lambda c, r: "0", present_value=True, font=BOLD)
    rows.net = row(t(N_("Net (benefit − cost)")),
                   lambda c, r: f"{_col(c)}{rows.benefit}-{_col(c)}{rows.cost}",
                   present_value=True)
    rows.cost_pv = row(t(N_("Cost, present value")),
                       lambda c, r: f"{_col(c)}{rows.cost}/{_col(c)}{rows.factor}")
    rows.benefit_pv = row(t(N_("Benefit, present value")),
                          lambda c, r: f"{_col(c)}{rows.benefit}/{_col(c)}{rows.factor}")
    rows.net_pv = row(t(N_("Net, present value")),
                      lambda c, r: f"{_col(c)}{rows.benefit_pv}-{_col(c)}{rows.cost_pv}",
                      font=BOLD)
    rows.cumulative = row(
        t(N_("Cumulative discounted net")),
        lambda c, r: (f"{_col(c)}{rows.net_pv}" if c == TL_FIRST_YEAR
                      else f"{_col(c - 1)}{r}+{_col(c)}{rows.net_pv}"),
        total=False)
    rows.paid_back = row(
        t(N_("Year, when the cumulative discounted net is 0 or more")),
        lambda c, r: f'IF({_col(c)}{rows.cumulative}>=0,{year(c)},"")', YEAR, total=False)
    w.row += 1
    w.cell(1, t(N_("The years run from the start year to the last year with a cost or a benefit "
                   "when the workbook was made; costs or benefits moved outside them are not "
                   "counted.")))
    return rows


def _yield(year: str, b: int) -> str:
    """A benefit line's yield in ``year`` (FORMAT.md, *Economics*): people × units × unit
    amount × (1 − deadweight) × (1 − attribution) × (1 − drop-off)^k × (1 − optimism) in its
    years, 0 outside them; the first year's drop-off factor is 1 (Excel's 0^0 is an error)."""
    def at(column: int) -> str:
        return _abs(column, b)

    first = at(BL_FIRST_YEAR)
    k = f"({year}-{first})"
    return (f"IF(AND({year}>={first},{year}<={first}+{at(BL_YEARS)}-1),"
            f"{at(BL_PEOPLE)}*{at(BL_UNITS)}*{at(BL_UNIT_AMOUNT)}"
            f"*(1-{at(BL_DEADWEIGHT)})*(1-{at(BL_ATTRIBUTION)})"
            f"*IF({year}={first},1,(1-{at(BL_DROP_OFF)})^{k})"
            f"*(1-{at(BL_OPTIMISM)}),0)")


def _actors(w: SheetWriter, data: EconomicsSheetData, rows: _Rows) -> None:
    """Who pays and who gains: per actor the SUMIF of the budget lines and of the benefit
    lines, undiscounted and at present value."""
    w.heading(N_("Per actor"))
    actors = [row.actor for row in data.result.by_actor]
    if not actors:
        _line(w, N_("No costs or benefits yet."))
        return
    _header(w, ACTOR_HEADERS)
    inputs = data.inputs
    last = _budget_last_row(inputs)
    budget_keys = _range(BUDGET_KEY, BUDGET_FIRST_ROW, last, BUDGET_TITLE)
    budget_amounts = _range(BUDGET_AMOUNT, BUDGET_FIRST_ROW, last, BUDGET_TITLE)

    def sumif(span: tuple[int, int] | None, key: str, column: int) -> str:
        if span is None:
            return "0"
        return (f"SUMIF({_range(TL_ACTOR, *span)},{key},{_range(column, *span)})")

    for actor in actors:
        w.row += 1
        r = w.row
        w.cell(1, data.actor_name(actor), wrap=True)
        w.cell(2, actor)
        key = _abs(2, r)
        _formula(w, 3, f"SUMIF({budget_keys},{key},{budget_amounts})", MONEY_ORE)
        _formula(w, 4, sumif(rows.benefits, key, TL_TOTAL), MONEY_ORE)
        _formula(w, 5, f"D{r}-C{r}", MONEY_ORE)
        _formula(w, 6, sumif(rows.cost_actors, key, TL_PV), MONEY_ORE)
        _formula(w, 7, sumif(rows.benefits, key, TL_PV), MONEY_ORE)
        _formula(w, 8, f"G{r}-F{r}", MONEY_ORE)


def _results(w: SheetWriter, data: EconomicsSheetData, rows: _Rows) -> None:
    """Fill the results block on top from the timeline's totals."""
    t = w.t
    inputs = data.inputs

    def total(row: int) -> str:
        return f"{_col(TL_TOTAL)}{row}"

    no_costs = _string(t(ec.REASONS[ec.NO_COSTS]))
    never = _string(t(N_("Never within the years calculated")))
    paid_back = f"{_col(TL_FIRST_YEAR)}{rows.paid_back}:{_col(rows.last_column)}{rows.paid_back}"
    formulas = {
        "cost_total": (total(rows.cost), MONEY_ORE),
        "benefit_total": (total(rows.benefit), MONEY_ORE),
        "net_total": (total(rows.net), MONEY_ORE),
        "cost_present_value": (total(rows.cost_pv), MONEY_ORE),
        "benefit_present_value": (total(rows.benefit_pv), MONEY_ORE),
        "net_present_value": (total(rows.net_pv), MONEY_ORE),
        "return_per_krona": (f"IF({total(rows.cost_pv)}=0,{no_costs},"
                             f"{total(rows.benefit_pv)}/{total(rows.cost_pv)})", TWO_DECIMALS),
        # With neither costs nor benefits there are no years to pay back in.
        "payback_year": (never if not inputs.budget and not inputs.benefits
                         else f"IF(COUNT({paid_back})=0,{never},MIN({paid_back}))", YEAR),
    }
    saved = w.row
    for key, (expression, number_format) in formulas.items():
        w.row = RESULT_ROWS[key]
        cell = _formula(w, RESULT_COLUMN, expression, number_format, font=RESULT_FONT)
        cell.alignment = Alignment(horizontal="left", vertical="top")
    w.row = saved


# ----------------------------------------------------------------------------------- sensitivity

SENSITIVITY_WIDTHS = (44, 22, 22, 16, 50)


def write_sensitivity_sheet(wb: Workbook, data: EconomicsSheetData, t: Translate) -> None:
    """Add the sensitivity analysis as the application computed it: the one-way variation
    (tornado), the break-even multiplier, the switching values, the Monte Carlo summary, the
    honesty checks and the full-scale estimate."""
    w = _start(wb, SENSITIVITY_TITLE, data, t, N_("Sensitivity analysis"), SENSITIVITY_WIDTHS,
               landscape=False)
    w.ws.freeze_panes = "A3"
    result = data.result
    w.row += 1
    w.fact(N_("Return per krona, as calculated"),
           _ratio(result.return_per_krona, result.return_reason, t), TWO_DECIMALS)

    w.heading(N_("One-way variation"))
    w.fact(N_("Each parameter lowered and raised by"), data.factor, PERCENT)
    if not data.tornado:
        _line(w, N_("No one-way variation computed."))
    else:
        w.row += 1
        w.table((N_("Parameter"), N_("Return per krona, parameter lowered"),
                 N_("Return per krona, parameter raised"), N_("Swing")), (
            (t(ec.PARAMETER_LABELS.get(bar.parameter, bar.parameter)),
             _ratio(bar.low, ec.NO_COSTS, t), _ratio(bar.high, ec.NO_COSTS, t),
             ec.ratio(bar.swing))
            for bar in data.tornado), (None, TWO_DECIMALS, TWO_DECIMALS, TWO_DECIMALS))

    w.heading(N_("Break-even"))
    value, reason = data.break_even
    w.fact(N_("Multiplier on the people affected that gives a return of exactly 1"),
           ec.ratio(value) if value is not None else _reason(t, reason), FACTOR)

    w.heading(N_("Switching values"))
    kinds = {
        ec.PEOPLE: (N_("Multiplier on the current value"), FACTOR),
        ec.UNIT_COSTS: (N_("Multiplier on the current value"), FACTOR),
        ec.DISCOUNT_RATE: (N_("Discount rate"), PERCENT_DECIMAL),
    }
    if not data.switching:
        _line(w, N_("No switching values computed."))
    else:
        _header(w, (N_("Parameter"), N_("Value at which the return is exactly 1"), N_("Kind")))
        for parameter, (value, reason) in data.switching.items():
            kind, number_format = kinds.get(parameter, (N_("Value"), FACTOR))
            w.row += 1
            w.cell(1, t(ec.PARAMETER_LABELS.get(parameter, parameter)))
            if value is None:
                w.cell(2, _reason(t, reason), wrap=True)
            else:
                w.cell(2, value.quantize(Decimal("0.000001")), number_format)
            w.cell(3, t(kind))

    w.heading(N_("Monte Carlo simulation"))
    mc = data.monte_carlo
    if mc is None:
        _line(w, N_("No simulation has been run."))
    else:
        w.fact(N_("Seed"), mc.seed)
        w.fact(N_("Draws"), mc.draws, INTEGER)
        w.fact(N_("Probability that the return per krona exceeds 1"), mc.probability_above_one,
               PERCENT_DECIMAL)
        for msgid, value in ((N_("Return per krona, 5th percentile"), mc.p5),
                             (N_("Return per krona, median"), mc.p50),
                             (N_("Return per krona, 95th percentile"), mc.p95)):
            w.fact(msgid, _ratio(value, ec.NO_COSTS, t), TWO_DECIMALS)

    w.heading(N_("Honesty checks"))
    if not data.honesty:
        _line(w, N_("No remarks."))
    for message in data.honesty:
        w.row += 1
        w.cell(1, message, wrap=False)

    w.heading(N_("Full-scale estimate"))
    full = data.full_scale
    if full is None:
        _line(w, N_("No full-scale estimate yet."))
    else:
        w.fact(N_("Size of the whole target group"), full.target_size, MEASURE)
        w.fact(N_("Scale-up factor"), full.factor, MEASURE)
        w.fact(N_("Cost at full scale"), ec.money(full.cost), MONEY)
        w.fact(N_("Benefit at full scale"), ec.money(full.benefit), MONEY)
        w.fact(N_("Return per krona at full scale"),
               _ratio(full.return_per_krona, ec.NO_COSTS, t), TWO_DECIMALS)


# ------------------------------------------------------------------------------------- workbook

#: The economics sheets, in order.
ECONOMICS_SHEETS = (write_budget_sheet, write_unit_cost_sheet, write_model_sheet,
                    write_sensitivity_sheet)


def write_economics_sheets(wb: Workbook, data: EconomicsSheetData, t: Translate) -> None:
    """Add Budget, Enhetskostnader, Kalkyl and Känslighet to ``wb``, and have spreadsheet
    programs recalculate the whole workbook when it is opened (the formulas carry no cached
    values)."""
    for write_sheet in ECONOMICS_SHEETS:
        write_sheet(wb, data, t)
    wb.calculation.fullCalcOnLoad = True
