"""The guide's checklists (*Säkerställ följande*), one per component, per project.

Each item is either *derived* — the application sees it in the project's data — or *confirmed* by a
user with a date and a comment. A derived item whose component has no data model yet is reported as
``None`` (not assessable), never as done. A confirmation stored for an item that is derived
(an item that was confirmed before the application recorded its data) is ignored: the data decide.

The evaluation's results and component analysis derive two items here (``results_reported``,
``components_reported``); the implementation plan derives the rest of the last two components
(``models.domain.implementation.checklist_facts``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from models.domain import N_

COMPONENTS = ("needs", "strategic", "design", "follow_up", "evaluation", "scale_up")

COMPONENT_LABELS = {
    "needs": N_("Cross-sector needs analysis"),
    "strategic": N_("Strategic choice of initiatives"),
    "design": N_("Design of the initiative"),
    "follow_up": N_("Implementation and follow-up"),
    "evaluation": N_("Evaluation"),
    "scale_up": N_("Implementation and scale-up"),
}

#: The component whose checklist must be complete before a project may enter a stage.
GATES: dict[str, tuple[str, ...]] = {
    "prioritised": ("needs", "strategic"),
    "approved": ("needs", "strategic", "design"),
    "evaluation": ("follow_up",),
    "implementation": ("evaluation",),
    "closed": ("scale_up",),
}


@dataclass(frozen=True)
class ProjectFacts:
    """What the application knows about a project, for deriving checklist items.

    A fact that is ``None`` comes from a component that is not recorded in the application.
    """

    has_target_group: bool = False
    criteria_available: bool = False
    has_owner_and_leader: bool = False
    derived: Mapping[str, bool | None] = field(default_factory=dict)


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    component: str
    text: str
    derive: Callable[[ProjectFacts], bool | None] | None = None

    @property
    def derived(self) -> bool:
        return self.derive is not None


def _from(name: str) -> Callable[[ProjectFacts], bool | None]:
    def derive(facts: ProjectFacts) -> bool | None:
        return facts.derived.get(name)

    return derive


ITEMS: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "needs.verified",
        "needs",
        N_("One or more well-defined needs are identified and verified by quantitative "
           "and/or qualitative data."),
        _from("needs.verified"),
    ),
    ChecklistItem(
        "needs.target_group",
        "needs",
        N_("The needs analysis gives an idea of a target group for a future social investment."),
        lambda f: f.has_target_group,
    ),
    ChecklistItem(
        "needs.anchored",
        "needs",
        N_("The identified needs are communicated to and anchored with decision makers, "
           "managers and departments concerned."),
    ),
    ChecklistItem(
        "strategic.information",
        "strategic",
        N_("Information and anchoring of social investment as a working method has been "
           "done with the departments concerned before application or idea screening."),
    ),
    ChecklistItem(
        "strategic.simplified_model",
        "strategic",
        N_("A simplified logic model secures a red thread between long- and short-term goals, "
           "the activities needed to reach them and the resources the activities require."),
        _from("strategic.simplified_model"),
    ),
    ChecklistItem(
        "strategic.criteria",
        "strategic",
        N_("Criteria for how ideas are prioritised and valued are available to decision "
           "makers and departments."),
        lambda f: f.criteria_available,
    ),
    ChecklistItem(
        "design.groups",
        "design",
        N_("A cross-sector working group and a steering group are established."),
        _from("design.groups"),
    ),
    ChecklistItem(
        "design.detailed_logic",
        "design",
        N_("A detailed logic with purpose and goals, a plan for implementation, follow-up and "
           "evaluation, with indicators."),
        _from("design.detailed_logic"),
    ),
    ChecklistItem(
        "design.full_scale",
        "design",
        N_("An estimate of the social effects and costs at full implementation and scale-up."),
        _from("design.full_scale"),
    ),
    ChecklistItem(
        "design.management",
        "design",
        N_("A structure for project management and governance."),
        lambda f: f.has_owner_and_leader,
    ),
    ChecklistItem(
        "design.routines",
        "design",
        N_("Routines for governance and communication, including reporting and documentation "
           "of activities and process measures."),
        _from("design.routines"),
    ),
    ChecklistItem(
        "design.risk_analysis",
        "design",
        N_("A risk analysis with clear responsibilities."),
        _from("design.risk_analysis"),
    ),
    ChecklistItem(
        "follow_up.roles",
        "follow_up",
        N_("Roles and responsibilities of the steering group, project owner, project leader "
           "and project team during implementation are clarified."),
        _from("follow_up.roles"),
    ),
    ChecklistItem(
        "follow_up.channels",
        "follow_up",
        N_("Decision paths and communication channels, for anchoring as well as for spreading "
           "results and experience, are established."),
    ),
    ChecklistItem(
        "follow_up.check_ins",
        "follow_up",
        N_("Regular check-ins between the steering group or project owner and the project "
           "leader are planned."),
        _from("follow_up.check_ins"),
    ),
    ChecklistItem(
        "follow_up.measures",
        "follow_up",
        N_("The agreed process and outcome measures are registered continuously and followed "
           "up by the steering group or project owner."),
        _from("follow_up.measures"),
    ),
    ChecklistItem(
        "evaluation.results",
        "evaluation",
        N_("The outcomes of the initiative are reported against the chosen comparison."),
        _from("evaluation.results"),
    ),
    ChecklistItem(
        "evaluation.components",
        "evaluation",
        N_("The components that were successful and those that were deficient are reported, "
           "with possible causes."),
        _from("evaluation.components"),
    ),
    ChecklistItem(
        "evaluation.long_term",
        "evaluation",
        N_("A possible link between the effects of the initiative and likely long-term effects "
           "is presented."),
    ),
    ChecklistItem(
        "evaluation.implementation_plan",
        "evaluation",
        N_("An implementation plan, including the conditions for a possible scale-up."),
        _from("evaluation.implementation_plan"),
    ),
    ChecklistItem(
        "evaluation.communication",
        "evaluation",
        N_("Results and lessons are communicated and anchored within the organisation and with "
           "other actors concerned."),
    ),
    ChecklistItem(
        "scale_up.responsibility",
        "scale_up",
        N_("Responsibility for continued operation (ownership, organisation, financing and "
           "delivery) is clarified and anchored."),
        _from("scale_up.responsibility"),
    ),
    ChecklistItem(
        "scale_up.prerequisites",
        "scale_up",
        N_("The prerequisites for implementation (staff, training, premises etc.) are in place."),
    ),
    ChecklistItem(
        "scale_up.goals",
        "scale_up",
        N_("Goals and time frames for the implementation are clarified."),
        _from("scale_up.goals"),
    ),
    ChecklistItem(
        "scale_up.context",
        "scale_up",
        N_("The new context in which the results are implemented is described, with a plan for "
           "handling obstacles."),
        _from("scale_up.context"),
    ),
    ChecklistItem(
        "scale_up.follow_up",
        "scale_up",
        N_("The results of the implementation are followed up and compared with the results "
           "during the project period."),
        _from("scale_up.follow_up"),
    ),
)

ITEMS_BY_CODE = {item.code: item for item in ITEMS}


@dataclass(frozen=True)
class ItemStatus:
    item: ChecklistItem
    #: True: done; False: not done; None: derived from a component not recorded yet.
    done: bool | None
    confirmed: bool = False


@dataclass(frozen=True)
class ChecklistSummary:
    done: int
    total: int

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0


def evaluate_checklist(
    facts: ProjectFacts, confirmed_codes: frozenset[str] | set[str]
) -> list[ItemStatus]:
    """Return every checklist item with its status for one project, in the guide's order."""
    result = []
    for item in ITEMS:
        if item.derive is not None:
            result.append(ItemStatus(item, item.derive(facts)))
        else:
            confirmed = item.code in confirmed_codes
            result.append(ItemStatus(item, confirmed, confirmed=confirmed))
    return result


def results_reported(with_criterion: Iterable[str], compared: Iterable[str]) -> bool:
    """``evaluation.results``: the outcomes are reported against the chosen comparison.

    ``with_criterion`` are the outcome indicators with an agreed success criterion,
    ``compared`` the indicators whose result gives the comparison group's change. Done when at
    least one result is compared and every indicator with a criterion is among them.
    """
    compared = set(compared)
    return bool(compared) and set(with_criterion) <= compared


def components_reported(assessments: Iterable[tuple[str, str]]) -> bool:
    """``evaluation.components``: successful and deficient components with possible causes.

    ``assessments`` are (verdict, reason) pairs of the component analysis. Done when at least
    one component is judged (not ``undetermined``) and every judged component gives a reason.
    """
    judged = [reason for verdict, reason in assessments if verdict != "undetermined"]
    return bool(judged) and all(reason.strip() for reason in judged)


def summarise(statuses: list[ItemStatus]) -> ChecklistSummary:
    """Count the done items out of all items."""
    return ChecklistSummary(sum(1 for s in statuses if s.done), len(statuses))


def open_items_for_gate(statuses: list[ItemStatus], to_stage: str) -> list[ItemStatus]:
    """Return the items that are not done in the components gating entry to ``to_stage``."""
    components = GATES.get(to_stage, ())
    return [s for s in statuses if s.item.component in components and not s.done]
