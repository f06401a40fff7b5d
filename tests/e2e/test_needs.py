"""The needs analysis in the browser (Swedish): the demo need areas with their charts, a new need
area with an indicator and a breakdown, an indicator import with a preview, the flow analysis
(refusing personal identity numbers) and the demo's socio-economic index on a map.

Controls are found by their Swedish names. The charts' "show as a table" toggle, the error
summary and the figures are found by CSS class, id or link target instead, so that the checks do
not hang on wording.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from models.demo import DEMO_PASSWORD
from models.domain.flows import figure6_events
from tests.e2e.conftest import COORDINATOR, axe_check, log_in, submit, visit

pytestmark = pytest.mark.e2e

CSV = "text/csv"
#: The row of a breakdown chart's table with the indicator's total of the year.
TOTAL_2024 = re.compile(r"\S+ 2024$")

#: The Swedish words for the placement types in an upload.
PLACEMENT_WORDS = {"hvb": "HVB", "sis": "SiS", "family_home": "familjehem",
                   "emergency_home": "jourhem", "none": "ingen"}


def _wait_for_charts(page) -> None:
    """Wait until charts.js has drawn every chart on the page."""
    page.wait_for_function(
        "() => { const all = document.querySelectorAll('.chart__canvas');"
        " return all.length > 0 && [...all].every(c => c.hasAttribute('data-chart-ready')); }"
    )


def _open_needs_analysis(page) -> None:
    """Log in as the coordinator and open the needs analysis from the main menu."""
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    menu = page.get_by_role("navigation", name="Huvudmeny")
    submit(page, menu.get_by_role("link", name="Behovsanalys"))
    expect(menu.locator("a[aria-current='page']")).to_have_text("Behovsanalys")
    expect(page.get_by_role("heading", level=1)).to_have_text("Behovsanalys")


def _open_area(page, title: str) -> None:
    submit(page, page.locator("table").get_by_role("link", name=title, exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def _new_area(page, title: str) -> str:
    """Create a need area through the form; return the address of its page."""
    visit(page, "/needs/new")
    page.locator("#title").fill(title)
    page.locator("#status").select_option("verified")
    submit(page, page.get_by_role("button", name="Skapa behovsområde"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    return page.url


def _csv(rows: list[list[str]]) -> bytes:
    return ("\r\n".join(";".join(row) for row in rows) + "\r\n").encode("utf-8")


def _figure6_csv() -> bytes:
    rows = [["nyckel", "datum", "placering", "öppenvård"]]
    rows += [[e.person, e.day.isoformat(), PLACEMENT_WORDS[e.placement],
              "ja" if e.open_care else "nej"] for e in figure6_events()]
    return _csv(rows)


def _flow_links(page):
    return page.locator("#analyses a[href*='/flows/']:not([href$='/new'])")


def _texts(locator) -> list[str]:
    return [" ".join(t.split()) for t in locator.all_inner_texts()]


def test_the_demo_need_areas_show_their_breakdowns_as_charts(page):
    _open_needs_analysis(page)
    axe_check(page)
    rows = page.locator("table tbody tr")
    for title in ("Placerade unga och omplaceringar", "Skolresultat och skolfrånvaro",
                  "Fall och fallskador bland äldre", "Psykisk ohälsa bland unga",
                  "Ensamhet bland äldre"):
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    falls = rows.filter(has_text="Fall och fallskador bland äldre")
    expect(falls.locator(".need-status--verified")).to_be_visible()
    expect(falls.get_by_role("link", name="Fallprevention för äldre med hemtjänst")).to_be_visible()

    # Filtered by status: the two needs only raised so far.
    page.locator("form.filters #status").select_option("raised")
    submit(page, page.locator("form.filters button[type=submit]"))
    expect(rows.locator("th a")).to_have_text(["Ensamhet bland äldre",
                                               "Psykisk ohälsa bland unga"])
    expect(rows.locator(".need-status--raised")).to_have_count(2)
    axe_check(page)
    page.locator("form.filters #status").select_option("")
    submit(page, page.locator("form.filters button[type=submit]"))

    _open_area(page, "Fall och fallskador bland äldre")
    _wait_for_charts(page)
    indicator = page.locator("article.need-indicator").filter(
        has_text="Fallskador som lett till sjukhusinläggning")
    charts = indicator.locator("figure.chart--breakdown_bars")
    expect(charts).to_have_count(2)  # by sex and by age band
    for index in range(2):
        chart = charts.nth(index)
        expect(chart.locator(".chart__canvas svg").first).to_be_visible()
        table = chart.locator("details.chart__table table")
        expect(table).to_have_count(1)
    by_age = charts.filter(has_text="85 år och äldre")
    by_age.locator("details.chart__table > summary").click()
    expect(by_age.locator("details.chart__table table")).to_be_visible()
    expect(by_age.locator("tbody th")).to_have_text(
        ["65–74 år", "75–84 år", "85 år och äldre", TOTAL_2024])
    expect(page.locator("#sources")).to_contain_text("Patientregistret")
    expect(page.locator("#qualitative")).to_contain_text("Brukarundersökning i hemtjänsten")
    axe_check(page)


def test_create_a_need_area_with_an_indicator_and_a_breakdown(page):
    title = "Barn i ekonomiskt utsatta familjer"
    _open_needs_analysis(page)
    submit(page, page.get_by_role("link", name="Nytt behovsområde"))
    axe_check(page)

    # Without a title the form is refused, with the problem summarised and at the field.
    submit(page, page.get_by_role("button", name="Skapa behovsområde"), status=400)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".error-summary a[href='#title']")).to_be_visible()
    expect(page.locator("#title-error")).to_be_visible()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    axe_check(page)

    page.locator("#title").fill(title)
    page.locator("#outcome").fill("Färre barn växer upp i familjer med långvarigt "
                                  "försörjningsstöd.")
    page.locator("#status").select_option("verified")
    submit(page, page.get_by_role("button", name="Skapa behovsområde"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.locator("#indicators article.need-indicator")).to_have_count(0)

    indicators = page.locator("#indicators")
    indicators.locator("details.add-part > summary").click()
    indicators.locator("#indicator-name").fill("Andel barn i hushåll med försörjningsstöd")
    indicators.locator("#indicator-value").fill("6,5")
    indicators.locator("#indicator-unit").fill("%")
    indicators.locator("#indicator-year").fill("2024")
    indicators.locator("#indicator-comparison_value").fill("4,8")
    indicators.locator("#indicator-comparison_label").fill("Riket")
    submit(page, indicators.get_by_role("button", name="Lägg till indikatorn"))
    article = page.locator("article.need-indicator")
    expect(article).to_have_count(1)
    expect(article.locator("h3")).to_have_text("Andel barn i hushåll med försörjningsstöd")
    expect(article).to_contain_text("6,5")
    expect(article.locator("figure.chart")).to_have_count(0)  # no breakdown yet

    submit(page, article.get_by_role("link", name="Redigera värden och nedbrytningar"))
    form = page.locator("form[action$='/breakdowns']")
    for category, value in (("Flickor", "6,1"), ("Pojkar", "6,9")):
        form.locator("#breakdown-dimension").select_option("sex")
        form.locator("#breakdown-category").fill(category)
        form.locator("#breakdown-value").fill(value)
        submit(page, form.get_by_role("button", name="Spara värdet"))
    expect(page.locator("#breakdowns tbody th")).to_have_text(["Flickor", "Pojkar"])
    axe_check(page)

    submit(page, page.locator(".breadcrumbs a").last)
    _wait_for_charts(page)
    chart = page.locator("article.need-indicator figure.chart--breakdown_bars")
    expect(chart).to_have_count(1)
    expect(chart.locator(".chart__canvas svg").first).to_be_visible()
    expect(chart.locator("details.chart__table tbody th")).to_have_text(
        ["Flickor", "Pojkar", TOTAL_2024])
    axe_check(page)


def test_import_indicator_values_with_a_preview(page):
    _open_needs_analysis(page)
    area = _new_area(page, "Ohälsa bland föräldralediga")
    submit(page, page.get_by_role("link", name="Importera indikatorvärden"))
    axe_check(page)
    data = _csv([
        ["indikator", "år", "värde", "enhet", "källa", "jämförelsevärde", "nedbrytning",
         "kategori"],
        ["Sjukpenningtal för föräldrar", "2023", "11,2", "dagar", "Försäkringskassan", "", "",
         ""],
        ["Sjukpenningtal för föräldrar", "2024", "12,4", "dagar", "Försäkringskassan", "10,9",
         "", ""],
        ["Sjukpenningtal för föräldrar", "2024", "15,3", "dagar", "", "", "kön", "kvinnor"],
        ["Sjukpenningtal för föräldrar", "2024", "9,5", "dagar", "", "", "kön", "män"],
    ])
    page.locator("#file").set_input_files(
        {"name": "sjukpenning.csv", "mimeType": CSV, "buffer": data})
    submit(page, page.get_by_role("button", name="Visa förhandsvisning"))
    assert "/import/" in page.url, page.url

    # The preview: one indicator, the latest year, with its comparison and breakdowns.
    axe_check(page)
    row = page.locator("table tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_contain_text("Sjukpenningtal för föräldrar")
    expect(row.locator("td").nth(1)).to_have_text("2024")
    expect(row.locator("td").nth(2)).to_have_text("12,4")
    expect(row.locator("td").nth(3)).to_have_text("10,9")
    expect(row.locator("td").nth(4)).to_contain_text("kvinnor 15,3")

    submit(page, page.get_by_role("button", name="Importera"))
    assert page.url.startswith(area), page.url
    article = page.locator("article.need-indicator")
    expect(article).to_have_count(1)
    expect(article.locator("h3")).to_have_text("Sjukpenningtal för föräldrar")
    expect(article.locator("dl")).to_contain_text("12,4 dagar (2024)")
    expect(article.locator("dl")).to_contain_text("10,9")
    _wait_for_charts(page)
    expect(article.locator("figure.chart--breakdown_bars .chart__canvas svg").first).to_be_visible()
    expect(article.locator("details.chart__table tbody th")).to_have_text(
        ["kvinnor", "män", TOTAL_2024])
    axe_check(page)


def test_the_flow_analysis_refuses_identity_numbers_and_reproduces_figure_6(page):
    _open_needs_analysis(page)
    area = _new_area(page, "Omplaceringar i Exempelkommun")
    expect(_flow_links(page)).to_have_count(0)
    submit(page, page.get_by_role("link", name="Analysera placeringshändelser"))
    axe_check(page)

    # A personal identity number among the keys: the whole file is refused, nothing is stored.
    page.locator("#title").fill("Placeringar med personnummer")
    refused = _csv([["nyckel", "datum", "placering", "öppenvård"],
                    ["P0001", "2020-01-10", "familjehem", "nej"],
                    ["19121212-1212", "2020-02-01", "HVB", "nej"],
                    ["19121212-1212", "2021-03-01", "SiS", "ja"]])
    page.locator("#file").set_input_files(
        {"name": "placeringar.csv", "mimeType": CSV, "buffer": refused})
    submit(page, page.get_by_role("button", name="Analysera"), status=400)
    errors = page.locator(".error-summary[role=alert]")
    expect(errors).to_be_visible()
    expect(errors.locator("li")).to_have_count(1)
    expect(errors.locator("li")).to_contain_text(re.compile("personnummer|personal identity"))
    assert "1212" not in errors.inner_text()  # the number is never repeated back
    axe_check(page)
    visit(page, area)
    expect(_flow_links(page)).to_have_count(0)

    # The events of the guide's figure 6.
    submit(page, page.get_by_role("link", name="Analysera placeringshändelser"))
    page.locator("#title").fill("Omplaceringar enligt figur 6")
    page.locator("#period").fill("2014–2019")
    page.locator("#file").set_input_files(
        {"name": "figur6.csv", "mimeType": CSV, "buffer": _figure6_csv()})
    submit(page, page.get_by_role("button", name="Analysera"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Omplaceringar enligt figur 6")
    facts = _texts(page.locator("dl.fact-grid dd"))
    assert facts[0] == "150" and facts[2] == "200", facts
    groups = page.locator("table").first.locator("tbody tr")
    expect(groups).to_have_count(3)
    counts = [_texts(groups.nth(i).locator("td"))[:2] for i in range(3)]
    assert counts == [["120", "60 %"], ["60", "30 %"], ["20", "10 %"]], counts
    assert _texts(groups.nth(1).locator("td"))[2] == "12 (20 %)"
    assert _texts(groups.nth(2).locator("td"))[2] == "8 (40 %)"
    _wait_for_charts(page)
    sankey = page.locator("figure.chart--sankey")
    expect(sankey).to_have_count(1)
    expect(sankey.locator(".chart__canvas svg").first).to_be_visible()
    expect(sankey.locator("details.chart__table table")).to_have_count(1)
    axe_check(page)

    visit(page, area)
    expect(_flow_links(page)).to_have_count(1)


def test_the_demo_socio_economic_index_on_a_map_and_against_eligibility(page):
    _open_needs_analysis(page)
    _open_area(page, "Skolresultat och skolfrånvaro")
    submit(page, page.locator("#analyses a[href*='/ses/']:not([href$='/new'])"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Socioekonomiskt index och gymnasiebehörighet per område")
    expect(page.locator("main")).to_contain_text(re.compile(r"r = 0,8\d"))
    _wait_for_charts(page)
    for kind in ("ranked_bars", "scatter", "choropleth"):
        chart = page.locator(f"figure.chart--{kind}")
        expect(chart).to_have_count(1)
        expect(chart.locator(".chart__canvas svg").first).to_be_visible()
        expect(chart.locator("details.chart__table table")).to_have_count(1)
    areas = page.locator("table").last.locator("tbody tr")
    expect(areas).to_have_count(10)
    expect(areas.first.locator("th")).to_have_text("Ekbacken")
    expect(areas.last.locator("th")).to_have_text("Västra området")
    axe_check(page)
