"""The demo's follow-up (guide, section 6): indicator values, participants, drop-outs, resource
use and check-ins of the running initiatives, and (``models.demo_evaluation``) the evaluations
and the implementation plan.

* **Falls prevention** reports its process measures every quarter. The share of the invited who
  take part in at least half of the training sessions falls behind plan (60 %), the risk the
  guide's example names ("the older people decline"), so the portfolio shows the indicator
  behind plan; the steering group's check-ins record what was done about it.
* **Parental support** follows the guide's example (appendix B): after the first two months
  attendance is lower on one weekday, and one group meeting is moved to another day; two months
  later one trainer has lower attendance than the others and gets more training and support.
  Attendance is reported every month, broken down by weekday and by trainer, up to June 2026,
  the last month before the project ended. Participants are counted per intake and risk
  profile; of the six drop-outs, two are flagged as possible harm and one of those is not yet
  investigated.

Attendance needs a process measure of the group meetings (activity ``a1``) in the
parental-support logic model. The demo's model of that initiative is a simplified one without
indicators, so the values are written only once such a measure exists
(``attendance_indicator``); ``ATTENDANCE`` is the measure to add.

Values of an indicator in per cent are in per cent (75 = 75 %), like the logic model's targets.
Dates are fixed (nothing depends on today). Names and figures are illustrative; what the guide
does not give is marked as the demo's assumption ("Demoantagande: …").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import organisations
from models.demo_economics import DEMO
from models.demo_evaluation import seed_evaluations
from models.design import PlannedCheckIn
from models.domain.governance import add_months
from models.follow_up import (
    CheckIn,
    CheckInDecision,
    DropOut,
    IndicatorReporting,
    IndicatorValue,
    ParticipantFlow,
    ResourceUse,
)
from models.logic_model import LogicIndicator
from models.logic_models import IndicatorValues, element_by_key, indicator_by_key
from models.project import Project

D = Decimal

FALLS = "fallprevention"
PARENTING = "foraldrastod"

FALLS_LEADER = "projektledare@exempelkommun.se"
PARENTING_LEADER = "projektledare2@exempelkommun.se"


def _held_on(planned: date) -> date:
    """The weekday after the planned date: when the demo's steering groups met."""
    day = planned + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _recorded_at(period: date, months: int) -> datetime:
    """Values are entered on the 10th of the month after the period."""
    return datetime.combine(add_months(period, months).replace(day=10), datetime.min.time()
                            ).replace(hour=9)


def _planned_check_ins(session: Session, project: Project) -> list[PlannedCheckIn]:
    return list(session.scalars(select(PlannedCheckIn).where(
        PlannedCheckIn.project_id == project.id).order_by(PlannedCheckIn.planned_on)))


def _decision(project: Project, decision: str, *, prompt: str = "other",
              indicator: LogicIndicator | None = None, drop_out: DropOut | None = None,
              prompted_by: str = "", action: str = "", responsible: str = "",
              position: int = 0) -> CheckInDecision:
    return CheckInDecision(
        project_id=project.id, position=position, decision=decision, prompt=prompt,
        indicator=indicator, drop_out=drop_out, prompted_by=prompted_by, action=action,
        responsible=responsible,
    )


# --- Falls prevention: quarterly process measures, one behind plan ------------------------------

FALLS_QUARTERS = (date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1),
                  date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1))

#: Indicator key → (who is responsible for reporting it, planned per quarter, actual per
#: quarter). The summer quarter has fewer training sessions.
FALLS_VALUES = {
    "i1": ("Johanna Lund, fysioterapeut",
           (48, 48, 36, 48, 48, 48, 36), (48, 49, 36, 48, 48, 48, 37)),
    "i2": ("Johanna Lund, fysioterapeut",
           (60, 60, 60, 60, 60, 60, 60), (58, 55, 49, 50, 47, 46, 45)),
    "i3": ("Karin Ström, enhetschef i hemtjänsten",
           (30, 60, 90, 90, 90, 90, 90), (32, 63, 91, 92, 90, 90, 91)),
    "i4": ("Nils Berg, arbetsterapeut",
           (50, 95, 95, 95, 95, 95, 95), (55, 96, 96, 97, 95, 96, 96)),
}
FALLS_COMMENTS = {
    "i1": DEMO + "antal pass per kvartal enligt närvarolistorna (plan 180 pass per år).",
    "i2": DEMO + "andel av de inbjudna enligt närvarolistorna per deltagare.",
    "i3": DEMO + "andel av personalen i de två hemtjänstområdena enligt "
                 "kompetensförteckningen.",
    "i4": DEMO + "andel av målgruppen med en bedömning i Senior alert de senaste sex "
                 "månaderna.",
}

FALLS_PARTICIPANTS = ("Sara Lind (projektägare); Maria Holmberg, Lars Öberg och Eva Sandberg "
                      "(styrgrupp); Pia Ek (projektledare)")

#: Planned date → (notes, decisions as (decision, prompt, indicator key, prompted by, action,
#: responsible)). Check-ins not listed here were held with a decision to continue.
FALLS_CHECK_INS = {
    date(2025, 1, 1): (
        "Uppstart: roller, rapporteringsplan och kriterier för framgång gicks igenom. "
        "Gruppträningen startar i februari i båda hemtjänstområdena.",
        [("continue", "schedule", None, "", "Träningen startar enligt plan.", "Pia Ek")]),
    date(2025, 9, 1): (
        "Andelen inbjudna som deltar i minst hälften av träningstillfällena sjönk till 55 % "
        "under andra kvartalet (planen är 60 %). Flera har slutat efter några tillfällen.",
        [("intensify", "indicator", "i2",
          "Andelen som deltar i minst hälften av tillfällena ligger under planen.",
          "Fysioterapeuten ringer den som uteblivit två gånger i rad, och PRO:s frivilliga "
          "erbjuder sällskap till träningen, från oktober.", "Johanna Lund")]),
    date(2025, 11, 1): (
        "Andelen sjönk till 49 % under tredje kvartalet. Deltagarna önskar tider på "
        "förmiddagen, då hemtjänstens besök inte krockar.",
        [("adjust", "indicator", "i2",
          "Andelen som deltar i minst hälften av tillfällena ligger fortsatt under planen.",
          "Ett av de två veckopassen flyttas till förmiddag från januari.", "Pia Ek")]),
    date(2026, 3, 1): (
        "Två utbildade medarbetare har slutat i hemtjänsten; de nyanställda utbildas inom två "
        "månader enligt riskplanen. Utbildningsandelen håller planen.",
        [("continue", "resources", None,
          "Personalomsättningen i hemtjänsten har ökat (risk 1 i riskmatrisen).",
          "Enhetscheferna bokar de nyanställda på nästa utbildningstillfälle.",
          "Karin Ström")]),
    date(2026, 5, 1): (
        "Andelen var 47 % under första kvartalet trots åtgärderna. Brev som inbjudan når inte "
        "fram; de som bjudits in personligt av hemtjänstpersonalen deltar oftare.",
        [("adjust", "indicator", "i2",
          "Andelen som deltar i minst hälften av tillfällena ligger fortsatt under planen.",
          "Hemtjänstpersonalen bjuder in personligen vid besöken i stället för med brev.",
          "Ahmed Khalil")]),
    date(2026, 11, 1): (
        "Andelen var 45 % under tredje kvartalet. Styrgruppen diskuterade om gruppträningen "
        "ska läggas om.",
        [("adjust", "indicator", "i2",
          "Andelen som deltar i minst hälften av tillfällena har legat under planen i fem "
          "kvartal.",
          "Projektledaren tar fram ett förslag till mindre grupper i hemtjänstområdenas "
          "träffpunkter till styrgruppens möte i januari.", "Pia Ek")]),
}
FALLS_ROUTINE_NOTE = ("Lägesrapport: processmåtten, deltagandet och avvikelser mot planen "
                      "gicks igenom.")

#: The check-ins held so far: those planned before the demo's "today" (23 November 2026).
DEMO_TODAY = date(2026, 11, 23)


def _falls(session: Session, project: Project) -> None:
    for key, (responsible, planned, actual) in FALLS_VALUES.items():
        indicator = indicator_by_key(project, key)
        if indicator is None:
            continue
        session.add(IndicatorReporting(
            project_id=project.id, indicator=indicator, frequency="quarter",
            first_period=FALLS_QUARTERS[0], responsible=responsible))
        for period, plan, value in zip(FALLS_QUARTERS, planned, actual, strict=True):
            session.add(IndicatorValue(
                project_id=project.id, indicator=indicator, period=period, planned=D(plan),
                actual=D(value), reported_by=responsible, comment=FALLS_COMMENTS[key],
                recorded_at=_recorded_at(period, 3), recorded_by=FALLS_LEADER))
    session.flush()
    for planned in _planned_check_ins(session, project):
        if _held_on(planned.planned_on) > DEMO_TODAY:
            continue
        notes, decisions = FALLS_CHECK_INS.get(planned.planned_on, (FALLS_ROUTINE_NOTE, [
            ("continue", "schedule", None, "", "Satsningen fortsätter enligt plan.",
             "Pia Ek")]))
        check_in = CheckIn(project_id=project.id, held_on=_held_on(planned.planned_on),
                           planned=planned, participants=FALLS_PARTICIPANTS,
                           notes=DEMO + notes[0].lower() + notes[1:],
                           recorded_by=FALLS_LEADER)
        for position, (decision, prompt, key, prompted_by, action, responsible) in (
                enumerate(decisions)):
            check_in.decisions.append(_decision(
                project, decision, prompt=prompt,
                indicator=indicator_by_key(project, key) if key else None,
                prompted_by=prompted_by, action=action, responsible=responsible,
                position=position))
        session.add(check_in)
    session.flush()


# --- Parental support: a year of monthly attendance, participants, drop-outs --------------------

#: The months the groups met: August 2025 to June 2026 (the project ended in July).
MONTHS = tuple(add_months(date(2025, 8, 1), k) for k in range(11))
WEEKDAY = "Veckodag"
TRAINER = "Tränare"
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag")
TRAINERS = ("Lina Berg", "Ali Hosseini", "Maja Forsberg", "Henrik Sundin")
LOW_WEEKDAY = "måndag"
LOW_TRAINER = "Henrik Sundin"
PLANNED_ATTENDANCE = D(75)

#: (weekday, trainer, parents) of the eight groups of the autumn intake (August–December) and
#: of the spring intake (January–June). From November one of the two Monday groups meets on
#: Wednesdays instead.
AUTUMN_GROUPS = (
    ("måndag", "Lina Berg", 15), ("måndag", "Ali Hosseini", 14),
    ("tisdag", "Maja Forsberg", 15), ("tisdag", "Henrik Sundin", 15),
    ("onsdag", "Lina Berg", 15), ("onsdag", "Henrik Sundin", 14),
    ("torsdag", "Ali Hosseini", 15), ("torsdag", "Maja Forsberg", 15),
)
SPRING_GROUPS = (
    ("måndag", "Lina Berg", 14), ("onsdag", "Ali Hosseini", 16),
    ("tisdag", "Maja Forsberg", 15), ("tisdag", "Henrik Sundin", 15),
    ("onsdag", "Lina Berg", 16), ("onsdag", "Henrik Sundin", 15),
    ("torsdag", "Ali Hosseini", 15), ("torsdag", "Maja Forsberg", 16),
)
MONDAY_MOVED = date(2025, 11, 1)
TRAINER_SUPPORTED = date(2026, 2, 1)
#: The month's attendance in per cent before the weekday and the trainer are taken into account
#: (lower in December and June, before the holidays).
BASE_ATTENDANCE = dict(zip(MONTHS, (82, 80, 79, 79, 74, 81, 80, 79, 78, 77, 73), strict=True))
TRAINER_EFFECT = {"Lina Berg": 2, "Ali Hosseini": 1, "Maja Forsberg": 1}

#: The measure of attendance the parental-support model lacks (for activity ``a1``).
ATTENDANCE = IndicatorValues(
    name="Andel av de anmälda föräldrarna som deltog vid gruppträffarna",
    kind="process", data_source="Gruppledarnas närvarolistor per träff",
    data_source_kind="administrative", data_level="individual", unit="percent",
    target=PLANNED_ATTENDANCE,
)
ATTENDANCE_RESPONSIBLE = "Elin Wallin, familjebehandlare (sammanställer närvarolistorna)"


def groups_of(month: date) -> tuple[tuple[str, str, int], ...]:
    """The groups meeting in ``month``: (weekday, trainer, parents)."""
    if month >= date(2026, 1, 1):
        return SPRING_GROUPS
    if month >= MONDAY_MOVED:
        return tuple(("onsdag", trainer, n) if (day, trainer) == ("måndag", "Ali Hosseini")
                     else (day, trainer, n) for day, trainer, n in AUTUMN_GROUPS)
    return AUTUMN_GROUPS


def group_attendance(month: date, weekday: str, trainer: str) -> int:
    """A group's attendance in per cent: the month's level, lower on Mondays (much lower before
    one Monday group moved) and in Henrik Sundin's groups (less so once he got support)."""
    rate = BASE_ATTENDANCE[month] + TRAINER_EFFECT.get(trainer, 0)
    if weekday == LOW_WEEKDAY:
        rate -= 22 if month < MONDAY_MOVED else 10
    if trainer == LOW_TRAINER:
        rate -= 15 if month < TRAINER_SUPPORTED else 7
    return rate


def attendance(month: date) -> dict[tuple[str, str], Decimal]:
    """The month's attendance in per cent, weighted by the groups' parents: in total
    (``("", "")``), per weekday and per trainer (``(dimension, category)``)."""
    sums: dict[tuple[str, str], list[int]] = {}
    for weekday, trainer, parents in groups_of(month):
        rate = group_attendance(month, weekday, trainer)
        for key in (("", ""), (WEEKDAY, weekday), (TRAINER, trainer)):
            total = sums.setdefault(key, [0, 0])
            total[0] += rate * parents
            total[1] += parents
    return {key: (D(weighted) / D(parents)).quantize(D("0.1"), ROUND_HALF_UP)
            for key, (weighted, parents) in sums.items()}


def attendance_indicator(project: Project) -> LogicIndicator | None:
    """The process measure in per cent of the group meetings (``a1``), if the model has one."""
    element = element_by_key(project, "a1")
    if element is None:
        return None
    return next((i for i in element.indicators if i.kind == "process" and i.unit == "percent"),
                None)


def seed_attendance(session: Session, project: Project, indicator: LogicIndicator) -> None:
    """Report ``indicator`` monthly with the attendance of every month, in total and broken
    down by weekday and by trainer."""
    session.add(IndicatorReporting(
        project_id=project.id, indicator=indicator, frequency="month", first_period=MONTHS[0],
        responsible=ATTENDANCE_RESPONSIBLE))
    order = {(WEEKDAY, day): n for n, day in enumerate(WEEKDAYS)}
    order.update({(TRAINER, name): 10 + n for n, name in enumerate(TRAINERS)})
    for month in MONTHS:
        values = attendance(month)
        for key in sorted(values, key=lambda k: order.get(k, -1)):
            dimension, category = key
            comment = ""
            if not dimension:
                comment = DEMO + ("närvaron per grupp är påhittad för demon; mönstret följer "
                                  "guidens exempel.")
            session.add(IndicatorValue(
                project_id=project.id, indicator=indicator, period=month,
                dimension=dimension, category=category, planned=PLANNED_ATTENDANCE,
                actual=values[key], reported_by=ATTENDANCE_RESPONSIBLE, comment=comment,
                recorded_at=_recorded_at(month, 1), recorded_by=PARENTING_LEADER))
    session.flush()


#: (period, risk profile, eligible, enrolled): the autumn and the spring intake.
FLOWS = (
    (date(2025, 8, 1), "low", 90, 60), (date(2025, 8, 1), "medium", 60, 38),
    (date(2025, 8, 1), "high", 36, 20),
    (date(2026, 1, 1), "low", 86, 58), (date(2026, 1, 1), "medium", 62, 40),
    (date(2026, 1, 1), "high", 40, 24),
)
FLOW_COMMENT = (DEMO + "riskprofilen bedöms vid inskrivningssamtalet utifrån barnets beteende "
                       "och familjens belastning; de berättigade är de föräldrar som anmält "
                       "intresse och erbjudits en plats.")

#: (left on, risk profile, reason kind, reason, flagged as possible harm, investigated on,
#: investigation).
DROP_OUTS = (
    (date(2025, 9, 18), "low", "moved", "Familjen flyttade från kommunen.", False, None, ""),
    (date(2025, 10, 9), "medium", "practical",
     "Föräldern kunde inte delta på måndagar på grund av skiftarbete och tackade nej till en "
     "plats i en annan grupp.", False, None, ""),
    (date(2025, 11, 20), "high", "negative_experience",
     "Föräldern upplevde att samtalet i gruppen om konflikter hemma väckte skam och ville inte "
     "komma tillbaka.", True, date(2025, 11, 27),
     "Projektledaren och gruppledaren har talat med föräldern. Inget tyder på att barnet eller "
     "föräldern tagit skada; föräldern tackade ja till enskilda samtal hos en familjebehandlare. "
     "Gruppledarna får handledning i hur känsliga ämnen tas upp i gruppen."),
    (date(2026, 3, 12), "low", "no_longer_needed",
     "Föräldern ansåg att familjen fått det stöd den behövde efter sex träffar.", False, None,
     ""),
    (date(2026, 4, 16), "medium", "other_support",
     "Familjen fick familjebehandling från socialtjänsten och avslutade gruppen i samråd med "
     "gruppledaren.", False, None, ""),
    (date(2026, 6, 11), "high", "worse_off",
     "Föräldern berättade för gruppledaren att konflikterna hemma blivit fler sedan familjen "
     "började använda strategierna från gruppen, och slutade sedan komma.", True, None, ""),
)

#: (activity, competence, planned hours per month, actual hours per month from August to June).
RESOURCES = (
    ("a1", "Gruppledare",
     (64, 64, 64, 64, 32, 64, 64, 64, 64, 64, 32),
     (62, 65, 64, 68, 32, 63, 64, 66, 64, 62, 30)),
    ("a2", "Psykolog (handledning)",
     (6, 6, 6, 6, 3, 6, 6, 6, 6, 6, 3),
     (6, 6, 6, 7, 3, 10, 10, 10, 6, 6, 3)),
)
RESOURCE_COMMENTS = {
    "a1": DEMO + "åtta grupper med två träffar i månaden (en i december och juni), fyra timmar "
                 "per träff inklusive förberedelser.",
    "a2": DEMO + "handledning av gruppledarna; i januari–mars extra handledning av en "
                 "gruppledare efter beslutet vid avstämningen i december.",
}

PARENTING_PARTICIPANTS = ("Hanna Björk (styrgrupp); Omar Said (projektledare); Elin Wallin "
                          "(arbetsgrupp)")


def _parenting_check_ins(session: Session, project: Project, indicator: LogicIndicator | None,
                         drop_outs: Sequence[DropOut]) -> None:
    planned = _planned_check_ins(session, project)
    if not planned:
        # The organisation gave this initiative no check-in schedule; the demo's steering
        # group meets every other month.
        organisations.save_plan(session, project, check_in_months=2)
        organisations.generate_check_ins(session, project, topic="Lägesrapport till styrgruppen")
        planned = _planned_check_ins(session, project)

    def measured(decision: str, prompted_by: str, action: str, responsible: str
                 ) -> CheckInDecision:
        return _decision(project, decision, prompt="indicator" if indicator else "other",
                         indicator=indicator, prompted_by=prompted_by, action=action,
                         responsible=responsible)

    harmed = next(d for d in drop_outs if d.possible_harm and d.investigated_on is not None)
    notes_and_decisions = [
        ("Uppföljningen av träffarna under de två första månaderna visar att andelen föräldrar "
         "som deltar är lägre på måndagar. Många av föräldrarna har andra åtaganden som är ett "
         "hinder för att delta just den dagen.",
         [measured("adjust", "Närvaron är klart lägre vid måndagsträffarna än övriga dagar.",
                   "Den ena måndagsgruppen flyttas till onsdag från november för att höja "
                   "deltagandet.", "Omar Said, projektledare")]),
        ("Efter ytterligare två månader har en av gruppledarna lägre andel föräldrar som deltar "
         "än de andra. I samtal med projektledaren framkommer att gruppledaren behöver mer "
         "träning och stöd för att genomföra programmet enligt plan. Närvaron i den flyttade "
         "gruppen har ökat.",
         [measured("intensify", "Närvaron i Henrik Sundins grupper är klart lägre än i de "
                                "andra gruppledarnas.",
                   "Henrik Sundin får extra handledning av psykologen och följer en erfaren "
                   "gruppledares grupp under januari–mars.", "Elin Wallin"),
          _decision(project, "continue", prompt="drop_out", drop_out=harmed,
                    prompted_by="Ett avhopp som tydde på att insatsen kunde ha skadat har "
                                "utretts; ingen skada kunde konstateras.",
                    action="Gruppledarna får handledning i hur känsliga ämnen tas upp i "
                           "gruppen.", responsible="Elin Wallin", position=1)]),
        ("Vårens grupper har startat. Närvaron i Henrik Sundins grupper har börjat öka efter "
         "handledningen.",
         [_decision(project, "continue", prompt="schedule",
                    action="Satsningen fortsätter enligt plan.", responsible="Omar Said")]),
        ("Närvaron ligger i nivå med planen. Ett avhopp sedan förra avstämningen, utan tecken "
         "på skada.",
         [_decision(project, "continue", prompt="schedule",
                    action="Satsningen fortsätter enligt plan.", responsible="Omar Said")]),
        ("De sista gruppträffarna hålls i juni. Styrgruppen planerade slutrapporten och "
         "uppföljningen av föräldrarna efter sex månader.",
         [_decision(project, "continue", prompt="schedule",
                    action="Projektledaren skriver slutrapporten till september.",
                    responsible="Omar Said")]),
    ]
    for row, (notes, decisions) in zip(planned, notes_and_decisions, strict=False):
        if _held_on(row.planned_on) > DEMO_TODAY:
            continue
        check_in = CheckIn(project_id=project.id, held_on=_held_on(row.planned_on),
                           planned=row, participants=PARENTING_PARTICIPANTS,
                           notes=notes + " " + DEMO + "datum och deltagare.",
                           recorded_by=PARENTING_LEADER)
        check_in.decisions.extend(decisions)
        session.add(check_in)
    session.flush()


def _parental_support(session: Session, project: Project) -> None:
    indicator = attendance_indicator(project)
    if indicator is not None:
        seed_attendance(session, project, indicator)
    for period, profile, eligible, enrolled in FLOWS:
        session.add(ParticipantFlow(project_id=project.id, period=period, risk_profile=profile,
                                    eligible=eligible, enrolled=enrolled, comment=FLOW_COMMENT))
    drop_outs = []
    for left_on, profile, kind, reason, harm, investigated_on, investigation in DROP_OUTS:
        row = DropOut(project_id=project.id, left_on=left_on, risk_profile=profile,
                      reason_kind=kind, reason=DEMO + reason[0].lower() + reason[1:],
                      possible_harm=harm, investigated_on=investigated_on,
                      investigation=investigation, recorded_by=PARENTING_LEADER)
        session.add(row)
        drop_outs.append(row)
    for key, competence, planned, actual in RESOURCES:
        element = element_by_key(project, key)
        if element is None:
            continue
        for month, plan, used in zip(MONTHS, planned, actual, strict=True):
            session.add(ResourceUse(project_id=project.id, element=element, period=month,
                                    competence=competence, planned_hours=D(plan),
                                    actual_hours=D(used), comment=RESOURCE_COMMENTS[key]))
    session.flush()
    _parenting_check_ins(session, project, indicator, drop_outs)


def seed_follow_up(session: Session) -> None:
    """Give the demo its follow-up, evaluations and implementation plan (SPEC 3.8–3.10)."""
    seed_evaluations(session)
    projects = {p.key: p for p in session.scalars(
        select(Project).where(Project.key.in_([FALLS, PARENTING])))}
    if FALLS in projects:
        _falls(session, projects[FALLS])
    if PARENTING in projects:
        _parental_support(session, projects[PARENTING])


__all__ = ["ATTENDANCE", "attendance", "attendance_indicator", "group_attendance", "groups_of",
           "seed_attendance", "seed_follow_up"]
