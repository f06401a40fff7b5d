"""The logic-model diagram as SVG: layout, findings, links, focus, escaping and ids."""

from __future__ import annotations

import time

import pytest
from lxml import etree

from exporters.logic_svg import WIDTH, render_logic_svg, wrap
from models.domain.logic import (
    LEVELS,
    Element,
    Finding,
    Indicator,
    Link,
    Model,
    chains_through,
    check,
)

SVG = "http://www.w3.org/2000/svg"
NS = {"s": SVG}


def t(msgid, **params):
    return msgid % params if params else msgid


def parse(svg: str) -> etree._Element:
    root = etree.fromstring(svg.encode())
    assert root.tag == f"{{{SVG}}}svg"
    return root


def classes(node: etree._Element) -> set[str]:
    return set(node.get("class", "").split())


def elements(root) -> dict[str, etree._Element]:
    return {g.get("data-key"): g for g in root.iterfind(".//s:g[@data-key]", NS)}


def box(group) -> etree._Element:
    (rect,) = group.iterfind(".//s:rect[@class='box']", NS)
    return rect


def links(root) -> list[etree._Element]:
    return root.findall(".//s:path[@data-source]", NS)


def render(model, **kwargs) -> etree._Element:
    return parse(render_logic_svg(model, check(model), t, **kwargs))


def chain_model(**extra) -> Model:
    """r1 → a1 → s1 → g1 plus a side chain r2 → a2 → s2 → g1."""
    return Model(
        elements=(
            Element("r1", "resource", "Two social workers"),
            Element("r2", "resource", "Premises"),
            Element("a1", "activity", "Parenting groups"),
            Element("a2", "activity", "Home visits"),
            Element("s1", "short_term", "Fewer conflicts at home"),
            Element("s2", "short_term", "Better school attendance"),
            Element("g1", "long_term", "More complete upper secondary school"),
        ),
        links=(Link("r1", "a1"), Link("a1", "s1"), Link("s1", "g1"), Link("r2", "a2"),
               Link("a2", "s2"), Link("s2", "g1")),
        **extra,
    )


def test_the_root_is_a_sized_svg_with_a_title_and_a_summary():
    root = render(chain_model())
    assert root.get("class") == "logic-diagram"
    assert root.get("viewBox").split()[:3] == ["0", "0", str(WIDTH)]
    assert root.get("width") == str(WIDTH)
    assert float(root.get("height")) == float(root.get("viewBox").split()[3])
    assert root.get("role") == "img"
    title = root.find(f"s:title[@id='{root.get('aria-labelledby')}']", NS)
    assert title is not None and title.text == "Logic model"
    desc = root.find(f"s:desc[@id='{root.get('aria-describedby')}']", NS)
    assert desc.text.startswith("Resources: 2. Activities: 2. Short-term outcomes: 2. "
                                "Long-term goals: 1. 6 links. 0 errors.")


def test_each_element_is_one_box_in_the_column_of_its_level_in_model_order():
    root = render(chain_model())
    groups = elements(root)
    assert list(groups) == ["r1", "r2", "a1", "a2", "s1", "s2", "g1"]
    headings = ["".join(h.itertext()) for h in root.iterfind(".//s:text[@class='heading']", NS)]
    assert headings == ["Resources", "Activities", "Short-term outcomes", "Long-term goals"]
    x = {key: float(box(g).get("x")) for key, g in groups.items()}
    y = {key: float(box(g).get("y")) for key, g in groups.items()}
    assert x["r1"] == x["r2"] < x["a1"] == x["a2"] < x["s1"] == x["s2"] < x["g1"]
    assert y["r1"] < y["r2"] and y["a1"] < y["a2"] and y["s1"] < y["s2"]
    assert len(root.findall(".//s:rect[@class='box']", NS)) == 7
    for key, group in groups.items():
        assert key in group.find(".//s:title", NS).text
        assert "level-" + chain_model().element(key).level in classes(group)


def test_long_texts_wrap_and_are_cut_with_the_full_text_in_the_title():
    text = "A parenting programme in groups for families with children " * 20
    model = Model((Element("a1", "activity", text.strip()),))
    group = elements(render(model))["a1"]
    lines = group.findall(".//s:text[@class='text']/s:tspan", NS)
    assert 1 < len(lines) <= 4
    assert lines[-1].text.endswith("…")
    assert group.find(".//s:title", NS).text == f"a1: {text.strip()}\nError: Isolated element"
    short = elements(render(Model((Element("a1", "activity", "Short"),))))["a1"]
    assert float(box(group).get("height")) > float(box(short).get("height"))


def test_wrapped_lines_keep_within_the_width_and_break_long_words():
    lines, cut = wrap("x" * 400, 200, 12, 3)
    assert len(lines) == 3 and cut and lines[-1].endswith("…")
    lines, cut = wrap("one two three", 200, 12, 3)
    assert lines == ["one two three"] and not cut
    assert wrap("   ", 200, 12, 3) == ([], False)


def test_every_link_is_one_path_with_an_arrowhead_from_source_to_target():
    root = render(chain_model())
    paths = links(root)
    assert [(p.get("data-source"), p.get("data-target")) for p in paths] == [
        (link.source, link.target) for link in chain_model().links]
    markers = {m.get("id") for m in root.iterfind(".//s:marker", NS)}
    groups = elements(root)
    for path in paths:
        assert path.get("marker-end") in {f"url(#{m})" for m in markers}
        assert path.get("d").startswith("M") and " C" in path.get("d")
        assert "link-forward" in classes(path)
        source, target = box(groups[path.get("data-source")]), box(groups[path.get("data-target")])
        start = path.get("d")[1:].split()[0].split(",")
        end = path.get("d").split()[-1].split(",")
        assert float(start[0]) == float(source.get("x")) + float(source.get("width"))
        assert float(end[0]) == float(target.get("x"))


def test_findings_mark_elements_and_links():
    model = Model(
        elements=(
            Element("r1", "resource", "Staff", (Indicator("i1", "Hours", "process", "HR"),)),
            Element("a1", "activity", "Groups"),
            Element("s1", "short_term", "Fewer conflicts",
                    (Indicator("i2", "Score", "outcome", "Survey"),)),
            Element("g1", "long_term", "School completion",
                    (Indicator("i3", "Share", "outcome", "Register", horizon_months=36),)),
            Element("g2", "long_term", "Alone"),
        ),
        links=(Link("r1", "a1"), Link("a1", "s1"), Link("s1", "g1"), Link("g1", "a1")),
    )
    findings = check(model)
    codes = {(f.code, f.element) for f in findings}
    assert {("backward_link", "g1"), ("isolated_element", "g2"),
            ("missing_process_measure", "a1")} <= codes
    root = parse(render_logic_svg(model, findings, t))
    groups = elements(root)
    assert "has-error" in classes(groups["g2"])
    assert "has-error" in classes(groups["a1"])
    assert "Error: Activity without process measure" in groups["a1"].find(".//s:title", NS).text
    assert "Error: Isolated element" in groups["g2"].find(".//s:title", NS).text
    assert not classes(groups["r1"]) & {"has-error", "has-warning"}
    badge = groups["g2"].find(".//s:g[@class='badge badge-error']", NS)
    assert "".join(badge.itertext()) == "!"
    (back,) = [p for p in links(root) if p.get("data-source") == "g1"]
    assert {"link-backward", "link-finding", "link-error"} <= classes(back)
    assert back.get("stroke-dasharray")
    assert "Backward link" in back.find("s:title", NS).text
    # The cycle a1 → s1 → g1 → a1 marks all of its links.
    cycle = [p for p in links(root) if "link-error" in classes(p)]
    assert {(p.get("data-source"), p.get("data-target")) for p in cycle} == {
        ("a1", "s1"), ("s1", "g1"), ("g1", "a1")}
    plain = [p for p in links(root) if p.get("data-source") == "r1"]
    assert "link-finding" not in classes(plain[0])
    desc = root.find("s:desc", NS).text
    errors = sum(f.severity == "error" for f in findings)
    assert f"{errors} errors" in desc


def test_warnings_and_indicators_are_shown():
    model = chain_model(purpose="Children finish school")
    model = Model(
        elements=tuple(
            Element(e.key, e.level, e.text,
                    (Indicator(f"p{e.key}", "Sessions", "process", "Log"),
                     Indicator(f"q{e.key}", "Share", "process", "Log"))
                    if e.key == "a1" else
                    (Indicator(f"o{e.key}", "Share", "outcome", "Register"),)
                    if e.level == "short_term" else ())
            for e in model.elements
        ) + (Element("s3", "short_term", "Calmer evenings"),),
        links=model.links + (Link("s1", "s3"), Link("s3", "g1")),
        purpose=model.purpose,
    )
    root = render(model)
    groups = elements(root)
    assert "has-warning" in classes(groups["s1"])  # the link within a level
    assert "?" == "".join(groups["s1"].find(".//s:g[@class='badge badge-warning']",
                                            NS).itertext())
    (same,) = [p for p in links(root) if p.get("data-target") == "s3" and
               p.get("data-source") == "s1"]
    assert {"link-same-level", "link-warning"} <= classes(same) and same.get("stroke-dasharray")
    indicator_text = {key: "".join(g.find(".//s:text[@class='indicators']", NS).itertext())
                      for key, g in groups.items()
                      if g.find(".//s:text[@class='indicators']", NS) is not None}
    assert indicator_text == {"a1": "2 process measures", "s1": "1 outcome indicator",
                              "s2": "1 outcome indicator"}
    purpose = root.find(".//s:g[@class='purpose']", NS)
    assert "Overall purpose" in "".join(purpose.itertext())
    assert "Children finish school" in "".join(purpose.itertext())
    # The purpose band is above the columns.
    band_bottom = (float(purpose.find("s:rect", NS).get("y"))
                   + float(purpose.find("s:rect", NS).get("height")))
    assert all(float(box(g).get("y")) > band_bottom for g in groups.values())


def test_findings_without_an_element_are_ignored_by_the_drawing():
    model = chain_model()
    findings = [Finding("no_goal", None), Finding("isolated_element", "not-a-key")]
    root = parse(render_logic_svg(model, findings, t))
    assert not root.xpath("//*[contains(@class, 'has-error') or contains(@class, 'has-warning')"
                          " or contains(@class, 'link-finding')]")
    assert "2 errors" in root.find("s:desc", NS).text


HOSTILE = '<script>alert(1)</script>" onload="alert(2)'


def test_user_text_is_escaped_and_inert():
    model = Model(
        elements=(Element("r1", "resource", HOSTILE), Element("a1", "activity", "x & y < z")),
        links=(Link("r1", "a1"),),
        purpose=HOSTILE,
    )
    svg = render_logic_svg(model, check(model), t, title=HOSTILE,
                           element_href=lambda key: f"/e/{key}?a=1&b=\"2\"")
    root = parse(svg)
    assert not root.xpath("//*[local-name()='script']")
    for node in root.iter():
        assert not [name for name in node.attrib if name.lower().startswith("on")]
        assert "style" not in node.attrib
    assert root.find("s:title", NS).text == HOSTILE
    texts = "".join(root.itertext())
    assert "<script>alert(1)</script>" in texts and "x & y < z" in texts
    group = elements(root)["r1"]
    assert HOSTILE in group.find(".//s:title", NS).text
    assert group.find("s:a", NS).get("href") == '/e/r1?a=1&b="2"'
    assert HOSTILE in group.find("s:a/s:title", NS).text


def test_control_characters_and_unsafe_urls():
    model = Model((Element("r1", "resource", "Tab\tand\x00null\x0bvt"),))
    root = render(model)
    assert "Tab and" in "".join(root.itertext())
    with pytest.raises(ValueError):
        render_logic_svg(model, [], t, element_href=lambda key: " java\tscript:alert(1)")
    with pytest.raises(ValueError):
        render_logic_svg(model, [], t, id_prefix='x" onload="y')


def test_elements_are_links_with_labels_when_urls_are_given():
    model = chain_model()
    root = render(model, element_href=lambda key: f"/projects/1/logic-model?focus={key}")
    assert root.get("role") == "group"
    groups = elements(root)
    for key, group in groups.items():
        (anchor,) = group.findall("s:a", NS)
        assert anchor.get("href") == f"/projects/1/logic-model?focus={key}"
        assert anchor.find(".//s:rect[@class='box']", NS) is not None
        assert anchor.find(".//s:rect[@class='focus-ring']", NS) is not None
    # The link is named by its title (no aria-label that could differ from the visible text).
    assert groups["a1"].find("s:a", NS).get("aria-label") is None
    label = groups["a1"].find("s:a/s:title", NS).text
    assert label.startswith("Activity a1: Parenting groups")
    assert "Leads to s1" in label
    # Without URLs there are no links.
    assert not render(model).xpath("//*[local-name()='a']")


def test_focus_highlights_the_chains_through_an_element():
    model = chain_model(purpose="")
    root = render(model, focus=chains_through(model, "a1"))
    groups = elements(root)
    assert {"focused", "on-chain"} <= classes(groups["a1"])
    for key in ("r1", "s1", "g1"):
        assert "on-chain" in classes(groups[key]) and "dimmed" not in classes(groups[key])
    for key in ("r2", "a2", "s2"):
        assert "dimmed" in classes(groups[key]) and groups[key].get("opacity")
    by_pair = {(p.get("data-source"), p.get("data-target")): classes(p) for p in links(root)}
    assert "on-chain" in by_pair[("r1", "a1")] and "on-chain" in by_pair[("s1", "g1")]
    assert "dimmed" in by_pair[("r2", "a2")] and "dimmed" in by_pair[("s2", "g1")]
    assert "the chains through a1" in root.find("s:desc", NS).text
    # An element on no complete chain is focused and everything else dimmed.
    lone = Model(model.elements + (Element("a9", "activity", "Alone"),), model.links)
    groups = elements(render(lone, focus=chains_through(lone, "a9")))
    assert "focused" in classes(groups["a9"]) and "dimmed" not in classes(groups["a9"])
    assert all("dimmed" in classes(g) for key, g in groups.items() if key != "a9")


def test_ids_are_unique_with_two_diagrams_on_one_page():
    model = chain_model()
    first = render_logic_svg(model, check(model), t, id_prefix="lm")
    second = render_logic_svg(model, check(model), t, id_prefix="lm2")
    page = parse(f'<svg xmlns="{SVG}">{first}{second}</svg>')
    ids = [node.get("id") for node in page.iter() if node.get("id")]
    assert len(ids) == len(set(ids)) > 4
    inner = parse(second)
    references = {inner.get("aria-labelledby"), inner.get("aria-describedby")}
    references |= {p.get("marker-end")[5:-1] for p in links(inner)}
    assert all(ref.startswith("lm2-") for ref in references)
    assert references <= {node.get("id") for node in inner.iter()}


def test_the_output_is_deterministic():
    model = chain_model(purpose="Children finish school")
    findings = check(model)
    focus = chains_through(model, "s1")
    outputs = {render_logic_svg(model, findings, t, focus=focus, element_href=str)
               for _ in range(3)}
    assert len(outputs) == 1


def test_backward_and_same_level_links_stay_visible_outside_the_boxes():
    model = Model(
        elements=(Element("r1", "resource", "Staff"), Element("a1", "activity", "Groups"),
                  Element("a2", "activity", "Visits"), Element("g1", "long_term", "Goal")),
        links=(Link("r1", "a1"), Link("a1", "a2"), Link("g1", "r1")),
    )
    root = render(model)
    by_pair = {(p.get("data-source"), p.get("data-target")): p for p in links(root)}
    back = by_pair[("g1", "r1")]
    numbers = [float(v) for point in back.get("d").replace("M", " ").replace("C", " ")
               .replace("L", " ").split() for v in point.split(",")]
    lowest_box = max(float(box(g).get("y")) + float(box(g).get("height"))
                     for g in elements(root).values())
    assert max(numbers[1::2]) > lowest_box  # it runs under the columns
    assert max(numbers[1::2]) < float(root.get("height"))
    same = by_pair[("a1", "a2")]
    assert "link-same-level" in classes(same) and same.get("stroke-dasharray")
    a1 = box(elements(root)["a1"])
    right = float(a1.get("x")) + float(a1.get("width"))
    xs = [float(point.split(",")[0]) for point in same.get("d")[1:].replace("C", "").split()]
    assert min(xs) == right and max(xs) > right  # loops out to the right


def sixty() -> Model:
    texts = ["Short", "A somewhat longer text about what the element is",
             "A very long text " * 30]
    elements_ = []
    links_ = []
    for rank, level in enumerate(LEVELS):
        for i in range(15):
            elements_.append(Element(f"{level[0]}{i}", level, texts[(i + rank) % 3]))
    for rank in range(3):
        for i in range(15):
            links_.append(Link(f"{LEVELS[rank][0]}{i}", f"{LEVELS[rank + 1][0]}{(i * 7) % 15}"))
    return Model(tuple(elements_), tuple(links_))


def test_a_model_of_sixty_elements_fits_without_overlapping_boxes():
    model = sixty()
    root = render(model)
    height = float(root.get("height"))
    by_column: dict[float, list[tuple[float, float]]] = {}
    for group in elements(root).values():
        rect = box(group)
        x, y, h = float(rect.get("x")), float(rect.get("y")), float(rect.get("height"))
        assert 0 <= x and x + float(rect.get("width")) <= WIDTH
        assert 0 <= y and y + h <= height
        by_column.setdefault(x, []).append((y, y + h))
    assert len(by_column) == 4 and all(len(c) == 15 for c in by_column.values())
    for spans in by_column.values():
        spans.sort()
        for (_top, bottom), (next_top, _bottom) in zip(spans, spans[1:], strict=False):
            assert bottom < next_top
    columns = sorted(by_column)
    assert all(columns[i] + 216 < columns[i + 1] for i in range(3))
    assert len(links(root)) == 45


def test_an_empty_model_still_draws_the_columns():
    root = render(Model())
    assert len(root.findall(".//s:text[@class='heading']", NS)) == 4
    assert not elements(root) and root.get("role") == "img"


def large(n: int) -> Model:
    per = n // 4
    elements_ = tuple(Element(f"{level[0]}{i}", level, f"Element {i} on level {level} with "
                              "words enough to wrap over two lines or more")
                      for level in LEVELS for i in range(per))
    links_ = []
    for rank in range(3):
        for i in range(per):
            links_.append(Link(elements_[rank * per + i].key,
                               elements_[(rank + 1) * per + (i * 3) % per].key))
    links_ += [Link(elements_[3 * per + i].key, elements_[i].key) for i in range(0, per, 25)]
    return Model(elements_, tuple(links_))


def test_rendering_is_fast():
    model = large(200)
    findings = check(model)
    start = time.perf_counter()
    render_logic_svg(model, findings, t, element_href=lambda key: f"/e/{key}")
    assert time.perf_counter() - start < 0.2
    model = large(10_000)
    findings = check(model)
    start = time.perf_counter()
    svg = render_logic_svg(model, findings, t, element_href=lambda key: f"/e/{key}")
    assert time.perf_counter() - start < 5
    assert svg.count('class="box"') == 10_000
