"""Seed a realistic portfolio of ``n`` projects straight into a migrated database (fast)."""

from __future__ import annotations

import json
import random
import secrets
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

from sqlalchemy import Engine, bindparam, func, insert, select
from sqlalchemy.orm import Session

from models import (
    AuditEntry,
    ChecklistConfirmation,
    Criterion,
    Department,
    Fund,
    LedgerEntry,
    Organisation,
    Project,
    ProjectMember,
    Score,
    ScoreSubmission,
    StageChange,
    User,
)
from models.demo import DEPARTMENTS as DEMO_DEPARTMENTS
from models.design import PlannedCheckIn, ReportingPlan, StopCriterion
from models.domain import economics, flows, ranking, ses
from models.domain import logic as lm
from models.domain.balance import RUNNING_STAGES
from models.domain.checklist import ITEMS
from models.domain.governance import add_months
from models.domain.labels import LIFE_STAGE_LABELS
from models.domain.stages import PATH
from models.follow_up import (
    RISK_PROFILES,
    CheckIn,
    CheckInDecision,
    DropOut,
    IndicatorReporting,
    IndicatorValue,
    ParticipantFlow,
    ResourceUse,
)
from models.logic_model import LogicElement, LogicIndicator, LogicLink, LogicModel
from models.project import project_department
from models.users import hash_password

COORDINATOR = "coordinator@bench.example.se"
#: A fresh password per run: the bench database is temporary and never shared.
PASSWORD = secrets.token_urlsafe(16)

DEPARTMENTS = DEMO_DEPARTMENTS + (
    ("sbf", "Samhällsbyggnadsförvaltningen"),
    ("amf", "Arbetsmarknadsförvaltningen"),
    ("mhf", "Miljö- och hälsoskyddsförvaltningen"),
)
WORDS = (
    "Tidiga insatser för familjer i",
    "Fallprevention för äldre i",
    "Läsfrämjande förskola i",
    "Minskad skolfrånvaro i",
    "Föräldrastöd i",
    "Unga till arbete i",
    "Trygg hemgång i",
    "Fritid för alla i",
)
PLACES = ("Norrby", "Söderåsen", "Centrum", "Östermalm", "Västra hamnen", "Kvarnbacken")
CONFIRMABLE = [item.code for item in ITEMS if not item.derived]
STAGES = PATH + ("rejected", "stopped")
STAGE_WEIGHTS = (20, 20, 10, 10, 20, 8, 4, 4, 2, 2)


def _history(stage: str, start: datetime) -> list[tuple[str, str, datetime]]:
    target = stage if stage in PATH else ("proposal" if stage == "rejected" else "running")
    steps = PATH[: PATH.index(target) + 1]
    changes = [(a, b, start + timedelta(days=40 * i)) for i, (a, b) in enumerate(pairwise(steps))]
    if stage not in PATH:
        changes.append((target, stage, start + timedelta(days=40 * len(steps))))
    return changes


def seed(engine: Engine, n: int, *, seed_value: int = 1) -> None:
    """Fill an empty, migrated database with ``n`` projects and what surrounds them."""
    rng = random.Random(seed_value + n)
    password_hash = hash_password(PASSWORD)
    n_users = 12 + n // 10
    users = [
        {
            "id": i,
            "email": f"user{i}@bench.example.se",
            "name": f"Användare {i}",
            "role": ("project_leader", "steering", "viewer")[i % 3],
            "password_hash": password_hash,
        }
        for i in range(2, n_users + 1)
    ]
    users.insert(
        0,
        {
            "id": 1,
            "email": COORDINATOR,
            "name": "Samordnare",
            "role": "coordinator",
            "password_hash": password_hash,
        },
    )
    leaders = [u["id"] for u in users if u["role"] in ("project_leader", "coordinator")]
    projects, links, members, confirmations, changes, scores, ledger, audit = ([] for _ in range(8))
    for pid in range(1, n + 1):
        stage = rng.choices(STAGES, STAGE_WEIGHTS)[0]
        start = date(2022, 1, 1) + timedelta(days=rng.randrange(1500))
        age_min = rng.choice((0, 6, 13, 16, 20, 65))
        projects.append(
            {
                "id": pid,
                "key": f"satsning-{pid}",
                "title": f"{rng.choice(WORDS)} {rng.choice(PLACES)} ({pid})",
                "stage": stage,
                "need_description": "Behovet är verifierat med kvantitativa data. " * 4,
                "ordinary_practice": "Ordinarie verksamhet enligt nuvarande arbetssätt.",
                "target_description": "Barn, unga och familjer i området." if pid % 7 else "",
                "age_min": age_min,
                "age_max": age_min + rng.choice((5, 10, 20)),
                "life_stage": rng.choice(list(LIFE_STAGE_LABELS)),
                "prevention_level": rng.choice(("universal", "targeted", "indicated", None)),
                "size_total": rng.randrange(50, 5000),
                "size_reached": rng.randrange(0, 50),
                "fund_id": 1 if rng.random() < 0.6 else (2 if rng.random() < 0.5 else None),
                "start": start,
                "end": start + timedelta(days=365 * rng.choice((1, 2, 3))),
                "budget_request": Decimal(rng.randrange(100_000, 6_000_000)) + Decimal("0.50"),
                "owner_id": 1,
                "leader_id": rng.choice(leaders),
            }
        )
        for dep in rng.sample(range(1, len(DEPARTMENTS) + 1), rng.randint(1, 3)):
            links.append({"project_id": pid, "department_id": dep})
        for uid in rng.sample(range(2, n_users + 1), rng.randint(2, 4)):
            members.append({"project_id": pid, "user_id": uid})
        for code in rng.sample(CONFIRMABLE, rng.randint(0, min(8, len(CONFIRMABLE)))):
            confirmations.append(
                {
                    "project_id": pid,
                    "item": code,
                    "confirmed_on": start,
                    "user_id": 1,
                    "user_label": COORDINATOR,
                    "comment": "Bekräftat på styrgruppsmöte.",
                }
            )
        when = datetime.combine(start, datetime.min.time())
        for before, after, at in _history(stage, when):
            changes.append(
                {
                    "project_id": pid,
                    "at": at,
                    "user_id": 1,
                    "user_label": COORDINATOR,
                    "from_stage": before,
                    "to_stage": after,
                    "reason": "Beslut i styrgruppen.",
                    "gate_override": False,
                }
            )
        if stage not in ("idea", "proposal"):
            for rater in (1, 3):
                for cid in range(1, 6):
                    scores.append(
                        {
                            "project_id": pid,
                            "rater_id": rater,
                            "criterion_id": cid,
                            "value": rng.randint(1, 5),
                        }
                    )
        if stage in PATH[3:] and projects[-1]["fund_id"]:
            ledger.append(
                {
                    "fund_id": projects[-1]["fund_id"],
                    "project_id": pid,
                    "date": start,
                    "kind": "allocation",
                    "amount": projects[-1]["budget_request"],
                }
            )
        for action in ("create", "update", "update"):
            audit.append(
                {
                    "at": when,
                    "user_id": 1,
                    "user_label": COORDINATOR,
                    "entity": "Project",
                    "entity_id": pid,
                    "entity_label": projects[-1]["title"],
                    "project_id": pid,
                    "action": action,
                    "changes": json.dumps({"stage": [None, stage]}),
                }
            )

    with Session(engine) as session:
        session.add(Organisation(name="Benchkommun"))
        session.execute(insert(User), users)
        session.execute(
            insert(Department),
            [{"id": i, "key": k, "name": name} for i, (k, name) in enumerate(DEPARTMENTS, 1)],
        )
        session.execute(
            insert(Fund),
            [
                {
                    "id": 1,
                    "key": "si-fond",
                    "name": "Sociala investeringsfonden",
                    "capital": Decimal("50000000.00"),
                    "central_risk_share": Decimal("0.7"),
                },
                {
                    "id": 2,
                    "key": "utvecklingsfond",
                    "name": "Utvecklingsfonden",
                    "capital": Decimal("10000000.00"),
                    "central_risk_share": Decimal("1"),
                },
            ],
        )
        session.execute(
            insert(Criterion),
            [
                {
                    "id": i,
                    "key": f"kriterium-{i}",
                    "name": f"Kriterium {i}",
                    "weight": Decimal("0.2"),
                    "position": i,
                }
                for i in range(1, 6)
            ],
        )
        for model, rows in (
            (Project, projects),
            (project_department, links),
            (ProjectMember, members),
            (ChecklistConfirmation, confirmations),
            (StageChange, changes),
            (Score, scores),
            (LedgerEntry, ledger),
            (AuditEntry, audit),
        ):
            if rows:
                session.execute(insert(model), rows)
        session.commit()


#: Element texts per level of the generated logic models (a number keeps each one unique).
LOGIC_TEXTS = {
    "resource": ("Familjebehandlare", "Lokal i skolan", "Budget för gruppträffar",
                 "Samverkansavtal med regionen"),
    "activity": ("Föräldrastödsgrupper", "Läxhjälp efter skolan", "Hembesök av sjuksköterska",
                 "Fritidsaktiviteter på lov"),
    "short_term": ("Färre konflikter i familjen", "Högre närvaro i skolan",
                   "Ökad trygghet i hemmet", "Fler deltar i fritidsaktiviteter"),
    "long_term": ("Fler elever behöriga till gymnasiet", "Färre placeringar utanför hemmet",
                  "Färre unga i arbetslöshet", "Bättre psykisk hälsa bland unga"),
}


def logic_model(n: int, *, seed_value: int = 1) -> lm.Model:
    """Return a layered logic model of ``n`` elements (a quarter per level) and about 1.5 links
    per element, with some indicators and, per 100 elements, a few faults: an isolated activity,
    a backward link, a link that skips a level and a duplicate text."""
    rng = random.Random(seed_value + n)
    per_level = max(1, n // len(lm.LEVELS))
    keys = {level: [f"{lm.KEY_PREFIX[level]}{i}" for i in range(1, per_level + 1)]
            for level in lm.LEVELS}
    faults = range(0, per_level, 25)
    isolated = {keys["activity"][i + 1] for i in faults if i + 1 < per_level}
    links: dict[tuple[str, str], None] = {}
    for before, after in pairwise(lm.LEVELS):
        sources, targets = keys[before], keys[after]
        for i, source in enumerate(sources):
            links[source, targets[i]] = None
            links[source, rng.choice(targets)] = None
    for i in faults:
        links[keys["short_term"][i], keys["activity"][-1 - i]] = None
        links[keys["resource"][-1 - i], keys["short_term"][i]] = None
    counter = iter(range(1, 4 * n + 1))
    elements = []
    for level in lm.LEVELS:
        for i, key in enumerate(keys[level]):
            text = f"{LOGIC_TEXTS[level][i % 4]} ({i + 1})"
            if level == "activity" and i - 1 in faults:
                text = elements[-1].text
            elements.append(lm.Element(key, level, text, _indicators(level, i, counter)))
    model = lm.Model(
        tuple(elements),
        tuple(lm.Link(s, t) for s, t in links if s not in isolated and t not in isolated),
        purpose="Fler barn och unga klarar skolan och mår bra.",
    )
    lm.validate_structure(model)
    return model


def _indicators(level: str, i: int, counter: Iterator[int]) -> tuple[lm.Indicator, ...]:
    """Three in four activities get a process measure, and three in four outcomes and goals an
    outcome indicator (one in six without a data source, some goals' without a horizon)."""
    if level == "activity" and i % 4:
        return (lm.Indicator(f"i{next(counter)}", "Antal genomförda träffar", "process",
                             "Närvarolistor", "count", target=Decimal(40)),)
    if level in ("short_term", "long_term") and i % 4 != 3:
        return (lm.Indicator(
            f"i{next(counter)}", "Andel som uppnått målet", "outcome",
            "Elevregistret" if i % 6 else "", "percent", baseline=Decimal("0.55"),
            target=Decimal("0.65"), horizon_months=36 if level == "long_term" and i % 4 else None,
            data_source_kind="register", data_level="individual",
        ),)
    return ()


# --- Needs analysis: placement events for the flow analysis, areas for the socio-economic index.

#: How often each kind of event occurs in the generated placement events (HVB, SiS, family home,
#: emergency home, no placement).
PLACEMENT_WEIGHTS = (30, 10, 25, 15, 20)


def placement_events(count: int, people: int, *, seed_value: int = 1) -> list[flows.PlacementEvent]:
    """Return ``count`` pseudonymised placement events of ``people`` persons (P000001, …), sorted
    by day as an export would be: each person has at least one event and about ``count / people``
    on average, a fifth of the events with open care."""
    rng = random.Random(seed_value + count)
    cuts = sorted(rng.sample(range(1, count), people - 1))
    lengths = [b - a for a, b in pairwise([0, *cuts, count])]
    events = []
    for number, length in enumerate(lengths, start=1):
        person = f"P{number:06d}"
        day = date(2012, 1, 1) + timedelta(days=rng.randrange(3650))
        kinds = rng.choices(flows.PLACEMENT_TYPES, weights=PLACEMENT_WEIGHTS, k=length)
        for kind in kinds:
            events.append(flows.PlacementEvent(person, day, kind, rng.random() < 0.2))
            day += timedelta(days=rng.randint(0, 400))
    events.sort(key=lambda event: event.day)
    return events


def ses_areas(n: int, *, seed_value: int = 1) -> list[ses.AreaInput]:
    """Return ``n`` residential areas with the index's four variables (shares in percent with one
    decimal, yearly earned income in kronor) and the share of pupils eligible for upper secondary
    school, which goes up with the education level."""
    rng = random.Random(seed_value + n)
    areas = []
    for i in range(1, n + 1):
        education = rng.uniform(10, 70)
        areas.append(ses.AreaInput(
            area=f"{PLACES[i % len(PLACES)]} {i}",
            education=Decimal(f"{education:.1f}"),
            employment=Decimal(f"{rng.uniform(50, 90):.1f}"),
            nordic_born=Decimal(f"{rng.uniform(40, 98):.1f}"),
            income=Decimal(rng.randrange(150_000, 450_000, 100)),
            outcome=Decimal(f"{min(100.0, 55 + education / 2 + rng.uniform(-10, 10)):.1f}"),
        ))
    return areas


# --- Steering-group scoring: criteria, proposals and scores for the ranking.

#: The guide's default criteria (SPEC 3.0), the last a must-criterion (pass/fail).
RANKING_CRITERIA = (
    "Svarar mot ett prioriterat behov",
    "Stöd i evidens eller beprövad erfarenhet",
    "Förväntad effektstorlek",
    "Lätt att föra in i ordinarie verksamhet",
    "Genomförbar och mätbar effekt",
    "Tidigt i förlopp eller ålder",
    "Förväntat socialt utfall och ekonomisk besparing",
    "Förenlig med politiska prioriteringar",
)


def ranking_input(
    proposals: int, criteria: int, raters: int, *, seed_value: int = 1
) -> tuple[list[ranking.CriterionSpec], list[ranking.ProposalInput],
           list[ranking.ProposalScore]]:
    """Return ``criteria`` criteria (weights 1–5 on a 0–5 scale, the last a must-criterion on
    0–1), ``proposals`` proposals (budget requests of 0.1–6 MSEK, one in twenty without) and the
    scores of ``raters`` raters, shuffled: one score in two thousand is missing and one proposal in
    forty has a must-criterion failed by a rater."""
    rng = random.Random(seed_value + proposals)
    specs = [
        ranking.CriterionSpec(f"kriterium-{i + 1}", Decimal(rng.randint(1, 5)), 5,
                              name=RANKING_CRITERIA[i % len(RANKING_CRITERIA)])
        for i in range(criteria - 1)
    ]
    specs.append(ranking.CriterionSpec(f"kriterium-{criteria}", Decimal(0), 1, must=True,
                                       name="Inom fondens regler"))
    items = [
        ranking.ProposalInput(
            f"forslag-{i}",
            f"{rng.choice(WORDS)} {rng.choice(PLACES)} ({i})",
            None if rng.random() < 0.05 else Decimal(rng.randrange(100_000, 6_000_000, 500)),
        )
        for i in range(1, proposals + 1)
    ]
    people = [f"ledamot{i}@bench.example.se" for i in range(1, raters + 1)]
    scores = []
    for item in items:
        quality = rng.uniform(1.5, 4.5)
        fails = rng.random() < 0.025
        for spec in specs:
            for person in people:
                if rng.random() < 0.0005:
                    continue
                if spec.must:
                    value = 0 if fails and person == people[0] else 1
                else:
                    value = max(0, min(5, round(rng.gauss(quality, 0.8))))
                scores.append(ranking.ProposalScore(item.key, spec.key, person, value))
    rng.shuffle(scores)
    return specs, items, scores


def seed_ranking(engine: Engine, proposals: int, criteria: int, raters: int,
                 *, seed_value: int = 1) -> int:
    """Fill an empty, migrated database with one fund, ``criteria`` criteria, ``raters``
    steering-group members who have submitted, and ``proposals`` scored proposals (the scores of
    ``ranking_input``); return the fund's id."""
    specs, items, scores = ranking_input(proposals, criteria, raters, seed_value=seed_value)
    password_hash = hash_password(PASSWORD)
    people = sorted({s.rater for s in scores})
    users = [{"id": 1, "email": COORDINATOR, "name": "Samordnare", "role": "coordinator",
              "password_hash": password_hash}]
    users += [{"id": i, "email": email, "name": f"Ledamot {i - 1}", "role": "steering",
               "password_hash": password_hash} for i, email in enumerate(people, 2)]
    user_ids = {u["email"]: u["id"] for u in users}
    criterion_ids = {spec.key: i for i, spec in enumerate(specs, 1)}
    project_ids = {item.key: i for i, item in enumerate(items, 1)}
    with Session(engine) as session:
        session.add(Organisation(name="Benchkommun"))
        session.execute(insert(User), users)
        session.execute(insert(Fund), [{
            "id": 1, "key": "si-fond", "name": "Sociala investeringsfonden",
            "capital": RANKING_CAPITAL, "central_risk_share": Decimal("0.7"),
        }])
        session.execute(insert(Criterion), [
            {"id": criterion_ids[s.key], "key": s.key, "name": s.name or s.key,
             "weight": s.weight, "scale_max": s.scale_max, "must": s.must,
             "position": criterion_ids[s.key]}
            for s in specs
        ])
        session.execute(insert(Project), [
            {"id": project_ids[item.key], "key": item.key, "title": item.title,
             "stage": "proposal", "fund_id": 1, "budget_request": item.budget_request}
            for item in items
        ])
        session.execute(insert(Score), [
            {"project_id": project_ids[s.proposal], "rater_id": user_ids[s.rater],
             "criterion_id": criterion_ids[s.criterion], "value": s.value}
            for s in scores
        ])
        session.execute(insert(ScoreSubmission), [
            {"project_id": pid, "rater_id": uid}
            for pid in project_ids.values() for uid in user_ids.values() if uid != 1
        ])
        session.commit()
    return 1


#: The fund's capital in the timed ranking page.
RANKING_CAPITAL = Decimal("50000000.00")


def economics_input(budget_lines: int, benefit_lines: int, *, seed_value: int = 1
                    ) -> economics.EconomicsInputs:
    """Return the inputs of a large calculation: ``budget_lines`` cost lines over five years
    (50 000–2 000 000 kr, six actors), ``benefit_lines`` benefit lines over 40 unit costs (a
    quarter local, half graded, price years 2022–2025 against an index lacking 2021), each
    lasting 1–10 years from 2025–2029 with deadweight, attribution and drop-off."""
    rng = random.Random(seed_value + budget_lines + benefit_lines)
    actors = [key for key, _ in DEPARTMENTS] + ["region", "forsakringskassan"]
    units = tuple(
        economics.UnitCost(
            f"enhet-{i}", f"Enhetskostnad {i}", "dygn",
            Decimal(rng.randrange(50_000, 5_000_000)) / 100, rng.choice((2021, 2022, 2023, 2025)),
            Decimal(rng.randrange(50_000, 5_000_000)) / 100 if rng.random() < 0.25 else None,
            rng.choice(economics.GRADES) if rng.random() < 0.5 else None)
        for i in range(40))
    budget = tuple(
        economics.BudgetLine(rng.choice(economics.CATEGORIES), rng.choice(actors),
                             2025 + rng.randrange(5),
                             Decimal(rng.randrange(5_000_000, 200_000_000)) / 100)
        for _ in range(budget_lines))
    benefits = tuple(
        economics.BenefitLine(
            f"b{i}", None, rng.choice(units).key, Decimal(rng.randrange(1, 100)) / 4,
            Decimal(rng.randrange(1, 7)), rng.choice(actors), 2025 + rng.randrange(5),
            rng.randint(1, 10), deadweight=Decimal(rng.randrange(0, 40)) / 100,
            attribution=Decimal(rng.randrange(0, 40)) / 100,
            drop_off=Decimal(rng.randrange(0, 30)) / 100)
        for i in range(1, benefit_lines + 1))
    index = {2022: Decimal("100"), 2023: Decimal("106.1"), 2024: Decimal("109.2"),
             2025: Decimal("111.4")}
    return economics.EconomicsInputs(
        start_year=2025, price_year=2025, discount_rate=Decimal("0.035"), budget=budget,
        benefits=benefits, unit_costs=units, price_index=index, effect=Decimal("-0.15"),
        participants=Decimal(400))


# --- Follow-up: indicator values, drop-outs, check-ins and stop criteria of running initiatives.

#: The indicators every running initiative of the timed signal page follows: the element they
#: measure (level, key), name, kind, unit, baseline and target (targets of the process measures
#: are per period). The last is better when lower; the second falls behind plan.
FOLLOW_UP_INDICATORS = (
    ("activity", "a1", "Antal genomförda gruppträffar", "process", "count", None, 40),
    ("activity", "a2", "Andel inbjudna som deltar i minst hälften av träffarna", "process",
     "percent", 50, 70),
    ("short_term", "s1", "Andel elever med hög närvaro", "outcome", "percent", 55, 65),
    ("long_term", "g1", "Antal placeringar utanför hemmet", "outcome", "count", 20, 12),
)
#: The indicator (by position) whose latest actual value falls behind plan.
BEHIND = 1
#: The breakdowns of the detailed initiative's values: weekday and trainer.
BREAKDOWNS = tuple(("Veckodag", day) for day in ("måndag", "tisdag", "onsdag", "torsdag",
                                                  "fredag")) + tuple(
    ("Gruppledare", f"Gruppledare {letter}") for letter in "ABC")
COMPETENCES = ("Familjebehandlare", "Skolkurator", "Fritidsledare")
FOLLOW_UP_TABLES = (LogicModel, LogicElement, LogicLink, LogicIndicator, IndicatorReporting,
                    IndicatorValue, ParticipantFlow, DropOut, ResourceUse, ReportingPlan,
                    PlannedCheckIn, CheckIn, CheckInDecision, StopCriterion)


def _period_start(day: date, months: int) -> date:
    """The first day of the month or quarter (``months`` 1 or 3) holding ``day``."""
    return date(day.year, (day.month - 1) // months * months + 1, 1)


class _Rows:
    """Rows to insert in bulk per table, each given the next free id of its table."""

    def __init__(self, session: Session):
        self.rows: dict[type, list[dict]] = {model: [] for model in FOLLOW_UP_TABLES}
        self.next_id = {model: (session.scalar(select(func.max(model.id))) or 0) + 1
                        for model in FOLLOW_UP_TABLES}

    def add(self, model: type, **values) -> int:
        values["id"] = self.next_id[model]
        self.next_id[model] += 1
        self.rows[model].append(values)
        return values["id"]

    def insert(self, session: Session) -> dict[str, int]:
        for model, rows in self.rows.items():
            if rows:
                session.execute(insert(model), rows)
        return {model.__tablename__: len(rows) for model, rows in self.rows.items()}


def _measure_value(unit: str, value: float) -> Decimal:
    """A count in whole units, a share in per cent with one decimal (0–100)."""
    if unit == "percent":
        return Decimal(f"{min(100.0, max(0.0, value)):.1f}")
    return Decimal(max(0, round(value)))


def _initiative(rows: _Rows, rng: random.Random, project_id: int, today: date, *,
                indicators: tuple, months: int, periods: int, breakdowns: tuple = (),
                drop_outs: int, check_in_months: int, competences: tuple = (),
                flows: bool = False) -> date:
    """Add one initiative's follow-up: a logic model with ``indicators``, their planned and
    actual values of the ``periods`` completed periods of ``months`` months before ``today``
    (in total and per breakdown category; the BEHIND indicator's latest total behind plan),
    drop-outs (every eighth, at least one, flagged as possible harm; all but the first
    investigated), check-ins every ``check_in_months`` months held the day after their date
    with a decision each, an indicator and a budget stop criterion that are not met, and
    optionally participants per period and risk profile and hours per activity and competence.
    Returns the first period's first day (the initiative's start)."""
    first = add_months(_period_start(today, months), -months * periods)
    starts = [add_months(first, months * k) for k in range(periods)]
    rows.add(LogicModel, project_id=project_id,
             purpose="Fler barn och unga klarar skolan och mår bra.")
    elements: dict[str, int] = {}
    for level, key, *_ in indicators:
        if key not in elements:
            elements[key] = rows.add(LogicElement, project_id=project_id, key=key, level=level,
                                     position=len(elements), text=f"{LOGIC_TEXTS[level][0]} "
                                     f"({key})", assumptions="")
    resource = rows.add(LogicElement, project_id=project_id, key="r1", level="resource",
                        position=len(elements), text=LOGIC_TEXTS["resource"][0], assumptions="")
    keys = {level: [k for lv, k, *_ in indicators if lv == level] for level in lm.LEVELS}
    keys["resource"] = ["r1"]
    elements["r1"] = resource
    links: dict[tuple[str, str], None] = {}
    for before, after in pairwise(lm.LEVELS):
        sources, targets = list(dict.fromkeys(keys[before])), list(dict.fromkeys(keys[after]))
        for i in range(max(len(sources), len(targets)) if sources and targets else 0):
            links[sources[i % len(sources)], targets[i % len(targets)]] = None
    for source, target in links:
        rows.add(LogicLink, project_id=project_id, source_id=elements[source],
                 target_id=elements[target])
    frequency = "quarter" if months == 3 else "month"
    sizes = Counter(dimension for dimension, _ in breakdowns)
    indicator_ids = []
    for number, (level, key, name, kind, unit, baseline, target) in enumerate(indicators, 1):
        indicator_id = rows.add(
            LogicIndicator, project_id=project_id, element_id=elements[key], key=f"i{number}",
            position=number, name=name, kind=kind, data_source="Verksamhetssystemet",
            data_source_kind="administrative", data_level="individual", unit=unit,
            baseline=None if baseline is None else Decimal(baseline), target=Decimal(target),
            horizon_months=36 if level == "long_term" else None)
        indicator_ids.append(indicator_id)
        rows.add(IndicatorReporting, project_id=project_id, indicator_id=indicator_id,
                 frequency=frequency, first_period=first, responsible="Projektledaren")
        for k, period in enumerate(starts):
            begin = target if baseline is None else baseline
            planned = begin + (target - begin) * (k + 1) / periods
            factor = 0.8 if number - 1 == BEHIND and k == periods - 1 else rng.uniform(0.96, 1.04)
            total_planned = _measure_value(unit, planned)
            total_actual = _measure_value(unit, planned * factor)
            rows.add(IndicatorValue, project_id=project_id, indicator_id=indicator_id,
                     period=period, dimension="", category="", planned=total_planned,
                     actual=total_actual, reported_by="Projektledaren", comment="")
            for dimension, category in breakdowns:
                share = 1 / sizes[dimension] if unit == "count" else 1
                rows.add(IndicatorValue, project_id=project_id, indicator_id=indicator_id,
                         period=period, dimension=dimension, category=category,
                         planned=_measure_value(unit, planned * share),
                         actual=_measure_value(unit, planned * share * rng.uniform(0.85, 1.1)),
                         reported_by="Projektledaren", comment="")
    for k in range(drop_outs):
        harm = k % 8 == 0
        rows.add(DropOut, project_id=project_id,
                 left_on=first + timedelta(days=rng.randrange((today - first).days)),
                 risk_profile=rng.choice(RISK_PROFILES),
                 reason_kind="worse_off" if harm else rng.choice(("moved", "declined",
                                                                  "no_longer_needed")),
                 reason="Familjen upplevde att situationen blev svårare." if harm else "",
                 possible_harm=harm, investigated_on=today - timedelta(days=7) if harm and k
                 else None, investigation="Utrett med familjen." if harm and k else "",
                 recorded_by=COORDINATOR)
    rows.add(ReportingPlan, project_id=project_id, escalation="", other_resources="",
             check_in_months=check_in_months)
    schedule = [add_months(first, check_in_months * k) for k in range(1, 4 * periods)]
    schedule = [day for day in schedule if day + timedelta(days=1) < today]
    for planned_on in schedule:
        planned_id = rows.add(PlannedCheckIn, project_id=project_id, planned_on=planned_on,
                              topic="Avstämning i styrgruppen")
        check_in = rows.add(CheckIn, project_id=project_id,
                            held_on=planned_on + timedelta(days=1), planned_id=planned_id,
                            participants="Styrgruppen", notes="Genomgång av indikatorerna.",
                            recorded_by=COORDINATOR)
        latest = planned_on == schedule[-1]
        rows.add(CheckInDecision, project_id=project_id, check_in_id=check_in, position=0,
                 decision="adjust" if latest else "continue",
                 prompt="indicator" if latest else "schedule",
                 indicator_id=indicator_ids[BEHIND] if latest else None, drop_out_id=None,
                 signal_code="", prompted_by="Indikatorernas utfall mot plan.",
                 action="Fler påminnelser inför träffarna." if latest else "Fortsätt enligt plan.",
                 responsible="Projektledaren")
    # Tied to the first indicator that is better when higher: met below its baseline less 10.
    watched = next(n for n, (*_, baseline, target) in enumerate(indicators)
                   if baseline is not None and target > baseline)
    rows.add(StopCriterion, project_id=project_id, position=0, kind="indicator",
             text="Utfallet sjunker tydligt under utgångsläget",
             indicator_id=indicator_ids[watched],
             threshold=Decimal(indicators[watched][5]) - 10)
    rows.add(StopCriterion, project_id=project_id, position=1, kind="budget",
             text="Kostnaderna överskrider budgeten med mer än 10 procent", indicator_id=None,
             threshold=Decimal("0.10"))
    for period in starts if flows else ():
        for profile in RISK_PROFILES:
            rows.add(ParticipantFlow, project_id=project_id, period=period,
                     risk_profile=profile, eligible=rng.randrange(20, 60),
                     enrolled=rng.randrange(2, 12), comment="")
    activity_ids = [elements[k] for k in dict.fromkeys(keys["activity"])]
    for element_id in activity_ids if competences else ():
        for competence in competences:
            for period in starts:
                hours = rng.randrange(20, 120)
                rows.add(ResourceUse, project_id=project_id, element_id=element_id,
                         period=period, competence=competence, planned_hours=Decimal(hours),
                         actual_hours=Decimal(round(hours * rng.uniform(0.8, 1.2))), comment="")
    return first


def _set_dates(session: Session, dates: dict[int, date]) -> None:
    """Let each initiative start on its first period and run four years from it."""
    table = Project.__table__
    session.execute(
        table.update().where(table.c.id == bindparam("pid"))
        .values(start=bindparam("first"), end=bindparam("last")),
        [{"pid": pid, "first": first, "last": add_months(first, 48) - timedelta(days=1)}
         for pid, first in dates.items()])


def seed_follow_up(engine: Engine, today: date, *, seed_value: int = 1) -> dict[str, int]:
    """Give every running initiative of a seeded portfolio follow-up data up to ``today``: four
    indicators (FOLLOW_UP_INDICATORS) reported quarterly over three years with planned and
    actual values (one behind plan in the latest quarter), three drop-outs (one flagged as
    possible harm, not investigated), check-ins every six months held as planned, and two stop
    criteria; each initiative starts on the first of those quarters. Returns the rows added per
    table and, under "initiatives", the number of initiatives."""
    rng = random.Random(seed_value)
    with Session(engine) as session:
        running = list(session.scalars(select(Project.id).where(
            Project.stage.in_(RUNNING_STAGES)).order_by(Project.id)))
        rows = _Rows(session)
        dates = {pid: _initiative(rows, rng, pid, today, indicators=FOLLOW_UP_INDICATORS,
                                  months=3, periods=12, drop_outs=3, check_in_months=6)
                 for pid in running}
        counts = rows.insert(session)
        _set_dates(session, dates)
        session.commit()
    return {**counts, "initiatives": len(running)}


def detailed_indicators(count: int) -> tuple:
    """``count`` indicators for one initiative: two process measures on each activity, then two
    outcome indicators on each short-term outcome and goal (every fourth better when lower)."""
    found = []
    for number in range(count):
        pair, second = divmod(number, 2)
        if number < count // 2:
            level, key, kind = "activity", f"a{pair + 1}", "process"
        else:
            outcome = pair - count // 4
            level = "short_term" if outcome < 3 else "long_term"
            key = f"s{outcome + 1}" if outcome < 3 else f"g{outcome - 2}"
            kind = "outcome"
        text = LOGIC_TEXTS[level][number % 4]
        if second:
            found.append((level, key, f"Andel nöjda: {text.lower()} ({number + 1})", kind,
                          "percent", 50, 70))
        elif number % 4 == 2 and kind == "outcome":
            found.append((level, key, f"Antal: {text.lower()} ({number + 1})", kind, "count",
                          30, 20))
        else:
            found.append((level, key, f"Antal: {text.lower()} ({number + 1})", kind, "count",
                          None, 40))
    return tuple(found)


def seed_follow_up_detail(engine: Engine, today: date, *, indicators: int = 20,
                          months: int = 36, categories: int = 8, seed_value: int = 1
                          ) -> tuple[int, dict[str, int]]:
    """Give the first running initiative of a seeded portfolio a lot of follow-up data up to
    ``today``: ``indicators`` indicators reported monthly over ``months`` months in total and
    per ``categories`` breakdown categories (weekday and trainer), participants per month and
    risk profile, 24 drop-outs (three flagged as possible harm, one not investigated), hours
    of three competences on each activity per month, quarterly check-ins and two stop
    criteria. Returns the initiative's id and the rows added per table."""
    rng = random.Random(seed_value + indicators)
    with Session(engine) as session:
        project_id = session.scalar(select(Project.id).where(
            Project.stage.in_(RUNNING_STAGES)).order_by(Project.id).limit(1))
        if project_id is None:
            raise ValueError("the portfolio has no running initiative")
        rows = _Rows(session)
        first = _initiative(rows, rng, project_id, today,
                            indicators=detailed_indicators(indicators), months=1,
                            periods=months, breakdowns=BREAKDOWNS[:categories], drop_outs=24,
                            check_in_months=3, competences=COMPETENCES, flows=True)
        counts = rows.insert(session)
        _set_dates(session, {project_id: first})
        session.commit()
    return project_id, counts
