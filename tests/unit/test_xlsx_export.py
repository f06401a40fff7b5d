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
from models.domain import logic as lm
from models.domain.checklist import ITEMS
from models.queries import PortfolioRow
from models.reports import ChecklistLine, ProjectSummary, StageChangeLine

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
    assert wb.sheetnames == ["Sammanfattning", *LOGIC_SHEETS]
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
    assert wb.sheetnames == ["Sammanfattning", *LOGIC_SHEETS]
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
