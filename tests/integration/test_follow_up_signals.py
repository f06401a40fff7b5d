"""The follow-up signals on the portfolio and on the follow-up page: an indicator behind plan, a
stop criterion met, an overdue check-in, drop-outs flagged as possible harm."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import event

from models.design import PlannedCheckIn, ReportingPlan, StopCriterion
from models.domain import signals as sg
from models.follow_up import CheckIn, DropOut, IndicatorReporting, IndicatorValue
from models.funds import record_entry
from models.logic_models import store_model
from models.signals import (
    SignalContext,
    check_in_source,
    collect,
    drop_out_source,
    indicator_source,
    running_projects,
    stop_criterion_source,
)
from tests.integration.helpers import make_org, make_project, small_model


def _indicator(project, key):
    return next(i for e in project.logic_elements for i in e.indicators if i.key == key)


def _troubled(db, key="orolig", *, fund, stage="running"):
    """A running initiative with one of each follow-up signal."""
    project = make_project(db, key, title=f"Orolig {key}", stage=stage, fund=fund,
                           start=date(2024, 1, 1), end=date(2099, 12, 31))
    store_model(db, project, small_model())
    db.flush()
    i1, i2 = _indicator(project, "i1"), _indicator(project, "i2")
    db.add(IndicatorReporting(project_id=project.id, indicator_id=i1.id, frequency="quarter"))
    db.add_all([
        # i1, higher is better: the latest quarter is 12 against 20 planned.
        IndicatorValue(project_id=project.id, indicator_id=i1.id, period=date(2024, 1, 1),
                       planned=Decimal("20"), actual=Decimal("21")),
        IndicatorValue(project_id=project.id, indicator_id=i1.id, period=date(2024, 4, 1),
                       planned=Decimal("20"), actual=Decimal("12")),
        # A later quarter with only a plan does not count as the latest.
        IndicatorValue(project_id=project.id, indicator_id=i1.id, period=date(2024, 7, 1),
                       planned=Decimal("20")),
        # A breakdown far behind is not the total.
        IndicatorValue(project_id=project.id, indicator_id=i1.id, period=date(2024, 4, 1),
                       dimension="Veckodag", category="torsdag", planned=Decimal("10"),
                       actual=Decimal("2")),
        # i2 (20 → 30) fell to 14, below the stop threshold of 15.
        IndicatorValue(project_id=project.id, indicator_id=i2.id, period=date(2024, 5, 1),
                       planned=Decimal("15"), actual=Decimal("14")),
    ])
    db.add_all([
        StopCriterion(project_id=project.id, kind="indicator", indicator_id=i2.id,
                      threshold=Decimal("15"), text="Andelen aktiva sjunker under 15 %"),
        StopCriterion(project_id=project.id, kind="budget", threshold=Decimal("0.10"),
                      text="Budgeten överskrids med mer än 10 %"),
        StopCriterion(project_id=project.id, kind="other", text="Annat"),
        PlannedCheckIn(project_id=project.id, planned_on=date(2024, 3, 1)),
        DropOut(project_id=project.id, left_on=date(2024, 3, 1), reason_kind="worse_off",
                possible_harm=True),
        DropOut(project_id=project.id, left_on=date(2024, 4, 1), reason_kind="worse_off",
                possible_harm=True),
        DropOut(project_id=project.id, left_on=date(2024, 4, 1), reason_kind="worse_off",
                possible_harm=True, investigated_on=date(2024, 4, 10)),
    ])
    record_entry(db, fund, kind="allocation", on=date(2024, 1, 1), amount=Decimal("100000"),
                 project=project, note="", by="test")
    record_entry(db, fund, kind="disbursement", on=date(2024, 2, 1), amount=Decimal("120000"),
                 project=project, note="", by="test")
    db.commit()
    return project


def test_the_follow_up_signals_appear_on_the_portfolio(client, db, logged_in):
    _soc, _bun, fund = make_org(db)
    _troubled(db, fund=fund)
    logged_in("steering", locale="en")
    html = client.get("/portfolio/signals").get_data(as_text=True)
    assert "The indicator i1 is behind plan in 2024-Q2: 12 against 20 planned." in html
    assert ("Stop criterion met: “Andelen aktiva sjunker under 15 %”. The indicator i2 is 14, "
            "at or beyond the threshold 15.") in html
    assert "Stop criterion met: “Budgeten överskrids med mer än 10 %”." in html
    assert "The check-in planned for 2024-03-01 has not been recorded as held." in html
    assert "2 drop-outs flagged as possible harm have not been investigated." in html
    assert "Annat" not in html


def test_the_project_signals_are_listed_on_the_follow_up_page(client, db, logged_in):
    _soc, _bun, fund = make_org(db)
    project = _troubled(db, fund=fund)
    logged_in("viewer", locale="en")
    html = client.get(f"/projects/{project.id}/follow-up").get_data(as_text=True)
    section = html.split('id="signals"', 1)[1].split("</section>", 1)[0]
    assert "The indicator i1 is behind plan in 2024-Q2" in section
    assert "Serious:" in section


def test_what_was_done_silences_the_signals(db):
    _soc, _bun, fund = make_org(db)
    project = _troubled(db, fund=fund)
    i1, i2 = _indicator(project, "i1"), _indicator(project, "i2")
    for value in project.indicator_values:
        db.delete(value)
    db.flush()
    db.add_all([
        IndicatorValue(project_id=project.id, indicator_id=i1.id, period=date(2024, 4, 1),
                       planned=Decimal("20"), actual=Decimal("18")),
        IndicatorValue(project_id=project.id, indicator_id=i2.id, period=date(2024, 5, 1),
                       planned=Decimal("15"), actual=Decimal("16")),
        CheckIn(project_id=project.id, held_on=date(2024, 3, 12)),
    ])
    for drop_out in project.drop_outs:
        drop_out.investigated_on = date(2024, 5, 1)
    record_entry(db, fund, kind="allocation", on=date(2024, 3, 1), amount=Decimal("20000"),
                 project=project, note="", by="test")
    db.commit()
    found = collect(SignalContext(db, running_projects(db), date(2025, 1, 1)))
    codes = {s.code for s in found.get(project.id, [])}
    assert not codes & {sg.INDICATOR_BEHIND_PLAN, sg.STOP_CRITERION_MET, sg.CHECK_IN_OVERDUE,
                        sg.DROP_OUT_POSSIBLE_HARM}


def test_without_a_schedule_the_reporting_plan_interval_counts(db):
    _soc, _bun, fund = make_org(db)
    project = make_project(db, "plan", stage="approved", fund=fund, start=date(2024, 1, 1),
                           end=date(2099, 1, 1))
    db.add(ReportingPlan(project_id=project.id, check_in_months=2))
    db.add(CheckIn(project_id=project.id, held_on=date(2024, 6, 1)))
    db.commit()
    found = collect(SignalContext(db, running_projects(db), date(2024, 8, 2)))
    [signal] = [s for s in found.get(project.id, []) if s.code == sg.CHECK_IN_OVERDUE]
    assert signal.params == {"since": date(2024, 6, 1), "months": 2, "date": date(2024, 8, 1)}
    found = collect(SignalContext(db, running_projects(db), date(2024, 8, 1)))
    assert sg.CHECK_IN_OVERDUE not in {s.code for s in found.get(project.id, [])}


def test_the_sources_query_the_portfolio_a_fixed_number_of_times(app, db):
    _soc, _bun, fund = make_org(db)
    sources = [indicator_source, stop_criterion_source, check_in_source, drop_out_source]

    def count(today: date) -> tuple[int, int]:
        projects = running_projects(db)
        statements: list[str] = []
        engine = app.extensions["satsa.engine"]

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            found = collect(SignalContext(db, projects, today), sources)
        finally:
            event.remove(engine, "before_cursor_execute", before)
        return len(statements), sum(len(s) for s in found.values())

    _troubled(db, "en", fund=fund)
    one, signals_one = count(date(2025, 1, 1))
    _troubled(db, "tva", fund=fund)
    _troubled(db, "tre", fund=fund)
    three, signals_three = count(date(2025, 1, 1))
    assert signals_three == 3 * signals_one == 3 * 5
    assert three == one
