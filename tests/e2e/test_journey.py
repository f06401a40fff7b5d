"""The coordinator's journey through Satsa in a real browser, in Swedish, with axe on each page."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from models.demo import DEMO_PASSWORD
from tests.e2e.conftest import COORDINATOR, NBSP, axe_check, log_in, submit, visit

pytestmark = pytest.mark.e2e

VIEWER = "lasare@exempelkommun.se"

TITLE = "Läxhjälp och mentorer för unga i Östra området"
NEW_TITLE = "Läxhjälp och mentorer för unga i Östra och Västra området"


def _cells(workbook, sheet: str) -> list[str]:
    assert sheet in workbook.sheetnames, workbook.sheetnames
    return [
        str(c) for row in workbook[sheet].iter_rows(values_only=True) for c in row if c is not None
    ]


def _download(page, link, tmp_path):
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None, download.failure()
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target


def test_coordinator_journey(page, tmp_path):
    # Log in through the form; the login page is checked too.
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfölj")
    axe_check(page)

    # Filter the portfolio by a stage.
    page.get_by_label("Skede", exact=True).select_option(label="Ansökan")
    submit(page, page.get_by_role("button", name="Filtrera"))
    assert "stage=proposal" in page.url
    table = page.get_by_role("table")
    proposal = table.get_by_role("link", name="Öppen fritidsverksamhet för unga i Västra området")
    running = table.get_by_role("link", name="Fallprevention för äldre med hemtjänst", exact=True)
    expect(proposal).to_be_visible()
    expect(running).to_have_count(0)
    axe_check(page)

    # A new initiative: first sent empty, to see the error summary.
    page.get_by_role("link", name="Ny satsning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny satsning")
    axe_check(page)
    submit(page, page.get_by_role("button", name="Skapa satsning"), status=400)
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", level=2))
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Titel")).to_be_visible()
    expect(page.get_by_label("Titel", exact=True)).to_have_attribute("aria-invalid", "true")
    axe_check(page)

    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.get_by_label("Behov", exact=True).fill(
        "Många elever i Östra området lämnar grundskolan utan gymnasiebehörighet."
    )
    page.get_by_label("Ordinarie arbetssätt som satsningen jämförs med").fill(
        "Elevhälsans ordinarie stöd och studiehandledning."
    )
    page.get_by_label("Målgrupp", exact=True).fill("Elever i årskurs 7–9 i Östra området.")
    page.get_by_label("Ålder från").fill("13")
    page.get_by_label("Ålder till").fill("16")
    page.get_by_label("Hela målgruppens storlek").fill("450")
    page.get_by_label("Del som satsningen når").fill("120")
    page.get_by_label("Barn- och utbildningsförvaltningen").check()
    page.get_by_label("Fond", exact=True).select_option(label="Sociala investeringsfonden")
    page.get_by_label("Startdatum").fill("2026-08-01")
    page.get_by_label("Slutdatum").fill("2028-06-30")
    page.get_by_label("Sökt belopp (kr)").fill("1 500 000")
    submit(page, page.get_by_role("button", name="Skapa satsning"))

    match = re.search(r"/projects/(\d+)$", page.url)
    assert match, page.url
    project_path = f"/projects/{match.group(1)}"
    expect(page.get_by_text("Satsningen skapades.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Idé")
    facts = page.locator(".fact-grid")
    expect(facts).to_contain_text(f"1{NBSP}500{NBSP}000{NBSP}kr")
    expect(facts).to_contain_text("Barn- och utbildningsförvaltningen")
    expect(facts).to_contain_text("Sociala investeringsfonden")
    expect(facts).to_contain_text("2026-08-01 – 2028-06-30")
    target = page.locator("section[aria-labelledby='tg-title'] .fact-list")
    expect(target).to_contain_text("13–16 år")
    expect(target).to_contain_text("450")
    expect(target).to_contain_text("120")
    expect(page.get_by_text("Elevhälsans ordinarie stöd och studiehandledning.")).to_be_visible()
    axe_check(page)

    # Edit: change the title.
    page.get_by_role("link", name="Redigera", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Redigera satsning")
    axe_check(page)
    expect(page.get_by_label("Sökt belopp (kr)")).not_to_have_value("")
    page.get_by_label("Titel", exact=True).fill(NEW_TITLE)
    submit(page, page.get_by_role("button", name="Spara ändringar"))
    assert page.url.endswith(project_path), page.url
    expect(page.get_by_text("Ändringarna sparades.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NEW_TITLE)
    expect(page.locator(".fact-grid")).to_contain_text(f"1{NBSP}500{NBSP}000{NBSP}kr")
    axe_check(page)

    # Change the stage: idea → proposal (Ansökan).
    page.get_by_label("Nytt skede").select_option(label="Ansökan")
    submit(page, page.get_by_role("button", name="Byt skede"))
    expect(page.get_by_text("Satsningen gick till skedet Ansökan.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ansökan")
    expect(page.locator("#stage table")).to_contain_text("Idé")
    axe_check(page)

    # Confirm a checklist item of the needs analysis.
    needs = page.locator("section#needs")
    needs.get_by_text("Bekräfta", exact=True).click()
    needs.get_by_label("Kommentar eller underlag").fill("Förankrat i ledningsgruppen i maj.")
    submit(page, needs.get_by_role("button", name="Bekräfta punkten"))
    expect(page.get_by_text("Checklistpunkten bekräftades.")).to_be_visible()
    needs = page.locator("section#needs")
    confirmed = needs.locator(".checklist__item").filter(has_text="Förankrat i ledningsgruppen")
    expect(confirmed).to_contain_text("Klar")
    expect(confirmed).to_contain_text(f"av {COORDINATOR}")
    expect(confirmed.get_by_role("button", name="Ta bort bekräftelsen")).to_be_visible()
    axe_check(page)

    # The change history shows the title change.
    page.get_by_role("link", name="Ändringshistorik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändringshistorik")
    history = page.get_by_role("table")
    expect(history.locator("del", has_text=TITLE).first).to_be_visible()
    expect(history.locator("ins", has_text=NEW_TITLE).first).to_be_visible()
    axe_check(page)

    # Switch the interface to English and back.
    visit(page, project_path)
    submit(page, page.get_by_role("button", name="English"))
    assert page.url.endswith(project_path), page.url
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(
        page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Portfolio")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Decision material (Excel)")).to_be_visible()
    axe_check(page)
    submit(page, page.get_by_role("button", name="Svenska"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("link", name="Portfölj").first).to_be_visible()

    # Download the decision material.
    path = _download(page, page.get_by_role("link", name="Beslutsunderlag (Excel)"), tmp_path)
    assert path.suffix == ".xlsx", path
    workbook = load_workbook(path, read_only=True)
    try:
        assert any(NEW_TITLE in cell for cell in _cells(workbook, "Sammanfattning"))
    finally:
        workbook.close()

    # Download the portfolio.
    visit(page, "/projects/")
    path = _download(page, page.get_by_role("link", name="Ladda ner som Excel"), tmp_path)
    assert path.suffix == ".xlsx", path
    workbook = load_workbook(path, read_only=True)
    try:
        cells = _cells(workbook, "Portfölj")
        assert NEW_TITLE in cells
        assert "Fallprevention för äldre med hemtjänst" in cells
    finally:
        workbook.close()


ADMIN_PAGES = (
    ("/admin/", "Administration"),
    ("/admin/departments/", "Förvaltningar"),
    ("/admin/funds/", "Fonder"),
    ("/admin/users/", "Användare och roller"),
    ("/admin/audit", "Ändringslogg"),
    ("/admin/users/new", "Ny användare"),
    ("/exchange/", "Import och export"),
)


def test_coordinator_admin_pages(page):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    for path, heading in ADMIN_PAGES:
        visit(page, path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)


def test_viewer_cannot_create_or_edit(page):
    log_in(page, VIEWER, DEMO_PASSWORD)
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfölj")
    expect(page.get_by_role("link", name="Ny satsning")).to_have_count(0)
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)

    page.get_by_role("link", name="Fallprevention för äldre med hemtjänst", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fallprevention")
    axe_check(page)
    expect(page.get_by_role("link", name="Redigera", exact=True)).to_have_count(0)
    expect(page.get_by_text("Bekräfta", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Byt skede")).to_have_count(0)

    visit(page, "/projects/new", status=403)
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har inte behörighet")
