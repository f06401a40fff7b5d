"""The flow analysis of placements (guide, figure 6), against hand-computed cases."""

import random
import re
from datetime import date
from decimal import Decimal

import networkx as nx
import pytest

from models.domain.flows import (
    GROUP_DESCRIPTIONS,
    GROUP_LABELS,
    GROUPS,
    PLACEMENT_LABELS,
    PLACEMENT_TYPES,
    FlowError,
    PathCount,
    PlacementEvent,
    Transition,
    analyse_flows,
    figure6_events,
)
from models.domain.personnummer import looks_like_personnummer


def ev(person, day, placement, open_care=False):
    """An event on day ``day`` of January 2020."""
    return PlacementEvent(person, date(2020, 1, day), placement, open_care)


def groups(result):
    """(count, open care) per group, in the order of GROUPS."""
    return [(g.count, g.open_care) for g in result.groups]


#: Four people, hand-analysed in test_several_people.
PEOPLE = [
    # hvb → sis (group 2), sis → family home (group 2), family home → hvb with open care in the
    # family home (group 1, open care).
    ev("P1", 1, "hvb"), ev("P1", 2, "sis"), ev("P1", 3, "family_home", True), ev("P1", 4, "hvb"),
    # Home at first (no re-placement), emergency home, home with open care, SiS (group 3, open
    # care).
    ev("P2", 1, "none"), ev("P2", 2, "emergency_home"), ev("P2", 3, "none", True),
    ev("P2", 4, "sis"),
    # One placement with open care after it: no re-placement.
    ev("P3", 1, "hvb", True),
    # Placed, then home for good: no re-placement.
    ev("P4", 1, "sis"), ev("P4", 2, "none"), ev("P4", 3, "none"),
]


def test_types_groups_and_labels():
    assert PLACEMENT_TYPES == ("hvb", "sis", "family_home", "emergency_home", "none")
    assert PLACEMENT_LABELS == {"hvb": "HVB", "sis": "SiS", "family_home": "Family home",
                                "emergency_home": "Emergency home", "none": "No placement"}
    assert set(GROUP_LABELS) == set(GROUP_DESCRIPTIONS) == set(GROUPS)
    assert len(GROUPS) == 3


def test_one_person():
    result = analyse_flows([ev("P1", 5, "hvb"), ev("P1", 1, "family_home")])
    assert (result.individuals, result.events, result.placements) == (1, 2, 2)
    assert result.replacements == 1
    assert groups(result) == [(1, 0), (0, 0), (0, 0)]
    assert result.group("from_family_or_emergency_home").share == Decimal("1.0000")
    assert result.replaced == 1 and result.replaced_share == Decimal("1.0000")
    assert result.open_care == 0 and result.open_care_share == Decimal("0.0000")
    assert result.transitions == (Transition("family_home", "hvb", 1, Decimal("1.0000")),)
    assert result.paths == (PathCount(("family_home", "hvb"), 1, Decimal("1.0000")),)


def test_several_people():
    result = analyse_flows(PEOPLE)
    assert (result.individuals, result.events, result.placements) == (4, 12, 8)
    # Eight placements of the four people who were placed, less their first ones.
    assert result.replacements == 4
    assert groups(result) == [(1, 1), (2, 0), (1, 1)]
    assert [g.number for g in result.groups] == [1, 2, 3]
    assert [g.share for g in result.groups] == [Decimal("0.2500"), Decimal("0.5000"),
                                                Decimal("0.2500")]
    assert [g.open_care_share for g in result.groups] == [Decimal("1.0000"), Decimal("0.0000"),
                                                          Decimal("1.0000")]
    assert result.replaced == 2 and result.replaced_share == Decimal("0.5000")
    assert result.open_care == 2 and result.open_care_share == Decimal("0.5000")
    eighth = Decimal("0.1250")
    # All once: ordered by the type order of source, then target.
    assert result.transitions == (
        Transition("hvb", "sis", 1, eighth),
        Transition("sis", "family_home", 1, eighth),
        Transition("sis", "none", 1, eighth),
        Transition("family_home", "hvb", 1, eighth),
        Transition("emergency_home", "none", 1, eighth),
        Transition("none", "sis", 1, eighth),
        Transition("none", "emergency_home", 1, eighth),
        Transition("none", "none", 1, eighth),
    )
    quarter = Decimal("0.2500")
    assert result.paths == (
        PathCount(("hvb",), 1, quarter),
        PathCount(("hvb", "sis", "family_home", "hvb"), 1, quarter),
        PathCount(("sis", "none", "none"), 1, quarter),
        PathCount(("none", "emergency_home", "none", "sis"), 1, quarter),
    )


def test_graph():
    graph = analyse_flows(PEOPLE).graph
    assert isinstance(graph, nx.DiGraph)
    assert list(graph.nodes) == ["hvb", "sis", "family_home", "emergency_home", "none"]
    assert graph.nodes["hvb"] == {"events": 3, "first": 2, "last": 2}
    assert graph.nodes["none"] == {"events": 4, "first": 1, "last": 1}
    assert graph.edges["none", "none"] == {"count": 1, "share": Decimal("0.1250")}
    assert graph.number_of_edges() == 8


def test_counts_and_shares_add_up():
    result = analyse_flows(figure6_events(7) + PEOPLE)
    assert sum(g.count for g in result.groups) == result.replacements
    assert sum(t.count for t in result.transitions) == result.events - result.individuals
    assert sum(p.count for p in result.paths) == result.individuals
    assert sum(g.share for g in result.groups) == pytest.approx(1, abs=Decimal("0.0003"))


def test_order_of_the_input_does_not_matter():
    shuffled = list(PEOPLE)
    random.Random(3).shuffle(shuffled)
    assert analyse_flows(shuffled) == analyse_flows(PEOPLE)


def test_same_day_events_keep_the_order_they_were_given_in():
    same_day = [ev("P1", 2, "sis"), ev("P1", 2, "hvb")]
    other = [ev("P2", 2, "hvb"), ev("P2", 1, "family_home")]
    first = analyse_flows([other[0], same_day[0], other[1], ev("P1", 1, "family_home"),
                           same_day[1]])
    assert [p.path for p in first.paths if len(p.path) == 3] == [("family_home", "sis", "hvb")]
    second = analyse_flows([ev("P1", 1, "family_home"), same_day[1], *other, same_day[0]])
    assert [p.path for p in second.paths if len(p.path) == 3] == [("family_home", "hvb", "sis")]
    # Both ways: P1 moves from the family home (group 1), then between institutions (group 2);
    # P2 from the family home to HVB (group 1).
    assert groups(first) == groups(second) == [(2, 0), (1, 0), (0, 0)]


def test_a_move_within_the_same_type_is_a_replacement():
    result = analyse_flows([ev("P1", 1, "hvb"), ev("P1", 2, "hvb"), ev("P1", 3, "hvb")])
    assert result.replacements == 2
    assert groups(result) == [(0, 0), (2, 0), (0, 0)]
    assert result.transitions == (Transition("hvb", "hvb", 2, Decimal("1.0000")),)
    assert result.graph.edges["hvb", "hvb"]["count"] == 2


def test_none_periods_between_placements_make_group_three():
    result = analyse_flows([
        ev("P1", 1, "family_home"), ev("P1", 2, "none"), ev("P1", 3, "none"),
        ev("P1", 4, "hvb"),
        ev("P2", 1, "hvb"), ev("P2", 2, "none"), ev("P2", 3, "family_home"),
    ])
    assert result.replacements == 2
    assert groups(result) == [(0, 0), (0, 0), (2, 0)]
    assert result.placements == 4


def test_none_before_the_first_and_after_the_last_placement_is_no_replacement():
    result = analyse_flows([
        ev("P1", 1, "none"), ev("P1", 2, "sis"), ev("P1", 3, "none"),
        ev("P2", 1, "none", True),
    ])
    assert result.replacements == 0
    assert result.replaced == 0 and result.replaced_share == Decimal("0.0000")
    assert result.placements == 1 and result.individuals == 2


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        # During the source placement: counts.
        ([ev("P", 1, "hvb", True), ev("P", 2, "sis")], 1),
        # At the target placement: after the move, does not count.
        ([ev("P", 1, "hvb"), ev("P", 2, "sis", True)], 0),
        # During any of the time back home in between: counts, once.
        ([ev("P", 1, "hvb"), ev("P", 2, "none"), ev("P", 3, "none", True), ev("P", 4, "hvb")], 1),
        ([ev("P", 1, "hvb", True), ev("P", 2, "none", True), ev("P", 3, "hvb")], 1),
        # Before an earlier placement: belongs to the earlier move only.
        ([ev("P", 1, "family_home", True), ev("P", 2, "hvb"), ev("P", 3, "sis")], 1),
    ],
)
def test_open_care_between_placements(events, expected):
    result = analyse_flows(events)
    assert result.open_care == expected


def test_open_care_per_group():
    result = analyse_flows([
        ev("P1", 1, "emergency_home", True), ev("P1", 2, "sis", True), ev("P1", 3, "hvb"),
        ev("P2", 1, "hvb"), ev("P2", 2, "emergency_home"),
    ])
    assert groups(result) == [(1, 1), (2, 1), (0, 0)]
    assert result.group("from_hvb_or_sis").open_care_share == Decimal("0.5000")
    assert result.open_care_share == Decimal("0.6667")


def test_no_events():
    result = analyse_flows([])
    assert (result.individuals, result.events, result.replacements) == (0, 0, 0)
    assert result.transitions == () and result.paths == ()
    assert result.replaced_share == result.open_care_share == Decimal("0")
    assert [g.share for g in result.groups] == [Decimal("0")] * 3
    assert result.graph.number_of_nodes() == 0


def test_unknown_placement_type():
    with pytest.raises(FlowError) as error:
        analyse_flows([ev("P1", 1, "hvb"), ev("P1", 2, "prison")])
    assert isinstance(error.value, ValueError)
    assert error.value.params == {"placement": "prison"}
    assert "prison" in str(error.value)


def test_event_without_person():
    with pytest.raises(FlowError):
        analyse_flows([ev(" ", 1, "hvb")])


@pytest.mark.parametrize("seed", [2026, 1, 99])
def test_figure6_is_reproduced(seed):
    events = figure6_events(seed)
    result = analyse_flows(events)
    assert result.replacements == 200
    figure = [(g.count, g.share, g.open_care, g.open_care_share) for g in result.groups]
    assert figure == [
        (120, Decimal("0.6000"), 0, Decimal("0.0000")),
        (60, Decimal("0.3000"), 12, Decimal("0.2000")),
        (20, Decimal("0.1000"), 8, Decimal("0.4000")),
    ]
    assert result.open_care == 20 and result.open_care_share == Decimal("0.1000")
    assert result.individuals == 150 and result.replaced_share == Decimal("1.0000")
    # Everyone is finally back in HVB/SiS.
    assert all(p.path[-1] in ("hvb", "sis") for p in result.paths)
    assert result.graph.nodes["hvb"]["last"] + result.graph.nodes["sis"]["last"] == 150
    # Some open care comes after the last placement and precedes no re-placement.
    assert sum(e.open_care for e in events) > 20


def test_figure6_is_deterministic_and_pseudonymised():
    events = figure6_events()
    assert events == figure6_events(2026)
    assert events != figure6_events(2027)
    assert events == sorted(events, key=lambda e: (e.day, e.person))
    people = {e.person for e in events}
    assert all(re.fullmatch(r"P\d{4}", person) for person in people)
    assert not any(looks_like_personnummer(person) for person in people)
