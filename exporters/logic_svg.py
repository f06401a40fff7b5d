"""The logic model drawn on the server as one SVG: four columns, boxes, arrows and findings.

``render_logic_svg`` lays the model out in plain Python and writes the SVG as text, escaping
every piece of user text. The drawing carries its own presentation attributes (fill, stroke,
fonts), so it reads as a standalone ``.svg`` file; on the page,
``webapp/static/css/logic-diagram.css`` adds hover, focus and print rules through the classes.
There are no ``style`` attributes, scripts or event attributes, so the page's Content-Security-
Policy needs nothing extra.

Layout: one column per level, left to right, elements in the model's order. Box heights follow
the wrapped text; each column is stacked on its own and the drawing is as tall as the tallest
column. Forward links are cubic Béziers from the right edge of the source to the left edge of the
target. Links within a level loop through the gap right of the column; backward links go down
that gap, along a lane under the columns and up into the target, both dashed. Work is linear in
the number of elements and links, and the output depends on the input only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from models.domain import N_
from models.domain.logic import (
    ERROR,
    LEVEL_LABELS,
    LEVEL_SINGULAR,
    LEVELS,
    RANK,
    SEVERITY_LABELS,
    WARNING,
    Chains,
    Element,
    Finding,
    Model,
)

#: Called as ``t(msgid, **params)``; returns the translated text with the params filled in.
Translate = Callable[..., str]
#: Returns the URL an element's box links to, given its key.
ElementHref = Callable[[str], str]

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', Arimo, sans-serif"

# Geometry, in user units (1 unit = 1 CSS pixel at full size).
WIDTH = 1100
MARGIN = 28  # room left and right of the outer columns for looping links
COLUMN_WIDTH = 216
GAP = 60
PAD = 8  # inside a box, left and right
BOX_GAP = 12
RADIUS = 6
TOP = 12

TEXT_SIZE = 12
TEXT_LINE = 15
KEY_SIZE = 11
INDICATOR_SIZE = 10.5
INDICATOR_LINE = 13
HEADING_SIZE = 13
HEADING_LINE = 16

MAX_TEXT_LINES = 4
MAX_INDICATOR_LINES = 2
MAX_HEADING_LINES = 2
MAX_PURPOSE_LINES = 3
#: Backward links share this many lanes under the columns.
LANES = 6
LANE_STEP = 6
CORNER = 8
ELLIPSIS = "…"

# Colours of the site (satsa.css); text colours meet WCAG AA on the fills they are drawn on.
INK = "#1b1f24"
MUTED = "#4f5964"
SOFT = "#f3f5f8"
WHITE = "#ffffff"
BRAND = "#0b5394"
PURPOSE_BG = "#eaf1f8"
ERROR_INK = "#a31515"
ERROR_BG = "#fdecec"
WARNING_INK = "#7a4b00"
WARNING_BG = "#fff4d6"
DIMMED_OPACITY = "0.3"

#: Finding codes that concern one link (the finding's element is the source, related the target).
LINK_CODES = frozenset({"backward_link", "same_level_link", "skipped_level"})

_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ATTR_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")
_UNSAFE_URL = re.compile(r"(javascript|vbscript|data):", re.IGNORECASE)
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")
_SPACES = re.compile(r"\s+")


def _text(value: str) -> str:
    """Return ``value`` as XML character data."""
    return escape(_INVALID_XML.sub("", value))


def _attr(value: str) -> str:
    """Return ``value`` as a double-quoted XML attribute value."""
    return '"' + escape(_INVALID_XML.sub("", value), _ATTR_ENTITIES) + '"'


def _n(value: float) -> str:
    """Return a coordinate with at most one decimal."""
    return str(round(value, 1)).removesuffix(".0")


# --- Text measurement -------------------------------------------------------------------------
# Widths in em of a proportional sans-serif font, by kind of character. They are those of the
# wider common fallback fonts, so wrapped lines stay inside their boxes whichever font is used.

_NARROW = frozenset("il.,:;|!'`ıjI")
_SEMI = frozenset("frt()[]{}-/\\ \"*")
_WIDE = frozenset("mwMW@%")
_em_cache: dict[str, float] = {}
#: Widths of words already measured; words repeat a lot within one model.
_word_cache: dict[str, float] = {}
_WORD_CACHE_SIZE = 50_000


def _char_em(char: str) -> float:
    em = _em_cache.get(char)
    if em is None:
        if char in _NARROW:
            em = 0.3
        elif char in _SEMI:
            em = 0.4
        elif char in _WIDE:
            em = 0.98
        elif ord(char) >= 0x2E80:
            em = 1.0
        elif char.isupper():
            em = 0.76
        elif char.isdigit():
            em = 0.64
        else:
            em = 0.62
        _em_cache[char] = em
    return em


def _em(text: str) -> float:
    em = _word_cache.get(text)
    if em is None:
        em = sum(map(_char_em, text))
        if len(_word_cache) >= _WORD_CACHE_SIZE:
            _word_cache.clear()
        _word_cache[text] = em
    return em


def _fit(text: str, limit: float) -> str:
    """Return the longest start of ``text`` that is at most ``limit`` em wide (at least 1 char)."""
    total = 0.0
    for index, char in enumerate(text):
        total += _char_em(char)
        if total > limit:
            return text[:max(index, 1)]
    return text


def wrap(text: str, width: float, size: float, max_lines: int, *,
         bold: bool = False) -> tuple[list[str], bool]:
    """Wrap ``text`` into lines at most ``width`` units wide in a font of ``size``.

    Returns the lines and whether the text was cut; a cut text ends with "…". Words wider than a
    line are broken. Stops measuring once ``max_lines`` are full, so long texts cost no more.
    """
    limit = width / (size * (1.08 if bold else 1.0))
    space = _char_em(" ")
    lines: list[str] = []
    current: list[str] = []
    current_em = 0.0
    cut = False
    for word in _INVALID_XML.sub("", text).split():
        word_em = _em(word)
        while word_em > limit:  # a word wider than a line: break it
            if current:
                lines.append(" ".join(current))
                current, current_em = [], 0.0
            if len(lines) >= max_lines:
                break
            head = _fit(word, limit)
            lines.append(head)
            word = word[len(head):]
            word_em = _em(word)
        if len(lines) >= max_lines:
            cut = bool(word) or bool(current)
            break
        if current and current_em + space + word_em > limit:
            lines.append(" ".join(current))
            current, current_em = [], 0.0
            if len(lines) >= max_lines:
                cut = True
                break
        if word:
            current_em += (space if current else 0.0) + word_em
            current.append(word)
    else:
        if current:
            lines.append(" ".join(current))
    if cut and lines:
        last = _fit(lines[-1], limit - _char_em(ELLIPSIS))
        if last != lines[-1]:
            # Cut back to a word boundary when one is near, else mid-word.
            space_at = last.rfind(" ")
            if space_at > len(last) // 2:
                last = last[:space_at]
        lines[-1] = last.rstrip() + ELLIPSIS
    return lines, cut


# --- Layout -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Box:
    element: Element
    rank: int
    x: float
    y: float = 0.0
    height: float = 0.0
    key_line: str = ""
    lines: list[str] = field(default_factory=list)
    indicator_lines: list[str] = field(default_factory=list)
    severity: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def right(self) -> float:
        return self.x + COLUMN_WIDTH

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


def column_x(rank: int) -> float:
    return MARGIN + rank * (COLUMN_WIDTH + GAP)


def _indicator_summary(element: Element, t: Translate) -> str:
    kinds: dict[str, int] = {}
    for indicator in element.indicators:
        kinds[indicator.kind] = kinds.get(indicator.kind, 0) + 1
    parts = []
    for kind, count in kinds.items():
        if kind == "process":
            parts.append(_count(t, count, N_("%(count)s process measure"),
                                N_("%(count)s process measures")))
        elif kind == "outcome":
            parts.append(_count(t, count, N_("%(count)s outcome indicator"),
                                N_("%(count)s outcome indicators")))
        else:
            parts.append(_count(t, count, N_("%(count)s indicator"), N_("%(count)s indicators")))
    return ", ".join(parts)


def _count(t: Translate, count: int, one: str, many: str) -> str:
    return t(one if count == 1 else many, count=count)


def _finding_line(finding: Finding, t: Translate) -> str:
    title = t(finding.title)
    if finding.code in LINK_CODES and finding.related:
        title = f"{title} (→ {finding.related[0]})"
    elif finding.code == "cycle" and finding.related:
        title = f"{title} ({', '.join((finding.element or '', *finding.related))})"
    elif finding.detail:
        title = f"{title} ({finding.detail})"
    return t(N_("%(severity)s: %(title)s"), severity=t(SEVERITY_LABELS[finding.severity]),
             title=title)


# --- Rendering --------------------------------------------------------------------------------


def render_logic_svg(
    model: Model,
    findings: Sequence[Finding],
    t: Translate,
    *,
    focus: Chains | None = None,
    element_href: ElementHref | None = None,
    title: str = "",
    id_prefix: str = "lm",
) -> str:
    """Return the logic model as one ``<svg>`` element (a string).

    ``findings`` are those of ``check(model)``; elements and links they concern are marked.
    ``focus`` (from ``chains_through``) highlights the chains through one element and dims the
    rest. With ``element_href`` each box is a link to the URL it returns for the element's key.
    ``id_prefix`` starts every id in the drawing; give each diagram on a page its own.
    """
    if not _ID_PREFIX.fullmatch(id_prefix):
        raise ValueError("id_prefix must be a letter followed by letters, digits, - or _")

    # Elements and their findings.
    boxes: dict[str, _Box] = {}
    per_column: list[list[_Box]] = [[] for _ in LEVELS]
    for element in model.elements:
        rank = RANK.get(element.level)
        if rank is None or element.key in boxes:
            continue
        box = _Box(element, rank, column_x(rank))
        boxes[element.key] = box
        per_column[rank].append(box)

    link_severity: dict[tuple[str, str], str] = {}
    cycle_of: dict[str, int] = {}
    errors = warnings = 0
    for number, finding in enumerate(findings):
        if finding.severity == ERROR:
            errors += 1
        elif finding.severity == WARNING:
            warnings += 1
        box = boxes.get(finding.element) if finding.element else None
        if box is None:
            continue
        box.findings.append(finding)
        if box.severity != ERROR:
            box.severity = finding.severity
        if finding.code in LINK_CODES and finding.related:
            pair = (finding.element, finding.related[0])
            if link_severity.get(pair) != ERROR:
                link_severity[pair] = finding.severity
        elif finding.code == "cycle":
            for key in (finding.element, *finding.related):
                cycle_of[key] = number

    links = [(link.source, link.target) for link in model.links
             if link.source in boxes and link.target in boxes and link.source != link.target]
    for source, target in links:
        if source in cycle_of and cycle_of.get(target) == cycle_of[source]:
            link_severity[(source, target)] = ERROR
    outgoing: dict[str, list[str]] = {}
    for source, target in links:
        outgoing.setdefault(source, []).append(target)

    # Vertical layout.
    y = TOP
    purpose = _SPACES.sub(" ", model.purpose).strip()
    purpose_parts: list[str] = []
    if purpose:
        purpose_lines, _cut = wrap(purpose, WIDTH - 2 * MARGIN - 2 * 12, TEXT_SIZE,
                                   MAX_PURPOSE_LINES)
        band_height = 10 + 14 + len(purpose_lines) * TEXT_LINE + 6
        purpose_parts = _purpose(model.purpose, purpose_lines, y, band_height, t)
        y += band_height + 12

    headings = [wrap(t(LEVEL_LABELS[level]), COLUMN_WIDTH - 2 * PAD, HEADING_SIZE,
                     MAX_HEADING_LINES, bold=True)[0] for level in LEVELS]
    heading_height = 12 + HEADING_LINE * max(len(lines) for lines in headings) + 6
    columns_top = y
    boxes_top = y + heading_height
    bottom = boxes_top + 8
    for column in per_column:
        cursor = boxes_top
        for box in column:
            _measure(box, t)
            box.y = cursor
            cursor += box.height + BOX_GAP
        bottom = max(bottom, cursor)
    columns_bottom = bottom

    ranks = {key: box.rank for key, box in boxes.items()}
    backward = sum(1 for source, target in links if ranks[target] < ranks[source])
    lanes_top = columns_bottom + 8
    height = lanes_top + (min(backward, LANES) * LANE_STEP + 10 if backward else 0) + 4

    # Focus.
    focus_nodes = focus.nodes if focus is not None else frozenset()
    focus_edges = focus.edges if focus is not None else frozenset()

    p = id_prefix
    interactive = element_href is not None and bool(boxes)
    diagram_title = title or t(N_("Logic model"))
    out: list[str] = [
        f'<svg xmlns="{SVG_NS}" class="logic-diagram" viewBox="0 0 {WIDTH} {_n(height)}"'
        f' width="{WIDTH}" height="{_n(height)}" role="{"group" if interactive else "img"}"'
        f' aria-labelledby="{p}-title" aria-describedby="{p}-desc"'
        f' font-family="{FONT_FAMILY}" font-size="{TEXT_SIZE}">',
        f'<title id="{p}-title">{_text(diagram_title)}</title>',
        f'<desc id="{p}-desc">'
        f'{_text(_description(model, per_column, len(links), errors, warnings, focus, t))}</desc>',
        _markers(p),
        f'<rect class="background" x="0" y="0" width="{WIDTH}" height="{_n(height)}"'
        f' fill="{WHITE}"/>',
    ]
    out += purpose_parts
    out.append('<g class="columns" aria-hidden="true">')
    for rank, level in enumerate(LEVELS):
        x = column_x(rank)
        out.append(
            f'<rect class="column-bg column-{level}" x="{_n(x)}" y="{_n(columns_top)}"'
            f' width="{COLUMN_WIDTH}" height="{_n(columns_bottom - columns_top)}" rx="{RADIUS}"'
            f' fill="{SOFT}"/>'
        )
        out.append(f'<text class="heading" x="{_n(x + COLUMN_WIDTH / 2)}" text-anchor="middle"'
                   f' font-size="{HEADING_SIZE}" font-weight="bold" fill="{INK}">')
        for index, line in enumerate(headings[rank]):
            out.append(f'<tspan x="{_n(x + COLUMN_WIDTH / 2)}"'
                       f' y="{_n(columns_top + 22 + index * HEADING_LINE)}">{_text(line)}</tspan>')
        out.append("</text>")
    out.append("</g>")

    # Links under the boxes: plain first, then those with findings, then the focused chains.
    drawn: list[tuple[int, str]] = []
    lane = 0
    for source, target in links:
        a, b = boxes[source], boxes[target]
        step = b.rank - a.rank
        if step > 0:
            kind = "link-forward" if step == 1 else "link-skip"
            d = _forward_path(a, b)
        elif step == 0:
            kind = "link-same-level"
            d = _same_level_path(a, b)
        else:
            kind = "link-backward"
            d = _backward_path(a, b, lane % LANES, lanes_top)
            lane += 1
        severity = link_severity.get((source, target))
        on_chain = (source, target) in focus_edges
        classes = ["link", kind]
        stroke, width, marker = MUTED, "1.25", "arrow"
        if severity:
            classes += ["link-finding", f"link-{severity}"]
            stroke, width = (ERROR_INK, "2.25") if severity == ERROR else (WARNING_INK, "2")
            marker = f"arrow-{severity}"
        attrs = ""
        if focus is not None:
            if on_chain:
                classes.append("on-chain")
                width = "2.75"
                if not severity:
                    stroke, marker = BRAND, "arrow-chain"
            else:
                classes.append("dimmed")
                attrs += f' opacity="{DIMMED_OPACITY}"'
        if kind in ("link-backward", "link-same-level"):
            attrs += ' stroke-dasharray="6 4"'
        label = f"{source} → {target}"
        tooltip = "\n".join([label] + [_finding_line(f, t) for f in boxes[source].findings
                                       if f.code in LINK_CODES and f.related[:1] == (target,)])
        drawn.append((
            2 if on_chain else 1 if severity else 0,
            f'<path class="{" ".join(classes)}" data-source={_attr(source)}'
            f' data-target={_attr(target)} d="{d}" fill="none" stroke="{stroke}"'
            f' stroke-width="{width}"{attrs} marker-end="url(#{p}-{marker})">'
            f'<title>{_text(tooltip)}</title></path>'
        ))
    out.append('<g class="links" aria-hidden="true">')
    out += [svg for _order, svg in sorted(drawn, key=lambda item: item[0])]
    out.append("</g>")

    out.append('<g class="elements">')
    for rank, level in enumerate(LEVELS):
        out.append(f'<g class="level level-{level}" role="list"'
                   f' aria-label={_attr(t(LEVEL_LABELS[level]))}>' if interactive
                   else f'<g class="level level-{level}">')
        for box in per_column[rank]:
            out.append(_element(box, t, focus, focus_nodes, element_href, outgoing))
        out.append("</g>")
    out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _measure(box: _Box, t: Translate) -> None:
    """Wrap the element's texts and set the box height from them."""
    inner = COLUMN_WIDTH - 2 * PAD
    box.key_line = wrap(box.element.key, inner - 24, KEY_SIZE, 1, bold=True)[0][0] \
        if box.element.key.strip() else ""
    box.lines = wrap(box.element.text, inner, TEXT_SIZE, MAX_TEXT_LINES)[0]
    summary = _indicator_summary(box.element, t) if box.element.indicators else ""
    box.indicator_lines = wrap(summary, inner, INDICATOR_SIZE, MAX_INDICATOR_LINES)[0]
    height = 8 + 14 + len(box.lines) * TEXT_LINE
    if box.indicator_lines:
        height += 3 + len(box.indicator_lines) * INDICATOR_LINE
    box.height = height + 7


def _purpose(text: str, lines: list[str], y: float, height: float, t: Translate) -> list[str]:
    x = MARGIN
    width = WIDTH - 2 * MARGIN
    parts = [
        '<g class="purpose">',
        f'<title>{_text(t(N_("Overall purpose")) + ": " + text)}</title>',
        f'<rect class="purpose-band" x="{x}" y="{_n(y)}" width="{width}" height="{_n(height)}"'
        f' rx="{RADIUS}" fill="{PURPOSE_BG}" stroke="{BRAND}" stroke-width="1.5"/>',
        f'<text class="purpose-label" x="{x + 12}" y="{_n(y + 20)}" font-weight="bold"'
        f' fill="{INK}">{_text(t(N_("Overall purpose")))}</text>',
        f'<text class="purpose-text" fill="{INK}">',
    ]
    for index, line in enumerate(lines):
        parts.append(f'<tspan x="{x + 12}" y="{_n(y + 20 + (index + 1) * TEXT_LINE)}">'
                     f'{_text(line)}</tspan>')
    parts += ["</text>", "</g>"]
    return parts


def _markers(p: str) -> str:
    parts = ["<defs>"]
    for name, colour in (("arrow", MUTED), ("arrow-error", ERROR_INK),
                         ("arrow-warning", WARNING_INK), ("arrow-chain", BRAND)):
        parts.append(
            f'<marker id="{p}-{name}" class="marker-{name}" viewBox="0 0 10 10" refX="9"'
            f' refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse"'
            f' orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    return "".join(parts)


def _forward_path(a: _Box, b: _Box) -> str:
    x1, y1, x2, y2 = a.right, a.middle, b.x, b.middle
    bend = min((x2 - x1) / 2, 80.0)
    return (f"M{_n(x1)},{_n(y1)} C{_n(x1 + bend)},{_n(y1)} {_n(x2 - bend)},{_n(y2)}"
            f" {_n(x2)},{_n(y2)}")


def _same_level_path(a: _Box, b: _Box) -> str:
    """Loop out of the right edge of ``a`` and back into the right edge of ``b``."""
    x1, y1 = a.right, a.middle + 4
    x2, y2 = b.right, b.middle - 4
    room = (GAP if a.rank < len(LEVELS) - 1 else MARGIN) - 6
    bend = min(room, 18 + abs(y2 - y1) * 0.12)
    return (f"M{_n(x1)},{_n(y1)} C{_n(x1 + bend)},{_n(y1)} {_n(x2 + bend)},{_n(y2)}"
            f" {_n(x2)},{_n(y2)}")


def _backward_path(a: _Box, b: _Box, lane: int, lanes_top: float) -> str:
    """Go down the gap right of ``a``, left along a lane under the columns, up into ``b``."""
    x1, y1, x2, y2 = a.right, a.middle, b.x, b.middle
    xs = x1 + 8 + 2.5 * lane
    xt = x2 - 8 - 2.5 * lane
    yl = lanes_top + 6 + LANE_STEP * lane
    c = CORNER
    return (
        f"M{_n(x1)},{_n(y1)} C{_n(xs)},{_n(y1)} {_n(xs)},{_n(y1)} {_n(xs)},{_n(y1 + c)}"
        f" L{_n(xs)},{_n(yl - c)} C{_n(xs)},{_n(yl)} {_n(xs)},{_n(yl)} {_n(xs - c)},{_n(yl)}"
        f" L{_n(xt + c)},{_n(yl)} C{_n(xt)},{_n(yl)} {_n(xt)},{_n(yl)} {_n(xt)},{_n(yl - c)}"
        f" L{_n(xt)},{_n(y2 + c)} C{_n(xt)},{_n(y2)} {_n(xt)},{_n(y2)} {_n(x2)},{_n(y2)}"
    )


def _element(box: _Box, t: Translate, focus: Chains | None, focus_nodes: frozenset[str],
             element_href: ElementHref | None, outgoing: dict[str, list[str]]) -> str:
    element = box.element
    key = element.key
    classes = ["element", f"level-{element.level}"]
    fill, stroke, stroke_width, dash = WHITE, MUTED, "1", ""
    if box.severity == ERROR:
        classes.append("has-error")
        fill, stroke, stroke_width = ERROR_BG, ERROR_INK, "3"
    elif box.severity == WARNING:
        classes.append("has-warning")
        fill, stroke, stroke_width, dash = WARNING_BG, WARNING_INK, "2", ' stroke-dasharray="5 3"'
    group_attrs = ""
    if focus is not None:
        if key in focus_nodes:
            classes.append("on-chain")
            if not box.severity:
                stroke, stroke_width = BRAND, "2.5"
        if key == focus.element:
            classes.append("focused")
            stroke_width = "4"
        elif key not in focus_nodes:
            classes.append("dimmed")
            group_attrs = f' opacity="{DIMMED_OPACITY}"'

    x, y, h = box.x, box.y, box.height
    finding_lines = [_finding_line(f, t) for f in box.findings]
    summary = _indicator_summary(element, t) if element.indicators else ""
    tooltip = "\n".join([f"{key}: {element.text}"] + ([summary] if summary else [])
                        + finding_lines)

    if element_href is not None:
        group_attrs += ' role="listitem"'
    parts = [f'<g class="{" ".join(classes)}" data-key={_attr(key)}{group_attrs}>']
    if element_href is not None:
        href = element_href(key)
        if _UNSAFE_URL.match(_CONTROL_AND_SPACE.sub("", href)):
            raise ValueError("element_href returned a URL with an unsafe scheme")
        sentences = [t(N_("%(level)s %(key)s: %(text)s"), level=t(LEVEL_SINGULAR[element.level]),
                       key=key, text=_SPACES.sub(" ", element.text).strip())]
        if key in outgoing:
            sentences.append(t(N_("Leads to %(keys)s"), keys=", ".join(outgoing[key])))
        if summary:
            sentences.append(summary)
        sentences += finding_lines
        # The link's <title> is its accessible name (and tooltip): an aria-label would have to
        # repeat the visible, wrapped and possibly shortened text word for word.
        tooltip = ". ".join(sentence.rstrip(". ") for sentence in sentences) + "."
        parts.append(f'<a class="element-link" href={_attr(href)}>')
    parts.append(f"<title>{_text(tooltip)}</title>")
    if element_href is not None:
        parts.append(f'<rect class="focus-ring" x="{_n(x - 5)}" y="{_n(y - 5)}"'
                     f' width="{COLUMN_WIDTH + 10}" height="{_n(h + 10)}" rx="{RADIUS + 4}"'
                     f' fill="none" stroke="none"/>')
    parts.append(
        f'<rect class="box" x="{_n(x)}" y="{_n(y)}" width="{COLUMN_WIDTH}" height="{_n(h)}"'
        f' rx="{RADIUS}" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"{dash}/>'
    )
    if box.key_line:
        parts.append(f'<text class="key" x="{_n(x + PAD)}" y="{_n(y + 18)}"'
                     f' font-size="{KEY_SIZE}" font-weight="bold" fill="{MUTED}">'
                     f'{_text(box.key_line)}</text>')
    if box.severity:
        parts.append(_badge(box.severity, x + COLUMN_WIDTH - 14, y + 14))
    cursor = y + 8 + 14
    parts.append(f'<text class="text" fill="{INK}">')
    for line in box.lines:
        parts.append(f'<tspan x="{_n(x + PAD)}" y="{_n(cursor + 11)}">{_text(line)}</tspan>')
        cursor += TEXT_LINE
    parts.append("</text>")
    if box.indicator_lines:
        cursor += 3
        parts.append(f'<text class="indicators" font-size="{INDICATOR_SIZE}" fill="{MUTED}">')
        for line in box.indicator_lines:
            parts.append(f'<tspan x="{_n(x + PAD)}" y="{_n(cursor + 10)}">{_text(line)}</tspan>')
            cursor += INDICATOR_LINE
        parts.append("</text>")
    if element_href is not None:
        parts.append("</a>")
    parts.append("</g>")
    return "".join(parts)


def _badge(severity: str, cx: float, cy: float) -> str:
    """A marker that does not rely on colour: "!" in a circle (error), "?" in a square."""
    if severity == ERROR:
        shape = f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="8" fill="{ERROR_INK}"/>'
        sign = "!"
    else:
        shape = (f'<rect x="{_n(cx - 8)}" y="{_n(cy - 8)}" width="16" height="16" rx="2"'
                 f' fill="{WARNING_INK}"/>')
        sign = "?"
    return (f'<g class="badge badge-{severity}" aria-hidden="true">{shape}'
            f'<text x="{_n(cx)}" y="{_n(cy + 4.5)}" text-anchor="middle" font-size="12"'
            f' font-weight="bold" fill="{WHITE}">{sign}</text></g>')


def _description(model: Model, per_column: list[list[_Box]], links: int, errors: int,
                 warnings: int, focus: Chains | None, t: Translate) -> str:
    sentences: list[str] = []
    purpose = _SPACES.sub(" ", model.purpose).strip()
    if purpose:
        sentences.append(t(N_("%(label)s: %(value)s"), label=t(N_("Overall purpose")),
                           value=purpose))
    sentences += [t(N_("%(label)s: %(value)s"), label=t(LEVEL_LABELS[level]),
                    value=len(per_column[rank])) for rank, level in enumerate(LEVELS)]
    sentences += [
        _count(t, links, N_("%(count)s link"), N_("%(count)s links")),
        _count(t, errors, N_("%(count)s error"), N_("%(count)s errors")),
        _count(t, warnings, N_("%(count)s warning"), N_("%(count)s warnings")),
    ]
    if focus is not None:
        sentences.append(t(N_("Highlighted: the chains through %(key)s"), key=focus.element))
    return ". ".join(sentence.rstrip(". ") for sentence in sentences) + "."

