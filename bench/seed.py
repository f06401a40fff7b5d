"""Seed a realistic portfolio of ``n`` projects straight into a migrated database (fast)."""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

from sqlalchemy import Engine, insert
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
from models.domain import economics, flows, ranking, ses
from models.domain import logic as lm
from models.domain.checklist import ITEMS
from models.domain.labels import LIFE_STAGE_LABELS
from models.domain.stages import PATH
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
        for code in rng.sample(CONFIRMABLE, rng.randint(0, 8)):
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
