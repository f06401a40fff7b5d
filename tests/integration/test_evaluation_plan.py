"""The evaluation-plan page: comparison alternative and guided questions, expected effects and
success criteria, power, evaluator; who may change it; nothing partial saved."""

from __future__ import annotations

import html
import math
import re
from datetime import date
from decimal import Decimal
from statistics import NormalDist
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from models import EvaluationPlan, IndicatorExpectation
from models.domain import designs
from models.domain import logic as lm
from models.domain import power as pw
from models.evaluation_plans import computed, success_criteria
from models.logic_models import store_model
from tests.conftest import csrf_token, login
from tests.integration.helpers import make_org, make_project


def _model() -> lm.Model:
    """A detailed model with a share that should fall (i2, per cent) and a count (i3)."""
    return lm.Model(
        elements=(
            lm.Element("r1", "resource", "Två socialsekreterare"),
            lm.Element("a1", "activity", "Stödsamtal varje vecka", indicators=(
                lm.Indicator("i1", "Antal samtal", "process", "Journal", unit="count"),)),
            lm.Element("s1", "short_term", "Färre återfaller i brott", indicators=(
                lm.Indicator("i2", "Andel som återfaller inom ett år", "outcome",
                             "Kriminalvårdens register", unit="percent",
                             baseline=Decimal("55"), target=Decimal("40")),)),
            lm.Element("g1", "long_term", "Färre placeringar", indicators=(
                lm.Indicator("i3", "Antal placeringar", "outcome", "Verksamhetssystemet",
                             unit="count", baseline=Decimal("50"), target=Decimal("30")),)),
        ),
        links=(lm.Link("r1", "a1"), lm.Link("a1", "s1"), lm.Link("s1", "g1")),
    )


@pytest.fixture
def world(db, make_user):
    leader = make_user("project_leader", email="leader@example.se", locale="en")
    make_org(db)
    project = make_project(db, "aterfall", title="Återfall", leader=leader,
                           start=date(2025, 1, 1))
    store_model(db, project, _model())
    db.commit()
    indicators = {i.key: i for e in project.logic_elements for i in e.indicators}
    return SimpleNamespace(project=project, leader=leader, i2=indicators["i2"],
                           i3=indicators["i3"])


def _url(project, part: str = "") -> str:
    base = f"/projects/{project.id}/evaluation-plan"
    return f"{base}/{part}" if part else base


def _page(client, project) -> str:
    response = client.get(_url(project))
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _token(client, project) -> str:
    return csrf_token(client, _url(project))


def _plan(db, project) -> EvaluationPlan | None:
    db.expire_all()
    return db.scalar(select(EvaluationPlan).where(EvaluationPlan.project_id == project.id))


def _version(db, project) -> str:
    plan = _plan(db, project)
    return str(plan.version) if plan else ""


def _post_power(client, db, project, **changes):
    data = {"power-csrf_token": _token(client, project), "power-version": _version(db, project),
            "power-outcome": "proportion", "power-power_indicator": "",
            "power-baseline_proportion": "55 %", "power-sd": "", "power-expected_effect": "-15",
            "power-alpha": "0,05", "power-power": "0,80", "power-n_intervention": "60",
            "power-n_comparison": ""}
    data.update({f"power-{k}": v for k, v in changes.items()})
    return client.post(_url(project, "power"), data=data)


def _row(indicator, **values) -> dict:
    prefix = f"exp-ind{indicator.id}-"
    fields = {"expected_effect": "", "basis": "", "basis_note": "", "min_effect": "",
              "agreed_by": "", "agreed_on": "", "version": ""}
    fields.update(values)
    return {prefix + k: v for k, v in fields.items()}


def _post_expectations(client, project, *rows):
    data = {"exp-csrf_token": _token(client, project)}
    for row in rows:
        data.update(row)
    return client.post(_url(project, "expectations"), data=data)


def _expectations(db, project) -> dict[str, IndicatorExpectation]:
    db.expire_all()
    rows = db.scalars(select(IndicatorExpectation)
                      .where(IndicatorExpectation.project_id == project.id))
    return {row.indicator.key: row for row in rows}


# --- Permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "steering"])
def test_readers_see_the_plan_but_cannot_change_it(client, db, world, make_user, role):
    login(client, world.leader.email)
    assert _post_power(client, db, world.project).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/projects/")})
    reader = make_user(role, locale="en")
    login(client, reader.email)
    page = _page(client, world.project)
    assert "Evaluation plan" in page
    assert f'action="/projects/{world.project.id}/evaluation-plan/' not in page
    assert "25 percentage points" in page  # the figures are shown to readers
    token = _token(client, world.project)
    for part in ("comparison", "comparison-details", "questions", "expectations", "power",
                 "evaluator"):
        response = client.post(_url(world.project, part), data={
            "csrf_token": token, "comparison-csrf_token": token,
            "comparison-comparison": "rct"})
        assert response.status_code == 403, part
    assert _plan(db, world.project).comparison is None


def test_a_project_leader_of_another_project_may_only_read(client, db, world, make_user):
    make_user("project_leader", email="other@example.se", locale="en")
    login(client, "other@example.se")
    assert client.get(_url(world.project)).status_code == 200
    response = _post_power(client, db, world.project)
    assert response.status_code == 403
    assert _plan(db, world.project) is None


def test_the_project_page_links_to_the_plan(client, world):
    login(client, world.leader.email)
    page = client.get(f"/projects/{world.project.id}").get_data(as_text=True)
    assert f'href="{_url(world.project)}"' in page


# --- Comparison alternative -----------------------------------------------------------------


def test_all_seven_alternatives_are_shown_in_the_guides_order(client, world):
    login(client, world.leader.email)
    page = _page(client, world.project)
    positions = [page.index(f'value="{a.key}"') for a in designs.ALTERNATIVES]
    assert positions == sorted(positions)
    for phrase in ("Strengths", "Weaknesses", "Requirements",
                   "Considered the most reliable way to measure the effect of an intervention."):
        assert phrase in page


def test_choosing_an_alternative_and_describing_what_it_needs(client, db, world):
    login(client, world.leader.email)
    token = _token(client, world.project)
    response = client.post(_url(world.project, "comparison"), data={
        "comparison-csrf_token": token, "comparison-version": "",
        "comparison-comparison": "matching"})
    assert response.status_code == 302
    assert _plan(db, world.project).comparison == "matching"
    page = _page(client, world.project)
    assert 'name="details-matching_variables"' in page
    assert 'name="details-comparison_group"' in page
    response = client.post(_url(world.project, "comparison-details"), data={
        "details-csrf_token": token, "details-version": _version(db, world.project),
        "details-comparison_group": "Ungdomar i Västra området",
        "details-matching_variables": "Ålder, kön, tidigare domar"})
    assert response.status_code == 302
    plan = _plan(db, world.project)
    assert plan.comparison_details == {"comparison_group": "Ungdomar i Västra området",
                                       "matching_variables": "Ålder, kön, tidigare domar"}
    assert "Ålder, kön, tidigare domar" in _page(client, world.project)

    # An unknown alternative is refused at the field; nothing changes.
    response = client.post(_url(world.project, "comparison"), data={
        "comparison-csrf_token": token, "comparison-version": _version(db, world.project),
        "comparison-comparison": "astrology"})
    assert response.status_code == 400
    assert "Comparison alternative" in html.unescape(response.get_data(as_text=True))
    assert _plan(db, world.project).comparison == "matching"

    # Another alternative asks other questions; the old answers go.
    response = client.post(_url(world.project, "comparison"), data={
        "comparison-csrf_token": token, "comparison-version": _version(db, world.project),
        "comparison-comparison": "historical_control"})
    assert response.status_code == 302
    plan = _plan(db, world.project)
    assert plan.comparison == "historical_control" and plan.comparison_details == {}


def test_a_choice_based_on_an_old_version_is_refused(client, db, world):
    login(client, world.leader.email)
    token = _token(client, world.project)
    assert _post_power(client, db, world.project).status_code == 302
    response = client.post(_url(world.project, "comparison"), data={
        "comparison-csrf_token": token, "comparison-version": "",
        "comparison-comparison": "rct"})
    assert response.status_code == 409
    assert "Someone else changed the evaluation plan" in html.unescape(
        response.get_data(as_text=True))
    assert _plan(db, world.project).comparison is None


def test_guided_questions_suggest_alternatives_in_order_with_reasons(client, db, world):
    login(client, world.leader.email)
    answers = {"randomise": "no", "similar_group": "unknown", "register_data": "yes",
               "expert": "yes", "baseline": "no", "earlier_cohort": "unknown",
               "waitlist": "no"}
    data = {"questions-csrf_token": _token(client, world.project), "questions-version": ""}
    data.update({f"questions-{k}": v for k, v in answers.items()})
    response = client.post(_url(world.project, "questions"), data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("#suggestions")
    assert _plan(db, world.project).guided_answers == answers
    page = _page(client, world.project)
    section = page[page.index('id="suggestions"'):page.index('id="alternatives"')]
    expected = designs.suggest(answers)
    positions = [section.index(f'id="suggestion-{s.key}"') for s in expected]
    assert positions == sorted(positions)
    for s in expected:
        assert s.reason in section
    verdicts = re.findall(r'class="finding__severity">([^<]+)<', section)
    assert verdicts == [designs.VERDICT_LABELS[s.verdict] for s in expected]
    assert "Ruled out: the target group cannot be randomised." in section
    assert "<strong>Generic control</strong> – recommended" in section
    # Choose the recommended one with the button.
    match = re.search(r'name="comparison-comparison" value="([a-z_]+)"', section)
    assert match and match.group(1) == "generic_control"
    response = client.post(_url(world.project, "comparison"), data={
        "comparison-csrf_token": _token(client, world.project),
        "comparison-version": _version(db, world.project),
        "comparison-comparison": match.group(1)})
    assert response.status_code == 302
    assert _plan(db, world.project).comparison == "generic_control"


# --- Expected effects and success criteria -------------------------------------------------------


def test_expectations_are_saved_per_outcome_indicator(client, db, world):
    login(client, world.leader.email)
    page = _page(client, world.project)
    for text in ("i2: Andel som återfaller inom ett år", "Färre återfaller i brott",
                 "i3: Antal placeringar", "55 %", "40 %"):
        assert text in page
    assert "i1: Antal samtal" not in page[page.index('id="expectations"'):]  # process measure
    response = _post_expectations(
        client, world.project,
        _row(world.i2, expected_effect="−15", basis="research", basis_note="Metaanalys 2019",
             min_effect="-10", agreed_by="Projektägaren och styrgruppen",
             agreed_on="2024-12-01"),
        _row(world.i3, expected_effect="-12", basis="experience", min_effect="-5"))
    assert response.status_code == 302, response.get_data(as_text=True)
    rows = _expectations(db, world.project)
    assert rows["i2"].expected_effect == Decimal("-0.15")
    assert rows["i2"].min_effect == Decimal("-0.10")
    assert rows["i2"].basis == "research" and rows["i2"].agreed_on == date(2024, 12, 1)
    assert rows["i3"].expected_effect == Decimal("-12") and rows["i3"].min_effect == Decimal("-5")
    assert success_criteria(db, world.project) == [
        {"indicator": "i2", "min_effect": Decimal("-0.10")},
        {"indicator": "i3", "min_effect": Decimal("-5")}]
    page = _page(client, world.project)
    assert 'value="-15"' in page  # shown again in percentage points


def test_a_bad_expectation_names_the_field_and_saves_nothing(client, db, world):
    login(client, world.leader.email)
    response = _post_expectations(
        client, world.project,
        _row(world.i2, expected_effect="-15", min_effect="tio"),
        _row(world.i3, expected_effect="-12", min_effect="-5"))
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "i2 – Success criterion (smallest effect that counts as success)" in page
    assert f'href="#exp-ind{world.i2.id}-min_effect"' in page
    assert _expectations(db, world.project) == {}
    # A criterion pointing away from the target (55 % → 40 %) is refused too.
    response = _post_expectations(
        client, world.project,
        _row(world.i2, min_effect="10"), _row(world.i3, expected_effect="-12"))
    assert response.status_code == 400
    assert "points away from the indicator's target" in html.unescape(
        response.get_data(as_text=True))
    # A change that would take the share below 0 %.
    response = _post_expectations(client, world.project, _row(world.i2, expected_effect="-60"),
                                  _row(world.i3))
    assert response.status_code == 400
    assert "must stay between 0 and 100 %" in html.unescape(response.get_data(as_text=True))
    assert _expectations(db, world.project) == {}


def test_a_stale_expectation_is_refused_and_nothing_changes(client, db, world):
    login(client, world.leader.email)
    assert _post_expectations(client, world.project,
                              _row(world.i2, expected_effect="-15"),
                              _row(world.i3, expected_effect="-12")).status_code == 302
    rows = _expectations(db, world.project)
    old = {"i2": str(rows["i2"].version), "i3": str(rows["i3"].version)}
    # Someone else saves i3 first.
    assert _post_expectations(client, world.project,
                              _row(world.i2, expected_effect="-15", version=old["i2"]),
                              _row(world.i3, expected_effect="-10",
                                   version=old["i3"])).status_code == 302
    # A save from the old page is refused, for both rows.
    response = _post_expectations(client, world.project,
                                  _row(world.i2, expected_effect="-20", version=old["i2"]),
                                  _row(world.i3, expected_effect="-8", version=old["i3"]))
    assert response.status_code == 409
    assert "Someone else changed the expected effects" in html.unescape(
        response.get_data(as_text=True))
    rows = _expectations(db, world.project)
    assert rows["i2"].expected_effect == Decimal("-0.15")
    assert rows["i3"].expected_effect == Decimal("-10")


def test_without_outcome_indicators_the_page_points_to_the_logic_model(client, db, make_user):
    leader = make_user("project_leader", locale="en")
    make_org(db)
    project = make_project(db, "tom", leader=leader)
    login(client, leader.email)
    page = _page(client, project)
    assert "The logic model has no outcome indicators yet." in page
    assert f'href="/projects/{project.id}/logic-model"' in page
    response = client.post(_url(project, "expectations"),
                           data={"exp-csrf_token": _token(client, project)})
    assert response.status_code == 302


# --- Power ----------------------------------------------------------------------------------------


def _hand_detectable(p0: float, n: int, alpha: float = 0.05, power: float = 0.80) -> float:
    z = NormalDist().inv_cdf(1 - alpha / 2) + NormalDist().inv_cdf(power)
    h_min = z * math.sqrt(2 / n)
    return math.sin(math.asin(math.sqrt(p0)) - h_min / 2) ** 2


def _hand_required(p0: float, p1: float, alpha: float = 0.05, power: float = 0.80) -> int:
    z = NormalDist().inv_cdf(1 - alpha / 2) + NormalDist().inv_cdf(power)
    h = abs(2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p0)))
    return math.ceil(2 * (z / h) ** 2)


def test_power_figures_for_sixty_per_group(client, db, world):
    login(client, world.leader.email)
    response = _post_power(client, db, world.project)
    assert response.status_code == 302
    plan = _plan(db, world.project)
    assert plan.baseline_proportion == Decimal("0.55")
    assert plan.expected_effect == Decimal("-0.15")
    assert (plan.alpha, plan.power) == (Decimal("0.05"), Decimal("0.80"))
    assert (plan.n_intervention, plan.n_comparison) == (60, 60)  # blank = equal groups

    p1 = _hand_detectable(0.55, 60)
    assert abs(p1 - 0.3001) < 0.0005  # from 55 % down to about 30 %
    domain = pw.detectable_proportion(Decimal("0.55"), 60, expected_effect=Decimal("-0.15"))
    assert abs(float(domain.p1) - p1) < 1e-6
    required = _hand_required(0.55, 0.40)
    assert required == 173 == pw.required_n_proportions(Decimal("0.55"), Decimal("-0.15")).n1

    page = _page(client, world.project)
    figures = page[page.index('id="power-figures"'):page.index('id="power-checks"')]
    mde = re.search(r'id="power-mde">\s*([^<]*)<', figures).group(1)
    assert mde.split()[0] == "25" and "55\u00a0% → 30\u00a0%" in mde
    assert re.search(r'id="power-required">173\b', figures)
    assert re.search(r'id="power-achieved">37,9\u00a0%|id="power-achieved">37.9\u00a0%', figures)
    assert "Smallest detectable effect with 60 per group (reference)" in figures
    assert ("With 60 per group you can detect a reduction from 55\u00a0% to 30\u00a0% "
            "(α 5\u00a0%, power 80\u00a0%).") in figures
    assert "To detect a reduction from 55\u00a0% to 40\u00a0% you need 173 per group" in figures
    # The chart, with its table marking the planned size and the reference.
    assert 'id="power-chart"' in page
    table = page[page.index('id="power-chart-table"'):]
    assert "planned, reference (Justice Data Lab)" in table
    assert "Normal approximation, two-sided test." in page


def test_unequal_groups_show_both_sizes(client, db, world):
    login(client, world.leader.email)
    assert _post_power(client, db, world.project, n_intervention="40",
                       n_comparison="120").status_code == 302
    page = _page(client, world.project)
    assert "With 40 in the intervention group and 120 in the comparison group" in page
    assert "in the planned ratio:" in page
    expected = pw.detectable_proportion(Decimal("0.55"), 40, 120,
                                        expected_effect=Decimal("-0.15"))
    assert computed(_plan(db, world.project))["mde"] == expected.magnitude


def test_a_success_criterion_below_the_detectable_effect_is_warned_about(client, db, world):
    login(client, world.leader.email)
    assert _post_expectations(client, world.project,
                              _row(world.i2, expected_effect="-15", min_effect="-15"),
                              _row(world.i3)).status_code == 302
    assert _post_power(client, db, world.project,
                       power_indicator=str(world.i2.id)).status_code == 302
    page = _page(client, world.project)
    checks = page[page.index('id="power-checks"'):page.index('id="power-chart"')]
    assert "Warning:" in checks
    assert ("i2: The success criterion (-15 percentage points) is smaller than the smallest "
            "effect the planned groups can detect (-25 percentage points)") in checks
    # A criterion of 30 percentage points is within reach: no warning for it.
    rows = _expectations(db, world.project)
    assert _post_expectations(client, world.project,
                              _row(world.i2, expected_effect="-15", min_effect="-30",
                                   version=str(rows["i2"].version)),
                              _row(world.i3)).status_code == 302
    page = _page(client, world.project)
    checks = page[page.index('id="power-checks"'):page.index('id="power-chart"')]
    assert "is smaller than" not in checks.replace("The expected effect (-15 percentage points) "
                                                   "is smaller than", "")
    assert "i2: The success criterion (-30 percentage points) is at least as large" in checks


def test_no_criterion_warning_without_a_power_indicator(client, db, world):
    login(client, world.leader.email)
    assert _post_expectations(client, world.project,
                              _row(world.i2, min_effect="-15"), _row(world.i3)).status_code == 302
    assert _post_power(client, db, world.project, expected_effect="-30").status_code == 302
    page = _page(client, world.project)
    checks = page[page.index('id="power-checks"'):page.index('id="power-chart"')]
    assert "The success criterion (" not in checks
    assert "Warning:" not in checks  # −30 points is above the detectable 25
    assert "Choose the indicator the calculation concerns" in checks


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"power": "0,04"}, "power", "The power must be greater than the significance level α."),
    ({"alpha": "150"}, "alpha",
     "The significance level α must be greater than 0 and less than 1."),
    ({"n_intervention": "1"}, "n_intervention", "Each group needs at least 2 people."),
    ({"n_comparison": "1"}, "n_comparison", "Each group needs at least 2 people."),
    ({"expected_effect": "-60"}, "expected_effect",
     "The baseline plus the expected effect must stay between 0 and 1."),
    ({"baseline_proportion": "0 %", "expected_effect": "-5"}, "baseline_proportion",
     "A baseline of 0 per cent leaves no room for a decrease"),
    ({"baseline_proportion": "femtio"}, "baseline_proportion",
     "Enter a percentage (55 %) or a decimal (0,55)."),
])
def test_bad_power_input_names_the_field_and_saves_nothing(client, db, world, changes, field,
                                                           message):
    login(client, world.leader.email)
    assert _post_power(client, db, world.project, expected_effect="-20").status_code == 302
    before = _plan(db, world.project)
    version, effect = before.version, before.expected_effect
    response = _post_power(client, db, world.project, **changes)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    error = re.search(rf'id="power-{field}-error">([^<]*)<', page)
    assert error and message in error.group(1)
    assert f'href="#power-{field}"' in page  # the error summary links to the field
    after = _plan(db, world.project)
    assert (after.version, after.expected_effect) == (version, effect)


def test_a_mean_outcome_uses_the_standard_deviation(client, db, world):
    login(client, world.leader.email)
    response = _post_power(client, db, world.project, outcome="mean", sd="10",
                           expected_effect="5", baseline_proportion="55 %")
    assert response.status_code == 302
    plan = _plan(db, world.project)
    assert plan.sd == Decimal("10") and plan.baseline_proportion is None
    assert plan.expected_effect == Decimal("5")
    page = _page(client, world.project)
    assert "With 60 per group you can detect a difference in means of 5,115" in page or \
        "With 60 per group you can detect a difference in means of 5.115" in page


def test_a_mean_outcome_compares_the_criterion_in_the_indicators_unit(client, db, world):
    login(client, world.leader.email)
    assert _post_expectations(client, world.project, _row(world.i2),
                              _row(world.i3, expected_effect="-8",
                                   min_effect="-5")).status_code == 302
    # mde = (z₁₋α/₂ + z₁₋β)·σ·√(2/60) = 5,115 with σ = 10: a criterion of −5 is below it.
    assert _post_power(client, db, world.project, outcome="mean", sd="10", expected_effect="-8",
                       power_indicator=str(world.i3.id)).status_code == 302
    page = _page(client, world.project)
    checks = page[page.index('id="power-checks"'):page.index('id="power-chart"')]
    assert ("i3: The success criterion (-5) is smaller than the smallest effect the planned "
            "groups can detect (-5.115)") in checks
    # A proportion cannot be compared with a criterion counted in people.
    assert _post_power(client, db, world.project, power_indicator=str(world.i3.id)).status_code \
        == 302
    page = _page(client, world.project)
    checks = page[page.index('id="power-checks"'):page.index('id="power-chart"')]
    assert "The success criterion of i3 is in another unit than the calculation" in checks
    assert "The success criterion (" not in checks


# --- computed(plan) ------------------------------------------------------------------------------


def test_computed_gives_the_exchange_formats_values():
    plan = SimpleNamespace(outcome="proportion", baseline_proportion=Decimal("0.55"), sd=None,
                           expected_effect=Decimal("-0.15"), alpha=Decimal("0.05"),
                           power=Decimal("0.80"), n_intervention=60, n_comparison=60)
    values = computed(plan)
    assert values["n_per_group_for_expected_effect"] == 173
    assert abs(float(values["mde"]) - (0.55 - _hand_detectable(0.55, 60))) < 1e-6
    assert values["mde"] > 0
    # Incomplete input: None, never an error.
    assert computed(SimpleNamespace(**{**vars(plan), "n_intervention": None})) == {
        "mde": None, "n_per_group_for_expected_effect": 173}
    assert computed(SimpleNamespace(**{**vars(plan), "baseline_proportion": None})) == {
        "mde": None, "n_per_group_for_expected_effect": None}
    assert computed(SimpleNamespace(**{**vars(plan), "power": Decimal("0.01")})) == {
        "mde": None, "n_per_group_for_expected_effect": None}
    # Means: mde = z·σ·√(2/n); n = 2·(z·σ/δ)².
    z = NormalDist().inv_cdf(0.975) + NormalDist().inv_cdf(0.8)
    mean = SimpleNamespace(**{**vars(plan), "outcome": "mean", "baseline_proportion": None,
                              "sd": Decimal("10"), "expected_effect": Decimal("5")})
    values = computed(mean)
    assert abs(float(values["mde"]) - z * 10 * math.sqrt(2 / 60)) < 1e-5
    assert values["n_per_group_for_expected_effect"] == math.ceil(2 * (z * 10 / 5) ** 2) == 63


def test_computed_of_a_stored_plan(client, db, world):
    login(client, world.leader.email)
    assert _post_power(client, db, world.project).status_code == 302
    values = computed(_plan(db, world.project))
    assert values["n_per_group_for_expected_effect"] == 173
    assert values["mde"] == Decimal("0.249914")


# --- Evaluator and measurement ---------------------------------------------------------------


def test_evaluator_and_measurement_are_saved(client, db, world):
    login(client, world.leader.email)
    data = {"evaluator-csrf_token": _token(client, world.project), "evaluator-version": "",
            "evaluator-evaluator_kind": "external", "evaluator-evaluator": "FoU Väst",
            "evaluator-evaluator_contacted_on": "2024-11-15",
            "evaluator-evaluation_budget": "150 000",
            "evaluator-effect_measured_on": "2026-06-30",
            "evaluator-baseline_plan": "Återfall mäts i registret före start."}
    assert client.post(_url(world.project, "evaluator"), data=data).status_code == 302
    plan = _plan(db, world.project)
    assert (plan.evaluator_kind, plan.evaluator) == ("external", "FoU Väst")
    assert plan.evaluation_budget == Decimal("150000.00")
    assert plan.evaluator_contacted_on == date(2024, 11, 15)
    assert plan.effect_measured_on == date(2026, 6, 30)
    # A negative budget is refused at the field; nothing changes.
    data.update({"evaluator-version": str(plan.version), "evaluator-evaluation_budget": "-5",
                 "evaluator-evaluator": "Någon annan"})
    response = client.post(_url(world.project, "evaluator"), data=data)
    assert response.status_code == 400
    assert 'id="evaluator-evaluation_budget-error"' in response.get_data(as_text=True)
    assert _plan(db, world.project).evaluator == "FoU Väst"
    assert db.scalar(select(func.count()).select_from(EvaluationPlan)) == 1
