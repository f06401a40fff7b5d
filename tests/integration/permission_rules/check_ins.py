"""Participants and drop-outs, check-ins and the half-yearly report: every role reads them, the
project's editors write."""

from tests.integration.permission_rules import ALL, EDITORS

RULES = {
    "projects.participants": {"GET": ALL},
    "projects.participant_flow_add": {"POST": EDITORS},
    "projects.participant_flow_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.participant_flow_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.drop_out_add": {"POST": EDITORS},
    "projects.drop_out_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.drop_out_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.check_ins": {"GET": ALL},
    "projects.check_in_add": {"POST": EDITORS},
    "projects.check_in_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.check_in_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.half_year_report": {"GET": ALL},
    "projects.half_year_report_xlsx": {"GET": ALL},
}
