"""The follow-up page: every role reads it and downloads the template; the project's editors
set up reporting and keep values and hours."""

from tests.integration.permission_rules import ALL, EDITORS

RULES = {
    "projects.follow_up": {"GET": ALL},
    "projects.follow_up_template": {"GET": ALL},
    "projects.follow_up_reporting": {"GET": EDITORS, "POST": EDITORS},
    "projects.follow_up_value_add": {"POST": EDITORS},
    "projects.follow_up_value_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.follow_up_value_delete": {"GET": EDITORS, "POST": EDITORS},
    "projects.follow_up_import": {"POST": EDITORS},
    "projects.follow_up_resource_add": {"POST": EDITORS},
    "projects.follow_up_resource_edit": {"GET": EDITORS, "POST": EDITORS},
    "projects.follow_up_resource_delete": {"GET": EDITORS, "POST": EDITORS},
}
