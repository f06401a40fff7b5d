"""Follow-up, evaluation and the implementation plan in the browser, with axe on every page state.

On the demo portfolio: the coordinator registers a quarter of the falls-prevention initiative
with far fewer training sessions than planned, sees it in the table and chart and as a signal on
the portfolio's signal page; a second value for a period already reported and a share above
100 per cent are refused under their field with nothing stored. The project leader records a
check-in that adjusts the initiative because of that indicator. The parental-support
participants and half-yearly report are read; so are the truancy evaluation (the guide's
results table: effects of 18, 25 and 35 percentage points, each beyond its success criterion
though no goal is met by the effect), its final report on paper and as a PDF, and the home
visits' implementation plan (3 500 000 kr a year, financed 80 + 20 = 100 per cent).

The test finds elements by id, form field name, CSS class or URL and reads only figures, keys,
periods and the demo's own texts, so it holds whatever the labels are translated to. It adds to
the shared database (a quarter no demo value uses, a check-in with a unique text) and changes
none of the demo's rows; the falls prevention gains one signal, for i1 in 2026-Q4.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from models.demo import DEMO_PASSWORD
from tests.e2e.conftest import COORDINATOR, NBSP, axe_check, log_in, submit, visit

pytestmark = pytest.mark.e2e

PROJECT_LEADER = "projektledare@exempelkommun.se"  # leads the falls prevention
VIEWER = "lasare@exempelkommun.se"

FALLS = "Fallprevention för äldre med hemtjänst"
PARENTING = "Föräldraskapsstöd i grupp"
TRUANCY = "Minskad ogiltig frånvaro på gymnasiet"
HOME_VISITS = "Förebyggande hembesök hos personer över 65 år"

# The run's own texts; the suffix keeps them unique in the shared database.
RUN = uuid.uuid4().hex[:6]
VALUE_COMMENT = f"Två pass ställdes in när fysioterapeuten var sjuk {RUN}"
CHECK_IN_NOTES = f"Antalet träningstillfällen föll under fjärde kvartalet {RUN}"
SEEN = f"Bara 20 av 48 planerade pass genomfördes {RUN}"
ACTION = f"En vikarierande fysioterapeut tar över passen från december {RUN}"

# Falls prevention reports i1 (training sessions, a count) and i2 (the share of the invited who
# attend at least half of them, in per cent) every quarter, from 2025-Q1 to 2026-Q3 in the demo.
# 2026-Q4 has started (the demo is dated 2026-11-23), so its actual value can be entered: 20
# sessions against 48 planned is 58 per cent short, far beyond the 10 per cent that counts as
# behind plan, and the latest period of i1, so the signal names it.
NEW_PERIOD = "2026-Q4"
PLANNED, ACTUAL, DIFFERENCE = "48", "20", "\u221228"


def kr(text: str) -> str:
    """An amount as the pages write it: digits grouped by no-break spaces, then "kr"."""
    return f"{text.replace(' ', NBSP)}{NBSP}kr"


def words(*parts: str) -> re.Pattern:
    """The whole text of a cell: ``parts`` separated by any spaces (no-break ones too)."""
    return re.compile(r"^\s*" + r"\s+".join(re.escape(p) for p in parts) + r"\s*$")


def _project_path(page, title: str) -> str:
    """The path of a demo initiative, read from its link on the portfolio (the current page)."""
    link = page.locator("main").get_by_role("link", name=title, exact=True).first
    href = link.get_attribute("href") or ""
    assert re.fullmatch(r"/projects/\d+", href), href
    return href


def _project_id(path: str) -> str:
    return path.rsplit("/", 1)[1]


def _signals_row(page, project: str):
    """The initiative's row on the portfolio's signal page (visited and checked with axe)."""
    visit(page, "/portfolio/signals")
    row = page.locator(f"tr#project-{_project_id(project)}")
    expect(row).to_have_count(1)
    return row


def _behind_plan(row, indicator: str, period: str):
    """The warnings of ``row`` that name ``indicator`` and ``period``."""
    return (row.locator("li.signal--warning")
            .filter(has_text=re.compile(rf"\b{indicator}\b"))
            .filter(has_text=period))


def _value_form(page):
    return page.locator("#value-form form")


def _fill_value(page, indicator: str, period: str, planned: str, actual: str,
                comment: str = "") -> None:
    form = _value_form(page)
    form.locator("select[name=value-indicator]").select_option(value=indicator)
    form.locator("input[name=value-period]").fill(period)
    form.locator("input[name=value-planned]").fill(planned)
    form.locator("input[name=value-actual]").fill(actual)
    form.locator("textarea[name=value-comment]").fill(comment)


def _value_rows(page, indicator: str, period: str):
    """The rows of ``indicator``'s table of totals for ``period``."""
    return page.locator(f"#values-{indicator} tbody tr").filter(
        has=page.get_by_role("rowheader", name=period, exact=True))


# --- 1. A quarter behind plan, in the table and as a signal --------------------------------------


def test_quarter_behind_plan_is_shown_and_signalled(page):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    falls = _project_path(page, FALLS)

    # The demo signals i2 (2026-Q3) as behind plan, but nothing yet for i1 in 2026-Q4.
    row = _signals_row(page, falls)
    expect(_behind_plan(row, "i2", "2026-Q3")).to_have_count(1)
    expect(_behind_plan(row, "i1", NEW_PERIOD)).to_have_count(0)

    visit(page, f"{falls}/follow-up")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#values-i1 tbody tr")).to_have_count(7)
    expect(_value_rows(page, "i1", NEW_PERIOD)).to_have_count(0)
    # Every actual value of i1 so far is on plan: no row carries the badge.
    expect(page.locator("#values-i1 .badge--warning")).to_have_count(0)

    # The person reporting is filled in with the user's name; the quarter is typed as 2026-Q4.
    expect(_value_form(page).locator("input[name=value-reported_by]")).not_to_have_value("")
    _fill_value(page, "i1", NEW_PERIOD, PLANNED, ACTUAL, VALUE_COMMENT)
    submit(page, _value_form(page).locator("button[type=submit]"))
    assert page.url.endswith(f"{falls}/follow-up#indicator-i1"), page.url
    expect(page.locator(".flashes .flash--success")).to_contain_text(NEW_PERIOD)
    axe_check(page)

    # The value is in i1's table, 28 sessions short and marked as behind plan.
    expect(page.locator("#values-i1 tbody tr")).to_have_count(8)
    new = _value_rows(page, "i1", NEW_PERIOD)
    expect(new).to_have_count(1)
    cells = new.locator("td")
    expect(cells.nth(0)).to_have_text(words(PLANNED))
    expect(cells.nth(1)).to_have_text(words(ACTUAL))
    expect(cells.nth(2)).to_contain_text(DIFFERENCE)
    expect(cells.nth(2).locator(".badge--warning")).to_have_count(1)
    expect(new).to_contain_text(VALUE_COMMENT)
    expect(page.locator("#values-i1 .badge--warning")).to_have_count(1)
    # The chart's figures, also given as a table, reach the new quarter.
    page.locator("#chart-i1-1 details.chart__table > summary").click()
    axe_check(page)
    chart_rows = page.locator("#chart-i1-1-table tbody tr").filter(
        has=page.get_by_role("rowheader", name=NEW_PERIOD, exact=True))
    expect(chart_rows).to_have_count(1)
    expect(chart_rows).to_contain_text(ACTUAL)
    # The initiative's own signals on the page name the quarter.
    signals = page.locator("#signals li.signal--warning").filter(
        has_text=re.compile(r"\bi1\b")).filter(has_text=NEW_PERIOD)
    expect(signals).to_have_count(1)

    # The portfolio's signal page now warns about i1 in 2026-Q4, with its figures, and still
    # about i2, whose latest period is 2026-Q3.
    row = _signals_row(page, falls)
    signal = _behind_plan(row, "i1", NEW_PERIOD)
    expect(signal).to_have_count(1)
    expect(signal).to_contain_text(re.compile(rf"\b{ACTUAL}\b"))
    expect(signal).to_contain_text(re.compile(rf"\b{PLANNED}\b"))
    expect(_behind_plan(row, "i2", "2026-Q3")).to_have_count(1)


# --- 2. A second value for the same period, and a share above 100, are refused -------------------


def test_duplicate_value_and_share_above_100_are_refused(page):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    falls = _project_path(page, FALLS)
    visit(page, f"{falls}/follow-up")
    stored = _value_rows(page, "i1", "2025-Q1")
    expect(stored).to_have_count(1)
    expect(stored.locator("td").nth(1)).to_have_text(words("48"))

    # 2025-Q1 of i1 is reported already (48 of 48): a second value is refused under the period.
    _fill_value(page, "i1", "2025-Q1", "48", "12")
    submit(page, _value_form(page).locator("button[type=submit]"), status=400)
    period = _value_form(page).locator("input[name=value-period]")
    expect(period).to_have_attribute("aria-invalid", "true")
    error = page.locator("#value-period-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("i1")
    expect(error).to_contain_text("2025-Q1")
    expect(page.locator("#value-form .error-summary")).to_be_visible()
    # What was typed is kept, and replacing stays a deliberate choice.
    expect(period).to_have_value("2025-Q1")
    expect(_value_form(page).locator("input[name=value-actual]")).to_have_value("12")
    expect(_value_form(page).locator("input[name=value-replace]")).not_to_be_checked()
    axe_check(page)

    # A share is at most 100 per cent: 120 for i2 is refused under the actual value.
    _fill_value(page, "i2", NEW_PERIOD, "60", "120")
    submit(page, _value_form(page).locator("button[type=submit]"), status=400)
    actual = _value_form(page).locator("input[name=value-actual]")
    expect(actual).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#value-actual-error")).to_be_visible()
    expect(page.locator("#value-period-error")).to_have_count(0)
    expect(actual).to_have_value("120")
    axe_check(page)

    # Nothing was stored: 2025-Q1 of i1 is there once and unchanged, i2 has no 2026-Q4.
    visit(page, f"{falls}/follow-up")
    stored = _value_rows(page, "i1", "2025-Q1")
    expect(stored).to_have_count(1)
    expect(stored.locator("td").nth(1)).to_have_text(words("48"))
    expect(page.locator("#breakdowns-i1")).to_have_count(0)
    expect(page.locator("#values-i2 tbody tr")).to_have_count(7)
    expect(_value_rows(page, "i2", NEW_PERIOD)).to_have_count(0)


def test_viewer_reads_the_follow_up_without_forms(page):
    log_in(page, VIEWER, DEMO_PASSWORD)
    falls = _project_path(page, FALLS)
    visit(page, f"{falls}/follow-up")
    expect(page.locator("#values-i2 tbody tr")).to_have_count(7)
    expect(page.locator("#value-form")).to_have_count(0)
    expect(page.locator("#import")).to_have_count(0)
    expect(page.locator("main form")).to_have_count(0)
    expect(page.locator("#values-i2 a[href*='/follow-up/values/']")).to_have_count(0)
    visit(page, f"{falls}/check-ins")
    expect(page.locator("#check-in-form")).to_have_count(0)


# --- 3. A check-in that adjusts the initiative because of the indicator -------------------------


def _decision_field(form, number: int, name: str):
    return form.locator(f"[name=check_in-decisions-{number}-{name}]")


def test_check_in_with_a_decision_to_adjust(page):
    log_in(page, PROJECT_LEADER, DEMO_PASSWORD)
    falls = _project_path(page, FALLS)
    visit(page, f"{falls}/check-ins")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#schedule-table tbody tr").first).to_be_visible()
    held_before = page.locator("#held article.check-in").count()
    assert held_before > 0, "the demo's falls prevention has check-ins"
    expect(page.locator("#held")).not_to_contain_text(RUN)

    form = page.locator("#check-in-form form")
    # A new check-in is held today unless told otherwise, as an extra one.
    expect(form.locator("input[name=check_in-held_on]")).not_to_have_value("")
    expect(form.locator("select[name=check_in-planned]")).to_have_value("")
    form.locator("textarea[name=check_in-participants]").fill(
        "Sara Lind (projektägare); Pia Ek (projektledare)")
    form.locator("textarea[name=check_in-notes]").fill(CHECK_IN_NOTES)
    _decision_field(form, 0, "decision").select_option(value="adjust")
    _decision_field(form, 0, "prompt").select_option(value="indicator")
    _decision_field(form, 0, "indicator").select_option(value="i1")
    _decision_field(form, 0, "signal_code").select_option(value="indicator_behind_plan")
    _decision_field(form, 0, "prompted_by").fill(SEEN)
    _decision_field(form, 0, "responsible").fill("Pia Ek")

    # To adjust, the check-in must say what is to be done: refused under that field.
    submit(page, form.locator("button[type=submit]"), status=400)
    form = page.locator("#check-in-form form")
    expect(page.locator("#check_in-decisions-0-action-error")).to_be_visible()
    expect(_decision_field(form, 0, "action")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#check-in-form .error-summary a[href='#check_in-decisions-0-action']")
           ).to_have_count(1)
    expect(_decision_field(form, 0, "decision")).to_have_value("adjust")
    expect(_decision_field(form, 0, "indicator")).to_have_value("i1")
    expect(form.locator("textarea[name=check_in-notes]")).to_have_value(CHECK_IN_NOTES)
    expect(page.locator("#held")).not_to_contain_text(RUN)
    axe_check(page)

    _decision_field(form, 0, "action").fill(ACTION)
    submit(page, form.locator("button[type=submit]"))
    match = re.search(rf"{falls}/check-ins#check-in-(\d+)$", page.url)
    assert match, page.url
    check_in = match.group(1)
    expect(page.locator(".flashes .flash--success")).to_be_visible()
    axe_check(page)

    # Listed with its notes and its one decision, prompted by i1.
    expect(page.locator("#held article.check-in")).to_have_count(held_before + 1)
    article = page.locator(f"#check-in-{check_in}")
    expect(article).to_contain_text(CHECK_IN_NOTES)
    expect(article).to_contain_text("Pia Ek (projektledare)")
    decisions = page.locator(f"#decisions-{check_in} tbody tr")
    expect(decisions).to_have_count(1)
    expect(decisions).to_contain_text(re.compile(r"\bi1\b"))
    expect(decisions).to_contain_text("Antal genomförda träningstillfällen per år")
    expect(decisions).to_contain_text(SEEN)
    expect(decisions).to_contain_text(ACTION)
    expect(decisions.locator("td").last).to_have_text(words("Pia", "Ek"))
    # Not a decision to stop: no warning about stopping.
    expect(page.locator("#stop-decisions")).to_have_count(0)

    # The edit form shows what was stored: to adjust, prompted by i1 and its signal.
    edit = article.locator(f"a[href*='/check-ins/{check_in}/edit']")
    expect(edit).to_have_count(1)
    visit(page, edit.get_attribute("href"))
    form = page.locator("#check-in-form form")
    expect(_decision_field(form, 0, "decision")).to_have_value("adjust")
    expect(_decision_field(form, 0, "prompt")).to_have_value("indicator")
    expect(_decision_field(form, 0, "indicator")).to_have_value("i1")
    expect(_decision_field(form, 0, "signal_code")).to_have_value("indicator_behind_plan")
    expect(_decision_field(form, 0, "action")).to_have_value(ACTION)
    # Two empty rows are offered for more decisions.
    expect(_decision_field(form, 1, "decision")).to_have_value("")
    expect(_decision_field(form, 2, "decision")).to_have_value("")


# --- Participants and the half-yearly report of the parental support ----------------------------


def test_participants_and_half_year_report(page):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    parenting = _project_path(page, PARENTING)

    visit(page, f"{parenting}/participants")
    expect(page.locator("#reach-enrolled")).to_have_text(words("240"))
    # Two intakes (August 2025, January 2026) by three risk profiles.
    expect(page.locator("#flow-table tbody tr")).to_have_count(6)
    # Enrolment 67,0 % (low) against 57,9 % (high) is within the rule: no cream-skimming.
    expect(page.locator("#cream-ok")).to_be_visible()
    expect(page.locator("#cream-warning")).to_have_count(0)
    profiles = page.locator("#profile-table tbody tr")
    expect(profiles.nth(0)).to_contain_text(f"67,0{NBSP}%")
    expect(profiles.nth(2)).to_contain_text(f"57,9{NBSP}%")
    # Six drop-outs; the one of 2026-06-11 may be harm and is not investigated.
    expect(page.locator("#drop-out-table tbody tr")).to_have_count(6)
    expect(page.locator("#harm")).to_contain_text("2026-06-11")
    expect(page.locator("#harm")).not_to_contain_text("2025-11-20")

    # The report of January–June 2026, asked for in the address.
    visit(page, f"{parenting}/half-year-report?year=2026&half=1")
    expect(page.locator("#report-period")).to_contain_text("2026-01-01")
    expect(page.locator("#report-period")).to_contain_text("2026-06-30")
    expect(page.locator("#report-enrolled-half")).to_have_text(words("122"))
    expect(page.locator("#report-enrolled")).to_have_text(words("240"))
    expect(page.locator("#report-drop-outs tbody tr")).to_have_count(3)
    expect(page.locator("#report-open-harm")).to_be_visible()
    expect(page.locator("#report-decisions tbody tr")).to_have_count(3)

    # Another half-year through the form: July–December 2025, the autumn intake.
    page.locator("select#year").select_option(value="2025")
    page.locator("select#half").select_option(value="2")
    submit(page, page.locator("form.filters button[type=submit]"))
    assert "year=2025" in page.url and "half=2" in page.url, page.url
    expect(page.locator("#report-period")).to_contain_text("2025-07-01")
    expect(page.locator("#report-period")).to_contain_text("2025-12-31")
    expect(page.locator("#report-enrolled-half")).to_have_text(words("118"))
    expect(page.locator("#report-drop-outs tbody tr")).to_have_count(3)
    axe_check(page)

    # A half-year that does not exist is refused with a message.
    visit(page, f"{parenting}/half-year-report?year=2025&half=3", status=400)
    expect(page.locator("#half-year-error")).to_be_visible()
    expect(page.locator("#report-period")).to_have_count(0)

    # The falls prevention's report has outcome indicators too (none measured yet) and four
    # process measures reported every quarter: two quarters of training sessions, 48 + 48.
    visit(page, "/projects/")
    falls = _project_path(page, FALLS)
    visit(page, f"{falls}/half-year-report?year=2026&half=1")
    expect(page.locator("#outcome-table tbody tr")).to_have_count(5)
    expect(page.locator("#process-table tbody tr")).to_have_count(4)
    process = page.locator("#process-i1 td")
    expect(process.nth(1)).to_have_text(words("96"))
    expect(process.nth(2)).to_have_text(words("96"))


# --- 4. The truancy evaluation: goal and success criterion judged separately --------------------

#: The guide's results table (relative changes) with the demo's success criteria: indicator →
#: (goal, change in the school, change at the other school, effect, success criterion).
TRUANCY_RESULTS = {
    "i6": ("−25", "−30", "−12", "−18", "−15"),
    "i7": ("−40", "−40", "−15", "−25", "−20"),
    "i9": ("−50", "−60", "−25", "−35", "−30"),
}
POINTS = "procentenheter"


def _result_cells(page, key: str):
    return page.locator(f"#results-table tr#result-row-{key} > td")


def _check_truancy_results(page) -> None:
    for key, (goal, intervention, comparison, effect, criterion) in TRUANCY_RESULTS.items():
        cells = _result_cells(page, key)
        # Goal, the two changes, effect, criterion, whether the effect reaches the criterion,
        # whether the goal is met in the group and by the effect.
        expect(cells.nth(0)).to_have_text(words(goal, "%"))
        expect(cells.nth(1)).to_contain_text(f"{intervention}{NBSP}%")
        expect(cells.nth(2)).to_contain_text(f"{comparison}{NBSP}%")
        expect(cells.nth(3).locator("strong")).to_have_text(words(effect, POINTS))
        expect(cells.nth(4)).to_have_text(words(criterion, POINTS))
        # Every success criterion is met (the positive badge), every goal is met within the
        # school, but no goal is met by the effect alone (the negative badge).
        expect(cells.nth(5).locator(".badge--opportunity")).to_have_count(1)
        expect(cells.nth(6).locator(".badge--opportunity")).to_have_count(1)
        expect(cells.nth(7).locator(".badge--harm")).to_have_count(1)


def test_truancy_evaluation_results(page):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    truancy = _project_path(page, TRUANCY)
    visit(page, f"{truancy}/evaluation")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _check_truancy_results(page)
    # The three indicators without a result have no effect and no verdict.
    for key in ("i8", "i10", "i11"):
        expect(page.locator(f"#results-table tr#result-row-{key} .badge")).to_have_count(0)
    expect(page.locator("#results-summary")).to_be_visible()
    # The change of each group is also drawn, with its figures as a table.
    expect(page.locator("#changes-chart-table tbody tr")).to_have_count(3)

    # The stakeholders and components of the guide's qualitative evaluation.
    expect(page.locator("#stakeholders-table tbody tr")).to_have_count(8)
    expect(page.locator("#stakeholders-table")).to_contain_text("Vårdnadshavare")
    components = page.locator("#components-table tbody tr")
    expect(components).to_have_count(4)
    expect(components.filter(has_text="Studiecoachning i grupp")).to_have_count(1)
    # The economic evaluation: the design-stage estimate beside the observed one.
    returns = page.locator("#economics-return td")
    expect(returns).to_have_count(2)
    expect(returns.nth(0)).to_have_text(words("1,09"))
    expect(returns.nth(1)).to_have_text(words("1,09"))

    # The way to the final report.
    expect(page.locator(f"a[href='{truancy}/final-report']").first).to_be_visible()


# --- 5. The final report on paper --------------------------------------------------------------

REPORT_SECTIONS = ("summary", "initiative", "goals", "design", "results", "stakeholders",
                   "components", "economics", "conclusions")


def test_truancy_final_report_prints(page):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    truancy = _project_path(page, TRUANCY)
    visit(page, f"{truancy}/final-report")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_count(1)
    expect(heading).to_contain_text(TRUANCY)
    tools = page.locator("nav.print-letter__tools")
    expect(tools).to_be_visible()
    expect(tools.locator(f"a[href='{truancy}/evaluation']")).to_be_visible()
    _check_truancy_results(page)
    # The conclusion gives the guide's effects in words.
    expect(page.locator("#summary")).to_contain_text(
        "jämfört med den är effekterna 18, 25 och 35 procentenheter")

    page.emulate_media(media="print")
    try:
        # On paper: no navigation, no forms, no edit links; the report and its headings stay.
        expect(tools).to_be_hidden()
        expect(heading).to_be_visible()
        for section in REPORT_SECTIONS:
            expect(page.locator(f"#{section}-title")).to_be_visible()
        expect(page.locator("#results-table")).to_be_visible()
        expect(page.locator("#economics-table")).to_be_visible()
        expect(page.locator("main form")).to_have_count(0)
        for link in page.locator("main a[href*='/edit'], main a[href*='/delete']").all():
            expect(link).to_be_hidden()
        axe_check(page)
        pdf = page.pdf(format="A4")
    finally:
        page.emulate_media(media="screen")
    assert pdf.startswith(b"%PDF-"), pdf[:16]
    assert b"%%EOF" in pdf[-1024:]
    assert len(pdf) > 20_000, len(pdf)
    # Back on screen, the navigation shows again: it is hidden for print only.
    expect(tools).to_be_visible()


# --- 6. The home visits' implementation plan ---------------------------------------------------


def test_home_visits_implementation_plan(page):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    home_visits = _project_path(page, HOME_VISITS)
    visit(page, f"{home_visits}/implementation")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The full-scale annual cost and saving.
    facts = page.locator("#plan dl.fact-list").first.locator("dd")
    expect(facts.nth(0)).to_have_text(kr("3 500 000"))
    expect(facts.nth(2)).to_have_text(kr("9 000 000"))
    expect(facts.nth(3)).to_contain_text("2,57")
    comparison = page.locator("#pilot-comparison tbody tr")
    expect(comparison.nth(0).locator("td").nth(0)).to_have_text(kr("3 500 000"))

    # Two financiers, 80 + 20 = 100 per cent of the 3 500 000 kr a year.
    financing = page.locator("#financing-table tbody tr")
    expect(financing).to_have_count(2)
    expect(financing.nth(0).get_by_role("rowheader")).to_have_text(
        words("Vård-", "och", "omsorgsförvaltningen"))
    expect(financing.nth(0).locator("td").nth(0)).to_have_text(words("80", "%"))
    expect(financing.nth(0).locator("td").nth(1)).to_have_text(kr("2 800 000"))
    expect(financing.nth(1).get_by_role("rowheader")).to_have_text(words("Regionen"))
    expect(financing.nth(1).locator("td").nth(0)).to_have_text(words("20", "%"))
    expect(financing.nth(1).locator("td").nth(1)).to_have_text(kr("700 000"))
    expect(page.locator("#financing-total")).to_have_text(words("100", "%"))
    expect(page.locator("#financing-table tfoot td").nth(1)).to_have_text(kr("3 500 000"))
    expect(page.locator("#financing-complete")).to_be_visible()
    expect(page.locator("#financing-missing")).to_have_count(0)

    # Rolled out in two phases, the last one reaching the whole target group.
    phases = page.locator("#phases tbody tr")
    expect(phases).to_have_count(2)
    expect(phases.nth(1)).to_contain_text(f"100{NBSP}%")
