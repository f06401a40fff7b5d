"""The needs analysis of the demo portfolio: five need areas of Exempelkommun.

Drawn from the guide's section 3 and appendix B: young people placed in HVB or SiS and their
re-placements (with the flow analysis of figure 6), school results and truancy (with the
socio-economic index per area of figure 5), fall injuries among older people, and two needs that
have only been raised so far. All figures are illustrative; the areas of the municipality and
their boundaries are fictitious (rectangles generated here, not a real map).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.flows import analyse_flows, figure6_events
from models.need_areas import add_indicator, flow_to_json, set_breakdown
from models.needs import (
    DataSource,
    FlowAnalysis,
    NeedArea,
    QualitativeSource,
    SesAnalysis,
    SesArea,
)
from models.organisation import Department
from models.project import Project

#: Who recorded the demo analyses.
RECORDED_BY = "samordnare@exempelkommun.se"

#: The feature property naming an area in the generated boundaries.
NAME_PROPERTY = "namn"


@dataclass(frozen=True)
class DemoArea:
    """One residential area: the four variables of the index and the outcome.

    ``education`` is the share (%) of residents 25–64 with post-secondary education,
    ``employment`` the share (%) of residents 20–64 in work, ``nordic_born`` the share (%) born in
    the Nordic countries, ``income`` the median earned income in thousands of kronor and
    ``eligible`` the share (%) of pupils in year 9 eligible for upper secondary school.
    """

    name: str
    education: str
    employment: str
    nordic_born: str
    income: str
    eligible: str


#: Ten fictitious areas of Exempelkommun; the index goes strongly with eligibility (r ≈ 0.86).
SES_AREAS = (
    DemoArea("Centrum", "38", "74", "78", "312", "86.5"),
    DemoArea("Ekbacken", "52", "84", "91", "368", "95.2"),
    DemoArea("Hagaberg", "24", "63", "58", "228", "76.9"),
    DemoArea("Lindvik", "45", "81", "88", "341", "82.0"),
    DemoArea("Norrby", "19", "58", "49", "205", "71.3"),
    DemoArea("Sjöstaden", "41", "79", "83", "336", "93.0"),
    DemoArea("Solhöjden", "31", "72", "80", "287", "79.2"),
    DemoArea("Västra området", "16", "55", "44", "196", "66.8"),
    DemoArea("Åsen", "27", "70", "76", "262", "87.4"),
    DemoArea("Älvsbacka", "35", "77", "86", "301", "80.4"),
)

#: The south-west corner, size and columns of the generated grid of areas (degrees, WGS 84).
GRID_ORIGIN = (15.60, 58.40)
CELL_SIZE = (0.05, 0.03)
GRID_COLUMNS = 5


def demo_geojson(names: tuple[str, ...] = tuple(a.name for a in SES_AREAS)) -> dict:
    """A FeatureCollection with one rectangle per area, laid out in a grid of five columns.

    The rectangles only place the fictitious areas next to each other for the map; their exterior
    rings run counter-clockwise as RFC 7946 asks.
    """
    x0, y0 = GRID_ORIGIN
    width, height = CELL_SIZE
    features = []
    for index, name in enumerate(names):
        row, column = divmod(index, GRID_COLUMNS)
        west, south = x0 + column * width, y0 + row * height
        east, north = west + width, south + height
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        features.append({
            "type": "Feature",
            "properties": {NAME_PROPERTY: name},
            "geometry": {"type": "Polygon",
                         "coordinates": [[[round(x, 4), round(y, 4)] for x, y in ring]]},
        })
    return {"type": "FeatureCollection", "features": features}


def _d(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _indicator(area: NeedArea, name: str, *, unit: str, year: int | None = None,
               value: str | None = None, comparison: str | None = None,
               compared_with: str = "", source: str = "",
               breakdowns: dict[str, tuple[tuple[str, str], ...]] | None = None) -> None:
    indicator = add_indicator(
        area, name=name, unit=unit, year=year, value=_d(value), comparison_value=_d(comparison),
        comparison_label=compared_with, source=source,
    )
    for dimension, rows in (breakdowns or {}).items():
        for category, number in rows:
            set_breakdown(indicator, dimension, category, Decimal(number))


def _source(area: NeedArea, name: str, *, kind: str, holder: str, level: str | None,
            legal_limits: str, note: str = "") -> None:
    area.data_sources.append(DataSource(
        position=len(area.data_sources), name=name, kind=kind, holder=holder, level=level,
        legal_limits=legal_limits, note=note,
    ))


def _qualitative(area: NeedArea, title: str, *, method: str, on: date | None,
                 participants: str, summary: str) -> None:
    area.qualitative_sources.append(QualitativeSource(
        position=len(area.qualitative_sources), title=title, method=method, conducted_on=on,
        participants=participants, summary=summary,
    ))


# --- the need areas ------------------------------------------------------------------------


def _placements(department: Department | None) -> NeedArea:
    area = NeedArea(
        key="placerade-unga", title="Placerade unga och omplaceringar", status="anchored",
        department=department, raised_by_kind="department",
        raised_by="Socialförvaltningen, individ- och familjeomsorgen",
        outcome=("Färre unga placeras om, och fler unga som lämnar HVB eller SiS får en stabil "
                 "boendesituation och fullföljer skolan."),
        target_group=("Unga 13–17 år som placeras på HVB eller SiS, särskilt de som tidigare "
                      "har placerats i familjehem eller jourhem, och unga som flyttar hem efter "
                      "en placering."),
        description=("Kostnaderna för institutionsvård har ökat i flera år och många unga "
                     "placeras om. Flödesanalysen följer de unga som nu är placerade på HVB eller "
                     "SiS bakåt i tiden: av 200 omplaceringar gick 60 % från familjehem eller "
                     "jourhem till HVB/SiS, 30 % från ett HVB/SiS till ett annat eller till "
                     "familjehem och 10 % skedde efter en tid hemma. Få fick öppenvårdsinsatser "
                     "mellan placeringarna, och alla återplacerades till slut på HVB/SiS. "
                     "Behovsbilden är redovisad för socialnämnden och ledningsgruppen."),
    )
    _indicator(
        area, "Unga 13–20 år placerade på HVB eller SiS per 10 000 invånare i åldern",
        unit="per 10 000", year=2024, value="38.5", comparison="27.0",
        compared_with="Liknande kommuner",
        source=("Socialstyrelsens statistik om insatser för barn och unga; kommunens egen "
                "sammanställning ur Treserva."),
        breakdowns={
            "sex": (("Pojkar", "52.3"), ("Flickor", "23.9")),
            "age": (("13–15 år", "24.1"), ("16–17 år", "55.8"), ("18–20 år", "31.2")),
        },
    )
    _indicator(
        area, "Andel placerade unga som placerats om inom 24 månader",
        unit="%", year=2024, value="46", comparison="35", compared_with="Riket",
        source="Treserva, uppföljning av placeringar 2022–2024.",
        breakdowns={
            "sex": (("Pojkar", "49"), ("Flickor", "41")),
            "age": (("13–15 år", "51"), ("16–17 år", "44")),
        },
    )
    _indicator(
        area, "Andel omplaceringar med öppenvårdsinsats mellan placeringarna",
        unit="%", year=2019, value="10",
        source="Flödesanalys av placeringar 2014–2019 (pseudonymiserade uppgifter ur Treserva).",
        breakdowns={"other": (("Grupp 1", "0"),
                              ("Grupp 2", "20"),
                              ("Grupp 3", "40"))},
    )
    _source(
        area, "Treserva – socialtjänstens verksamhetssystem", kind="own_system",
        holder="Socialförvaltningen", level="individual",
        legal_limits=("Uppgifterna omfattas av socialtjänstsekretess (26 kap. OSL). Att samköra "
                      "dem med skolans uppgifter kräver samtycke eller en sekretessbrytande "
                      "bestämmelse. Flödesanalysen görs därför på pseudonymiserade nycklar, och "
                      "bara antalen sparas."),
        note="Placeringar, omplaceringar och öppenvårdsinsatser per barn sedan 2014.",
    )
    _source(
        area, "Socialstyrelsens register över insatser för barn och unga", kind="register",
        holder="Socialstyrelsen", level="individual",
        legal_limits=("Registret förs för statistik och forskning; uppgifter på individnivå "
                      "lämnas ut först efter sekretessprövning. Kommunen använder den "
                      "publicerade statistiken på gruppnivå för jämförelser."),
    )
    _source(
        area, "Kolada – kostnader för institutionsvård barn och unga", kind="national_report",
        holder="RKA", level="aggregate",
        legal_limits="Öppna uppgifter på kommunnivå; inga hinder mot samanalys.",
    )
    _qualitative(
        area, "Intervjuer med unga som placerats om", method="interview",
        on=date(2024, 3, 12), participants="Åtta unga 15–19 år, via placeringsenheten",
        summary=("De unga beskriver att stödet tog slut när de flyttade från HVB, att de bytt "
                 "socialsekreterare flera gånger och att skolgången avbröts vid varje flytt. "
                 "Flera efterfrågar en vuxen som följer dem genom hela placeringen."),
    )
    _qualitative(
        area, "Fokusgrupp med socialsekreterare och HVB-personal", method="focus_group",
        on=date(2024, 4, 3),
        participants="Socialsekreterare, familjehemssekreterare och personal från två HVB",
        summary=("Öppenvårdsinsatser sätts sällan in mellan placeringarna, eftersom ansvaret "
                 "för övergången är oklart. Familjehem säger upp uppdraget när de inte får stöd "
                 "i kriser, och då blir HVB den enda möjligheten."),
    )
    result = analyse_flows(figure6_events())
    area.flow_analyses.append(FlowAnalysis(
        title="Omplaceringar bland unga på HVB eller SiS", period="2014–2019",
        counts=flow_to_json(result), created_by=RECORDED_BY,
    ))
    return area


def _school(department: Department | None) -> NeedArea:
    area = NeedArea(
        key="skolresultat", title="Skolresultat och skolfrånvaro", status="verified",
        department=department, raised_by_kind="school", raised_by="Rektor vid Norra skolan",
        outcome=("Fler elever blir behöriga till gymnasiet och fullföljer gymnasiet i tid; "
                 "den ogiltiga frånvaron minskar."),
        target_group=("Elever i områden med låg socioekonomisk status, särskilt elever med "
                      "stöd från socialtjänsten och gymnasieelever med minst 60 % ogiltig "
                      "frånvaro."),
        description=("Andelen behöriga till gymnasiet är lägre än i liknande kommuner, och "
                     "skillnaderna mellan områdena är stora. Det socioekonomiska indexet per "
                     "område visar ett starkt samband med behörigheten. Rektorn vid Norra "
                     "skolan lyfte att skolan inte ensam kan vända resultaten för de elever som "
                     "också har stöd från socialtjänsten."),
    )
    _indicator(
        area, "Andel elever i årskurs 9 behöriga till gymnasiets yrkesprogram",
        unit="%", year=2024, value="81.6", comparison="85.9",
        compared_with="Liknande kommuner (Kolada)",
        source="Skolverkets statistik via Kolada; områdena ur skolans egen statistik.",
        breakdowns={
            "sex": (("Flickor", "84.8"), ("Pojkar", "78.5")),
            "area": tuple((a.name, a.eligible) for a in SES_AREAS),
        },
    )
    _indicator(
        area, "Andel gymnasieelever med examen inom fyra år", unit="%", year=2024,
        value="64.2", comparison="71.2", compared_with="Riket",
        source="Skolverkets statistik via Kolada.",
        breakdowns={"sex": (("Flickor", "68.5"), ("Pojkar", "60.1"))},
    )
    _indicator(
        area, "Andel gymnasieelever med mer än 10 % ogiltig frånvaro", unit="%", year=2024,
        value="14.8", comparison="11.5", compared_with="Riket",
        source=("Elevhälsans frånvarouppföljning (egen sammanställning); jämförelsen ur "
                "Skolinspektionens rapport om frånvaro."),
        breakdowns={
            "sex": (("Flickor", "13.2"), ("Pojkar", "16.3")),
            "age": (("16 år", "11.0"), ("17 år", "15.2"), ("18–19 år", "18.4")),
        },
    )
    _source(
        area, "Skolverkets statistik och Kolada", kind="national_report",
        holder="Skolverket och RKA", level="aggregate",
        legal_limits=("Publiceras på skol- och kommunnivå; små grupper redovisas inte. Kan inte "
                      "kopplas till enskilda elever."),
    )
    _source(
        area, "Skolans elevregister och frånvarosystem", kind="own_system",
        holder="Barn- och utbildningsförvaltningen", level="individual",
        legal_limits=("Elevuppgifter omfattas av sekretess i skolan (23 kap. OSL). Samanalys med "
                      "socialtjänstens uppgifter kräver vårdnadshavarnas samtycke eller en "
                      "sekretessbrytande bestämmelse; den görs därför på gruppnivå per område."),
    )
    _source(
        area, "SCB:s statistik per område", kind="register", holder="SCB",
        level="aggregate",
        legal_limits="Beställda tabeller per område; inga uppgifter om enskilda.",
        note=("Utbildningsnivå, andel förvärvsarbetande, andel födda i Norden och "
              "förvärvsinkomst – underlaget till det socioekonomiska indexet."),
    )
    _qualitative(
        area, "Fokusgrupp med elevhälsan", method="focus_group", on=date(2024, 2, 7),
        participants="Kuratorer, skolsköterskor och specialpedagoger från fyra skolor",
        summary=("Frånvaron börjar ofta som enstaka lektioner i årskurs 7–8 och växer när "
                 "eleven halkar efter. Elevhälsan hinner sällan kontakta hemmet innan frånvaron "
                 "är stor."),
    )
    _qualitative(
        area, "Enkät till vårdnadshavare", method="user_survey", on=date(2024, 5, 20),
        participants="412 vårdnadshavare till elever i årskurs 7–9",
        summary=("Var fjärde vårdnadshavare i Norrby och Västra området vet inte vem på skolan "
                 "de ska kontakta om barnet är borta. Många önskar information på fler språk."),
    )
    areas = [SesArea(position=index, area=a.name, education=Decimal(a.education),
                     employment=Decimal(a.employment), nordic_born=Decimal(a.nordic_born),
                     income=Decimal(a.income), outcome=Decimal(a.eligible))
             for index, a in enumerate(SES_AREAS)]
    area.ses_analyses.append(SesAnalysis(
        title="Socioekonomiskt index och gymnasiebehörighet per område", year=2024,
        outcome_label="Andel behöriga till gymnasiet",
        geojson=json.dumps(demo_geojson(), ensure_ascii=False, separators=(",", ":")),
        name_property=NAME_PROPERTY, created_by=RECORDED_BY, areas=areas,
    ))
    return area


def _falls(department: Department | None) -> NeedArea:
    area = NeedArea(
        key="fallskador", title="Fall och fallskador bland äldre", status="verified",
        department=department, raised_by_kind="department",
        raised_by="Vård- och omsorgsförvaltningen, hemtjänsten",
        outcome="Färre fallskador som leder till sjukhusinläggning bland äldre.",
        target_group=("Personer 65 år och äldre med hemtjänst i ordinärt boende, särskilt "
                      "kvinnor över 80 år."),
        description=("Fallskador är den vanligaste orsaken till att äldre med hemtjänst läggs "
                     "in på sjukhus, och kommunen ligger över riket. Regionens slutenvårdsdata "
                     "och hemtjänstens avvikelserapporter visar samma bild."),
    )
    _indicator(
        area, "Fallskador som lett till sjukhusinläggning per 1 000 invånare 65 år och äldre",
        unit="per 1 000", year=2024, value="28.6", comparison="24.1", compared_with="Riket",
        source="Socialstyrelsens patientregister, redovisat av regionen per åldersgrupp.",
        breakdowns={
            "age": (("65–74 år", "9.8"), ("75–84 år", "31.5"), ("85 år och äldre", "84.2")),
            "sex": (("Kvinnor", "33.4"), ("Män", "22.9")),
        },
    )
    _indicator(
        area, "Fall rapporterade som avvikelser i hemtjänsten per 100 brukare",
        unit="per 100 brukare", year=2024, value="62",
        source="Procapita, hemtjänstens avvikelserapporter.",
        breakdowns={"area": (("Hemtjänstområde Norr", "71"), ("Hemtjänstområde Söder", "54"))},
    )
    _indicator(
        area, "Andel med hemtjänst som fått en bedömning av fallrisk", unit="%", year=2024,
        value="41", source="Procapita, dokumenterade riskbedömningar.",
    )
    _source(
        area, "Patientregistret", kind="register", holder="Socialstyrelsen",
        level="individual",
        legal_limits=("Uppgifter på individnivå lämnas bara ut efter sekretessprövning. Att "
                      "koppla dem till kommunens hemtjänstuppgifter kräver ett särskilt "
                      "utlämnande och pseudonymisering; regionen lämnar i stället antal per "
                      "åldersgrupp och kön."),
    )
    _source(
        area, "Procapita – hemtjänstens verksamhetssystem och avvikelserapporter",
        kind="own_system", holder="Vård- och omsorgsförvaltningen", level="individual",
        legal_limits=("Omfattas av socialtjänstsekretess; får inte samköras med regionens "
                      "journaler utan den enskildes samtycke. Används här på gruppnivå."),
    )
    _source(
        area, "Öppna jämförelser – vård och omsorg om äldre", kind="national_report",
        holder="Socialstyrelsen", level="aggregate",
        legal_limits="Öppna uppgifter på kommunnivå.",
    )
    _qualitative(
        area, "Intervjuer med hemtjänstpersonal", method="interview", on=date(2024, 9, 10),
        participants="Tolv undersköterskor och två enhetschefer i två hemtjänstområden",
        summary=("Personalen ser att många brukare rör sig allt mindre, men det finns ingen "
                 "rutin för träning i vardagen och ingen tid avsatt för den."),
    )
    _qualitative(
        area, "Brukarundersökning i hemtjänsten", method="user_survey", on=date(2024, 3, 1),
        participants="1 050 brukare 65 år och äldre",
        summary=("Var tredje brukare är rädd för att falla, och var femte har avstått från "
                 "att gå ut av rädsla för att falla."),
    )
    return area


def _mental_health(department: Department | None) -> NeedArea:
    area = NeedArea(
        key="psykisk-ohalsa-unga", title="Psykisk ohälsa bland unga", status="raised",
        department=department, raised_by_kind="civil_society",
        raised_by="Föreningar och fritidsgårdar i Västra området",
        outcome="Färre unga med psykisk ohälsa, och fler som får stöd tidigt.",
        target_group="Unga 13–19 år; vilka grupper som är mest utsatta är inte utrett.",
        description=("Föreningarna och fritidsledarna ser fler unga som mår dåligt och drar sig "
                     "undan. Behovet är lyft men inte verifierat med data från skolan, "
                     "elevhälsan eller regionen."),
    )
    _indicator(
        area, "Andel elever i årskurs 9 som ofta känner sig nedstämda", unit="%",
        source="Planerad: kommunens ungdomsenkät 2025.",
    )
    _qualitative(
        area, "Samtal med fritidsledare", method="other", on=None,
        participants="Fritidsledare på två fritidsgårdar",
        summary=("Anteckningar från ett möte; ännu inte sammanställda eller jämförda med "
                 "annan data."),
    )
    return area


def _loneliness(department: Department | None) -> NeedArea:
    area = NeedArea(
        key="ensamhet-aldre", title="Ensamhet bland äldre", status="raised",
        department=department, raised_by_kind="citizens",
        raised_by="Kommunala pensionärsrådet",
        outcome="Färre äldre som känner sig ensamma.",
        target_group="Äldre som bor ensamma; avgränsningen är inte gjord.",
        description=("Pensionärsorganisationerna lyfte att ensamheten ökat. Det finns ännu "
                     "inga uppgifter om hur många det gäller eller var de bor."),
    )
    _indicator(
        area, "Andel 65 år och äldre som ofta besväras av ensamhet", unit="%",
        source="Planerad: Socialstyrelsens brukarundersökning för äldreomsorgen.",
    )
    return area


#: The need areas and the demo initiatives that answer them.
LINKS = {
    "placerade-unga": ("placerade-unga", "overgang-hvb"),
    "skolresultat": ("skolfranvaro", "skola-familj"),
    "fallskador": ("fallprevention", "hembesok"),
    "psykisk-ohalsa-unga": ("foraldrastod", "fritid-unga"),
    "ensamhet-aldre": ("hembesok", "digital-ensamhet"),
}


def seed_need_areas(session: Session) -> list[NeedArea]:
    """Add the demo need areas with their evidence and link them to the demo initiatives."""
    departments = {d.key: d for d in session.scalars(select(Department))}
    projects = {p.key: p for p in session.scalars(select(Project))}
    areas = [
        _placements(departments.get("soc")),
        _school(departments.get("bun")),
        _falls(departments.get("vof")),
        _mental_health(departments.get("kfn")),
        _loneliness(departments.get("vof")),
    ]
    for area in areas:
        area.projects = [projects[key] for key in LINKS[area.key] if key in projects]
    session.add_all(areas)
    session.flush()
    return areas
