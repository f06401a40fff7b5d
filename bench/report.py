"""Format the benchmark figures as a markdown report with machine info and the date."""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Sequence
from datetime import datetime


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def mib(size: float) -> str:
    return f"{size / 2**20:.1f} MiB"


def report(
    sizes: Sequence[int],
    by_size: dict[int, dict[str, float]],
    base: dict[str, float],
    stream: dict[str, float],
    elapsed: float,
) -> str:
    """Return the results as markdown."""
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
    return "\n".join(lines)
