"""The follow-up sheet of the decision-material workbook, read back with openpyxl."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from io import BytesIO

from openpyxl import load_workbook

from exporters.xlsx_common import new_workbook, to_bytes
from exporters.xlsx_follow_up import FOLLOW_UP_TITLE, write_follow_up_sheet
from models.domain import follow_up as fu

SWEDISH = {"Follow-up": "Uppföljning", "Yes": "Ja", "Serious": "Allvarligt"}


def translate(msgid: str) -> str:
    return SWEDISH.get(msgid, msgid)


def _value(period, planned, actual, dimension="", category="", comment="", way=fu.UP):
    return fu.PeriodValue(period, fu.period_label(period, fu.QUARTER), planned, actual,
                          dimension, category, "Anna", comment,
                          behind=fu.behind_plan(planned, actual, way))


def _report() -> fu.FollowUpReport:
    indicator = fu.IndicatorReport(
        id=1, key="i2", name="=Andel som deltar", kind="process", unit="percent",
        baseline=D("20"), target=D("60"), element="a1", frequency=fu.QUARTER,
        responsible="Projektledaren",
        totals=(_value(date(2025, 1, 1), D("40"), D("30"), comment="+lågt i början"),
                _value(date(2025, 4, 1), D("50"), D("52"))),
        breakdowns=(_value(date(2025, 1, 1), None, D("18"), "Veckodag", "tisdag"),))
    resources = (fu.ResourceRow(1, "a1", "Föräldragrupper", date(2025, 1, 1), "2025-01",
                                "Gruppledare", D("40"), D("46.5"), "@sjukfrånvaro"),)
    spent = fu.budget_spent(D("800000.00"), D("600000.00"), D("0"))
    return fu.FollowUpReport(
        title="Föräldraskapsstöd i grupp", today=date(2025, 8, 15), indicators=(indicator,),
        missing=(fu.MissingValue("i2", "=Andel som deltar", date(2025, 7, 1), "2025-Q3",
                                 "Projektledaren"),),
        resources=resources,
        activities=fu.activity_hours(resources, [("a1", "Föräldragrupper")]),
        status=fu.steering_status([indicator], spent))


def _sheet(report: fu.FollowUpReport):
    wb = new_workbook(write_only=False, title="Test")
    write_follow_up_sheet(wb, report, translate)
    return load_workbook(BytesIO(to_bytes(wb)))[FOLLOW_UP_TITLE]


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _row_starting(rows, first, second=None):
    return next(r for r in rows if r[0] == first and (second is None or r[1] == second))


def test_the_sheet_is_titled_in_swedish_and_holds_the_status():
    ws = _sheet(_report())
    assert ws.title == "Uppföljning"
    assert ws["A1"].value == "Föräldraskapsstöd i grupp"
    assert ws["A2"].value == "Uppföljning"
    rows = _rows(ws)
    # Latest actual 52 from 20 towards 60: 80 % of the way.
    assert _row_starting(rows, "Share of the targets reached")[1] == 0.8
    assert _row_starting(rows, "Share of the budget spent")[1] == 0.75
    assert _row_starting(rows, "Status")[1] == "On track"
    explanation = _row_starting(rows, "How the status is computed")[1]
    assert "at most 10 percentage points" in explanation and "up to 25 points" in explanation


def test_values_carry_planned_actual_and_the_difference():
    rows = _rows(_sheet(_report()))
    first = _row_starting(rows, "i2", "=Andel som deltar")
    assert first[3:10] == ["2025-Q1", None, None, 40, 30, -10, "Ja"]
    later = [r for r in rows if r[0] == "i2" and r[3] == "2025-Q2"][0]
    assert later[6:10] == [50, 52, 2, None]
    breakdown = [r for r in rows if r[0] == "i2" and r[4] == "Veckodag"][0]
    assert breakdown[3:8] == ["2025-Q1", "Veckodag", "tisdag", None, 18]


def test_missing_data_and_hours_per_activity_are_listed():
    rows = _rows(_sheet(_report()))
    missing = [r for r in rows if r[0] == "i2" and r[2] == "2025-Q3"][0]
    assert missing[3] == "Projektledaren"
    line = _row_starting(rows, "a1", "Föräldragrupper")
    assert line[2:7] == ["2025-01", "Gruppledare", 40, 46.5, 6.5]
    total = _row_starting(rows, "Total")
    assert total[2:5] == [40, 46.5, 6.5]


def test_user_text_never_becomes_a_formula():
    ws = _sheet(_report())
    texts = [c for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in texts} >= {"=Andel som deltar", "+lågt i början", "@sjukfrånvaro"}
    assert all(c.data_type == "s" for c in texts)


def test_an_empty_follow_up_says_so():
    spent = fu.budget_spent(D("0"), D("0"), D("0"))
    report = fu.FollowUpReport(title="Tom", today=date(2025, 1, 1), indicators=(), missing=(),
                               resources=(), activities=(),
                               status=fu.steering_status([], spent))
    values = [v for row in _rows(_sheet(report)) for v in row if v is not None]
    assert "No values registered yet." in values
    assert "No data is missing." in values
    assert "No hours registered yet." in values
    assert "Cannot be judged yet" in values
