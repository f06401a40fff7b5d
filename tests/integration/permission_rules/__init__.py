"""Permission expectations per area, merged into ``test_permissions.RULES``.

Each module of this package defines ``RULES``: endpoint -> {method: roles allowed}, with the role
sets below. An endpoint may be declared only once.
"""

import importlib
import pkgutil

ALL = {"coordinator", "steering", "project_leader", "viewer"}
COORD = {"coordinator"}
EDITORS = {"coordinator", "project_leader"}  # the project leader is a member of "own"


def collect() -> dict[str, dict[str, set[str] | str]]:
    rules: dict[str, dict[str, set[str] | str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for endpoint, methods in module.RULES.items():
            if endpoint in rules:
                raise AssertionError(f"{endpoint} is declared twice")
            rules[endpoint] = methods
    return rules
