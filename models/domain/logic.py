"""The logic model (*logikmodell*) as a directed graph, and the checks of its red thread.

A model is plain data: elements on four levels (resources → activities → short-term outcomes →
long-term goals), indicators on the elements, and links between elements. ``check`` builds a
networkx ``DiGraph`` from it and reports findings with the codes of the exchange format. Every
check is linear in the number of elements and links, so a model of 10 000 elements is checked in
well under a second.

The simplified model (no indicators yet, the guide's figure 7) is checked for its structure only;
once any element has an indicator the model is detailed (figure 8) and the indicator checks apply.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import networkx as nx

from models.domain import N_

#: The levels in the order of the red thread.
LEVELS = ("resource", "activity", "short_term", "long_term")
RANK = {level: rank for rank, level in enumerate(LEVELS)}
#: Key prefixes of new elements per level (r1, a1, s1, g1).
KEY_PREFIX = {"resource": "r", "activity": "a", "short_term": "s", "long_term": "g"}
INDICATOR_KINDS = ("process", "outcome")
UNITS = ("count", "percent", "sek", "score")
#: Kinds of data source named by the guide.
DATA_SOURCE_KINDS = ("register", "administrative", "own_survey", "validated_instrument")
#: Individual-level data is preferred over aggregates.
DATA_LEVELS = ("individual", "aggregate")

#: Names shown to users (translated when shown).
LEVEL_LABELS = {
    "resource": N_("Resources"),
    "activity": N_("Activities"),
    "short_term": N_("Short-term outcomes"),
    "long_term": N_("Long-term goals"),
}
#: The name of one element of each level.
LEVEL_SINGULAR = {
    "resource": N_("Resource"),
    "activity": N_("Activity"),
    "short_term": N_("Short-term outcome"),
    "long_term": N_("Long-term goal"),
}
INDICATOR_KIND_LABELS = {"process": N_("Process measure"), "outcome": N_("Outcome indicator")}
UNIT_LABELS = {"count": N_("Count"), "percent": N_("Percent"), "sek": N_("SEK"),
               "score": N_("Score")}
DATA_SOURCE_KIND_LABELS = {
    "register": N_("Register"),
    "administrative": N_("Administrative data"),
    "own_survey": N_("Own survey"),
    "validated_instrument": N_("Validated instrument"),
}
DATA_LEVEL_LABELS = {"individual": N_("Individual level"), "aggregate": N_("Aggregate level")}
SEVERITY_LABELS = {"error": N_("Error"), "warning": N_("Warning")}

#: Longest element text and indicator name a user may enter.
MAX_TEXT = 1000
MAX_NAME = 300

ERROR = "error"
WARNING = "warning"

#: Every finding code with its severity; ``structural`` codes also apply to the simplified model.
CODES: dict[str, tuple[str, bool]] = {
    "isolated_element": (ERROR, True),
    "no_activity": (ERROR, True),
    "no_outcome": (ERROR, True),
    "no_goal": (ERROR, True),
    "unreached_goal": (ERROR, True),
    "no_resource": (WARNING, True),
    "cycle": (ERROR, True),
    "backward_link": (ERROR, True),
    "same_level_link": (WARNING, True),
    "skipped_level": (WARNING, True),
    "duplicate_element": (WARNING, True),
    "missing_indicator": (ERROR, False),
    "missing_data_source": (ERROR, False),
    "missing_process_measure": (ERROR, False),
    "missing_horizon": (WARNING, False),
}
STRUCTURAL_CODES = frozenset(code for code, (_s, structural) in CODES.items() if structural)

#: A short title of each finding.
TITLES: dict[str, str] = {
    "isolated_element": N_("Isolated element"),
    "no_activity": N_("Resource feeds no activity"),
    "no_outcome": N_("Activity leads to no outcome"),
    "no_goal": N_("Outcome leads to no goal"),
    "unreached_goal": N_("Goal not reached from a resource"),
    "no_resource": N_("No resource feeds the element"),
    "cycle": N_("Cycle"),
    "backward_link": N_("Backward link"),
    "same_level_link": N_("Link within a level"),
    "skipped_level": N_("Link skips a level"),
    "duplicate_element": N_("Duplicate element"),
    "missing_indicator": N_("Outcome without indicator"),
    "missing_data_source": N_("Indicator without data source"),
    "missing_process_measure": N_("Activity without process measure"),
    "missing_horizon": N_("Goal without time horizon"),
}

#: What each finding means and how to fix it, in plain language (translated when shown).
FIXES: dict[str, str] = {
    "isolated_element": N_("This element is not linked to anything. Link it to the elements it "
                           "feeds or is fed by, or delete it."),
    "no_activity": N_("This resource feeds no activity. Link it to the activity it makes "
                      "possible, or delete it."),
    "no_outcome": N_("This activity leads to no short-term outcome. Link it to the result it is "
                     "meant to bring about."),
    "no_goal": N_("This short-term outcome leads to no long-term goal. Link it to the goal it "
                  "contributes to."),
    "unreached_goal": N_("No chain of links leads from a resource to this long-term goal. Link "
                         "the activities and outcomes that lead to it."),
    "no_resource": N_("No resource feeds this element. Link the resources that make it "
                      "possible."),
    "cycle": N_("These elements link to each other in a circle. A logic model goes one way, from "
                "resources to goals: remove one of the links."),
    "backward_link": N_("This link goes backwards, to an earlier level. Links go from resources "
                        "towards goals: remove it or link the other way."),
    "same_level_link": N_("This link joins two elements on the same level. Check whether one of "
                          "them belongs on the next level."),
    "skipped_level": N_("This link skips a level. Name the activity or outcome in between, so "
                        "that the chain can be followed up."),
    "duplicate_element": N_("Another element on this level has the same text. Merge them or make "
                            "the difference clear."),
    "missing_indicator": N_("This outcome has no outcome indicator. Say how it will be measured "
                            "(what, in which unit, baseline and target)."),
    "missing_data_source": N_("This indicator has no data source. Name the register, "
                              "administrative data, survey or instrument the values come from."),
    "missing_process_measure": N_("This activity has no process measure. Add one, such as "
                                  "'number of sessions held' or 'share of invited who took "
                                  "part'."),
    "missing_horizon": N_("This long-term goal's indicator has no time horizon. Say when the "
                          "effect is to be measured (months after the start)."),
}


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    kind: str = "outcome"
    data_source: str = ""
    unit: str | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    horizon_months: int | None = None
    data_source_kind: str | None = None
    data_level: str | None = None


@dataclass(frozen=True)
class Element:
    key: str
    level: str
    text: str
    indicators: tuple[Indicator, ...] = ()
    assumptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    source: str
    target: str


@dataclass(frozen=True)
class Model:
    """A logic model; ``elements`` in display order (level, then position)."""

    elements: tuple[Element, ...] = ()
    links: tuple[Link, ...] = ()
    purpose: str = ""

    @property
    def detailed(self) -> bool:
        """A model is detailed once any element has an indicator."""
        return any(element.indicators for element in self.elements)

    def element(self, key: str) -> Element | None:
        return next((e for e in self.elements if e.key == key), None)


@dataclass(frozen=True)
class Finding:
    code: str
    #: The element the finding concerns (the link's source for link findings); None for the model.
    element: str | None
    #: Other elements involved: the link's target, the cycle's members, the first duplicate.
    related: tuple[str, ...] = ()
    #: The indicator an indicator finding is about.
    detail: str | None = None

    @property
    def severity(self) -> str:
        return CODES[self.code][0]

    @property
    def fix(self) -> str:
        return FIXES[self.code]

    @property
    def title(self) -> str:
        return TITLES[self.code]


class ModelError(ValueError):
    """A model that cannot be a logic model at all: a bad level, key or link."""

    def __init__(self, field: str, message: str, **params: object):
        super().__init__(message % params if params else message)
        self.field = field
        self.message = message
        self.params = params


def validate_structure(model: Model) -> None:
    """Raise ModelError when an element has an unknown level or a repeated key, or a link points
    to a missing element or to itself. The checks (``check``) assume a model that passes."""
    keys: set[str] = set()
    indicator_keys: set[str] = set()
    for element in model.elements:
        if element.level not in RANK:
            raise ModelError("level", N_("'%(level)s' is not a level of the logic model"),
                             level=element.level)
        if element.key in keys:
            raise ModelError("key", N_("the element key '%(key)s' is used twice"), key=element.key)
        keys.add(element.key)
        if not element.text.strip():
            raise ModelError("text", N_("element '%(key)s' has no text"), key=element.key)
        if len(element.text) > MAX_TEXT:
            raise ModelError("text", N_("the text is longer than %(max)s characters"),
                             max=MAX_TEXT)
        for indicator in element.indicators:
            if indicator.key in indicator_keys:
                raise ModelError("indicator", N_("the indicator key '%(key)s' is used twice"),
                                 key=indicator.key)
            indicator_keys.add(indicator.key)
            if indicator.kind not in INDICATOR_KINDS:
                raise ModelError("kind", N_("'%(kind)s' is not a kind of indicator"),
                                 kind=indicator.kind)
    seen: set[tuple[str, str]] = set()
    for link in model.links:
        for end in (link.source, link.target):
            if end not in keys:
                raise ModelError("link", N_("the link refers to '%(key)s', which is not an "
                                            "element of the model"), key=end)
        if link.source == link.target:
            raise ModelError("link", N_("an element cannot link to itself"))
        if (link.source, link.target) in seen:
            raise ModelError("link", N_("the link from '%(source)s' to '%(target)s' is given "
                                        "twice"), source=link.source, target=link.target)
        seen.add((link.source, link.target))


def build_graph(model: Model) -> nx.DiGraph:
    """Return the model as a DiGraph: nodes are element keys with ``level`` and ``rank``."""
    graph = nx.DiGraph()
    for position, element in enumerate(model.elements):
        graph.add_node(element.key, level=element.level, rank=RANK[element.level],
                       position=position)
    graph.add_edges_from((link.source, link.target) for link in model.links)
    return graph


def forward_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Return the subgraph of links that go to a later level (always acyclic)."""
    ranks = graph.nodes(data="rank")
    forward = nx.DiGraph()
    forward.add_nodes_from(graph.nodes(data=True))
    forward.add_edges_from((u, v) for u, v in graph.edges if ranks[v] > ranks[u])
    return forward


def _reach(graph: nx.DiGraph, sources: Iterable[str], *, backwards: bool = False) -> set[str]:
    """Return every node reachable from ``sources`` (one breadth-first search for all of them)."""
    step = graph.predecessors if backwards else graph.successors
    seen = set(sources)
    queue = deque(seen)
    while queue:
        node = queue.popleft()
        for nxt in step(node):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def check(model: Model) -> list[Finding]:
    """Return the findings of ``model`` in a stable order (by element order, then code)."""
    graph = build_graph(model)
    ranks = graph.nodes(data="rank")
    findings: list[Finding] = []
    order = {element.key: i for i, element in enumerate(model.elements)}

    isolated = {node for node in graph if graph.degree(node) == 0}
    findings += [Finding("isolated_element", key) for key in isolated]

    forward = forward_graph(graph)
    from_resources = _reach(forward, (n for n in graph if ranks[n] == 0))
    to_goals = _reach(forward, (n for n in graph if ranks[n] == len(LEVELS) - 1), backwards=True)
    missing_successor = {0: "no_activity", 1: "no_outcome", 2: "no_goal"}
    for node in graph:
        if node in isolated:
            continue
        rank = ranks[node]
        if rank in missing_successor and forward.out_degree(node) == 0:
            findings.append(Finding(missing_successor[rank], node))
        if rank == len(LEVELS) - 1 and node not in from_resources:
            findings.append(Finding("unreached_goal", node))
        elif 0 < rank < len(LEVELS) - 1 and node not in from_resources and node in to_goals:
            # A link into it is missing although it leads on; elements that lead nowhere
            # already have their own finding.
            findings.append(Finding("no_resource", node))

    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            members = sorted(component, key=order.__getitem__)
            findings.append(Finding("cycle", members[0], tuple(members[1:])))
    for source, target in graph.edges:
        step = ranks[target] - ranks[source]
        if step < 0:
            findings.append(Finding("backward_link", source, (target,)))
        elif step == 0:
            findings.append(Finding("same_level_link", source, (target,)))
        elif step > 1:
            findings.append(Finding("skipped_level", source, (target,)))

    first_with_text: dict[tuple[str, str], str] = {}
    for element in model.elements:
        text = (element.level, _normalised(element.text))
        if text in first_with_text:
            findings.append(Finding("duplicate_element", element.key, (first_with_text[text],)))
        else:
            first_with_text[text] = element.key

    if model.detailed:
        findings += _indicator_findings(model)

    findings.sort(key=lambda f: (order.get(f.element, -1) if f.element else -1,
                                 list(CODES).index(f.code), f.related, f.detail or ""))
    return findings


def _indicator_findings(model: Model) -> Iterator[Finding]:
    for element in model.elements:
        kinds = Counter(indicator.kind for indicator in element.indicators)
        if element.level == "activity" and not kinds["process"]:
            yield Finding("missing_process_measure", element.key)
        if element.level in ("short_term", "long_term") and not kinds["outcome"]:
            yield Finding("missing_indicator", element.key)
        for indicator in element.indicators:
            if not indicator.data_source.strip():
                yield Finding("missing_data_source", element.key, detail=indicator.key)
            if (element.level == "long_term" and indicator.kind == "outcome"
                    and indicator.horizon_months is None):
                yield Finding("missing_horizon", element.key, detail=indicator.key)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def has_red_thread(model: Model, findings: Sequence[Finding] | None = None) -> bool:
    """Whether the model has every level and no structural error (warnings are allowed)."""
    if {element.level for element in model.elements} != set(LEVELS):
        return False
    findings = check(model) if findings is None else findings
    return not any(f.severity == ERROR and f.code in STRUCTURAL_CODES for f in findings)


def detailed_complete(model: Model, findings: Sequence[Finding] | None = None) -> bool:
    """Whether the model is detailed and has no error at all."""
    if not model.detailed or not has_red_thread(model, findings):
        return False
    findings = check(model) if findings is None else findings
    return not errors(findings)


@dataclass(frozen=True)
class Chains:
    """The part of the model on chains from a resource to a goal through one element."""

    element: str
    nodes: frozenset[str]
    edges: frozenset[tuple[str, str]]
    #: Up to ``limit`` complete chains as lists of keys, resource first.
    paths: tuple[tuple[str, ...], ...]
    #: Whether there are more chains than ``paths`` lists.
    truncated: bool


def chains_through(model: Model, key: str, limit: int = 20) -> Chains:
    """Return the chains (resource → … → goal, forward links only) that pass through ``key``;
    none when ``key`` is not an element of the model."""
    graph = forward_graph(build_graph(model))
    if key not in graph:
        return Chains(key, frozenset(), frozenset(), (), False)
    ranks = graph.nodes(data="rank")
    top = len(LEVELS) - 1
    up = _reach(graph, [key], backwards=True)
    down = _reach(graph, [key])
    from_resources = _reach(graph.subgraph(up), (n for n in up if ranks[n] == 0))
    to_goals = _reach(graph.subgraph(down), (n for n in down if ranks[n] == top), backwards=True)
    if key not in from_resources or key not in to_goals:
        return Chains(key, frozenset(), frozenset(), (), False)
    nodes = (from_resources | to_goals)
    edges = frozenset((u, v) for u, v in graph.subgraph(nodes).edges
                      if (u in from_resources and v in from_resources)
                      or (u in to_goals and v in to_goals))
    paths: list[tuple[str, ...]] = []
    truncated = False
    for head in _paths(graph, from_resources, key, backwards=True):
        for tail in _paths(graph, to_goals, key):
            if len(paths) == limit:
                truncated = True
                break
            paths.append(tuple(reversed(head)) + tuple(tail[1:]))
        if truncated:
            break
    return Chains(key, frozenset(nodes), edges, tuple(paths), truncated)


def _paths(graph: nx.DiGraph, allowed: set[str], start: str, *,
           backwards: bool = False) -> Iterator[list[str]]:
    """Yield the paths from ``start`` to the end level within ``allowed`` (depth first)."""
    step = graph.predecessors if backwards else graph.successors
    end = 0 if backwards else len(LEVELS) - 1
    ranks = graph.nodes(data="rank")
    stack: list[list[str]] = [[start]]
    while stack:
        path = stack.pop()
        nexts = [n for n in step(path[-1]) if n in allowed]
        if ranks[path[-1]] == end:
            yield path
        for node in reversed(nexts):
            stack.append(path + [node])


@dataclass(frozen=True)
class ElementChange:
    key: str
    #: Names of the changed parts: level, text, indicators, assumptions.
    parts: tuple[str, ...]
    before: Element
    after: Element


@dataclass(frozen=True)
class ModelDiff:
    added: tuple[Element, ...] = ()
    removed: tuple[Element, ...] = ()
    changed: tuple[ElementChange, ...] = ()
    links_added: tuple[Link, ...] = ()
    links_removed: tuple[Link, ...] = ()
    purpose_changed: bool = False

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.links_added
                    or self.links_removed or self.purpose_changed)


def diff(baseline: Model, current: Model) -> ModelDiff:
    """Return what changed from ``baseline`` to ``current``, element by element (by key)."""
    before = {e.key: e for e in baseline.elements}
    after = {e.key: e for e in current.elements}
    changed = []
    for element in current.elements:
        old = before.get(element.key)
        if old is None:
            continue
        parts = tuple(part for part in ("level", "text", "indicators", "assumptions")
                      if getattr(old, part) != getattr(element, part))
        if parts:
            changed.append(ElementChange(element.key, parts, old, element))
    old_links = set(baseline.links)
    new_links = set(current.links)
    return ModelDiff(
        added=tuple(e for e in current.elements if e.key not in before),
        removed=tuple(e for e in baseline.elements if e.key not in after),
        changed=tuple(changed),
        links_added=tuple(link for link in current.links if link not in old_links),
        links_removed=tuple(link for link in baseline.links if link not in new_links),
        purpose_changed=baseline.purpose.strip() != current.purpose.strip(),
    )


def next_key(prefix: str, taken: Iterable[str]) -> str:
    """Return the first ``prefix`` + number not in ``taken`` after the highest in use (r1, r2…)."""
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    numbers = [int(m.group(1)) for key in taken if (m := pattern.match(key))]
    return f"{prefix}{max(numbers, default=0) + 1}"


@dataclass
class Column:
    level: str
    keys: list[str] = field(default_factory=list)


def columns(model: Model) -> list[Column]:
    """Return the elements per level, in the model's order."""
    by_level = {level: Column(level) for level in LEVELS}
    for element in model.elements:
        by_level[element.level].keys.append(element.key)
    return [by_level[level] for level in LEVELS]
