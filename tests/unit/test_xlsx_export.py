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
    assert wb.sheetnames == ["Sammanfattning"]
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
