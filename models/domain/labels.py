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
