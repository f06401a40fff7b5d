"""A project's risk matrix: the guide's table 1 with scores, priorities, heat map, stop criteria,
the snapshot at approval and the checklist item it derives."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from models import Project, users
from models.decisions import DecisionInput, record_decision
from models.design import Risk, RiskScaleSetting, RiskSnapshot, StopCriterion
from models.domain import risk as rk
from models.logic_models import store_model
from models.projects import change_stage, checklist
from models.risks import (
    RiskRefused,
    RiskValues,
    add_risk,
    current_scale,
    read_snapshot,
    save_scale,
    snapshot_risks,
)
from tests.conftest import csrf_token, form_data, login
from tests.integration.helpers import make_org, make_project, small_model

#: The default colours of the three bands, as the stylesheet's class names.
LOW, MEDIUM, HIGH = "rc-a6d96a-1b1b1b", "rc-fee08b-1b1b1b", "rc-c0392b-ffffff"


@pytest.fixture
def world(db, make_user):
    leader = make_user("project_leader", email="lena@example.se", locale="en")
    _soc, _bun, fund = make_org(db)
    project = make_project(db, "fall", title="Fallprevention", stage="prioritised",
                           leader=leader, fund=fund, owner_id=leader.id,
                           target_description="Äldre med hemtjänst")
    store_model(db, project, small_model())
    other = make_project(db, "annan", title="Annan satsning")
    store_model(db, other, small_model())
    db.commit()
    return {"leader": leader, "project": project, "other": other, "fund": fund}


def _risk(db, project, key_values: dict | None = None, **values) -> Risk:
    base = {"description": "Personalomsättning", "likelihood": 3, "impact": 4,
            "action": "Utbilda nyanställda", "owner": "Enhetschefen"}
    base.update(values)
    risk = add_risk(db, project, RiskValues(**base), current_scale(db))
    db.commit()
    return risk


def _page(client, project, query: str = "") -> str:
    response = client.get(f"/projects/{project.id}/risks{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _post_risk(client, project, **changes):
    path = f"/projects/{project.id}/risks"
    data = form_data(client, path, path, **{f"risk-{k}": v for k, v in changes.items()})
    return client.post(path, data=data)


def _cell(html: str, likelihood: int, impact: int, table: str = "risk-heat-map") -> str:
    """The opening tag and content of one heat-map cell."""
    section = html[html.index(f'id="{table}"'):]
    section = section[:section.index("</table>")]
    match = re.search(rf'<td [^>]*data-likelihood="{likelihood}" data-impact="{impact}"'
                      r'[^>]*>.*?</td>', section, re.S)
    assert match, f"no cell {likelihood},{impact}"
    return match.group(0)


def _rows(db, project) -> list[tuple]:
    db.expire_all()
    return db.execute(select(Risk.key, Risk.position, Risk.likelihood, Risk.impact)
                      .where(Risk.project_id == project.id)
                      .order_by(Risk.position)).all()


# --- the page and its columns -----------------------------------------------------------------


def test_the_page_shows_the_guides_columns_with_score_and_priority(client, db, world,
                                                                   logged_in):
    project = world["project"]
    _risk(db, project, description="Personalomsättning i hemtjänsten", likelihood=3, impact=4,
          element="a1")
    _risk(db, project, description="De äldre tackar nej", likelihood=5, impact=3,
          action="", owner="", harms_individual=True)
    _risk(db, project, description="Primärvården vill vara med", likelihood=1, impact=2,
          kind="opportunity")
    logged_in("viewer", locale="en")
    html = _page(client, project)
    for header in ("No.", "Risk description", "Likelihood", "Impact", "Priority",
                   "Action and responsible", "Status", "Review date"):
        assert f'<th scope="col">{header}</th>' in html
    k1 = html[html.index('id="risk-k1"'):html.index('id="risk-k2"')]
    # 3 × 4 = 12 is medium on the default 5 × 5 scale (5–12), shown as colour and text.
    assert "3 – Medium" in k1 and "4 – Large" in k1
    assert f'class="risk-band {MEDIUM}">Medium <span class="risk-band__score">(12)</span>' in k1
    assert "Threatens" in k1 and "#element-a1" in k1 and "Utbilda nyanställda" in k1
    k2 = html[html.index('id="risk-k2"'):html.index('id="risk-k3"')]
    assert f'{HIGH}">High <span class="risk-band__score">(15)</span>' in k2
    assert "risk-row--harm" in k2 and "Negative effects for the individual" in k2
    k3 = html[html.index('id="risk-k3"'):]
    assert f'{LOW}">Low <span class="risk-band__score">(2)</span>' in k3
    assert "Opportunity" in k3
    # The harm is also listed first, above the heat map.
    harms = html[html.index('id="harms"'):html.index('id="heat-map"')]
    assert "k2" in harms and "De äldre tackar nej" in harms and "k1" not in harms
    # The band colours come from a stylesheet of the scale's colours.
    assert "/projects/risk-colours.css?c=a6d96a-1b1b1b&amp;c=fee08b-1b1b1b" in html
    # A reader sees no forms.
    assert 'name="risk-description"' not in html and "Edit" not in k1
    css = client.get("/projects/risk-colours.css?c=a6d96a-1b1b1b&c=bad&c=<x>")
    assert css.mimetype == "text/css"
    text = css.get_data(as_text=True)
    assert f".{LOW}{{background-color:#a6d96a;color:#1b1b1b}}" in text
    assert "bad" not in text and "<x>" not in text


def test_the_open_checklist_item_names_the_threats_without_responsibility(client, db, world,
                                                                          logged_in):
    project = world["project"]
    logged_in("viewer", locale="en")
    assert "No risks are described yet." in _page(client, project)
    _risk(db, project, owner="")
    html = _page(client, project)
    item = html[html.index('id="risk-checklist"'):html.index("</li>",
                                                             html.index('id="risk-checklist"'))]
    assert "lm-checklist__item--open" in html and 'href="#risk-k1">k1</a>' in item


# --- adding, editing, moving and deleting -----------------------------------------------------


def test_a_risk_is_added_with_the_form(client, db, world, logged_in):
    project = world["project"]
    login(client, world["leader"].email)
    response = _post_risk(client, project, description="De äldre tackar nej", likelihood="4",
                          impact="5", action="Personlig inbjudan", owner="Projektledaren",
                          harms_individual="y", element="a1", review_on="2026-03-31",
                          kind="threat", status="open")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/projects/{project.id}/risks#risk-k1")
    db.expire_all()
    risk = db.scalar(select(Risk).where(Risk.project_id == project.id))
    assert (risk.key, risk.position, risk.likelihood, risk.impact, risk.harms_individual,
            risk.element.key, risk.review_on, risk.owner) == (
        "k1", 0, 4, 5, True, "a1", date(2026, 3, 31), "Projektledaren")
    assert _post_risk(client, project, description="Partnern tappar intresset",
                      likelihood="2", impact="5").status_code == 302
    assert [r[:2] for r in _rows(db, project)] == [("k1", 0), ("k2", 1)]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"description": ""}, "risk-description", "This field is required."),
    ({"likelihood": ""}, "risk-likelihood", "The likelihood must be a whole number from 1 to 5."),
    ({"impact": "6"}, "risk-impact", "The impact must be a whole number from 1 to 5."),
    ({"owner": "x" * 201}, "risk-owner", "Field cannot be longer than 200 characters."),
    ({"element": "zz9"}, "risk-element",
     "Choose an element of this initiative&#39;s logic model."),
    ({"review_on": "31/3"}, "risk-review_on", "Not a valid date value."),
])
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(client, db, world, logged_in,
                                                                changes, field, message):
    project = world["project"]
    logged_in("coordinator", locale="en")
    values = {"description": "Personalomsättning", "likelihood": "3", "impact": "3", **changes}
    response = _post_risk(client, project, **values)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'<p class="field__error" id="{field}-error">{message}</p>' in html
    assert f'href="#{field}"' in html  # the summary links to the field
    assert _rows(db, project) == []


def test_an_edit_is_saved_and_an_edit_of_an_old_version_is_refused(client, db, world,
                                                                   logged_in):
    project = world["project"]
    _risk(db, project)
    logged_in("coordinator", locale="en")
    path = f"/projects/{project.id}/risks/k1/edit"
    old = form_data(client, path, path)
    assert old["risk-description"].strip() == "Personalomsättning" and old["risk-likelihood"] == "3"
    response = client.post(path, data={**old, "risk-likelihood": "5", "risk-status": "closed"})
    assert response.status_code == 302
    assert _rows(db, project) == [("k1", 0, 5, 4)]
    # The same form again: based on the version before the save.
    response = client.post(path, data={**old, "risk-description": "Skrivs över"})
    assert response.status_code == 409
    assert "Someone else saved this risk" in response.get_data(as_text=True)
    db.expire_all()
    risk = db.scalar(select(Risk).where(Risk.project_id == project.id))
    assert (risk.description, risk.status) == ("Personalomsättning", "closed")


def test_risks_are_moved_and_deleted_after_confirmation(client, db, world, logged_in):
    project = world["project"]
    for text in ("Första", "Andra", "Tredje"):
        _risk(db, project, description=text)
    logged_in("coordinator", locale="en")
    token = csrf_token(client, f"/projects/{project.id}/risks")
    response = client.post(f"/projects/{project.id}/risks/k3/move",
                           data={"csrf_token": token, "direction": "up"})
    assert response.status_code == 302
    assert [r[0] for r in _rows(db, project)] == ["k1", "k3", "k2"]
    html = _page(client, project)
    assert html.index('id="risk-k3"') < html.index('id="risk-k2"')
    # Deleting asks first, and refuses a confirmation of an older version.
    page = client.get(f"/projects/{project.id}/risks/k3/delete").get_data(as_text=True)
    assert "Delete the risk k3?" in page and "Tredje" in page
    stale = client.post(f"/projects/{project.id}/risks/k3/delete",
                        data={"csrf_token": token, "version": "0"})
    assert stale.status_code == 302 and [r[0] for r in _rows(db, project)] == ["k1", "k3", "k2"]
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert version == "2"  # the move changed its position
    response = client.post(f"/projects/{project.id}/risks/k3/delete",
                           data={"csrf_token": token, "version": version})
    assert response.status_code == 302
    assert [r[0] for r in _rows(db, project)] == ["k1", "k2"]
    # A new risk gets the next key, never a deleted one's place in a snapshot's numbering.
    _risk(db, project, description="Fjärde")
    assert [r[0] for r in _rows(db, project)] == ["k1", "k2", "k3"]


def test_only_the_projects_editors_change_its_risks(client, db, world, make_user):
    project = world["project"]
    _risk(db, project)
    outsider = make_user("project_leader", email="olle@example.se")
    login(client, outsider.email)
    token = csrf_token(client, f"/projects/{project.id}/risks")
    assert client.get(f"/projects/{project.id}/risks").status_code == 200
    for path in (f"/projects/{project.id}/risks", f"/projects/{project.id}/risks/k1/edit",
                 f"/projects/{project.id}/risks/k1/delete",
                 f"/projects/{project.id}/risks/k1/move", f"/projects/{project.id}/stop-criteria"):
        response = client.post(path, data={"csrf_token": token, "risk-description": "x",
                                           "risk-likelihood": "1", "risk-impact": "1",
                                           "direction": "up", "version": "1"})
        assert response.status_code == 403, path
    assert _rows(db, project) == [("k1", 0, 3, 4)]


# --- the heat map -------------------------------------------------------------------------------


def test_the_heat_map_counts_open_threats_and_filters_the_list(client, db, world, logged_in):
    project = world["project"]
    _risk(db, project, description="Ett", likelihood=3, impact=4)
    _risk(db, project, description="Två", likelihood=3, impact=4)
    _risk(db, project, description="Stängd", likelihood=3, impact=4, status="closed")
    _risk(db, project, description="Möjlighet", likelihood=3, impact=4, kind="opportunity")
    _risk(db, project, description="Liten", likelihood=1, impact=1)
    logged_in("viewer", locale="en")
    html = _page(client, project)
    cell = _cell(html, 3, 4)
    assert 'data-threats="2" data-opportunities="1"' in cell
    assert MEDIUM in cell and "Medium" in cell
    assert f'href="/projects/{project.id}/risks?likelihood=3&amp;impact=4#risks"' in cell
    assert "+1 opportunity" in cell
    assert 'data-threats="1"' in _cell(html, 1, 1) and LOW in _cell(html, 1, 1)
    empty = _cell(html, 5, 5)
    assert 'data-threats="0"' in empty and "<a " not in empty and HIGH in empty
    # Row and column headers: likelihood highest first, impact lowest first.
    table = html[html.index('id="risk-heat-map"'):html.index("</table>",
                                                             html.index('id="risk-heat-map"'))]
    assert table.index("Very high") < table.index("Very low")
    assert '<th scope="row" class="heat-map__level">5<span class="heat-map__label">Very high' \
        in table
    assert '<th scope="col" class="heat-map__level">1<span class="heat-map__label">Very small' \
        in table
    # The filter lists the open risks of the cell and offers the way back.
    filtered = _page(client, project, "?likelihood=3&impact=4")
    assert "Filtered: open risks with likelihood 3 – Medium and impact 4 – Large" in filtered
    assert f'href="/projects/{project.id}/risks#risks">show all</a>' in filtered
    listed = filtered[filtered.index('id="risks"'):]
    assert {"Ett", "Två", "Möjlighet"} <= set(re.findall(r"\b(Ett|Två|Möjlighet|Stängd|Liten)\b",
                                                         listed))
    assert "Stängd" not in listed and "Liten" not in listed
    assert "heat-map__cell--selected" in _cell(filtered, 3, 4)
    # A cell off the scale filters nothing.
    assert "Filtered:" not in _page(client, project, "?likelihood=9&impact=4")


# --- the organisation's scale -----------------------------------------------------------------


def test_a_switch_to_three_levels_rescores_new_risks_and_keeps_the_snapshot(client, db, world,
                                                                            logged_in):
    project = world["project"]
    _risk(db, project, description="Tvåa", likelihood=2, impact=2)
    change_stage(db, project, "approved", user=None, reason="KS beslut", override_gate=True,
                 may_override=True)
    db.commit()
    before = db.scalar(select(RiskSnapshot).where(RiskSnapshot.project_id == project.id)).data
    # On 5 × 5, 2 × 2 = 4 is low.
    assert before["risks"][0]["score"] == 4 and before["risks"][0]["priority"] == "low"
    logged_in("coordinator", locale="en")
    data = {**form_data(client, "/admin/risk-matrix?start=3x3", "/admin/risk-matrix"),
            "action": "save"}
    assert client.post("/admin/risk-matrix", data=data).status_code == 302
    db.expire_all()
    assert current_scale(db).likelihood_max == 3
    html = _page(client, project)
    # On 3 × 3 the same risk is medium (2–4), and the grid has three rows and columns.
    k1 = html[html.index('id="risk-k1"'):]
    assert f'{MEDIUM}">Medium <span class="risk-band__score">(4)</span>' in k1
    assert "2 – Medium" in k1
    live = html[html.index('id="risk-heat-map"'):html.index("</table>",
                                                            html.index('id="risk-heat-map"'))]
    assert live.count('class="heat-map__cell') == 9
    # New risks use the new scale: a likelihood of 4 no longer exists.
    response = _post_risk(client, project, description="Ny", likelihood="4", impact="1")
    assert response.status_code == 400
    assert "The likelihood must be a whole number from 1 to 3." in response.get_data(
        as_text=True)
    assert _post_risk(client, project, description="Ny", likelihood="3",
                      impact="3").status_code == 302
    db.expire_all()
    assert db.scalar(select(Risk.impact).where(Risk.key == "k2")) == 3
    # The snapshot keeps its 5 × 5 scale, its score and its priority.
    snapshot = db.scalar(select(RiskSnapshot).where(RiskSnapshot.project_id == project.id))
    assert snapshot.data == before
    html = _page(client, project)
    assert "Risk matrix at approval," in html
    kept = html[html.index('id="snapshot-heat-map"'):html.index(
        "</table>", html.index('id="snapshot-heat-map"'))]
    assert kept.count('class="heat-map__cell') == 25
    rows = html[html.index('id="snapshot-risks"'):]
    assert f'{LOW}">Low <span class="risk-band__score">(4)</span>' in rows
    assert "Ny" not in rows


def test_a_smaller_scale_is_refused_while_risks_lie_outside_it(db, world):
    project = world["project"]
    _risk(db, project, likelihood=4, impact=2)
    _risk(db, project, likelihood=1, impact=5)
    with pytest.raises(RiskRefused) as refused:
        save_scale(db, rk.WORD_SCALE, by="test")
    assert refused.value.field == "likelihood_max"
    assert refused.value.params == {"count": 2, "projects": "Fallprevention (2)"}
    db.rollback()
    assert db.scalar(select(func.count()).select_from(RiskScaleSetting)) == 0
    assert _rows(db, project) == [("k1", 0, 4, 2), ("k2", 1, 1, 5)]


# --- stop criteria ------------------------------------------------------------------------------


def test_stop_criteria_are_added_edited_and_deleted(client, db, world, logged_in):
    project = world["project"]
    logged_in("coordinator", locale="en")
    path = f"/projects/{project.id}/risks"
    add = f"/projects/{project.id}/stop-criteria"
    data = form_data(client, path, add, **{"stop-text": "Deltagandet ökar inte",
                                           "stop-kind": "indicator", "stop-indicator": ""})
    response = client.post(add, data=data)
    assert response.status_code == 400
    assert ('id="stop-indicator-error">Choose the outcome indicator the criterion watches.'
            in response.get_data(as_text=True))
    # A process measure is not offered and not accepted.
    assert client.post(add, data={**data, "stop-indicator": "i1"}).status_code == 400
    assert db.scalar(select(func.count()).select_from(StopCriterion)) == 0
    assert client.post(add, data={**data, "stop-indicator": "i2",
                                  "stop-threshold": "25,5"}).status_code == 302
    budget = {**data, "stop-text": "Kostnaderna överskrids", "stop-kind": "budget",
              "stop-threshold": "10"}
    assert client.post(add, data=budget).status_code == 302
    db.expire_all()
    rows = db.execute(select(StopCriterion.id, StopCriterion.kind, StopCriterion.threshold)
                      .order_by(StopCriterion.position)).all()
    assert [(kind, threshold) for _id, kind, threshold in rows] == [
        ("indicator", Decimal("25.5")), ("budget", Decimal("0.1"))]
    html = _page(client, project)
    assert "over budget by 10.0%" in html.replace("\u00a0", "") and "25.5" in html
    first, second = rows[0][0], rows[1][0]
    edit = f"/projects/{project.id}/stop-criteria/{second}/edit"
    data = form_data(client, edit, edit)
    assert data["stop-threshold"] == "10"
    assert client.post(edit, data={**data, "stop-threshold": "15"}).status_code == 302
    db.expire_all()
    assert db.get(StopCriterion, second).threshold == Decimal("0.15")
    token = csrf_token(client, path)
    assert client.post(f"/projects/{project.id}/stop-criteria/{first}/delete",
                       data={"csrf_token": token}).status_code == 302
    db.expire_all()
    assert db.scalars(select(StopCriterion.id)).all() == [second]


# --- the checklist ------------------------------------------------------------------------------


def _risk_item(db, project) -> bool | None:
    db.expire_all()
    statuses = checklist(db.get(Project, project.id), criteria_exist=False)
    return next(s.done for s in statuses if s.item.code == "design.risk_analysis")


def test_the_risk_analysis_item_needs_a_risk_and_responsibility_for_every_open_threat(db,
                                                                                        world):
    project = world["project"]
    assert _risk_item(db, project) is False
    _risk(db, project, kind="opportunity", action="", owner="")
    assert _risk_item(db, project) is True  # an opportunity needs no responsible
    threat = _risk(db, project, action="Åtgärd", owner="")
    assert _risk_item(db, project) is False
    threat.owner = "Enhetschefen"
    db.commit()
    assert _risk_item(db, project) is True
    _risk(db, project, action="", owner="", status="closed")
    assert _risk_item(db, project) is True  # a closed threat is not held against it
    # Another project's risks do not count.
    assert _risk_item(db, world["other"]) is False


# --- snapshots ----------------------------------------------------------------------------------


def test_approval_by_stage_change_keeps_a_snapshot_with_the_scored_rows(db, world):
    project = world["project"]
    _risk(db, project, description="Personalomsättning", likelihood=4, impact=4, element="a1",
          harms_individual=True, review_on=date(2026, 1, 31))
    _risk(db, project, description="Stängd", likelihood=1, impact=1, status="closed")
    change_stage(db, project, "approved", user=None, reason="KS § 12", override_gate=True,
                 may_override=True)
    db.commit()
    snapshots = db.scalars(select(RiskSnapshot).where(RiskSnapshot.project_id == project.id)
                           ).all()
    assert len(snapshots) == 1
    data = snapshots[0].data
    assert snapshots[0].reason == "KS § 12"
    assert data["scale"]["likelihood_max"] == 5 and data["scale"]["low_max"] == 4
    assert data["risks"][0] == {
        "key": "k1", "kind": "threat", "description": "Personalomsättning", "likelihood": 4,
        "impact": 4, "score": 16, "priority": "high", "action": "Utbilda nyanställda",
        "owner": "Enhetschefen", "status": "open", "review_on": "2026-01-31",
        "harms_individual": True, "element": "a1"}
    assert data["risks"][1]["status"] == "closed" and data["risks"][1]["priority"] == "low"
    # Later edits leave the snapshot as it was.
    risk = db.scalar(select(Risk).where(Risk.key == "k1", Risk.project_id == project.id))
    risk.likelihood = 1
    db.commit()
    view = read_snapshot(db.get(RiskSnapshot, snapshots[0].id))
    assert (view.rows[0].likelihood, view.rows[0].score, view.rows[0].priority) == (4, 16, "high")


def test_approval_by_a_decision_keeps_a_snapshot(db, world, make_user):
    project = world["project"]
    _risk(db, project, likelihood=2, impact=3)
    coordinator = make_user("coordinator")
    record_decision(db, project, DecisionInput(
        body="ks", decided_on=date(2025, 3, 1), outcome="approved",
        amount=Decimal("1000000"), pass_gate=True, gate_reason="Brådskande"),
        user=coordinator)
    db.commit()
    db.expire_all()
    assert db.get(Project, project.id).stage == "approved"
    snapshots = db.scalars(select(RiskSnapshot).where(RiskSnapshot.project_id == project.id)
                           ).all()
    assert len(snapshots) == 1
    assert snapshots[0].data["risks"][0]["score"] == 6
    assert snapshots[0].data["risks"][0]["priority"] == "medium"
    assert "Decision by" in snapshots[0].reason


def test_a_snapshot_of_an_empty_matrix_says_so(client, db, world, logged_in):
    project = world["project"]
    snapshot_risks(db, project, "Beslut")
    db.commit()
    logged_in("viewer", locale="en")
    html = _page(client, project)
    assert "Risk matrix at approval," in html and "The matrix had no risks at approval." in html


# --- the demo -----------------------------------------------------------------------------------


def test_the_demo_falls_prevention_has_the_guides_risks(db, monkeypatch):
    from models.demo import seed_demo

    monkeypatch.setattr(users, "hash_password",
                        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1"))
    seed_demo(db)
    db.commit()
    project = db.scalar(select(Project).where(Project.key == "fallprevention"))
    risks = db.scalars(select(Risk).where(Risk.project_id == project.id)
                       .order_by(Risk.position)).all()
    texts = " ".join(r.description for r in risks)
    assert "Personalomsättning" in texts and "tackar nej" in texts and "hemsjukvården" in texts
    assert any(r.element is not None for r in risks)
    assert any(r.harms_individual for r in risks)
    assert [r.kind for r in risks].count("opportunity") == 1
    assert all(r.action and r.owner for r in risks if r.kind == "threat")
    assert db.scalar(select(func.count()).select_from(RiskScaleSetting)) == 0
    criteria = db.scalars(select(StopCriterion).where(StopCriterion.project_id == project.id)
                          ).all()
    assert any(c.indicator is not None and c.indicator.kind == "outcome" for c in criteria)
    snapshot = db.scalar(select(RiskSnapshot).where(RiskSnapshot.project_id == project.id))
    approval = next(c for c in project.stage_changes if c.to_stage == "approved")
    assert snapshot.taken_at == approval.at
    # Staff turnover has grown more likely since the approval.
    assert snapshot.data["risks"][0]["likelihood"] == 3 and risks[0].likelihood == 4
    statuses = {s.item.code: s.done for s in checklist(project, criteria_exist=True)}
    assert statuses["design.risk_analysis"] is True
