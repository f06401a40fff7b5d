"""Steering-group scoring in the browser's stead: independent drafts, final submissions, and the
ranking per fund with its cut line."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from models import Criterion, Score, ScoreSubmission
from tests.conftest import csrf_token, login
from tests.integration.helpers import make_org, make_project


def _setup(db, make_user):
    _soc, _bun, fund = make_org(db)  # 20 000 000 available
    needs = Criterion(key="behov", name="Svarar mot behov", weight=Decimal("2"), scale_max=5)
    effect = Criterion(key="effekt", name="Förväntad effekt", weight=Decimal("1"), scale_max=5)
    db.add_all([needs, effect])
    strong = make_project(db, "stark", title="Stark ansökan", stage="proposal", fund=fund,
                          budget_request=Decimal("15000000"))
    weak = make_project(db, "svag", title="Svag ansökan", stage="proposal", fund=fund,
                        budget_request=Decimal("8000000"))
    anna = make_user("steering", email="anna@example.se", name="Anna")
    bo = make_user("steering", email="bo@example.se", name="Bo")
    db.commit()
    return fund, needs, effect, strong, weak, anna, bo


def _score(client, project, values: dict, action="submit"):
    token = csrf_token(client, f"/projects/{project.id}/score")
    data = {"csrf_token": token, "action": action}
    for criterion, value in values.items():
        data[f"value-{criterion.id}"] = str(value)
        data[f"comment-{criterion.id}"] = f"Motivering {value}"
    return client.post(f"/projects/{project.id}/score", data=data)


def test_raters_score_independently_and_submissions_are_final(app, db, make_user):
    fund, needs, effect, strong, weak, anna, bo = _setup(db, make_user)
    first, second = app.test_client(), app.test_client()
    login(first, anna.email)
    login(second, bo.email)
    assert _score(first, strong, {needs: 5, effect: 4}, action="save").status_code == 302
    # Bo does not see Anna's draft; after submitting he sees the group's scores.
    page = second.get(f"/projects/{strong.id}/score").get_data(as_text=True)
    assert "Motivering 5" not in page
    assert _score(second, strong, {needs: 4, effect: 9}).status_code == 400  # outside 0–5
    assert db.scalar(select(func.count()).select_from(Score)) == 2
    assert _score(second, strong, {needs: 4}).status_code == 400  # a criterion is missing
    assert _score(second, strong, {needs: 4, effect: 3}).status_code == 302
    page = second.get(f"/projects/{strong.id}/score").get_data(as_text=True)
    assert "Motivering 5" in page
    # Submitted scores are final.
    assert _score(second, strong, {needs: 1, effect: 1}).status_code == 400
    db.expire_all()
    values = sorted(s.value for s in db.scalars(select(Score).where(Score.rater_id == bo.id)))
    assert values == [3, 4]
    assert db.scalar(select(func.count()).select_from(ScoreSubmission)) == 1


def test_ranking_with_cut_line_and_hidden_scores(app, db, make_user):
    fund, needs, effect, strong, weak, anna, bo = _setup(db, make_user)
    coordinator = make_user("coordinator")
    raters = {anna: app.test_client(), bo: app.test_client()}
    for user, client in raters.items():
        login(client, user.email)
        assert _score(client, strong, {needs: 5, effect: 4}).status_code == 302
    assert _score(raters[anna], weak, {needs: 2, effect: 2}).status_code == 302
    boss = app.test_client()
    login(boss, coordinator.email)
    html = boss.get(f"/funds/{fund.id}/ranking").get_data(as_text=True)
    # Strong: 100 × (2/3 × 5/5 + 1/3 × 4/5) = 93.3; weak is missing Bo's scores.
    assert "93,3" in html
    assert html.index("Stark ansökan") < html.index("Svag ansökan")
    assert "Poäng saknas" in html or "Scores missing" in html
    # Bo has not submitted for the weak proposal: its scores are hidden from him.
    html = raters[bo].get(f"/funds/{fund.id}/ranking").get_data(as_text=True)
    weak_row = html[html.index("Svag ansökan"):]
    assert "93,3" in html and ("dolt" in weak_row or "hidden" in weak_row)
    # The coordinator opens the weak proposal's scores: everyone sees them.
    token = csrf_token(boss, f"/projects/{weak.id}/score")
    assert boss.post(f"/projects/{weak.id}/scores/open",
                     data={"csrf_token": token}).status_code == 302
    viewer = app.test_client()
    login(viewer, make_user("viewer").email)
    html = viewer.get(f"/funds/{fund.id}/ranking").get_data(as_text=True)
    weak_row = html[html.index("Svag ansökan"):]
    assert "dolt" not in weak_row and "hidden" not in weak_row
