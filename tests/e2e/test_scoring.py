"""A steering-group member scores a proposal and sees the ranking, with axe on each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from models.demo import DEMO_PASSWORD
from tests.e2e.conftest import axe_check, log_in, submit, visit

pytestmark = pytest.mark.e2e

STEERING = "styrgrupp@exempelkommun.se"
PROPOSAL = "Öppen fritidsverksamhet för unga i Västra området"


def test_a_steering_member_scores_a_proposal_and_sees_the_ranking(page):
    log_in(page, STEERING, DEMO_PASSWORD)
    page.get_by_role("link", name=PROPOSAL).click()
    page.get_by_role("link", name="Poängsättning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Poängsättning")
    axe_check(page)
    selects = page.locator("select[name^='value-']")
    for index in range(selects.count()):
        selects.nth(index).select_option("3")
    submit(page, page.get_by_role("button", name="Lämna in mina poäng"))
    expect(page.locator(".flashes")).to_contain_text("Dina poäng lämnades in")
    expect(page.get_by_role("table")).to_contain_text("Erik Holm")
    axe_check(page)
    page.get_by_role("link", name="Rangordning för").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rangordning av förslag")
    expect(page.get_by_role("table")).to_contain_text(PROPOSAL)
    axe_check(page)
    visit(page, "/funds/")
