"""Rules of the implementation plan (guide, section 8; SPEC 3.10).

The plan says how the new method becomes ordinary operations: its full-scale annual cost and
saving, the time frame, all at once or in phases (each phase with the coverage it reaches: the
share of the whole target group covered when the phase is done), who finances which share, who
owns, organises and delivers it, the new context and its obstacles, and when the results after
implementation are compared with the project period (the follow-up date).

``check_plan`` lists what a reader of the plan should see about its consistency, each finding
with a status:

* financing: the shares sum to exactly 100 per cent (what is missing is named);
* the time frame is given and every phase lies within it; the phases follow each other (none
  starts before, or ends before, the phase before it); coverage never falls from one phase to
  the next and the last phase reaches the whole target group; a phased rollout has phases;
* the full-scale cost and saving are compared with the pilot's full-scale estimate
  (``models.domain.economics_analysis.full_scale``) and pointed out when they differ by more than
  ``PILOT_TOLERANCE``; the annual saving per krona of annual cost is shown;
* the follow-up date comes after the end of the rollout;
* what the new method replaces is said.

``checklist_gaps`` gives, per checklist item the plan shows, what is still missing; an item is
done when nothing is.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from models.domain import N_

ALL_AT_ONCE = "all_at_once"
PHASED = "phased"
ROLLOUT_LABELS: Mapping[str, str] = {
    ALL_AT_ONCE: N_("All at once"),
    PHASED: N_("In phases"),
}
FINANCING_KIND_LABELS: Mapping[str, str] = {
    "within_frames": N_("Within existing budget frames"),
    "additional": N_("Additional funding"),
    "mixed": N_("Partly within budget frames, partly additional funding"),
}

#: The guide's example asks for the effects observed after 18 months.
FOLLOW_UP_MONTHS = 18
#: The whole target group.
FULL = Decimal(1)
#: How far (a share of the pilot's figure) the plan's full-scale cost or saving may differ from
#: the pilot's full-scale estimate before the difference is pointed out.
PILOT_TOLERANCE = Decimal("0.25")

OK = "ok"
WARNING = "warning"
PROBLEM = "problem"
#: Something the plan does not say yet.
OPEN = "open"
STATUSES = (OK, WARNING, PROBLEM, OPEN)

#: Kinds of a finding's parameters, so each is shown in the reader's format.
MONEY, SHARE, DATE, RATIO, TEXT, COUNT, MSGID = (
    "money", "share", "date", "ratio", "text", "count", "msgid")

CHECKLIST_CODES = ("evaluation.implementation_plan", "scale_up.responsibility",
                   "scale_up.goals", "scale_up.context", "scale_up.follow_up")


@dataclass(frozen=True)
class Plan:
    """What the rules read of a plan (``models.implementation.ImplementationPlan``)."""

    annual_cost: Decimal | None = None
    annual_saving: Decimal | None = None
    expected_effect: str = ""
    rollout: str = ALL_AT_ONCE
    starts_on: date | None = None
    ends_on: date | None = None
    financing_kind: str | None = None
    replaces: str = ""
    ownership: str = ""
    delivery: str = ""
    organisation: str = ""
    new_context: str = ""
    obstacles: str = ""
    follow_up_date: date | None = None


@dataclass(frozen=True)
class Phase:
    name: str
    starts_on: date | None = None
    ends_on: date | None = None
    #: The share of the whole target group covered when the phase is done.
    coverage: Decimal | None = None


@dataclass(frozen=True)
class Pilot:
    """The pilot's full-scale estimate: its yearly cost and benefit for the whole target group
    and the return per krona over the calculation's years."""

    annual_cost: Decimal
    annual_benefit: Decimal
    return_per_krona: Decimal | None = None


@dataclass(frozen=True)
class Finding:
    """One statement about the plan; ``msgid % params`` is its text once each parameter, given
    as (kind, value), is shown in the reader's format (kinds: ``MONEY``, ``SHARE``, ...)."""

    code: str
    status: str
    msgid: str
    params: Mapping[str, tuple[str, object]] = field(default_factory=dict)


@dataclass(frozen=True)
class FollowUp:
    """A result after implementation: when it was measured and the change found."""

    measured_on: date | None
    after_change: Decimal | None


@dataclass(frozen=True)
class Recorded:
    """What the checklist reads: the plan (None while there is none), the financing shares and
    the results after implementation."""

    plan: Plan | None = None
    shares: tuple[Decimal, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()


# --- Dates ------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def suggested_follow_up(rollout_start: date | None, project_end: date | None) -> date | None:
    """The follow-up date the guide's example suggests: 18 months after the new method is in
    place in ordinary operations — from the rollout's start, or from the project's end while the
    plan has no start."""
    base = rollout_start if rollout_start is not None else project_end
    return add_months(base, FOLLOW_UP_MONTHS) if base is not None else None


def rollout_end(plan: Plan, phases: Sequence[Phase] = ()) -> date | None:
    """When the rollout is complete: the plan's end, else the last end of its phases."""
    if plan.ends_on is not None:
        return plan.ends_on
    ends = [p.ends_on for p in phases if p.ends_on is not None]
    return max(ends) if ends else None


def follow_up_open(follow_up_date: date | None, today: date) -> bool:
    """Whether results after implementation may be entered: from the follow-up date on."""
    return follow_up_date is not None and today >= follow_up_date


# --- Figures ----------------------------------------------------------------------------------


def financing_total(shares: Iterable[Decimal]) -> Decimal:
    return sum(shares, Decimal(0))


def missing_share(shares: Iterable[Decimal]) -> Decimal:
    """The share of the full-scale cost no one finances yet (0 at or above 100 per cent)."""
    return max(Decimal(0), FULL - financing_total(shares))


def room_for(other_shares: Iterable[Decimal]) -> Decimal:
    """The largest share one more actor may take without the total passing 100 per cent."""
    return missing_share(other_shares)


def saving_per_krona(annual_cost: Decimal | None, annual_saving: Decimal | None
                     ) -> Decimal | None:
    """The annual saving per krona of annual cost (two decimals); None without both, or when
    the cost is 0."""
    if annual_cost is None or annual_saving is None or annual_cost == 0:
        return None
    return (annual_saving / annual_cost).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def relative_difference(value: Decimal, reference: Decimal) -> Decimal | None:
    """(value − reference) / reference, to four decimals; None for a reference of 0."""
    if reference == 0:
        return None
    return ((value - reference) / reference).quantize(Decimal("0.0001"),
                                                      rounding=ROUND_HALF_UP)


# --- The consistency panel --------------------------------------------------------------------


def _filled(*texts: str) -> bool:
    return all((text or "").strip() for text in texts)


def _financing(plan: Plan, shares: Sequence[Decimal]) -> list[Finding]:
    found = []
    total = financing_total(shares)
    if not shares:
        found.append(Finding("financing", OPEN, N_(
            "No financing shares yet: say who finances which share of the full-scale cost.")))
    elif total == FULL:
        found.append(Finding("financing", OK, N_(
            "The financing shares add up to 100 per cent.")))
    elif total < FULL:
        found.append(Finding("financing", PROBLEM, N_(
            "The financing shares add up to %(total)s: %(missing)s of the full-scale cost has "
            "no financier yet."), {"total": (SHARE, total), "missing": (SHARE, FULL - total)}))
    else:
        found.append(Finding("financing", PROBLEM, N_(
            "The financing shares add up to %(total)s, more than 100 per cent."),
            {"total": (SHARE, total)}))
    if plan.financing_kind is None:
        found.append(Finding("financing_kind", OPEN, N_(
            "Say whether the implementation is financed within existing budget frames, with "
            "additional funding, or both.")))
    return found


def _time_frame(plan: Plan) -> list[Finding]:
    if plan.starts_on is None or plan.ends_on is None:
        return [Finding("time_frame", OPEN, N_(
            "Give the time frame: when the implementation starts and when it is complete."))]
    return [Finding("time_frame", OK, N_("The implementation runs from %(start)s to %(end)s."),
                    {"start": (DATE, plan.starts_on), "end": (DATE, plan.ends_on)})]


def _phase_params(phase: Phase) -> dict[str, tuple[str, object]]:
    return {"phase": (TEXT, phase.name)}


def _phases(plan: Plan, phases: Sequence[Phase]) -> list[Finding]:
    found: list[Finding] = []
    if plan.rollout == PHASED and not phases:
        return [Finding("phases", PROBLEM, N_(
            "The rollout is planned in phases, but no phase is described."))]
    if plan.rollout == ALL_AT_ONCE and len(phases) > 1:
        found.append(Finding("phases_all_at_once", WARNING, N_(
            "The rollout is planned all at once, yet %(n)s phases are described: plan it in "
            "phases, or keep one phase."), {"n": (COUNT, len(phases))}))
    framed = plan.starts_on is not None and plan.ends_on is not None
    previous: Phase | None = None
    for phase in phases:
        params = _phase_params(phase)
        if phase.starts_on is None or phase.ends_on is None:
            found.append(Finding("phase_dates", WARNING, N_(
                "The phase “%(phase)s” has no start or no end date."), params))
        elif framed and (phase.starts_on < plan.starts_on or phase.ends_on > plan.ends_on):
            found.append(Finding("phase_outside", PROBLEM, N_(
                "The phase “%(phase)s” (%(start)s to %(end)s) lies outside the implementation's "
                "time frame (%(frame_start)s to %(frame_end)s)."),
                {**params, "start": (DATE, phase.starts_on), "end": (DATE, phase.ends_on),
                 "frame_start": (DATE, plan.starts_on), "frame_end": (DATE, plan.ends_on)}))
        if previous is not None:
            found.extend(_after(previous, phase))
        if phase.coverage is None:
            found.append(Finding("phase_coverage", WARNING, N_(
                "The phase “%(phase)s” does not say what coverage it reaches."), params))
        previous = phase
    if phases and phases[-1].coverage is not None and phases[-1].coverage < FULL:
        found.append(Finding("coverage_short", WARNING, N_(
            "The last phase reaches %(coverage)s of the target group, not the whole target "
            "group."), {"coverage": (SHARE, phases[-1].coverage)}))
    if phases and not any(f.status in (WARNING, PROBLEM) for f in found):
        found.append(Finding("phases", OK, N_(
            "The phases follow each other within the time frame, and the last one reaches the "
            "whole target group.") if framed else N_(
            "The phases follow each other, and the last one reaches the whole target group.")))
    return found


def _after(previous: Phase, phase: Phase) -> list[Finding]:
    """Findings on ``phase`` against the phase before it."""
    found = []
    params = {**_phase_params(phase), "previous": (TEXT, previous.name)}
    if phase.starts_on is not None and previous.starts_on is not None \
            and phase.starts_on < previous.starts_on:
        found.append(Finding("phase_order", PROBLEM, N_(
            "The phase “%(phase)s” starts before the phase before it (“%(previous)s”): list "
            "the phases in the order they start."), params))
    elif phase.ends_on is not None and previous.ends_on is not None \
            and phase.ends_on < previous.ends_on:
        found.append(Finding("phase_inside", PROBLEM, N_(
            "The phase “%(phase)s” ends before the phase before it (“%(previous)s”) does, so "
            "it lies within it: say which units each phase adds, one after the other."), params))
    if phase.coverage is not None and previous.coverage is not None \
            and phase.coverage < previous.coverage:
        found.append(Finding("coverage_falls", PROBLEM, N_(
            "The phase “%(phase)s” reaches %(coverage)s of the target group, less than the "
            "phase before it (%(previous_coverage)s): the coverage should grow phase by phase."),
            {**params, "coverage": (SHARE, phase.coverage),
             "previous_coverage": (SHARE, previous.coverage)}))
    return found


def _against_pilot(code: str, value: Decimal | None, pilot_value: Decimal | None,
                   labels: tuple[str, str, str]) -> Finding | None:
    """``labels``: the messages for close to, above and below the pilot's figure."""
    if value is None or pilot_value is None:
        return None
    params = {"plan": (MONEY, value), "pilot": (MONEY, pilot_value)}
    difference = relative_difference(value, pilot_value)
    if difference is None:
        return None
    if abs(difference) <= PILOT_TOLERANCE:
        return Finding(code, OK, labels[0], params)
    msgid = labels[1] if difference > 0 else labels[2]
    return Finding(code, WARNING, msgid, {**params, "difference": (SHARE, abs(difference))})


def _economics(plan: Plan, pilot: Pilot | None, pilot_reason: str | None) -> list[Finding]:
    found: list[Finding] = []
    if plan.annual_cost is None:
        found.append(Finding("annual_cost", OPEN, N_(
            "Give the full-scale annual cost: what offering the method to the whole target "
            "group costs a year, including staff, training, premises and follow-up.")))
    if plan.annual_saving is None:
        found.append(Finding("annual_saving", OPEN, N_(
            "Give the expected annual saving at full scale.")))
    if pilot is None:
        if pilot_reason and (plan.annual_cost is not None or plan.annual_saving is not None):
            found.append(Finding("pilot", OPEN, N_(
                "The pilot's economic calculation gives no full-scale estimate to compare "
                "with. %(reason)s"), {"reason": (MSGID, pilot_reason)}))
        elif plan.annual_cost is not None or plan.annual_saving is not None:
            found.append(Finding("pilot", OPEN, N_(
                "The pilot's economic calculation gives no full-scale estimate to compare "
                "with.")))
    else:
        for finding in (
            _against_pilot("cost_vs_pilot", plan.annual_cost, pilot.annual_cost, (
                N_("The full-scale annual cost (%(plan)s) is close to the pilot's full-scale "
                   "estimate (%(pilot)s)."),
                N_("The full-scale annual cost (%(plan)s) is %(difference)s above the pilot's "
                   "full-scale estimate (%(pilot)s): say what explains the difference in what "
                   "the cost covers."),
                N_("The full-scale annual cost (%(plan)s) is %(difference)s below the pilot's "
                   "full-scale estimate (%(pilot)s): say what explains the difference in what "
                   "the cost covers."))),
            _against_pilot("saving_vs_pilot", plan.annual_saving, pilot.annual_benefit, (
                N_("The expected annual saving (%(plan)s) is close to the pilot's full-scale "
                   "estimate of the avoided costs (%(pilot)s)."),
                N_("The expected annual saving (%(plan)s) is %(difference)s above the pilot's "
                   "full-scale estimate of the avoided costs (%(pilot)s): a saving larger than "
                   "the pilot showed needs a reason."),
                N_("The expected annual saving (%(plan)s) is %(difference)s below the pilot's "
                   "full-scale estimate of the avoided costs (%(pilot)s)."))),
        ):
            if finding is not None:
                found.append(finding)
    ratio = saving_per_krona(plan.annual_cost, plan.annual_saving)
    if ratio is not None:
        params: dict[str, tuple[str, object]] = {"ratio": (RATIO, ratio)}
        if pilot is not None and pilot.return_per_krona is not None:
            params["pilot"] = (RATIO, pilot.return_per_krona)
            msgid = N_("At full scale, each krona a year saves %(ratio)s kronor a year (the "
                       "pilot's full-scale estimate: %(pilot)s kronor back per krona over the "
                       "calculation's years).")
        else:
            msgid = N_("At full scale, each krona a year saves %(ratio)s kronor a year.")
        if ratio >= 1:
            found.append(Finding("saving_per_krona", OK, msgid, params))
        else:
            found.append(Finding("saving_per_krona", WARNING, N_(
                "At full scale, each krona a year saves only %(ratio)s kronor a year: the "
                "method costs more than it saves."), params))
    return found


def _follow_up(plan: Plan, phases: Sequence[Phase]) -> list[Finding]:
    end = rollout_end(plan, phases)
    if plan.follow_up_date is None:
        return [Finding("follow_up", OPEN, N_(
            "Set a follow-up date: when the results after implementation are compared with the "
            "project period (the guide's example: after 18 months)."))]
    params = {"date": (DATE, plan.follow_up_date)}
    if end is None:
        return [Finding("follow_up", OPEN, N_(
            "The results are followed up on %(date)s; give the end of the rollout to check that "
            "the follow-up comes after it."), params)]
    params["end"] = (DATE, end)
    if plan.follow_up_date <= end:
        return [Finding("follow_up", PROBLEM, N_(
            "The follow-up date (%(date)s) is not after the end of the rollout (%(end)s): the "
            "results after implementation can be followed up only once it is complete."),
            params)]
    return [Finding("follow_up", OK, N_(
        "The results are followed up on %(date)s, after the rollout ends (%(end)s)."), params)]


def _replaces(plan: Plan) -> list[Finding]:
    if _filled(plan.replaces):
        return [Finding("replaces", OK, N_(
            "The plan says what the new method replaces in ordinary operations."))]
    return [Finding("replaces", OPEN, N_(
        "Say what the new method replaces in ordinary operations: new tasks added without "
        "removing any make the system inefficient in the long run."))]


def check_plan(plan: Plan, phases: Sequence[Phase] = (), shares: Sequence[Decimal] = (), *,
               pilot: Pilot | None = None, pilot_reason: str | None = None
               ) -> tuple[Finding, ...]:
    """The consistency panel of ``plan``: financing, time frame, phases, economics against the
    pilot, follow-up date and what it replaces, in that order. ``phases`` in the plan's order;
    ``pilot`` is the pilot's full-scale estimate, or None with ``pilot_reason`` (a msgid) saying
    why there is none."""
    return (*_financing(plan, shares), *_time_frame(plan), *_phases(plan, phases),
            *_economics(plan, pilot, pilot_reason), *_follow_up(plan, phases),
            *_replaces(plan))


def worst(findings: Iterable[Finding]) -> str:
    """The most serious status among ``findings`` (``OK`` for none)."""
    order = (PROBLEM, WARNING, OPEN, OK)
    statuses = {f.status for f in findings}
    return next((status for status in order if status in statuses), OK)


# --- Checklist --------------------------------------------------------------------------------


def checklist_gaps(recorded: Recorded) -> dict[str, list[str]]:
    """Per checklist item the plan shows (``CHECKLIST_CODES``), what is still missing (msgids);
    an item with no gap is done."""
    plan = recorded.plan
    if plan is None:
        none = N_("There is no implementation plan yet.")
        return {code: [none] for code in CHECKLIST_CODES}
    financed = financing_total(recorded.shares) == FULL
    financing_gap = N_("The financing shares do not add up to 100 per cent.")
    gaps: dict[str, list[str]] = {code: [] for code in CHECKLIST_CODES}

    def need(code: str, present: bool, msgid: str) -> None:
        if not present:
            gaps[code].append(msgid)

    need("evaluation.implementation_plan", plan.annual_cost is not None,
         N_("The full-scale annual cost is not given."))
    need("evaluation.implementation_plan", financed, financing_gap)
    need("evaluation.implementation_plan", _filled(plan.ownership),
         N_("The ownership is not described."))
    need("scale_up.responsibility", _filled(plan.ownership),
         N_("The ownership is not described."))
    need("scale_up.responsibility", _filled(plan.organisation),
         N_("The organisation is not described."))
    need("scale_up.responsibility", financed, financing_gap)
    need("scale_up.responsibility", _filled(plan.delivery),
         N_("Who delivers the method is not described."))
    need("scale_up.goals", plan.starts_on is not None and plan.ends_on is not None,
         N_("The time frame (start and end) is not given."))
    need("scale_up.goals", _filled(plan.expected_effect),
         N_("The expected effect is not described."))
    need("scale_up.context", _filled(plan.new_context),
         N_("The new context is not described."))
    need("scale_up.context", _filled(plan.obstacles),
         N_("The plan for obstacles is not described."))
    need("scale_up.follow_up", plan.follow_up_date is not None,
         N_("There is no follow-up date."))
    if plan.follow_up_date is not None:
        need("scale_up.follow_up", any(
            f.after_change is not None and f.measured_on is not None
            and f.measured_on >= plan.follow_up_date for f in recorded.follow_ups),
            N_("No result measured on or after the follow-up date is entered."))
    return gaps


def checklist_facts(recorded: Recorded) -> dict[str, bool]:
    """The checklist items the plan shows: done when ``checklist_gaps`` finds nothing missing."""
    return {code: not missing for code, missing in checklist_gaps(recorded).items()}


__all__ = [
    "ALL_AT_ONCE", "CHECKLIST_CODES", "FINANCING_KIND_LABELS", "FOLLOW_UP_MONTHS", "FULL",
    "Finding", "FollowUp", "OK", "OPEN", "PHASED", "PILOT_TOLERANCE", "PROBLEM", "Phase",
    "Pilot", "Plan", "ROLLOUT_LABELS", "Recorded", "STATUSES", "WARNING", "add_months",
    "check_plan", "checklist_facts", "checklist_gaps", "financing_total", "follow_up_open",
    "missing_share", "relative_difference", "rollout_end", "room_for", "saving_per_krona",
    "suggested_follow_up", "worst",
]
