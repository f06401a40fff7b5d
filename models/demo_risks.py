"""The demo risk matrix: the falls-prevention initiative's risks from the guide's example.

The guide (section 5, fictitious example): before the start a risk analysis lists the most common
risks – staff turnover, older people declining the offer, a partner losing interest or
reprioritising – with how likely they are, how they are handled and who is responsible. The
organisation keeps the built-in 5 × 5 scale. The matrix as approved is kept as a snapshot;
since then staff turnover has grown more likely and an opportunity has been added.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain import risk as rk
from models.project import Project
from models.risks import (
    RiskValues,
    StopValues,
    add_risk,
    add_stop_criterion,
    current_scale,
    snapshot_risks,
)

PROJECT = "fallprevention"

#: As assessed before the approval.
RISKS = (
    RiskValues(
        description=("Personalomsättning i hemtjänsten: utbildad personal slutar och nya "
                     "medarbetare uppmuntrar inte de äldre till vardagsaktivitet vid besöken."),
        likelihood=3, impact=3, element="a2",
        action=("Utbilda nyanställda inom två månader från start. Utse ett träningsombud i varje "
                "hemtjänstgrupp och en biträdande projektledare, så att kunskapen inte hänger på "
                "enskilda personer."),
        owner="Enhetscheferna i hemtjänstområde Norr och Söder",
        review_on=date(2026, 3, 31),
    ),
    RiskValues(
        description=("De äldre som erbjuds träningen tackar nej, eller slutar efter några "
                     "tillfällen."),
        likelihood=3, impact=5, element="a1",
        action=("Fysioterapeuten gör ett första besök i hemmet och bjuder in personligen. "
                "Tider och lokaler anpassas efter deltagarna. Deltagandet följs upp varje månad "
                "och den som uteblivit två gånger i rad får ett samtal."),
        owner="Pia Ek, projektledare",
        review_on=date(2026, 1, 31),
    ),
    RiskValues(
        description=("Svalt intresse eller omprioriteringar hos hemsjukvården: fysioterapeutens "
                     "tid dras in under satsningen."),
        likelihood=2, impact=5, element="r2",
        action=("Skriftlig överenskommelse om fysioterapeutens tid för hela projektperioden. "
                "Hemsjukvårdens chef ingår i styrgruppen, och samarbetet stäms av varje kvartal."),
        owner="Projektägaren, förvaltningschef för äldreomsorgen",
        review_on=date(2026, 6, 30),
    ),
    RiskValues(
        description=("En deltagare skadas vid träningen (fall eller överansträngning), eller blir "
                     "mindre aktiv av oro efter att ha bedömts ha hög fallrisk."),
        likelihood=2, impact=4, element="a3", harms_individual=True,
        action=("Individuell bedömning med SPPB före start och anpassad träningsnivå. Varje fall "
                "under träningen rapporteras som avvikelse och utreds. Vid hög fallrisk ges "
                "åtgärder i hemmet och uppmuntran att fortsätta vara aktiv."),
        owner="Fysioterapeuten i hemsjukvården",
        review_on=date(2026, 3, 31),
    ),
)

#: Added after the approval.
OPPORTUNITY = RiskValues(
    kind=rk.OPPORTUNITY,
    description=("Primärvården vill erbjuda samma träning till äldre utan hemtjänst, vilket kan "
                 "ge underlag för en bredare implementering."),
    likelihood=3, impact=3,
    action=("Bjud in primärvården till styrgruppens höstmöte och dokumentera arbetssättet så att "
            "det kan spridas."),
    owner="Pia Ek, projektledare",
    review_on=date(2026, 9, 30),
)

STOP_CRITERIA = (
    StopValues(
        text=("Andelen i målgruppen som deltar i strukturerad fysisk aktivitet har inte nått "
              "25 procent efter 12 månader (20 procent vid start): styrgruppen beslutar om "
              "satsningen ska avbrytas eller läggas om."),
        kind="indicator", indicator="i5", threshold=Decimal("25"),
    ),
    StopValues(
        text=("Kostnaderna överskrider budgeten med mer än 10 procent utan att "
              "kommunstyrelsen beslutat om mer medel: satsningen avvecklas stegvis."),
        kind="budget", threshold=Decimal("0.10"),
    ),
)


def seed_risks(session: Session) -> None:
    """Give the falls-prevention initiative its risk matrix, stop criteria and the snapshot taken
    when it was approved."""
    project = session.scalar(select(Project).where(Project.key == PROJECT))
    if project is None:
        return
    scale = current_scale(session)
    risks = [add_risk(session, project, values, scale) for values in RISKS]
    for values in STOP_CRITERIA:
        add_stop_criterion(session, project, values)
    approval = next((c for c in project.stage_changes if c.to_stage == "approved"), None)
    snapshot = snapshot_risks(session, project, approval.reason if approval else "")
    if approval is not None:
        snapshot.taken_at = approval.at
    # Since the approval: two of the trained staff have left, and an opportunity has come up.
    risks[0].likelihood = 4
    add_risk(session, project, OPPORTUNITY, scale)
    session.flush()
