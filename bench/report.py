"""Format the benchmark figures as a markdown report with machine info and the date."""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def mib(size: float) -> str:
    return f"{size / 2**20:.1f} MiB"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs"


def number(value: float) -> str:
    """A whole number with a space between thousands (10 000)."""
    return f"{int(value):,}".replace(",", " ")


def report(
    sizes: Sequence[int],
    by_size: dict[int, dict[str, float]],
    base: dict[str, float],
    stream: dict[str, float],
    logic: dict[str, Any],
    elapsed: float,
    *,
    needs: dict[str, Any] | None = None,
    ranking: dict[str, Any] | None = None,
    economics: dict[str, Any] | None = None,
    follow_up: dict[str, Any] | None = None,
) -> str:
    """Return the results as markdown; the needs-analysis section only when ``needs`` is given,
    the steering-group ranking only when ``ranking`` is, the follow-up and signals only when
    ``follow_up`` is."""
    big = by_size[sizes[-1]]

    def row(
        label: str,
        key: str,
        fmt: Callable[[float], str],
        baseline: float | None,
        baseline_text: str,
    ) -> str:
        cells = [fmt(by_size[n][key]) for n in sizes]
        ratio = f"{big[key] / baseline:.1f}×" if baseline else "–"
        return f"| {label} | " + " | ".join(cells) + f" | {baseline_text} | {ratio} |"

    def count(value: float) -> str:
        return str(int(value))

    first = by_size[sizes[0]]
    lines = [
        "# Benchmark results",
        "",
        f"Run on {datetime.now().strftime('%Y-%m-%d %H:%M')} with Python "
        f"{platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; SQLite, in-process Flask test client; whole run "
        f"{elapsed:.0f} s.",
        "",
        "Times are medians after warm-up; memory is the tracemalloc peak of Python allocations. "
        f"The ratio compares the n={sizes[-1]} figure with its baseline.",
        "",
        "| figure | " + " | ".join(f"n={n}" for n in sizes) + " | baseline | ratio |",
        "|---|" + "---:|" * (len(sizes) + 2),
        row(
            "GET /projects/ (portfolio page)",
            "portfolio_page",
            ms,
            base["flask"],
            f"{ms(base['flask'])} bare Flask page",
        ),
        row(
            "GET /projects/&lt;id&gt; (project page)",
            "project_page",
            ms,
            base["flask"],
            f"{ms(base['flask'])} bare Flask page",
        ),
        row(
            "SQL queries, portfolio page",
            "portfolio_queries",
            count,
            first["portfolio_queries"],
            f"{int(first['portfolio_queries'])} at n={sizes[0]}",
        ),
        row(
            "SQL queries, project page",
            "project_queries",
            count,
            first["project_queries"],
            f"{int(first['project_queries'])} at n={sizes[0]}",
        ),
        row(
            "Excel export time (query + workbook)",
            "excel_time",
            ms,
            base["xlsx_time"],
            f"{ms(base['xlsx_time'])} raw openpyxl, same cells",
        ),
        row(
            "Excel export peak memory",
            "excel_memory",
            mib,
            base["xlsx_memory"],
            f"{mib(base['xlsx_memory'])} raw openpyxl, same cells",
        ),
        row(
            "JSON export time (document + file)",
            "json_time",
            ms,
            big["json_dumps_time"],
            f"{ms(big['json_dumps_time'])} json.dumps of the document",
        ),
        row(
            "JSON export peak memory",
            "json_memory",
            mib,
            big["json_dumps_memory"],
            f"{mib(big['json_dumps_memory'])} json.dumps of the document",
        ),
        "",
        "## Streaming check (no database, synthetic rows)",
        "",
        "| figure | 1 000 rows | 10 000 rows | raw openpyxl, 10 000 rows | ratio |",
        "|---|---:|---:|---:|---:|",
        f"| portfolio workbook time | {ms(stream['time_1000'])} | "
        f"{ms(stream['time_10000'])} | {ms(stream['raw_time'])} | "
        f"{stream['time_10000'] / stream['raw_time']:.1f}× |",
        f"| portfolio workbook peak memory | {mib(stream['memory_1000'])} | "
        f"{mib(stream['memory_10000'])} | {mib(stream['raw_memory'])} | "
        f"{stream['memory_10000'] / stream['raw_memory']:.1f}× |",
        "",
        "The write-only workbook keeps no rows as cells: its memory grows only with the finished "
        "file held for the response. SQL queries are counted per request with a "
        "`before_cursor_execute` listener; SQLAlchemy's selectinload sends one IN query per 500 "
        "parent rows, so a page over more than 500 projects takes one more query per eager-loaded "
        "collection, not one per project.",
        "",
    ]
    lines += logic_lines(logic["checks"], logic["page"], base["flask"])
    if needs is not None:
        lines += needs_lines(needs)
    if ranking is not None:
        lines += ranking_lines(ranking)
    if economics is not None:
        lines += economics_lines(economics)
    if follow_up is not None:
        lines += follow_up_lines(follow_up, base["flask"])
    return "\n".join(lines)


def logic_lines(
    checks: dict[int, dict[str, float]], page: dict[str, float] | None, flask: float
) -> list[str]:
    """Return the logic-model section: the checks by model size, and the logic-model page."""
    sizes = list(checks)
    first = checks[sizes[0]]

    def cells(value: Callable[[int], str]) -> str:
        return " | ".join(value(n) for n in sizes)

    def per_link(n: int) -> float:
        return checks[n]["time"] / checks[n]["links"]

    def paused_per_link(n: int) -> float:
        return checks[n]["time_no_gc"] / checks[n]["links"]

    def spread(value: Callable[[int], float]) -> str:
        ratios = [value(n) / value(sizes[0]) for n in sizes]
        return f"{min(ratios):.1f}× to {max(ratios):.1f}×"

    worst = max(paused_per_link(n) / paused_per_link(sizes[0]) for n in sizes)
    growth = (
        f"While the links grow {checks[sizes[-1]]['links'] / first['links']:.0f}-fold, the time "
        f"per link stays within {spread(paused_per_link)} of the smallest model's with Python's "
        f"cyclic garbage collector paused, and within {spread(per_link)} with it running (the "
        "collector's full collections walk every object of the process, so they weigh more on a "
        "big model). "
        + ("The checks themselves grow about linearly with the number of links."
           if worst <= 2 else "The checks grow faster than the number of links.")
    )
    lines = [
        "## Logic model",
        "",
        "`check` on generated layered models (no database): a quarter of the elements on each "
        "level, about 1.5 links per element, indicators on three in four activities, outcomes "
        "and goals, and per 100 elements an isolated activity, a backward link, a link that "
        "skips a level and a duplicate text. Unlike above, the times are the fastest of "
        f"{int(first['rounds'])} rounds in which the sizes take turns: a check takes "
        "milliseconds, and the fastest run is the one least disturbed by other work on the "
        "machine. " + growth,
        "",
        "| figure | " + cells(lambda n: f"{number(n)} elements") + " |",
        "|---|" + "---:|" * len(sizes),
        "| links | " + cells(lambda n: number(checks[n]["links"])) + " |",
        f"| links, ratio to {number(sizes[0])} elements | "
        + cells(lambda n: f"{checks[n]['links'] / first['links']:.1f}×")
        + " |",
        "| findings (errors) | "
        + cells(lambda n: f"{number(checks[n]['findings'])} ({number(checks[n]['errors'])})")
        + " |",
        "| check time per model | " + cells(lambda n: ms(checks[n]["time"])) + " |",
        f"| check time, ratio to {number(sizes[0])} elements | "
        + cells(lambda n: f"{checks[n]['time'] / first['time']:.1f}×")
        + " |",
        "| time per link | " + cells(lambda n: us(per_link(n))) + " |",
        f"| time per link, ratio to {number(sizes[0])} elements | "
        + cells(lambda n: f"{per_link(n) / per_link(sizes[0]):.1f}×")
        + " |",
        "| check time per model, garbage collector paused | "
        + cells(lambda n: ms(checks[n]["time_no_gc"]))
        + " |",
        "| time per link, garbage collector paused | "
        + cells(lambda n: us(paused_per_link(n)))
        + " |",
        f"| time per link, garbage collector paused, ratio to {number(sizes[0])} elements | "
        + cells(lambda n: f"{paused_per_link(n) / paused_per_link(sizes[0]):.1f}×")
        + " |",
        "",
    ]
    if page is None:
        lines += [
            "GET /projects/&lt;id&gt;/logic-model: not measured, the application has no such "
            "route yet.",
            "",
        ]
        return lines
    model = (
        f"{number(page['elements'])} elements, {number(page['links'])} links, "
        f"{number(page['indicators'])} indicators, {number(page['findings'])} findings"
    )
    lines += [
        f"The logic-model page of a project whose model has {model}.",
        "",
        "| figure | time | baseline | ratio |",
        "|---|---:|---:|---:|",
        f"| GET /projects/&lt;id&gt;/logic-model | {ms(page['page'])} | "
        f"{ms(flask)} bare Flask page | {page['page'] / flask:.1f}× |",
        f"| GET /projects/&lt;id&gt;/logic-model?focus=&lt;key&gt; (chains of one element) | "
        f"{ms(page['focus_page'])} | {ms(flask)} bare Flask page | "
        f"{page['focus_page'] / flask:.1f}× |",
        f"| SQL queries, logic-model page | {int(page['queries'])} | – | – |",
        "",
    ]
    return lines


def needs_lines(needs: dict[str, Any]) -> list[str]:
    """Return the needs-analysis section: the flow analysis and the socio-economic index."""
    flows = needs["flows"]
    index = needs["ses"]
    first, last = flows[0], flows[-1]

    def per_event(figures: dict[str, float]) -> float:
        return figures["time"] / figures["events"]

    def paused_per_event(figures: dict[str, float]) -> float:
        return figures["time_no_gc"] / figures["events"]

    growth = per_event(last) / per_event(first)
    paused_growth = paused_per_event(last) / paused_per_event(first)
    sort_growth = (last["sort_time"] / last["events"]) / (first["sort_time"] / first["events"])
    lines = [
        "## Needs analysis",
        "",
        "`analyse_flows` on generated pseudonymised placement events (no database): people with "
        "one or more events, about five on average, of all five kinds, a fifth with open care; "
        "`compute_ses` on generated areas with the four variables and an outcome. As for the "
        "logic-model checks, times are the fastest of at least five runs after warm-up. The flow "
        "analysis sorts each person's events once and reads them "
        f"in one pass: from {number(first['events'])} to {number(last['events'])} events the "
        f"time per event changes {growth:.1f}-fold with Python's cyclic garbage collector "
        f"running and {paused_growth:.1f}-fold with it paused (its full collections walk every "
        "object of the process, and 100 000 events are many objects); the plain sort's time per "
        f"event changes {sort_growth:.1f}-fold. The index is computed with exact fractions and "
        "rounded once; the baseline scales the same values in float.",
        "",
        "| figure | size | time | per item | time, garbage collector paused | peak memory | "
        "baseline | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for figures in flows:
        lines.append(
            f"| flow analysis (`analyse_flows`) | {number(figures['events'])} events, "
            f"{number(figures['people'])} people, {number(figures['replacements'])} "
            f"re-placements | {ms(figures['time'])} | {us(per_event(figures))} per event | "
            f"{ms(figures['time_no_gc'])} ({us(paused_per_event(figures))} per event) | "
            f"{mib(figures['memory'])} | {ms(figures['sort_time'])} sorting the events by person "
            f"and day | {figures['time'] / figures['sort_time']:.1f}× |"
        )
    lines += [
        f"| socio-economic index (`compute_ses`) | {number(index['areas'])} areas | "
        f"{ms(index['time'])} | {us(index['time'] / index['areas'])} per area | – | – | "
        f"{ms(index['float_time'])} float min–max of the same values | "
        f"{index['time'] / index['float_time']:.1f}× |",
        "",
    ]
    return lines


def ranking_lines(ranking: dict[str, Any]) -> list[str]:
    """Return the steering-group ranking section: one ranking of generated scores."""
    size = (
        f"{number(ranking['proposals'])} proposals × {ranking['criteria']} criteria × "
        f"{ranking['raters']} raters"
    )
    found = (
        f"{number(ranking['ranked'])} ranked ({number(ranking['above'])} within the money), "
        f"{number(ranking['incomplete'])} with scores missing, "
        f"{number(ranking['failing'])} failing a must-criterion"
    )
    per_score = ranking["time"] / ranking["scores"]
    return [
        "## Steering-group ranking",
        "",
        f"`rank_proposals` on generated, shuffled scores (no database): {ranking['criteria'] - 1} "
        "weighted criteria and one must-criterion, every rater scoring every proposal but for "
        "one score in two thousand, one proposal in forty failing the must-criterion, and the "
        f"ranking walked against {number(ranking['available'])} kr of available money. Each "
        "ranking computes the exact weighted score, the "
        "contributions, the spread between raters, the comparison with the other proposals, the "
        "cut line and the explanations. As for the needs analysis, times are the fastest of at "
        "least five runs after warm-up; the baseline is the float weighted mean of the same "
        "scores per proposal, sorted, and nothing else.",
        "",
        "| figure | size | time per ranking | per score | time, garbage collector paused | "
        "peak memory | baseline | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| ranking (`rank_proposals`) | {size}: {number(ranking['scores'])} scores; {found} | "
        f"{ms(ranking['time'])} | {us(per_score)} | {ms(ranking['time_no_gc'])} | "
        f"{mib(ranking['memory'])} | {ms(ranking['float_time'])} float weighted mean and sort | "
        f"{ranking['time'] / ranking['float_time']:.1f}× |",
        "",
    ] + _ranking_page_lines(ranking, size)


def economics_lines(economics: dict[str, Any]) -> list[str]:
    """Return the economics section: the calculation and its sensitivity analysis."""
    size = (f"{economics['budget']} budget lines, {economics['benefits']} benefit lines, "
            f"{economics['years']} years")
    return [
        "## Economic calculation",
        "",
        f"Generated inputs (no database): {size}, 40 unit costs partly restated by a price index, "
        "every benefit line with deadweight, attribution and drop-off. The calculation is exact "
        "Decimal arithmetic at 50 digits with per-year and per-actor tables; the one-way analysis "
        "recalculates eight variants, the switching values search the discount rate by "
        "bisection and the duration by whole years. Monte Carlo draws people, unit costs, "
        "duration and the discount rate from triangular ranges with a fixed seed. Times are the "
        "fastest of at least five runs after warm-up; the baseline is the return per krona in "
        f"plain floats ({economics['float_return']:.4f}; the exact return is "
        f"{economics['return']:.4f}).",
        "",
        "| figure | size | time | peak memory | baseline | ratio |",
        "|---|---:|---:|---:|---:|---:|",
        f"| calculation (`calculate`) | {size} | {ms(economics['calculate'])} | "
        f"{mib(economics['calculate_memory'])} | {ms(economics['float_time'])} float return | "
        f"{economics['calculate'] / economics['float_time']:.1f}× |",
        f"| one-way sensitivity (`one_way`, ±25 %) | {size} | {ms(economics['one_way'])} | – | "
        "– | – |",
        f"| switching values | {size} | {ms(economics['switching'])} | – | – | – |",
        f"| Monte Carlo (`monte_carlo`) | {number(economics['draws'])} draws on {size}; "
        f"P(return > 1) = {economics['probability']:.3f} | {ms(economics['monte_carlo'])} | "
        f"{mib(economics['monte_carlo_memory'])} | "
        f"{ms(economics['float_time'] * economics['draws'])} = {number(economics['draws'])} "
        "float returns | "
        f"{economics['monte_carlo'] / (economics['float_time'] * economics['draws']):.2f}× |",
        "",
    ]


def _ranking_page_lines(ranking: dict[str, Any], size: str) -> list[str]:
    page = ranking.get("page")
    if not page:
        return []
    return [
        f"The ranking page (`GET /funds/<id>/ranking`, the coordinator logged in) for the same "
        f"{size}, every rater having submitted, loads the scores from SQLite, ranks them and "
        "renders every proposal with its explanation and per-criterion details: "
        f"{ms(page['time'])} median, {page['queries']} database queries, "
        f"{number(page['bytes'] // 1024)} KiB of HTML.",
        "",
    ]


def kib(size: float) -> str:
    return f"{number(size / 1024)} KiB"


def follow_up_lines(follow_up: dict[str, Any], flask: float) -> list[str]:
    """Return the follow-up section: the signal page of portfolios whose running initiatives
    all have follow-up data, and the follow-up of one initiative with a lot of data."""
    pages: dict[int, dict[str, float]] = follow_up["signals"]
    sizes = list(pages)
    first, big = pages[sizes[0]], pages[sizes[-1]]

    def cells(value: Callable[[dict[str, float]], str]) -> str:
        return " | ".join(value(pages[n]) for n in sizes)

    queries = [int(pages[n]["queries"]) for n in sizes]
    growth = (
        "The number of SQL queries is the same for every size."
        if len(set(queries)) == 1 else
        f"The number of SQL queries goes from {queries[0]} to {queries[-1]}, not one per "
        "initiative: each signal source loads its facts for all running initiatives at once, "
        "but the eager loading of the logic models (elements, then their indicators and links) "
        "sends one IN query per 500 parent rows, so three more queries for every further 500 "
        "logic elements, and the sum of the budget lines is read only when some initiative has "
        "no money allocated."
    )
    lines = [
        "## Follow-up and signals",
        "",
        "The steering group's signal page (`GET /portfolio/signals`, the coordinator logged in) "
        "of portfolios generated as above, each in its own database in which every running "
        "initiative (approved, running, in evaluation or in implementation) has follow-up data "
        "up to today: a logic model of five elements with four indicators reported quarterly "
        "over the last three years with planned and actual values (one behind plan in the "
        "latest quarter), three drop-outs (one flagged as possible harm and not investigated), "
        "check-ins every six months held as planned with a decision each, and a stop criterion "
        "on an indicator and one on the budget, neither met. " + growth,
        "",
        "| figure | " + " | ".join(f"n={n}" for n in sizes) + " | baseline | ratio |",
        "|---|" + "---:|" * (len(sizes) + 2),
        "| running initiatives with follow-up data | "
        + cells(lambda f: number(f["initiatives"])) + " | – | – |",
        "| indicator values (drop-outs, check-ins held) | "
        + cells(lambda f: f"{number(f['values'])} ({number(f['drop_outs'])}, "
                          f"{number(f['check_ins'])})") + " | – | – |",
        "| signals shown (initiatives with signals) | "
        + cells(lambda f: f"{number(f['signals'])} ({number(f['flagged'])})") + " | – | – |",
        "| GET /portfolio/signals (signal page) | " + cells(lambda f: ms(f["time"]))
        + f" | {ms(flask)} bare Flask page | {big['time'] / flask:.1f}× |",
        "| SQL queries, signal page | " + cells(lambda f: str(int(f["queries"])))
        + f" | {int(first['queries'])} at n={sizes[0]} | "
        f"{big['queries'] / first['queries']:.1f}× |",
        "| HTML of the signal page | " + cells(lambda f: kib(f["bytes"])) + " | – | – |",
        "",
    ]
    detail = follow_up.get("detail")
    if not detail:
        return lines
    year, half = detail["half_year"]
    data = (
        f"{detail['indicators']} indicators ({detail['process']} process measures on the "
        f"activities, {detail['indicators'] - detail['process']} outcome indicators) reported "
        f"monthly over the last {detail['months']} "
        f"months, each month with the total and {detail['categories']} breakdown categories "
        f"(weekday and trainer): {number(detail['values'])} values with planned and actual"
    )
    lines += [
        "The follow-up of one running initiative with a lot of data, in a portfolio of 10 "
        f"projects: {data}, one behind plan in the latest month; besides, "
        f"{number(detail['resources'])} entries of hours (three competences on each activity "
        f"every month), {number(detail['flows'])} participant counts (each month and risk "
        f"profile), {number(detail['drop_outs'])} drop-outs and {number(detail['check_ins'])} "
        "check-ins held. `follow_up_report` runs in a fresh session and loads the initiative, "
        "as a request does; its baseline reads the same values as plain rows and nothing else. "
        f"The half-yearly report is that of the last completed half-year ({year}, half {half}). "
        f"The follow-up page's time is the median of {detail['page_runs']} runs after a "
        "warm-up, as one request takes seconds.",
        "",
        "| figure | time | SQL queries | peak memory | HTML | baseline | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| `follow_up_report` ({number(detail['values'])} values) | "
        f"{ms(detail['report_time'])} | {int(detail['report_queries'])} | "
        f"{mib(detail['report_memory'])} | – | {ms(detail['rows_time'])} "
        f"({mib(detail['rows_memory'])}) reading the {number(detail['values'])} value rows | "
        f"{detail['report_time'] / detail['rows_time']:.1f}× |",
        f"| GET /projects/&lt;id&gt;/follow-up | {ms(detail['page_time'])} | "
        f"{int(detail['page_queries'])} | {mib(detail['page_memory'])} | "
        f"{kib(detail['page_bytes'])} | {ms(flask)} bare Flask page | "
        f"{detail['page_time'] / flask:.1f}× |",
        f"| GET /projects/&lt;id&gt;/half-year-report | {ms(detail['half_year_time'])} | "
        f"{int(detail['half_year_queries'])} | {mib(detail['half_year_memory'])} | "
        f"{kib(detail['half_year_bytes'])} | {ms(flask)} bare Flask page | "
        f"{detail['half_year_time'] / flask:.1f}× |",
        "",
    ]
    return lines
