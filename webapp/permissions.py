"""Who may do what: roles and project membership, checked on every route."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from models import Project, User
from models.domain.stages import Transition

EDITING_ROLES = ("coordinator", "project_leader")


def is_project_editor(user: User, project: Project) -> bool:
    """Return whether ``user`` may change the contents of ``project``."""
    if not user.is_authenticated or not user.active:
        return False
    if user.role == "coordinator":
        return True
    if user.role != "project_leader":
        return False
    if user.id in (project.leader_id, project.owner_id):
        return True
    return any(member.user_id == user.id for member in project.members)


def can_create_project(user: User) -> bool:
    return user.is_authenticated and user.role in EDITING_ROLES


def can_change_stage(user: User, project: Project, transition: Transition) -> bool:
    """Decisions need the steering group or the coordinator; other steps the project team."""
    if user.role == "coordinator":
        return True
    if transition.decision:
        return user.role == "steering"
    return is_project_editor(user, project)


def can_override_gate(user: User) -> bool:
    return user.role == "coordinator"


def roles_required(*roles: str) -> Callable:
    """Let only logged-in users with one of ``roles`` through; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def require(condition: bool) -> None:
    """Abort with 403 unless ``condition`` holds."""
    if not condition:
        abort(403)
