"""The accessibility check itself: it must catch what it is there to catch."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_check

pytestmark = pytest.mark.e2e


def test_axe_check_fails_on_serious_violations(page):
    page.set_content(
        "<html><head><title>Test</title></head><body><main>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
        "<label>Namn</label><input type='text'>"
        "</main></body></html>"
    )
    with pytest.raises(AssertionError) as failure:
        axe_check(page)
    message = str(failure.value)
    assert "html-has-lang (serious)" in message
    assert "image-alt (critical)" in message
    assert "label (critical)" in message


def test_axe_check_passes_a_clean_page(page):
    page.set_content(
        "<html lang='sv'><head><title>Test</title></head><body><main>"
        "<h1>Rubrik</h1><label for='n'>Namn</label><input id='n' type='text'>"
        "</main></body></html>"
    )
    results = axe_check(page)
    assert results["passes"], "axe ran no checks"
