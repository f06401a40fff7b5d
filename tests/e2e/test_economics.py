"""The economics screens in the browser, in Swedish, with axe on every page state.

The coordinator adds a unit cost of the run's own to the library, creates an initiative starting
in 2026 that reaches 40 of a target group of 400, budgets it (and sees a line before the start
refused under its field), values the avoided costs with the new unit cost, reads the
calculation, runs the Monte Carlo twice with the same seed and sees the same probability, sees
the run go out of date when the budget changes and downloads the decision material. The
initiative and the unit cost are the test's own, so the demo portfolio the other tests use is
left as it is.
"""

from __future__ import annotations

import re
import uuid

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from models.demo import DEMO_PASSWORD
from tests.e2e.conftest import COORDINATOR, NBSP, axe_check, log_in, submit, visit

pytestmark = pytest.mark.e2e


# The run's own texts; the suffix keeps them unique in the shared database.
RUN = uuid.uuid4().hex[:6]
TITLE = f"Jourhem i stället för HVB-placering {RUN}"
UNIT_KEY = f"jourhem-dygn-{RUN}"
UNIT_NAME = f"Dygn i kommunalt jourhem {RUN}"
SOCIAL = "Socialförvaltningen"
BOARD = "Kommunstyrelseförvaltningen"


def kr(text: str) -> str:
    """An amount as the pages write it: digits grouped by no-break spaces, then "kr"."""
    return f"{text.replace(' ', NBSP)}{NBSP}kr"


# The figures, worked by hand (start 2026, price year 2026, discount rate 3,5 %).
# Budget: staff 600 000 (2026, Socialförvaltningen) + evaluation 150 000 (2027,
# Kommunstyrelseförvaltningen) = 750 000; per participant 750 000 / 40 = 18 750.
# Benefit b1: 10 people × 25 days × 2 000 kr × (1 − 0) × (1 − 20 % attribution)
# × (1 − 10 % optimism reduction for grade C) = 360 000 in 2026, then 25 % drop-off a year:
# 270 000 in 2027 and 202 500 in 2028; 832 500 in all.
# Present values: costs 600 000 + 150 000 / 1,035 = 744 927,54; benefits 360 000
# + 270 000 / 1,035 + 202 500 / 1,035² = 360 000 + 260 869,57 + 189 035,92 = 809 905,48.
# Return 809 905,48 / 744 927,54 = 1,0872 → "1,09". Cumulative discounted net: 2026
# −240 000, 2027 −240 000 + 260 869,57 − 144 927,54 = −124 057,97, 2028 +64 977,95 (payback).
# Tornado, ±25 %: the effect scales every benefit, so 1,0872 × 0,75 = 0,8154 → "0,82" and
# 1,0872 × 1,25 = 1,3590 → "1,36", a swing of 1,3590 − 0,8154 = 0,5436 → "0,54".
RETURN = "1,09"
EFFECT_LOW, EFFECT_HIGH, EFFECT_SWING = "0,82", "1,36", "0,54"
SEED = "20240101"

PER_PARTICIPANT = ("den totala kostnaden delad med 40 deltagare, den del av målgruppen som "
                   "satsningen planerar att nå.")
# No comparison alternative is chosen in the evaluation plan.
SUGGESTION = ("Inget jämförelsealternativ är valt, så inget visar vad som hade hänt ändå: 50 % "
              "attribution föreslås tills ett alternativ är valt.")
SCALING = ("Uppskalat med 10, det vill säga hela målgruppen (400 personer) delat med pilotens "
           f"deltagare (40): utvärderingskostnaderna ({kr('150 000')}) är en engångskostnad för "
           "piloten och står kvar oförändrade, medan alla andra kostnader och alla nyttor växer i "
           "proportion till antalet deltagare.")


def _flash(page, text: str) -> None:
    expect(page.locator(".flashes")).to_contain_text(text)


def _unit_cost(page) -> None:
    """Add the run's own unit cost, graded C, to the library that holds the example values."""
    visit(page, "/unit-costs/")
    expect(page.locator("#examples-notice")).to_contain_text(
        "Biblioteket innehåller exempelvärden.")
    expect(page.get_by_text(UNIT_KEY)).to_have_count(0)
    page.get_by_role("link", name="Ny enhetskostnad").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny enhetskostnad")
    axe_check(page)
    page.get_by_label("Namn", exact=True).fill(UNIT_NAME)
    page.get_by_label("Nyckel", exact=True).fill(UNIT_KEY)
    page.get_by_label("Enhet", exact=True).fill("dygn")
    page.get_by_label("Belopp (kr)", exact=True).fill("2 000")
    page.get_by_label("Prisår", exact=True).fill("2026")
    page.get_by_label("Säkerhetsgrad", exact=True).select_option(value="C")
    submit(page, page.get_by_role("button", name="Lägg till enhetskostnaden"))
    assert re.search(r"/unit-costs/#unit-\d+$", page.url), page.url
    _flash(page, f"{UNIT_NAME} lades till i enhetskostnadsbiblioteket.")
    row = page.locator("tr").filter(has_text=UNIT_KEY)
    expect(row).to_have_count(1)
    expect(row.get_by_role("rowheader")).to_contain_text(UNIT_NAME)
    expect(row).to_contain_text(kr("2 000"))
    expect(row).to_contain_text("C – nationella siffror eller jämförbara kommuner")
    expect(row).to_contain_text(f"nyttor minskas med 10{NBSP}%")
    # The run's own item is not an example: only the shipped items carry the badge.
    expect(row.locator(".badge")).to_have_count(0)
    axe_check(page)


def _create_project(page) -> str:
    """Create the initiative: start 2026-01-01, reaching 40 of a target group of 400."""
    visit(page, "/projects/")
    page.get_by_role("link", name="Ny satsning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny satsning")
    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.get_by_label("Hela målgruppens storlek").fill("400")
    page.get_by_label("Del som satsningen når").fill("40")
    page.get_by_label("Startdatum", exact=True).fill("2026-01-01")
    submit(page, page.get_by_role("button", name="Skapa satsning"))
    match = re.search(r"/projects/(\d+)$", page.url)
    assert match, page.url
    _flash(page, "Satsningen skapades.")
    axe_check(page)
    return f"/projects/{match.group(1)}"


def _budget_line(page, category: str, actor: str, year: str, amount: str) -> None:
    form = page.locator("#budget-form")
    form.get_by_label("Kategori", exact=True).select_option(label=category)
    form.get_by_label("Vem som bär kostnaden", exact=True).select_option(label=actor)
    form.get_by_label("År", exact=True).fill(year)
    form.get_by_label("Belopp (kr)", exact=True).fill(amount)


def _budget(page, project: str) -> None:
    visit(page, f"{project}/budget")
    expect(page.get_by_role("heading", level=1)).to_have_text("Budget")
    expect(page.locator("#budget-lines")).to_contain_text("Inga budgetrader ännu.")
    # A new line starts in the initiative's first year.
    expect(page.locator("#budget-form").get_by_label("År", exact=True)).to_have_value("2026")

    _budget_line(page, "Personal", SOCIAL, "2026", "600 000")
    submit(page, page.get_by_role("button", name="Lägg till budgetraden"))
    _flash(page, "Budgetraden lades till.")
    _budget_line(page, "Utvärdering", BOARD, "2027", "150 000")
    submit(page, page.get_by_role("button", name="Lägg till budgetraden"))
    _flash(page, "Budgetraden lades till.")

    lines = page.locator("#budget-lines tbody tr")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text(SOCIAL)
    expect(lines.nth(0)).to_contain_text(kr("600 000"))
    expect(lines.nth(1)).to_contain_text(BOARD)
    expect(lines.nth(1)).to_contain_text(kr("150 000"))
    by_year = page.locator("#totals-year")
    expect(by_year.locator("tbody tr")).to_have_count(2)
    expect(by_year.locator("tbody tr").nth(0)).to_have_text(re.compile(
        rf"^\s*2026\s*{kr('600 000')}\s*$"))
    expect(by_year.locator("tbody tr").nth(1)).to_have_text(re.compile(
        rf"^\s*2027\s*{kr('150 000')}\s*$"))
    expect(by_year.locator("tfoot")).to_contain_text(kr("750 000"))
    expect(page.locator("#budget-total")).to_have_text(kr("750 000"))
    expect(page.locator("#totals-actor")).to_contain_text(BOARD)
    expect(page.locator("#budget-totals")).to_contain_text(
        f"{kr('18 750')} – {PER_PARTICIPANT}")
    axe_check(page)

    # A line before the start is refused under the year field, and nothing is added.
    _budget_line(page, "Personal", SOCIAL, "2025", "10 000")
    submit(page, page.get_by_role("button", name="Lägg till budgetraden"), status=400)
    year = page.locator("#budget-form").get_by_label("År", exact=True)
    expect(year).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#budget-year-error")).to_have_text(
        "2025 ligger före satsningens start (2026).")
    expect(year).to_have_attribute("aria-describedby", "budget-year-error")
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", level=2))
    expect(summary).to_contain_text("Rätta följande")
    expect(summary.get_by_role("link", name="År", exact=True)).to_be_visible()
    expect(lines).to_have_count(2)
    expect(page.locator("#budget-total")).to_have_text(kr("750 000"))
    axe_check(page)


def _benefits(page, project: str) -> None:
    visit(page, f"{project}/benefits")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nyttor (undvikbara kostnader)")
    expect(page.locator("#benefit-lines")).to_contain_text("Inga nyttorader ännu.")
    expect(page.locator("#trust-suggestion")).to_contain_text(SUGGESTION)

    form = page.locator("#benefit-form")
    form.get_by_role("group", name="Antal berörda personer").get_by_label(
        "Angivet antal", exact=True).check()
    form.get_by_label("Berörda personer (angivet antal)", exact=True).fill("10")
    form.get_by_label("Enhetskostnad", exact=True).select_option(value=UNIT_KEY)
    form.get_by_label("Undvikna enheter per person och år", exact=True).fill("25")
    form.get_by_label("Vem som får nyttan", exact=True).select_option(label=SOCIAL)
    expect(form.get_by_label("Första året", exact=True)).to_have_value("2026")
    form.get_by_label("Antal år", exact=True).fill("3")
    form.get_by_label("Dödvikt (%)", exact=True).fill("0")
    form.get_by_label("Attribution (%)", exact=True).fill("20")
    form.get_by_label("Avtagande effekt per år (%)", exact=True).fill("25")
    submit(page, form.get_by_role("button", name="Lägg till nyttoraden"))
    _flash(page, "Nyttoraden b1 lades till.")

    row = page.locator("#benefit-b1")
    expect(row).to_contain_text(UNIT_NAME)
    expect(row).to_contain_text(f"Säkerhetsgrad C: minskas med 10{NBSP}%")
    expect(row.locator("td").nth(8)).to_contain_text(f"20{NBSP}%")
    expect(row.locator("td").nth(9)).to_have_text(f"25{NBSP}%")
    # The attribution is below what the design suggests, and the suggestion stands beside it.
    expect(row.locator(".badge--warning")).to_have_text(f"under föreslagna 50{NBSP}%")
    expect(page.locator("#trust-suggestion")).to_contain_text(SUGGESTION)
    expect(row.locator("td").nth(11)).to_have_text(kr("360 000"))
    expect(row.locator("td").nth(12)).to_have_text(kr("832 500"))
    axe_check(page)


def _calculation(page, project: str) -> None:
    visit(page, f"{project}/economics")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kalkyl")
    expect(page.locator("#figure-cost-total")).to_have_text(kr("750 000"))
    expect(page.locator("#figure-benefit-total")).to_have_text(kr("832 500"))
    expect(page.locator("#figure-cost-pv")).to_have_text(kr("744 927,54"))
    expect(page.locator("#figure-benefit-pv")).to_have_text(kr("809 905,48"))
    expect(page.locator("#figure-return strong")).to_have_text(f"{RETURN} kr per krona")
    expect(page.locator("#figure-return-range")).to_contain_text(
        f"{EFFECT_LOW}–{EFFECT_HIGH}")
    expect(page.locator("#figure-payback")).to_have_text("2028")
    # The honesty checks.
    trust = page.locator("#trust")
    expect(trust.get_by_role("heading", level=3)).to_have_text("Hur långt man kan lita på siffran")
    expect(trust.locator(".check").first).to_be_visible()

    years = page.locator("#year-table tbody tr")
    expect(years).to_have_count(3)
    expect(page.locator("#year-2026 td")).to_have_text(
        [kr("600 000"), kr("360 000"), kr("-240 000"), "1,0000", kr("600 000"), kr("360 000"),
         kr("-240 000")])
    expect(page.locator("#year-2027 td")).to_have_text(
        [kr("150 000"), kr("270 000"), kr("120 000"), "1,0350", kr("144 927,54"),
         kr("260 869,57"), kr("-124 057,97")])
    expect(page.locator("#year-2028 td").nth(6)).to_have_text(kr("64 977,95"))
    expect(page.locator("#year-2028 th")).to_contain_text("2028")

    # The chart's figures as a table, behind a disclosure.
    figure = page.locator("#cumulative-chart")
    table = figure.locator("#cumulative-chart-table")
    expect(table).to_be_hidden()
    figure.get_by_text("Visa siffrorna som tabell").click()
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_have_text("Ackumulerat diskonterat netto per år")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tbody tr").nth(0)).to_contain_text(kr("-240 000"))
    expect(table.locator("tbody tr").nth(2)).to_contain_text(kr("64 977,95"))
    expect(table.locator("tbody tr").nth(2)).to_contain_text("Återbetalningsår")

    # The whole target group is 400 / 40 = 10 pilots; the evaluation stays a one-off:
    # 150 000 + 10 × (750 000 − 150 000) = 6 150 000.
    expect(page.locator("#scaling-rule")).to_have_text(SCALING)
    full_cost = page.locator("#full-scale-table tbody tr").nth(1)
    expect(full_cost.locator("td")).to_have_text([kr("750 000"), kr("6 150 000")])
    axe_check(page)


def _run_monte_carlo(page) -> list[str]:
    """Save and run with the suggested ranges; return the probability and the percentiles."""
    form = page.locator("#monte-carlo form")
    expect(form.get_by_label("Frö (startvärde)", exact=True)).to_have_value(SEED)
    submit(page, form.get_by_role("button", name="Spara och kör", exact=True))
    _flash(page, f"Simuleringen kördes: 10{NBSP}000 dragningar med fröet {SEED}.")
    probability = page.locator("#mc-probability")
    expect(probability).to_have_text(re.compile(rf"^\s*\d{{1,3}}(,\d)?{NBSP}%\s*$"))
    expect(page.locator("#mc-seed-text")).to_contain_text(f"Frö {SEED}, 10{NBSP}000 dragningar")
    expect(page.locator("#monte-carlo-stale")).to_have_count(0)
    return [page.locator(f"#mc-{name}").inner_text().strip()
            for name in ("probability", "p5", "p50", "p95", "mean", "extremes")]


def _sensitivity(page, project: str) -> None:
    visit(page, f"{project}/sensitivity")
    expect(page.get_by_role("heading", level=1)).to_have_text("Känslighetsanalys")

    figure = page.locator("#tornado-chart")
    table = figure.locator("#tornado-chart-table")
    figure.get_by_text("Visa siffrorna som tabell").click()
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_have_text(
        f"Avkastning per krona när ett antagande i taget ändras med ±25{NBSP}%")
    expect(table.locator("tbody tr")).to_have_count(4)
    effect = table.locator("tbody tr").filter(has_text="Effekt (antal berörda personer)")
    expect(effect.locator("td")).to_have_text([EFFECT_LOW, EFFECT_HIGH, EFFECT_SWING])

    expect(page.locator("#mc-none")).to_have_text("Ingen simulering har körts ännu.")
    first = _run_monte_carlo(page)
    axe_check(page)
    second = _run_monte_carlo(page)
    assert second == first, (first, second)
    axe_check(page)

    # A changed budget line leaves the run behind the figures.
    visit(page, f"{project}/budget")
    page.get_by_role("link", name="Redigera budgetrad 1").click()
    expect(page.get_by_role("heading", level=2, name="Redigera budgetraden")).to_be_visible()
    form = page.locator("#budget-form")
    expect(form.get_by_label("Belopp (kr)", exact=True)).to_have_value(re.compile(r"^600\D?000"))
    axe_check(page)
    form.get_by_label("Belopp (kr)", exact=True).fill("650 000")
    submit(page, form.get_by_role("button", name="Spara budgetraden"))
    _flash(page, "Budgetraden sparades.")
    expect(page.locator("#budget-total")).to_have_text(kr("800 000"))

    visit(page, f"{project}/sensitivity")
    stale = page.locator("#monte-carlo-stale")
    expect(stale).to_be_visible()
    expect(stale).to_contain_text("Inaktuellt:")
    expect(page.locator("#mc-probability")).to_have_text(first[0])
    axe_check(page)


def _decision_material(page, project: str, tmp_path) -> None:
    visit(page, f"{project}/economics")
    # With staff at 650 000: 809 905,48 / (650 000 + 144 927,54) = 1,0188 → "1,02".
    expect(page.locator("#figure-return strong")).to_have_text("1,02 kr per krona")
    expect(page.locator("#figure-return-probability")).to_contain_text(
        "Monte Carlo-körningen är inaktuell: siffrorna har ändrats sedan den gjordes.")
    with page.expect_download() as info:
        page.get_by_role("link", name="Beslutsunderlag (Excel)").click()
    download = info.value
    assert download.failure() is None, download.failure()
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    workbook = load_workbook(target)
    for sheet in ("Budget", "Enhetskostnader", "Kalkyl", "Känslighet"):
        assert sheet in workbook.sheetnames, workbook.sheetnames
    units = [str(c) for row in workbook["Enhetskostnader"].iter_rows(values_only=True)
             for c in row if c is not None]
    assert UNIT_KEY in units, units


def test_budget_benefits_calculation_and_sensitivity(page, tmp_path):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    _unit_cost(page)
    project = _create_project(page)
    _budget(page, project)
    _benefits(page, project)
    _calculation(page, project)
    _sensitivity(page, project)
    _decision_material(page, project, tmp_path)
