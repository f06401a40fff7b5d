"""The demo steering group's scoring of five proposals: the guide's 20 MSEK example (appendix B).

Five ideas compete for the money left in the social investment fund. Two of them rest on a
solid needs analysis (the school analysis at Norra skolan and the flow analysis of 200
re-placements) and go forward; the steering group then prioritised them. The fund had 4.2 MSEK
left after its allocations, and the savings of the preventive home visits (assistance costs
4 MSEK lower over 12 months) returned 2 MSEK to it, so 6.2 MSEK are available: the two fit, and
the money runs out at the third. The raters disagree on the evidence for summer jobs, and Erik
Holm has not yet scored the open youth activities in Västra området.

All figures are illustrative; the municipality is fictitious.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.organisation import Criterion, Department, Fund, LedgerEntry
from models.project import Project, Score, ScoreSubmission, StageChange
from models.user import User

FUND_KEY = "si-fond"

#: The order of the values in ``RATINGS`` (the keys of the demo criteria).
CRITERIA_ORDER = ("behov", "evidens", "effekt", "implementerbarhet", "genomforbarhet", "tidigt",
                  "vinst", "politik")

#: The savings of the home visits returned to the fund.
REPAYMENT = {
    "project": "hembesok", "date": date(2025, 6, 30), "amount": Decimal("2000000.00"),
    "note": ("Återföring: biståndskostnaderna blev 4 mnkr lägre under 12 månader efter de "
             "förebyggande hembesöken (KS beslut)."),
}

#: A demo project moved from idea to proposal, with its request.
SUMMER_JOBS = {
    "key": "sommarjobb", "budget_request": Decimal("900000.00"),
    "need_description": ("Unga i familjer med försörjningsstöd får sällan sommarjobb genom "
                         "kontakter; behovet är inte analyserat med data."),
    "ordinary_practice": "Kommunens ordinarie feriepraktik, fördelad efter anmälan.",
    "moved_on": datetime(2024, 3, 28, 10, 0),
}

#: A new proposal from a preschool, with its request.
PRESCHOOL = {
    "key": "sprak-forskola", "title": "Språkutvecklande stöd i förskolan i Norra området",
    "need_description": ("Förskolorna i Norra området ser att många barn har ett begränsat "
                         "svenskt ordförråd vid skolstart. Iakttagelserna är inte underbyggda "
                         "med data på individnivå."),
    "ordinary_practice": "Förskolans ordinarie språkarbete och specialpedagogiskt stöd vid behov.",
    "target_description": "Barn 3–5 år i förskolorna i Norra området och deras vårdnadshavare.",
    "age_min": 3, "age_max": 5, "life_stage": "early_childhood", "prevention_level": "targeted",
    "size_total": 300, "size_reached": 120, "start": date(2024, 8, 1), "end": date(2026, 6, 30),
    "budget_request": Decimal("1200000.00"),
    "proposed_on": datetime(2024, 3, 27, 14, 0),
}

# Per proposal, each rater's values in ``CRITERIA_ORDER`` and comments by criterion; the raters
# are the demo steering group (styrgrupp@ Erik Holm, styrgrupp2@ Karin Nyström, styrgrupp3@ Johan
# Berglund). A rater left out has not scored the proposal; everyone listed has submitted.
RATINGS: dict[str, dict[str, tuple[tuple[int, ...], dict[str, str]]]] = {
    "skola-familj": {
        "styrgrupp@exempelkommun.se": ((5, 4, 4, 3, 4, 4, 4, 4), {
            "behov": "Analysen på individnivå visar tydligt vilka elever det gäller.",
            "implementerbarhet": "Kräver att skolan och socialtjänsten delar ansvaret.",
        }),
        "styrgrupp2@exempelkommun.se": ((5, 4, 4, 3, 3, 4, 4, 5), {
            "genomforbarhet": "Liten grupp; effekten blir svår att mäta statistiskt.",
            "politik": "Skolresultaten är ett av fullmäktiges mål.",
        }),
        "styrgrupp3@exempelkommun.se": ((5, 3, 4, 4, 4, 4, 5, 4), {
            "evidens": "Det riktade skolstödet har stöd i forskningen, familjedelen mindre.",
            "vinst": "Fullföljd skolgång ger stora vinster längre fram.",
        }),
    },
    "overgang-hvb": {
        "styrgrupp@exempelkommun.se": ((5, 3, 4, 3, 3, 3, 5, 4), {
            "behov": "Flödesanalysen av 200 omplaceringar är ett starkt underlag.",
            "vinst": "Varje placering som undviks sparar mycket pengar.",
        }),
        "styrgrupp2@exempelkommun.se": ((5, 4, 4, 2, 3, 3, 5, 4), {
            "implementerbarhet": "Öppenvården behöver byggas ut för att kunna ta emot stödet.",
        }),
        "styrgrupp3@exempelkommun.se": ((4, 3, 3, 3, 3, 3, 4, 4), {
            "effekt": "Osäkert hur stor effekten blir för de äldsta ungdomarna.",
            "tidigt": "Sent i livet men tidigt i övergången från placeringen.",
        }),
    },
    "sprak-forskola": {
        "styrgrupp@exempelkommun.se": ((3, 4, 3, 4, 3, 5, 3, 3), {
            "behov": "Behovet bygger på förskolornas iakttagelser, inte på data.",
            "tidigt": "Insatsen når barnen före skolstart.",
        }),
        "styrgrupp2@exempelkommun.se": ((3, 3, 3, 4, 3, 5, 3, 3), {}),
        "styrgrupp3@exempelkommun.se": ((3, 4, 2, 4, 3, 5, 3, 4), {
            "effekt": "Effekten på skolresultaten syns först om flera år.",
        }),
    },
    "sommarjobb": {
        "styrgrupp@exempelkommun.se": ((2, 4, 2, 5, 4, 2, 2, 5), {
            "evidens": "Studier från USA visar minskad brottslighet bland deltagarna.",
            "politik": "Sommarjobb finns i den politiska majoritetens program.",
        }),
        "styrgrupp2@exempelkommun.se": ((2, 1, 2, 4, 4, 2, 2, 4), {
            "behov": "Behovet är inte analyserat.",
            "evidens": "Svenska utvärderingar visar små eller inga effekter på senare arbete.",
        }),
        "styrgrupp3@exempelkommun.se": ((3, 2, 2, 5, 3, 2, 2, 4), {
            "implementerbarhet": "Lätt att genomföra med den befintliga feriepraktiken.",
        }),
    },
    "fritid-unga": {
        "styrgrupp2@exempelkommun.se": ((2, 2, 2, 4, 2, 3, 2, 4), {
            "behov": "Kopplingen till den psykiska ohälsan är inte visad.",
            "genomforbarhet": "Logikmodellen saknar mätbara utfall.",
        }),
        "styrgrupp3@exempelkommun.se": ((3, 2, 2, 3, 2, 3, 2, 3), {
            "effekt": "Oklart vilka utfall verksamheten ska påverka.",
        }),
    },
}

#: When the steering group's scoring of the round began; each rater submits a day apart.
ROUND_START = datetime(2024, 4, 8, 9, 0)


def _stage_change(at: datetime, before: str, after: str, by: User | None) -> StageChange:
    return StageChange(at=at, from_stage=before, to_stage=after,
                       user_id=by.id if by else None, user_label=by.email if by else "")


def _move_summer_jobs(project: Project) -> None:
    project.stage_changes.append(
        _stage_change(SUMMER_JOBS["moved_on"], project.stage, "proposal", project.leader))
    project.stage = "proposal"
    project.budget_request = SUMMER_JOBS["budget_request"]
    project.need_description = project.need_description or SUMMER_JOBS["need_description"]
    project.ordinary_practice = project.ordinary_practice or SUMMER_JOBS["ordinary_practice"]


def _preschool_proposal(fund: Fund, leader: User | None,
                        department: Department | None) -> Project:
    fields = {k: v for k, v in PRESCHOOL.items() if k != "proposed_on"}
    project = Project(**fields, fund=fund, leader=leader, stage="proposal",
                      departments=[department] if department else [])
    project.stage_changes.append(
        _stage_change(PRESCHOOL["proposed_on"], "idea", "proposal", leader))
    return project


def seed_scoring(session: Session) -> None:
    """Add the proposals, the repayment and the steering group's scores of the demo round."""
    fund = session.scalars(select(Fund).where(Fund.key == FUND_KEY)).one()
    users = {u.email: u for u in session.scalars(select(User))}
    criteria = {c.key: c for c in session.scalars(select(Criterion))}
    projects = {p.key: p for p in session.scalars(select(Project))}
    departments = {d.key: d for d in session.scalars(select(Department))}

    _move_summer_jobs(projects[SUMMER_JOBS["key"]])
    preschool = _preschool_proposal(fund, users.get("projektledare@exempelkommun.se"),
                                    departments.get("bun"))
    session.add(preschool)
    projects[preschool.key] = preschool

    returned_by = projects[REPAYMENT["project"]]
    fund.ledger.append(LedgerEntry(
        date=REPAYMENT["date"], kind="repayment", project_id=returned_by.id,
        amount=REPAYMENT["amount"], note=REPAYMENT["note"],
    ))

    for number, (key, by_rater) in enumerate(RATINGS.items()):
        project = projects[key]
        for position, (email, (values, comments)) in enumerate(by_rater.items()):
            rater = users[email]
            for criterion_key, value in zip(CRITERIA_ORDER, values, strict=True):
                project.scores.append(Score(
                    rater_id=rater.id, criterion_id=criteria[criterion_key].id, value=value,
                    comment=comments.get(criterion_key, ""),
                ))
            project.score_submissions.append(ScoreSubmission(
                rater_id=rater.id,
                submitted_at=ROUND_START + timedelta(days=position, hours=number),
            ))
    session.flush()
