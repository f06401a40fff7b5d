"""The demo initiatives' organisation, reporting plan, check-ins and communication plan.

The falls-prevention initiative follows the guide's fictitious example (section 5): a
collaboration between elderly care and home health care, the head of elderly care as project
owner, home health care, primary care and other municipal managers in the steering group. The
other running initiatives get a smaller organisation. All names are illustrative.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.organisations import add_row, generate_check_ins, save_plan
from models.project import Project

VOF = "Vård- och omsorgsförvaltningen"
REGION = "Region Exempellän, primärvården"

FALLS_PEOPLE = (
    ("owner", "Sara Lind", VOF,
     "Förvaltningschef för äldreomsorgen. Förankrar satsningen i ledningen, stöttar "
     "projektledaren och undanröjer organisatoriska hinder; har det yttersta ansvaret."),
    ("steering", "Maria Holmberg", "Hemsjukvården, " + VOF,
     "Verksamhetschef för hemsjukvården; ansvarar för fysioterapeutens tid."),
    ("steering", "Lars Öberg", REGION,
     "Verksamhetschef vid vårdcentralen Centrum; för in primärvårdens perspektiv och data om "
     "fallskador."),
    ("steering", "Eva Sandberg", "Kultur- och fritidsförvaltningen",
     "Avdelningschef; ansvarar för lokalerna för gruppträningen och samverkan med föreningar."),
    ("leader", "Pia Ek", VOF,
     "Projektledare på halvtid. Planerar, leder och följer upp satsningen och rapporterar till "
     "projektägaren och styrgruppen."),
    ("deputy_leader", "Ahmed Khalil", "Hemtjänsten Norra, " + VOF,
     "Biträdande projektledare; samordnar hemtjänstens del och tar över som tillförordnad "
     "projektledare om projektledaren slutar."),
    ("team", "Johanna Lund", "Hemsjukvården, " + VOF,
     "Fysioterapeut; leder gruppträningen och gör SPPB-testerna."),
    ("team", "Nils Berg", "Hemsjukvården, " + VOF,
     "Arbetsterapeut; fallriskbedömningar och åtgärder i hemmet."),
    ("team", "Fatima Ali", "Hemtjänsten Södra, " + VOF,
     "Undersköterska och aktivitetsombud i hemtjänsten."),
    ("working_group", "Karin Ström", "Hemtjänsten, " + VOF,
     "Enhetschef; schemaläggning och utbildning av hemtjänstpersonalen."),
    ("working_group", "Olof Persson", REGION,
     "Distriktssköterska; läkemedelsgenomgångar och kontakt med vårdcentralerna."),
    ("working_group", "Tomas Wik", "Kommunstyrelseförvaltningen",
     "Utredare; uppföljning, statistik och beräkning av undvikbara kostnader."),
    ("working_group", "Lena Marklund", "PRO Exempelkommun",
     "Representant för pensionärsorganisationen; målgruppens perspektiv och rekrytering."),
)

FALLS_REPORTING = (
    {"activity": "Balans- och styrketräning i grupp två gånger i veckan",
     "frequency": "Efter varje träningstillfälle; sammanställs månadsvis",
     "done_by": "Fysioterapeut (Johanna Lund)",
     "reported_by": "Fysioterapeuten, i uppföljningssystemet",
     "done_when": ("Ett pass om minst 45 minuter med programmets övningar, lett av "
                   "fysioterapeut, med minst tre deltagare. Närvaro förs per deltagare."),
     "resources": "Fysioterapeut 4 timmar i veckan inklusive förberedelser; lokal två gånger i "
                  "veckan"},
    {"activity": "Utbildning av hemtjänstpersonalen i att uppmuntra till vardagsaktivitet",
     "frequency": "Efter varje utbildningstillfälle",
     "done_by": "Fysioterapeut och arbetsterapeut",
     "reported_by": "Enhetschefen i hemtjänsten",
     "done_when": ("Medarbetaren har deltagit i båda utbildningstillfällena (2 × 3 timmar) och "
                   "fått övningskortet."),
     "resources": "6 timmar per medarbetare; 40 timmar för utbildarna"},
    {"activity": "Fallriskbedömning vid start och var sjätte månad",
     "frequency": "Löpande; kontroll av täckningen varje månad",
     "done_by": "Arbetsterapeut eller distriktssköterska",
     "reported_by": "Arbetsterapeuten, i Senior alert",
     "done_when": ("Bedömningen är registrerad i Senior alert och åtgärder vid hög risk är "
                   "planerade i genomförandeplanen."),
     "resources": "1 timme per bedömning"},
    {"activity": "Avhopp från gruppträningen",
     "frequency": "Inom en vecka efter avhoppet",
     "done_by": "Fysioterapeut",
     "reported_by": "Projektledaren, till projektägaren",
     "done_when": ("Orsaken är utredd med deltagaren (har insatsen kunnat skada?) och "
                   "dokumenterad."),
     "resources": "Cirka 30 minuter per avhopp"},
)

FALLS_ESCALATION = (
    "Den som upptäcker ett hinder (till exempel låg närvaro, personalbrist eller ett fall i "
    "samband med träningen) meddelar projektledaren samma vecka. Projektledaren informerar "
    "projektägaren inom en vecka; frågor som rör flera förvaltningar eller regionen, och "
    "förslag om att ändra inriktning eller avbryta, tas till styrgruppen vid nästa avstämning "
    "eller vid ett extra möte."
)
FALLS_OTHER_RESOURCES = (
    "Regionen (primärvården): distriktssköterska cirka 2 timmar i veckan för "
    "läkemedelsgenomgångar. Kultur- och fritidsförvaltningen: lokal för gruppträningen utan "
    "kostnad. PRO Exempelkommun: frivilliga som följer med deltagare till träningen."
)

FALLS_COMMUNICATION = (
    {"audience": "Styrgruppen",
     "message": "Processmått, deltagande, avhopp och avvikelser mot plan",
     "timing": "Varannan månad", "channel": "Styrgruppsmöte med skriftlig lägesrapport",
     "responsible": "Projektledaren"},
    {"audience": "Hemtjänstpersonalen i de två områdena",
     "message": "Syftet med satsningen, hur de uppmuntrar till aktivitet och hur det går",
     "timing": "Vid start, därefter varje kvartal", "channel": "Arbetsplatsträffar",
     "responsible": "Enhetscheferna i hemtjänsten"},
    {"audience": "Vård- och omsorgsnämnden",
     "message": "Lägesrapport och resultat mot kriterierna för framgång",
     "timing": "Halvårsvis", "channel": "Tjänsteskrivelse till nämnden",
     "responsible": "Projektägaren"},
    {"audience": "Primärvården i regionen",
     "message": "Satsningen, målgruppen och hur vårdcentralerna kan hänvisa",
     "timing": "Vid start och efter första året", "channel": "Möte i samverkansforum",
     "responsible": "Lars Öberg"},
    {"audience": "Äldre med hemtjänst och deras anhöriga",
     "message": "Erbjudandet om gruppträning och var och när den sker",
     "timing": "Vid start och när nya deltagare bjuds in",
     "channel": "Brev och samtal med hemtjänstpersonalen", "responsible": "Projektledaren"},
    {"audience": "Övriga i kommunen och invånarna",
     "message": "Erfarenheter och resultat",
     "timing": "Efter första året och vid slutrapporten",
     "channel": "Intranätet, kommunens webbplats och seniormässan",
     "responsible": "Kommunikatör på kommunstyrelseförvaltningen"},
)

#: The other running initiatives: people; a reporting plan where the guide's routines were
#: agreed before the start (escalation, check-ins every N months, one reported activity, one
#: communication item).
OTHERS = {
    "skolfranvaro": {
        "people": (
            ("owner", "Annika Dahl", "Barn- och utbildningsförvaltningen", "Skolchef"),
            ("steering", "Hanna Björk", "Socialförvaltningen", "Enhetschef barn och unga"),
            ("steering", "Per Lindqvist", "Barn- och utbildningsförvaltningen", "Rektor"),
            ("leader", "Omar Said", "Barn- och utbildningsförvaltningen", "Projektledare"),
            ("team", "Sofia Nyberg", "Elevhälsan", "Kurator; frånvarosamtal"),
            ("working_group", "Jonas Ek", "Socialförvaltningen", "Fältsekreterare"),
            ("working_group", "Mira Hassan", "Elevhälsan", "Skolsköterska"),
        ),
        "activity": {"activity": "Frånvarosamtal inom tre dagar efter ogiltig frånvaro",
                     "frequency": "Veckovis", "done_by": "Kurator",
                     "reported_by": "Mentor, i skolans frånvarosystem",
                     "done_when": "Samtalet är genomfört och dokumenterat med åtgärd."},
        "escalation": ("Mentorn meddelar projektledaren inom en vecka; projektledaren tar "
                       "frågor som rör socialtjänsten till styrgruppen."),
        "months": 2,
        "communication": {"audience": "Barn- och utbildningsnämnden",
                          "message": "Frånvaro och avhopp mot plan", "timing": "Halvårsvis",
                          "channel": "Tjänsteskrivelse", "responsible": "Skolchefen"},
    },
    "hembesok": {
        "people": (
            ("owner", "Sara Lind", VOF, "Förvaltningschef för äldreomsorgen"),
            ("steering", "Maria Holmberg", "Hemsjukvården, " + VOF, "Verksamhetschef"),
            ("leader", "Pia Ek", VOF, "Projektledare"),
            ("team", "Birgitta Sjö", VOF, "Sjuksköterska; förebyggande hembesök"),
            ("working_group", "Olof Persson", REGION, "Distriktssköterska"),
            ("working_group", "Karin Ström", "Hemtjänsten, " + VOF, "Enhetschef"),
        ),
        "activity": {"activity": "Förebyggande hembesök hos personer som fyller 75 år",
                     "frequency": "Månadsvis", "done_by": "Sjuksköterska",
                     "reported_by": "Sjuksköterskan",
                     "done_when": "Besöket är genomfört med samtalsguiden och dokumenterat."},
        "escalation": "Sjuksköterskan meddelar projektledaren, som informerar projektägaren.",
        "months": 2,
        "communication": {"audience": "Vård- och omsorgsnämnden",
                          "message": "Antal besök och vad de ledde till", "timing": "Halvårsvis",
                          "channel": "Tjänsteskrivelse", "responsible": "Projektägaren"},
    },
    "foraldrastod": {
        "people": (
            ("steering", "Hanna Björk", "Socialförvaltningen", "Enhetschef barn och unga"),
            ("working_group", "Elin Wallin", "Socialförvaltningen", "Familjebehandlare"),
            ("working_group", "Per Lindqvist", "Barn- och utbildningsförvaltningen", "Rektor"),
        ),
    },
    "placerade-unga": {
        "people": (
            ("steering", "Hanna Björk", "Socialförvaltningen", "Enhetschef barn och unga"),
            ("steering", "Annika Dahl", "Barn- och utbildningsförvaltningen", "Skolchef"),
            ("working_group", "Jonas Ek", "Socialförvaltningen", "Socialsekreterare"),
            ("working_group", "Sofia Nyberg", "Barn- och utbildningsförvaltningen",
             "Studie- och yrkesvägledare"),
        ),
    },
}


def _people(session: Session, project: Project, people) -> None:
    for role, name, affiliation, task in people:
        add_row(session, project, "people",
                {"role": role, "name": name, "affiliation": affiliation, "task": task})


def seed_organisation(session: Session) -> None:
    """Give the demo's running initiatives their organisation and plans."""
    projects = {p.key: p for p in session.scalars(
        select(Project).where(Project.key.in_(["fallprevention", *OTHERS]))
    )}
    falls = projects["fallprevention"]
    _people(session, falls, FALLS_PEOPLE)
    for values in FALLS_REPORTING:
        add_row(session, falls, "reporting", values)
    save_plan(session, falls, escalation=FALLS_ESCALATION,
              other_resources=FALLS_OTHER_RESOURCES, check_in_months=2)
    add_row(session, falls, "check_ins", {
        "planned_on": falls.start,
        "topic": "Uppstart: roller, rapporteringsplan och kriterier för framgång"})
    generate_check_ins(session, falls, topic="Lägesrapport till styrgruppen")
    for values in FALLS_COMMUNICATION:
        add_row(session, falls, "communication", values)
    for key, spec in OTHERS.items():
        project = projects[key]
        _people(session, project, spec["people"])
        if "activity" in spec:
            add_row(session, project, "reporting", spec["activity"])
            save_plan(session, project, escalation=spec["escalation"],
                      check_in_months=spec["months"])
            generate_check_ins(session, project, topic="Lägesrapport till styrgruppen")
            add_row(session, project, "communication", spec["communication"])
    session.flush()
