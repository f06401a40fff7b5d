"""Template filters for Swedish (and English) number, money and date formats."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import Flask, g
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
    get_locale,
    gettext,
)

from models.domain import N_
from models.domain.checklist import COMPONENT_LABELS
from models.domain.labels import (
    CALL_KIND_LABELS,
    DECISION_BODY_LABELS,
    DECISION_OUTCOME_LABELS,
    DIMENSION_LABELS,
    FEEDBACK_STATUS_LABELS,
    LEVEL_LABELS,
    LIFE_STAGE_LABELS,
    NEED_STATUS_LABELS,
    PREVENTION_LABELS,
    QUALITATIVE_METHOD_LABELS,
    RAISED_BY_LABELS,
    SCREENING_STATUS_LABELS,
    SOURCE_KIND_LABELS,
    SOURCE_LEVEL_LABELS,
)
from models.domain.ses import SES_VARIABLE_LABELS
from models.domain.stages import STAGE_LABELS


def money(value: Decimal | int | None, decimals: int = 0) -> str:
    """Format an amount in SEK: 1 234 567 kr."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"{format_decimal(value, format=pattern)}\u00a0kr"


def number(value: Decimal | int | float | None) -> str:
    if value is None:
        return "–"
    return format_decimal(value)


def measure(value: Decimal | int | None) -> str:
    """Format a measured value with up to four decimals: 0.5500 → 0,55."""
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0.####")


def percent(value: Decimal | float | None, decimals: int = 0) -> str:
    """Format a fraction as a percentage: 0.125 → 12,5 %."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "\u00a0%"
    return format_percent(value, format=pattern)


def day(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return format_datetime(value, "yyyy-MM-dd HH:mm")
    return format_date(value, "yyyy-MM-dd")


def stage_label(stage: str) -> str:
    return gettext(STAGE_LABELS.get(stage, stage))


def component_label(component: str) -> str:
    return gettext(COMPONENT_LABELS.get(component, component))


ROLE_LABELS = {
    "coordinator": N_("Coordinator"),
    "steering": N_("Steering group"),
    "project_leader": N_("Project leader"),
    "viewer": N_("Viewer"),
}


def role_label(role: str) -> str:
    return gettext(ROLE_LABELS.get(role, role))


def _is_demo() -> bool:
    from sqlalchemy import select

    from models import Organisation
    from webapp.db import get_session

    if "satsa_is_demo" not in g:
        g.satsa_is_demo = bool(get_session().scalar(select(Organisation.is_demo).limit(1)))
    return g.satsa_is_demo


def age_band(age_min: int | None, age_max: int | None) -> str:
    """Describe an age band: 6–12 år, 65+ år, upp till 18 år."""
    if age_min is None and age_max is None:
        return "–"
    if age_max is None:
        return gettext("%(min)d+ years", min=age_min)
    if age_min is None:
        return gettext("up to %(max)d years", max=age_max)
    return gettext("%(min)d–%(max)d years", min=age_min, max=age_max)


ENTITY_LABELS = {
    "project": N_("Initiative"),
    "project_member": N_("Member"),
    "stage_change": N_("Stage change"),
    "checklist_confirmation": N_("Checklist item"),
    "score": N_("Score"),
    "department": N_("Department"),
    "fund": N_("Fund"),
    "ledger_entry": N_("Ledger entry"),
    "criterion": N_("Criterion"),
    "user_account": N_("User"),
    "organisation": N_("Organisation"),
    "logic_model": N_("Logic model"),
    "logic_element": N_("Logic-model element"),
    "logic_indicator": N_("Indicator"),
    "logic_link": N_("Logic-model link"),
    "need_area": N_("Need area"),
    "need_indicator": N_("Key indicator"),
    "indicator_breakdown": N_("Breakdown"),
    "need_data_source": N_("Data source"),
    "need_qualitative_source": N_("Qualitative source"),
    "ses_analysis": N_("Socio-economic index"),
    "flow_analysis": N_("Flow analysis"),
    "call": N_("Call"),
    "call_question": N_("Question of the call"),
    "proposal_answer": N_("Answer to the call's question"),
    "screening": N_("Screening"),
    "must_check": N_("Must-criterion check"),
    "feedback_letter": N_("Feedback letter"),
    "decision": N_("Decision"),
    "score_submission": N_("Submitted scores"),
    "planned_flow": N_("Planned flow"),
    "evaluation_plan": N_("Evaluation plan"),
    "indicator_expectation": N_("Expected effect and success criterion"),
    "risk_scale_setting": N_("Risk matrix settings"),
    "risk": N_("Risk"),
    "risk_snapshot": N_("Risk matrix snapshot"),
    "stop_criterion": N_("Stop criterion"),
    "project_person": N_("Person in the organisation"),
    "reporting_plan": N_("Reporting plan"),
    "reporting_item": N_("Reported activity"),
    "planned_check_in": N_("Planned check-in"),
    "communication_item": N_("Communication plan item"),
    "unit_cost": N_("Unit cost"),
    "price_index_point": N_("Price index"),
    "optimism_grade": N_("Optimism reduction"),
    "project_economics": N_("Economic settings"),
    "budget_line": N_("Budget line"),
    "benefit_line": N_("Benefit line"),
    "indicator_reporting": N_("Reporting of an indicator"),
    "indicator_value": N_("Indicator value"),
    "participant_flow": N_("Participants"),
    "drop_out": N_("Drop-out"),
    "resource_use": N_("Resource use"),
    "check_in": N_("Check-in"),
    "check_in_decision": N_("Check-in decision"),
    "evaluation_result": N_("Evaluation result"),
    "stakeholder": N_("Stakeholder"),
    "component_assessment": N_("Component assessment"),
    "project_evaluation": N_("Evaluation"),
    "implementation_plan": N_("Implementation plan"),
    "implementation_phase": N_("Implementation phase"),
    "implementation_financing": N_("Financing share"),
    "implementation_follow_up": N_("Result after implementation"),
}
FIELD_LABELS = {
    "title": N_("Title"),
    "name": N_("Name"),
    "key": N_("Key"),
    "stage": N_("Stage"),
    "need_description": N_("Need"),
    "ordinary_practice": N_("Ordinary practice"),
    "target_description": N_("Target group"),
    "age_min": N_("Age from"),
    "age_max": N_("Age to"),
    "life_stage": N_("Life stage"),
    "prevention_level": N_("Prevention level"),
    "size_total": N_("Size of the whole target group"),
    "size_reached": N_("Part reached by the initiative"),
    "fund": N_("Fund"),
    "fund_id": N_("Fund"),
    "start": N_("Start date"),
    "end": N_("End date"),
    "budget_request": N_("Budget request"),
    "owner": N_("Project owner"),
    "owner_id": N_("Project owner"),
    "leader": N_("Project leader"),
    "leader_id": N_("Project leader"),
    "departments": N_("Departments"),
    "user": N_("User"),
    "user_id": N_("User"),
    "email": N_("E-mail address"),
    "role": N_("Role"),
    "locale": N_("Language"),
    "active": N_("Active"),
    "capital": N_("Capital"),
    "central_risk_share": N_("Central risk share"),
    "rules": N_("Rules (repayment, risk sharing, what may be financed)"),
    "item": N_("Checklist item"),
    "confirmed_on": N_("Confirmed on"),
    "comment": N_("Comment"),
    "reason": N_("Reason"),
    "from_stage": N_("From"),
    "to_stage": N_("To"),
    "gate_override": N_("Gate passed with open items"),
    "purpose": N_("Overall purpose"),
    "baseline_at": N_("Baseline frozen"),
    "baseline_by": N_("Baseline frozen by"),
    "level": N_("Level"),
    "position": N_("Position"),
    "text": N_("Text"),
    "assumptions": N_("Assumptions and threats"),
    "element": N_("Element"),
    "kind": N_("Kind"),
    "data_source": N_("Data source"),
    "data_source_kind": N_("Kind of data source"),
    "data_level": N_("Level of the data"),
    "unit": N_("Unit"),
    "baseline": N_("Baseline"),
    "target": N_("Target"),
    "horizon_months": N_("Time horizon (months after the start)"),
    "source": N_("Source"),
    "outcome": N_("Outcome that must improve"),
    "target_group": N_("Idea of a target group"),
    "raised_by_kind": N_("Raised by (kind)"),
    "raised_by": N_("Raised by (who)"),
    "department": N_("Department"),
    "department_id": N_("Department"),
    "status": N_("Status"),
    "year": N_("Year"),
    "value": N_("Value"),
    "comparison_value": N_("Comparison value"),
    "comparison_label": N_("Compared with"),
    "dimension": N_("Background factor"),
    "category": N_("Category"),
    "holder": N_("Held by"),
    "legal_limits": N_("Legal limits on combining the data"),
    "note": N_("Note"),
    "method": N_("Method"),
    "conducted_on": N_("Date"),
    "participants": N_("Participants"),
    "summary": N_("Summary"),
    "outcome_label": N_("Outcome per area"),
    "name_property": N_("Property naming the area in the GeoJSON"),
    "period": N_("Period"),
    "need_areas": N_("Need areas"),
    "diagnosis": N_("Diagnosis or problem"),
    "risk_factor": N_("Risk factor"),
    "geography": N_("Geography"),
    "current_intervention": N_("Current intervention"),
    "call_id": N_("Call"),
    "opens": N_("Opens"),
    "closes": N_("Closes"),
    "decision_expected": N_("Decision expected"),
    "description": N_("Description"),
    "guidance": N_("Guidance"),
    "required": N_("Required"),
    "completion_request": N_("Completion requested"),
    "requested_at": N_("Requested at"),
    "completed_at": N_("Completed at"),
    "risk_level": N_("Risk level"),
    "complexity": N_("Complexity"),
    "screened_by": N_("Screened by"),
    "screened_at": N_("Screened at"),
    "passed": N_("Passed"),
    "opening": N_("Opening"),
    "strengths": N_("Strengths"),
    "weaknesses": N_("Weaknesses"),
    "improvements": N_("What to improve"),
    "closing": N_("Closing"),
    "signed_by": N_("Signed by"),
    "sent_at": N_("Sent at"),
    "sent_by": N_("Sent by"),
    "body": N_("Decided by"),
    "body_name": N_("Name of the deciding body"),
    "decided_on": N_("Decision date"),
    "reference": N_("Reference (§ or case number)"),
    "amount": N_("Amount"),
    "conditions": N_("Conditions"),
    "scores_open": N_("Scores opened"),
    # The organisation page (project_person, reporting_plan, reporting_item, planned_check_in,
    # communication_item); "role", "name" and "position" are labelled above.
    "affiliation": N_("Department or organisation"),
    "task": N_("Task and responsibility"),
    "escalation": N_("Unexpected obstacles: who raises them, to whom and when"),
    "other_resources": N_("Resources other actors contribute"),
    "check_in_months": N_("Check-ins every (months)"),
    "activity": N_("Activity"),
    "frequency": N_("How often it is reported"),
    "done_by": N_("Who carries it out"),
    "reported_by": N_("Who reports it"),
    "done_when": N_("What counts as a completed activity"),
    "resources": N_("Resources the activity needs"),
    "planned_on": N_("Date"),
    "topic": N_("Topic"),
    "audience": N_("Who"),
    "message": N_("What information"),
    "timing": N_("When"),
    "channel": N_("How (channel or forum)"),
    "responsible": N_("Responsible"),
    # The evaluation plan (evaluation_plan, indicator_expectation); "outcome" and "power" share
    # their labels with other entities.
    "comparison": N_("Comparison alternative"),
    "comparison_details": N_("What the comparison alternative needs"),
    "guided_answers": N_("Answers to the guided questions"),
    "baseline_proportion": N_("Baseline proportion"),
    "sd": N_("Standard deviation (σ)"),
    "expected_effect": N_("Expected effect"),
    "alpha": N_("Significance level (α)"),
    "power": N_("Power (1 − β)"),
    "n_intervention": N_("Planned intervention group (people)"),
    "n_comparison": N_("Planned comparison group (people)"),
    "power_indicator": N_("Indicator the calculation concerns"),
    "power_indicator_id": N_("Indicator the calculation concerns"),
    "evaluator_kind": N_("Evaluator"),
    "evaluator": N_("Name of the evaluator"),
    "evaluator_contacted_on": N_("Evaluator contacted on"),
    "evaluation_budget": N_("Evaluation budget (kr)"),
    "effect_measured_on": N_("Effects measured on"),
    "baseline_plan": N_("Baseline measurement plan"),
    "indicator": N_("Indicator"),
    "indicator_id": N_("Indicator"),
    "basis": N_("Basis"),
    "basis_note": N_("Basis and local adaptations"),
    "min_effect": N_("Success criterion (smallest effect that counts as success)"),
    "agreed_by": N_("Agreed by (owner and steering group)"),
    "agreed_on": N_("Agreed on"),
    "likelihood": N_("Likelihood"),
    "impact": N_("Impact"),
    "action": N_("Action"),
    "review_on": N_("Review date"),
    "harms_individual": N_("Risk of negative effects for the individual"),
    "element_id": N_("Logic-model element"),
    "threshold": N_("Threshold"),
    "likelihood_max": N_("Levels of likelihood"),
    "impact_max": N_("Levels of impact"),
    "likelihood_labels": N_("Likelihood labels"),
    "impact_labels": N_("Impact labels"),
    "low_max": N_("Highest score of the low band"),
    "medium_max": N_("Highest score of the medium band"),
    "colours": N_("Colours"),
    "created_by": N_("Saved by"),
    "taken_at": N_("Taken at"),
    "data": N_("Contents"),
    "actor": N_("Actor"),
    "month": N_("Month"),
    "phase": N_("Phase"),
    "price_year": N_("Price year"),
    "local_amount": N_("Local amount"),
    "confidence": N_("Confidence grade"),
    "is_example": N_("Example value"),
    "discount_rate": N_("Discount rate"),
    "sensitivity_factor": N_("One-way variation"),
    "mc_ranges": N_("Monte Carlo ranges"),
    "mc_seed": N_("Seed"),
    "mc_draws": N_("Number of draws"),
    "mc_result": N_("Monte Carlo result"),
    "mc_fingerprint": N_("Figures the Monte Carlo run was made on"),
    "mc_run_at": N_("Monte Carlo run at"),
    "people_source": N_("How the number of people is given"),
    "people": N_("People affected"),
    "units_per_person": N_("Units per person and year"),
    "first_year": N_("First year"),
    "years": N_("Number of years"),
    "deadweight": N_("Deadweight"),
    "attribution": N_("Attribution"),
    "drop_off": N_("Drop-off per year"),
    "evidence_years": N_("Evidence (years)"),
    "unit_cost_id": N_("Unit cost"),
    "grade": N_("Grade"),
    "share": N_("Share removed"),
    "first_period": N_("First period"),
    "planned": N_("Planned"),
    "actual": N_("Actual"),
    "recorded_at": N_("Recorded at"),
    "recorded_by": N_("Recorded by"),
    "risk_profile": N_("Risk profile"),
    "eligible": N_("Eligible"),
    "enrolled": N_("Enrolled"),
    "left_on": N_("Left on"),
    "reason_kind": N_("Kind of reason"),
    "possible_harm": N_("Possible harm"),
    "investigated_on": N_("Investigated on"),
    "investigation": N_("Investigation"),
    "competence": N_("Competence"),
    "planned_hours": N_("Planned hours"),
    "actual_hours": N_("Actual hours"),
    "held_on": N_("Held on"),
    "planned_id": N_("Scheduled check-in"),
    "notes": N_("Notes"),
    "check_in_id": N_("Check-in"),
    "decision": N_("Decision"),
    "prompt": N_("Prompted by"),
    "drop_out_id": N_("Drop-out"),
    "signal_code": N_("Signal"),
    "prompted_by": N_("What prompted it"),
    "goal": N_("Goal"),
    "intervention_change": N_("Change in the intervention group"),
    "comparison_change": N_("Change in the comparison group"),
    "intervention_before": N_("Intervention group before"),
    "intervention_after": N_("Intervention group after"),
    "comparison_before": N_("Comparison group before"),
    "comparison_after": N_("Comparison group after"),
    "change_kind": N_("Kind of change"),
    "connection": N_("Connection to the initiative"),
    "information": N_("Information they have"),
    "verdict": N_("Verdict"),
    "actual_cost": N_("Actual cost"),
    "observed_cost_change": N_("Observed change in costs"),
    "observed_months": N_("Observed over (months)"),
    "observed_cost_note": N_("About the observed costs"),
    "judged_success": N_("Judged a success"),
    "conclusion": N_("Conclusion"),
    "causes": N_("Components and possible causes"),
    "long_term_link": N_("Link to long-term effects"),
    "lessons": N_("Lessons"),
    "communication": N_("Communication of results"),
    "report_date": N_("Report date"),
    "annual_cost": N_("Annual cost at full scale"),
    "cost_note": N_("What the cost covers"),
    "annual_saving": N_("Annual saving at full scale"),
    "rollout": N_("Rollout"),
    "starts_on": N_("Starts on"),
    "ends_on": N_("Ends on"),
    "financing_kind": N_("Financing"),
    "replaces": N_("What it replaces"),
    "ownership": N_("Ownership"),
    "delivery": N_("Delivery"),
    "organisation": N_("Organisation"),
    "forums": N_("Forums"),
    "prerequisites": N_("Prerequisites"),
    "new_context": N_("Differences in the new context"),
    "obstacles": N_("Plan for obstacles"),
    "follow_up_date": N_("Follow-up date"),
    "follow_up_summary": N_("Results after implementation"),
    "units": N_("Units"),
    "coverage": N_("Coverage"),
    "project_change": N_("Change in the project period"),
    "after_change": N_("Change after implementation"),
    "measured_on": N_("Measured on"),
}
ACTION_LABELS = {"create": N_("created"), "update": N_("changed"), "delete": N_("removed")}


def period(start: date | None, end: date | None) -> str:
    """Describe a period: 2025-01-01 – 2027-12-31, or a dash when neither end is known."""
    if start is None and end is None:
        return "–"
    return f"{day(start)} – {day(end)}"


LEDGER_KIND_LABELS = {
    "allocation": N_("Allocation"),
    "disbursement": N_("Disbursement"),
    "repayment": N_("Repayment"),
}


def _label_filter(labels: dict[str, str]):
    """A template filter that shows an enumeration value by its translated label (– for none)."""
    return lambda value: gettext(labels[value]) if value in labels else "–"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        period=period,
        entity_label=lambda e: gettext(ENTITY_LABELS.get(e, e)),
        action_label=lambda a: gettext(ACTION_LABELS.get(a, a)),
        field_label=lambda f: gettext(FIELD_LABELS[f]) if f in FIELD_LABELS else f,
        age_band=age_band,
        current_locale=lambda: str(get_locale() or "sv"),
        role_label=role_label,
        is_demo=_is_demo,
    )
    app.jinja_env.filters.update(
        money=money,
        number=number,
        measure=measure,
        percent=percent,
        day=day,
        stage=stage_label,
        component=component_label,
        role=role_label,
        prevention=_label_filter(PREVENTION_LABELS),
        life_stage=_label_filter(LIFE_STAGE_LABELS),
        need_status=_label_filter(NEED_STATUS_LABELS),
        raised_by=_label_filter(RAISED_BY_LABELS),
        dimension=_label_filter(DIMENSION_LABELS),
        source_kind=_label_filter(SOURCE_KIND_LABELS),
        source_level=_label_filter(SOURCE_LEVEL_LABELS),
        qualitative_method=_label_filter(QUALITATIVE_METHOD_LABELS),
        ses_variable=_label_filter(SES_VARIABLE_LABELS),
        ledger_kind=_label_filter(LEDGER_KIND_LABELS),
        call_kind=_label_filter(CALL_KIND_LABELS),
        screening_status=_label_filter(SCREENING_STATUS_LABELS),
        level=_label_filter(LEVEL_LABELS),
        decision_body=_label_filter(DECISION_BODY_LABELS),
        decision_outcome=_label_filter(DECISION_OUTCOME_LABELS),
        feedback_status=_label_filter(FEEDBACK_STATUS_LABELS),
        correlation=lambda r: format_decimal(round(r, 2), format="0.00") if r is not None else "–",
        tr=gettext,
    )
