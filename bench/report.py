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
) -> str:
    """Return the results as markdown; the needs-analysis section only when ``needs`` is given,
    the steering-group ranking only when ``ranking`` is."""
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
