"""The Excel exporters, read back with openpyxl: sheets, headers, formats and safe text."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from exporters.xlsx import build_portfolio_workbook, build_project_workbook, put
from exporters.xlsx_logic import ERROR_FILL, measure_format
from exporters.xlsx_needs import CHART_ROWS, build_needs_workbook
from models.domain import logic as lm
from models.domain.checklist import ITEMS
from models.domain.flows import analyse_flows, figure6_events
from models.domain.ses import AreaInput, compute_ses
from models.queries import PortfolioRow
from models.reports import (
    BreakdownLine,
    ChecklistLine,
    DataSourceLine,
    FlowReport,
    NeedAreaSummary,
    NeedIndicatorLine,
    ProjectSummary,
    QualitativeLine,
    SesReport,
    StageChangeLine,
)

ROOT = Path(__file__).resolve().parents[2]
FORMULA_LOOKING = [
    "=SUM(A1)",
    "+46 70 123 45 67",
    "@x",
    "-1",
    '=HYPERLINK("http://x")',
    "#N/A",
]


def portfolio_row(**changes) -> PortfolioRow:
    row = PortfolioRow(
        id=1,
        key="fallprevention",
        title="Fallprevention för äldre",
        stage="approved",
        departments=("Socialtjänsten", "Äldreomsorgen"),
        department_keys=("soc", "aldre"),
        target_description="Personer över 65 år i ordinärt boende",
        age_min=65,
        age_max=None,
        prevention_level="targeted",
        size_total=1200,
        size_reached=300,
        fund="Sociala investeringsfonden",
        fund_key="sif",
        start=date(2025, 1, 1),
        end=date(2027, 12, 31),
        budget_request=Decimal("1234567.89"),
        checklist_done=13,
        checklist_total=26,
    )
    return replace(row, **changes)


def summary(**changes) -> ProjectSummary:
    lines = tuple(
        ChecklistLine(
            code=item.code,
            component=item.component,
            text=item.text,
            derived=item.derived,
            done=None if item.derived else item.code == "needs.anchored",
            confirmed_on=date(2025, 3, 4) if item.code == "needs.anchored" else None,
            confirmed_by="anna@kommun.se" if item.code == "needs.anchored" else "",
            comment="Förankrat i nämnden" if item.code == "needs.anchored" else "",
        )
        for item in ITEMS
    )
    result = ProjectSummary(
        id=7,
        key="fallprevention",
        title="Fallprevention för äldre",
        stage="proposal",
        need_description="Många fallolyckor bland äldre.",
        ordinary_practice="Hemtjänst utan förebyggande insatser.",
        target_description="Personer över 65 år",
        age_min=65,
        age_max=None,
        life_stage="older",
        prevention_level="indicated",
        size_total=1200,
        size_reached=300,
        departments=("Socialtjänsten", "Äldreomsorgen"),
        fund="Sociala investeringsfonden",
        start=date(2025, 1, 1),
        end=date(2027, 12, 31),
        budget_request=Decimal("2500000.00"),
        owner="Åsa Öberg (asa@kommun.se)",
        leader="Per Ek (per@kommun.se)",
        members=("Anna (anna@kommun.se)", "Bo (bo@kommun.se)"),
        checklist=lines,
        stage_changes=(
            StageChangeLine(
                at=datetime(2025, 2, 1, 9, 30),
                by="coordinator@kommun.se",
                from_stage="idea",
                to_stage="proposal",
                reason="",
                gate_override=False,
            ),
        ),
        exported_on=date(2025, 6, 1),
    )
    return replace(result, **changes)


def read(data: bytes):
    return load_workbook(BytesIO(data))


def facts(ws) -> dict[str, object]:
    """Return the label → value cells of the key-facts block."""
    return {row[0].value: row[1] for row in ws.iter_rows(min_row=1, max_col=2) if row[0].value}


# --- the portfolio workbook ---------------------------------------------------------------


def test_portfolio_sheet_is_named_portfolj_with_the_header_frozen():
    ws = read(build_portfolio_workbook([portfolio_row()]))["Portfölj"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:P2"
    assert ws.column_dimensions["B"].width >= 30


def test_portfolio_headers_go_through_translate():
    data = build_portfolio_workbook([portfolio_row()], translate=lambda s: f"<{s}>")
    headers = [c.value for c in read(data)["Portfölj"][1]]
    assert headers[:3] == ["<Key>", "<Title>", "<Stage>"]
    assert headers[-1] == "<Checklist share>"
    assert len(headers) == 16


def test_portfolio_row_has_native_money_date_and_percent_cells():
    ws = read(build_portfolio_workbook([portfolio_row()]))["Portfölj"]
    row = {header.value: cell for header, cell in zip(ws[1], ws[2], strict=True)}
    assert row["Budget request"].value == pytest.approx(1234567.89)
    assert row["Budget request"].number_format == '#,##0 "kr"'
    assert row["Start"].value == datetime(2025, 1, 1)
    assert row["Start"].number_format == "yyyy-mm-dd"
    assert row["Checklist share"].value == pytest.approx(0.5)
    assert row["Checklist share"].number_format == "0 %"
    assert row["Stage"].value == "Approved"
    assert row["Prevention level"].value == "Targeted"
    assert row["Age band"].value == "65–"
    assert row["Departments"].value == "Socialtjänsten, Äldreomsorgen"


@pytest.mark.parametrize("amount", ["0.10", "1234567.89", "999999999999.99"])
def test_portfolio_money_reaches_excel_without_rounding(amount):
    data = build_portfolio_workbook([portfolio_row(budget_request=Decimal(amount))])
    value = read(data)["Portfölj"]["M2"].value
    assert Decimal(repr(value)) == Decimal(amount)


def test_portfolio_empty_values_stay_empty():
    row = portfolio_row(
        budget_request=None,
        start=None,
        fund=None,
        prevention_level=None,
        checklist_total=0,
        checklist_done=0,
    )
    ws = read(build_portfolio_workbook([row]))["Portfölj"]
    values = {header.value: cell.value for header, cell in zip(ws[1], ws[2], strict=True)}
    assert values["Budget request"] is None
    assert values["Start"] is None
    assert values["Checklist share"] is None
    assert values["Fund"] in (None, "")


@pytest.mark.parametrize("text", FORMULA_LOOKING)
def test_portfolio_text_that_looks_like_a_formula_stays_text(text):
    ws = read(build_portfolio_workbook([portfolio_row(title=text, target_description=text)]))[
        "Portfölj"
    ]
    for cell in (ws["B2"], ws["E2"]):
        assert cell.value == text
        assert cell.data_type == "s"


def test_portfolio_without_rows_has_only_the_header():
    ws = read(build_portfolio_workbook([]))["Portfölj"]
    assert ws.max_row == 1


def test_portfolio_drops_control_characters_instead_of_failing():
    row = portfolio_row(title="Bad\x00\x07 title\x1f", target_description="ok\x0btext")
    ws = read(build_portfolio_workbook([row]))["Portfölj"]
    assert ws["B2"].value == "Bad title"
    assert ws["E2"].value == "oktext"


def test_portfolio_streams_a_generator():
    rows = (portfolio_row(id=i, key=f"p{i}") for i in range(50))
    ws = read(build_portfolio_workbook(rows))["Portfölj"]
    assert ws.max_row == 51
    assert ws["A51"].value == "p49"


# --- the decision material ------------------------------------------------------------------


def test_project_workbook_has_the_summary_sheet_with_title_frozen():
    wb = read(build_project_workbook(summary()))
    assert wb.sheetnames[0] == "Sammanfattning"
    ws = wb["Sammanfattning"]
    assert ws["A1"].value == "Fallprevention för äldre"
    assert ws["A2"].value == "Decision material"
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.fitToWidth == 1


def test_project_key_facts_have_native_formats():
    ws = read(build_project_workbook(summary()))["Sammanfattning"]
    f = facts(ws)
    assert f["Key"].value == "fallprevention"
    assert f["Stage"].value == "Proposal"
    assert f["Life stage"].value == "Older people (65+)"
    assert f["Prevention level"].value == "Indicated"
    assert f["Budget request"].value == 2500000
    assert f["Budget request"].number_format == '#,##0 "kr"'
    assert f["Start"].value == datetime(2025, 1, 1)
    assert f["Start"].number_format == "yyyy-mm-dd"
    assert f["Share reached"].value == pytest.approx(0.25)
    assert f["Share reached"].number_format == "0 %"
    assert f["Project owner"].value == "Åsa Öberg (asa@kommun.se)"
    assert f["Members"].value == "Anna (anna@kommun.se)\nBo (bo@kommun.se)"
    assert f["Need"].alignment.wrap_text


def test_project_checklist_lists_every_item_with_its_status():
    translations = {"Yes": "Ja", "No": "Nej", "Not assessed": "Ej bedömd"}
    data = build_project_workbook(summary(), translate=lambda s: translations.get(s, s))
    ws = read(data)["Sammanfattning"]
    rows = [
        [c.value for c in row]
        for row in ws.iter_rows(max_col=7)
        if row[1].value in {item.text for item in ITEMS}
    ]
    assert len(rows) == len(ITEMS)
    anchored = next(r for r in rows if r[1].startswith("The identified needs"))
    assert anchored[0] == "Cross-sector needs analysis"
    assert anchored[2:] == [
        "Confirmed",
        "Ja",
        datetime(2025, 3, 4),
        "anna@kommun.se",
        "Förankrat i nämnden",
    ]
    derived = next(r for r in rows if r[1].startswith("One or more well-defined"))
    assert derived[2:4] == ["Derived", "Ej bedömd"]


def test_project_stage_history_is_listed():
    ws = read(build_project_workbook(summary()))["Sammanfattning"]
    row = next(r for r in ws.iter_rows() if r[0].value == datetime(2025, 2, 1, 9, 30))
    assert row[0].number_format == "yyyy-mm-dd hh:mm"
    assert [c.value for c in row[2:6]] == ["Idea", "Proposal", "No", "coordinator@kommun.se"]


def test_project_without_stage_changes_says_so():
    ws = read(build_project_workbook(summary(stage_changes=())))["Sammanfattning"]
    assert "No stage changes yet." in [c.value for c in ws["A"]]


@pytest.mark.parametrize("text", FORMULA_LOOKING)
def test_project_text_that_looks_like_a_formula_stays_text(text):
    data = build_project_workbook(summary(title=text, need_description=text, owner=text))
    ws = read(data)["Sammanfattning"]
    f = facts(ws)
    assert ws["A1"].value == text
    assert ws["A1"].data_type == "s"
    for label in ("Title", "Need", "Project owner"):
        assert f[label].value == text
        assert f[label].data_type == "s"
    assert b"<f>" not in _sheet_xml(data)


def test_project_drops_control_characters_instead_of_failing():
    ws = read(build_project_workbook(summary(title="A\x01B", need_description="x\x1by")))[
        "Sammanfattning"
    ]
    assert ws["A1"].value == "AB"
    assert facts(ws)["Need"].value == "xy"


# --- the logic model ------------------------------------------------------------------------

LOGIC_SHEETS = ["Logikmodell", "Indikatorer", "Logikmodell – bild"]
HOSTILE = ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2", "#N/A"]


def hostile_model() -> lm.Model:
    """A model whose user text all looks like formulas; a2 is isolated (an error)."""
    return lm.Model(
        elements=(
            lm.Element("r1", "resource", HOSTILE[0], assumptions=("+1", "@SUM(A1)")),
            lm.Element(
                "a1",
                "activity",
                "Hembesök",
                indicators=(
                    lm.Indicator(
                        "i1", "@SUM(A1)", "process", "=1+1", "count", Decimal("0"),
                        Decimal("120"), data_source_kind="administrative",
                    ),
                ),
            ),
            lm.Element("a2", "activity", "+1"),
            lm.Element(
                "s1",
                "short_term",
                "Färre fallolyckor",
                indicators=(
                    lm.Indicator(
                        "i2", "Andel som fallit", "outcome", "Kvalitetsregister", "percent",
                        Decimal("55"), Decimal("40.5"), 12, "register", "individual",
                    ),
                ),
            ),
            lm.Element(
                "g1",
                "long_term",
                "Färre höftfrakturer",
                indicators=(
                    lm.Indicator(
                        "i3", "Vårdkostnad", "outcome", "Region", "sek", Decimal("1250000"),
                        Decimal("980000.5"), 36, "register", "aggregate",
                    ),
                ),
            ),
        ),
        links=(lm.Link("r1", "a1"), lm.Link("a1", "s1"), lm.Link("s1", "g1"),
               lm.Link("r1", "a2")),
        purpose="@SUM(A1) Färre äldre ska falla",
    )


def logic_summary(model: lm.Model | None = None, **changes) -> ProjectSummary:
    model = hostile_model() if model is None else model
    return summary(logic_model=model, logic_findings=tuple(lm.check(model)), **changes)


def element_rows(ws) -> dict[str, list]:
    """Return the rows of the element table by key (the rows between its header and a blank)."""
    header = next(r[0].row for r in ws.iter_rows(max_col=1) if r[0].value == "Key")
    rows = {}
    for row in ws.iter_rows(min_row=header + 1):
        if row[0].value is None:
            break
        rows[row[0].value] = list(row)
    return rows


def texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_project_workbook_has_the_logic_model_sheets_after_the_summary():
    wb = read(build_project_workbook(logic_summary()))
    assert wb.sheetnames == ["Sammanfattning", *LOGIC_SHEETS, "Behovsanalys"]
    for name in wb.sheetnames:
        assert len(name) <= 31
        assert not set(name) & set("/\\?*[]:")


def test_logic_sheet_has_one_row_per_element_with_its_parts():
    ws = read(build_project_workbook(logic_summary()))["Logikmodell"]
    rows = element_rows(ws)
    assert list(rows) == ["r1", "a1", "a2", "s1", "g1"]
    header = next(r[0].row for r in ws.iter_rows(max_col=1) if r[0].value == "Key")
    assert [c.value for c in ws[header]][:8] == [
        "Key", "Level", "Text", "Indicators", "Data sources", "Assumptions and threats",
        "Leads to", "Findings",
    ]
    r1 = [c.value for c in rows["r1"]]
    assert r1[1:3] == ["Resource", HOSTILE[0]]
    assert r1[5] == "+1\n@SUM(A1)"
    assert rows["r1"][5].alignment.wrap_text
    assert r1[6] == "a1, a2"
    a1 = [c.value for c in rows["a1"]]
    assert a1[3] == "i1: @SUM(A1) (Process measure)"
    assert a1[4] == "i1: =1+1"
    assert rows["a2"][7].value == (
        "Error: Activity leads to no outcome\nError: Activity without process measure"
    )
    assert rows["a2"][7].fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
    assert rows["g1"][7].value in (None, "")


def test_logic_sheet_has_purpose_filter_frozen_header_and_landscape_print():
    ws = read(build_project_workbook(logic_summary()))["Logikmodell"]
    purpose = next(r for r in ws.iter_rows(max_col=2) if r[0].value == "Overall purpose")
    assert purpose[1].value == "@SUM(A1) Färre äldre ska falla"
    assert purpose[1].data_type == "s"
    header = purpose[0].row + 2
    assert ws.cell(row=header, column=1).value == "Key"
    assert ws.freeze_panes == f"B{header + 1}"
    assert ws.auto_filter.ref == f"A{header}:H{header + 5}"
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.column_dimensions["C"].width >= 40


def test_logic_sheet_lists_the_findings_below_the_table():
    model = hostile_model()
    ws = read(build_project_workbook(logic_summary(model)))["Logikmodell"]
    start = next(r[0].row for r in ws.iter_rows(max_col=1) if r[0].value == "Severity")
    rows = [[c.value for c in row[:4]] for row in ws.iter_rows(min_row=start + 1)]
    assert len(rows) == len(lm.check(model)) == 2
    assert rows[0] == [
        "Error", "a2", "Activity leads to no outcome", lm.FIXES["no_outcome"],
    ]
    assert rows[1][:3] == ["Error", "a2", "Activity without process measure"]


def test_logic_sheet_says_when_there_are_no_findings():
    full = hostile_model()
    without_a2 = tuple(e for e in full.elements if e.key != "a2")
    model = replace(full, elements=without_a2, links=full.links[:3])
    assert lm.check(model) == []
    ws = read(build_project_workbook(logic_summary(model)))["Logikmodell"]
    assert "No findings: the red thread holds." in texts(ws)


def test_indicator_sheet_has_one_row_per_indicator_with_native_numbers():
    ws = read(build_project_workbook(logic_summary()))["Indikatorer"]
    header = next(r[0].row for r in ws.iter_rows(max_col=1) if r[0].value == "Indicator key")
    headers = [c.value for c in ws[header]]
    assert headers == [
        "Indicator key", "Element key", "Element level", "Element text", "Indicator", "Kind",
        "Unit", "Data source", "Kind of data source", "Level of the data",
        "Baseline (in the indicator's unit)", "Target (in the indicator's unit)",
        "Time horizon (months after the start)",
    ]
    rows = {r[0].value: {h: c for h, c in zip(headers, r, strict=True)}
            for r in ws.iter_rows(min_row=header + 1)}
    assert list(rows) == ["i1", "i2", "i3"]
    assert ws.max_row == header + 3
    assert ws.freeze_panes == f"C{header + 1}"
    assert ws.auto_filter.ref == f"A{header}:M{header + 3}"

    count, percent, sek = rows["i1"], rows["i2"], rows["i3"]
    assert [count["Element key"].value, count["Element level"].value] == ["a1", "Activity"]
    assert count["Kind"].value == "Process measure"
    assert count["Unit"].value == "Count"
    assert count["Kind of data source"].value == "Administrative data"
    assert count["Baseline (in the indicator's unit)"].value == 0
    assert count["Target (in the indicator's unit)"].number_format == "#,##0"
    assert count["Time horizon (months after the start)"].value is None

    # A percentage keeps the value entered (55, not 0.55) and shows a literal "%".
    baseline = percent["Baseline (in the indicator's unit)"]
    target = percent["Target (in the indicator's unit)"]
    assert baseline.value == 55 and baseline.data_type == "n"
    assert baseline.number_format == '#,##0 "%"'
    assert target.value == pytest.approx(40.5)
    assert target.number_format == '#,##0.0### "%"'
    assert percent["Time horizon (months after the start)"].value == 12
    assert percent["Time horizon (months after the start)"].number_format == "#,##0"
    assert percent["Level of the data"].value == "Individual level"

    assert sek["Baseline (in the indicator's unit)"].value == 1250000
    assert sek["Baseline (in the indicator's unit)"].number_format == '#,##0 "kr"'
    assert sek["Target (in the indicator's unit)"].number_format == '#,##0.0### "kr"'
    assert sek["Element text"].value == "Färre höftfrakturer"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (None, "percent", None),
        (Decimal("55"), "percent", '#,##0 "%"'),
        (Decimal("0.5"), "percent", '#,##0.0### "%"'),
        (Decimal("12"), "count", "#,##0"),
        (Decimal("3.25"), "score", "#,##0.0###"),
        (Decimal("100"), None, "#,##0"),
        (Decimal("99.9"), "sek", '#,##0.0### "kr"'),
    ],
)
def test_measure_format_keeps_the_value_as_entered(value, unit, expected):
    assert measure_format(value, unit) == expected


def test_indicator_sheet_says_when_the_model_has_no_indicators():
    model = lm.Model(elements=(lm.Element("r1", "resource", "Personal"),))
    ws = read(build_project_workbook(logic_summary(model)))["Indikatorer"]
    assert "No indicators yet." in texts(ws)


def test_diagram_has_a_column_per_level_with_boxes_and_links():
    ws = read(build_project_workbook(logic_summary()))["Logikmodell – bild"]
    heading = next(r[0].row for r in ws.iter_rows(max_col=1) if r[0].value == "Resources")
    assert [ws.cell(row=heading, column=c).value for c in (1, 3, 5, 7)] == [
        "Resources", "Activities", "Short-term outcomes", "Long-term goals",
    ]
    boxes = {
        cell.value.split(":")[0].lstrip("! "): cell
        for row in ws.iter_rows(min_row=heading + 1)
        for cell in row
        if isinstance(cell.value, str) and ":" in cell.value
    }
    assert sorted(boxes) == ["a1", "a2", "g1", "r1", "s1"]
    assert boxes["r1"].value == f"r1: {HOSTILE[0]}"
    assert boxes["r1"].column == 1 and boxes["g1"].column == 7
    assert boxes["a1"].row == boxes["r1"].row == boxes["s1"].row == boxes["g1"].row
    assert boxes["a2"].row > boxes["a1"].row
    for box in boxes.values():
        assert box.alignment.wrap_text
        assert box.border.left.style and box.border.bottom.style
        assert box.fill.fill_type == "solid"
    arrow = ws.cell(row=boxes["r1"].row + 1, column=1)
    assert arrow.value == "→ a1, a2"
    assert ws.cell(row=boxes["g1"].row + 1, column=7).value is None
    assert ws.freeze_panes == f"A{heading + 1}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert not ws._images and not ws._charts


def test_diagram_marks_elements_with_errors_without_relying_on_colour():
    ws = read(build_project_workbook(logic_summary()))["Logikmodell – bild"]
    values = texts(ws)
    assert "! a2: +1" in values
    assert "a1: Hembesök" in values
    marked = next(c for row in ws.iter_rows() for c in row if c.value == "! a2: +1")
    plain = next(c for row in ws.iter_rows() for c in row if c.value == "a1: Hembesök")
    assert marked.border.left.style == "thick"
    assert plain.border.left.style == "thin"
    assert marked.fill.fgColor.rgb != plain.fill.fgColor.rgb


def test_logic_sheets_keep_formula_looking_text_as_text():
    data = build_project_workbook(logic_summary())
    wb = read(data)
    hits = 0
    for name in LOGIC_SHEETS:
        for row in wb[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and any(h in cell.value for h in HOSTILE):
                    assert cell.data_type == "s", (name, cell.coordinate)
                    hits += 1
    assert hits >= 10
    from zipfile import ZipFile

    archive = ZipFile(BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/sheet"):
            assert b"<f>" not in archive.read(name), name


@pytest.mark.parametrize("text", FORMULA_LOOKING)
def test_logic_element_text_that_looks_like_a_formula_stays_text(text):
    model = lm.Model(
        elements=(lm.Element("r1", "resource", text, assumptions=(text,)),
                  lm.Element("a1", "activity", "Besök", indicators=(
                      lm.Indicator("i1", text, "process", text),))),
        links=(lm.Link("r1", "a1"),),
        purpose=text,
    )
    wb = read(build_project_workbook(logic_summary(model)))
    r1 = element_rows(wb["Logikmodell"])["r1"]
    for cell in (r1[2], r1[5]):
        assert cell.value == text
        assert cell.data_type == "s"
    indicator = next(r for r in wb["Indikatorer"].iter_rows() if r[0].value == "i1")
    for cell in (indicator[4], indicator[7]):
        assert cell.value == text
        assert cell.data_type == "s"


def test_without_a_logic_model_every_logic_sheet_says_so():
    data = build_project_workbook(summary(), translate=lambda s: f"<{s}>")
    wb = read(data)
    assert wb.sheetnames == ["Sammanfattning", *LOGIC_SHEETS, "Behovsanalys"]
    for name in LOGIC_SHEETS:
        ws = wb[name]
        assert ws["A1"].value == "Fallprevention för äldre"
        assert "<No logic model yet.>" in texts(ws), name


def test_a_purpose_without_elements_is_shown_with_the_no_model_line():
    ws = read(build_project_workbook(logic_summary(lm.Model(purpose="=Syfte"))))["Logikmodell"]
    purpose = next(r[1] for r in ws.iter_rows(max_col=2) if r[0].value == "Overall purpose")
    assert purpose.value == "=Syfte"
    assert purpose.data_type == "s"
    assert "No logic model yet." in texts(ws)


def test_logic_sheet_headings_and_levels_go_through_translate():
    wb = read(build_project_workbook(logic_summary(), translate=lambda s: f"<{s}>"))
    assert "<Leads to>" in texts(wb["Logikmodell"])
    assert "<Short-term outcome>" in texts(wb["Logikmodell"])
    assert "<Time horizon (months after the start)>" in texts(wb["Indikatorer"])
    assert "<Long-term goals>" in texts(wb["Logikmodell – bild"])


def test_logic_sheets_of_a_large_model_are_built():
    elements = []
    links = []
    for n in range(1, 201):
        elements += [
            lm.Element(f"r{n}", "resource", f"Resurs {n}"),
            lm.Element(f"a{n}", "activity", f"Aktivitet {n}", indicators=(
                lm.Indicator(f"i{n}", f"Mått {n}", "process", "System", "count", Decimal(n)),)),
        ]
        links.append(lm.Link(f"r{n}", f"a{n}"))
    model = lm.Model(elements=tuple(sorted(elements, key=lambda e: lm.RANK[e.level])),
                     links=tuple(links))
    wb = read(build_project_workbook(logic_summary(model)))
    assert len(element_rows(wb["Logikmodell"])) == 400
    ws = wb["Indikatorer"]
    assert sum(1 for r in ws.iter_rows() if str(r[0].value).startswith("i")) == 200


# --- the needs analysis ---------------------------------------------------------------------

NEEDS_SHEETS = ["Behovsanalys", "Socioekonomiskt index", "Flödesanalys"]


def ses_report(*, outcomes: bool = True, title: str = "@Index 2024") -> SesReport:
    rows = [
        ("Norr", "40", "80", "90", "300000", "90"),
        ("=Söder", "20", "60", "60", "200000", "65"),
        ("Öster", "30", "70", "90", "250000", "80"),
        ("Väster", "35", "75", "90", "280000", None),
    ]
    result = compute_ses([
        AreaInput(name, Decimal(e), Decimal(s), Decimal(n), Decimal(m),
                  Decimal(o) if outcomes and o else None)
        for name, e, s, n, m, o in rows
    ])
    return SesReport(title=title, year=2024, outcome_label="+Behöriga" if outcomes else "",
                     result=result)


def flow_report() -> FlowReport:
    return FlowReport(title="=Placeringar", period="-2019–2024",
                      result=analyse_flows(figure6_events()))


def need_area(**changes) -> NeedAreaSummary:
    """A need area whose user text all looks like formulas, with two charted indicators."""
    area = NeedAreaSummary(
        id=3,
        key="skolresultat",
        title="=Skolresultat",
        status="verified",
        description="@beskrivning",
        outcome="+Fler behöriga",
        target_group="-Elever i åk 9",
        raised_by_kind="school",
        raised_by="=Rektor",
        department="Utbildning",
        initiatives=("Läxhjälp", "@Mentorer"),
        indicators=(
            NeedIndicatorLine(
                key="behoriga", name="=Andel behöriga", unit="%", year=2024,
                value=Decimal("82.5"), comparison_value=Decimal("86"),
                comparison_label="@Riket", source="+Skolverket",
                breakdowns=(
                    BreakdownLine("sex", "=flickor", Decimal("85"), Decimal("2.5")),
                    BreakdownLine("sex", "pojkar", Decimal("80"), Decimal("-2.5")),
                    BreakdownLine("area", "Östra", Decimal("82.5"), Decimal("0")),
                ),
            ),
            NeedIndicatorLine(
                key="franvaro", name="Frånvaro", unit="", year=None, value=None,
                comparison_value=None, comparison_label="", source="",
            ),
            NeedIndicatorLine(
                key="betyg", name="Meritvärde", unit="poäng", year=2023, value=None,
                comparison_value=None, comparison_label="", source="SCB",
                breakdowns=(BreakdownLine("age", "15", Decimal("210"), None),),
            ),
        ),
        data_sources=(
            DataSourceLine(name="=Skolverkets statistik", kind="national_report",
                           holder="@Skolverket", level="aggregate", legal_limits="-Sekretess",
                           note="+Årlig"),
        ),
        qualitative_sources=(
            QualitativeLine(title="@Intervjuer", method="focus_group",
                            conducted_on=date(2024, 5, 2), participants="=Mentorer",
                            summary="-Frånvaro ökar."),
        ),
        ses_analyses=(ses_report(),),
        flow_analyses=(flow_report(),),
    )
    return replace(area, **changes)


def needs_summary(*areas: NeedAreaSummary) -> ProjectSummary:
    return summary(need_areas=areas)


def row_of(ws, value) -> list:
    """Return the cells of the first row whose first cell (A) holds ``value``."""
    return next(list(r) for r in ws.iter_rows() if r[0].value == value)


def row_with(ws, column: int, value) -> list:
    return next(list(r) for r in ws.iter_rows() if r[column - 1].value == value)


def test_project_workbook_has_the_needs_sheets_after_the_logic_model():
    wb = read(build_project_workbook(needs_summary(need_area())))
    assert wb.sheetnames == ["Sammanfattning", *LOGIC_SHEETS, *NEEDS_SHEETS]
    for name in NEEDS_SHEETS:
        ws = wb[name]
        assert len(name) <= 31
        assert ws["A1"].value == "Fallprevention för äldre"
        assert ws.freeze_panes == "A3"
        assert ws.page_setup.orientation == "landscape"
        assert ws.print_title_rows == "$1:$2"


def test_without_linked_need_areas_the_needs_sheet_says_so():
    wb = read(build_project_workbook(summary(), translate=lambda s: f"<{s}>"))
    assert wb.sheetnames[-1] == "Behovsanalys"
    ws = wb["Behovsanalys"]
    assert ws["A2"].value == "<Needs analysis>"
    assert "<No need areas are linked to this initiative.>" in texts(ws)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"ses_analyses": (), "flow_analyses": ()}, ["Behovsanalys"]),
        ({"flow_analyses": ()}, ["Behovsanalys", "Socioekonomiskt index"]),
        ({"ses_analyses": ()}, ["Behovsanalys", "Flödesanalys"]),
    ],
)
def test_index_and_flow_sheets_appear_only_with_analyses(changes, expected):
    wb = read(build_project_workbook(needs_summary(need_area(**changes))))
    assert wb.sheetnames[len(LOGIC_SHEETS) + 1:] == expected


def test_any_linked_need_area_with_analyses_brings_their_sheets():
    bare = need_area(id=4, title="Bar", ses_analyses=(), flow_analyses=())
    wb = read(build_project_workbook(needs_summary(bare, need_area(flow_analyses=()))))
    assert wb.sheetnames[-2:] == ["Behovsanalys", "Socioekonomiskt index"]
    values = texts(wb["Behovsanalys"])
    assert "Bar" in values and "=Skolresultat" in values


def test_needs_sheet_lists_the_facts_of_each_need_area():
    ws = read(build_project_workbook(needs_summary(need_area())))["Behovsanalys"]
    heading = next(c for c in ws["A"] if c.value == "=Skolresultat")
    assert heading.font.bold and heading.font.size == 12
    f = facts(ws)
    assert f["Status"].value == "Verified by data"
    assert f["Outcome that must improve"].value == "+Fler behöriga"
    assert f["Idea of a target group"].value == "-Elever i åk 9"
    assert f["Raised by"].value == "=Rektor (A school or preschool)"
    assert f["Department"].value == "Utbildning"
    assert f["Initiatives"].value == "Läxhjälp, @Mentorer"
    assert f["Description"].value == "@beskrivning"
    outcome = f["Outcome that must improve"]
    assert f"B{outcome.row}:G{outcome.row}" in ws.merged_cells


def test_needs_sheet_lists_indicators_each_followed_by_its_breakdowns():
    ws = read(build_project_workbook(needs_summary(need_area())))["Behovsanalys"]
    header = row_of(ws, "Indicator")
    assert [c.value for c in header[:7]] == [
        "Indicator", "Unit", "Year", "Value", "Comparison value", "Compared with", "Source",
    ]
    start = header[0].row
    rows = [list(r) for r in ws.iter_rows(min_row=start + 1, max_row=start + 9, max_col=7)]
    values = [[c.value for c in r] for r in rows]
    assert values[0] == ["=Andel behöriga", "%", 2024, 82.5, 86, "@Riket", "+Skolverket"]
    assert rows[0][0].font.bold
    assert rows[0][3].number_format == "#,##0.0###"
    assert rows[0][4].number_format == "#,##0"
    assert values[1][1:5] == [
        "Background factor", "Category", "Value", "Difference from the indicator's value",
    ]
    assert values[2][1:5] == ["Sex", "=flickor", 85, 2.5]
    assert values[3][1:5] == ["Sex", "pojkar", 80, -2.5]
    assert values[4][1:5] == ["Area", "Östra", 82.5, 0]
    difference = rows[3][4]
    assert difference.number_format == "+#,##0.0###;-#,##0.0###;0"
    assert difference.data_type == "n"
    assert rows[2][2].data_type == "s"
    # An indicator without breakdowns is one row; the next with breakdowns follows it.
    later = [[c.value for c in r] for r in ws.iter_rows(min_row=start + 6, max_col=5)]
    names = [r[0] for r in later if r[0]]
    assert names[:2] == ["Frånvaro", "Meritvärde"]
    meritvarde = row_of(ws, "Meritvärde")
    below = [c.value for c in ws[meritvarde[0].row + 2][:5]]
    assert below == [None, "Age band", "15", 210, None]


def test_needs_sheet_has_a_bar_chart_beside_each_indicator_with_breakdowns():
    ws = read(build_project_workbook(needs_summary(need_area())))["Behovsanalys"]
    assert len(ws._charts) == 2
    anchors = sorted(c.anchor._from.row + 1 for c in ws._charts)
    first, second = row_of(ws, "=Andel behöriga")[0].row, row_of(ws, "Meritvärde")[0].row
    assert anchors == [first, second]
    assert second - first >= CHART_ROWS
    for chart in ws._charts:
        assert chart.anchor._from.col == 8  # column I, right of the tables (A–G)
        assert chart.tagname == "barChart"


def test_needs_sheet_lists_data_and_qualitative_sources():
    ws = read(build_project_workbook(needs_summary(need_area())))["Behovsanalys"]
    header = row_of(ws, "Name")
    assert [c.value for c in header[:7]] == [
        "Name", "Kind", "Held by", "Level of the data", "Note", None,
        "Legal limits on combining the data",
    ]
    source = [c.value for c in ws[header[0].row + 1][:7]]
    assert source == ["=Skolverkets statistik", "National report or statistics", "@Skolverket",
                      "Aggregate level", "+Årlig", None, "-Sekretess"]
    header = row_of(ws, "Title")
    assert [c.value for c in header[:7]] == [
        "Title", "Method", "Date", "Participants", None, None, "Summary",
    ]
    qualitative = list(ws[header[0].row + 1][:7])
    assert [c.value for c in qualitative] == [
        "@Intervjuer", "Focus groups", datetime(2024, 5, 2), "=Mentorer", None, None,
        "-Frånvaro ökar.",
    ]
    assert qualitative[2].number_format == "yyyy-mm-dd"


def test_needs_sheet_says_which_parts_are_empty():
    area = need_area(indicators=(), data_sources=(), qualitative_sources=())
    values = texts(read(build_project_workbook(needs_summary(area)))["Behovsanalys"])
    for line in ("No indicators yet.", "No data sources recorded yet.",
                 "No qualitative sources recorded yet."):
        assert line in values


def test_index_sheet_lists_the_areas_by_rank_with_native_numbers():
    report = ses_report()
    ws = read(build_project_workbook(needs_summary(need_area())))["Socioekonomiskt index"]
    assert "@Index 2024" in texts(ws)
    f = {r[0].value: r[2] for r in ws.iter_rows(max_col=3) if r[0].value}
    assert f["Need area"].value == "=Skolresultat"
    assert f["Year"].value == 2024
    correlation = f["Correlation between the index and the outcome (r)"]
    assert correlation.value == pytest.approx(report.result.correlation)
    assert correlation.number_format == "#,##0.00"
    slope, intercept = report.result.fit
    assert f["Slope of the trend line"].value == pytest.approx(slope)
    assert f["Intercept of the trend line"].value == pytest.approx(intercept)
    assert not any(v.startswith("The same in every area") for v in texts(ws))

    header = row_of(ws, "Rank")
    assert [c.value for c in header] == [
        "Rank", "Area", "Index", "Education level (0–10)", "Share employed (0–10)",
        "Share born in the Nordic countries (0–10)", "Earned income (0–10)", "+Behöriga",
    ]
    assert header[7].data_type == "s"
    rows = [list(r) for r in ws.iter_rows(min_row=header[0].row + 1, max_row=header[0].row + 4)]
    ranked = sorted(report.result.areas, key=lambda a: a.rank)
    assert [r[1].value for r in rows] == [a.area for a in ranked]
    assert [r[0].value for r in rows] == [1, 2, 3, 4]
    top = rows[0]
    assert top[2].value == pytest.approx(float(ranked[0].index))
    assert top[2].number_format == "#,##0.00"
    assert [c.value for c in top[3:7]] == pytest.approx([float(v) for v in ranked[0].scaled])
    assert top[7].value == 90
    assert rows[-1][1].value == "=Söder" and rows[-1][1].data_type == "s"
    assert next(r for r in rows if r[1].value == "Väster")[7].value is None


def test_index_sheet_has_a_scatter_chart_with_a_trend_line():
    ws = read(build_project_workbook(needs_summary(need_area())))["Socioekonomiskt index"]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.tagname == "scatterChart"
    assert chart.series[0].trendline.trendlineType == "linear"
    assert chart.anchor._from.col == 9  # column J, right of the table (A–H)


def test_index_without_outcomes_has_a_bar_chart_and_no_correlation():
    area = need_area(ses_analyses=(ses_report(outcomes=False),))
    ws = read(build_project_workbook(needs_summary(area)))["Socioekonomiskt index"]
    f = {r[0].value: r[2] for r in ws.iter_rows(max_col=3) if r[0].value}
    assert f["Correlation between the index and the outcome (r)"].value in (None, "")
    assert f["Slope of the trend line"].value in (None, "")
    assert row_of(ws, "Rank")[7].value == "Outcome"
    assert [c.tagname for c in ws._charts] == ["barChart"]


def test_index_sheet_names_variables_that_are_the_same_everywhere():
    same = compute_ses([AreaInput(n, Decimal(1), Decimal(v), Decimal(2), Decimal(3))
                        for n, v in (("A", 1), ("B", 2), ("C", 3))])
    area = need_area(ses_analyses=(SesReport("Lika", None, "", same),))
    ws = read(build_project_workbook(needs_summary(area)))["Socioekonomiskt index"]
    assert ("The same in every area (counted as 5): Education level, "
            "Share born in the Nordic countries, Earned income.") in texts(ws)


def test_charts_of_several_analyses_do_not_overlap():
    area = need_area(ses_analyses=(ses_report(), ses_report(title="Två")),
                     flow_analyses=(flow_report(), flow_report()))
    wb = read(build_project_workbook(needs_summary(area)))
    for name in ("Socioekonomiskt index", "Flödesanalys"):
        anchors = sorted(c.anchor._from.row for c in wb[name]._charts)
        assert len(anchors) == 2
        assert anchors[1] - anchors[0] >= CHART_ROWS, name


def test_flow_sheet_has_the_key_figures_groups_transitions_and_paths():
    result = flow_report().result
    ws = read(build_project_workbook(needs_summary(need_area())))["Flödesanalys"]
    assert "=Placeringar" in texts(ws)
    f = facts(ws)
    assert f["Need area"].value == "=Skolresultat"
    assert f["Period"].value == "-2019–2024" and f["Period"].data_type == "s"
    assert f["Young people"].value == 150
    assert f["Young people"].number_format == "#,##0"
    assert f["Placements"].value == result.placements
    assert f["Re-placements"].value == 200
    assert f["Share re-placed"].value == 1
    assert f["Share re-placed"].number_format == "0.0 %"
    assert f["Share with open care in between"].value == pytest.approx(0.1)

    header = row_of(ws, "Group")
    assert [c.value for c in header] == [
        "Group", "Re-placements", "Share", "With open care in between",
        "Share with open care in between",
    ]
    groups = [[c.value for c in ws[header[0].row + n]] for n in (1, 2, 3)]
    assert groups[0] == ["Group 1: from a family or emergency home", 120, 0.6, 0, 0]
    assert groups[1][1:] == [60, 0.3, 12, 0.2]
    assert groups[2][1:] == [20, 0.1, 8, 0.4]
    assert ws[header[0].row + 1][2].number_format == "0.0 %"
    assert [c.tagname for c in ws._charts] == ["barChart"]

    header = row_of(ws, "From")
    assert [c.value for c in header[:4]] == ["From", "To", "Count", "Share"]
    rows = [[c.value for c in ws[header[0].row + n + 1][:4]]
            for n in range(len(result.transitions))]
    assert sum(r[2] for r in rows) == sum(t.count for t in result.transitions)
    assert all(r[0] in {"HVB", "SiS", "Family home", "Emergency home", "No placement"}
               for r in rows)

    header = row_of(ws, "Path")
    first = [c.value for c in ws[header[0].row + 1][:3]]
    assert first[1] == result.paths[0].count
    assert " → " in first[0]
    listed = [r[0].value for r in ws.iter_rows(min_row=header[0].row + 1, max_col=1)
              if r[0].value and " → " in r[0].value]
    assert len(listed) == min(len(result.paths), 20)
    if len(result.paths) > 20:
        assert f"The 20 most common of {len(result.paths)} paths." in texts(ws)


def test_needs_sheets_keep_formula_looking_text_as_text():
    data = build_project_workbook(needs_summary(need_area()))
    wb = read(data)
    hits = 0
    for name in NEEDS_SHEETS:
        for row in wb[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@"):
                    assert cell.data_type == "s", (name, cell.coordinate)
                    hits += 1
    assert hits >= 20
    from zipfile import ZipFile

    archive = ZipFile(BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/sheet"):
            assert b"<f>" not in archive.read(name), name


@pytest.mark.parametrize("text", FORMULA_LOOKING)
def test_need_area_text_that_looks_like_a_formula_stays_text(text):
    area = need_area(title=text, outcome=text, indicators=(
        NeedIndicatorLine(key="i", name=text, unit=text, year=None, value=Decimal(1),
                          comparison_value=None, comparison_label=text, source=text,
                          breakdowns=(BreakdownLine("other", text, Decimal(2), Decimal(1)),)),
    ))
    ws = read(build_project_workbook(needs_summary(area)))["Behovsanalys"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == text]
    assert len(cells) >= 6
    assert all(c.data_type == "s" for c in cells)


def test_needs_sheets_go_through_translate():
    wb = read(build_project_workbook(needs_summary(need_area()), translate=lambda s: f"<{s}>"))
    assert "<Key indicators>" in texts(wb["Behovsanalys"])
    assert "<Verified by data>" in texts(wb["Behovsanalys"])
    assert "<Rank>" in texts(wb["Socioekonomiskt index"])
    assert "<Group 2: from HVB or SiS>" in texts(wb["Flödesanalys"])


def test_needs_workbook_of_one_area_is_titled_by_it():
    wb = read(build_needs_workbook([need_area()]))
    assert wb.sheetnames == NEEDS_SHEETS
    assert wb["Behovsanalys"]["A1"].value == "=Skolresultat"
    assert wb["Behovsanalys"]["A1"].data_type == "s"
    assert wb["Behovsanalys"]["A2"].value == "Needs analysis"
    assert wb.properties.title == "Needs analysis: =Skolresultat"


def test_needs_workbook_of_several_areas_lists_them_all():
    second = need_area(id=9, title="Trygghet", ses_analyses=(), flow_analyses=())
    wb = read(build_needs_workbook([need_area(), second], title="Behovsanalys"))
    assert wb["Behovsanalys"]["A1"].value == "Behovsanalys"
    values = texts(wb["Behovsanalys"])
    assert values.index("=Skolresultat") < values.index("Trygghet")
    assert wb.sheetnames == NEEDS_SHEETS


def test_needs_workbook_without_areas_says_so():
    wb = read(build_needs_workbook([], translate=lambda s: f"<{s}>"))
    assert wb.sheetnames == ["Behovsanalys"]
    assert wb["Behovsanalys"]["A1"].value == "<Needs analysis>"
    assert "<No need areas yet.>" in texts(wb["Behovsanalys"])


# --- the safe cell --------------------------------------------------------------------------


def test_put_keeps_formula_looking_text_as_text_in_a_normal_sheet():
    wb = Workbook()
    cell = put(wb.active["A1"], "=1+1")
    assert cell.data_type == "s"
    assert cell.quotePrefix
    wb2 = load_workbook(BytesIO(_save(wb)))
    assert wb2.active["A1"].value == "=1+1"
    assert wb2.active["A1"].data_type == "s"


def test_exporters_and_reports_do_not_import_flask():
    code = (
        "import sys, exporters.xlsx, models.reports; "
        "print(any(m.split('.')[0] in ('flask', 'webapp') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def _save(wb) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet_xml(data: bytes) -> bytes:
    from zipfile import ZipFile

    return ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml")


# --- the fund sheets of the portfolio workbook --------------------------------------------


def fund_overview(text: str = "Sociala investeringsfonden", **fund_fields):
    """A fund by hand: capital 1 000 000, 70 % central; 1 200 000 allocated by override in 2024
    to an initiative of two departments, 300 000 paid out, and 100 000 planned back in 2026."""
    from models import Fund, LedgerEntry, PlannedFlow, Project
    from models.domain import fund as fd
    from models.funds import FundOverview, ProjectShare, balance_of

    fields = {"capital": Decimal("1000000.00"), "start": date(2024, 1, 1),
              "end": date(2027, 12, 31), "central_risk_share": Decimal("0.7000")}
    fields.update(fund_fields)
    fund = Fund(id=1, key="sif", name=text, **fields)
    project = Project(id=5, key="fall", title=text)
    fund.ledger = [
        LedgerEntry(id=1, kind="allocation", date=date(2024, 3, 1), amount=Decimal("1200000.00"),
                    project_id=5, note=text, override=True, override_reason=text,
                    recorded_by=text),
        LedgerEntry(id=2, kind="disbursement", date=date(2025, 2, 1),
                    amount=Decimal("300000.00"), project_id=5, note="", override=False,
                    override_reason="", recorded_by="anna@kommun.se"),
        LedgerEntry(id=3, kind="repayment", date=date(2025, 6, 1), amount=Decimal("50000.00"),
                    project_id=None, note="", override=False, override_reason="",
                    recorded_by="anna@kommun.se"),
    ]
    fund.plan = [PlannedFlow(id=1, year=2026, kind="repayment", amount=Decimal("100000.00"),
                             note=text, project_id=5)]
    data = [fd.LedgerEntryData(e.date, e.kind, e.amount) for e in fund.ledger]
    split = fd.risk_split(Decimal("1200000.00"), fund.central_risk_share, [text, "Skola"])
    return FundOverview(
        fund=fund,
        balance=balance_of(fund),
        years=fd.ledger_by_year(fund.capital, data),
        forecast=fd.forecast(fund.capital, data, [fd.PlannedFlow(2026, "repayment",
                                                                 Decimal("100000.00"))]),
        projects=[ProjectShare(project, Decimal("1200000.00"), Decimal("300000.00"),
                               Decimal("0.00"), split)],
        departments=dict(split.departments),
        central=split.central,
        entries=list(fund.ledger),
    )


def table_below(ws, heading: str) -> list[dict[str, object]]:
    """The rows (header → cell) of the table under the section ``heading``."""
    rows = list(ws.iter_rows())
    start = next(i for i, row in enumerate(rows) if row[0].value == heading) + 1
    if rows[start][0].value is None or start + 1 >= len(rows):
        return []
    headers = [c.value for c in rows[start]]
    table = []
    for row in rows[start + 1:]:
        if row[0].value is None:
            break
        table.append({h: c for h, c in zip(headers, row, strict=False) if h is not None})
    return table


def test_fund_sheet_follows_the_portfolio_with_facts_and_frozen_title():
    wb = read(build_portfolio_workbook([portfolio_row()], funds=[fund_overview()]))
    assert wb.sheetnames == ["Portfölj", "Fond"]
    ws = wb["Fond"]
    assert ws["A1"].value == "Sociala investeringsfonden"
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$1:$2"
    values = facts(ws)
    assert values["Capital"].value == 1000000
    assert values["Capital"].number_format == '#,##0 "kr"'
    assert values["Start"].value == datetime(2024, 1, 1)
    assert values["Start"].number_format == "yyyy-mm-dd"
    assert values["Risk borne centrally"].value == pytest.approx(0.7)
    assert values["Risk borne centrally"].number_format == "0 %"
    # 1 000 000 − 1 200 000 + 50 000: below zero, said in words beside the amount.
    assert values["Available"].value == -150000
    available = next(row for row in ws.iter_rows() if row[0].value == "Available")
    assert available[2].value == "Over-allocated"


def test_fund_years_and_forecast_mark_forecast_and_over_allocated_years_in_words():
    ws = read(build_portfolio_workbook([], funds=[fund_overview()]))["Fond"]
    years = table_below(ws, "Per year")
    assert [r["Year"].value for r in years] == [2024, 2025]
    assert [r["Allocated"].value for r in years] == [1200000, 0]
    assert [r["Disbursed"].value for r in years] == [0, 300000]
    assert [r["Repaid"].value for r in years] == [0, 50000]
    assert [r["Available at year end"].value for r in years] == [-200000, -150000]
    assert [r["Not yet paid out"].value for r in years] == [1000000, 750000]
    assert [r["Over-allocated"].value for r in years] == ["Yes", "Yes"]
    assert years[1]["Not yet paid out"].number_format == '#,##0 "kr"'
    assert years[0]["Year"].number_format == "0"  # 2024, not 2,024
    forecast = table_below(ws, "Forecast")
    assert [r["Year"].value for r in forecast] == [2024, 2025, 2026]
    assert [r["Forecast"].value for r in forecast] == [None, None, "Yes"]
    assert [r["Over-allocated"].value for r in forecast] == ["Yes", "Yes", "Yes"]
    assert forecast[2]["Available at year end"].value == -50000


def test_fund_forecast_says_when_nothing_is_planned_and_a_fund_in_credit_is_not_marked():
    data = fund_overview(capital=Decimal("5000000.00"))
    data.fund.plan = []
    ws = read(build_portfolio_workbook([], funds=[data]))["Fond"]
    assert [r["Over-allocated"].value for r in table_below(ws, "Per year")] == [None, None]
    assert "No planned flows yet." in texts(ws)


def test_fund_risk_sharing_per_initiative_with_totals():
    ws = read(build_portfolio_workbook([], funds=[fund_overview("Fall")]))["Fond"]
    table = table_below(ws, "Risk sharing per initiative")
    by_name = {r["Initiative"].value: r for r in table}
    assert list(by_name) == ["Fall", "No initiative", "Total"]
    fall = by_name["Fall"]
    assert (fall["Allocated"].value, fall["Disbursed"].value, fall["Central"].value) == (
        1200000, 300000, 840000)
    assert (fall["Fall"].value, fall["Skola"].value) == (180000, 180000)
    assert by_name["No initiative"]["Repaid"].value == 50000
    total = by_name["Total"]
    assert (total["Allocated"].value, total["Repaid"].value, total["Central"].value) == (
        1200000, 50000, 840000)
    assert total["Skola"].number_format == '#,##0 "kr"'


def test_fund_ledger_lists_every_entry_with_translated_kind_and_override():
    data = build_portfolio_workbook([], funds=[fund_overview("Fall")],
                                    translate=lambda s: f"<{s}>")
    ws = read(data)["Fond"]
    ledger = table_below(ws, "<Ledger>")
    assert [r["<Kind>"].value for r in ledger] == [
        "<Allocation>", "<Disbursement>", "<Repayment>"]
    first = ledger[0]
    assert first["<Date>"].value == datetime(2024, 3, 1)
    assert first["<Date>"].number_format == "yyyy-mm-dd"
    assert first["<Amount>"].number_format == '#,##0 "kr"'
    assert first["<Initiative>"].value == "Fall"
    assert first["<Beyond the available money>"].value == "<Yes>"
    assert first["<Reason>"].value == "Fall"
    assert ledger[2]["<Initiative>"].value is None
    assert ledger[1]["<Beyond the available money>"].value is None


@pytest.mark.parametrize("text", FORMULA_LOOKING)
def test_fund_text_that_looks_like_a_formula_stays_text(text):
    data = build_portfolio_workbook([], funds=[fund_overview(text)])
    ws = read(data)["Fond"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == text]
    # Name; plan: initiative, note; risk: department, initiative; ledger: initiative ×2, note,
    # reason, recorded by.
    assert len(cells) == 10
    assert all(c.data_type == "s" for c in cells)
    assert b"<f>" not in data


def test_fund_sheet_has_charts_of_the_years_beside_the_tables():
    ws = read(build_portfolio_workbook([], funds=[fund_overview()]))["Fond"]
    assert len(ws._charts) == 2
    anchors = [chart.anchor._from for chart in ws._charts]
    # Right of the widest table (A–H), one above the other.
    assert all(anchor.col >= 9 for anchor in anchors)
    assert anchors[1].row - anchors[0].row >= 15


def test_one_fund_sheet_per_fund_and_one_saying_there_are_none():
    wb = read(build_portfolio_workbook([], funds=[fund_overview("A"), fund_overview("B")]))
    assert wb.sheetnames == ["Portfölj", "Fond", "Fond 2"]
    assert wb["Fond 2"]["A1"].value == "B"
    wb = read(build_portfolio_workbook([], translate=lambda s: f"<{s}>"))
    assert wb.sheetnames == ["Portfölj", "Fond"]
    assert "<No funds yet.>" in texts(wb["Fond"])
