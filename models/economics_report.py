"""A project's economic calculation with everything shown beside it: the sensitivity analysis,
the honesty checks, the full-scale estimate and the last Monte Carlo run.

One place assembles it for the calculation and sensitivity pages, the Excel sheets and the
exchange format, so they always show the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from models import costs
from models.costs import ProjectCosts
from models.domain import economics as ec
from models.domain import economics_analysis as ea
from models.project import Project


@dataclass(frozen=True)
class MonteCarloRun:
    """A stored Monte Carlo run, read back; ``current`` when it was run on today's inputs and
    today's ranges, seed and number of draws."""

    seed: int
    draws: int
    ranges: Mapping[str, tuple[Decimal, Decimal, Decimal]]
    probability_above_one: Decimal | None
    p5: Decimal | None
    p50: Decimal | None
    p95: Decimal | None
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    histogram: tuple[tuple[Decimal, Decimal, int], ...]
    undefined: int
    reason: str | None
    run_at: datetime | None
    current: bool


@dataclass(frozen=True)
class EconomicsReport:
    costs: ProjectCosts
    inputs: ec.EconomicsInputs
    #: None when the stored figures cannot be calculated (``error`` says why).
    result: ec.Economics | None
    error: ec.EconomicsError | None
    factor: Decimal
    tornado: tuple[ec.TornadoBar, ...]
    break_even: tuple[Decimal | None, str | None]
    #: The smallest effect (as a fraction, unsigned) giving a return of 1, when the expected
    #: effect is known.
    break_even_effect: Decimal | None
    switching: Mapping[str, tuple[Decimal | None, str | None]]
    checks: tuple[ea.Check, ...]
    full_scale: ea.FullScale | str | None
    monte_carlo: MonteCarloRun | None
    #: The comparison design's suggested attribution (the evaluation plan's design).
    trust: ea.Suggestion


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def monte_carlo_document(result: ea.MonteCarlo) -> dict[str, Any]:
    """A run as stored (JSON): decimals as strings. The fingerprint of its inputs is kept
    beside it (``ProjectEconomics.mc_fingerprint``)."""
    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "seed": result.seed, "draws": result.draws,
        "ranges": {name: [str(v) for v in triangle] for name, triangle in result.ranges.items()},
        "probability_above_one": text(result.probability_above_one),
        "p5": text(result.p5), "p50": text(result.p50), "p95": text(result.p95),
        "mean": text(result.mean), "minimum": text(result.minimum),
        "maximum": text(result.maximum),
        "histogram": [[str(b.low), str(b.high), b.count] for b in result.histogram],
        "undefined": result.undefined, "reason": result.reason,
    }


def settings_ranges(costs_: ProjectCosts) -> dict[str, list[str]]:
    settings = costs_.settings
    return dict(settings.mc_ranges) if settings is not None and settings.mc_ranges else {}


def _stored_run(costs_: ProjectCosts, fingerprint: str) -> MonteCarloRun | None:
    settings = costs_.settings
    if settings is None or not settings.mc_result:
        return None
    doc = settings.mc_result
    ranges = {name: tuple(Decimal(v) for v in values)
              for name, values in (doc.get("ranges") or {}).items()}
    wanted = {name: tuple(Decimal(v) for v in values)
              for name, values in settings_ranges(costs_).items()}
    current = (settings.mc_fingerprint == fingerprint
               and doc.get("seed") == settings.mc_seed and doc.get("draws") == settings.mc_draws
               and ranges == wanted)
    return MonteCarloRun(
        seed=doc["seed"], draws=doc["draws"], ranges=ranges,
        probability_above_one=_dec(doc.get("probability_above_one")),
        p5=_dec(doc.get("p5")), p50=_dec(doc.get("p50")), p95=_dec(doc.get("p95")),
        mean=_dec(doc.get("mean")), minimum=_dec(doc.get("minimum")),
        maximum=_dec(doc.get("maximum")),
        histogram=tuple((Decimal(low), Decimal(high), int(count))
                        for low, high, count in doc.get("histogram") or ()),
        undefined=int(doc.get("undefined") or 0), reason=doc.get("reason"),
        run_at=settings.mc_run_at, current=current)


def economics_report(session: Session, project: Project, *,
                     labels: Mapping[str, str] | None = None,
                     effects: Mapping[int, Decimal] | None = None) -> EconomicsReport:
    """Everything the calculation and sensitivity pages show (a few queries, no writes).
    ``labels`` names benefit lines in the honesty checks (default: their keys). ``effects``
    (indicator id → observed effect on a share) recomputes it with observed effects in place of
    the expected ones (``models.costs.project_costs``); a stored Monte Carlo run counts as current
    only when it was run on the same inputs."""
    loaded = costs.project_costs(session, project, effects=effects)
    return report_for(loaded, labels=labels)


def report_for(loaded: ProjectCosts, *,
               labels: Mapping[str, str] | None = None) -> EconomicsReport:
    inputs = loaded.inputs()
    fingerprint = ea.inputs_fingerprint(inputs)
    comparison = loaded.plan.comparison if loaded.plan is not None else None
    trust = ea.trust_suggestion(comparison)
    run = _stored_run(loaded, fingerprint)
    factor = loaded.sensitivity_factor
    try:
        result = ec.calculate(inputs)
    except ec.EconomicsError as error:
        return EconomicsReport(loaded, inputs, None, error, factor, (), (None, None), None, {},
                               (), None, run, trust)
    tornado = ec.one_way(inputs, factor)
    break_even = ec.break_even_factor(inputs)
    effect = loaded.calculation_effect
    break_even_effect = (abs(effect) * break_even[0]
                         if effect is not None and break_even[0] is not None else None)
    evidence = {line.key: line.evidence_years for line in loaded.benefits}
    checks = ea.honesty_checks(inputs, result, sensitivity_current=bool(run and run.current),
                               evidence_years=evidence, factor=factor, labels=labels)
    project = loaded.project
    full = ea.full_scale(inputs, result, pilot_participants=loaded.participants,
                         target_size=project.size_total)
    return EconomicsReport(
        costs=loaded, inputs=inputs, result=result, error=None, factor=factor, tornado=tornado,
        break_even=break_even, break_even_effect=break_even_effect,
        switching=ec.switching_values(inputs), checks=checks, full_scale=full,
        monte_carlo=run, trust=trust)


def run_monte_carlo(session: Session, project: Project) -> ea.MonteCarlo:
    """Run the simulation with the project's ranges, seed and draws and keep its summary.
    Raises ``EconomicsError`` for bad ranges (naming the field)."""
    loaded = costs.project_costs(session, project)
    settings = loaded.settings or costs.get_or_create_settings(session, project)
    inputs = loaded.inputs()
    result = ea.monte_carlo(inputs, settings.mc_ranges or {}, draws=settings.mc_draws,
                            seed=settings.mc_seed)
    costs.store_monte_carlo_result(session, project, monte_carlo_document(result),
                                   result.fingerprint)
    return result


def check_text(check: ea.Check, translate: Callable[[str], str]) -> str:
    """A check's message in the user's language."""
    message = translate(check.msgid)
    return message % dict(check.params) if check.params else message


__all__ = ["EconomicsReport", "MonteCarloRun", "check_text", "economics_report",
           "monte_carlo_document", "report_for", "run_monte_carlo", "settings_ranges"]
