"""Who may read and change the implementation plan and download its sheet."""

from tests.integration.permission_rules import ALL, EDITORS

RULES = {
    "projects.implementation": {"GET": ALL},
    "projects.implementation_xlsx": {"GET": ALL},
    "projects.implementation_plan_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.implementation_phase_add": {"POST": EDITORS},
    "projects.implementation_phase_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.implementation_phase_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.implementation_financing_add": {"POST": EDITORS},
    "projects.implementation_financing_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.implementation_financing_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.implementation_follow_up_add": {"POST": EDITORS},
    "projects.implementation_follow_up_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.implementation_follow_up_delete": {"GET": EDITORS, "POST": EDITORS},
}
