"""The follow-up page: reporting, values with their refusals, the import, the charts, the missing
data, resource use and the steering group's status."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from models.follow_up import IndicatorReporting, IndicatorValue, ResourceUse
from models.funds import record_entry
from models.logic_models import store_model
from tests.conftest import csrf_token, form_data
from tests.integration.helpers import make_org, make_project, small_model

XSS = "<script>alert(1)</script>"


@pytest.fixture
def project(db):
    """A running initiative over 2024 with the small logic model: i1 (count, process on a1),
    i2 (percent, baseline 20, target 30) and i3 (count, baseline 50, target 10)."""
    _soc, _bun, fund = make_org(db)
    project = make_project(db, "foraldrastod", title="Föräldraskapsstöd", stage="running",
                           fund=fund, start=date(2024, 1, 1), end=date(2024, 12, 31))
    store_model(db, project, small_model())
    db.commit()
    return project


def _indicator(project, key):
    return next(i for e in project.logic_elements for i in e.indicators if i.key == key)


def _page(project) -> str:
    return f"/projects/{project.id}/follow-up"


def _add(client, project, **values):
    data = form_data(client, _page(project), f"/projects/{project.id}/follow-up/values",
                     **{f"value-{k}": v for k, v in values.items()})
    return client.post(f"/projects/{project.id}/follow-up/values", data=data)


def _values(db, project) -> list[IndicatorValue]:
    db.expire_all()
    return list(db.scalars(select(IndicatorValue).where(IndicatorValue.project_id == project.id)
                           .order_by(IndicatorValue.period, IndicatorValue.id)))


def _error_under(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="field__error" id="{field_id}-error">(.*?)</p>', html, re.S)
    assert match, f"no error under {field_id}"
    return match.group(1)


# --- reporting -------------------------------------------------------------------------------


def test_an_editor_sets_up_how_an_indicator_is_reported(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    i1 = _indicator(project, "i1")
    path = f"/projects/{project.id}/follow-up/indicators/{i1.id}/reporting"
    assert client.get(path).status_code == 200
    data = form_data(client, path, path, frequency="quarter", first_period="2024-Q2",
                     responsible="Projektledaren")
    response = client.post(path, data=data)
    assert response.status_code == 302
    setting = db.scalar(select(IndicatorReporting).where(IndicatorReporting.indicator_id == i1.id))
    assert (setting.frequency, setting.first_period, setting.responsible) == (
        "quarter", date(2024, 4, 1), "Projektledaren")
    html = client.get(_page(project)).get_data(as_text=True)
    assert "Every quarter, from 2024-Q2, by Projektledaren" in html
    # A first period that does not start a quarter is refused under its field.
    data = form_data(client, path, path, first_period="2024-05")
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert "reported per quarter" in _error_under(response.get_data(as_text=True),
                                                  "first_period")


# --- values ----------------------------------------------------------------------------------


def test_a_value_is_registered_and_shown_with_its_difference(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    response = _add(client, project, indicator="i1", period="2024-03", planned="20",
                    actual="15", reported_by="Anna " + XSS, comment="Sjukdom")
    assert response.status_code == 302
    [value] = _values(db, project)
    assert (value.period, value.planned, value.actual, value.dimension) == (
        date(2024, 3, 1), Decimal("20"), Decimal("15"), "")
    assert value.recorded_by == "coordinator@example.se"
    html = client.get(_page(project)).get_data(as_text=True)
    table = html.split('id="values-i1"', 1)[1].split("</table>", 1)[0]
    assert "2024-03" in table and "\u22125" in table and "behind plan" in table
    assert XSS not in html and "Anna &lt;script&gt;" in html


def test_a_second_value_for_the_same_period_is_refused_unless_replaced(client, db, logged_in,
                                                                      project):
    logged_in("coordinator", locale="en")
    assert _add(client, project, indicator="i2", period="2024-02", actual="25").status_code == 302
    response = _add(client, project, indicator="i2", period="2024-02", actual="27")
    assert response.status_code == 400
    message = _error_under(response.get_data(as_text=True), "value-period")
    assert "There is already a value for i2 in 2024-02" in message
    assert "Replace the existing value" in message
    assert [v.actual for v in _values(db, project)] == [Decimal("25")]
    # A breakdown of the same period is another value.
    assert _add(client, project, indicator="i2", period="2024-02", actual="18",
                dimension="Veckodag", category="tisdag").status_code == 302
    response = _add(client, project, indicator="i2", period="2024-02", actual="27",
                    replace="y")
    assert response.status_code == 302
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The stored value of i2 for 2024-02 was replaced." in follow
    values = _values(db, project)
    assert sorted((v.dimension, v.actual) for v in values) == [
        ("", Decimal("27")), ("Veckodag", Decimal("18"))]


@pytest.mark.parametrize(("indicator", "field", "value", "message"), [
    ("i2", "actual", "120", "A share is given in per cent, from 0 to 100."),
    ("i2", "planned", "-1", "A share is given in per cent, from 0 to 100."),
    ("i1", "actual", "-3", "A count cannot be negative."),
    ("i1", "period", "2024-13", "Give the period as YYYY-MM"),
])
def test_values_out_of_range_are_refused_under_their_field(client, db, logged_in, project,
                                                          indicator, field, value, message):
    logged_in("coordinator", locale="en")
    values = {"indicator": indicator, "period": "2024-05", "planned": "10", "actual": "5"}
    values[field] = value
    response = _add(client, project, **values)
    assert response.status_code == 400
    assert message in _error_under(response.get_data(as_text=True), f"value-{field}")
    assert _values(db, project) == []


def test_a_breakdown_needs_both_dimension_and_category(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    response = _add(client, project, indicator="i1", period="2024-05", actual="5",
                    dimension="Veckodag")
    assert response.status_code == 400
    assert "Give the category" in _error_under(response.get_data(as_text=True),
                                               "value-category")


def test_a_value_is_edited_and_deleted_after_confirmation(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    _add(client, project, indicator="i1", period="2024-03", planned="20", actual="15")
    _add(client, project, indicator="i1", period="2024-04", planned="20", actual="19")
    first, second = _values(db, project)
    edit = f"/projects/{project.id}/follow-up/values/{first.id}/edit"
    data = form_data(client, edit, edit, actual="18", comment="Rättat")
    assert data["version"] == str(first.version)
    assert client.post(edit, data=data).status_code == 302
    first, second = _values(db, project)
    assert (first.actual, first.comment) == (Decimal("18"), "Rättat")
    # Moving it onto the other period is refused, then replaces it when asked.
    data = form_data(client, edit, edit, period="2024-04")
    response = client.post(edit, data=data)
    assert response.status_code == 400
    assert "There is already a value for i1 in 2024-04" in response.get_data(as_text=True)
    data["replace"] = "y"
    assert client.post(edit, data=data).status_code == 302
    [moved] = _values(db, project)
    assert (moved.id, moved.period, moved.actual) == (first.id, date(2024, 4, 1), Decimal("18"))
    # A stale version is refused.
    stale = form_data(client, edit, edit, actual="1")
    stale["version"] = "0"
    assert client.post(edit, data=stale).status_code == 409
    assert _values(db, project)[0].actual == Decimal("18")
    delete = f"/projects/{project.id}/follow-up/values/{moved.id}/delete"
    page = client.get(delete)
    assert page.status_code == 200 and "Delete the value?" in page.get_data(as_text=True)
    token = csrf_token(client, delete)
    assert client.post(delete, data={"csrf_token": token, "version": "99"}).status_code == 302
    assert len(_values(db, project)) == 1  # a stale version deletes nothing
    response = client.post(delete, data={"csrf_token": token, "version": str(moved.version)})
    assert response.status_code == 302
    assert _values(db, project) == []


def test_a_viewer_reads_the_page_without_forms(client, db, logged_in, project):
    logged_in("viewer", locale="en")
    response = client.get(_page(project))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Register a value" not in html and "Import values" not in html
    assert "<h1>Follow-up</h1>" in html


# --- the import ------------------------------------------------------------------------------


def _csv(*lines: str, bom: bool = True) -> bytes:
    text = "\r\n".join(("indikator;period;planerat;utfall;rapporterat av;kommentar;dimension;"
                        "kategori",) + lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def _import(client, project, data: bytes, filename: str = "värden.csv", replace: bool = False):
    page = _page(project)
    token = form_data(client, page, f"/projects/{project.id}/follow-up/import")
    payload = {"import-csrf_token": token["import-csrf_token"],
               "import-file": (BytesIO(data), filename)}
    if replace:
        payload["import-replace"] = "y"
    return client.post(f"/projects/{project.id}/follow-up/import", data=payload,
                       content_type="multipart/form-data")


def test_a_csv_file_is_imported_all_or_nothing(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    good = _csv("i1;2024-Q1;20;18;Anna;;;",
                "i1;2024-Q1;;12;Anna;;Veckodag;tisdag",
                "i1;2024-Q1;;6;Anna;;Veckodag;torsdag",
                "i2;2024-02;22;21,5;Bo;;;")
    response = _import(client, project, good)
    assert response.status_code == 302
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "4 values added, 0 replaced." in follow
    assert len(_values(db, project)) == 4
    # The same rows again collide with what is stored: refused, naming row and column.
    response = _import(client, project, _csv("i1;2024-Q2;20;19;;;;", "i2;2024-02;22;23;;;;"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Row 3, column &#39;period&#39;: There is already a value for i2 in 2024-02" in html
    assert len(_values(db, project)) == 4  # nothing of the file was stored
    response = _import(client, project, _csv("i1;2024-Q2;20;19;;;;", "i2;2024-02;22;23;;;;"),
                       replace=True)
    assert response.status_code == 302
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 values added, 1 replaced." in follow
    values = _values(db, project)
    assert len(values) == 5
    assert [v.actual for v in values if v.period == date(2024, 2, 1)] == [Decimal("23")]


@pytest.mark.parametrize(("lines", "expected"), [
    (("i1;2024-03;1;1;;;;", "i1;2024-03;2;2;;;;"),
     "Row 3, column &#39;period&#39;: The same indicator, period and breakdown as in data row 1"),
    (("i9;2024-03;1;1;;;;",), "Row 2, column &#39;indikator&#39;: The logic model has no"),
    (("i2;2024-03;1;101;;;;",), "Row 2, column &#39;utfall&#39;: A share is given in per cent"),
    (("i1;mars;1;1;;;;",), "Row 2, column &#39;period&#39;: Give the period as YYYY-MM"),
    (("i1;2024-03;x;1;;;;",), "row 2, column &#39;planerat&#39;: &#39;x&#39; is not a number"),
    (("i1;2024-03;1;1;19121212-1212;;;",), "personal identity numbers"),
])
def test_a_bad_file_is_refused_naming_the_row_and_column(client, db, logged_in, project, lines,
                                                         expected):
    logged_in("coordinator", locale="en")
    response = _import(client, project, _csv(*lines, bom=False))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The file was not imported" in html
    assert expected in html
    assert _values(db, project) == []


def test_an_excel_workbook_is_imported(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    wb = Workbook()
    ws = wb.active
    ws.append(["indicator", "period", "planned", "actual", "reported_by", "dimension",
               "category"])
    ws.append(["i1", "2024-Q3", 20, 16, "Anna", "Tränare", "Anna"])
    ws.append(["i1", "2024-Q3", 20, 9, "Bo", "Tränare", "Bo"])
    ws.append(["i3", date(2024, 7, 1), 45, 48, "", None, None])
    buffer = BytesIO()
    wb.save(buffer)
    response = _import(client, project, buffer.getvalue(), "värden.xlsx")
    assert response.status_code == 302
    values = _values(db, project)
    assert sorted((v.indicator.key, v.category, v.actual) for v in values) == [
        ("i1", "Anna", Decimal("16")), ("i1", "Bo", Decimal("9")), ("i3", "", Decimal("48"))]


def test_the_template_lists_the_followed_indicators(client, db, logged_in, project):
    logged_in("viewer", locale="en")
    response = client.get(f"/projects/{project.id}/follow-up/template.csv")
    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == ("indikator;period;planerat;utfall;rapporterat av;kommentar;dimension;"
                        "kategori")
    assert [line.split(";")[0] for line in lines[1:]] == ["i1", "i2", "i3"]
    assert re.fullmatch(r"\d{4}-Q[1-4]", lines[1].split(";")[1])


# --- charts, missing data, resources and the status ------------------------------------------


def test_charts_show_actual_against_planned_and_one_line_per_category(client, db, logged_in,
                                                                      project):
    logged_in("coordinator", locale="en")
    _import(client, project, _csv("i1;2024-Q1;20;18;;;;", "i1;2024-Q2;20;15;;;;",
                                  "i1;2024-Q1;;12;;;Veckodag;tisdag",
                                  "i1;2024-Q1;;6;;;Veckodag;torsdag",
                                  "i1;2024-Q2;;11;;;Veckodag;tisdag",
                                  "i1;2024-Q2;;4;;;Veckodag;torsdag"))
    html = client.get(_page(project)).get_data(as_text=True)
    payloads = {m.group(1): json.loads(m.group(2)) for m in re.finditer(
        r'<script type="application/json" id="(chart-i1-\d)-data">(.*?)</script>', html, re.S)}
    assert set(payloads) == {"chart-i1-1", "chart-i1-2"}
    totals = payloads["chart-i1-1"]["option"]["series"]
    assert [s["name"] for s in totals] == ["Actual", "Planned", "Target"]
    assert totals[0]["data"] == [18, 15] and totals[2]["data"] == [80, 80]
    # Monthly periods unless the reporting says quarters.
    assert payloads["chart-i1-1"]["option"]["xAxis"]["data"] == ["2024-01", "2024-04"]
    weekdays = payloads["chart-i1-2"]["option"]["series"]
    assert [(s["name"], s["data"]) for s in weekdays[:2]] == [("tisdag", [12, 11]),
                                                            ("torsdag", [6, 4])]
    assert "Lowest on average: torsdag (5)." in html
    assert "chart-i1-2-table" in html


def test_missing_data_lists_periods_without_an_actual_value(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    i2 = _indicator(project, "i2")
    path = f"/projects/{project.id}/follow-up/indicators/{i2.id}/reporting"
    client.post(path, data=form_data(client, path, path, frequency="quarter",
                                     responsible="Eva " + XSS))
    _import(client, project, _csv("i2;2024-Q2;22;21;;;;", "i2;2024-Q3;24;;;;;"))
    html = client.get(_page(project)).get_data(as_text=True)
    table = html.split('id="missing-table"', 1)[1].split("</table>", 1)[0]
    # From the start (2024-Q1) to the end (2024-Q4); Q3 has only a planned value.
    assert re.findall(r"<td>(2024-Q\d)</td>", table) == ["2024-Q1", "2024-Q3", "2024-Q4"]
    assert "Eva &lt;script&gt;" in table and XSS not in html
    assert "i1:" not in table  # no reporting set up for i1


def test_resource_use_is_kept_per_activity_with_totals(client, db, logged_in, project):
    logged_in("coordinator", locale="en")
    action = f"/projects/{project.id}/follow-up/resources"

    def add(**values):
        data = form_data(client, _page(project), action,
                         **{f"resource-{k}": v for k, v in values.items()})
        return client.post(action, data=data)

    assert add(activity="a1", period="2024-03", competence="Fysioterapeut",
               planned_hours="40", actual_hours="52,5").status_code == 302
    assert add(activity="a1", period="2024-04", competence="Fysioterapeut",
               planned_hours="40", actual_hours="38").status_code == 302
    response = add(activity="a1", period="2024-04", competence="Fysioterapeut",
                   planned_hours="1")
    assert response.status_code == 400
    assert "already registered" in _error_under(response.get_data(as_text=True),
                                                "resource-competence")
    response = add(activity="a1", period="2024-05", competence="X", actual_hours="-2")
    assert response.status_code == 400
    assert "Hours cannot be negative." in _error_under(response.get_data(as_text=True),
                                                       "resource-actual_hours")
    html = client.get(_page(project)).get_data(as_text=True)
    totals = html.split('id="resource-totals"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"<strong>80</strong>.*<strong>90\.5</strong>.*<strong>\+10\.5</strong>",
                     totals, re.S)
    rows = list(db.scalars(select(ResourceUse).order_by(ResourceUse.period)))
    edit = f"/projects/{project.id}/follow-up/resources/{rows[1].id}/edit"
    assert client.post(edit, data=form_data(client, edit, edit,
                                            actual_hours="41")).status_code == 302
    db.expire_all()
    assert db.get(ResourceUse, rows[1].id).actual_hours == Decimal("41")
    delete = f"/projects/{project.id}/follow-up/resources/{rows[0].id}/delete"
    assert "Delete the hours?" in client.get(delete).get_data(as_text=True)
    client.post(delete, data={"csrf_token": csrf_token(client, delete),
                              "version": str(rows[0].version)})
    assert db.scalar(select(func.count()).select_from(ResourceUse)) == 1


def test_the_status_compares_targets_reached_with_the_budget_spent(client, db, logged_in,
                                                                   project):
    record_entry(db, project.fund, kind="allocation", on=date(2024, 1, 1),
                 amount=Decimal("1000000"), project=project, note="", by="test")
    record_entry(db, project.fund, kind="disbursement", on=date(2024, 6, 1),
                 amount=Decimal("800000"), project=project, note="", by="test")
    db.commit()
    logged_in("coordinator", locale="en")
    # i2: 20 → 30, latest 22 (20 % of the way); i3: 50 → 10, latest 40 (25 %).
    _import(client, project, _csv("i2;2024-01;;25;;;;", "i2;2024-02;;22;;;;",
                                  "i3;2024-02;;40;;;;"))
    html = client.get(_page(project)).get_data(as_text=True)
    assert re.search(r'id="targets-reached">22[.,]5\u00a0%<', html)
    assert re.search(r'id="budget-spent">80\u00a0%<', html)
    status = html.split('id="follow-up-status"', 1)[1].split("</td>", 1)[0]
    assert "Serious" in status
    assert "How the status is computed" in html
