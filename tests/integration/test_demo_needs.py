"""The demo needs analysis: five need areas with evidence, the guide's figures 5 and 6, and the
links that make the checklist's "needs verified by data" come out right per initiative."""

import json
from decimal import Decimal

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from models import users
from models.demo import seed_demo
from models.demo_needs import NAME_PROPERTY, SES_AREAS
from models.domain.ses import AreaInput, compute_ses
from models.need_areas import flow_from_json, needs_verified
from models.needs import NeedArea
from models.project import Project
from models.projects import checklist


@pytest.fixture
def demo(db, monkeypatch) -> dict[str, NeedArea]:
    # Nobody logs in here: a cheap hash keeps the seeding fast.
    monkeypatch.setattr(users, "hash_password",
                        lambda password: generate_password_hash(password, method="pbkdf2:sha256:1"))
    seed_demo(db)
    db.commit()  # read back from the database, not from the objects just created
    return {area.title: area for area in db.scalars(select(NeedArea))}


@pytest.fixture
def projects(db, demo) -> dict[str, Project]:
    return {project.key: project for project in db.scalars(select(Project))}


def _verified_item(project: Project) -> bool | None:
    statuses = {s.item.code: s.done for s in checklist(project, criteria_exist=True)}
    return statuses["needs.verified"]


def test_the_need_areas_have_their_statuses(demo):
    assert {title: area.status for title, area in demo.items()} == {
        "Placerade unga och omplaceringar": "anchored",
        "Skolresultat och skolfrånvaro": "verified",
        "Fall och fallskador bland äldre": "verified",
        "Psykisk ohälsa bland unga": "raised",
        "Ensamhet bland äldre": "raised",
    }
    for area in demo.values():
        assert area.outcome and area.target_group and area.raised_by and area.raised_by_kind
        assert area.indicators


def test_verified_areas_carry_quantitative_and_qualitative_evidence(demo):
    for title in ("Placerade unga och omplaceringar", "Skolresultat och skolfrånvaro",
                  "Fall och fallskador bland äldre"):
        area = demo[title]
        assert all(i.value is not None and i.unit and i.year and i.source
                   for i in area.indicators)
        assert any(i.comparison_value is not None and i.comparison_label
                   for i in area.indicators)
        assert {b.dimension for i in area.indicators for b in i.breakdowns} >= {"sex"}
        assert {s.level for s in area.data_sources} >= {"individual", "aggregate"}
        assert all(s.legal_limits for s in area.data_sources)
        assert {q.method for q in area.qualitative_sources} & {"interview", "focus_group",
                                                                "user_survey"}
        assert all(q.summary for q in area.qualitative_sources)
    # The raised needs are not verified by data yet.
    for title in ("Psykisk ohälsa bland unga", "Ensamhet bland äldre"):
        assert all(i.value is None for i in demo[title].indicators)


def test_the_indicators_are_broken_down_as_the_guide_asks(demo):
    falls = demo["Fall och fallskador bland äldre"].indicators[0]
    assert falls.name.startswith("Fallskador som lett till sjukhusinläggning per 1 000")
    assert {(b.dimension, b.category) for b in falls.breakdowns} == {
        ("age", "65–74 år"), ("age", "75–84 år"), ("age", "85 år och äldre"),
        ("sex", "Kvinnor"), ("sex", "Män"),
    }
    eligible = demo["Skolresultat och skolfrånvaro"].indicators[0]
    assert eligible.comparison_label.startswith("Liknande kommuner")
    assert eligible.value < eligible.comparison_value
    by_area = [b for b in eligible.breakdowns if b.dimension == "area"]
    assert len(by_area) == len(SES_AREAS)
    assert [b.category for b in by_area] == [a.name for a in SES_AREAS]
    school = demo["Skolresultat och skolfrånvaro"]
    assert "Riket" in {i.comparison_label for i in school.indicators}
    assert any("frånvaro" in i.name for i in school.indicators)
    placed = demo["Placerade unga och omplaceringar"].indicators[0]
    assert {b.dimension for b in placed.breakdowns} == {"sex", "age"}
    kinds = {s.name: (s.kind, s.level)
             for area in demo.values() for s in area.data_sources}
    assert kinds["Patientregistret"] == ("register", "individual")
    assert kinds["Treserva – socialtjänstens verksamhetssystem"] == ("own_system", "individual")
    assert kinds["Skolverkets statistik och Kolada"] == ("national_report", "aggregate")


def test_the_ses_analysis_shows_a_strong_positive_correlation(demo):
    [analysis] = demo["Skolresultat och skolfrånvaro"].ses_analyses
    assert analysis.outcome_label == "Andel behöriga till gymnasiet"
    assert 8 <= len(analysis.areas) <= 10
    result = compute_ses([AreaInput(a.area, a.education, a.employment, a.nordic_born, a.income,
                                    a.outcome) for a in analysis.areas])
    assert 0.8 <= result.correlation <= 0.9
    slope, _intercept = result.fit
    assert slope > 0
    assert result.constant == ()
    indices = {a.area: a.index for a in result.areas}
    assert max(indices.values()) == Decimal("10.00") and min(indices.values()) == Decimal("0.00")
    assert min(indices, key=indices.get) == "Västra området"

    geojson = json.loads(analysis.geojson)
    assert analysis.name_property == NAME_PROPERTY
    names = [f["properties"][NAME_PROPERTY] for f in geojson["features"]]
    assert names == [a.area for a in analysis.areas]
    for feature in geojson["features"]:
        [ring] = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Polygon"
        assert len(ring) == 5 and ring[0] == ring[-1]
        assert len({x for x, _y in ring}) == 2 and len({y for _x, y in ring}) == 2


def test_the_flow_analysis_reproduces_figure_6(demo):
    [analysis] = demo["Placerade unga och omplaceringar"].flow_analyses
    result = flow_from_json(analysis.counts)
    assert result.replacements == 200
    assert [(g.number, g.count, g.share) for g in result.groups] == [
        (1, 120, Decimal("0.6000")), (2, 60, Decimal("0.3000")), (3, 20, Decimal("0.1000")),
    ]
    assert [g.open_care_share for g in result.groups][1:] == [Decimal("0.2000"),
                                                              Decimal("0.4000")]
    # Only the counts are stored: no pseudonymised key of a person.
    assert "P0001" not in analysis.counts
    share = next(i for i in demo["Placerade unga och omplaceringar"].indicators
                 if "öppenvårdsinsats" in i.name)
    assert share.value == Decimal(result.open_care_share * 100)


@pytest.mark.parametrize("key, done", [
    ("placerade-unga", True),   # anchored, with indicators
    ("overgang-hvb", True),
    ("skolfranvaro", True),     # verified
    ("skola-familj", True),
    ("fallprevention", True),
    ("hembesok", True),         # linked to a verified and a raised need
    ("foraldrastod", False),    # only a raised need
    ("fritid-unga", False),
    ("digital-ensamhet", False),
    ("sommarjobb", False),      # no need area linked
])
def test_needs_verified_follows_the_linked_need_areas(projects, key, done):
    project = projects[key]
    assert needs_verified(project) is done
    assert _verified_item(project) is done


def test_the_need_areas_are_linked_to_the_matching_initiatives(demo, projects):
    linked = {title: sorted(p.key for p in area.projects) for title, area in demo.items()}
    assert linked == {
        "Placerade unga och omplaceringar": ["overgang-hvb", "placerade-unga"],
        "Skolresultat och skolfrånvaro": ["skola-familj", "skolfranvaro"],
        "Fall och fallskador bland äldre": ["fallprevention", "hembesok"],
        "Psykisk ohälsa bland unga": ["foraldrastod", "fritid-unga"],
        "Ensamhet bland äldre": ["digital-ensamhet", "hembesok"],
    }
    assert projects["sommarjobb"].need_areas == []
    assert [a.title for a in projects["hembesok"].need_areas] == [
        "Ensamhet bland äldre", "Fall och fallskador bland äldre"]
