"""The demo logic models: complete where detailed, broken where meant, frozen once approved."""

from decimal import Decimal

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from models import users
from models.demo import seed_demo
from models.domain import logic as lm
from models.domain.stages import PATH
from models.logic_models import baseline, to_domain
from models.project import Project
from models.projects import checklist

DETAILED = ("fallprevention", "hembesok", "skolfranvaro", "placerade-unga")
SIMPLIFIED = ("skola-familj", "overgang-hvb")
APPROVED_OR_LATER = PATH[PATH.index("approved"):]


@pytest.fixture
def demo(db, monkeypatch) -> dict[str, Project]:
    # Nobody logs in here: a cheap hash keeps the many seedings of this module fast.
    monkeypatch.setattr(users, "hash_password",
                        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1"))
    seed_demo(db)
    db.commit()  # read back from the database, not from the objects just created
    return {project.key: project for project in db.scalars(select(Project))}


def _statuses(project: Project) -> dict[str, bool | None]:
    return {s.item.code: s.done for s in checklist(project, criteria_exist=True)}


@pytest.mark.parametrize("key", DETAILED)
def test_the_detailed_demo_models_are_complete(demo, key):
    model = to_domain(demo[key])
    findings = lm.check(model)
    assert model.detailed
    assert lm.errors(findings) == []
    assert lm.detailed_complete(model, findings)
    assert model.purpose
    assert {element.level for element in model.elements} == set(lm.LEVELS)
    indicators = [i for e in model.elements for i in e.indicators]
    assert all(i.data_source and i.data_source_kind and i.unit for i in indicators)
    outcomes = [i for e in model.elements if e.level in ("short_term", "long_term")
                for i in e.indicators]
    assert all(i.target is not None and i.horizon_months for i in outcomes)
    assert any(e.assumptions for e in model.elements)


def test_the_falls_prevention_model_follows_the_guides_example(demo):
    model = to_domain(demo["fallprevention"])
    texts = " ".join(e.text for e in model.elements)
    assert "50 procent" in texts and "80 procent" in texts
    admissions = next(i for e in model.elements if e.level == "long_term"
                      for i in e.indicators if "sjukhusinläggningar" in i.name)
    assert admissions.data_source_kind == "register"
    assert admissions.data_level == "individual"
    assert "Patientregistret" in admissions.data_source
    assert admissions.target == admissions.baseline * Decimal("0.2")
    [activity] = next(e for e in model.elements if e.key == "s1").indicators
    assert (activity.unit, activity.target) == ("percent", activity.baseline * Decimal("1.5"))
    kinds = {i.data_source_kind for e in model.elements for i in e.indicators}
    assert {"register", "own_survey", "validated_instrument"} <= kinds
    threats = " ".join(a for e in model.elements for a in e.assumptions)
    assert "Personalomsättningen" in threats and "tackar nej" in threats
    assert "samarbetspartner" in threats


@pytest.mark.parametrize("key", SIMPLIFIED)
def test_the_simplified_demo_models_have_a_clean_red_thread(demo, key):
    model = to_domain(demo[key])
    assert model.elements and not model.detailed
    assert lm.check(model) == []
    assert lm.has_red_thread(model)


def test_the_weak_proposal_shows_its_broken_chain(demo):
    project = demo["fritid-unga"]
    assert project.stage == "proposal"
    findings = lm.check(to_domain(project))
    assert {(f.code, f.element, f.related) for f in lm.errors(findings)} == {
        ("no_outcome", "a3", ()),
        ("unreached_goal", "g2", ()),
        ("backward_link", "g1", ("s2",)),
    }
    assert [(f.code, f.element) for f in findings if f.severity == lm.WARNING] == [
        ("no_resource", "s2")
    ]


def test_models_are_frozen_as_of_approval_for_approved_initiatives_only(demo):
    frozen = {key for key, project in demo.items() if baseline(project) is not None}
    assert frozen == {key for key, p in demo.items()
                      if p.stage in APPROVED_OR_LATER and p.logic_elements}
    assert frozen == {"fallprevention", "hembesok", "skolfranvaro", "placerade-unga",
                      "foraldrastod"}
    for key in frozen:
        project = demo[key]
        approval = next(c for c in project.stage_changes if c.to_stage == "approved")
        assert project.logic_model.baseline_at == approval.at
        assert project.logic_model.baseline_by == approval.user_label


@pytest.mark.parametrize("key", ["fallprevention", "hembesok", "skolfranvaro", "foraldrastod"])
def test_unchanged_models_show_no_difference_against_their_baseline(demo, key):
    project = demo[key]
    assert lm.diff(baseline(project), to_domain(project)).empty


def test_the_revised_model_shows_its_changes_against_the_baseline(demo):
    project = demo["placerade-unga"]
    before, after = baseline(project), to_domain(project)
    change = lm.diff(before, after)
    assert not change.empty
    assert [e.key for e in change.added] == ["a6"]
    assert change.added[0].level == "activity"
    assert [i.kind for i in change.added[0].indicators] == ["process"]
    assert set(change.links_added) == {lm.Link("r1", "a6"), lm.Link("a6", "s6")}
    assert change.removed == () and change.links_removed == ()
    [tutoring] = change.changed
    assert tutoring.key == "a4"
    assert tutoring.parts == ("indicators", "assumptions")
    old = {i.key: i.target for i in tutoring.before.indicators}
    new = {i.key: i.target for i in tutoring.after.indicators}
    assert (old["i5"], new["i5"]) == (Decimal("80"), Decimal("50"))
    assert lm.errors(lm.check(after)) == []


@pytest.mark.parametrize(("key", "simplified", "detailed"), [
    ("fallprevention", True, True),
    ("placerade-unga", True, True),
    ("foraldrastod", True, False),
    ("skola-familj", True, False),
    ("fritid-unga", False, False),
    ("sommarjobb", False, False),
])
def test_the_checklist_follows_the_demo_models(demo, key, simplified, detailed):
    statuses = _statuses(demo[key])
    assert statuses["strategic.simplified_model"] is simplified
    assert statuses["design.detailed_logic"] is detailed


def test_every_initiative_past_the_strategic_gate_has_a_red_thread(demo):
    past_gate = [p for p in demo.values()
                 if p.stage in PATH and PATH.index(p.stage) >= PATH.index("prioritised")]
    assert len(past_gate) == 7
    assert all(_statuses(p)["strategic.simplified_model"] for p in past_gate)
