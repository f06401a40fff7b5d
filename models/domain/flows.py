"""The flow analysis (*flödesanalys*, the guide's figure 6) of placements of young people.

A flow analysis starts from an outcome — young people who are now placed in an HVB home or with
SiS — and follows each of them back in time through their earlier placements, re-placements
(*omplaceringar*) and the open-care interventions (*öppenvårdsinsatser*) they received in
between. It shows where the chain of care has gaps: in the guide's example, of 200 re-placements
60 % were from a family or emergency home to HVB/SiS, 30 % from one HVB/SiS to another or to a
family or emergency home, and 10 % after a period back home; few of them had open care between
the placements, and all of them finally ended up in HVB/SiS again.

The input is a list of pseudonymised events: on a day, a person was placed (``hvb``, ``sis``,
``family_home``, ``emergency_home``) or came back home without a placement (``none``), and
``open_care`` says whether an open-care intervention was given from that event until the person's
next event. ``analyse_flows`` sorts the events once per person and reads each person's sequence in
one pass, so it takes time linear in the number of events.

Re-placements
    In a person's sequence, every placement event (any type but ``none``) after the person's first
    placement event is one re-placement: a move from the previous placement (its *source*) to this
    one (its *target*). Each event is a new placement, so two HVB events in a row are a move from
    one HVB home to another and count. ``none`` events are no placements: a person placed, back
    home and placed again has one re-placement, *via no placement*; ``none`` events before the
    first placement or after the last one are no re-placements.

Open care between placements
    A re-placement is preceded by open care when any event from its source placement up to (not
    including) its target has ``open_care``: an intervention during the source placement, after
    leaving it, or during the time back home in between. Open care after a person's last
    placement precedes no re-placement.

The three groups of re-placements (every re-placement is in exactly one)
    1. ``from_family_or_emergency_home``: straight (no ``none`` in between) from a family home or
       an emergency home to another placement — in the guide's figure, to HVB/SiS;
    2. ``from_hvb_or_sis``: straight from HVB or SiS to another HVB/SiS, or to a family or
       emergency home;
    3. ``via_no_placement``: placed again after a period without placement (at least one ``none``
       event between the two placements), whatever the two placements are.

Shares are ``Decimal`` fractions (0.6 for 60 %) rounded half up to four decimals, and 0 when
there is nothing to divide by (no individuals, transitions or re-placements).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import NamedTuple

import networkx as nx

from models.domain import N_

#: The kinds of event; ``none`` is back home, no placement.
PLACEMENT_TYPES = ("hvb", "sis", "family_home", "emergency_home", "none")
PLACEMENT_LABELS = {
    "hvb": N_("HVB"),
    "sis": N_("SiS"),
    "family_home": N_("Family home"),
    "emergency_home": N_("Emergency home"),
    "none": N_("No placement"),
}
NO_PLACEMENT = "none"
#: Institutional care: HVB homes (*hem för vård eller boende*) and SiS's special youth homes.
INSTITUTIONS = frozenset({"hvb", "sis"})
#: Care in a family: family homes and emergency homes (*familjehem*, *jourhem*).
FAMILY_CARE = frozenset({"family_home", "emergency_home"})

#: The groups of re-placements, in the guide's order (group 1, 2, 3).
GROUPS = ("from_family_or_emergency_home", "from_hvb_or_sis", "via_no_placement")
GROUP_LABELS = {
    "from_family_or_emergency_home": N_("Group 1: from a family or emergency home"),
    "from_hvb_or_sis": N_("Group 2: from HVB or SiS"),
    "via_no_placement": N_("Group 3: placed again after a time without placement"),
}
GROUP_DESCRIPTIONS = {
    "from_family_or_emergency_home": N_("Moved straight from a family home or emergency home to "
                                        "another placement, usually HVB or SiS."),
    "from_hvb_or_sis": N_("Moved straight from HVB or SiS to another HVB or SiS, or to a family "
                          "home or emergency home."),
    "via_no_placement": N_("Back home without a placement for a time, then placed again."),
}

_SHARE = Decimal("0.0001")
_TYPE_ORDER = {placement: position for position, placement in enumerate(PLACEMENT_TYPES)}


@dataclass(frozen=True)
class PlacementEvent:
    """On ``day`` the person was placed in ``placement`` (or came home: ``none``);
    ``open_care`` says an open-care intervention was given from then until the next event."""

    person: str
    day: date
    placement: str
    open_care: bool


class Transition(NamedTuple):
    """An edge of the sequence graph: how often one event followed another of a person."""

    source: str
    target: str
    count: int
    #: Of all transitions.
    share: Decimal


class PathCount(NamedTuple):
    """A person's whole sequence of event types (``none`` included), and how many have it."""

    path: tuple[str, ...]
    count: int
    #: Of all individuals.
    share: Decimal


@dataclass(frozen=True)
class ReplacementGroup:
    key: str
    #: The group's number in the guide's figure (1, 2, 3).
    number: int
    count: int
    #: Of all re-placements.
    share: Decimal
    #: Re-placements of the group preceded by open care, and their share of the group.
    open_care: int
    open_care_share: Decimal

    @property
    def label(self) -> str:
        return GROUP_LABELS[self.key]

    @property
    def description(self) -> str:
        return GROUP_DESCRIPTIONS[self.key]


@dataclass(frozen=True)
class FlowResult:
    individuals: int
    events: int
    #: Events that are placements (not ``none``).
    placements: int
    #: Re-placements (see the module docstring).
    replacements: int
    #: Individuals with at least one re-placement, and their share of all individuals.
    replaced: int
    replaced_share: Decimal
    #: Re-placements preceded by open care, and their share of all re-placements.
    open_care: int
    open_care_share: Decimal
    #: The edges of ``graph``, most frequent first (then by the order of ``PLACEMENT_TYPES``).
    transitions: tuple[Transition, ...]
    #: The distinct paths, most frequent first (then by path, in the order of PLACEMENT_TYPES).
    paths: tuple[PathCount, ...]
    #: The three groups of re-placements, in the order of ``GROUPS``.
    groups: tuple[ReplacementGroup, ...]
    #: The sequence graph: a node per event type that occurs, with ``events`` (how many),
    #: ``first`` and ``last`` (how many people start and end there); an edge per transition that
    #: occurs, with ``count`` and ``share``. Self-loops are moves within a type (HVB to HVB).
    graph: nx.DiGraph = field(compare=False, repr=False, hash=False)

    def group(self, key: str) -> ReplacementGroup:
        return self.groups[GROUPS.index(key)]


class FlowError(ValueError):
    """Events the analysis cannot read; ``message`` is a msgid with ``params``."""

    def __init__(self, message: str, **params: object):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def share(part: int, whole: int) -> Decimal:
    """Return ``part / whole`` rounded half up to four decimals; 0 when ``whole`` is 0."""
    if not whole:
        return Decimal("0").quantize(_SHARE)
    return (Decimal(part) / Decimal(whole)).quantize(_SHARE, rounding=ROUND_HALF_UP)


def _group(source: str, via_no_placement: bool) -> int:
    """Return the index in GROUPS of a re-placement from ``source``."""
    if via_no_placement:
        return 2
    return 0 if source in FAMILY_CARE else 1


def _by_person(events: Iterable[PlacementEvent]) -> tuple[dict[str, list[PlacementEvent]], int]:
    """Return each person's events (in input order) and the number of events, after checking
    them."""
    people: dict[str, list[PlacementEvent]] = {}
    count = 0
    for event in events:
        if event.placement not in _TYPE_ORDER:
            raise FlowError(N_("'%(placement)s' is not a placement type"),
                            placement=event.placement)
        if not event.person or not event.person.strip():
            raise FlowError(N_("an event has no person key"))
        people.setdefault(event.person, []).append(event)
        count += 1
    return people, count


def analyse_flows(events: Iterable[PlacementEvent]) -> FlowResult:
    """Return the flow analysis of ``events`` (in any order).

    Each person's events are sorted by day; events of a person on the same day keep the order
    they were given in, so the result does not depend on how the people are interleaved. Raises
    FlowError (a ValueError) on an unknown placement type or an event without a person key.
    """
    people, event_count = _by_person(events)
    edges: Counter[tuple[str, str]] = Counter()
    nodes: Counter[str] = Counter()
    firsts: Counter[str] = Counter()
    lasts: Counter[str] = Counter()
    paths: Counter[tuple[str, ...]] = Counter()
    group_count = [0] * len(GROUPS)
    group_open = [0] * len(GROUPS)
    placements = replaced = 0

    for sequence in people.values():
        sequence.sort(key=lambda event: event.day)  # stable: same-day events keep their order
        path = tuple(event.placement for event in sequence)
        paths[path] += 1
        nodes.update(path)
        firsts[path[0]] += 1
        lasts[path[-1]] += 1
        edges.update(pairwise(path))

        source: str | None = None  # the type of the current placement
        via_no_placement = open_care = False
        moves = 0
        for event in sequence:
            if event.placement != NO_PLACEMENT:
                placements += 1
                if source is not None:
                    index = _group(source, via_no_placement)
                    group_count[index] += 1
                    group_open[index] += int(open_care)
                    moves += 1
                source = event.placement
                via_no_placement = False
                open_care = event.open_care
            elif source is not None:
                via_no_placement = True
                open_care = open_care or event.open_care
        replaced += moves > 0

    replacements = sum(group_count)
    transitions_total = sum(edges.values())
    graph = nx.DiGraph()
    for node in sorted(nodes, key=_TYPE_ORDER.__getitem__):
        graph.add_node(node, events=nodes[node], first=firsts[node], last=lasts[node])
    transitions = tuple(
        Transition(source, target, count, share(count, transitions_total))
        for (source, target), count in sorted(
            edges.items(),
            key=lambda item: (-item[1], _TYPE_ORDER[item[0][0]], _TYPE_ORDER[item[0][1]]),
        )
    )
    for transition in transitions:
        graph.add_edge(transition.source, transition.target, count=transition.count,
                       share=transition.share)
    individuals = len(people)
    return FlowResult(
        individuals=individuals,
        events=event_count,
        placements=placements,
        replacements=replacements,
        replaced=replaced,
        replaced_share=share(replaced, individuals),
        open_care=sum(group_open),
        open_care_share=share(sum(group_open), replacements),
        transitions=transitions,
        paths=tuple(
            PathCount(path, count, share(count, individuals))
            for path, count in sorted(
                paths.items(),
                key=lambda item: (-item[1], [_TYPE_ORDER[p] for p in item[0]]),
            )
        ),
        groups=tuple(
            ReplacementGroup(
                key=key,
                number=index + 1,
                count=group_count[index],
                share=share(group_count[index], replacements),
                open_care=group_open[index],
                open_care_share=share(group_open[index], group_count[index]),
            )
            for index, key in enumerate(GROUPS)
        ),
        graph=graph,
    )


#: The people of the guide's figure 6: how many follow each pattern of ``family`` (family or
#: emergency home), ``institution`` (HVB or SiS) and ``none``. They make 120 re-placements of
#: group 1, 60 of group 2 and 20 of group 3, and every pattern ends in HVB/SiS.
FIGURE6_PATTERNS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (70, ("family", "institution")),
    (20, ("institution", "institution")),
    (40, ("institution", "family", "institution")),
    (10, ("institution", "none", "institution")),
    (10, ("family", "institution", "none", "institution")),
)
#: Re-placements of group 2 and group 3 with open care between the placements (20 % and 40 %).
FIGURE6_OPEN_CARE = {"from_hvb_or_sis": 12, "via_no_placement": 8}
#: People who get open care after their last placement (it precedes no re-placement).
FIGURE6_AFTERCARE = 30


def figure6_events(seed: int = 2026) -> list[PlacementEvent]:
    """Return pseudonymised events (persons P0001, P0002, …) that reproduce the guide's figure 6.

    150 young people, all finally in HVB or SiS, with 200 re-placements: 120 (60 %) in group 1,
    60 (30 %) in group 2 of which 12 (20 %) had open care between the placements, and 20 (10 %)
    in group 3 of which 8 (40 %) had open care. ``seed`` varies the types within family care and
    institutions, the days and who had open care, never those figures. Sorted by day, then
    person.
    """
    rng = random.Random(seed)
    patterns = [pattern for count, pattern in FIGURE6_PATTERNS for _ in range(count)]
    rng.shuffle(patterns)
    choices = {"family": sorted(FAMILY_CARE), "institution": sorted(INSTITUTIONS),
               "none": [NO_PLACEMENT]}
    people: list[list[list]] = []  # [person, day, placement, open_care] per event
    candidates: dict[str, list[list]] = {key: [] for key in FIGURE6_OPEN_CARE}
    for number, pattern in enumerate(patterns, start=1):
        person = f"P{number:04d}"
        day = date(2014, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        sequence: list[list] = []
        for kind in pattern:
            sequence.append([person, day, rng.choice(choices[kind]), False])
            day += timedelta(days=rng.randint(30, 540))
        for source, after in pairwise(sequence):
            # The event open care is recorded on: the source placement of a direct move from
            # HVB/SiS, or the time back home of a move via no placement.
            if after[2] == NO_PLACEMENT:
                candidates["via_no_placement"].append(after)
            elif source[2] in INSTITUTIONS:
                candidates["from_hvb_or_sis"].append(source)
        people.append(sequence)
    for key, count in FIGURE6_OPEN_CARE.items():
        for event in rng.sample(candidates[key], count):
            event[3] = True
    for sequence in rng.sample(people, FIGURE6_AFTERCARE):
        sequence[-1][3] = True
    events = [PlacementEvent(*event) for sequence in people for event in sequence]
    events.sort(key=lambda event: (event.day, event.person))
    return events
