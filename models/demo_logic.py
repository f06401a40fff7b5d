"""Logic models of the demo portfolio, drawn from the guide's examples and the Norrköping contract.

Four initiatives have a detailed model (the guide's figure 8: indicators, data sources, baselines,
targets and assumptions), three a simplified one (figure 7: the red thread only), and the open
proposal a broken chain of the kind a weak application has. Indicators in the unit percent hold
percentages (55 = 55 %). Models of initiatives past approval are frozen as their baseline on the
day they were approved; one running initiative has been revised since.
"""

from __future__ import annotations

from dataclasses import fields, replace
from decimal import Decimal

from sqlalchemy.orm import Session

from models.domain.logic import KEY_PREFIX, Element, Indicator, Link, Model
from models.domain.stages import PATH
from models.logic_models import (
    IndicatorValues,
    add_element,
    add_indicator,
    add_link,
    element_by_key,
    freeze_baseline,
    indicator_by_key,
    store_model,
    update_element,
    update_indicator,
)
from models.project import Project

_LEVEL_OF_PREFIX = {prefix: level for level, prefix in KEY_PREFIX.items()}


def _el(key: str, text: str, *assumptions: str, indicators: tuple[Indicator, ...] = ()) -> Element:
    """An element whose level follows from its key (r1 resource, a1 activity, s1, g1)."""
    return Element(key=key, level=_LEVEL_OF_PREFIX[key[0]], text=text, indicators=indicators,
                   assumptions=assumptions)


def _measure(key: str, name: str, *, kind: str, source: str, source_kind: str, unit: str,
             baseline: str | None = None, target: str | None = None, months: int | None = None,
             level: str = "individual") -> Indicator:
    return Indicator(
        key=key, name=name, kind=kind, data_source=source, unit=unit,
        baseline=Decimal(baseline) if baseline is not None else None,
        target=Decimal(target) if target is not None else None,
        horizon_months=months, data_source_kind=source_kind, data_level=level,
    )


def _process(key: str, name: str, **values) -> Indicator:
    values.setdefault("source_kind", "administrative")
    return _measure(key, name, kind="process", **values)


def _outcome(key: str, name: str, **values) -> Indicator:
    return _measure(key, name, kind="outcome", **values)


def _links(spec: str) -> tuple[Link, ...]:
    """Links written as ``"r1>a1 a1>s1"``."""
    return tuple(Link(*pair.split(">")) for pair in spec.split())


# --- Detailed models ------------------------------------------------------------------------

#: Guide appendix B, design of an initiative: falls prevention for people 65+ with home care.
FALLS = Model(
    purpose=("Äldre med hemtjänst ska kunna leva aktiva och självständiga liv i det egna hemmet "
             "med färre fallskador, och kostnaderna för sjukhusvård och utökad omsorg efter fall "
             "ska minska."),
    elements=(
        _el("r1", "Arbetstid för hemtjänstpersonalen i två hemtjänstområden",
            "Personalomsättningen i hemtjänsten är så låg att den utbildade personalen finns kvar "
            "under satsningen.",
            "Enhetscheferna avsätter tid i schemat för utbildning och träning."),
        _el("r2", "Fysioterapeut på halvtid från hemsjukvården",
            "Hemsjukvården står kvar som samarbetspartner; svalt intresse eller omprioriteringar "
            "hos en samarbetspartner är en risk."),
        _el("r3", "Träningsmaterial: program för balans- och styrketräning, gummiband, vikter och "
                  "instruktionsfilmer"),
        _el("a1", "Balans- och styrketräning i grupp två gånger i veckan, ledd av fysioterapeut",
            "De äldre som erbjuds träningen tackar ja; att många tackar nej är en risk som följs "
            "upp varje månad.",
            "Det finns lokaler nära de två hemtjänstområdena.",
            indicators=(
                _process("i1", "Antal genomförda träningstillfällen per år",
                         source="Fysioterapeutens närvarolistor", unit="count", target="180",
                         level="aggregate"),
                _process("i2", "Andel inbjudna som deltagit i minst hälften av "
                               "träningstillfällena",
                         source="Närvarolistor per deltagare", unit="percent", target="60"),
            )),
        _el("a2", "Utbildning av hemtjänstpersonalen i att uppmuntra till vardagsaktivitet och "
                  "enkla övningar vid varje besök",
            "Personalen hinner uppmuntra till aktivitet inom den ordinarie besökstiden.",
            indicators=(
                _process("i3", "Andel av hemtjänstpersonalen i de två områdena som genomgått "
                               "utbildningen",
                         source="Hemtjänstens kompetensförteckning", unit="percent",
                         baseline="0", target="90"),
            )),
        _el("a3", "Fallriskbedömning vid start och var sjätte månad, med åtgärder i hemmet vid "
                  "hög risk",
            indicators=(
                _process("i4", "Andel i målgruppen med en aktuell fallriskbedömning",
                         source="Senior alert (nationellt kvalitetsregister)",
                         source_kind="register", unit="percent", target="95"),
            )),
        _el("s1", "Andelen äldre med hemtjänst som regelbundet deltar i strukturerad fysisk "
                  "aktivitet har ökat med 50 procent",
            "Deltagandet håller i sig även när gruppträningen trappas ned.",
            indicators=(
                _outcome("i5", "Andel i målgruppen som deltar i strukturerad fysisk aktivitet "
                               "minst en gång i veckan",
                         source=("Egen enkät till målgruppen vid start och efter 12 månader, "
                                 "kompletterad med närvarolistorna"),
                         source_kind="own_survey", unit="percent", baseline="20",
                         target="30", months=12),
            )),
        _el("s2", "Bättre balans och muskelstyrka hos deltagarna",
            indicators=(
                _outcome("i6", "Genomsnittlig poäng på Short Physical Performance Battery "
                               "(SPPB, 0–12)",
                         source="Fysioterapeutens test med SPPB vid start och efter 12 månader",
                         source_kind="validated_instrument", unit="score", baseline="6",
                         target="8", months=12),
            )),
        _el("s3", "Färre fall i hemmet bland de äldre i målgruppen",
            "Personalen rapporterar fall lika fullständigt före och under satsningen.",
            indicators=(
                _outcome("i7", "Antal fall i målgruppen per år enligt hemtjänstens "
                               "avvikelserapporter",
                         source="Hemtjänstens avvikelserapporter per brukare",
                         source_kind="administrative", unit="count", baseline="120",
                         target="80", months=24),
            )),
        _el("g1", "Fallskador som leder till sjukhusinläggning har minskat med 80 procent i "
                  "målgruppen",
            "Uppgifter ur patientregistret kan lämnas ut på individnivå för målgruppen.",
            "Effekten består sedan satsningen avslutats.",
            indicators=(
                _outcome("i8", "Antal sjukhusinläggningar till följd av fallskada i målgruppen "
                               "per år",
                         source=("Patientregistret, Socialstyrelsen (slutenvård efter "
                                 "fallolycka), samkört med kommunens uppgifter om hemtjänst"),
                         source_kind="register", unit="count", baseline="15", target="3",
                         months=60),
            )),
        _el("g2", "Lägre kostnader för sjukhusvård och utökad hemtjänst efter fallskador",
            indicators=(
                _outcome("i9", "Kostnad för slutenvård och utökad hemtjänst efter fallskada i "
                               "målgruppen per år",
                         source=("Regionens kostnad per patient (KPP) och kommunens uppgifter "
                                 "om beviljade hemtjänsttimmar"),
                         source_kind="administrative", unit="sek", baseline="1900000",
                         target="600000", months=60),
            )),
    ),
    links=_links("r1>a2 r1>a3 r2>a1 r2>a2 r2>a3 r3>a1 "
                 "a1>s1 a1>s2 a2>s1 a3>s3 "
                 "s1>g1 s2>g1 s3>g1 s3>g2"),
)

#: Guide appendix B, implementation: home visits by a health educator and a dietitian.
HOME_VISITS = Model(
    purpose=("Att förebygga ohälsa som kräver omfattande vård- och omsorgsinsatser, så att "
             "personer över 65 år kan leva ett självständigt liv längre."),
    elements=(
        _el("r1", "Hembesöksteam med hälsopedagog och dietist",
            "Teamet kan rekryteras och stannar under hela satsningen."),
        _el("r2", "Gyminstruktör och kock för gruppträffar"),
        _el("r3", "Bedömningsinstrument (WHO-5 och GDS-15) och en mall för en individuell plan "
                  "för aktivitet och kost"),
        _el("a1", "Hembesök med hälsosamtal och en individuell plan för aktivitet och kost",
            "De som bjuds in tackar ja till besöket.",
            indicators=(
                _process("i1", "Antal genomförda hembesök", source="Teamets besöksregistrering",
                         unit="count", target="600", level="aggregate"),
                _process("i2", "Andel inbjudna som tackat ja till hembesök",
                         source="Teamets register över inbjudningar och besök", unit="percent",
                         target="70"),
            )),
        _el("a2", "Tre uppföljande telefonsamtal efter hembesöket",
            indicators=(
                _process("i3", "Andel besökta som fått alla tre uppföljande samtal",
                         source="Teamets register över inbjudningar och besök", unit="percent",
                         target="85"),
            )),
        _el("a3", "Screening för depression vid hembesöket, med hänvisning till vårdcentralen "
                  "vid utslag",
            "Vårdcentralen tar emot dem som hänvisas inom rimlig tid.",
            indicators=(
                _process("i4", "Andel besökta som screenats med GDS-15",
                         source="Teamets dokumentation", unit="percent", target="95"),
            )),
        _el("a4", "Gruppträffar med gyminstruktör och kock",
            "Gruppträffarna lockar mer än en liten minoritet av de besökta.",
            indicators=(
                _process("i5", "Andel besökta som deltagit i minst en gruppträff",
                         source="Närvarolistor från gruppträffarna", unit="percent",
                         target="40"),
            )),
        _el("s1", "Ökat välbefinnande hos deltagarna",
            indicators=(
                _outcome("i6", "Genomsnittlig poäng på WHO-5 (0–100)",
                         source="WHO-5 vid hembesöket och vid det sista uppföljande samtalet",
                         source_kind="validated_instrument", unit="score", baseline="52",
                         target="65", months=12),
            )),
        _el("s2", "Minskade depressiva symtom hos dem som gav utslag vid screeningen",
            indicators=(
                _outcome("i7", "Förbättring av poängen på GDS-15 hos dem som gav utslag vid "
                               "screeningen",
                         source="GDS-15 vid hembesöket och efter 12 månader",
                         source_kind="validated_instrument", unit="percent", baseline="0",
                         target="30", months=12),
            )),
        _el("s3", "Fler är fysiskt aktiva och äter allsidigt enligt sin plan",
            indicators=(
                _outcome("i8", "Andel som följer sin plan för aktivitet och kost vid det sista "
                               "uppföljande samtalet",
                         source="Frågor i de uppföljande telefonsamtalen",
                         source_kind="own_survey", unit="percent", target="60", months=6),
            )),
        _el("g1", "Färre behöver biståndsinsatser utöver trygghetslarm",
            "Biståndshandläggarna bedömer behoven på samma sätt för deltagarna och "
            "jämförelsegruppen.",
            indicators=(
                _outcome("i9", "Andel som 12 månader efter hembesöket beviljats biståndsinsatser "
                               "utöver trygghetslarm",
                         source=("Kommunens verksamhetssystem för biståndshandläggning, "
                                 "jämfört med en jämförelsegrupp"),
                         source_kind="administrative", unit="percent", baseline="55",
                         target="30", months=24),
            )),
        _el("g2", "Lägre kostnader för biståndsbedömda insatser",
            indicators=(
                _outcome("i10", "Kostnad för biståndsbedömda insatser för deltagarna under 12 "
                                "månader",
                         source="Ekonomisystemet: kostnad per beviljad insats och person",
                         source_kind="administrative", unit="sek", baseline="14000000",
                         target="10000000", months=24),
            )),
    ),
    links=_links("r1>a1 r1>a2 r1>a3 r2>a4 r3>a1 r3>a3 "
                 "a1>s1 a1>s3 a2>s3 a3>s2 a4>s3 "
                 "s1>g1 s1>g2 s2>g1 s3>g1 s3>g2"),
)

#: Guide appendix B, evaluation: less invalid absence at one of two upper-secondary schools.
TRUANCY = Model(
    purpose=("Att hjälpa eleverna att minska sin ogiltiga frånvaro och på så vis stärka deras "
             "förutsättningar till ett gott liv, med mindre behov av extra utbildningsår och "
             "framtida försörjningsstöd."),
    elements=(
        _el("r1", "Närvarokoordinator och kurator på skolan (två årsarbetskrafter)"),
        _el("r2", "Socialsekreterare från socialtjänsten på skolan två dagar i veckan",
            "Socialtjänsten kan avsätta samma person under hela satsningen."),
        _el("r3", "Digitalt närvarosystem med daglig registrering av frånvaro"),
        _el("a1", "Daglig närvarouppföljning med kontakt med hemmet samma dag vid ogiltig "
                  "frånvaro",
            "Lärarna registrerar frånvaron vid varje lektion.",
            indicators=(
                _process("i1", "Andel tillfällen med ogiltig frånvaro där hemmet kontaktats "
                               "samma dag",
                         source="Närvarosystemets logg över kontakter", unit="percent",
                         target="90"),
            )),
        _el("a2", "Kartläggning och individuell handlingsplan för elever med minst 60 procent "
                  "ogiltig frånvaro",
            indicators=(
                _process("i2", "Andel elever med minst 60 procent ogiltig frånvaro som har en "
                               "handlingsplan",
                         source="Elevhälsans dokumentation", unit="percent", target="90"),
            )),
        _el("a3", "Motiverande samtal och studiecoachning, enskilt och i grupp",
            indicators=(
                _process("i3", "Antal genomförda coachningssamtal per termin",
                         source="Kuratorns och koordinatorns samtalslogg", unit="count",
                         target="400", level="aggregate"),
                _process("i4", "Andel inbjudna elever som deltagit i minst tre samtal",
                         source="Samtalsloggen per elev", unit="percent", target="70"),
            )),
        _el("a4", "Samverkansmöten mellan skola, elevhälsa och socialtjänst om elever med hög "
                  "frånvaro",
            "Vårdnadshavarna samtycker till samverkan med socialtjänsten.",
            indicators=(
                _process("i5", "Antal samverkansmöten per läsår", source="Mötesanteckningar",
                         unit="count", target="30", level="aggregate"),
            )),
        _el("s1", "Den ogiltiga frånvaron har minskat med 25 procent bland alla elever",
            "Frånvaron registreras på samma sätt under hela perioden och på båda "
            "gymnasieskolorna.",
            indicators=(
                _outcome("i6", "Genomsnittlig ogiltig frånvaro som andel av schemalagd tid, "
                               "alla elever",
                         source="Skolans närvarosystem, uppgifter per elev",
                         source_kind="administrative", unit="percent", baseline="8",
                         target="6", months=36),
            )),
        _el("s2", "Den ogiltiga frånvaron har minskat med 40 procent bland elever med minst 60 "
                  "procent ogiltig frånvaro",
            "Satsningen når också elever vars frånvaro beror på annat än låg studiemotivation, "
            "till exempel psykisk ohälsa.",
            indicators=(
                _outcome("i7", "Genomsnittlig ogiltig frånvaro bland elever med minst 60 "
                               "procent ogiltig frånvaro",
                         source="Skolans närvarosystem, uppgifter per elev",
                         source_kind="administrative", unit="percent", baseline="70",
                         target="42", months=36),
            )),
        _el("s3", "Ökad studiemotivation bland eleverna",
            indicators=(
                _outcome("i8", "Andel elever som uppger att de är motiverade att klara sina "
                               "studier",
                         source="Egen elevenkät vid läsårets start och slut",
                         source_kind="own_survey", unit="percent", baseline="55",
                         target="70", months=36),
            )),
        _el("g1", "Andelen elever som inte fullföljer gymnasieutbildningen inom ordinarie "
                  "studietid på grund av ogiltig frånvaro har minskat med 50 procent",
            indicators=(
                _outcome("i9", "Andel elever som inte fullföljer gymnasieutbildningen inom "
                               "ordinarie studietid på grund av ogiltig frånvaro",
                         source=("Skolans studieadministrativa system och SCB:s register över "
                                 "gymnasieexamina, på individnivå"),
                         source_kind="register", unit="percent", baseline="20",
                         target="10", months=48),
            )),
        _el("g2", "Mindre behov av extra utbildningsår och framtida försörjningsstöd",
            "Effekten på skolgången består efter gymnasiet.",
            indicators=(
                _outcome("i10", "Antal elever som behöver ett extra år för att ta "
                                "gymnasieexamen",
                         source="Skolans studieadministrativa system",
                         source_kind="administrative", unit="count", baseline="45",
                         target="25", months=48),
                _outcome("i11", "Andel tidigare elever med ekonomiskt bistånd tre år efter "
                                "gymnasiet",
                         source=("Socialtjänstens verksamhetssystem för ekonomiskt bistånd, "
                                 "samkört på individnivå"),
                         source_kind="administrative", unit="percent", baseline="9",
                         target="6", months=72),
            )),
    ),
    links=_links("r1>a1 r1>a2 r1>a3 r2>a2 r2>a4 r3>a1 "
                 "a1>s1 a2>s2 a3>s1 a3>s3 a4>s2 "
                 "s1>g1 s1>g2 s2>g1 s2>g2 s3>g1"),
)

#: The Norrköping outcome contract: a team that supports young people placed in HVB/SiS care.
PLACED_YOUTH = Model(
    purpose=("Unga som placeras på HVB eller SiS ska få ett samordnat stöd från "
             "placeringsbeslutet till en lyckad hemkomst och en fungerande skolgång, så att "
             "risken för återplacering minskar och socialtjänstens kostnader sjunker."),
    elements=(
        _el("r1", "Insatsteam med två socionomer, en arbetsterapeut och en specialpedagog",
            "Teamet rekryteras särskilt för satsningen och stannar under hela perioden.",
            "Handläggare och HVB-hem ser teamet som en del av vården."),
        _el("r2", "Upphandlad utförare av individuellt anpassat skolstöd (tutoring)",
            "En del av utförarens ersättning villkoras av förbättrade skolresultat."),
        _el("r3", "Intervjustödet UngDOK och en egen enkät om delaktighet"),
        _el("a1", "Kartläggning av ungdomens och familjens styrkor, svårigheter och risk- och "
                  "skyddsfaktorer vid placeringen",
            indicators=(
                _process("i1", "Andel unga som kartlagts med UngDOK inom en månad från "
                               "placeringsbeslutet",
                         source="Teamets ärendelogg", unit="percent", target="90"),
            )),
        _el("a2", "Samordning under placeringen och planering av hemgången tillsammans med "
                  "ungdomen, familjen, HVB-hemmet och handläggaren",
            indicators=(
                _process("i2", "Andel unga med en gemensam plan för hemgången minst en månad "
                               "före hemflytten",
                         source="Teamets ärendelogg", unit="percent", target="85"),
                _process("i3", "Antal samordningsmöten per ungdom under placeringen",
                         source="Teamets ärendelogg", unit="count", target="6"),
            )),
        _el("a3", "Länk mellan hemskolan och den mottagande skolan: skoldokumentationen samlas "
                  "in och skolgången planeras",
            indicators=(
                _process("i4", "Andel unga vars skoldokumentation överlämnats inom två veckor "
                               "från placeringen",
                         source="Specialpedagogens dokumentation", unit="percent",
                         target="90"),
            )),
        _el("a4", "Individuellt anpassat skolstöd (tutoring) under och efter placeringen",
            indicators=(
                _process("i5", "Andel unga som får tutoring",
                         source="Utförarens rapporter per ungdom", unit="percent",
                         target="80"),
                _process("i6", "Genomsnittligt antal timmar tutoring per ungdom",
                         source="Utförarens rapporter per ungdom", unit="count",
                         target="60"),
            )),
        _el("a5", "Uppföljning under fyra månader efter hemflytten",
            indicators=(
                _process("i7", "Andel unga som haft kontakt med teamet minst varannan vecka "
                               "efter hemflytten",
                         source="Teamets ärendelogg", unit="percent", target="90"),
            )),
        _el("s1", "Ungdomen är delaktig i planeringen av vården och hemkomsten",
            indicators=(
                _outcome("i8", "Genomsnittlig poäng på enkäten om delaktighet (1–5), vid "
                               "placering, hemflytt och avslutad insats",
                         source="Egen enkät om delaktighet, framtagen tillsammans med SKR",
                         source_kind="own_survey", unit="score", baseline="2.5",
                         target="3.5", months=24),
            )),
        _el("s2", "Ungdomen når sina egna mål",
            indicators=(
                _outcome("i9", "Andel av ungdomens egna mål (”Mina mål”) som är uppnådda vid "
                               "avslutad insats",
                         source="Målformuläret ”Mina mål”, som följs upp med ungdomen",
                         source_kind="own_survey", unit="percent", baseline="0",
                         target="60", months=24),
            )),
        _el("s3", "Förbättrad psykisk hälsa",
            indicators=(
                _outcome("i10", "Andel unga som skattar sin psykiska hälsa som god",
                         source="UngDOK-intervju vid placering, hemflytt och avslutad insats",
                         source_kind="validated_instrument", unit="percent", baseline="30",
                         target="50", months=24),
            )),
        _el("s4", "Minskat riskbeteende och missbruk",
            indicators=(
                _outcome("i11", "Andel unga med riskbruk eller missbruk av alkohol eller "
                                "narkotika",
                         source="UngDOK-intervju vid placering, hemflytt och avslutad insats",
                         source_kind="validated_instrument", unit="percent", baseline="45",
                         target="30", months=24),
            )),
        _el("s5", "Stödjande relationer till familj, vänner och andra vuxna",
            indicators=(
                _outcome("i12", "Andel unga som har minst en stödjande vuxen",
                         source="UngDOK-intervju vid placering, hemflytt och avslutad insats",
                         source_kind="validated_instrument", unit="percent", baseline="55",
                         target="80", months=24),
            )),
        _el("s6", "Regelbunden skolgång under och efter placeringen",
            indicators=(
                _outcome("i13", "Andel unga med minst 80 procents närvaro i skolan efter "
                                "hemflytten",
                         source="Skolornas närvarosystem, via teamets specialpedagog",
                         source_kind="administrative", unit="percent", baseline="40",
                         target="65", months=24),
            )),
        _el("g1", "Lägre kostnader för socialtjänstens insatser för målgruppen",
            "Den historiska referensgruppen är jämförbar med målgruppen.",
            "Kostnaderna kan öka de första två åren innan de minskar; uppföljningen behöver "
            "därför pågå i minst tre år.",
            indicators=(
                _outcome("i14", "Socialtjänstens kostnader per ungdom under 24 månader från "
                                "placeringsbeslutet, jämfört med en historisk referensgrupp",
                         source=("Socialtjänstens verksamhets- och ekonomisystem "
                                 "(individdata)"),
                         source_kind="administrative", unit="sek", baseline="1830000",
                         target="1650000", months=48),
            )),
        _el("g2", "Förbättrade skolresultat",
            indicators=(
                _outcome("i15", "Summa poäng för förändrade skolprestationer ett år efter "
                                "avslutad insats (−3 till +3 per individ; förbättrade om "
                                "summan är över 0)",
                         source=("Betyg och skolform ur skolornas studieadministrativa "
                                 "system"),
                         source_kind="administrative", unit="score", baseline="0",
                         target="10", months=48),
            )),
        _el("g3", "Färre återplaceringar efter hemflytten",
            indicators=(
                _outcome("i16", "Andel unga som placeras på nytt inom 12 månader efter "
                                "hemflytten",
                         source="Socialtjänstens verksamhetssystem",
                         source_kind="administrative", unit="percent", baseline="50",
                         target="35", months=48),
            )),
    ),
    links=_links("r1>a1 r1>a2 r1>a3 r1>a5 r2>a4 r3>a1 "
                 "a1>s1 a1>s2 a2>s1 a2>s2 a2>s5 a3>s6 a4>s6 a5>s3 a5>s4 a5>s5 "
                 "s1>g3 s2>g3 s3>g1 s3>g3 s4>g1 s4>g3 s5>g3 s6>g2 s6>g3"),
)

# --- Simplified models (no indicators yet) ---------------------------------------------------

PARENTING = Model(
    purpose="Barn ska växa upp under trygga förhållanden med föräldrar som känner sig säkra.",
    elements=(
        _el("r1", "Fyra gruppledare utbildade i ett föräldraskapsprogram med stöd i forskningen"),
        _el("r2", "Lokaler på familjecentralen och i skolor kvällstid"),
        _el("a1", "Föräldragrupper med tio träffar per grupp",
            "Föräldrarna kan delta den veckodag träffarna schemaläggs.",
            indicators=(_process("i1", "Andel av de anmälda föräldrarna som deltog vid "
                                       "gruppträffarna",
                                 source="Gruppledarnas närvarolistor per träff", unit="percent",
                                 target="75"),)),
        _el("a2", "Handledning och stöd till gruppledarna",
            "Alla gruppledare genomför programmet enligt plan."),
        _el("s1", "Föräldrarna använder positiva strategier och upplever färre konflikter "
                  "hemma"),
        _el("s2", "Mindre utagerande beteende hos barnen"),
        _el("g1", "Fler barn mår bra och klarar skolan"),
        _el("g2", "Färre familjer behöver insatser från socialtjänsten"),
    ),
    links=_links("r1>a1 r1>a2 r2>a1 a1>s1 a1>s2 a2>s1 s1>g1 s1>g2 s2>g1 s2>g2"),
)

SCHOOL_FAMILY = Model(
    purpose="Elever vid Norra skolan med stöd från socialtjänsten ska lyckas i skolan.",
    elements=(
        _el("r1", "Familjebehandlare från socialtjänsten med arbetsplats på Norra skolan"),
        _el("r2", "Speciallärare och elevhälsa på Norra skolan"),
        _el("a1", "Familjestöd i hemmet för familjer som har stöd från socialtjänsten"),
        _el("a2", "Riktat skolstöd i små grupper i svenska och matematik"),
        _el("a3", "Gemensam planering mellan skola och socialtjänst för varje elev"),
        _el("s1", "En stabilare vardag i familjen med regelbunden skolgång"),
        _el("s2", "Bättre kunskapsutveckling i svenska och matematik"),
        _el("g1", "Fler elever vid Norra skolan når kunskapskraven i årskurs 6"),
    ),
    links=_links("r1>a1 r1>a3 r2>a2 r2>a3 a1>s1 a2>s2 a3>s1 a3>s2 s1>g1 s2>g1"),
)

TRANSITION = Model(
    purpose="Unga som lämnar en HVB- eller SiS-placering ska kunna bo kvar hemma.",
    elements=(
        _el("r1", "Öppenvårdsteam med två behandlare"),
        _el("r2", "Överenskommelse med HVB- och SiS-hemmen om överlämning"),
        _el("a1", "Planering av hemgången tillsammans med HVB- eller SiS-hemmet innan "
                  "placeringen avslutas"),
        _el("a2", "Öppenvårdsinsatser direkt efter hemgången"),
        _el("s1", "Den unga och familjen har stöd på plats från första dagen efter hemgången"),
        _el("s2", "En stabil boende- och skolsituation efter hemgången"),
        _el("g1", "Färre omplaceringar av unga"),
    ),
    links=_links("r1>a1 r1>a2 r2>a1 a1>s1 a2>s1 a2>s2 s1>g1 s2>g1"),
)

# --- A weak application ----------------------------------------------------------------------

#: A proposal as it often arrives: an activity leading nowhere, a goal no activity reaches, and
#: an arrow drawn from a goal back to an outcome.
WEAK_PROPOSAL = Model(
    purpose="Unga i Västra området ska ha en meningsfull fritid.",
    elements=(
        _el("r1", "Tre fritidsledare"),
        _el("r2", "Lokal i Västra skolans källarplan"),
        _el("r3", "Föreningar i området"),
        _el("a1", "Öppen mötesplats fyra kvällar i veckan"),
        _el("a2", "Prova på-aktiviteter tillsammans med föreningarna"),
        _el("a3", "Sommarläger och utflykter"),
        _el("s1", "Fler unga har en meningsfull fritid"),
        _el("s2", "Bättre skolresultat bland unga i området"),
        _el("g1", "Minskad brottslighet bland unga i Västra området"),
        _el("g2", "Fler unga i Västra området fullföljer gymnasiet"),
    ),
    links=_links("r1>a1 r1>a3 r2>a1 r3>a2 a1>s1 a2>s1 s1>g1 s2>g2 g1>s2"),
)

MODELS: dict[str, Model] = {
    "fallprevention": FALLS,
    "hembesok": HOME_VISITS,
    "skolfranvaro": TRUANCY,
    "placerade-unga": PLACED_YOUTH,
    "foraldrastod": PARENTING,
    "skola-familj": SCHOOL_FAMILY,
    "overgang-hvb": TRANSITION,
    "fritid-unga": WEAK_PROPOSAL,
}
#: The running initiative whose model was changed after approval.
REVISED = "placerade-unga"

_APPROVED_STAGES = frozenset(PATH[PATH.index("approved"):])


def seed_logic_models(session: Session, projects: list[Project]) -> None:
    """Store the demo models; freeze those of approved initiatives as of their approval."""
    for project in projects:
        model = MODELS.get(project.key)
        if model is None:
            continue
        store_model(session, project, model)
        if project.stage in _APPROVED_STAGES:
            approval = next(c for c in project.stage_changes if c.to_stage == "approved")
            freeze_baseline(session, project, by=approval.user_label)
            project.logic_model.baseline_at = approval.at
        if project.key == REVISED:
            _revise_after_approval(session, project)
    session.flush()


def _revise_after_approval(session: Session, project: Project) -> None:
    """Tutoring did not suit the older young people (as in Norrköping): they get help with the
    upper-secondary application instead, and fewer are expected to take part in tutoring."""
    activity = add_element(
        session, project, level="activity",
        text=("Stöd med gymnasieansökan och studie- och yrkesvägledning för unga 16–17 år som "
              "inte har nytta av tutoring"),
        assumptions=("Studie- och yrkesvägledarna på gymnasieskolorna kan ta emot ungdomarna "
                     "under placeringen."),
    )
    add_link(session, project, "r1", activity.key)
    add_link(session, project, activity.key, "s6")
    add_indicator(session, project, activity, IndicatorValues(
        name="Andel unga 16–17 år som fått stöd med gymnasieansökan", kind="process",
        data_source="Teamets ärendelogg", data_source_kind="administrative",
        data_level="individual", unit="percent", target=Decimal("90"),
    ))
    tutoring = element_by_key(project, "a4")
    update_element(
        session, project, tutoring, level=tutoring.level, text=tutoring.text,
        assumptions=("Tutoring passar inte alla äldre ungdomar; de får i stället stöd med "
                     "gymnasieansökan."),
    )
    share = indicator_by_key(project, "i5")
    current = IndicatorValues(**{f.name: getattr(share, f.name) for f in fields(IndicatorValues)})
    update_indicator(session, share, replace(current, target=Decimal("50")))
