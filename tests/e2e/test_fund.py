"""The coordinator keeps the fund's ledger in the browser: an over-allocation needs an override."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from models.demo import DEMO_PASSWORD
from tests.e2e.conftest import COORDINATOR, axe_check, log_in, submit

pytestmark = pytest.mark.e2e



def test_record_an_allocation_beyond_the_available_money(page):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Fonder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fonder")
    axe_check(page)
    page.get_by_role("link", name="Sociala investeringsfonden").click()
    expect(page.get_by_role("heading", name="Huvudbok")).to_be_visible()
    axe_check(page)

    ledger = page.locator("#ledger")
    ledger.get_by_text("Bokför en post").click()
    ledger.get_by_label("Belopp (kr)").fill("99 000 000")
    submit(page, ledger.get_by_role("button", name="Bokför"), status=400)
    expect(page.locator("#entry-amount-error")).to_contain_text("Bara en samordnare")
    axe_check(page)

    ledger = page.locator("#ledger")
    ledger.get_by_label("Bevilja mer än fonden har tillgängligt").check()
    ledger.get_by_label("Skäl till beviljande utöver tillgängliga medel").fill(
        "KS utökade ramen 2024-09-12 § 88")
    submit(page, ledger.get_by_role("button", name="Bokför"))
    expect(page.locator(".flash--success")).to_contain_text("utöver tillgängliga medel")
    expect(page.locator("#ledger")).to_contain_text("KS utökade ramen 2024-09-12 § 88")
    expect(page.locator(".fact-grid .negative")).to_be_visible()
    axe_check(page)
