"""From a call to a decision in the browser, in Swedish, with axe on every page state.

The coordinator opens a call, a project leader answers it, the coordinator screens the proposal,
the three members of the steering group score it independently, the coordinator ranks it, records
the decision (with the fund's allocation) and sends the feedback letter, which the proposer reads.
The call and the proposal are the test's own, so the demo portfolio the other tests use is left as
it is.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from models.demo import DEMO_PASSWORD
from tests.e2e.conftest import COORDINATOR, NBSP, axe_check, log_in, submit, visit

pytestmark = pytest.mark.e2e

PROJECT_LEADER = "projektledare@exempelkommun.se"
FUND = "Sociala investeringsfonden"

# The run's own titles; the suffix keeps them unique in the shared database.
RUN = uuid.uuid4().hex[:6]
CALL = f"Tidiga insatser för unga {RUN}"
TITLE = f"Samordnat stöd vid skolfrånvaro i Norra området {RUN}"
QUESTION = "Hur förankras satsningen hos rektorerna?"
ANSWER = "Rektorerna i Norra området har ställt sig bakom satsningen i ledningsgruppen."
REFERENCE = "KS 2026/118 § 42"
CONDITIONS = "Delrapport till kommunstyrelsen efter det första läsåret."

NEED = "Svarar mot ett faktiskt prioriterat behov"
# Weights of the demo criteria: NEED 0.20, the seven others 0.80 together (0.15, 0.15 and 0.10
# five times). Everyone gives NEED 5; on the others Erik 4, Karin 3, Johan 2, a mean of 3.
# Weighted score: 100 × (0.20 × 5/5 + 0.80 × 3/5) = 20 + 48 = 68.
STEERING = (
    ("styrgrupp@exempelkommun.se", "Erik Holm", "4"),
    ("styrgrupp2@exempelkommun.se", "Karin Nyström", "3"),
    ("styrgrupp3@exempelkommun.se", "Johan Berglund", "2"),
)
EXPECTED_SCORE = "68"
AMOUNT = Decimal("1500000")


def _kr(amount: str) -> str:
    return amount.replace(" ", NBSP) + f"{NBSP}kr"


def _as(page, email: str) -> None:
    """Log out whoever is logged in, then log in as ``email``."""
    logout = page.get_by_role("button", name="Logga ut")
    if logout.count():
        submit(page, logout)
        expect(page.locator(".flashes")).to_contain_text("Du är utloggad")
        axe_check(page)
    log_in(page, email, DEMO_PASSWORD)
    axe_check(page)


def _to_call(page) -> None:
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Utlysningar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utlysningar")
    axe_check(page)
    page.get_by_role("link", name=CALL).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(CALL)
    axe_check(page)


def _open_the_call(page, today: date) -> None:
    _as(page, COORDINATOR)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Utlysningar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utlysningar")
    axe_check(page)
    page.get_by_role("link", name="Ny utlysning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny utlysning")
    axe_check(page)
    # Every criterion of the organisation is ticked by default.
    criteria = page.get_by_role("group", name="Kriterier som förslagen bedöms efter")
    boxes = criteria.get_by_role("checkbox")
    expect(boxes).to_have_count(8)
    for index in range(8):
        expect(boxes.nth(index)).to_be_checked()
    page.get_by_label("Titel", exact=True).fill(CALL)
    page.get_by_label("Typ av utlysning").select_option(label="Öppen utlysning")
    page.get_by_label("Fond", exact=True).select_option(label=FUND)
    page.get_by_label("Beskrivning: vad som efterfrågas och vem som får söka").fill(
        "Förslag på tidiga insatser för barn och unga. Alla förvaltningar får söka.")
    page.get_by_label("Öppnar").fill(today.isoformat())
    page.get_by_label("Stänger").fill((today + timedelta(days=30)).isoformat())
    submit(page, page.get_by_role("button", name="Öppna utlysningen"))
    assert re.search(r"/calls/\d+#questions$", page.url), page.url
    expect(page.locator(".flash--success")).to_contain_text("Utlysningen har öppnats")
    expect(page.get_by_role("heading", level=1)).to_contain_text(CALL)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Öppen")
    expect(page.locator("#criteria tbody tr")).to_have_count(8)
    axe_check(page)

    questions = page.locator("#questions")
    questions.get_by_label("Fråga", exact=True).fill(QUESTION)
    questions.get_by_label("Vägledning för den sökande").fill(
        "Beskriv vilka som har ställt sig bakom satsningen och när.")
    expect(questions.get_by_label("Ett svar krävs för att förslaget ska vara komplett")
           ).to_be_checked()
    submit(page, questions.get_by_role("button", name="Lägg till frågan"))
    expect(page.locator(".flash--success")).to_contain_text("Frågan lades till")
    question = page.locator("#questions li").filter(has_text=QUESTION)
    expect(question).to_contain_text("(obligatorisk)")
    axe_check(page)


def _apply(page) -> str:
    """The project leader answers the call and submits; return the proposal's project path."""
    _as(page, PROJECT_LEADER)
    _to_call(page)
    page.get_by_role("link", name="Ansök").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ansök till {CALL}")
    axe_check(page)
    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.get_by_label("Behov", exact=True).fill(
        "Den långa ogiltiga frånvaron har ökat på högstadieskolorna i Norra området.")
    page.get_by_label("Ordinarie arbetssätt som satsningen jämförs med").fill(
        "Elevhälsans ordinarie frånvarouppföljning.")
    page.get_by_label("Målgrupp", exact=True).fill(
        "Elever i årskurs 7–9 med lång ogiltig frånvaro vid två skolor i Norra området.")
    page.get_by_label("Diagnos eller problem").fill("Neuropsykiatriska svårigheter.")
    page.get_by_label("Riskfaktor").fill("Minst 20 % ogiltig frånvaro under en termin.")
    page.get_by_label("Geografi (skolor, områden, enheter)").fill("Norraskolan och Åsskolan.")
    page.get_by_label("Vad målgruppen får i dag").fill("Samtal med mentor och kurator.")
    page.get_by_label("Ålder från").fill("13")
    page.get_by_label("Ålder till").fill("16")
    page.get_by_label("Livsskede").select_option(label="Tonår (13–19)")
    page.get_by_label("Preventionsnivå").select_option(label="Selektiv – grupper med förhöjd risk")
    page.get_by_label("Hela målgruppens storlek").fill("450")
    page.get_by_label("Del som satsningen når").fill("60")
    page.get_by_label("Skolresultat och skolfrånvaro").check()
    page.get_by_label("Barn- och utbildningsförvaltningen").check()
    page.get_by_label("Startdatum").fill("2026-08-01")
    page.get_by_label("Slutdatum").fill("2028-06-30")
    page.get_by_label("Sökt belopp (kr)").fill("1 500 000")
    page.get_by_label(QUESTION).fill(ANSWER)
    submit(page, page.get_by_role("button", name="Spara förslaget som idé"))

    match = re.search(r"/projects/(\d+)/proposal$", page.url)
    assert match, page.url
    expect(page.locator(".flash--success")).to_contain_text("Ditt förslag sparades som idé")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Förslag: {TITLE}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Idé")
    facts = page.locator(".fact-grid")
    expect(facts).to_contain_text(CALL)
    expect(facts).to_contain_text(_kr("1 500 000"))
    expect(facts).to_contain_text("Barn- och utbildningsförvaltningen")
    expect(facts).to_contain_text("Skolresultat och skolfrånvaro")
    expect(page.locator("#answers")).to_contain_text(ANSWER)
    # Everything the form asks for is in place; only the simplified logic model is missing.
    completeness = page.locator("#completeness")
    expect(completeness.get_by_role("listitem")).to_have_count(1)
    expect(completeness.get_by_role("listitem")).to_contain_text(
        "En förenklad logikmodell med alla fyra nivåer och utan strukturfel")
    expect(page.locator("#submit")).to_contain_text("saknar fortfarande 1 del")
    axe_check(page)

    submit(page, page.locator("#submit").get_by_role("button", name="Lämna in förslaget"))
    expect(page.locator(".flashes")).to_contain_text(
        "Förslaget lämnades in, men det saknar fortfarande 1 av")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ansökan")
    expect(page.locator("#submit")).to_have_count(0)
    expect(page.locator("#screening")).to_contain_text("Inte granskat ännu")
    axe_check(page)
    return f"/projects/{match.group(1)}"


def _screen(page) -> None:
    _as(page, COORDINATOR)
    _to_call(page)
    row = page.locator("#proposals").get_by_role("row").filter(
        has=page.get_by_role("link", name=TITLE, exact=True))
    expect(row).to_contain_text("Inte granskat ännu")
    row.get_by_role("link", name=f"Granska {TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Granskning: {TITLE}")
    axe_check(page)
    page.get_by_label("Risknivå", exact=True).select_option(label="Medel")
    page.get_by_label("Komplexitet", exact=True).select_option(label="Låg")
    submit(page, page.get_by_role("button", name="Godkänn i granskningen"))
    expect(page.locator(".flash--success")).to_contain_text(
        "Förslaget godkändes i granskningen")
    expect(page.locator(".fact-grid")).to_contain_text("Godkänd i granskningen")
    expect(page.get_by_label("Risknivå", exact=True)).to_have_value("medium")
    expect(page.get_by_label("Komplexitet", exact=True)).to_have_value("low")
    axe_check(page)

    page.locator(".fact-grid").get_by_role("link", name=CALL).click()
    row = page.locator("#proposals").get_by_role("row").filter(
        has=page.get_by_role("link", name=TITLE, exact=True))
    expect(row).to_contain_text("Godkänd i granskningen")
    expect(row).to_contain_text("Ansökan")
    expect(row).to_contain_text(_kr("1 500 000"))
    axe_check(page)


def _score(page, project_path: str) -> None:
    """Each member scores independently and sees the others' scores only after submitting."""
    # The table's columns are the members by name; the expected values grow as they submit.
    columns = sorted(name for _email, name, _value in STEERING)
    given: dict[str, str] = {}
    for position, (email, name, other_value) in enumerate(STEERING):
        _as(page, email)
        visit(page, f"{project_path}/score")
        expect(page.get_by_role("heading", level=1)).to_have_text("Poängsättning")
        scores = page.locator("section[aria-labelledby='scores-title']")
        expect(scores).to_contain_text("De andras poäng visas när du har lämnat in dina")
        expect(scores.get_by_role("table")).to_have_count(0)
        for _email, earlier, _value in STEERING[:position]:
            expect(page.locator("main")).not_to_contain_text(earlier)
        selects = page.locator("select[name^='value-']")
        expect(selects).to_have_count(8)
        for index in range(8):
            selects.nth(index).select_option(other_value)
        page.get_by_role("group", name=NEED).get_by_label("Poäng (0–5)").select_option("5")
        submit(page, page.get_by_role("button", name="Lämna in mina poäng"))
        expect(page.locator(".flashes")).to_contain_text("Dina poäng lämnades in")
        given[name] = other_value
        # Now the member sees the scores submitted so far, their own and the others'.
        table = page.locator("section[aria-labelledby='scores-title']").get_by_role("table")
        expect(table.get_by_role("columnheader")).to_have_count(4)
        need_row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=NEED))
        expect(need_row.get_by_role("cell")).to_have_text(
            ["5" if rater in given else "–" for rater in columns])
        effect_row = table.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name="Förväntad effektstorlek"))
        expect(effect_row.get_by_role("cell")).to_have_text(
            [given.get(rater, "–") for rater in columns])
        axe_check(page)
    assert columns == ["Erik Holm", "Johan Berglund", "Karin Nyström"]
    expect(effect_row.get_by_role("cell")).to_have_text(["4", "2", "3"])


def _decide(page, project_path: str, today: date) -> None:
    _as(page, COORDINATOR)
    _to_call(page)
    page.get_by_role("link", name="Rangordning av förslag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rangordning av utlysningens förslag")
    ranking = page.get_by_role("table")
    row = ranking.get_by_role("row").filter(
        has=page.get_by_role("link", name=TITLE, exact=True))
    expect(row).to_contain_text("Rangordnad")
    cells = row.get_by_role("cell")
    expect(cells.nth(0)).to_have_text("1")
    expect(cells.nth(1)).to_have_text(EXPECTED_SCORE)
    expect(cells.nth(2)).to_have_text(_kr("1 500 000"))
    axe_check(page)

    row.get_by_role("link", name=f"Registrera ett beslut – {TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera ett beslut")
    expect(page.get_by_label("Belopp (kr)")).to_have_value(re.compile(r"^1\s?500\s?000"))
    axe_check(page)
    page.get_by_label("Beslutat av").select_option(label="Kommunstyrelsen (KS)")
    page.get_by_label("Beslutande organ").fill("Kommunstyrelsen")
    page.get_by_label("Beslutsdatum").fill(today.isoformat())
    page.get_by_label("Referens (§ eller diarienummer)").fill(REFERENCE)
    page.get_by_label("Beslutad", exact=True).check()
    page.get_by_label("Belopp (kr)").fill("1 500 000")
    page.get_by_label("Villkor (vid avslag: skälet)").fill(CONDITIONS)
    # The browser tests share the database: another test may have spent the fund's money, so
    # the override is ticked only when the fund cannot take the amount.
    shown = page.locator(".fact-list div").filter(
        has=page.get_by_text("Tillgängligt", exact=True)).locator("dd").inner_text()
    available = Decimal(re.sub(r"[^\d,-]", "", shown.replace("\u2212", "-")).replace(",", "."))
    needs_override = available < AMOUNT
    if needs_override:
        page.get_by_label("Bevilja mer än fonden har tillgängligt").check()
        page.get_by_label("Skäl till beviljande utöver tillgängliga medel").fill(
            "Kommunstyrelsen utökade ramen.")

    # The new proposal has open checklist items: the decision is refused until the gate is
    # passed with a reason, and nothing is saved.
    submit(page, page.get_by_role("button", name="Registrera beslutet"), status=400)
    expect(page.locator("#pass_gate-error")).to_contain_text("Checklistan har öppna punkter")
    expect(page.get_by_role("alert")).to_contain_text("Checklistan har öppna punkter")
    expect(page.get_by_role("heading", name="Beslut hittills")).to_be_visible()
    expect(page.locator("section[aria-labelledby='decisions-title']")).to_contain_text(
        "Inga beslut ännu")
    axe_check(page)
    page.get_by_label("Passera skedesgrinden trots öppna checklistpunkter").check()
    page.get_by_label("Skäl för att passera grinden").fill(
        "Logikmodellen tas fram under första månaden enligt villkoren.")
    submit(page, page.get_by_role("button", name="Registrera beslutet"))

    assert page.url.endswith(f"{project_path}#decisions"), page.url
    expect(page.locator(".flash--success")).to_contain_text(
        f"Beslutet registrerades: {_kr('1 500 000')} beviljades ur {FUND}.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beslutad")
    decisions = page.locator("#decisions")
    expect(decisions).to_contain_text(
        f"{today.isoformat()}: Beslutad – Kommunstyrelsen (KS) (Kommunstyrelsen), {REFERENCE}, "
        f"{_kr('1 500 000')}. {CONDITIONS}")
    expect(decisions.get_by_role("link", name="Registrera ett beslut")).to_have_count(0)
    axe_check(page)

    # The fund's ledger has the allocation for the proposal.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Fonder").click()
    axe_check(page)
    page.get_by_role("link", name=FUND).click()
    expect(page.get_by_role("heading", name="Huvudbok")).to_be_visible()
    entry = page.locator("#ledger").get_by_role("row").filter(has_text=TITLE)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(today.isoformat())
    expect(entry).to_contain_text("Beviljande")
    expect(entry).to_contain_text(_kr("1 500 000"))
    expect(entry).to_contain_text(f"Kommunstyrelsen (KS) (Kommunstyrelsen), {REFERENCE}")
    expect(entry).to_contain_text(COORDINATOR)
    if not needs_override:
        expect(entry).not_to_contain_text("Utöver tillgängliga medel")
    axe_check(page)


def _feedback(page, project_path: str) -> None:
    visit(page, project_path)
    page.locator("#decisions").get_by_role("link", name="Återkopplingsbrev").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Återkopplingsbrev")
    expect(page.get_by_text("Inget återkopplingsbrev ännu.")).to_be_visible()
    axe_check(page)
    submit(page, page.get_by_role("button", name="Skapa utkast från granskningen och poängen"))
    expect(page.get_by_label("Inledning")).to_have_value(re.compile(
        f"Tack för ditt förslag ”{TITLE}” som svar på utlysningen ”{CALL}”"))
    expect(page.get_by_label("Inledning")).to_have_value(re.compile("Förslaget har beviljats."))
    # Only the criterion everyone gave 5 is a strength; a mean of 3 of 5 is neither.
    strengths = page.get_by_label("Styrkor")
    expect(strengths).to_have_value(f"- {NEED}: i genomsnitt 5 av 5 poäng.")
    axe_check(page)
    page.get_by_label("Undertecknat av").fill("Sara Lind, samordnare")
    submit(page, page.get_by_role("button", name="Markera som skickat"))
    expect(page.get_by_text("Skickat till förslagsställaren")).to_be_visible()
    letter = page.get_by_role("article")
    expect(letter.get_by_role("heading", name="Styrkor")).to_be_visible()
    expect(letter).to_contain_text(f"{NEED}: i genomsnitt 5 av 5 poäng.")
    expect(letter).to_contain_text("Sara Lind, samordnare")
    axe_check(page)

    # The proposer reads the sent letter and its printable version.
    _as(page, PROJECT_LEADER)
    visit(page, project_path)
    decisions = page.locator("#decisions")
    expect(decisions).to_contain_text("Skickat till förslagsställaren")
    decisions.get_by_role("link", name="Återkopplingsbrev").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Återkopplingsbrev")
    expect(page.get_by_text("Skickat till förslagsställaren")).to_be_visible()
    letter = page.get_by_role("article")
    expect(letter).to_contain_text("Förslaget har beviljats.")
    expect(letter).to_contain_text(f"{NEED}: i genomsnitt 5 av 5 poäng.")
    expect(page.get_by_role("button", name="Markera som skickat")).to_have_count(0)
    axe_check(page)
    page.get_by_role("link", name="Utskriftsvänligt brev").click()
    assert page.url.endswith(f"{project_path}/feedback/print"), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Återkoppling på ditt förslag")
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.locator("main")).to_contain_text(CALL)
    expect(page.locator("main")).to_contain_text(f"{NEED}: i genomsnitt 5 av 5 poäng.")
    expect(page.locator(".letter__draft")).to_have_count(0)
    axe_check(page)


def test_from_a_call_to_a_decision_and_the_feedback_letter(page):
    today = date.today()
    _open_the_call(page, today)
    project_path = _apply(page)
    _screen(page)
    _score(page, project_path)
    _decide(page, project_path, today)
    _feedback(page, project_path)
