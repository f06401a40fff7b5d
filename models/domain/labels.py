"""Labels of project attributes, as msgids for the translation layer."""

from __future__ import annotations

from models.domain import N_

PREVENTION_LABELS = {
    "universal": N_("Universal"),
    "targeted": N_("Targeted"),
    "indicated": N_("Indicated"),
}

LIFE_STAGE_LABELS = {
    "pregnancy_infancy": N_("Pregnancy and infancy (0–1)"),
    "early_childhood": N_("Early childhood (1–5)"),
    "school_age": N_("School age (6–12)"),
    "adolescence": N_("Adolescence (13–19)"),
    "young_adult": N_("Young adults (20–29)"),
    "adult": N_("Adults (30–64)"),
    "older": N_("Older people (65+)"),
}

NEED_STATUS_LABELS = {
    "raised": N_("Raised"),
    "verified": N_("Verified by data"),
    "anchored": N_("Anchored with decision makers"),
}

RAISED_BY_LABELS = {
    "department": N_("A department"),
    "school": N_("A school or preschool"),
    "authority": N_("A national authority (e.g. Socialstyrelsen, IVO)"),
    "police": N_("The police"),
    "civil_society": N_("Civil society"),
    "citizens": N_("Residents or users"),
    "other": N_("Other"),
}

DIMENSION_LABELS = {
    "sex": N_("Sex"),
    "age": N_("Age band"),
    "ses": N_("Socio-economic status"),
    "area": N_("Area"),
    "other": N_("Other factor"),
}

SOURCE_KIND_LABELS = {
    "national_report": N_("National report or statistics"),
    "own_system": N_("Own system"),
    "register": N_("Register"),
    "survey": N_("Survey"),
    "other": N_("Other"),
}

SOURCE_LEVEL_LABELS = {"individual": N_("Individual level"), "aggregate": N_("Aggregate level")}

QUALITATIVE_METHOD_LABELS = {
    "interview": N_("Interviews"),
    "focus_group": N_("Focus groups"),
    "observation": N_("Observation"),
    "user_survey": N_("User survey"),
    "other": N_("Other"),
}

CALL_KIND_LABELS = {
    "open": N_("Open call"),
    "need_based": N_("Call based on defined need areas"),
    "direct": N_("Direct assignment"),
}

SCREENING_STATUS_LABELS = {
    "pending": N_("Not yet screened"),
    "completion_requested": N_("Completion requested"),
    "passed": N_("Passed screening"),
    "set_aside": N_("Set aside"),
}

LEVEL_LABELS = {
    "low": N_("Low"),
    "medium": N_("Medium"),
    "high": N_("High"),
}

DECISION_BODY_LABELS = {
    "ks": N_("Municipal executive board (KS)"),
    "board": N_("Committee (nämnd)"),
    "management": N_("Management group on delegation"),
}

DECISION_OUTCOME_LABELS = {
    "prioritised": N_("Prioritised"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
}

FEEDBACK_STATUS_LABELS = {
    "draft": N_("Draft"),
    "sent": N_("Sent to the proposer"),
}
