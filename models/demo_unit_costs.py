"""The example unit-cost library shipped with Satsa, and an example price index.

The guide (section 5) suggests starting from existing standard costs (*schablonkostnader*) and
correcting them against local costs where these are available. A new organisation therefore gets
a small library to start from: eight items a social investment commonly avoids. They are
**example values, not facts**: every item is marked ``is_example`` (the library page shows a badge
and a notice until each has been replaced or edited), its ``source`` begins with "Example value —
replace with your own figure" and names where such a figure is usually found (Kolada, SKR's
statistics, the authority that pays, the municipality's own accounts), and its confidence grade is
C, D or E, so the optimism reduction for weak evidence applies until the organisation enters its
own figure. The amounts are rounded orders of magnitude in 2024 prices, plausible for a Swedish
municipality, not taken from any one source.

The example price index runs from 2022 to 2026 with 2022 = 100 and follows the shape of the
consumer price index (KPI) of those years, rounded; it too is an illustration to replace with
KPI or the municipality's own index. A price-index point has no note, so this docstring and the
price-index page are where that is said.

Both are loaded only into an empty library and an empty index: nothing the organisation entered
is ever overwritten or added to.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.costs import UnitCostValues, add_unit_cost, save_price_index
from models.economics import PriceIndexPoint, UnitCost

#: The start of every example item's source.
EXAMPLE_SOURCE = ("Example value — replace with your own figure "
                  "(exempelvärde – ersätt med er egen siffra)")

PRICE_YEAR = 2024


def _source(where: str) -> str:
    return f"{EXAMPLE_SOURCE}. {where}"


EXAMPLE_UNIT_COSTS: tuple[UnitCostValues, ...] = (
    UnitCostValues(
        key="hvb-dygn", name="Placering på HVB, barn och unga, per dygn", unit="dygn",
        amount=Decimal("4600"), price_year=PRICE_YEAR, confidence="C",
        source=_source("Finns t.ex. i Kolada (kostnad per vårddygn i HVB för barn och unga) "
                       "eller i kommunens egna avtal och bokslut."),
        note="Ett dygn på hem för vård eller boende, inklusive placeringskostnad.",
    ),
    UnitCostValues(
        key="familjehem-dygn", name="Placering i familjehem, barn och unga, per dygn",
        unit="dygn", amount=Decimal("1300"), price_year=PRICE_YEAR, confidence="C",
        source=_source("Finns t.ex. i Kolada (kostnad per vårddygn i familjehem för barn och "
                       "unga) eller i kommunens egen redovisning."),
        note="Arvode, omkostnadsersättning och handläggning; konsulentstödda familjehem kostar "
             "mer.",
    ),
    UnitCostValues(
        key="ekonomiskt-bistand-manad", name="Ekonomiskt bistånd, per hushåll och månad",
        unit="månad", amount=Decimal("10500"), price_year=PRICE_YEAR, confidence="C",
        source=_source("Finns t.ex. i Kolada eller Socialstyrelsens statistik över ekonomiskt "
                       "bistånd (utbetalt bistånd per hushåll och månad), eller i kommunens "
                       "egen redovisning."),
        note="Utbetalt bistånd till ett hushåll under en månad; handläggningen ingår inte.",
    ),
    UnitCostValues(
        key="gymnasiear", name="Ett år i gymnasieskolan, per elev", unit="läsår",
        amount=Decimal("135000"), price_year=PRICE_YEAR, confidence="C",
        source=_source("Finns t.ex. i Kolada eller SKR:s och Skolverkets statistik "
                       "(kostnad per elev i gymnasieskolan), eller i den interkommunala "
                       "prislistan."),
        note="Varierar mycket mellan program; ett genomsnitt över programmen.",
    ),
    UnitCostValues(
        key="omgjort-skolar", name="Ett omgjort skolår i grundskolan, per elev", unit="läsår",
        amount=Decimal("125000"), price_year=PRICE_YEAR, confidence="D",
        source=_source("Uppskattas t.ex. från Kolada eller SKR:s statistik (kostnad per elev i "
                       "grundskolan) eller barn- och utbildningsförvaltningens egen redovisning."),
        note="Ett extra år i skolan kostar ungefär ett års elevkostnad; guidens exempel på en "
             "undvikbar kostnad.",
    ),
    UnitCostValues(
        key="hemtjanst-timme", name="Hemtjänst, per beviljad timme", unit="timme",
        amount=Decimal("600"), price_year=PRICE_YEAR, confidence="C",
        source=_source("Finns t.ex. i Kolada eller SKR:s statistik (kostnad per hemtjänsttimme) "
                       "eller i äldreomsorgens egen redovisning och ersättning till utförare."),
        note="Ett år av hemtjänst räknas som timmar per år gånger timkostnaden.",
    ),
    UnitCostValues(
        key="vardag-fallskada", name="Vårddag på sjukhus efter fallskada", unit="vårddag",
        amount=Decimal("9000"), price_year=PRICE_YEAR, confidence="D",
        source=_source("Finns t.ex. i regionens kostnad per patient (KPP), SKR:s statistik "
                       "eller regionens prislista för utomlänsvård."),
        note="Kostnaden bärs av regionen, inte av kommunen.",
    ),
    UnitCostValues(
        key="sjukskrivning-vecka", name="En veckas sjukskrivning", unit="vecka",
        amount=Decimal("4500"), price_year=PRICE_YEAR, confidence="E",
        source=_source("Grov uppskattning; Försäkringskassans statistik över utbetald "
                       "sjukpenning, eller arbetsgivarens egna kostnader för sjuklön."),
        note="Sjukpenning för fem dagar; produktionsbortfall ingår inte.",
    ),
)

#: An example price index, 2022 = 100, shaped like KPI (rounded; replace it with your own).
EXAMPLE_PRICE_INDEX: dict[int, Decimal] = {
    2022: Decimal("100.0"),
    2023: Decimal("108.5"),
    2024: Decimal("111.5"),
    2025: Decimal("112.5"),
    2026: Decimal("114.5"),
}


def load_example_unit_costs(session: Session) -> int:
    """Add the example items when the library is empty and the example index when the index is
    empty; return how many items were added (0 when the library already had items).

    Flushes, never commits, like the rest of ``models.costs``.
    """
    added = 0
    if not session.scalar(select(func.count()).select_from(UnitCost)):
        for values in EXAMPLE_UNIT_COSTS:
            add_unit_cost(session, values, example=True)
            added += 1
    if not session.scalar(select(func.count()).select_from(PriceIndexPoint)):
        save_price_index(session, EXAMPLE_PRICE_INDEX)
    return added


__all__ = ["EXAMPLE_PRICE_INDEX", "EXAMPLE_SOURCE", "EXAMPLE_UNIT_COSTS",
           "load_example_unit_costs"]
