"""The design component in the browser, in Swedish, with axe on every page state.

The coordinator creates an initiative with an outcome indicator in per cent, answers the guided
questions of the evaluation plan and chooses the recommended comparison alternative, sets up the
power calculation and sees the warning when the success criterion is below what the planned
groups can detect, then describes three risks and filters the risk list through the heat map.
The initiative is the test's own, so the demo portfolio the other tests use is left as it is.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from models.demo import DEMO_PASSWORD
from tests.e2e.conftest import COORDINATOR, NBSP, axe_check, log_in, submit, visit

pytestmark = pytest.mark.e2e


# The run's own texts; the suffix keeps them unique in the shared database.
RUN = uuid.uuid4().hex[:6]
TITLE = f"Hemrehabilitering efter höftfraktur {RUN}"
RESULT = f"Färre återinläggningar efter höftfraktur {RUN}"
INDICATOR = f"Andel som läggs in på sjukhus igen inom 12 månader {RUN}"
COMPARISON_GROUP = f"Personer med höftfraktur i grannkommunen Västerby {RUN}"

QUESTIONS = {
    "Kan målgruppen delas slumpmässigt i en grupp som får insatsen och en grupp som bara får "
    "de ordinarie tjänsterna?": "Nej",
    "Finns det en liknande grupp på annat håll, till exempel i ett annat område eller en annan "
    "kommun, som kan följas samtidigt?": "Ja",
    "Finns det register- eller administrativa data om samma indikatorer för en motsvarande grupp "
    "i en större population, under samma period?": "Nej",
    "Finns det minst en expert inom området som kan bedöma vad resultatet hade blivit utan "
    "insatsen?": "Vet inte ännu",
    "Kommer det att finnas data om utgångsläget från före starten, befintliga data eller en "
    "mätning som görs innan insatsen börjar?": "Ja",
    "Finns det en tidigare grupp som har fått samma eller en liknande insats, med samma data om "
    "samma indikatorer?": "Nej",
    "Kan erbjudandet ges i omgångar, så att några får vänta på det (en väntelista)?": "Nej",
}
# The guide's order, with the verdict the answers above give each alternative.
SUGGESTIONS = (
    ("rct", "Randomiserad kontrollerad studie (RCT)", "Uteslutet",
     "Uteslutet: målgruppen kan inte randomiseras."),
    ("matching", "Matchning", "Föreslaget",
     "Det finns en liknande grupp på annat håll som kan följas samtidigt och matchas mot "
     "deltagarna."),
    ("generic_control", "Generisk kontroll", "Uteslutet", "Uteslutet:"),
    ("shadow_control", "Skuggkontroll", "Möjligt: undersök först",
     "Ta reda på om en expert inom området kan bedöma vad som hade hänt utan insatsen."),
    ("before_after", "Före- och eftermätning", "Föreslaget",
     "Det kommer att finnas data om utgångsläget från före starten"),
    ("historical_control", "Historisk kontroll", "Uteslutet", "Uteslutet:"),
    ("waitlist_control", "Väntelistekontroll", "Uteslutet",
     "Uteslutet: erbjudandet kan inte ges i omgångar."),
)

# 60 per group, α 5 %, power 80 %, from 55 %: Cohen's h = (1.959964 + 0.841621) × √(2/60)
# = 0.511497; asin(√0.55) − h/2 = 0.832981 − 0.255749 = 0.577232, sin² = 0.3001, so the
# smallest detectable reduction is 55 % → 30 %, about −25 percentage points. The expected
# −15 (to 40 %) needs h = 0.301525 and (2.801585 / 0.301525)² × 2 = 172.7 → 173 per group.
DETECTABLE = f"Med 60 per grupp kan ni påvisa en minskning från 55{NBSP}% till 30{NBSP}%"
REQUIRED = f"För att påvisa en minskning från 55{NBSP}% till 40{NBSP}% behövs 173 per grupp"
CRITERION_WARNING = (
    "Kriteriet för framgång (-5 procentenheter) är mindre än den minsta effekt som de planerade "
    "grupperna kan påvisa (-25 procentenheter)"
)

# (likelihood, impact) on the default 5 × 5 scale: scores 12 (medium), 10 (medium), 2 (low).
RISKS = (
    (f"Deltagare faller vid hemträningen {RUN}", "4", "3"),
    (f"Sjukhusets arbetsterapeuter hinner inte remittera {RUN}", "2", "5"),
    (f"Lokalen för gruppträffarna blir dyrare {RUN}", "1", "2"),
)


def _flash(page, text: str) -> None:
    expect(page.locator(".flashes")).to_contain_text(text)


def _create_project(page) -> str:
    """Create the initiative with one short-term outcome measured in per cent; return its path."""
    page.get_by_role("link", name="Ny satsning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny satsning")
    axe_check(page)
    page.get_by_label("Titel", exact=True).fill(TITLE)
    submit(page, page.get_by_role("button", name="Skapa satsning"))
    match = re.search(r"/projects/(\d+)$", page.url)
    assert match, page.url
    _flash(page, "Satsningen skapades.")
    axe_check(page)

    page.get_by_role("link", name="Logikmodell", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Logikmodell")
    axe_check(page)
    form = page.locator("#add-element")
    form.get_by_label("Nivå").select_option(label="Kortsiktigt resultat")
    form.get_by_label("Text", exact=True).fill(RESULT)
    submit(page, form.get_by_role("button", name="Lägg till elementet"))
    expect(page.locator("#element-s1")).to_contain_text(RESULT)
    axe_check(page)

    page.locator("#element-s1").get_by_role("link", name="Redigera och indikatorer").click()
    axe_check(page)
    page.get_by_label("Indikator", exact=True).fill(INDICATOR)
    page.get_by_label("Slag", exact=True).select_option(value="outcome")
    page.get_by_label("Enhet", exact=True).select_option(value="percent")
    page.get_by_label("Utgångsvärde").fill("55")
    page.get_by_label("Målvärde").fill("40")
    submit(page, page.get_by_role("button", name="Lägg till indikatorn"))
    expect(page.locator("#element-s1")).to_contain_text(INDICATOR)
    axe_check(page)
    return f"/projects/{match.group(1)}"


def _choose_comparison(page, project: str) -> None:
    visit(page, f"{project}/evaluation-plan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Utvärderingsplan")
    comparison = page.locator("#comparison")
    expect(comparison).to_contain_text("Valt: Inget alternativ valt ännu.")
    expect(page.locator("#suggestions")).to_have_count(0)

    questions = page.locator("#questions")
    for question, answer in QUESTIONS.items():
        questions.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    submit(page, questions.get_by_role("button", name="Föreslå alternativ"))
    _flash(page, "Svaren sparades. Alternativen bedöms nedan.")
    for question, answer in QUESTIONS.items():
        expect(questions.get_by_role("group", name=question).get_by_label(answer, exact=True)
               ).to_be_checked()
    axe_check(page)

    # Every alternative, in the guide's order, with its verdict and why.
    suggestions = page.locator("#suggestions")
    items = suggestions.locator("ol > li")
    expect(items).to_have_count(len(SUGGESTIONS))
    for index, (key, name, verdict, reason) in enumerate(SUGGESTIONS):
        item = items.nth(index)
        expect(item).to_have_attribute("id", f"suggestion-{key}")
        expect(item.locator(".finding__severity")).to_have_text(verdict)
        expect(item).to_contain_text(name)
        expect(item).to_contain_text(reason)
    # The most reliable suggested alternative is recommended, and only that one.
    expect(suggestions.get_by_text("rekommenderat")).to_have_count(1)
    expect(page.locator("#suggestion-matching")).to_contain_text("Matchning – rekommenderat")
    expect(comparison).to_contain_text("Valt: Inget alternativ valt ännu.")

    submit(page, suggestions.get_by_role(
        "button", name="Välj det rekommenderade alternativet: Matchning"))
    _flash(page, "Jämförelsealternativet Matchning valdes. Beskriv nedan vad det kräver.")
    expect(comparison).to_contain_text("Valt: Matchning")
    expect(page.locator("#suggestion-matching")).to_contain_text("(valt)")
    expect(suggestions.get_by_role("button")).to_have_count(0)
    expect(page.locator("#alternatives").get_by_label("Matchning", exact=True)).to_be_checked()
    axe_check(page)

    # The choice's follow-up: the comparison group and the matching variables.
    details = page.locator("#comparison-details")
    expect(details.get_by_label("Matchningsvariabler")).to_be_visible()
    details.get_by_label("Jämförelsegrupp", exact=True).fill(COMPARISON_GROUP)
    submit(page, details.get_by_role("button", name="Spara"))
    _flash(page, "Uppgifterna om vad jämförelsealternativet kräver sparades.")
    expect(page.locator("#comparison-details").get_by_label("Jämförelsegrupp", exact=True)
           ).to_have_value(COMPARISON_GROUP)
    axe_check(page)


def _power_and_success_criterion(page) -> None:
    power = page.locator("#power")
    form = power.locator("form")
    form.get_by_label("Andel (till exempel andelen som återfaller)").check()
    form.get_by_label("Indikator som beräkningen gäller").select_option(label=f"i1: {INDICATOR}")
    form.get_by_label("Andel i utgångsläget").fill("55 %")
    form.get_by_label("Förväntad effekt").fill("−15")
    form.get_by_label("Signifikansnivå (α)").fill("0,05")
    form.get_by_label("Styrka (1 − β)").fill("0,80")
    form.get_by_label("Planerad interventionsgrupp (personer)").fill("60")
    form.get_by_label("Planerad jämförelsegrupp (personer)").fill("60")
    submit(page, form.get_by_role("button", name="Spara och beräkna"))
    _flash(page, "Styrkeberäkningen sparades.")
    expect(page.locator("#power-mde")).to_contain_text(
        f"25 procentenheter (55{NBSP}% → 30{NBSP}%)")
    sentences = page.locator("#power-sentences")
    expect(sentences).to_contain_text(DETECTABLE)
    expect(sentences).to_contain_text(REQUIRED)
    expect(page.locator("#power-required")).to_have_text("173")
    checks = page.locator("#power-checks")
    expect(checks).to_contain_text("i1 har inget kriterium för framgång ännu (se 2).")
    expect(checks.get_by_text("Kriteriet för framgång (")).to_have_count(0)
    # The expected effect is compared too: −15 is below the 25 the groups can detect.
    expect(checks.locator(".notice")).to_have_count(1)
    expect(checks.locator(".notice")).to_contain_text(
        "Den förväntade effekten (-15 procentenheter) är mindre än den minsta effekt")
    axe_check(page)

    # A success criterion of −5 percentage points, where 60 per group detect only −25.
    row = page.locator("#expectation-i1")
    row.get_by_label("Förväntad effekt").fill("−15")
    row.get_by_label("Kriterium för framgång (minsta effekt som räknas som framgång)").fill("−5")
    submit(page, page.get_by_role(
        "button", name="Spara förväntade effekter och kriterier för framgång"))
    _flash(page, "De förväntade effekterna och kriterierna för framgång sparades.")
    warning = page.locator("#power-checks .notice").filter(has_text=CRITERION_WARNING)
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text("Varning: i1:")
    expect(page.locator("#power-checks .notice")).to_have_count(2)
    expect(page.locator("#power-sentences")).to_contain_text(DETECTABLE)
    expect(page.locator("#expectation-i1").get_by_label(
        "Kriterium för framgång (minsta effekt som räknas som framgång)")).to_have_value("-5")
    axe_check(page)


def _cell(page, likelihood: int, impact: int):
    return page.locator(
        f"#risk-heat-map td[data-likelihood='{likelihood}'][data-impact='{impact}']")


def _risks(page, project: str) -> None:
    visit(page, f"{project}/risks")
    expect(page.get_by_role("heading", level=1)).to_have_text("Riskmatris")
    expect(page.locator("#risk-heat-map td[data-threats='0']")).to_have_count(25)

    form = page.locator("#risk-form")
    for index, (description, likelihood, impact) in enumerate(RISKS, start=1):
        form.get_by_label("Riskbeskrivning").fill(description)
        form.get_by_label("Sannolikhet", exact=True).select_option(likelihood)
        form.get_by_label("Konsekvens", exact=True).select_option(impact)
        form.get_by_label("Åtgärd (vad som görs om risken inträffar)").fill(
            "Följs upp på varje styrgruppsmöte.")
        form.get_by_label("Ansvarig", exact=True).fill("Projektledaren")
        if index == 1:
            form.get_by_label("Risk för negativa effekter för individen").check()
        if index == 2:
            form.get_by_label("Element i logikmodellen som risken hotar").select_option("s1")
        submit(page, form.get_by_role("button", name="Lägg till risken"))
        _flash(page, f"Risken k{index} lades till.")
        axe_check(page)

    rows = page.locator("#risks tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#harms")).to_contain_text(RISKS[0][0])
    expect(page.locator("#harms")).not_to_contain_text(RISKS[1][0])
    expect(page.locator("#risk-k1")).to_contain_text("Negativa effekter för individen")
    expect(page.locator("#risk-k2")).to_contain_text(f"Hotar s1 {RESULT}")

    # The heat map counts each threat in its own cell and names the cell's band in text.
    expect(page.locator("#risk-heat-map td[data-threats='0']")).to_have_count(22)
    high = _cell(page, 4, 3)
    expect(high).to_have_attribute("data-threats", "1")
    expect(high.get_by_role("link")).to_have_text("1 hot")
    expect(high).to_contain_text("Medel")
    expect(_cell(page, 2, 5)).to_have_attribute("data-threats", "1")
    expect(_cell(page, 2, 5)).to_contain_text("Medel")
    expect(_cell(page, 1, 2)).to_have_attribute("data-threats", "1")
    expect(_cell(page, 1, 2)).to_contain_text("Låg")
    empty = _cell(page, 5, 5)
    expect(empty).to_have_text(re.compile(r"^\s*0 hot\s*Hög\s*$"))
    expect(empty.get_by_role("link")).to_have_count(0)

    # Selecting a cell lists its risks only.
    submit(page, high.get_by_role("link"))
    assert "likelihood=4" in page.url and "impact=3" in page.url, page.url
    expect(page.locator("#risk-filter")).to_contain_text(
        "Filtrerat: öppna risker med sannolikhet 4 – Hög och konsekvens 3 – Måttlig")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(RISKS[0][0])
    expect(_cell(page, 4, 3).get_by_role("link")).to_have_attribute("aria-current", "true")
    axe_check(page)

    submit(page, page.locator("#risk-filter").get_by_role("link", name="visa alla"))
    expect(page.locator("#risk-filter")).to_have_count(0)
    expect(rows).to_have_count(3)
    axe_check(page)


def test_evaluation_plan_power_and_risk_matrix(page):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    axe_check(page)
    project = _create_project(page)
    _choose_comparison(page, project)
    _power_and_success_criterion(page)
    _risks(page, project)

    visit(page, "/portfolio/risks")
    expect(page.get_by_role("heading", level=1)).to_have_text("Risker i hela portföljen")
    visit(page, f"{project}/organisation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisation och rapportering")
