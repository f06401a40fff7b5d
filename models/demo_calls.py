"""The demo call for proposals of 2024: application form, screening, feedback letters, decisions.

The social investment fund's open call of 2024 drew six proposals. One (digital meetings against
loneliness) was set aside at screening: the need was not verified and the target group was vague.
The summer-jobs proposal was asked to describe its target group precisely and did so. The other
five were scored by the steering group (see ``models.demo_scoring``); the management group, on
delegation from the municipal executive board, prioritised the two that rest on a solid needs
analysis. Every proposer got a feedback letter; the one to the transition support is still a
draft.

All figures and names are illustrative; the municipality is fictitious.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.needs import NeedArea
from models.organisation import Criterion, Fund
from models.project import Project
from models.proposal import (
    Call,
    CallQuestion,
    Decision,
    FeedbackLetter,
    ProposalAnswer,
    Screening,
)
from models.user import User

CALL = {
    "key": "utlysning-2024",
    "title": "Sociala investeringar 2024",
    "kind": "open",
    "description": (
        "Socialinvesteringsfonden söker förslag på förebyggande insatser som kan minska "
        "framtida kostnader och förbättra livsvillkoren för invånarna. Förvaltningarna, gärna "
        "flera tillsammans, ansöker med en beskrivning av behovet, en precis målgrupp, en "
        "förenklad logikmodell och en budget. Förslagen bedöms av styrgruppen utifrån fondens "
        "kriterier; ledningsgruppen prioriterar på delegation från kommunstyrelsen."
    ),
    "opens": date(2024, 1, 8),
    "closes": date(2024, 3, 29),
    "decision_expected": date(2024, 5, 31),
}

QUESTIONS = (
    ("Hur ska arbetssättet leva vidare om insatsen faller väl ut?",
     "Beskriv vem som tar över kostnaden och ansvaret efter projekttiden.", True),
    ("Vilka samarbetspartner behövs, och har de sagt ja?",
     "Till exempel skolor, regionen eller civilsamhället.", True),
    ("Finns liknande insatser i andra kommuner?",
     "Hänvisa gärna till utvärderingar.", False),
)

#: The precise target group and the answers (in the order of ``QUESTIONS``) of each proposal.
PROPOSALS: dict[str, dict] = {
    "skola-familj": {
        "diagnosis": "Elever med svaga skolresultat och samtidigt stöd från socialtjänsten.",
        "risk_factor": "Hög frånvaro och familjer med försörjningsstöd.",
        "geography": "Norra skolan, årskurs 1–6.",
        "fields": {"ordinary_practice": ("Elevhälsans ordinarie stöd och socialtjänstens "
                                         "bistånd var för sig."),
                   "start": date(2024, 8, 15), "end": date(2027, 6, 30)},
        "current_intervention": ("Elevhälsans ordinarie stöd och socialtjänstens "
                                 "bistånd, utan samordning mellan dem."),
        "answers": (
            "Barn- och utbildningsnämnden och socialnämnden delar kostnaden enligt "
            "besparingen i respektive verksamhet.",
            "Norra skolan och socialtjänstens familjeenhet; båda har sagt ja.",
            "Liknande samverkan finns i Malmö och har utvärderats med positiva resultat.",
        ),
    },
    "overgang-hvb": {
        "diagnosis": "Unga som vårdats på HVB eller SiS på grund av eget beteende.",
        "risk_factor": "Tidigare omplaceringar och avbruten skolgång.",
        "geography": "Hela kommunen; unga placerade på HVB/SiS i och utanför kommunen.",
        "fields": {"ordinary_practice": ("Placeringen avslutas och ärendet följs upp enligt "
                                         "ordinarie rutin."),
                   "start": date(2024, 9, 1), "end": date(2027, 8, 31)},
        "current_intervention": ("Placeringen avslutas utan planerad öppenvård; "
                                 "omplacering vid nya problem."),
        "answers": (
            "Socialnämnden finansierar öppenvårdsteamet inom ram om placeringskostnaderna "
            "minskar.",
            "Regionens barn- och ungdomspsykiatri; samtal pågår.",
            "",
        ),
    },
    "fritid-unga": {
        "diagnosis": "",
        "risk_factor": "Låg andel unga som deltar i organiserad fritid.",
        "geography": "Västra området.",
        "current_intervention": "Fritidsgården har öppet två kvällar i veckan.",
        "answers": (
            "Kultur- och fritidsnämnden tar över verksamheten inom ram.",
            "Föreningar i Västra området.",
            "",
        ),
    },
    "sommarjobb": {
        "diagnosis": "",
        "risk_factor": "Unga 16–19 år i familjer med långvarigt försörjningsstöd.",
        "fields": {"size_total": 450, "size_reached": 100,
                   "start": date(2024, 6, 1), "end": date(2026, 8, 31)},
        "geography": "Hela kommunen.",
        "current_intervention": "Kommunens feriepraktik, fördelad efter anmälan.",
        "answers": (
            "Arbetsmarknadsenheten fortsätter inom feriepraktikens ram.",
            "Lokala företag via näringslivskontoret.",
            "Sommarjobb har utvärderats i Stockholm och i USA med blandade resultat.",
        ),
    },
    "sprak-forskola": {
        "diagnosis": "Barn med begränsat svenskt ordförråd.",
        "risk_factor": "Familjer där svenska inte talas hemma.",
        "geography": "De fyra förskolorna i Norra området.",
        "current_intervention": "Förskolans ordinarie språkarbete och specialpedagogiskt stöd.",
        "answers": (
            "Förskoleverksamheten tar över arbetssättet inom ram.",
            "Biblioteket i Norra området; har sagt ja.",
            "",
        ),
    },
    "digital-ensamhet": {
        "diagnosis": "",
        "risk_factor": "",
        "geography": "",
        "current_intervention": "",
        "answers": ("", "Pensionärsföreningarna.", ""),
    },
}

SCREENED_BY = "samordnare@exempelkommun.se"

#: Screening per proposal: status, risk level, complexity, and what else was recorded.
SCREENINGS: dict[str, dict] = {
    "skola-familj": {"status": "passed", "risk_level": "medium", "complexity": "high",
                     "screened_at": datetime(2024, 4, 2, 10, 0)},
    "overgang-hvb": {"status": "passed", "risk_level": "high", "complexity": "medium",
                     "screened_at": datetime(2024, 4, 2, 10, 30)},
    "fritid-unga": {"status": "passed", "risk_level": "low", "complexity": "low",
                    "note": ("Behovsanalysen och logikmodellen är svaga; "
                             "styrgruppen bedömer förslaget ändå."),
                    "screened_at": datetime(2024, 4, 2, 11, 0)},
    "sommarjobb": {
        "status": "passed", "risk_level": "low", "complexity": "medium",
        "completion_request": ("Beskriv målgruppen precist: vilka unga, hur många och var. "
                               "Ange också budgetbehovet."),
        "requested_at": datetime(2024, 4, 1, 9, 0),
        "completed_at": datetime(2024, 4, 4, 16, 0),
        "screened_at": datetime(2024, 4, 5, 10, 0),
    },
    "sprak-forskola": {"status": "passed", "risk_level": "low", "complexity": "low",
                       "screened_at": datetime(2024, 4, 2, 12, 0)},
    "digital-ensamhet": {
        "status": "set_aside",
        "reason": ("Behovet är inte verifierat och målgruppen är oprecis: det framgår inte "
                   "vilka äldre, hur många eller var."),
        "screened_at": datetime(2024, 4, 2, 13, 0),
    },
}

SIGNED_BY = "Sara Lind, samordnare för sociala investeringar"
OPENING = ("Tack för ert förslag till socialinvesteringsfondens utlysning 2024. Här är "
           "styrgruppens och samordnarens återkoppling.")
CLOSING = ("Hör gärna av er om ni vill diskutera återkopplingen eller få stöd inför nästa "
           "utlysning.")

LETTERS: dict[str, dict] = {
    "skola-familj": {
        "strengths": ("Behovet är analyserat på individnivå och styrgruppen är enig om att "
                      "det svarar mot ett prioriterat behov.\nTvå förvaltningar delar ansvaret."),
        "weaknesses": ("Implementerbarheten bedöms som medelgod: ansvarsfördelningen mellan "
                       "skolan och socialtjänsten behöver bli tydligare."),
        "improvements": ("Ta fram en detaljerad logikmodell med indikatorer och en plan för "
                         "effektutvärdering inför kommunstyrelsens beslut."),
        "sent_at": datetime(2024, 4, 25, 9, 0),
    },
    "fritid-unga": {
        "strengths": "Insatsen är lätt att genomföra och förenlig med politiska prioriteringar.",
        "weaknesses": ("Kopplingen till den psykiska ohälsan bland unga är inte visad.\n"
                       "Logikmodellen saknar mätbara utfall."),
        "improvements": ("Knyt förslaget till behovsanalysen av psykisk ohälsa bland unga och "
                         "ange vilka utfall verksamheten ska påverka och hur de mäts."),
        "sent_at": datetime(2024, 4, 25, 9, 30),
    },
    "sommarjobb": {
        "strengths": "Lätt att genomföra med den befintliga feriepraktiken.",
        "weaknesses": ("Behovet är inte analyserat med data.\nStyrgruppen är oenig om "
                       "evidensen: svenska utvärderingar visar små effekter."),
        "improvements": ("Analysera behovet med data, till exempel hur många unga i familjer "
                         "med försörjningsstöd som saknar sommarjobb, och beskriv vilket utfall "
                         "som ska förbättras."),
        "sent_at": datetime(2024, 4, 25, 10, 0),
    },
    "sprak-forskola": {
        "strengths": "Insatsen sätts in tidigt, före skolstart, och är lätt att implementera.",
        "weaknesses": "Behovet bygger på förskolornas iakttagelser, inte på data.",
        "improvements": ("Pengarna räckte inte till förslaget i år. Verifiera behovet med "
                         "data, till exempel språkscreening vid fyra års ålder, och sök igen."),
        "sent_at": datetime(2024, 4, 25, 10, 30),
    },
    "digital-ensamhet": {
        "strengths": "Förslaget tar upp ett behov som många äldre beskriver.",
        "weaknesses": ("Förslaget lades åt sidan vid granskningen: behovet är inte verifierat "
                       "och målgruppen är oprecis."),
        "improvements": ("Beskriv målgruppen precist (vilka äldre, hur många, var) och vad de "
                         "får i dag, och koppla förslaget till behovsanalysen av ensamhet bland "
                         "äldre."),
        "sent_at": datetime(2024, 4, 5, 9, 0),
    },
    "overgang-hvb": {
        "strengths": ("Flödesanalysen av 200 omplaceringar är ett starkt underlag och den "
                      "förväntade ekonomiska vinsten är stor."),
        "weaknesses": "Osäkert hur stor effekten blir för de äldsta ungdomarna.",
        "improvements": "Bekräfta samarbetet med regionens barn- och ungdomspsykiatri.",
        "sent_at": None,
    },
}

DECISIONS = {
    "skola-familj": {"reference": "LG 2024-04-22 § 14"},
    "overgang-hvb": {"reference": "LG 2024-04-22 § 15"},
}
DECISION_DAY = date(2024, 4, 22)
DECISION_CONDITIONS = ("Prioriteras inför kommunstyrelsens beslut om medel. Förutsätter en "
                       "detaljerad logikmodell och en plan för effektutvärdering.")


def seed_calls(session: Session) -> None:
    """Add the 2024 call with its proposals' answers, screenings, letters and decisions."""
    fund = session.scalars(select(Fund).where(Fund.key == "si-fond")).one()
    projects = {p.key: p for p in session.scalars(select(Project))}
    coordinator = session.scalars(select(User).where(User.email == SCREENED_BY)).one()
    call = Call(**CALL, fund=fund, created_at=datetime(2024, 1, 8, 8, 0),
                criteria=list(session.scalars(select(Criterion).order_by(Criterion.position))))
    call.need_areas = list(session.scalars(
        select(NeedArea).where(NeedArea.key.in_(("placerade-unga", "skolresultat")))
    ))
    for position, (text, guidance, required) in enumerate(QUESTIONS):
        call.questions.append(CallQuestion(position=position, text=text, guidance=guidance,
                                           required=required))
    session.add(call)
    session.flush()

    for key, fields in PROPOSALS.items():
        project = projects[key]
        project.call_id = call.id
        for name in ("diagnosis", "risk_factor", "geography", "current_intervention"):
            setattr(project, name, fields[name])
        for name, value in fields.get("fields", {}).items():
            if not getattr(project, name):
                setattr(project, name, value)
        for question, text in zip(call.questions, fields["answers"], strict=True):
            if text:
                session.add(ProposalAnswer(project_id=project.id, question_id=question.id,
                                           text=text))
        session.add(Screening(project_id=project.id, screened_by=SCREENED_BY,
                              **SCREENINGS[key]))
        letter = LETTERS[key]
        session.add(FeedbackLetter(
            project_id=project.id, opening=OPENING, closing=CLOSING, signed_by=SIGNED_BY,
            strengths=letter["strengths"], weaknesses=letter["weaknesses"],
            improvements=letter["improvements"], drafted_at=datetime(2024, 4, 24, 15, 0),
            status="sent" if letter["sent_at"] else "draft", sent_at=letter["sent_at"],
            sent_by=SCREENED_BY if letter["sent_at"] else "",
        ))

    for key, fields in DECISIONS.items():
        project = projects[key]
        change = next((c for c in project.stage_changes if c.to_stage == "prioritised"), None)
        if change is not None:
            change.at = datetime(2024, 4, 22, 16, 0)
            change.reason = f"{fields['reference']}: {DECISION_CONDITIONS}"
        session.add(Decision(
            project_id=project.id, body="management",
            body_name="Ledningsgruppen (på delegation från kommunstyrelsen)",
            decided_on=DECISION_DAY, reference=fields["reference"], outcome="prioritised",
            amount=None, conditions=DECISION_CONDITIONS, recorded_by=coordinator.email,
            recorded_at=datetime(2024, 4, 22, 16, 0),
            stage_change_id=change.id if change else None,
        ))
    session.flush()
