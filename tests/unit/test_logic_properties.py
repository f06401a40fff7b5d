"""Properties of the logic-model checks on generated models (hypothesis)."""

from __future__ import annotations

from itertools import pairwise

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from models.domain import logic as lm
from models.domain.logic import (
    CODES,
    ERROR,
    KEY_PREFIX,
    LEVELS,
    RANK,
    STRUCTURAL_CODES,
    Element,
    Indicator,
    Link,
    Model,
)

SETTINGS = settings(max_examples=100, deadline=None)
TOP = len(LEVELS) - 1


def _indicators(level: str, key: str, horizon: bool) -> tuple[Indicator, ...]:
    """Complete indicators for an element of ``level`` (a goal's horizon only when asked)."""
    if level == "activity":
        return (Indicator(f"i{key}", "Antal träffar", "process", "Närvarolistor", "count"),)
    if level in ("short_term", "long_term"):
        months = 24 if horizon or level == "short_term" else None
        return (Indicator(f"i{key}", "Andel", "outcome", "Register", "percent",
                          horizon_months=months),)
    return ()


@st.composite
def layered_models(draw, per_level: int = 5) -> Model:
    """A model with every level, links one level forward only, every element with a successor
    (but goals) and a predecessor (but resources), and unique texts; maybe with indicators."""
    sizes = [draw(st.integers(1, per_level)) for _ in LEVELS]
    keys = [[f"{KEY_PREFIX[level]}{i + 1}" for i in range(size)]
            for level, size in zip(LEVELS, sizes, strict=True)]
    links: list[Link] = []
    for sources, targets in pairwise(keys):
        chosen = {(s, t) for s in sources for t in targets if draw(st.booleans())}
        for s in sources:
            if not any(pair[0] == s for pair in chosen):
                chosen.add((s, draw(st.sampled_from(targets))))
        for t in targets:
            if not any(pair[1] == t for pair in chosen):
                chosen.add((draw(st.sampled_from(sources)), t))
        links += [Link(s, t) for s, t in sorted(chosen)]
    detailed = draw(st.booleans())
    elements = []
    for level, level_keys in zip(LEVELS, keys, strict=True):
        for key in level_keys:
            indicators = (_indicators(level, key, draw(st.booleans())) if detailed else ())
            elements.append(Element(key, level, f"Steg {key}", indicators))
    links = draw(st.permutations(links))
    return Model(tuple(elements), tuple(links))


@st.composite
def any_models(draw, max_elements: int = 10) -> Model:
    """A structurally valid model with any levels and any links (back, same level, skips)."""
    levels = draw(st.lists(st.sampled_from(LEVELS), min_size=1, max_size=max_elements))
    keys = [f"e{i}" for i in range(len(levels))]
    texts = draw(st.lists(st.sampled_from(("Stöd", "stöd ", "Mål", "Resurs", "Insats")),
                          min_size=len(keys), max_size=len(keys)))
    pairs = [(s, t) for s in keys for t in keys if s != t]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3 * len(keys))
                  if pairs else st.just([]))
    elements = []
    for key, level, text in zip(keys, levels, texts, strict=True):
        indicators = ()
        if draw(st.integers(0, 4)) == 0:
            indicators = (Indicator(f"i{key}", "Mått", draw(st.sampled_from(lm.INDICATOR_KINDS)),
                                    draw(st.sampled_from(("", "Register"))),
                                    horizon_months=draw(st.sampled_from((None, 12)))),)
        elements.append(Element(key, level, f"{text}{int(key[1:]) % 3 or ''}", indicators))
    model = Model(tuple(elements), tuple(Link(s, t) for s, t in chosen))
    lm.validate_structure(model)
    return model


@st.composite
def mixed_models(draw) -> Model:
    """A small layered model with some of its links dropped and other links of any kind added."""
    model = draw(layered_models(per_level=3))
    keys = [e.key for e in model.elements]
    kept = [link for link in model.links if draw(st.integers(0, 5))]
    others = [Link(s, t) for s in keys for t in keys if s != t and Link(s, t) not in kept]
    added = draw(st.lists(st.sampled_from(others), unique=True, max_size=4))
    return Model(model.elements, tuple(kept + added))


def _graph(model: Model) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(e.key for e in model.elements)
    graph.add_edges_from((link.source, link.target) for link in model.links)
    return graph


def _levels(model: Model) -> dict[str, int]:
    return {e.key: RANK[e.level] for e in model.elements}


# --- (a) valid layered models ---------------------------------------------------------------


@SETTINGS
@given(layered_models())
def test_a_layered_model_has_no_errors_and_no_structural_findings(model):
    lm.validate_structure(model)
    findings = lm.check(model)
    assert not [f for f in findings if f.severity == ERROR]
    assert not [f for f in findings if f.code in STRUCTURAL_CODES]
    assert {f.code for f in findings} <= {"missing_horizon"}
    assert lm.has_red_thread(model, findings)
    assert lm.detailed_complete(model, findings) == model.detailed


# --- (b) links added backwards or within a level ---------------------------------------------


@st.composite
def with_back_link(draw):
    model = draw(layered_models())
    rank = _levels(model)
    pairs = [(v, u) for v in rank for u in rank if rank[u] < rank[v]]
    return model, draw(st.sampled_from(pairs))


@SETTINGS
@given(with_back_link())
def test_a_back_link_is_always_a_backward_link_and_a_cycle_when_it_closes_one(case):
    model, (source, target) = case
    closes = nx.has_path(_graph(model), target, source)
    changed = Model(model.elements, model.links + (Link(source, target),))
    lm.validate_structure(changed)
    findings = lm.check(changed)
    assert [(f.element, f.related) for f in findings if f.code == "backward_link"] == [
        (source, (target,))]
    cycles = [f for f in findings if f.code == "cycle"]
    if closes:
        assert len(cycles) == 1
        members = {cycles[0].element, *cycles[0].related}
        assert {source, target} <= members
        # The circle is exactly the elements on the way from the target back to the source.
        graph = _graph(changed)
        assert members == {n for n in graph
                           if nx.has_path(graph, target, n) and nx.has_path(graph, n, source)}
    else:
        assert not cycles
    assert {f.code for f in findings} - {"missing_horizon"} <= {"backward_link", "cycle"}
    assert not lm.has_red_thread(changed, findings)


@st.composite
def with_same_level_link(draw):
    model = draw(layered_models())
    rank = _levels(model)
    pairs = [(v, u) for v in rank for u in rank if u != v and rank[u] == rank[v]]
    if not pairs:
        return model, None
    return model, draw(st.sampled_from(pairs))


@SETTINGS
@given(with_same_level_link())
def test_a_link_within_a_level_of_a_layered_model_is_only_a_warning(case):
    model, pair = case
    if pair is None:
        return
    changed = Model(model.elements, model.links + (Link(*pair),))
    findings = lm.check(changed)
    assert [(f.code, f.element, f.related) for f in findings if f.code != "missing_horizon"] == [
        ("same_level_link", pair[0], (pair[1],))]
    assert lm.has_red_thread(changed, findings)


# --- (c) determinism and order ----------------------------------------------------------------


@SETTINGS
@given(st.one_of(any_models(), mixed_models()), st.randoms(use_true_random=False))
def test_check_is_deterministic_and_ordered(model, random):
    findings = lm.check(model)
    assert lm.check(model) == findings
    shuffled = list(model.links)
    random.shuffle(shuffled)
    assert lm.check(Model(model.elements, tuple(shuffled), model.purpose)) == findings
    position = {e.key: i for i, e in enumerate(model.elements)}
    code_order = list(CODES)
    order = [(position[f.element], code_order.index(f.code)) for f in findings]
    assert order == sorted(order)
    assert len(set(findings)) == len(findings)
    for finding in findings:
        assert finding.code in CODES
        assert {finding.element, *finding.related} <= set(position)
    if not model.detailed:
        assert {f.code for f in findings} <= STRUCTURAL_CODES


@SETTINGS
@given(st.one_of(any_models(), mixed_models()))
def test_check_agrees_with_a_plain_reading_of_the_rules(model):
    """The structural findings, worked out element by element without shortcuts."""
    rank = _levels(model)
    graph = _graph(model)
    forward = nx.DiGraph([(u, v) for u, v in graph.edges if rank[v] > rank[u]])
    forward.add_nodes_from(graph)

    def reached(node: str) -> bool:
        return any(rank[n] == 0 for n in nx.ancestors(forward, node)) or rank[node] == 0

    def leads_to_goal(node: str) -> bool:
        return any(rank[n] == TOP for n in nx.descendants(forward, node)) or rank[node] == TOP

    expected: set[tuple[str, str, tuple[str, ...]]] = set()
    for node in graph:
        if graph.degree(node) == 0:
            expected.add(("isolated_element", node, ()))
            continue
        if rank[node] < TOP and forward.out_degree(node) == 0:
            expected.add((("no_activity", "no_outcome", "no_goal")[rank[node]], node, ()))
        if rank[node] == TOP and not reached(node):
            expected.add(("unreached_goal", node, ()))
        if 0 < rank[node] < TOP and not reached(node) and leads_to_goal(node):
            expected.add(("no_resource", node, ()))
    for u, v in graph.edges:
        step = rank[v] - rank[u]
        code = ("backward_link" if step < 0 else "same_level_link" if step == 0
                else "skipped_level" if step > 1 else None)
        if code:
            expected.add((code, u, (v,)))
        if nx.has_path(graph, v, u):
            circle = sorted((n for n in graph
                             if nx.has_path(graph, u, n) and nx.has_path(graph, n, u)),
                            key=[e.key for e in model.elements].index)
            expected.add(("cycle", circle[0], tuple(circle[1:])))
    first: dict[tuple[str, str], str] = {}
    for e in model.elements:
        text = (e.level, " ".join(e.text.split()).casefold())
        if text in first:
            expected.add(("duplicate_element", e.key, (first[text],)))
        first.setdefault(text, e.key)
    actual = {(f.code, f.element, f.related) for f in lm.check(model)
              if f.code in STRUCTURAL_CODES}
    assert actual == expected


# --- (d) chains -------------------------------------------------------------------------------


def _all_chains(model: Model, key: str) -> set[tuple[str, ...]]:
    """Every forward path from a resource to a goal through ``key`` (small models only)."""
    rank = _levels(model)
    graph = nx.DiGraph([(link.source, link.target) for link in model.links
                        if rank[link.target] > rank[link.source]])
    graph.add_nodes_from(rank)
    resources = [n for n in graph if rank[n] == 0]
    goals = [n for n in graph if rank[n] == TOP]
    chains: set[tuple[str, ...]] = set()
    for r in resources:
        for g in goals:
            chains |= {tuple(p) for p in nx.all_simple_paths(graph, r, g) if key in p}
    return chains


@SETTINGS
@given(st.one_of(any_models(max_elements=9), mixed_models()), st.data())
def test_chains_go_forward_from_a_resource_to_a_goal_through_the_element(model, data):
    key = data.draw(st.sampled_from([e.key for e in model.elements]))
    limit = data.draw(st.integers(1, 6))
    rank = _levels(model)
    links = set(model.links)
    chains = lm.chains_through(model, key, limit)
    assert len(chains.paths) <= limit
    for path in chains.paths:
        assert rank[path[0]] == 0
        assert rank[path[-1]] == TOP
        assert key in path
        assert all(rank[b] > rank[a] for a, b in pairwise(path))
        assert all(Link(a, b) in links for a, b in pairwise(path))
        assert set(path) <= chains.nodes
        assert set(pairwise(path)) <= chains.edges
    assert len(set(chains.paths)) == len(chains.paths)
    every = lm.chains_through(model, key, limit=10_000)
    assert set(chains.paths) <= set(every.paths)
    assert chains.truncated == (len(every.paths) > limit)
    assert (chains.nodes, chains.edges) == (every.nodes, every.edges)
    assert set(every.paths) == _all_chains(model, key)
    assert every.nodes == {n for path in every.paths for n in path}
    assert every.edges == {pair for path in every.paths for pair in pairwise(path)}


@SETTINGS
@given(layered_models(), st.data())
def test_every_element_of_a_layered_model_is_on_a_chain(model, data):
    key = data.draw(st.sampled_from([e.key for e in model.elements]))
    chains = lm.chains_through(model, key, limit=5)
    assert chains.paths
    assert all(len(path) == len(LEVELS) for path in chains.paths)
