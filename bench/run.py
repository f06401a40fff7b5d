"""Measure the portfolio page, the project page, the exports and the logic model's checks and page
against plain baselines.

Run with ``python -m bench.run`` (``make bench``). Writes bench/results.md and prints it.
"""

from __future__ import annotations

import gc
import json
import os
import re
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

from flask import Flask
from openpyxl import Workbook
from sqlalchemy import create_engine, event, select
from werkzeug.exceptions import NotFound

from bench.report import report
from bench.seed import (
    COORDINATOR,
    PASSWORD,
    economics_input,
    logic_model,
    placement_events,
    ranking_input,
    seed,
    seed_follow_up,
    seed_follow_up_detail,
    seed_ranking,
    ses_areas,
)
from exporters.json_export import build_json
from exporters.xlsx import build_portfolio_workbook
from models import Project
from models.domain import economics as ec
from models.domain import economics_analysis as ea
from models.domain import logic as lm
from models.domain.flows import analyse_flows
from models.domain.participation import last_completed_half_year
from models.domain.ranking import rank_proposals
from models.domain.ses import SES_VARIABLES, compute_ses
from models.exchange.export import export_document
from models.follow_up import IndicatorValue
from models.follow_ups import follow_up_report
from models.logic_models import store_model
from models.migrate import upgrade
from models.queries import PortfolioRow, portfolio_rows
from models.signals import signal_rows
from webapp import create_app

SIZES = (10, 100, 1000)
#: Seconds each page measurement may take (after warm-up); at least MIN_RUNS runs.
PAGE_BUDGET = 3.0
MIN_RUNS, MAX_RUNS = 5, 50
EXPORT_RUNS = 3
STREAM_ROWS = 10_000
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
RESULTS = Path(__file__).resolve().parent / "results.md"
#: Elements of the generated logic models whose checks are timed.
LOGIC_SIZES = (100, 1000, 10_000)
#: Seconds the checks of all sizes may take together (after warm-up), in at least CHECK_ROUNDS
#: rounds of one sample per size with the garbage collector running and one with it paused.
CHECK_BUDGET = 4.0
CHECK_ROUNDS = 5
#: Elements of the logic model shown on the timed logic-model page.
LOGIC_PAGE_ELEMENTS = 200
#: Placement events and people of the timed flow analyses (about five events per person).
FLOW_SIZES = ((10_000, 2_000), (100_000, 20_000))
#: Areas of the timed socio-economic index.
SES_AREAS = 1000
#: Seconds each needs-analysis measurement may take (after warm-up); at least MIN_RUNS runs.
NEEDS_BUDGET = 1.5
#: Proposals, criteria and raters of the timed steering-group ranking, and the fund's money
#: walked against it.
RANKING_SIZE = (200, 8, 9)
RANKING_AVAILABLE = Decimal("50000000.00")
#: Budget and benefit lines of the timed economic calculation, and the Monte Carlo draws.
ECONOMICS_SIZE = (200, 100)
MONTE_CARLO_DRAWS = 10_000
MONTE_CARLO_RANGES = {ec.PEOPLE: ("0.5", "1", "1.2"), ec.UNIT_COSTS: ("0.8", "1", "1.2"),
                      ec.YEARS: ("0.5", "1", "1"), ec.DISCOUNT_RATE: ("0.01", "0.035", "0.05")}
#: The follow-up of one initiative with a lot of data: indicators × monthly periods × breakdown
#: categories (each period has the total and one value per category).
FOLLOW_UP_DETAIL = (20, 36, 8)
#: Runs of the follow-up page of that initiative after one warm-up (it takes seconds).
FOLLOW_UP_PAGE_RUNS = 3


def median_time(
    call: Callable[[], Any],
    *,
    runs: int | None = None,
    warmup: int = 2,
    budget: float = PAGE_BUDGET,
) -> float:
    """Return the median seconds of ``call`` after warm-up, within the time budget."""
    for _ in range(warmup):
        call()
    times: list[float] = []
    while len(times) < (runs or MAX_RUNS):
        if runs is None and len(times) >= MIN_RUNS and sum(times) >= budget:
            break
        begin = time.perf_counter()
        call()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def peak_memory(call: Callable[[], Any]) -> int:
    """Return the peak bytes Python allocated while ``call`` ran."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@dataclass
class Portfolio:
    """One seeded database with its app and a logged-in test client."""

    n: int
    app: Any
    client: Any
    middle_id: int
    queries: list[str] = field(default_factory=list)

    def get(self, path: str) -> Any:
        response = self.client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return response

    def count_queries(self, path: str) -> int:
        engine = self.app.extensions["satsa.engine"]
        self.queries.clear()

        def record(conn, cursor, statement, parameters, context, executemany):
            self.queries.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            self.get(path)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        return len(self.queries)

    def session(self):
        return self.app.extensions["satsa.sessions"]()


def open_portfolio(folder: Path, n: int) -> Portfolio:
    """Migrate and seed a fresh SQLite database, create the app and log in as coordinator."""
    url = f"sqlite:///{folder / f'bench-{n}.db'}"
    engine = create_engine(url)
    upgrade(engine)
    seed(engine, n)
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-secret"})
    return Portfolio(n, app, _log_in(app), middle_id=max(1, n // 2))


def _log_in(app: Any) -> Any:
    """Return a test client of ``app`` logged in as the coordinator."""
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = CSRF_RE.search(html)
    if token is None:
        raise RuntimeError("no CSRF token on /login")
    response = client.post(
        "/login", data={"email": COORDINATOR, "password": PASSWORD, "csrf_token": token[1]}
    )
    if response.status_code != 302:
        raise RuntimeError(f"login answered {response.status_code}")
    return client


def ranking_page(folder: Path) -> dict[str, Any]:
    """Return the median time and query count of the fund's ranking page for RANKING_SIZE
    proposals × criteria × raters, every rater having submitted."""
    url = f"sqlite:///{folder / 'bench-ranking.db'}"
    engine = create_engine(url)
    upgrade(engine)
    fund_id = seed_ranking(engine, *RANKING_SIZE)
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-secret"})
    portfolio = Portfolio(RANKING_SIZE[0], app, _log_in(app), middle_id=1)
    path = f"/funds/{fund_id}/ranking"
    result = {
        "time": median_time(lambda: portfolio.get(path)),
        "queries": portfolio.count_queries(path),
        "bytes": len(portfolio.get(path).data),
    }
    app.extensions["satsa.engine"].dispose()
    return result


def count_statements(engine: Any, call: Callable[[], Any]) -> int:
    """Return the number of SQL statements ``engine`` executed while ``call`` ran."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def first_request(portfolio: Portfolio, path: str) -> tuple[int, int]:
    """Send the first request of ``path``, which is also the warm-up, and return its SQL
    queries and the bytes of the page (the count is the same as on later requests: the login
    has already loaded what a session keeps)."""
    sizes: list[int] = []
    queries = count_statements(portfolio.app.extensions["satsa.engine"],
                               lambda: sizes.append(len(portfolio.get(path).data)))
    return queries, sizes[0]


def _seeded_app(folder: Path, name: str, n: int, fill: Callable[[Any], Any]) -> tuple[Any, Any]:
    """Migrate and seed a fresh SQLite database with ``n`` projects, let ``fill(engine)`` add to
    it, and return the app logged in as coordinator with what ``fill`` returned."""
    url = f"sqlite:///{folder / f'bench-{name}.db'}"
    engine = create_engine(url)
    upgrade(engine)
    seed(engine, n)
    added = fill(engine)
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-secret"})
    return Portfolio(n, app, _log_in(app), middle_id=1), added


def signal_pages(folder: Path, today: date) -> dict[int, dict[str, float]]:
    """Return, for a portfolio of each of SIZES whose running initiatives all have follow-up
    data (``seed_follow_up``), the median time, SQL queries and size of the signal page, with
    the initiatives, values and signals it shows."""
    figures: dict[int, dict[str, float]] = {}
    path = "/portfolio/signals"
    for n in SIZES:
        portfolio, added = _seeded_app(folder, f"signals-{n}", n,
                                       lambda engine: seed_follow_up(engine, today))
        with portfolio.session() as session:
            rows = signal_rows(session, today)
        queries, size = first_request(portfolio, path)
        figures[n] = {
            "initiatives": added["initiatives"],
            "values": added["indicator_value"],
            "drop_outs": added["drop_out"],
            "check_ins": added["check_in"],
            "signals": sum(len(r.signals) for r in rows),
            "flagged": sum(1 for r in rows if r.signals),
            "bytes": size,
            "time": median_time(lambda portfolio=portfolio: portfolio.get(path), warmup=0),
            "queries": queries,
        }
        portfolio.app.extensions["satsa.engine"].dispose()
    return figures


def follow_up_detail(folder: Path, today: date) -> dict[str, Any]:
    """Return time, SQL queries and peak memory of ``follow_up_report`` and of the follow-up and
    half-yearly report pages of one initiative with FOLLOW_UP_DETAIL values
    (``seed_follow_up_detail``), with a baseline: reading the same values as plain rows."""
    indicators, months, categories = FOLLOW_UP_DETAIL
    portfolio, (project_id, added) = _seeded_app(
        folder, "follow-up", SIZES[0], lambda engine: seed_follow_up_detail(
            engine, today, indicators=indicators, months=months, categories=categories))
    engine = portfolio.app.extensions["satsa.engine"]

    def report() -> Any:
        with portfolio.session() as session:
            return follow_up_report(session, session.get(Project, project_id), today)

    def plain_rows() -> list[Any]:
        with portfolio.session() as session:
            return session.execute(select(*IndicatorValue.__table__.c).where(
                IndicatorValue.project_id == project_id)).all()

    found: list[Any] = []
    # The first call is also the warm-up.
    report_queries = count_statements(engine, lambda: found.append(report()))
    figures: dict[str, Any] = {
        "indicators": len(found[0].indicators),
        "process": sum(1 for i in found[0].indicators if i.kind == "process"),
        "months": months,
        "categories": categories,
        "values": added["indicator_value"],
        "half_year": last_completed_half_year(today),
        "page_runs": FOLLOW_UP_PAGE_RUNS,
        "resources": added["resource_use"],
        "flows": added["participant_flow"],
        "drop_outs": added["drop_out"],
        "check_ins": added["check_in"],
        "report_time": median_time(report, warmup=0),
        "report_queries": report_queries,
        "report_memory": peak_memory(report),
        "rows_time": median_time(plain_rows),
        "rows_memory": peak_memory(plain_rows),
    }
    for name, path, runs in (("page", f"/projects/{project_id}/follow-up", FOLLOW_UP_PAGE_RUNS),
                             ("half_year", f"/projects/{project_id}/half-year-report", None)):
        figures[f"{name}_queries"], figures[f"{name}_bytes"] = first_request(portfolio, path)
        figures[f"{name}_time"] = median_time(lambda path=path: portfolio.get(path), runs=runs,
                                              warmup=0)
        figures[f"{name}_memory"] = peak_memory(lambda path=path: portfolio.get(path))
    engine.dispose()
    return figures


def excel_export(portfolio: Portfolio) -> bytes:
    """Build the portfolio workbook from the database, as the export route does."""
    with portfolio.session() as session:
        return build_portfolio_workbook(portfolio_rows(session))


def json_export(portfolio: Portfolio) -> bytes:
    """Build the satsa/1 JSON file of the whole portfolio."""
    with portfolio.session() as session:
        return build_json(export_document(session))


def measure(portfolio: Portfolio) -> dict[str, float]:
    """Return every figure for one portfolio size."""
    project = f"/projects/{portfolio.middle_id}"
    figures = {
        "portfolio_page": median_time(lambda: portfolio.get("/projects/")),
        "project_page": median_time(lambda: portfolio.get(project)),
        "portfolio_queries": portfolio.count_queries("/projects/"),
        "project_queries": portfolio.count_queries(project),
        "excel_time": median_time(lambda: excel_export(portfolio), runs=EXPORT_RUNS, warmup=1),
        "excel_memory": peak_memory(lambda: excel_export(portfolio)),
        "json_time": median_time(lambda: json_export(portfolio), runs=EXPORT_RUNS, warmup=1),
        "json_memory": peak_memory(lambda: json_export(portfolio)),
    }
    with portfolio.session() as session:
        document = export_document(session)
    figures["json_dumps_time"] = median_time(lambda: _dumps(document), runs=EXPORT_RUNS)
    figures["json_dumps_memory"] = peak_memory(lambda: _dumps(document))
    return figures


def logic_checks() -> dict[int, dict[str, float]]:
    """Return the size, findings and fastest time of ``check`` for each generated model, with
    Python's cyclic garbage collector running and paused.

    The sizes take turns, one sample each per round, so that a busy spell of the machine slows
    all of them alike; a sample of a small model repeats the check to take about as long as one
    of the biggest model.
    """
    models = {n: logic_model(n) for n in LOGIC_SIZES}
    repeats = {n: max(1, LOGIC_SIZES[-1] // n // 10) for n in LOGIC_SIZES}
    times: dict[tuple[int, bool], list[float]] = {
        (n, paused): [] for n in LOGIC_SIZES for paused in (False, True)
    }
    for model in models.values():
        lm.check(model)  # warm-up
    rounds = 0
    while rounds < MAX_RUNS:
        if rounds >= CHECK_ROUNDS and sum(map(sum, times.values())) >= CHECK_BUDGET:
            break
        rounds += 1
        for n, model in models.items():
            for paused in (False, True):
                if paused:
                    gc.disable()
                begin = time.perf_counter()
                for _ in range(repeats[n]):
                    lm.check(model)
                times[n, paused].append((time.perf_counter() - begin) / repeats[n])
                gc.enable()
    figures: dict[int, dict[str, float]] = {}
    for n, model in models.items():
        findings = lm.check(model)
        figures[n] = {
            "elements": len(model.elements),
            "links": len(model.links),
            "findings": len(findings),
            "errors": len(lm.errors(findings)),
            "time": min(times[n, False]),
            "time_no_gc": min(times[n, True]),
            "rounds": rounds,
        }
    return figures


def logic_page(portfolio: Portfolio) -> dict[str, float] | None:
    """Give a project a generated logic model and time its page; None when there is no route."""
    model = logic_model(LOGIC_PAGE_ELEMENTS)
    project_id = portfolio.middle_id
    path = f"/projects/{project_id}/logic-model"
    try:
        portfolio.app.url_map.bind("localhost").match(path)
    except NotFound:
        return None
    with portfolio.session() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise RuntimeError(f"no project {project_id} in the bench database")
        store_model(session, project, model)
        session.commit()
    findings = lm.check(model)
    focus = f"{path}?focus={model.elements[len(model.elements) // 2].key}"
    return {
        "elements": len(model.elements),
        "links": len(model.links),
        "indicators": sum(len(e.indicators) for e in model.elements),
        "findings": len(findings),
        "page": median_time(lambda: portfolio.get(path)),
        "focus_page": median_time(lambda: portfolio.get(focus)),
        "queries": portfolio.count_queries(path),
    }


def fastest_time(call: Callable[[], Any], *, budget: float = NEEDS_BUDGET) -> float:
    """Return the fastest seconds of ``call`` after one warm-up, in at least MIN_RUNS runs and
    within the time budget: like the logic-model checks, the fastest run of an in-memory
    computation is the one least disturbed by other work on the machine."""
    call()
    times: list[float] = []
    while len(times) < MAX_RUNS and (len(times) < MIN_RUNS or sum(times) < budget):
        begin = time.perf_counter()
        call()
        times.append(time.perf_counter() - begin)
    return min(times)


def _without_gc(call: Callable[..., Any], *args: Any) -> Any:
    """Call ``call(*args)`` with Python's cyclic garbage collector paused."""
    gc.disable()
    try:
        return call(*args)
    finally:
        gc.enable()


def needs_analysis() -> dict[str, Any]:
    """Return the times of the flow analysis for each of FLOW_SIZES and of the socio-economic
    index over SES_AREAS areas (no database), each with a plain baseline: sorting the events by
    person and day, and min–max scaling the same values in float."""
    flow_figures = []
    for count, people in FLOW_SIZES:
        events = placement_events(count, people)
        result = analyse_flows(events)
        flow_figures.append({
            "events": count,
            "people": people,
            "replacements": result.replacements,
            "time": fastest_time(lambda events=events: analyse_flows(events)),
            "time_no_gc": fastest_time(lambda events=events: _without_gc(analyse_flows, events)),
            "memory": peak_memory(lambda events=events: analyse_flows(events)),
            "sort_time": fastest_time(
                lambda events=events: sorted(events, key=lambda e: (e.person, e.day))
            ),
        })
    areas = ses_areas(SES_AREAS)
    columns = [[float(getattr(area, v)) for area in areas] for v in SES_VARIABLES]

    def float_scaling() -> list[float]:
        scaled = []
        for column in columns:
            low, high = min(column), max(column)
            scaled.append([10 * (x - low) / (high - low) for x in column])
        return [sum(row) / len(row) for row in zip(*scaled, strict=True)]

    return {
        "flows": flow_figures,
        "ses": {
            "areas": SES_AREAS,
            "time": fastest_time(lambda: compute_ses(areas)),
            "float_time": fastest_time(float_scaling),
        },
    }


def ranking_benchmark() -> dict[str, Any]:
    """Return the time of one ranking of RANKING_SIZE proposals × criteria × raters (no
    database), with Python's cyclic garbage collector running and paused, its peak memory and
    what it found, with a plain baseline: the float weighted mean of the same scores per
    proposal, sorted."""
    proposals, criteria, raters = RANKING_SIZE
    specs, items, scores = ranking_input(proposals, criteria, raters)

    def rank() -> Any:
        return rank_proposals(specs, items, scores, available=RANKING_AVAILABLE)

    weighted = [c for c in specs if not c.must]
    total = float(sum(c.weight for c in weighted))
    factor = {c.key: float(c.weight) / total / c.scale_max for c in weighted}

    def float_ranking() -> list[str]:
        cells: dict[tuple[str, str], list[int]] = {}
        for score in scores:
            cell = cells.setdefault((score.proposal, score.criterion), [0, 0])
            cell[0] += score.value
            cell[1] += 1
        points: dict[str, float] = {}
        for (proposal, criterion), (value, count) in cells.items():
            if criterion in factor:
                points[proposal] = points.get(proposal, 0.0) + factor[criterion] * value / count
        return sorted(points, key=points.__getitem__, reverse=True)

    result = rank()
    return {
        "proposals": proposals,
        "criteria": criteria,
        "raters": raters,
        "available": RANKING_AVAILABLE,
        "scores": len(scores),
        "ranked": len(result.ranked),
        "incomplete": len(result.incomplete),
        "failing": len(result.failing),
        "above": sum(1 for p in result.ranked if p.cut == "above"),
        "time": fastest_time(rank),
        "time_no_gc": fastest_time(lambda: _without_gc(rank)),
        "memory": peak_memory(rank),
        "float_time": fastest_time(float_ranking),
    }


def _float_economics(inputs: ec.EconomicsInputs) -> float:
    """The return per krona in plain floats: the same yields and discounting, nothing else
    (no validation, no restatement reporting, no per-actor split)."""
    index = inputs.price_index
    units = {u.key: float(u.local_amount if u.local_amount is not None else u.amount)
             * (float(index[inputs.price_year]) / float(index[u.price_year])
                if u.price_year in index and inputs.price_year in index else 1.0)
             * (1 - float(inputs.optimism.get(u.confidence, 0)) if u.confidence else 1.0)
             for u in inputs.unit_costs}
    rate = 1 + float(inputs.discount_rate)
    cost = sum(float(b.amount) / rate ** (b.year - inputs.start_year) for b in inputs.budget)
    benefit = 0.0
    for line in inputs.benefits:
        base = (float(line.people) * float(line.units_per_person) * units[line.unit_cost]
                * (1 - float(line.deadweight)) * (1 - float(line.attribution)))
        for k in range(line.years):
            benefit += base * (1 - float(line.drop_off)) ** k / rate ** (
                line.first_year + k - inputs.start_year)
    return benefit / cost


def economics_benchmark() -> dict[str, Any]:
    """Return the times of the calculation, the one-way sensitivity analysis and the switching
    values on ECONOMICS_SIZE budget and benefit lines, and of MONTE_CARLO_DRAWS draws, with a
    float baseline of the same formula."""
    budget, benefits = ECONOMICS_SIZE
    inputs = economics_input(budget, benefits)
    result = ec.calculate(inputs)
    simulation = ea.monte_carlo(inputs, MONTE_CARLO_RANGES, draws=MONTE_CARLO_DRAWS)
    float_return = _float_economics(inputs)
    return {
        "budget": budget,
        "benefits": benefits,
        "years": len(result.years),
        "return": result.return_per_krona,
        "float_return": float_return,
        "calculate": fastest_time(lambda: ec.calculate(inputs)),
        "calculate_memory": peak_memory(lambda: ec.calculate(inputs)),
        "one_way": fastest_time(lambda: ec.one_way(inputs)),
        "switching": fastest_time(lambda: ec.switching_values(inputs), budget=3.0),
        "float_time": fastest_time(lambda: _float_economics(inputs)),
        "draws": MONTE_CARLO_DRAWS,
        "probability": simulation.probability_above_one,
        "monte_carlo": fastest_time(lambda: ea.monte_carlo(inputs, MONTE_CARLO_RANGES,
                                                           draws=MONTE_CARLO_DRAWS), budget=5.0),
        "monte_carlo_memory": peak_memory(lambda: ea.monte_carlo(
            inputs, MONTE_CARLO_RANGES, draws=MONTE_CARLO_DRAWS)),
    }


def _dumps(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def bare_flask_page() -> float:
    """Return the median time of a bare Flask route returning a short page."""
    app = Flask("bench_baseline")

    @app.route("/")
    def index() -> str:
        return "<!doctype html><title>ok</title><p>ok</p>"

    client = app.test_client()
    return median_time(lambda: client.get("/"), runs=300, warmup=20)


def raw_openpyxl(rows: int, columns: int = 16) -> bytes:
    """Write ``rows`` × ``columns`` plain cells with openpyxl in write-only mode."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append([f"Column {i}" for i in range(columns)])
    sample = [
        "satsning",
        "Tidiga insatser i Norrby",
        "Idé",
        1200,
        Decimal("1500000.50"),
        date(2025, 1, 1),
        "Socialförvaltningen",
        13,
    ]
    for _ in range(rows):
        ws.append([sample[i % len(sample)] for i in range(columns)])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def streaming_check() -> dict[str, float]:
    """Return time and peak memory of the portfolio workbook for synthetic rows, and raw."""

    def rows(count: int):
        for i in range(count):
            yield PortfolioRow(
                id=i,
                key=f"satsning-{i}",
                title=f"Tidiga insatser i Norrby ({i})",
                stage="running",
                departments=("Socialförvaltningen", "Barn- och utbildningsförvaltningen"),
                department_keys=("soc", "bun"),
                target_description="Barn och unga i området.",
                age_min=6,
                age_max=12,
                prevention_level="targeted",
                size_total=1200,
                size_reached=300,
                fund="Sociala investeringsfonden",
                fund_key="si-fond",
                start=date(2025, 1, 1),
                end=date(2027, 12, 31),
                budget_request=Decimal("1500000.50"),
                checklist_done=13,
                checklist_total=26,
            )

    # One run each: the 10 000-row workbook takes seconds, and the 1 000-row run warms up.
    return {
        "time_1000": median_time(lambda: build_portfolio_workbook(rows(1000)), runs=1),
        "time_10000": median_time(
            lambda: build_portfolio_workbook(rows(STREAM_ROWS)), runs=1, warmup=0
        ),
        "memory_1000": peak_memory(lambda: build_portfolio_workbook(rows(1000))),
        "memory_10000": peak_memory(lambda: build_portfolio_workbook(rows(STREAM_ROWS))),
        "raw_time": median_time(lambda: raw_openpyxl(STREAM_ROWS), runs=1, warmup=0),
        "raw_memory": peak_memory(lambda: raw_openpyxl(STREAM_ROWS)),
    }


def main() -> None:
    started = time.perf_counter()
    os.environ.setdefault("SECRET_KEY", "bench-secret")  # keeps the app from writing one
    checks = logic_checks()
    print(f"logic-model checks: done after {time.perf_counter() - started:.0f} s", flush=True)
    needs = needs_analysis()
    print(f"needs analysis: done after {time.perf_counter() - started:.0f} s", flush=True)
    scoring = ranking_benchmark()
    print(f"ranking: done after {time.perf_counter() - started:.0f} s", flush=True)
    economics = economics_benchmark()
    print(f"economics: done after {time.perf_counter() - started:.0f} s", flush=True)
    by_size: dict[int, dict[str, float]] = {}
    page: dict[str, float] | None = None
    with tempfile.TemporaryDirectory(prefix="satsa-bench-") as tmp:
        scoring["page"] = ranking_page(Path(tmp))
        print(f"ranking page: done after {time.perf_counter() - started:.0f} s", flush=True)
        for n in SIZES:
            portfolio = open_portfolio(Path(tmp), n)
            by_size[n] = measure(portfolio)
            if n == SIZES[0]:
                # After the other figures, so that they are measured without a logic model.
                page = logic_page(portfolio)
                if page is None:
                    print("GET /projects/<id>/logic-model: no such route yet, row skipped",
                          flush=True)
            portfolio.app.extensions["satsa.engine"].dispose()
            print(f"n={n}: done after {time.perf_counter() - started:.0f} s", flush=True)
        today = date.today()
        follow_up = {"signals": signal_pages(Path(tmp), today)}
        print(f"signal pages: done after {time.perf_counter() - started:.0f} s", flush=True)
        follow_up["detail"] = follow_up_detail(Path(tmp), today)
        print(f"follow-up: done after {time.perf_counter() - started:.0f} s", flush=True)
    biggest = SIZES[-1]
    base = {
        "flask": bare_flask_page(),
        "xlsx_time": median_time(lambda: raw_openpyxl(biggest), runs=EXPORT_RUNS, warmup=1),
        "xlsx_memory": peak_memory(lambda: raw_openpyxl(biggest)),
    }
    stream = streaming_check()
    logic = {"checks": checks, "page": page}
    text = report(SIZES, by_size, base, stream, logic, time.perf_counter() - started,
                  needs=needs, ranking=scoring, economics=economics, follow_up=follow_up)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
