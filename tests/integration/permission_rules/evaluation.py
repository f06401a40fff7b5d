"""The evaluation page, its editors and the final report (SPEC 3.9)."""

from tests.integration.permission_rules import ALL, EDITORS

RULES = {
    "projects.evaluation": {"GET": ALL},
    "projects.evaluation_result_add": {"POST": EDITORS},
    "projects.evaluation_result_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.evaluation_result_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.evaluation_stakeholder_add": {"POST": EDITORS},
    "projects.evaluation_stakeholder_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.evaluation_stakeholder_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.evaluation_component_add": {"POST": EDITORS},
    "projects.evaluation_component_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.evaluation_component_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.evaluation_economics": {"POST": EDITORS},
    "projects.evaluation_conclusions": {"POST": EDITORS},
    "projects.final_report": {"GET": ALL},
    "projects.final_report_xlsx": {"GET": ALL},
}
