"""The organisation's risk matrix (admin): size, labels, bands, colours, preview and refusals."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from models.design import RiskScaleSetting
from models.domain import risk as rk
from models.risks import RiskValues, add_risk, current_scale
from tests.conftest import csrf_token, form_data, login
from tests.integration.helpers import make_org, make_project

PATH = "/admin/risk-matrix"


def _form(client, query: str = "", **changes) -> dict:
    data = form_data(client, PATH + query, PATH)
    data.update(changes)
    return data


def _settings(db) -> int:
    return db.scalar(select(func.count()).select_from(RiskScaleSetting))


def test_only_the_coordinator_sets_the_matrix(app, db, make_user):
    for role in ("steering", "project_leader", "viewer"):
        user = make_user(role)
        client = app.test_client()
        login(client, user.email)
        assert client.get(PATH).status_code == 403
        token = csrf_token(client, "/projects/")
        assert client.post(PATH, data={"csrf_token": token, "action": "save",
                                       "likelihood_max": "3", "impact_max": "3"}
                           ).status_code == 403
    assert _settings(db) == 0


def test_the_page_shows_the_default_in_force_with_its_preview(client, logged_in):
    logged_in("coordinator", locale="en")
    html = client.get(PATH).get_data(as_text=True)
    assert 'aria-current="page">Risk matrix</a>' in html  # in the admin navigation
    assert re.search(r'id="scale-in-force">5 × 5 – the built-in default', html)
    assert "Very low\r\nLow\r\nMedium\r\nHigh\r\nVery high" in html or \
        "Very low\nLow\nMedium\nHigh\nVery high" in html
    preview = html[html.index('id="scale-preview"'):html.index("</table>")]
    assert preview.count('class="heat-map__cell') == 25
    # 5 × 3 = 15 is the lowest high score; 4 × 3 = 12 the highest medium one.
    assert re.search(r'data-likelihood="5" data-impact="3" data-band="high"', preview)
    assert re.search(r'data-likelihood="4" data-impact="3" data-band="medium"', preview)
    assert "scores 1–4" in html and "scores 5–12" in html and "scores 15–25" in html
    assert 'href="/admin/risk-matrix?start=3x3"' in html


def test_the_word_scale_is_saved_as_a_new_version_with_translatable_labels(client, db,
                                                                           logged_in):
    logged_in("coordinator", locale="en")
    data = _form(client, "?start=3x3")
    assert data["likelihood_max"] == "3" and data["low_max"] == "1" and data["medium_max"] == "4"
    # A preview saves nothing.
    response = client.post(PATH, data={**data, "action": "preview"})
    assert response.status_code == 200 and "Preview (not saved)" in response.get_data(
        as_text=True)
    assert _settings(db) == 0
    response = client.post(PATH, data={**data, "action": "save"})
    assert response.status_code == 302
    setting = db.scalar(select(RiskScaleSetting))
    assert (setting.likelihood_max, setting.impact_max, setting.low_max, setting.medium_max) == (
        3, 3, 1, 4)
    # The built-in words are kept as msgids, so each reader sees them in their language.
    assert setting.likelihood_labels == ["Low", "Medium", "High"]
    assert setting.colours["high"] == {"background": "#c0392b", "text": "#ffffff"}
    assert setting.created_by == "coordinator@example.se"
    scale = current_scale(db)
    assert (scale.likelihood_max, rk.priority(4, scale), rk.priority(6, scale)) == (
        3, "medium", "high")
    html = client.get(PATH).get_data(as_text=True)
    assert re.search(r'id="scale-in-force">3 × 3 – saved', html)
    assert "Earlier versions" in html


def test_own_labels_and_blank_thresholds_take_the_scaled_defaults(client, db, logged_in):
    logged_in("coordinator", locale="en")
    data = _form(client, likelihood_max="4", impact_max="4", likelihood_labels="",
                 impact_labels="Liten\nMärkbar\nStor\n50 % av budgeten", low_max="",
                 medium_max="", action="save")
    assert client.post(PATH, data=data).status_code == 302
    db.expire_all()
    setting = db.scalar(select(RiskScaleSetting))
    assert setting.likelihood_labels == ["1", "2", "3", "4"]
    assert setting.impact_labels == ["Liten", "Märkbar", "Stor", "50 % av budgeten"]
    assert (setting.low_max, setting.medium_max) == (2, 7)  # ⌊4·16/25⌋, ⌊12·16/25⌋
    # A label with a per cent sign is shown as typed.
    assert "50 % av budgeten" in client.get(PATH).get_data(as_text=True)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"high_text": "#777777"}, "high_text",
     "The text colour #777777 on #c0392b has a contrast of"),
    ({"low_background": "grön"}, "low_background", "grön is not a colour in the form #rrggbb."),
    ({"likelihood_labels": "Låg\nHög"}, "likelihood_labels",
     "There must be one label per level: 5 labels, not 2."),
    ({"low_max": "12", "medium_max": "10"}, "medium_max",
     "The upper limit of the medium band must be a whole number greater than that of the low "
     "band."),
    ({"medium_max": "25"}, "medium_max",
     "The upper limit of the medium band must be below the highest score, 25"),
    ({"impact_max": "11"}, "impact_max", "Number must be between 2 and 10."),
])
def test_an_unusable_scale_is_refused_at_its_field(client, db, logged_in, changes, field,
                                                   message):
    logged_in("coordinator", locale="en")
    response = client.post(PATH, data=_form(client, **changes, action="save"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(rf'<p class="field__error" id="{field}-error">(.*?)</p>', html, re.S)
    assert error and message in error.group(1).replace("&#39;", "'")
    assert _settings(db) == 0


def test_a_smaller_scale_is_refused_naming_the_risks_and_projects(client, db, logged_in):
    make_org(db)
    fall = make_project(db, "fall", title="Fallprevention")
    school = make_project(db, "skola", title="Skolnärvaro")
    for project, likelihood, impact in ((fall, 4, 1), (fall, 2, 5), (school, 3, 3),
                                        (school, 5, 5)):
        add_risk(db, project, RiskValues(description="Risk", likelihood=likelihood,
                                         impact=impact), rk.DEFAULT_SCALE)
    db.commit()
    logged_in("coordinator", locale="en")
    response = client.post(PATH, data={**_form(client, "?start=3x3"), "action": "save"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert ("Risks outside the new scale: 3, in Fallprevention (2); Skolnärvaro (1). Lower their "
            "likelihood or impact first; the scale was not changed.") in html
    assert _settings(db) == 0
    assert current_scale(db) == rk.DEFAULT_SCALE


def test_a_save_based_on_an_older_version_is_refused(client, db, logged_in):
    logged_in("coordinator", locale="en")
    stale = _form(client, "?start=3x3", action="save")
    fresh = _form(client, action="save", low_max="3")
    assert client.post(PATH, data=fresh).status_code == 302
    response = client.post(PATH, data=stale)
    assert response.status_code == 409
    assert "Someone else changed the risk matrix" in response.get_data(as_text=True)
    db.expire_all()
    assert _settings(db) == 1 and current_scale(db).low_max == 3
