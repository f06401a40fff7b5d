"""The unit-cost library pages through the test client, CSRF on: items, downloads and the
import, the price index, the optimism reductions and the shipped example library."""

from __future__ import annotations

import html as html_text
import io
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from models import costs
from models.costs import BenefitValues, UnitCostValues
from models.demo_unit_costs import EXAMPLE_SOURCE, load_example_unit_costs
from models.economics import OptimismGrade, PriceIndexPoint, UnitCost
from tests.conftest import csrf_token, form_data
from tests.integration.helpers import make_org, make_project

FIELDS = ("key", "name", "unit", "amount", "price_year", "source", "note", "local_amount",
          "confidence", "is_example")


def _count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def _items(db) -> list[tuple]:
    db.expire_all()
    return [tuple(getattr(u, f) for f in FIELDS)
            for u in db.scalars(select(UnitCost).order_by(UnitCost.key))]


def _add(db, key="hvb-dygn", **changes) -> UnitCost:
    values = dict(key=key, name="Placering HVB, per dygn", unit="dygn", amount="4000",
                  price_year=2024, confidence="C", source="Kolada 2024", note="")
    values.update(changes)
    unit = costs.add_unit_cost(db, UnitCostValues(**values))
    db.commit()
    return unit


def _page(response) -> str:
    """The page as text, entities decoded (quotes in messages are escaped in the HTML)."""
    return html_text.unescape(response.get_data(as_text=True))


def _upload(client, filename: str, content: bytes):
    token = csrf_token(client, "/unit-costs/")
    return client.post("/unit-costs/import", data={
        "csrf_token": token, "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data")


@pytest.fixture
def used(db):
    """A unit cost that a benefit line of an initiative uses."""
    make_org(db)
    project = make_project(db, "skolnarvaro", start=date(2025, 1, 1), end=date(2027, 12, 31))
    unit = _add(db)
    costs.add_benefit_line(db, project, BenefitValues(
        unit_cost="hvb-dygn", units_per_person="30", actor="soc", first_year=2025, years=2,
        people="4"))
    db.commit()
    return unit


# --- items ----------------------------------------------------------------------------------------


def test_a_coordinator_adds_edits_and_deletes_an_item(client, db, logged_in):
    logged_in("coordinator", locale="en")
    data = form_data(client, "/unit-costs/new", key="hvb-dygn", name="Placering HVB, per dygn",
                     unit="dygn", amount="4 600,50", price_year="2024", local_amount="",
                     confidence="C", source="Kolada", note="")
    response = client.post("/unit-costs/new", data=data)
    assert response.status_code == 302
    unit = db.scalar(select(UnitCost))
    assert (unit.key, unit.amount, unit.price_year, unit.local_amount, unit.confidence,
            unit.is_example) == ("hvb-dygn", D("4600.50"), 2024, None, "C", False)

    # A refusal from the library is shown at its field and stores nothing.
    data = form_data(client, "/unit-costs/new", key="HVB dygn", name="Annan", unit="dygn",
                     amount="1", price_year="2024")
    response = client.post("/unit-costs/new", data=data)
    assert response.status_code == 400
    assert 'id="key-error"' in response.get_data(as_text=True)
    data.update(key="hvb-dygn")
    response = client.post("/unit-costs/new", data=data)
    assert response.status_code == 400
    assert "There is already a unit cost “hvb-dygn”." in response.get_data(as_text=True)
    assert _count(db, UnitCost) == 1

    edit = f"/unit-costs/{unit.id}/edit"
    data = form_data(client, edit, local_amount="5200", confidence="B")
    assert client.post(edit, data=data).status_code == 302
    db.expire_all()
    assert (unit.amount, unit.local_amount, unit.confidence) == (D("4600.50"), D("5200.00"), "B")
    html = client.get("/unit-costs/?year=2024").get_data(as_text=True)
    assert "5,200\u00a0kr" in html and "from the local amount" in html

    delete = f"/unit-costs/{unit.id}/delete"
    page = client.get(delete).get_data(as_text=True)
    assert "Delete the unit cost" in page
    response = client.post(delete, data={"csrf_token": csrf_token(client, delete),
                                         "version": str(unit.version)})
    assert response.status_code == 302
    assert _count(db, UnitCost) == 0


def test_a_reader_sees_no_forms_and_cannot_write(client, db, logged_in):
    unit = _add(db)
    logged_in("viewer", locale="en")
    html = client.get("/unit-costs/").get_data(as_text=True)
    assert "Placering HVB, per dygn" in html
    assert "/unit-costs/new" not in html and "/unit-costs/import" not in html
    assert f"/unit-costs/{unit.id}/edit" not in html and 'type="file"' not in html
    for page in ("/unit-costs/price-index", "/unit-costs/optimism"):
        response = client.get(page)
        assert response.status_code == 200
        assert "<form method=\"post\" novalidate" not in response.get_data(as_text=True)
    token = csrf_token(client, "/unit-costs/")
    for path in ("/unit-costs/new", f"/unit-costs/{unit.id}/edit",
                 f"/unit-costs/{unit.id}/delete", "/unit-costs/import",
                 "/unit-costs/price-index", "/unit-costs/optimism"):
        response = client.post(path, data={"csrf_token": token, "name": "x", "version": "1",
                                            "rows": "1", "year-0": "2024", "value-0": "1"})
        assert response.status_code == 403, path
    for path in ("/unit-costs/new", f"/unit-costs/{unit.id}/edit"):
        assert client.get(path).status_code == 403
    assert _items(db)[0][1] == "Placering HVB, per dygn"
    assert _count(db, PriceIndexPoint) == 0


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(client, db, logged_in):
    unit = _add(db)
    logged_in("coordinator", locale="en")
    edit = f"/unit-costs/{unit.id}/edit"
    data = form_data(client, edit, amount="4100")
    # Someone else saves in between.
    costs.update_unit_cost(db, unit, UnitCostValues(
        key="hvb-dygn", name="Placering HVB, per dygn", unit="dygn", amount="4500",
        price_year=2024, confidence="C"), version=unit.version)
    db.commit()
    response = client.post(edit, data=data)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else changed this while you were editing it" in html
    assert 'value="4100"' in html and "4,500\u00a0kr" in html  # typed, and saved now
    db.expire_all()
    assert unit.amount == D("4500.00")
    # A version-less post is not from the page.
    data.pop("version")
    assert client.post(edit, data=data).status_code == 400


def test_an_item_in_use_cannot_be_deleted(client, db, logged_in, used):
    logged_in("coordinator", locale="en")
    delete = f"/unit-costs/{used.id}/delete"
    page = client.get(delete).get_data(as_text=True)
    assert "1 benefit line uses this unit cost, so it cannot be deleted" in page
    assert 'class="button button--danger"' not in page
    response = client.post(delete, data={"csrf_token": csrf_token(client, "/unit-costs/"),
                                         "version": str(used.version)})
    assert response.status_code == 409
    assert "1 benefit lines use this unit cost; change them first." in response.get_data(
        as_text=True)
    assert _count(db, UnitCost) == 1
    html = client.get("/unit-costs/").get_data(as_text=True)
    row = html[html.index(f'id="unit-{used.id}"'):]
    assert '<td class="num">1</td>' in row[:row.index("</tr>")]


# --- downloads and the import --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imports_back_to_the_same_items(client, db, logged_in, kind):
    _add(db, confidence=None, note="Gäller barn och unga; 12 % moms ingår ej")
    _add(db, key="gymnasiear", name="Gymnasieår; \"snitt\"", unit="läsår", amount="135000.25",
         price_year=2023, local_amount="141000", confidence="D", source="SKR\nrad två")
    before = _items(db)
    logged_in("coordinator", locale="en")
    response = client.get(f"/unit-costs/unit-costs.{kind}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    content = response.data
    if kind == "csv":
        assert response.mimetype == "text/csv"
        assert content.startswith(b"\xef\xbb\xbfkey;name;unit;amount;price_year;")
        assert b"135000,25" in content
    # Change one item and remove the other: the import restores both.
    db.execute(UnitCost.__table__.update().where(UnitCost.key == "gymnasiear")
               .values(amount=D("1.00"), version=UnitCost.version + 1))
    db.execute(UnitCost.__table__.delete().where(UnitCost.key == "hvb-dygn"))
    db.commit()
    response = _upload(client, f"bibliotek.{kind}", content)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    html = client.get("/unit-costs/").get_data(as_text=True)
    assert "1 added, 1 updated." in html
    assert _items(db) == before


def test_a_bad_row_names_row_and_column_and_stores_nothing(client, db, logged_in):
    logged_in("coordinator", locale="en")
    table = ("nyckel;namn;enhet;belopp;prisår;säkerhet\n"
             "hvb-dygn;HVB;dygn;4000;2024;C\n"
             "familjehem;Familjehem;dygn;tusen;2024;C\n").encode()
    response = _upload(client, "t.csv", table)
    assert response.status_code == 400
    html = _page(response)
    assert "row 3, column 'belopp': 'tusen' is not a number" in html
    assert "Nothing was saved" in html
    # A row the library refuses is named by its row in the file and the file's column.
    table = ("nyckel;namn;enhet;belopp;prisår;säkerhet\n"
             "hvb-dygn;HVB;dygn;4000;2024;C\n"
             "Familje hem;Familjehem;dygn;1300;2024;C\n").encode()
    response = _upload(client, "t.csv", table)
    assert response.status_code == 400
    assert ("Row 3, column 'nyckel': Use lower-case letters, digits and hyphens"
            in _page(response))
    assert _count(db, UnitCost) == 0
    # The same table corrected is imported whole.
    response = _upload(client, "t.csv", table.replace(b"Familje hem", b"familjehem"))
    assert response.status_code == 302
    assert [item[0] for item in _items(db)] == ["familjehem", "hvb-dygn"]


def test_an_upload_with_a_personal_identity_number_is_refused(client, db, logged_in):
    logged_in("coordinator", locale="en")
    table = ("key;name;unit;amount;price_year;note\n"
             "hvb-dygn;HVB;dygn;4000;2024;Gäller 19121212-1212\n").encode()
    response = _upload(client, "t.csv", table)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "personal identity numbers" in html and "19121212" not in html
    assert _count(db, UnitCost) == 0


def test_a_formula_like_name_is_exported_as_text(client, db, logged_in):
    name = '=HYPERLINK("http://example.com","klicka")'
    _add(db, name=name, note="+46 70 123", source="@SUM(A1)")
    logged_in("coordinator", locale="en")
    csv_bytes = client.get("/unit-costs/unit-costs.csv").data
    line = csv_bytes.decode("utf-8-sig").splitlines()[1]
    assert line.startswith("hvb-dygn;\"'=HYPERLINK(")
    assert ";'@SUM(A1);'+46 70 123;" in line
    xlsx_bytes = client.get("/unit-costs/unit-costs.xlsx").data
    sheet = load_workbook(io.BytesIO(xlsx_bytes)).worksheets[0]
    cell = sheet["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (name, "s", True)
    assert [c.value for c in sheet[1]] == list(FIELDS[:-1])
    # Both read back to the name as typed.
    for filename, content in (("u.csv", csv_bytes), ("u.xlsx", xlsx_bytes)):
        db.execute(UnitCost.__table__.delete())
        db.commit()
        assert _upload(client, filename, content).status_code == 302
        db.expire_all()
        unit = db.scalar(select(UnitCost))
        assert (unit.name, unit.note, unit.source) == (name, "+46 70 123", "@SUM(A1)")


# --- the library page ----------------------------------------------------------------------------


def test_amounts_are_restated_with_the_index_or_say_why_not(client, db, logged_in):
    _add(db, amount="4000", price_year=2024)
    costs.save_price_index(db, {2024: D("100"), 2025: D("102.5")})
    db.commit()
    logged_in("viewer", locale="en")
    html = client.get("/unit-costs/?year=2025").get_data(as_text=True)
    assert "In 2025 prices" in html
    assert "4,100\u00a0kr" in html  # 4000 × 102.5 / 100
    html = client.get("/unit-costs/?year=2026").get_data(as_text=True)
    assert "Not restated to 2026: the price index lacks 2026." in html
    # Without a year the current year is used.
    this_year = date.today().year
    assert f"In {this_year} prices" in client.get("/unit-costs/").get_data(as_text=True)


def test_the_example_library_is_marked_until_replaced(client, db, logged_in):
    assert load_example_unit_costs(db) == 8
    db.commit()
    units = {u.key: u for u in db.scalars(select(UnitCost))}
    assert set(units) == {"hvb-dygn", "familjehem-dygn", "ekonomiskt-bistand-manad",
                          "gymnasiear", "omgjort-skolar", "hemtjanst-timme", "vardag-fallskada",
                          "sjukskrivning-vecka"}
    assert all(u.is_example and u.confidence in ("C", "D", "E") for u in units.values())
    assert all(u.source.startswith(EXAMPLE_SOURCE) for u in units.values())
    assert all(u.amount > 0 and u.price_year == 2024 for u in units.values())
    assert sorted(costs.price_index(db)) == [2022, 2023, 2024, 2025, 2026]
    # Never loaded twice, nor into a library or index the organisation keeps.
    assert load_example_unit_costs(db) == 0
    assert _count(db, UnitCost) == 8

    logged_in("coordinator", locale="en")
    html = client.get("/unit-costs/").get_data(as_text=True)
    assert 'id="examples-notice"' in html and "8 items are examples" in html
    assert html.count("Example value — replace with your own</span>") == 8
    unit = units["hvb-dygn"]
    edit = f"/unit-costs/{unit.id}/edit"
    assert client.post(edit, data=form_data(client, edit, local_amount="5100")).status_code == 302
    db.expire_all()
    assert not unit.is_example
    html = client.get("/unit-costs/").get_data(as_text=True)
    assert "7 items are examples" in html
    assert html.count("Example value — replace with your own</span>") == 7


def test_examples_are_not_loaded_into_a_kept_library(db):
    _add(db)
    costs.save_price_index(db, {2020: D("90")})
    assert load_example_unit_costs(db) == 0
    assert _count(db, UnitCost) == 1 and costs.price_index(db) == {2020: D("90")}


# --- price index and optimism --------------------------------------------------------------------


def _index_post(client, rows: list[tuple[str, str, bool]], **extra):
    page = "/unit-costs/price-index"
    data = form_data(client, page, action="")
    data = {"csrf_token": data["csrf_token"], "state": data["state"], "rows": str(len(rows))}
    for i, (year, value, remove) in enumerate(rows):
        data[f"year-{i}"], data[f"value-{i}"] = year, value
        if remove:
            data[f"remove-{i}"] = "y"
    data.update(extra)
    return client.post(page, data=data)


def test_the_price_index_is_saved_changed_and_shortened(client, db, logged_in):
    logged_in("coordinator", locale="en")
    response = _index_post(client, [("2023", "100", False), ("2024", "102,5", False)])
    assert response.status_code == 302
    assert costs.price_index(db) == {2023: D("100"), 2024: D("102.5")}
    html = client.get("/unit-costs/price-index").get_data(as_text=True)
    assert 'value="102,5"' in html and "index[the initiative's price year]" in html
    # Change one year, remove the other, add a third.
    response = _index_post(client, [("2023", "100", True), ("2024", "103", False),
                                    ("2025", "105,25", False)])
    assert response.status_code == 302
    db.expire_all()
    assert costs.price_index(db) == {2024: D("103"), 2025: D("105.25")}
    # Bad rows are named and nothing changes.
    response = _index_post(client, [("2024", "0", False), ("2024", "1", False),
                                    ("tjugo", "1", False)])
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The index for 2024 must be greater than 0." in html
    assert "2024 is already in row 1." in html and "Enter a year between 1900 and 2200." in html
    db.expire_all()
    assert costs.price_index(db) == {2024: D("103"), 2025: D("105.25")}


def test_a_stale_price_index_is_refused(client, db, logged_in):
    logged_in("coordinator", locale="en")
    page = "/unit-costs/price-index"
    data = form_data(client, page, action="")
    costs.save_price_index(db, {2024: D("100")})
    db.commit()
    response = client.post(page, data={"csrf_token": data["csrf_token"], "state": data["state"],
                                       "rows": "1", "year-0": "2023", "value-0": "99"})
    assert response.status_code == 409
    assert "Someone else changed this" in response.get_data(as_text=True)
    db.expire_all()
    assert costs.price_index(db) == {2024: D("100")}


def test_the_optimism_reductions_are_saved_within_0_to_100_per_cent(client, db, logged_in):
    logged_in("coordinator", locale="en")
    page = "/unit-costs/optimism"
    html = client.get(page).get_data(as_text=True)
    assert "Green Book" in html and "Default: 30\u00a0%" in html
    data = form_data(client, page, grade_D="150", note_D="För högt")
    response = client.post(page, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The reduction for grade D must be between 0 and 100 %." in html
    assert _count(db, OptimismGrade) == 0
    data = form_data(client, page, grade_C="12,5", note_C="Egen policy 2025")
    assert client.post(page, data=data).status_code == 302
    table = costs.optimism_table(db)
    assert table["C"] == D("0.125") and table["E"] == D("0.30")
    assert db.scalar(select(OptimismGrade.note).where(OptimismGrade.grade == "C")) == (
        "Egen policy 2025")
    assert 'value="12,5"' in client.get(page).get_data(as_text=True)
    # A blank share is not taken as no reduction.
    data = form_data(client, page, grade_A="")
    response = client.post(page, data=data)
    assert response.status_code == 400
    assert "Enter the share removed for grade A." in response.get_data(as_text=True)
