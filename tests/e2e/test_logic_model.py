"""A project leader builds a simplified logic model in the browser, sees a finding and fixes it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from models.demo import DEMO_PASSWORD
from tests.e2e.conftest import COORDINATOR, axe_check, log_in, submit

pytestmark = pytest.mark.e2e

TITLE = "Språkcaféer för nyanlända föräldrar"


def _add_element(page, level: str, text: str) -> None:
    form = page.locator("#add-element")
    form.get_by_label("Nivå").select_option(label=level)
    form.get_by_label("Text", exact=True).fill(text)
    submit(page, form.get_by_role("button", name="Lägg till elementet"))


def _link(page, source: str, target: str) -> None:
    form = page.locator("#links")
    form.get_by_label("Från").select_option(value=source)
    form.get_by_label("Leder till").select_option(value=target)
    submit(page, form.get_by_role("button", name="Lägg till länken"))


def test_build_a_simplified_model_see_a_finding_and_fix_it(page):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    page.get_by_role("link", name="Ny satsning").click()
    page.get_by_label("Titel").fill(TITLE)
    submit(page, page.get_by_role("button", name="Skapa satsning"))
    page.get_by_role("link", name="Logikmodell", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Logikmodell")
    expect(page.get_by_text("Modellen är tom")).to_be_visible()
    axe_check(page)

    # An element without text is refused at its field, and nothing is added.
    form = page.locator("#add-element")
    form.get_by_label("Nivå").select_option(label="Långsiktigt mål")
    submit(page, form.get_by_role("button", name="Lägg till elementet"), status=400)
    expect(page.locator("#element-text-error")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("Text")
    expect(page.get_by_text("Modellen är tom")).to_be_visible()
    axe_check(page)

    _add_element(page, "Långsiktigt mål", "Fler föräldrar i arbete eller studier")
    _add_element(page, "Kortsiktigt resultat", "Föräldrarna talar mer svenska i vardagen")
    _add_element(page, "Aktivitet", "Språkcafé två kvällar i veckan")
    _add_element(page, "Resurs", "Två språkstödjare från vuxenutbildningen")
    _link(page, "a1", "s1")
    _link(page, "s1", "g1")

    # The resource is not linked yet: the check says so, with the fix, and marks it in the diagram.
    checks = page.locator("#checks")
    expect(checks.get_by_text("Isolerat element")).to_be_visible()
    expect(checks.get_by_text("Länka det till de element det leder till")).to_be_visible()
    expect(page.locator("svg.logic-diagram .has-error")).to_have_count(2)  # r1, and g1 unreached
    expect(page.locator("#element-r1")).to_have_class(re.compile("lm-element--error"))
    axe_check(page)

    _link(page, "r1", "a1")
    expect(checks.get_by_text("Isolerat element")).to_have_count(0)
    expect(checks.get_by_text("Inga anmärkningar")).to_be_visible()
    expect(page.locator("svg.logic-diagram .has-error")).to_have_count(0)
    expect(page.locator(".lm-checklist__item--done")).to_contain_text(
        "Förenklad logikmodell med en röd tråd")

    # Selecting an element in the diagram (by keyboard) shows the chain it belongs to.
    element = page.locator("svg.logic-diagram a").filter(has_text="a1").first
    element.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".lm-chains li")).to_have_text(re.compile(r"r1\s*→.*a1\s*→.*s1\s*→.*g1"))
    axe_check(page)

    # Deepening: a process measure on the activity makes the model detailed.
    page.locator("#element-a1").get_by_role("link", name="Redigera och indikatorer").click()
    axe_check(page)
    page.get_by_label("Indikator", exact=True).fill("Antal genomförda språkcaféer")
    page.get_by_label("Slag", exact=True).select_option(value="process")
    page.get_by_label("Datakälla", exact=True).fill("Närvarolistor")
    page.get_by_label("Målvärde").fill("70")
    submit(page, page.get_by_role("button", name="Lägg till indikatorn"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("detaljerad")
    expect(page.locator("#checks").get_by_text("Resultat utan indikator")).to_have_count(2)
    axe_check(page)

    # The indicator's own page and the confirmation before deleting an element.
    page.locator("#element-a1").get_by_role("link", name="Redigera i1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Redigera indikatorn i1")
    axe_check(page)
    page.get_by_role("link", name="Logikmodell").click()
    page.locator("#element-r1").get_by_role("link", name="Ta bort r1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ta bort r1?")
    axe_check(page)
    submit(page, page.get_by_role("button", name="Ta bort r1"))
    expect(page.locator("#element-r1")).to_have_count(0)
    expect(page.locator("#checks").get_by_text("Målet nås inte från någon resurs")).to_be_visible()
