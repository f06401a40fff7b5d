"""The calculation page and the sensitivity page of a project: the figures as calculated, the
settings form, the Monte Carlo run and who may do what.

The example project is worked by hand: 1 000 000 kr of costs in the start year 2025 and a benefit
of 10 people × 25 days × 4 000 kr = 1 000 000 kr a year in 2026 and 2027, gained by the region,
discounted at 10 %. Benefit PV = 1 000 000 / 1,1 + 1 000 000 / 1,21 = 909 090,909… + 826 446,280…
= 1 735 537,19 kr; return 1,7355… ≈ 1,74; net present value 735 537,19 kr; the cumulative net
is −1 000 000, −90 909,09 and 735 537,19, so the payback year is 2027.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from models import costs
from models.costs import BenefitValues, BudgetValues, UnitCostValues
from models.design import EvaluationPlan
from models.domain import economics as ec
from tests.conftest import csrf_token, form_data
from tests.integration.helpers import make_org, make_project

NBSP = "\u00a0"


def kr(text: str) -> str:
    """An amount as the English page writes it: "1,735,537.19 kr"."""
    return f"{text}{NBSP}kr"


@pytest.fixture
def project(db):
    make_org(db)
    project = make_project(db, "hemmaplan", title="Hemmaplan", start=date(2025, 1, 1),
                           end=date(2027, 12, 31), size_reached=20, size_total=200)
    costs.add_unit_cost(db, UnitCostValues(key="hvb-dygn", name="Placering HVB, per dygn",
                                           unit="dygn", amount="4000", price_year=2025))
    costs.add_budget_line(db, project, BudgetValues("staff", "soc", 2025, "1000000"))
    costs.add_benefit_line(db, project, BenefitValues(
        unit_cost="hvb-dygn", units_per_person="25", actor="region", first_year=2026, years=2,
        people="10"))
    costs.save_settings(db, project, discount_rate="0.10", price_year=None,
                        sensitivity_factor="0.25", version=None)
    db.commit()
    return project


@pytest.fixture
def coordinator(logged_in):
    return logged_in("coordinator", locale="en")


def _url(project, page: str = "economics") -> str:
    return f"/projects/{project.id}/{page}"


def _page(client, project, page: str = "economics") -> str:
    response = client.get(_url(project, page))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _by_id(html: str, element_id: str) -> str:
    """The text of the element with ``element_id`` (tags removed, spaces collapsed)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no element {element_id}"
    text = re.sub(r"<[^>]+>", " ", match.group(2))
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _run(client, project, **changes):
    data = form_data(client, _url(project, "sensitivity"),
                     action=_url(project, "sensitivity/run"), **changes)
    return client.post(_url(project, "sensitivity/run"), data=data)


# --- The calculation page ---------------------------------------------------------------------


def test_the_figures_on_the_page_are_the_calculation(db, client, project, coordinator):
    result = ec.calculate(costs.project_costs(db, project).inputs())
    assert ec.money(result.benefit_present_value) == D("1735537.19")
    assert ec.ratio(result.return_per_krona) == D("1.7355")

    html = _page(client, project)
    assert _by_id(html, "figure-cost-total") == kr("1,000,000")
    assert _by_id(html, "figure-benefit-total") == kr("2,000,000")
    assert _by_id(html, "figure-cost-pv") == kr("1,000,000")
    assert _by_id(html, "figure-benefit-pv") == kr("1,735,537.19")
    assert _by_id(html, "figure-npv") == kr("735,537.19")
    assert "1.74 kr per krona" in _by_id(html, "figure-return")
    # The tornado's extremes: people at 75 % give 1.30; the effect lasting 3 years gives 2.49.
    assert "Range 1.30–2.49" in _by_id(html, "figure-return-range")
    assert _by_id(html, "figure-payback") == "2027"
    assert _by_id(html, "figure-cost-per-participant") == kr("50,000")  # 1 000 000 / 20
    assert _by_id(html, "figure-cost-per-effect") == (
        "Not defined: no effect size and number of people are given.")

    years = _by_id(html, "year-2026")
    assert kr("909,090.91") in years and "1.1000" in years and kr("-90,909.09") in years
    assert kr("735,537.19") in _by_id(html, "year-2027")
    actors = html[html.index('id="actor-table"'):]
    assert "The region" in actors and "Socialförvaltningen" in actors


def test_the_whole_target_group_is_ten_times_the_pilot(client, project, coordinator):
    html = _page(client, project)
    assert "Scaled by 10, the whole target group (200 people)" in _by_id(html, "scaling-rule")
    table = html[html.index('id="full-scale-table"'):html.index("</table>",
                                                                html.index('id="full-scale'))]
    assert kr("10,000,000") in table and kr("20,000,000") in table
    # Both columns: 1 000 000 / 20 and 10 000 000 / 200.
    assert table.count(kr("50,000")) == 2


def test_without_a_target_size_the_full_scale_says_why(db, client, project, coordinator):
    project.size_total = None
    db.commit()
    html = _page(client, project)
    assert _by_id(html, "full-scale-reason").startswith(
        "Not defined: the size of the whole target group is not given.")
    assert f'href="/projects/{project.id}/edit"' in html


def test_a_project_without_costs_shows_why_the_return_is_not_defined(db, client, project,
                                                                     coordinator):
    line = costs.budget_lines(db, project)[0]
    costs.delete_budget_line(db, line, version=line.version)
    db.commit()
    html = _page(client, project)
    assert _by_id(html, "figure-return") == "Not defined: the project has no costs."
    assert _by_id(html, "figure-payback") == "2025"  # nothing to pay back
    assert "None" not in html
    sensitivity = _page(client, project, "sensitivity")
    assert _by_id(sensitivity, "one-way-reason") == "Not defined: the project has no costs."
    assert _by_id(sensitivity, "break-even-text") == "Not defined: the project has no costs."
    assert "None" not in sensitivity


def test_figures_that_cannot_be_calculated_name_the_field(db, client, project, coordinator):
    project.start = date(2026, 1, 1)  # the budget line of 2025 is now before the start
    db.commit()
    html = _page(client, project)
    assert "budget[0].year (2025) is before the project starts (2026)." in _by_id(
        html, "economics-error")
    assert "budget[0].year" in _page(client, project, "sensitivity")


def test_the_honesty_checks_are_beside_the_result(client, project, coordinator):
    html = _page(client, project)
    trust = html[html.index('id="trust"'):html.index('id="years"')]
    assert "How far to trust the figure" in trust
    warning = trust.index("No deadweight, attribution, drop-off or optimism reduction")
    assert "Warning:" in trust[:warning]
    # Notes come after the warnings: no uncertainty analysis yet, no confidence grade.
    assert trust.index("No uncertainty analysis (Monte Carlo)") > warning
    assert trust.index("“Placering HVB, per dygn” has no confidence grade") > warning
    assert "“b1 – Placering HVB, per dygn”: the effect is counted for 2 years" in trust


def test_a_return_that_one_assumption_pushes_below_1_is_called_fragile(db, client, project,
                                                                         coordinator):
    line = costs.budget_lines(db, project)[0]
    costs.update_budget_line(db, project, line, BudgetValues("staff", "soc", 2025, "1600000"),
                             version=line.version)
    db.commit()
    html = _page(client, project)
    # 1 735 537.19 / 1 600 000 = 1.0847; with 25 % fewer people 0.75 × 1.0847 = 0.8135; with
    # the effect lasting 3 years (1 735 537.19 + 1 000 000 / 1.331) / 1 600 000 = 1.5543.
    assert ("The return of 1.08 kronor per krona falls to 0.81 when a single assumption is 25 % "
            "less favourable") in html
    assert "Range 0.81–1.55" in _by_id(html, "figure-return-range")


def test_the_settings_are_saved(db, client, project, coordinator):
    url = _url(project)
    data = form_data(client, url, action=url, **{
        "settings-discount_rate": "3,5", "settings-price_year": "2026",
        "settings-sensitivity_factor": "20"})
    response = client.post(url, data=data)
    assert response.status_code == 302
    db.expire_all()
    settings = costs.settings_of(db, project)
    assert (settings.discount_rate, settings.price_year, settings.sensitivity_factor) == (
        D("0.035"), 2026, D("0.2"))


def test_a_rate_of_250_percent_is_refused_under_its_field(db, client, project, coordinator):
    url = _url(project)
    data = form_data(client, url, action=url, **{"settings-discount_rate": "250"})
    response = client.post(url, data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The discount rate must be between 0 and 100" in _by_id(
        html, "settings-discount_rate-error")
    db.expire_all()
    assert costs.settings_of(db, project).discount_rate == D("0.1")


def test_a_stale_version_is_refused(db, client, project, coordinator):
    url = _url(project)
    data = form_data(client, url, action=url, **{"settings-discount_rate": "4"})
    settings = costs.settings_of(db, project)
    costs.save_settings(db, project, discount_rate="0.05", price_year=None,
                        sensitivity_factor="0.25", version=settings.version)
    db.commit()
    response = client.post(url, data=data)
    assert response.status_code == 409
    assert "Someone else changed this while you were editing it." in response.get_data(
        as_text=True)
    db.expire_all()
    assert costs.settings_of(db, project).discount_rate == D("0.05")


# --- The sensitivity page ---------------------------------------------------------------------


def test_the_sensitivity_page_shows_break_even_and_switching_values(client, project,
                                                                    coordinator):
    html = _page(client, project, "sensitivity")
    # Cost PV / benefit PV = 1 000 000 / 1 735 537.19 = 0.5762.
    assert "the effect is 57.6% of the assumed effect" in _by_id(
        html, "break-even-text").replace(NBSP, "")
    assert "57.6" in _by_id(html, "switching-people")
    assert "2 years for the longest effect (the others in proportion)" in _by_id(
        html, "switching-years")
    # v + v² = 1 with v = 1 / (1 + r): r = (1 + √5) / 2 − 1 = 61.8 %.
    assert "a discount rate of 61.8" in _by_id(html, "switching-discount_rate")


def test_with_an_expected_effect_the_break_even_is_an_effect_too(db, client, project,
                                                                  coordinator):
    db.add(EvaluationPlan(project_id=project.id, comparison_details={}, guided_answers={},
                          outcome="proportion", expected_effect=D("-0.15")))
    db.commit()
    # 15 percentage points × 0.5762 = 8.6 percentage points.
    assert ("With the expected effect of 15 percentage points, that is an effect of 8.6 "
            "percentage points.") in _by_id(_page(client, project, "sensitivity"),
                                            "break-even-text")
    # Cost PV per person reaching the effect: 1 000 000 / (0.15 × 20 participants).
    assert _by_id(_page(client, project), "figure-cost-per-effect").startswith(
        kr("333,333.33"))


def test_the_charts_have_their_data_tables(client, project, coordinator):
    economics = _page(client, project)
    table = _by_id(economics, "cumulative-chart-table")
    assert kr("-90,909.09") in table and "Payback year" in table
    sensitivity = _page(client, project, "sensitivity")
    tornado = _by_id(sensitivity, "tornado-chart-table")
    assert "Duration of effect 1.74 2.49 0.75" in tornado
    assert _run(client, project, **{"mc-draws": "500"}).status_code == 302
    histogram = _by_id(_page(client, project, "sensitivity"), "histogram-chart-table")
    assert "Return from" in histogram


def test_monte_carlo_with_the_same_seed_gives_the_same_result(db, client, project,
                                                              coordinator):
    before = _page(client, project, "sensitivity")
    assert 'value="20240101"' in before and 'value="10000"' in before  # the defaults
    response = _run(client, project, **{"mc-draws": "2000"})
    assert response.status_code == 302
    first = _page(client, project, "sensitivity")
    probability = _by_id(first, "mc-probability")
    assert "Seed 20240101, 2,000 draws" in _by_id(first, "mc-seed-text")
    db.expire_all()
    stored = costs.settings_of(db, project).mc_result
    assert stored["ranges"]["people"] == ["0.5", "1", "1.2"]
    assert stored["ranges"]["discount_rate"] == ["0.075", "0.1", "0.115"]

    assert _run(client, project).status_code == 302
    second = _page(client, project, "sensitivity")
    assert _by_id(second, "mc-probability") == probability
    db.expire_all()
    assert costs.settings_of(db, project).mc_result["probability_above_one"] == (
        stored["probability_above_one"])
    assert "monte-carlo-stale" not in second
    assert "Probability of a return above 1: " + probability in _by_id(
        _page(client, project), "figure-return-probability")


def test_changing_a_budget_line_makes_the_run_out_of_date(db, client, project, coordinator):
    assert _run(client, project, **{"mc-draws": "300"}).status_code == 302
    line = costs.budget_lines(db, project)[0]
    costs.update_budget_line(db, project, line, BudgetValues("staff", "soc", 2025, "1200000"),
                             version=line.version)
    db.commit()
    html = _page(client, project, "sensitivity")
    assert "the figures changed since this run" in _by_id(html, "monte-carlo-stale")
    assert "The Monte Carlo run is out of date" in _by_id(_page(client, project),
                                                         "figure-return-probability")


def test_a_bad_range_is_refused_under_its_field_and_nothing_is_stored(db, client, project,
                                                                      coordinator):
    response = _run(client, project, **{"mc-people_low": "150", "mc-draws": "300"})
    assert response.status_code == 400
    assert "The low value must not exceed the likely value" in _by_id(
        response.get_data(as_text=True), "mc-people_low-error")
    db.expire_all()
    settings = costs.settings_of(db, project)
    assert settings.mc_ranges == {} and settings.mc_result is None


def test_a_run_that_cannot_be_calculated_stores_nothing(db, client, project, coordinator):
    project.start = date(2026, 1, 1)
    db.commit()
    response = _run(client, project, **{"mc-draws": "300"})
    assert response.status_code == 400
    assert "budget[0].year (2025) is before the project starts (2026)." in response.get_data(
        as_text=True)
    db.expire_all()
    settings = costs.settings_of(db, project)
    assert settings.mc_ranges == {} and settings.mc_draws == 10000
    assert settings.mc_result is None


def test_saving_without_running_keeps_the_ranges_only(db, client, project, coordinator):
    data = form_data(client, _url(project, "sensitivity"),
                     action=_url(project, "sensitivity/run"),
                     **{"mc-years_low": "", "mc-years_likely": "", "mc-years_high": "",
                        "mc-seed": "7"})
    response = client.post(_url(project, "sensitivity"), data=data)
    assert response.status_code == 302
    db.expire_all()
    settings = costs.settings_of(db, project)
    assert "years" not in settings.mc_ranges and settings.mc_ranges["unit_costs"] == [
        "0.8", "1", "1.2"]
    assert settings.mc_seed == 7 and settings.mc_result is None
    html = _page(client, project, "sensitivity")
    assert _by_id(html, "mc-none") == "No simulation has been run yet."
    assert 'id="mc-years_low" name="mc-years_low" type="text" value=""' in html


# --- Who may do what --------------------------------------------------------------------------


def test_readers_see_no_forms_and_may_not_post(client, project, logged_in):
    logged_in("viewer", locale="en")
    for page in ("economics", "sensitivity"):
        html = _page(client, project, page)
        assert 'method="post"' not in html.split("</header>", 1)[1]
    assert "Discount rate" in _by_id(_page(client, project), "settings-facts")
    data = {"csrf_token": csrf_token(client, _url(project))}
    for path in ("economics", "sensitivity", "sensitivity/run"):
        assert client.post(_url(project, path), data=data).status_code == 403


def test_empty_values_are_refused_under_their_fields(db, client, project, coordinator):
    url = _url(project)
    response = client.post(url, data=form_data(client, url, action=url,
                                               **{"settings-discount_rate": ""}))
    assert response.status_code == 400
    assert "Enter a number." in _by_id(response.get_data(as_text=True),
                                       "settings-discount_rate-error")
    for path in ("sensitivity", "sensitivity/run"):
        data = form_data(client, _url(project, "sensitivity"),
                         action=_url(project, "sensitivity/run"), **{"mc-seed": ""})
        response = client.post(_url(project, path), data=data)
        assert response.status_code == 400
        assert "Enter a whole number between 0 and 2147483647." in _by_id(
            response.get_data(as_text=True), "mc-seed-error")
    db.expire_all()
    settings = costs.settings_of(db, project)
    assert settings.discount_rate == D("0.1") and settings.mc_result is None
    assert settings.mc_ranges == {}


def test_a_post_without_the_version_it_was_based_on_is_refused(client, project, coordinator):
    data = {"csrf_token": csrf_token(client, _url(project)), "settings-discount_rate": "4"}
    response = client.post(_url(project), data=data)
    assert response.status_code == 409


def test_a_project_leader_may_not_change_another_leaders_project(client, project, logged_in):
    logged_in("project_leader", locale="en")
    assert f'action="/projects/{project.id}/economics"' not in _page(client, project)
    data = {"csrf_token": csrf_token(client, _url(project))}
    for path in ("economics", "sensitivity", "sensitivity/run"):
        assert client.post(_url(project, path), data=data).status_code == 403


def test_an_initiative_without_figures_shows_empty_pages(db, client, coordinator):
    empty = make_project(db, "tom", title="Tom")
    economics = _page(client, empty)
    assert "No costs or benefits yet." in economics
    assert _by_id(economics, "figure-return") == "Not defined: the project has no costs."
    assert _by_id(economics, "full-scale-reason").startswith(
        "Not defined: the number of participants in the pilot is not given.")
    sensitivity = _page(client, empty, "sensitivity")
    assert _by_id(sensitivity, "switching-people").endswith(
        "Not defined: the project has no costs.")
    assert "None" not in economics + sensitivity
