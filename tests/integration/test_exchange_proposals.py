"""Calls, answers, screening, feedback letters and decisions in the satsa/1 exchange."""

from __future__ import annotations

import copy
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from exporters.json_export import build_json
from models import (
    Call,
    Decision,
    FeedbackLetter,
    NeedArea,
    Project,
    ProposalAnswer,
    Screening,
)
from models.exchange import (
    ExchangeError,
    export_document,
    import_document,
    parse_document,
    validate_document,
)
from tests.integration.exchange_data import build_portfolio, empty_database, row_counts
from tests.integration.test_exchange import small_document, without_time

DOC = Path(__file__).resolve().parents[2] / "docs" / "format.md"
PROPOSAL_TABLES = ("call", "call_question", "call_criterion", "call_need_area",
                   "proposal_answer", "screening", "must_check", "feedback_letter", "decision")


def _project(session, key: str) -> Project:
    return session.scalar(select(Project).where(Project.key == key))


def _decisions(session, project: Project) -> list[Decision]:
    return list(session.scalars(select(Decision).where(Decision.project_id == project.id)
                                .order_by(Decision.decided_on)))


def proposals_document() -> dict:
    """small_document() with a fund, a criterion, a need area, two calls and a proposal."""
    doc = small_document()
    doc["funds"] = [{"key": "kulturfond", "name": "Kulturfonden", "capital": "900000.00",
                     "ledger": [{"date": "2025-01-10", "kind": "repayment",
                                 "amount": "5000.00"},
                                {"date": "2025-03-01", "kind": "allocation",
                                 "project": "ny-satsning", "amount": "300000.00"}]}]
    doc["criteria"] = [{"key": "lag", "name": "Förenlig med lag", "weight": "0", "must": True}]
    doc["need_areas"] = [{"key": "ensamhet-unga", "title": "Ensamhet bland unga"}]
    doc["calls"] = [
        {"key": "kultur-2025", "title": "Kultur mot ensamhet", "kind": "need_based",
         "fund": "kulturfond", "opens": "2024-10-01", "closes": "2024-11-30",
         "criteria": ["lag"], "need_areas": ["ensamhet-unga"],
         "questions": [{"position": 10, "text": "Andra frågan"},
                       {"position": 4, "text": "Första frågan", "guidance": "Kort.",
                        "required": False}]},
        {"key": "uppdrag-kultur", "title": "Uppdrag", "kind": "direct", "fund": "kulturfond",
         "opens": "2024-12-01", "closes": "2024-12-31", "department": "kultur"},
    ]
    project = doc["projects"][0]
    project.update({
        "fund": "kulturfond", "stage": "approved", "call": "kultur-2025",
        "need_areas": ["ensamhet-unga"],
        "target_group": {"description": "Unga 16–20", "diagnosis": "Social fobi",
                         "risk_factor": "Skolfrånvaro", "geography": "Centrum",
                         "current_intervention": "Inget"},
        "answers": [{"question": 10, "text": "Svar på den andra"},
                    {"question": 4, "text": "Svar på den första"}],
        "stage_history": [
            {"at": "2025-02-01T09:00:00Z", "from": "idea", "to": "proposal"},
            {"at": "2025-03-01T09:00:00Z", "from": "proposal", "to": "prioritised"},
            {"at": "2025-03-01T09:00:00Z", "from": "prioritised", "to": "approved"},
        ],
        "screening": {"status": "passed", "screened_at": "2025-02-10T12:00:00Z",
                      "must_checks": [{"criterion": "lag", "passed": False,
                                       "note": "Rättat efter komplettering"}]},
        "feedback_letter": {"strengths": "Bra idé."},
        "decisions": [
            {"body": "board", "body_name": "Kulturnämnden", "decided_on": "2025-03-01",
             "outcome": "approved", "amount": "300000", "ledger_entry":
             {"fund": "kulturfond", "index": 1}, "stage_change": 2},
            {"body": "management", "decided_on": "2025-02-20", "outcome": "prioritised"},
        ],
    })
    return doc


# --- round trip ----------------------------------------------------------------------------


def test_the_round_trip_restores_calls_proposals_and_the_decisions_links(app, db, tmp_path):
    build_portfolio(db)
    first = build_json(export_document(db))
    before = row_counts(db)
    db.close()
    with empty_database(app, tmp_path) as fresh:
        summary = import_document(fresh, parse_document(first))
        fresh.commit()
        second = build_json(export_document(fresh))
        after = row_counts(fresh)
        falls = _project(fresh, "fallprevention")
        approved, prioritised = sorted(_decisions(fresh, falls), key=lambda d: d.outcome)
        entry = approved.ledger_entry
        assert (entry.date, entry.kind, entry.amount, entry.project_id, entry.note) == (
            date(2025, 3, 4), "allocation", Decimal("1500000.00"), falls.id, "KS beslut")
        assert approved.stage_change.to_stage == "approved"
        assert approved.stage_change.project_id == falls.id
        assert prioritised.ledger_entry is None
        assert prioritised.stage_change.to_stage == "prioritised"
        call = falls.call
        assert call.key == "behov-2025"
        # Stored in the order of the form, numbered from 0 as the call's page numbers them.
        assert [(q.position, q.text) for q in call.questions] == [
            (0, "Hur når ni målgruppen?"), (1, "Vem tar över efter projekttiden?"),
            (2, "Vilka risker ser ni?")]
        answers = fresh.scalars(select(ProposalAnswer)
                                .where(ProposalAnswer.project_id == falls.id)).all()
        assert sorted((a.question.position, a.text) for a in answers) == [
            (0, "Via hemtjänsten och vårdcentralen."), (2, "=Rekrytering\nLokaler")]
        direct = _project(fresh, "lasframjande").call
        assert (direct.kind, direct.department.key) == ("direct", "bun")
    assert summary.calls == 2 and summary.decisions == 2
    assert {t: after[t] for t in PROPOSAL_TABLES} == {t: before[t] for t in PROPOSAL_TABLES}
    assert without_time(second) == without_time(first)


def test_the_export_holds_the_calls_and_each_proposals_parts(db):
    build_portfolio(db)
    doc = export_document(db)
    assert validate_document(doc) == []
    assert list(doc)[-4:] == ["projects", "calls", "risk_matrix", "optimism"]
    assert [c["key"] for c in doc["calls"]] == ["behov-2025", "uppdrag-las"]
    need_based, direct = doc["calls"]
    # Stored at positions 2, 5 and 9: numbered 1, 2 and 3 in the order of the form.
    assert [q["position"] for q in need_based["questions"]] == [1, 2, 3]
    assert need_based["criteria"] == ["behov", "effekt", "laglig"]
    assert need_based["need_areas"] == ["fallskador", "lasforstaelse"]
    assert (direct["department"], direct["decision_expected"]) == ("bun", None)
    projects = {p["key"]: p for p in doc["projects"]}
    falls = projects["fallprevention"]
    assert list(falls)[-11:] == ["call", "answers", "screening", "feedback_letter", "decisions",
                                 "risk_snapshots", "organisation", "sensitivity", "follow_up",
                                 "evaluation", "computed"]
    assert list(falls["target_group"])[-4:] == ["diagnosis", "risk_factor", "geography",
                                                "current_intervention"]
    assert [a["question"] for a in falls["answers"]] == [1, 3]
    # Written by decision date, though recorded the other way round.
    assert [d["outcome"] for d in falls["decisions"]] == ["prioritised", "approved"]
    approved = falls["decisions"][1]
    assert approved["amount"] == "1500000.00"
    assert approved["recorded_at"] == "2025-03-04T11:00:00Z"
    assert approved["ledger_entry"] == {"fund": "si-fond", "index": 1}
    ledger = doc["funds"][0]["ledger"]
    assert (ledger[1]["kind"], ledger[1]["project"], ledger[1]["amount"]) == (
        "allocation", "fallprevention", "1500000.00")
    assert falls["stage_history"][approved["stage_change"]]["to"] == "approved"
    assert falls["stage_history"][falls["decisions"][0]["stage_change"]]["to"] == "prioritised"
    assert falls["screening"]["screened_at"] == "2024-11-05T14:00:30Z"
    assert falls["feedback_letter"]["status"] == "sent"
    reading = projects["lasframjande"]
    assert reading["screening"]["must_checks"] == [
        {"criterion": "laglig", "passed": False, "note": "Samtycke från vårdnadshavare saknas."}]
    assert reading["feedback_letter"]["status"] == "draft"
    assert reading["feedback_letter"]["drafted_at"] == "2024-12-03T10:15:00Z"
    assert reading["decisions"] == []


def test_a_project_without_a_call_has_none_of_the_proposals_parts(db):
    import_document(db, small_document())
    db.commit()
    project = export_document(db)["projects"][0]
    assert {k: project[k] for k in ("call", "answers", "screening", "feedback_letter",
                                    "decisions")} == {
        "call": None, "answers": [], "screening": None, "feedback_letter": None, "decisions": []}
    assert export_document(db)["calls"] == []


def test_a_chosen_projects_export_holds_its_call_with_what_the_call_names(app, db, tmp_path):
    build_portfolio(db)
    call = db.scalar(select(Call).where(Call.key == "behov-2025"))
    call.need_areas.append(db.scalar(select(NeedArea).where(NeedArea.key == "ensamhet")))
    db.commit()
    doc = export_document(db, project_keys=["fallprevention"])
    assert validate_document(doc) == []
    assert [c["key"] for c in doc["calls"]] == ["behov-2025"]
    # Named by the call, though linked to no chosen project.
    assert [a["key"] for a in doc["need_areas"]] == ["ensamhet", "fallskador", "lasforstaelse"]
    falls = doc["projects"][0]
    assert falls["decisions"][1]["ledger_entry"] == {"fund": "si-fond", "index": 0}
    assert doc["funds"][0]["ledger"][0]["kind"] == "allocation"
    first = build_json(doc)
    db.close()
    with empty_database(app, tmp_path) as fresh:
        import_document(fresh, parse_document(first))
        fresh.commit()
        second = build_json(export_document(fresh))
    assert without_time(second) == without_time(first)


def test_an_answer_left_from_another_call_is_not_written(db):
    build_portfolio(db)
    reading = _project(db, "lasframjande")
    reading.call = db.scalar(select(Call).where(Call.key == "behov-2025"))
    db.commit()
    doc = export_document(db)
    assert next(p for p in doc["projects"] if p["key"] == "lasframjande")["answers"] == []
    assert validate_document(doc) == []


# --- import --------------------------------------------------------------------------------


def test_an_import_stores_calls_and_proposals_with_their_defaults(db):
    summary = import_document(db, proposals_document())
    db.commit()
    assert (summary.calls, summary.decisions, summary.ledger_entries) == (2, 2, 2)
    project = _project(db, "ny-satsning")
    call = project.call
    assert (call.kind, call.fund.key, call.decision_expected) == ("need_based", "kulturfond", None)
    assert [c.key for c in call.criteria] == ["lag"]
    assert [a.key for a in call.need_areas] == ["ensamhet-unga"]
    assert [(q.position, q.text, q.guidance, q.required) for q in call.questions] == [
        (0, "Första frågan", "Kort.", False), (1, "Andra frågan", "", True)]
    answers = {a.question.text: a.text for a in db.scalars(
        select(ProposalAnswer).where(ProposalAnswer.project_id == project.id))}
    assert answers == {"Första frågan": "Svar på den första", "Andra frågan": "Svar på den andra"}
    assert (project.diagnosis, project.risk_factor, project.geography,
            project.current_intervention) == ("Social fobi", "Skolfrånvaro", "Centrum", "Inget")
    screening = db.scalar(select(Screening).where(Screening.project_id == project.id))
    assert (screening.status, screening.screened_at, screening.risk_level) == (
        "passed", datetime(2025, 2, 10, 12, 0), None)
    assert [(m.criterion.key, m.passed, m.note) for m in screening.must_checks] == [
        ("lag", False, "Rättat efter komplettering")]
    letter = db.scalar(select(FeedbackLetter).where(FeedbackLetter.project_id == project.id))
    assert (letter.status, letter.strengths, letter.sent_at) == ("draft", "Bra idé.", None)
    assert letter.drafted_at is not None  # the time of the import
    prioritised, approved = _decisions(db, project)
    assert (approved.body_name, approved.amount) == ("Kulturnämnden", Decimal("300000.00"))
    assert (approved.ledger_entry.kind, approved.ledger_entry.amount) == (
        "allocation", Decimal("300000.00"))
    # Two changes at the same moment: the one the decision names, by its place.
    assert approved.stage_change.to_stage == "approved"
    assert (prioritised.ledger_entry, prioritised.stage_change) == (None, None)
    assert prioritised.recorded_at is not None
    doc = export_document(db)
    assert doc["projects"][0]["answers"] == [{"question": 1, "text": "Svar på den första"},
                                             {"question": 2, "text": "Svar på den andra"}]
    assert doc["projects"][0]["decisions"][1]["stage_change"] == 2
    assert doc["projects"][0]["decisions"][1]["ledger_entry"] == {"fund": "kulturfond",
                                                                  "index": 1}


def test_a_document_in_any_order_restores_the_links_by_their_places(db):
    """The places are those of the document as given; the export writes them sorted."""
    doc = proposals_document()
    ledger = doc["funds"][0]["ledger"]
    ledger.reverse()
    doc["projects"][0]["decisions"][0]["ledger_entry"]["index"] = 0
    import_document(db, doc)
    db.commit()
    decision = export_document(db)["projects"][0]["decisions"][1]
    assert decision["ledger_entry"] == {"fund": "kulturfond", "index": 1}


def test_a_bad_call_or_proposal_is_refused_with_every_path_and_nothing_is_stored(db):
    build_portfolio(db)
    before = row_counts(db)
    doc = proposals_document()
    doc["calls"][0]["closes"] = "2024-09-30"
    doc["calls"][1]["department"] = None
    doc["projects"][0]["answers"][0]["question"] = 7
    doc["projects"][0]["screening"]["must_checks"][0]["criterion"] = "okand"
    doc["projects"][0]["feedback_letter"]["status"] = "posted"
    doc["projects"][0]["decisions"][0]["outcome"] = "postponed"
    doc["projects"][0]["decisions"][0]["ledger_entry"]["index"] = 2
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [str(e) for e in caught.value.errors] == [
        "calls[0].closes: is before opens",
        "calls[1].department: a direct assignment must name the department it is given to",
        "projects[0].answers[0].question: the call 'kultur-2025' has no question 7",
        "projects[0].feedback_letter.status: must be one of: draft, sent",
        "projects[0].decisions[0].outcome: must be one of: prioritised, approved, rejected",
        "projects[0].decisions[0].ledger_entry.index: the fund 'kulturfond' has no ledger "
        "entry 2",
        "projects[0].screening.must_checks[0].criterion: no criterion has the key 'okand'",
    ]
    assert row_counts(db) == before


@pytest.mark.parametrize(("change", "error"), [
    (lambda doc: doc["calls"][0].update(need_areas=[]),
     "calls[0].need_areas: a call based on need areas must name at least one need area"),
    (lambda doc: doc["calls"][0].update(opens="1 oktober"),
     "calls[0].opens: must be a date written YYYY-MM-DD"),
    (lambda doc: doc["projects"][0].update(call="okand"),
     "projects[0].call: no call has the key 'okand'"),
    (lambda doc: doc["projects"][0]["decisions"][0].update(stage_change=3),
     "projects[0].decisions[0].stage_change: the project's stage_history has no item 3"),
    (lambda doc: doc["funds"][0]["ledger"][1].update(project=None),
     "projects[0].decisions[0].ledger_entry: funds[0].ledger[1] is not an entry of this "
     "project"),
])
def test_one_bad_value_refuses_the_whole_document(db, change, error):
    before = row_counts(db)
    doc = proposals_document()
    change(doc)
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [str(e) for e in caught.value.errors] == [error]
    assert row_counts(db) == before


def test_an_existing_call_key_is_refused(db):
    import_document(db, proposals_document())
    db.commit()
    before = row_counts(db)
    doc = copy.deepcopy(proposals_document())
    doc["organisation"]["departments"] = [{"key": "kultur2", "name": "Kultur 2"}]
    doc["organisation"]["users"] = []
    doc["funds"], doc["criteria"], doc["need_areas"] = [], [], []
    doc["projects"] = []
    doc["calls"] = [{"key": "uppdrag-kultur", "title": "Igen", "kind": "direct",
                     "fund": "kulturfond", "opens": "2025-01-01", "closes": "2025-01-02",
                     "department": "kultur2"}]
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    # References resolve within the document only: the fund is refused too.
    assert [str(e) for e in caught.value.errors] == [
        "calls[0].fund: no fund has the key 'kulturfond'"]
    doc["funds"] = [{"key": "fond-2", "name": "Fond 2", "capital": "1.00"}]
    doc["calls"][0]["fund"] = "fond-2"
    with pytest.raises(ExchangeError) as caught:
        import_document(db, doc)
    db.rollback()
    assert [str(e) for e in caught.value.errors] == [
        "calls[0].key: a call with key 'uppdrag-kultur' already exists"]
    assert row_counts(db) == before


# --- the documented example ----------------------------------------------------------------


def _documented_example() -> dict:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- example: proposals[^>]*-->\n```json\n(.*?)\n```", text, re.S)
    assert match, "docs/format.md has no example of calls and proposals"
    return json.loads(match.group(1))


def test_the_example_in_the_format_description_is_what_an_export_writes(db):
    build_portfolio(db)
    doc = export_document(db)
    example = _documented_example()
    assert example["calls"] == [doc["calls"][0]]
    assert [list(c) for c in example["calls"]] == [list(doc["calls"][0])]
    falls = next(p for p in doc["projects"] if p["key"] == "fallprevention")
    (shown,) = example["projects"]
    assert shown == {key: falls[key] for key in shown}
    # The keys in the order the export writes them.
    assert list(shown) == [key for key in falls if key in shown]
    assert list(shown["target_group"]) == list(falls["target_group"])
    for key in ("screening", "feedback_letter"):
        assert list(shown[key]) == list(falls[key])
    assert [list(d) for d in shown["decisions"]] == [list(d) for d in falls["decisions"]]
