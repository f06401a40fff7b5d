"""A steering-group member scores a proposal and sees the ranking, with axe on each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from models.demo import DEMO_PASSWORD
from tests.e2e.conftest import axe_check, log_in, submit, visit

pytestmark = pytest.mark.e2e

STEERING = "styrgrupp@exempelkommun.se"
# The demo proposal that the two other members have scored and this one has not.
PROPOSAL = "Öppen fritidsverksamhet för unga i Västra området"
OTHERS = ("Karin Nyström", "Johan Berglund")


def test_a_steering_member_scores_a_proposal_and_sees_the_ranking(page):
    log_in(page, STEERING, DEMO_PASSWORD)
    page.get_by_role("link", name=PROPOSAL).click()
    page.get_by_role("link", name="Poängsättning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Poängsättning")
    # Scored independently: the others' scores stay hidden until this member submits.
    scores = page.locator("section[aria-labelledby='scores-title']")
    expect(scores).to_contain_text("De andras poäng visas när du har lämnat in dina")
    expect(scores.get_by_role("table")).to_have_count(0)
    axe_check(page)
    selects = page.locator("select[name^='value-']")
    for index in range(selects.count()):
        selects.nth(index).select_option("3")
    submit(page, page.get_by_role("button", name="Lämna in mina poäng"))
    expect(page.locator(".flashes")).to_contain_text("Dina poäng lämnades in")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Erik Holm")
    for name in OTHERS:
        expect(table).to_contain_text(name)
    axe_check(page)
    page.get_by_role("link", name="Rangordning för").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rangordning av förslag")
    ranking = page.get_by_role("table")
    # With every member's scores in, the proposal is ranked instead of waiting for them.
    row = ranking.get_by_role("row").filter(has=page.get_by_role("link", name=PROPOSAL))
    expect(row).to_contain_text("Rangordnad")
    expect(row).not_to_contain_text("Poäng saknas")
    # The demo's summer-job proposal splits the raters on the evidence.
    expect(ranking).to_contain_text("Bedömarna är oense om Aktiviteterna stöds av evidens")
    axe_check(page)
    visit(page, "/funds/")
