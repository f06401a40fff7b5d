"""The demo's costs and benefits: the truancy initiative and the preventive home visits.

Both are the guide's fictitious examples (appendix B). The figures the guide gives are used as
given: the truancy initiative cost 4 MSEK over three years, and its effect on not completing
upper-secondary school in time was 60 % fewer against 25 % at the other school (35 percentage
points of the baseline); after the home visits, 20 % of the participants against 55 % of the
comparison group were granted assistance beyond a safety alarm, and assistance costs were
4 MSEK lower over 12 months. Everything else — how the money was spent, how many people a line
counts, how long an effect lasts, deadweight, attribution and drop-off — is an assumption made
for the demo, and each line's note says so and why.

The benefits are not tuned to the guide's "2.5 kronor back per krona": the return is what these
assumptions give (the calculation page shows it, with the honesty checks and the sensitivity
analysis). The amounts use the shipped example unit costs, which are example values too.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import costs
from models.costs import BenefitValues, BudgetValues
from models.demo_unit_costs import load_example_unit_costs
from models.project import Project

#: Every note starts with this, so no one mistakes a demo figure for a fact.
DEMO = "Demoantagande: "

#: Budget lines of the truancy initiative (August 2023 – June 2026): 4 000 000 kronor in all.
TRUANCY_BUDGET = (
    BudgetValues("staff", "bun", 2023, Decimal("420000.00"), month=8, phase="Uppstart",
                 note=DEMO + "närvarokoordinator och kurator på skolan, två årsarbetskrafter "
                             "under hösten 2023 (cirka 1 mnkr per helår)."),
    BudgetValues("staff", "soc", 2023, Decimal("100000.00"), month=8, phase="Uppstart",
                 note=DEMO + "socialsekreterare på skolan två dagar i veckan under hösten "
                             "2023."),
    BudgetValues("material", "bun", 2023, Decimal("150000.00"), month=8, phase="Uppstart",
                 note=DEMO + "inköp och införande av det digitala närvarosystemet."),
    BudgetValues("staff", "bun", 2024, Decimal("1000000.00"), phase="Genomförande",
                 note=DEMO + "närvarokoordinator och kurator, två årsarbetskrafter."),
    BudgetValues("staff", "soc", 2024, Decimal("240000.00"), phase="Genomförande",
                 note=DEMO + "socialsekreterare två dagar i veckan (0,4 årsarbetskraft)."),
    BudgetValues("material", "bun", 2024, Decimal("40000.00"), phase="Genomförande",
                 note=DEMO + "licens för närvarosystemet och material till studiecoachningen."),
    BudgetValues("staff", "bun", 2025, Decimal("1000000.00"), phase="Genomförande",
                 note=DEMO + "närvarokoordinator och kurator, två årsarbetskrafter."),
    BudgetValues("staff", "soc", 2025, Decimal("240000.00"), phase="Genomförande",
                 note=DEMO + "socialsekreterare två dagar i veckan (0,4 årsarbetskraft)."),
    BudgetValues("material", "bun", 2025, Decimal("40000.00"), phase="Genomförande",
                 note=DEMO + "licens för närvarosystemet och material till studiecoachningen."),
    BudgetValues("staff", "bun", 2026, Decimal("500000.00"), phase="Avslutning",
                 note=DEMO + "närvarokoordinator och kurator under vårterminen 2026."),
    BudgetValues("staff", "soc", 2026, Decimal("120000.00"), phase="Avslutning",
                 note=DEMO + "socialsekreterare under vårterminen 2026."),
    BudgetValues("evaluation", "bun", 2026, Decimal("150000.00"), month=6, phase="Avslutning",
                 note=DEMO + "extern utvärdering med jämförelse mot kommunens andra "
                             "gymnasieskola."),
)

TRUANCY_BENEFITS = (
    BenefitValues(
        unit_cost="gymnasiear", indicator="i10", people="15.75", units_per_person="1",
        actor="bun", first_year=2025, years=3, attribution="0.20", drop_off="0.10",
        evidence_years=3,
        note=DEMO + "45 elever per årskull behöver i dag ett extra gymnasieår (i10). Andelen som "
                    "inte fullföljer i tid minskade med 60 % mot 25 % på den andra skolan, en "
                    "effekt på 35 %: 45 × 0,35 = 15,75 elever per år slipper ett extra år. "
                    "Ingen dödvikt, eftersom effekten redan är räknad mot jämförelseskolan; 20 % "
                    "räknas bort som andra insatsers del, eftersom en generisk kontrollgrupp är "
                    "en svag jämförelse. Effekten antas gälla de tre årskullar som gick i skolan "
                    "under satsningen och avta med 10 % per år när personalen slutar.",
    ),
    BenefitValues(
        unit_cost="ekonomiskt-bistand-manad", indicator="i11", people="4",
        units_per_person="6", actor="soc", first_year=2027, years=5, deadweight="0.25",
        attribution="0.20", drop_off="0.20",
        note=DEMO + "9 % av de tidigare eleverna har ekonomiskt bistånd tre år efter gymnasiet "
                    "(i11), cirka 27 unga per årskull. Fyra färre unga per årskull antas behöva "
                    "bistånd i genomsnitt sex månader om året, från 2027 och i fem år. Effekten "
                    "är inte uppmätt utan härledd från att fler fullföljer gymnasiet; därför 25 % "
                    "dödvikt (en del hade fått arbete ändå), 20 % till andra insatser och 20 % "
                    "avtagande per år.",
    ),
)

#: Budget lines of the home-visits pilot (March 2024 – February 2025): 2 000 000 kronor.
HOME_VISITS_BUDGET = (
    BudgetValues("staff", "vof", 2024, Decimal("1250000.00"), month=3, phase="Pilot",
                 note=DEMO + "hembesöksteam med hälsopedagog och dietist, mars–december 2024."),
    BudgetValues("external", "vof", 2024, Decimal("180000.00"), phase="Pilot",
                 note=DEMO + "gyminstruktör och kock för gruppträffarna."),
    BudgetValues("material", "vof", 2024, Decimal("70000.00"), month=3, phase="Pilot",
                 note=DEMO + "bedömningsinstrument (WHO-5, GDS-15), planmallar och material "
                             "till gruppträffarna."),
    BudgetValues("staff", "vof", 2025, Decimal("250000.00"), phase="Pilot",
                 note=DEMO + "hembesöksteamet januari–februari 2025 och de uppföljande "
                             "samtalen."),
    BudgetValues("evaluation", "vof", 2025, Decimal("250000.00"), month=2, phase="Pilot",
                 note=DEMO + "utvärdering mot jämförelsegruppen efter 12 månader. "
                             "Uppskalningen (två team, 3,5 mnkr per år, förväntat 9 mnkr lägre "
                             "kostnader) hör till implementeringsplanen och ingår inte här."),
)

HOME_VISITS_BENEFITS = (
    BenefitValues(
        unit_cost="hemtjanst-timme", indicator="i9", people="210", units_per_person="32",
        actor="vof", first_year=2025, years=2, attribution="0.10", drop_off="0.50",
        evidence_years=1,
        note=DEMO + "20 % av deltagarna mot 55 % i jämförelsegruppen fick bistånd utöver "
                    "trygghetslarm efter 12 månader: 600 × 0,35 = 210 färre. Guidens 4 mnkr "
                    "lägre biståndskostnader motsvarar cirka 32 hemtjänsttimmar per person och "
                    "år. Ingen dödvikt, eftersom effekten är räknad mot jämförelsegruppen; 10 % "
                    "till andra insatser. Effekten är uppmätt i 12 månader; att hälften består "
                    "ett andra år är ett antagande.",
    ),
    BenefitValues(
        unit_cost="vardag-fallskada", indicator="i8", people="6", units_per_person="5",
        actor="region", first_year=2025, years=2, attribution="0.30", drop_off="0.30",
        note=DEMO + "fler är fysiskt aktiva enligt sin plan; sex färre fallskador med i "
                    "genomsnitt fem vårddagar på sjukhus antas per år. Fallskadorna mättes inte "
                    "i utvärderingen, därför 30 % till andra insatser och 30 % avtagande per "
                    "år. Besparingen hamnar hos regionen.",
    ),
)

#: (discount rate, price year, sensitivity variation, Monte Carlo ranges, seed).
SETTINGS = {
    "skolfranvaro": (Decimal("0.035"), 2024, Decimal("0.25"), {
        "people": ["0.5", "1", "1.3"], "unit_costs": ["0.8", "1", "1.2"],
        "years": ["0.67", "1", "1.33"], "discount_rate": ["0.01", "0.035", "0.05"],
    }, 20230801),
    "hembesok": (Decimal("0.035"), 2024, Decimal("0.25"), {
        "people": ["0.6", "1", "1.2"], "unit_costs": ["0.8", "1", "1.2"],
        "years": ["0.5", "1", "1.5"], "discount_rate": ["0.01", "0.035", "0.05"],
    }, 20240301),
}

LINES = {
    "skolfranvaro": (TRUANCY_BUDGET, TRUANCY_BENEFITS),
    "hembesok": (HOME_VISITS_BUDGET, HOME_VISITS_BENEFITS),
}


def seed_economics(session: Session) -> None:
    """Load the example unit costs and price index, then give the truancy initiative and the
    home visits their budget, benefits, discount rate, price year and sensitivity settings.

    Written through ``models.costs``, so every value passes the checks the pages apply.
    """
    load_example_unit_costs(session)
    projects = {p.key: p for p in session.scalars(select(Project).where(
        Project.key.in_(list(LINES))))}
    for key, (budget, benefits) in LINES.items():
        project = projects.get(key)
        if project is None:
            continue
        for values in budget:
            costs.add_budget_line(session, project, values)
        for values in benefits:
            costs.add_benefit_line(session, project, values)
        rate, price_year, factor, ranges, seed = SETTINGS[key]
        costs.save_settings(session, project, discount_rate=rate, price_year=price_year,
                            sensitivity_factor=factor, version=None)
        costs.save_monte_carlo_settings(session, project, ranges=ranges, seed=seed,
                                        draws=10000, version=None)
    session.flush()
