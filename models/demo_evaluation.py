"""The demo's evaluations and implementation plan: the truancy initiative and the home visits.

Both are the guide's fictitious examples (appendix B). What the guide gives is used as given:

* truancy: the goals (−25 % invalid absence among all pupils, −40 % among pupils with at least
  60 % invalid absence, −50 % not completing upper-secondary school in time), the changes at the
  school (−30 %, −40 %, −60 %) and at the other upper-secondary school, the generic comparison
  (−12 %, −15 %, −25 %); every goal is met within the group, none by the effect, and the
  initiative is still judged a success; it cost four million kronor; it mainly helped pupils
  whose absence came from low motivation for their studies;
* home visits: 20 % against 55 % granted assistance beyond a safety alarm after 12 months,
  WHO-5 +25 % against +7 %, +35 % against +15 % among the fifth screened positive for
  depression, assistance costs 4 MSEK lower over the 12 months; the visit, the plan and the three
  follow-up calls were the effective parts, the group meetings did not affect the effect; the
  scale-up costs 3.5 MSEK a year for two teams, management, material, equipment and
  administration including follow-up, and is expected to give 20 % better WHO-5 and 9 MSEK lower
  costs; the executive board asks for a report after 18 months.

Everything else (the levels behind the changes, group sizes, the success criteria, the
stakeholders, the phases, the financing shares, dates) is an assumption made for the demo, and
the row's note or text says so ("Demoantagande: …").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import evaluation_plans
from models.demo_economics import DEMO
from models.design import IndicatorExpectation
from models.evaluation import (
    ComponentAssessment,
    EvaluationResult,
    ProjectEvaluation,
    Stakeholder,
)
from models.implementation import (
    ImplementationFinancing,
    ImplementationPhase,
    ImplementationPlan,
)
from models.logic_models import element_by_key, indicator_by_key
from models.project import Project

D = Decimal


@dataclass(frozen=True)
class Result:
    """An outcome indicator's result: changes (signed fractions), the goal, levels, group sizes.

    Levels of a share are fractions (0.08 = 8 %), like the changes."""

    indicator: str
    intervention_change: str
    comparison_change: str | None
    goal: str | None = None
    levels: tuple[str, str, str, str] | None = None
    change_kind: str = "relative"
    n: tuple[int, int] | None = None
    note: str = ""


# --- The truancy initiative (stage evaluation) --------------------------------------------------

TRUANCY = "skolfranvaro"

TRUANCY_RESULTS = (
    Result("i6", "-0.30", "-0.12", goal="-0.25", levels=("0.08", "0.056", "0.075", "0.066"),
           n=(900, 850),
           note=("Guidens resultattabell: minskat med 30 % mot 12 % på kommunens andra "
                 "gymnasieskola (generisk kontrollgrupp). " + DEMO + "nivåerna (8,0 % till "
                 "5,6 % och 7,5 % till 6,6 % ogiltig frånvaro av schemalagd tid) och "
                 "gruppstorlekarna.")),
    Result("i7", "-0.40", "-0.15", goal="-0.40", levels=("0.70", "0.42", "0.68", "0.578"),
           n=(48, 41),
           note=("Guidens resultattabell: minskat med 40 % mot 15 % bland elever med minst "
                 "60 % ogiltig frånvaro. " + DEMO + "nivåerna (70 % till 42 % och 68 % till "
                 "57,8 %) och gruppstorlekarna.")),
    Result("i9", "-0.60", "-0.25", goal="-0.50", levels=("0.20", "0.08", "0.16", "0.12"),
           n=(225, 210),
           note=("Guidens resultattabell: andelen som inte fullföljer gymnasiet i tid har "
                 "minskat med 60 % mot 25 %. " + DEMO + "nivåerna (20 % till 8 % och 16 % till "
                 "12 % av en årskull) och gruppstorlekarna.")),
)

#: The agreed success criteria (the smallest effect that counts as success), signed.
TRUANCY_CRITERIA = {"i6": "-0.15", "i7": "-0.20", "i9": "-0.30"}
TRUANCY_CRITERIA_NOTE = (
    DEMO + "guiden anger inte framgångskriterierna, bara att effekterna bedömdes vara "
    "tillräckligt stora för att satsningen skulle anses lyckad. Styrgruppen antas ha kommit "
    "överens om en minskning som är minst 15, 20 och 30 procentenheter större än på den andra "
    "gymnasieskolan."
)

#: Rows of the stakeholder analysis in the columns of the guide's table 2; the rows themselves
#: are the demo's.
TRUANCY_STAKEHOLDERS = (
    ("Elever med minst 60 procent ogiltig frånvaro",
     "Fick kartläggning, individuell handlingsplan och studiecoachning.", "interview",
     "Vad som fick dem att komma tillbaka till skolan, och vad som inte hjälpte."),
    ("Elever vid skolan",
     "Omfattades av den dagliga närvarouppföljningen och kontakten med hemmet.", "survey",
     "Studiemotivation och hur de uppfattade uppföljningen (elevenkäten vid läsårets start "
     "och slut)."),
    ("Lärare och mentorer",
     "Registrerade frånvaron vid varje lektion och följde upp eleverna tillsammans med "
     "närvarokoordinatorn.", "focus_group",
     "Hur registreringen fungerade i vardagen och vilka elever satsningen inte nådde."),
    ("Elevhälsan: kurator, skolsköterska och närvarokoordinator",
     "Genomförde kartläggningarna, handlingsplanerna och de motiverande samtalen.",
     "interview",
     "Vilka delar av arbetssättet som gjorde skillnad, och för vilka elever."),
    ("Vårdnadshavare",
     "Kontaktades samma dag vid ogiltig frånvaro och deltog i handlingsplanerna.", "interview",
     "Hur kontakten med skolan upplevdes och vad som förändrades hemma."),
    ("Skolledningen (rektor)",
     "Ansvarade för satsningen på skolan och för schemaläggningen.", "interview",
     "Förutsättningar för att föra över arbetssättet till ordinarie verksamhet."),
    ("Socialsekreteraren på skolan",
     "Fanns på skolan två dagar i veckan och deltog i samverkansmötena.", "interview",
     "Samverkan mellan skola och socialtjänst kring elever med hög frånvaro."),
    ("Närvarosystemet och mötesanteckningarna",
     "Dokumenterade frånvaron, kontakterna med hemmet och samverkansmötena.",
     "document_review",
     "Hur ofta och hur snabbt aktiviteterna genomfördes (processmåtten)."),
)

TRUANCY_COMPONENTS = (
    ("a1", "Daglig närvarouppföljning med kontakt med hemmet samma dag", "decisive",
     DEMO + "lärare, elever och vårdnadshavare beskriver den snabba kontakten som det som "
            "bröt mönstret innan frånvaron hann bli lång."),
    ("a3", "Motiverande samtal och enskild studiecoachning", "decisive",
     "Den kvalitativa utvärderingen visade att satsningen främst hjälpte elever med hög "
     "frånvaro på grund av låg studiemotivation."),
    ("a4", "Samverkansmöten mellan skola, elevhälsa och socialtjänst", "superfluous",
     DEMO + "de flesta ärenden löstes redan i elevhälsan; samverkansmötena i fast form kan "
            "ersättas av att socialsekreteraren konsulteras vid behov."),
    # Part of a3 in practice, judged on its own: a component need not be a whole activity.
    (None, "Studiecoachning i grupp", "counterproductive",
     DEMO + "elever med oro eller ångest undvek gruppträffarna och några av dem fick mer "
            "frånvaro. Guiden pekar på att satsningen behöver kompletteras för elever vars "
            "frånvaro beror på till exempel psykisk ohälsa."),
)

TRUANCY_EVALUATION = {
    "actual_cost": D("4000000.00"),
    "judged_success": True,
    "conclusion": (
        "Samtliga mål för satsningens målgrupp har uppfyllts när baslinjen jämförs med "
        "resultaten vid satsningens slut: den ogiltiga frånvaron minskade med 30 % bland alla "
        "elever och med 40 % bland elever med minst 60 % ogiltig frånvaro, och andelen som inte "
        "fullföljer gymnasiet i tid minskade med 60 %. Förbättringar syns också på kommunens "
        "andra gymnasieskola, och jämfört med den är effekterna 18, 25 och 35 procentenheter. "
        "Effekterna når därför inte de ursprungliga målsättningarna, men de är tillräckligt "
        "stora för att satsningen ska anses vara lyckad: alla framgångskriterier är uppfyllda. "
        "Satsningen har kostat fyra miljoner kronor under tre år."
    ),
    "causes": (
        "Satsningen hjälpte främst elever med hög frånvaro på grund av låg studiemotivation. "
        "Den kan behöva kompletteras med moment för att nå och hjälpa elever som har ogiltig "
        "frånvaro av andra orsaker, till exempel psykisk ohälsa. "
        + DEMO + "den dagliga kontakten med hemmet och den enskilda coachningen var avgörande; "
                 "coachningen i grupp passade inte elever med oro eller ångest."
    ),
    "long_term_link": (
        "Fler elever som fullföljer gymnasiet i tid minskar behovet av extra utbildningsår "
        "och, på längre sikt, av ekonomiskt bistånd (logikmodellens långsiktiga mål). "
        + DEMO + "effekten på ekonomiskt bistånd är inte uppmätt utan följs upp tre år efter "
                 "gymnasiet."
    ),
    "lessons": (
        DEMO + "en generisk kontrollgrupp är en svag jämförelse; i en uppskalning bör "
               "skolorna börja samtidigt i olika takt så att en bättre jämförelse blir möjlig. "
               "Frånvaron måste registreras på samma sätt på båda skolorna."
    ),
    "communication": (
        DEMO + "slutrapporten presenteras för barn- och utbildningsnämnden och socialnämnden, "
               "på en arbetsplatsträff på båda gymnasieskolorna och i kommunens nätverk för "
               "sociala investeringar."
    ),
    "report_date": date(2026, 10, 15),
}


# --- The home visits (stage implementation) -----------------------------------------------------

HOME_VISITS = "hembesok"

HOME_VISIT_RESULTS = (
    Result("i9", "0.20", "0.55", levels=("0", "0.20", "0", "0.55"), change_kind="absolute",
           n=(600, 580),
           note=("Guiden: 20 % av deltagarna mot 55 % i jämförelsegruppen hade beviljats "
                 "biståndsinsatser utöver trygghetslarm 12 månader efter hembesöket, en "
                 "skillnad på 35 procentenheter. " + DEMO + "ingen i någon av grupperna hade "
                 "sådana insatser vid hembesöket (nivån 0 före), och gruppstorlekarna. Målet i "
                 "logikmodellen (30 % mot 55 %) är en nivå, inte en förändring inom gruppen, "
                 "och anges därför inte som mål här.")),
    Result("i6", "0.25", "0.07", goal="0.25", levels=("52", "65", "50", "53.5"), n=(540, 500),
           note=("Guiden: en genomsnittlig förbättring enligt WHO-5 med 25 % mot 7 % i "
                 "jämförelsegruppen. " + DEMO + "poängen före och efter och "
                 "gruppstorlekarna.")),
    Result("i7", "0.35", "0.15", goal="0.30", n=(120, 110),
           note=("Guiden: för de 20 % som gav utslag för depression var förbättringen 35 % mot "
                 "15 % i jämförelsegruppen. " + DEMO + "gruppstorlekarna.")),
)

HOME_VISIT_COMPONENTS = (
    ("a1", "Hembesöket med en individuell plan för aktivitet och kost", "decisive",
     "Hembesöket och planen som tas fram vid besöket bedöms, tillsammans med de uppföljande "
     "samtalen, som de effektiva delarna av insatsen."),
    ("a2", "Tre uppföljande telefonsamtal", "decisive",
     "Bedöms tillsammans med hembesöket och planen som de effektiva delarna av insatsen."),
    ("a4", "Gruppträffar med gyminstruktör och kock", "superfluous",
     "Har varit uppskattade av den minoritet som deltagit men bedöms inte ha påverkat "
     "effekten av satsningen."),
)

HOME_VISIT_EVALUATION = {
    "actual_cost": D("2000000.00"),
    "observed_cost_change": D("-4000000.00"),
    "observed_months": 12,
    "observed_cost_note": (
        "Kostnaderna för biståndsbedömda insatser är 4 miljoner kronor lägre under samma "
        "12-månadersperiod för dem som tagit del av satsningen än för jämförelsegruppen. "
        + DEMO + "den faktiska kostnaden för piloten är lika med budgeten, 2 miljoner kronor."
    ),
    "judged_success": True,
    "conclusion": (
        "Färre deltagare än i jämförelsegruppen behövde biståndsinsatser utöver trygghetslarm "
        "efter 12 månader (20 % mot 55 %), välmåendet enligt WHO-5 förbättrades mer (25 % mot "
        "7 %), liksom för dem som gav utslag för depression (35 % mot 15 %), och kostnaderna "
        "för biståndsbedömda insatser var 4 miljoner kronor lägre. Hembesök och uppföljande "
        "samtal föreslås implementeras och erbjudas samtliga i målgruppen."
    ),
    "causes": (
        "Hembesöket och den plan för aktivitet och kost som tas fram vid tillfället, tillsammans "
        "med tre uppföljande telefonsamtal, bedöms som de effektiva delarna. Gruppträffarna med "
        "gyminstruktör och kock har varit uppskattade av den minoritet som deltagit men bedöms "
        "inte ha påverkat effekten."
    ),
    "long_term_link": (
        "Satsningen syftar till att förebygga ohälsa som kräver omfattande vård- och "
        "omsorgsinsatser, så att fler kan leva ett självständigt liv längre. " + DEMO
        + "att effekten på biståndsinsatser består efter de första 12 månaderna följs upp "
          "efter implementeringen."
    ),
    "lessons": (
        "För att klara uppskalningen behöver ett nytt team rekryteras och tränas i metoden."
    ),
    "communication": (
        DEMO + "resultaten redovisas för vård- och omsorgsnämnden och kommunstyrelsen, som "
               "underlag för beslutet om implementering, och i samverkansforumet med regionen."
    ),
    "report_date": date(2025, 5, 15),
}

HOME_VISIT_PLAN = {
    "annual_cost": D("3500000.00"),
    "cost_note": (
        "Två hembesöksteam med hälsopedagog och dietist, ledning samt material, utrustning och "
        "administration inklusive uppföljning: 3,5 miljoner kronor per år."
    ),
    "annual_saving": D("9000000.00"),
    "expected_effect": (
        "20 procents förbättring enligt WHO-5 för dem som tar del av insatsen, och 9 miljoner "
        "kronor lägre kostnader jämfört med om insatsen inte hade funnits."
    ),
    "rollout": "phased",
    "starts_on": date(2025, 9, 1),
    "ends_on": date(2027, 8, 31),
    "financing_kind": "mixed",
    "replaces": (
        "Hembesöket och de tre uppföljande samtalen erbjuds samtliga i målgruppen: personer "
        "äldre än 65 år som ansökt om eller fått sitt första biståndsbeslut. Gruppträffarna "
        "med gyminstruktör och kock förs inte över. " + DEMO + "hembesöket ersätter "
        "biståndshandläggarens uppföljningssamtal efter det första beslutet och förvaltningens "
        "informationsutskick till nya sökande."
    ),
    "ownership": (
        DEMO + "vård- och omsorgsförvaltningen äger metoden och ansvarar för drift, personal "
               "och uppföljning; regionens primärvård är samverkanspart och medfinansiär. "
               "Ansvaret är förankrat i vård- och omsorgsnämnden och i samverkansavtalet med "
               "regionen."
    ),
    "delivery": (
        DEMO + "biståndshandläggarna erbjuder hembesök i samband med det första beslutet. "
               "Uppskalningen sker i två etapper per område: det befintliga teamet tar norra "
               "och centrala området, och ett nytt team rekryteras och tränas i metoden för "
               "södra och västra området."
    ),
    "organisation": (
        DEMO + "de två teamen ingår i äldreomsorgens förebyggande enhet med en gemensam "
               "enhetschef; metodstödet ligger hos den tidigare projektledaren."
    ),
    "forums": (
        DEMO + "ledningsgruppen för äldreomsorgen varje månad och samverkansforumet för äldre "
               "mellan kommunen och regionen varje kvartal."
    ),
    "prerequisites": (
        "Ett nytt team behöver rekryteras och tränas i metoden. " + DEMO + "lokaler för det "
        "andra teamet, bedömningsinstrumenten (WHO-5 och GDS-15) i verksamhetssystemet och en "
        "rutin för hänvisning till vårdcentralen vid utslag för depression."
    ),
    "new_context": (
        DEMO + "i piloten bjöds de in som tackat ja till att delta; i ordinarie verksamhet "
               "erbjuds alla i målgruppen besök, också de som är svårare att nå. Det nya teamet "
               "har inte varit med i piloten."
    ),
    "obstacles": (
        DEMO + "svårt att rekrytera dietist: en tjänst delas med regionen om rekryteringen "
               "drar ut på tiden. Tackar färre ja än i piloten följer ledningsgruppen upp "
               "andelen varje kvartal och ändrar hur inbjudan görs."
    ),
    # The executive board asks how it is going after 18 months.
    "follow_up_date": date(2027, 3, 1),
}

HOME_VISIT_PHASES = (
    ("Etapp 1: norra och centrala området",
     "Det befintliga hembesöksteamet; hemtjänstområdena Norr och Centrum.",
     date(2025, 9, 1), date(2026, 8, 31), D("0.50")),
    ("Etapp 2: hela kommunen",
     "Ett nytt team rekryteras och tränas i metoden; hemtjänstområdena Söder och Väster "
     "tillkommer.", date(2026, 9, 1), date(2027, 8, 31), D("1.00")),
)

HOME_VISIT_FINANCING = (
    ("vof", D("0.80"),
     DEMO + "inom vård- och omsorgsförvaltningens ram, genom att de lägre kostnaderna för "
            "biståndsbedömda insatser återförs till förebyggande arbete."),
    ("region", D("0.20"),
     DEMO + "regionen (primärvården) finansierar en femtedel som tillkommande medel, eftersom "
            "en del av vinsten uppstår i vården (färre vårdkontakter och fallskador)."),
)


# --- Writing ------------------------------------------------------------------------------------


def _results(session: Session, project: Project, results: tuple[Result, ...]) -> None:
    for spec in results:
        indicator = indicator_by_key(project, spec.indicator)
        if indicator is None:
            continue
        levels = tuple(D(v) for v in spec.levels) if spec.levels else (None,) * 4
        session.add(EvaluationResult(
            project_id=project.id, indicator=indicator,
            goal=D(spec.goal) if spec.goal is not None else None,
            intervention_change=D(spec.intervention_change),
            comparison_change=(D(spec.comparison_change)
                               if spec.comparison_change is not None else None),
            intervention_before=levels[0], intervention_after=levels[1],
            comparison_before=levels[2], comparison_after=levels[3],
            change_kind=spec.change_kind,
            n_intervention=spec.n[0] if spec.n else None,
            n_comparison=spec.n[1] if spec.n else None,
            note=spec.note,
        ))


def _components(session: Session, project: Project, components) -> None:
    for position, (element_key, name, verdict, reason) in enumerate(components):
        element = element_by_key(project, element_key) if element_key else None
        session.add(ComponentAssessment(
            project_id=project.id, position=position, element=element, name=name,
            verdict=verdict, reason=reason,
        ))


def _success_criteria(session: Session, project: Project) -> None:
    """The agreed success criteria of the truancy results, unless the plan already has some."""
    if evaluation_plans.plan_of(session, project) is None:
        evaluation_plans.choose_comparison(session, project, "generic_control", version=None)
    stored = evaluation_plans.expectations_of(session, project)
    for key, min_effect in TRUANCY_CRITERIA.items():
        indicator = indicator_by_key(project, key)
        if indicator is None:
            continue
        row = stored.get(indicator.id)
        if row is not None and row.min_effect is not None:
            continue
        if row is None:
            row = IndicatorExpectation(project_id=project.id, indicator=indicator)
            session.add(row)
        row.min_effect = D(min_effect)
        row.basis_note = TRUANCY_CRITERIA_NOTE
        row.agreed_by = "Styrgruppen: Annika Dahl, Hanna Björk och Per Lindqvist"
        row.agreed_on = date(2023, 6, 15)


def seed_truancy_evaluation(session: Session, project: Project) -> None:
    """The truancy initiative's results table, success criteria, stakeholders, components and
    conclusions (guide, appendix B)."""
    _success_criteria(session, project)
    _results(session, project, TRUANCY_RESULTS)
    for position, (name, connection, method, information) in enumerate(TRUANCY_STAKEHOLDERS):
        session.add(Stakeholder(
            project_id=project.id, position=position, name=name, connection=connection,
            method=method, information=DEMO + information[0].lower() + information[1:],
        ))
    _components(session, project, TRUANCY_COMPONENTS)
    session.add(ProjectEvaluation(project_id=project.id, **TRUANCY_EVALUATION))
    session.flush()


def seed_home_visits(session: Session, project: Project) -> None:
    """The home visits' results, components, conclusions and implementation plan."""
    _results(session, project, HOME_VISIT_RESULTS)
    _components(session, project, HOME_VISIT_COMPONENTS)
    session.add(ProjectEvaluation(project_id=project.id, **HOME_VISIT_EVALUATION))
    session.add(ImplementationPlan(project_id=project.id, **HOME_VISIT_PLAN))
    for position, (name, units, starts_on, ends_on, coverage) in enumerate(HOME_VISIT_PHASES):
        session.add(ImplementationPhase(
            project_id=project.id, position=position, name=name, units=units,
            starts_on=starts_on, ends_on=ends_on, coverage=coverage,
        ))
    for actor, share, note in HOME_VISIT_FINANCING:
        session.add(ImplementationFinancing(project_id=project.id, actor=actor, share=share,
                                            note=note))
    session.flush()


def seed_evaluations(session: Session) -> None:
    """Give the truancy initiative and the home visits their evaluation, and the home visits
    their implementation plan."""
    projects = {p.key: p for p in session.scalars(
        select(Project).where(Project.key.in_([TRUANCY, HOME_VISITS])))}
    if TRUANCY in projects:
        seed_truancy_evaluation(session, projects[TRUANCY])
    if HOME_VISITS in projects:
        seed_home_visits(session, projects[HOME_VISITS])
