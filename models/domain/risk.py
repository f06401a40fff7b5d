"""The risk matrix (guide table 1; SPEC 3.6; FORMAT.md, *Risk*).

Each risk has a likelihood and an impact on the project's scale; its **score** is likelihood ×
impact and its **priority** one of three bands:

* a score at or below ``low_max`` is low, at or below ``medium_max`` medium, anything above high;
* on the default 5 × 5 scale ``low_max`` is 4 and ``medium_max`` 12: 1–4 low, 5–12 medium, 15–25
  high (13 and 14 are not products of two numbers up to 5);
* on other scales the default thresholds keep the same shares of the highest score M =
  likelihood_max × impact_max: ``low_max = ⌊4·M/25⌋`` and ``medium_max = ⌊12·M/25⌋``, with low_max
  at least 1 and medium_max at least low_max + 1 (3 × 3: 1 low, 2–4 medium, 6–9 high; 4 × 4: 1–2
  low, 3–7 medium, 8–16 high). A coordinator may set other thresholds on a ``RiskScale``.

A project keeps the scale it was assessed on (a baseline keeps its own); scores are never
rescaled. Risks are threats or opportunities (``kind``): the heat map places both by the same
score, lists them separately in each cell and counts them separately, so an opportunity never
adds to the count of threats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from models.domain import N_
from models.domain.labels import LEVEL_LABELS

LOW = "low"
MEDIUM = "medium"
HIGH = "high"
BANDS = (LOW, MEDIUM, HIGH)
BAND_LABELS = LEVEL_LABELS

THREAT = "threat"
OPPORTUNITY = "opportunity"
KINDS = (THREAT, OPPORTUNITY)
KIND_LABELS = {THREAT: N_("Threat"), OPPORTUNITY: N_("Opportunity")}

OPEN = "open"
CLOSED = "closed"
STATUSES = (OPEN, CLOSED)
STATUS_LABELS = {OPEN: N_("Open"), CLOSED: N_("Closed")}

MIN_LEVELS = 2
MAX_LEVELS = 10
#: The default band thresholds as shares of the highest score (4 and 12 of 25).
LOW_SHARE = (4, 25)
MEDIUM_SHARE = (12, 25)
#: WCAG 2.1 AA: the least contrast for normal text and for large text.
AA_NORMAL = 4.5
AA_LARGE = 3.0

# Error codes.
SIZE_OUT_OF_RANGE = "size_out_of_range"
LABEL_COUNT = "label_count"
LABEL_BLANK = "label_blank"
LOW_MAX_OUT_OF_RANGE = "low_max_out_of_range"
THRESHOLDS_NOT_INCREASING = "thresholds_not_increasing"
MEDIUM_MAX_OUT_OF_RANGE = "medium_max_out_of_range"
EMPTY_BAND = "empty_band"
INVALID_COLOUR = "invalid_colour"
LOW_CONTRAST = "low_contrast"
LIKELIHOOD_OUT_OF_RANGE = "likelihood_out_of_range"
IMPACT_OUT_OF_RANGE = "impact_out_of_range"
SCORE_OUT_OF_RANGE = "score_out_of_range"
UNKNOWN_KIND = "unknown_kind"
UNKNOWN_STATUS = "unknown_status"
DUPLICATE_KEY = "duplicate_key"

_EMPTY_BAND = {
    LOW: N_("No combination of likelihood and impact gives a low score."),
    MEDIUM: N_("No combination of likelihood and impact gives a medium score."),
    HIGH: N_("No combination of likelihood and impact gives a high score."),
}
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


class RiskError(ValueError):
    """A scale or risk that cannot be used; ``message`` is a msgid with ``params``, ``code`` says
    what is wrong and ``field`` which input."""

    def __init__(self, code: str, message: str, field: str | None = None, **params: object):
        super().__init__(message % params if params else message)
        self.code = code
        self.message = message
        self.field = field
        self.params = params


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scale."""

    code: str
    #: ``likelihood_max``, ``impact_max``, ``likelihood_labels``, ``impact_labels``, ``low_max``,
    #: ``medium_max`` or ``colours.<band>``.
    field: str
    message: str
    params: dict[str, Any]

    def error(self) -> RiskError:
        return RiskError(self.code, self.message, self.field, **self.params)


@dataclass(frozen=True)
class BandColour:
    """Hex colours (``#rrggbb`` or ``#rgb``) of a band's cells and of the text on them."""

    background: str
    text: str


DEFAULT_COLOURS = (
    BandColour("#a6d96a", "#1b1b1b"),
    BandColour("#fee08b", "#1b1b1b"),
    BandColour("#c0392b", "#ffffff"),
)


@dataclass(frozen=True)
class RiskScale:
    """A likelihood × impact scale with its priority bands.

    Labels are one per level, lowest first; those of the built-in scales are msgids, a
    coordinator's own are plain words (gettext leaves them as they are).
    """

    likelihood_max: int
    impact_max: int
    likelihood_labels: tuple[str, ...]
    impact_labels: tuple[str, ...]
    #: Scores at or below are low.
    low_max: int
    #: Scores above ``low_max`` and at or below are medium; above, high.
    medium_max: int
    #: One per band: low, medium, high.
    colours: tuple[BandColour, BandColour, BandColour] = DEFAULT_COLOURS
    key: str = ""

    @property
    def max_score(self) -> int:
        return self.likelihood_max * self.impact_max

    def colour(self, band: str) -> BandColour:
        return self.colours[BANDS.index(band)]

    def likelihood_label(self, level: int) -> str:
        return self.likelihood_labels[level - 1]

    def impact_label(self, level: int) -> str:
        return self.impact_labels[level - 1]

    def scores(self) -> frozenset[int]:
        """Every score a risk can have on this scale."""
        return frozenset(like * imp for like in range(1, self.likelihood_max + 1)
                         for imp in range(1, self.impact_max + 1))


def default_thresholds(likelihood_max: int, impact_max: int) -> tuple[int, int]:
    """Return ``(low_max, medium_max)`` scaled from the 5 × 5 defaults (4 and 12 of 25)."""
    top = likelihood_max * impact_max
    low_max = max(1, top * LOW_SHARE[0] // LOW_SHARE[1])
    medium_max = max(low_max + 1, top * MEDIUM_SHARE[0] // MEDIUM_SHARE[1])
    return low_max, medium_max


_LIKELIHOOD_5 = (N_("Very low"), N_("Low"), N_("Medium"), N_("High"), N_("Very high"))
_IMPACT_5 = (N_("Very small"), N_("Small"), N_("Moderate"), N_("Large"), N_("Very large"))
_WORDS_3 = (N_("Low"), N_("Medium"), N_("High"))

#: The default: 5 × 5, 1–4 low, 5–12 medium, 15–25 high.
DEFAULT_SCALE = RiskScale(5, 5, _LIKELIHOOD_5, _IMPACT_5, 4, 12, key="5x5")
#: The guide's words: low, medium, high on both axes; 1 low, 2–4 medium, 6–9 high.
WORD_SCALE = RiskScale(3, 3, _WORDS_3, _WORDS_3, *default_thresholds(3, 3), key="3x3")
BUILT_IN_SCALES = (DEFAULT_SCALE, WORD_SCALE)


def scale_for(likelihood_max: int, impact_max: int) -> RiskScale:
    """A scale of the given sizes with the default thresholds: a built-in one when it matches,
    else numbered levels ("1", "2", …)."""
    for scale in BUILT_IN_SCALES:
        if (scale.likelihood_max, scale.impact_max) == (likelihood_max, impact_max):
            return scale
    scale = RiskScale(likelihood_max, impact_max,
                      tuple(str(n) for n in range(1, likelihood_max + 1)),
                      tuple(str(n) for n in range(1, impact_max + 1)),
                      *default_thresholds(likelihood_max, impact_max), key="")
    validate_scale(scale)
    return scale


# --- Contrast ---------------------------------------------------------------------------------


def _rgb(colour: str) -> tuple[int, int, int]:
    if not isinstance(colour, str) or not _HEX.fullmatch(colour):
        raise RiskError(INVALID_COLOUR, N_("%(colour)s is not a colour in the form #rrggbb."),
                        colour=str(colour))
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(colour1: str, colour2: str) -> float:
    """The WCAG 2.1 contrast ratio (1–21) of two hex colours, in either order."""
    lighter, darker = sorted((_luminance(colour1), _luminance(colour2)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def meets_aa(text: str, background: str, large_text: bool = False) -> bool:
    """Whether text of this colour on this background meets WCAG 2.1 AA (4.5:1, large 3:1)."""
    return contrast_ratio(text, background) >= (AA_LARGE if large_text else AA_NORMAL)


# --- Validation -------------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _size_problems(scale: RiskScale) -> list[Problem]:
    out = []
    for field, size, labels, label_field in (
        ("likelihood_max", scale.likelihood_max, scale.likelihood_labels, "likelihood_labels"),
        ("impact_max", scale.impact_max, scale.impact_labels, "impact_labels"),
    ):
        if not _is_int(size) or not MIN_LEVELS <= size <= MAX_LEVELS:
            out.append(Problem(SIZE_OUT_OF_RANGE, field,
                               N_("A scale must have from %(min)s to %(max)s levels."),
                               {"min": MIN_LEVELS, "max": MAX_LEVELS}))
            continue
        if len(labels) != size:
            out.append(Problem(LABEL_COUNT, label_field,
                               N_("There must be one label per level: %(expected)s labels, not "
                                  "%(count)s."), {"expected": size, "count": len(labels)}))
        elif any(not isinstance(label, str) or not label.strip() for label in labels):
            out.append(Problem(LABEL_BLANK, label_field, N_("Every level needs a label."), {}))
    return out


def _threshold_problems(scale: RiskScale) -> list[Problem]:
    top = scale.max_score
    if not _is_int(scale.low_max) or scale.low_max < 1:
        return [Problem(LOW_MAX_OUT_OF_RANGE, "low_max",
                        N_("The upper limit of the low band must be a whole number of at least "
                           "1."), {})]
    if not _is_int(scale.medium_max) or scale.medium_max <= scale.low_max:
        return [Problem(THRESHOLDS_NOT_INCREASING, "medium_max",
                        N_("The upper limit of the medium band must be a whole number greater "
                           "than that of the low band."), {})]
    if scale.medium_max >= top:
        return [Problem(MEDIUM_MAX_OUT_OF_RANGE, "medium_max",
                        N_("The upper limit of the medium band must be below the highest score, "
                           "%(max)s, so that some scores are high."), {"max": top})]
    reached = {_band(s, scale.low_max, scale.medium_max) for s in scale.scores()}
    return [Problem(EMPTY_BAND, "low_max" if band == LOW else "medium_max", _EMPTY_BAND[band], {})
            for band in BANDS if band not in reached]


def _colour_problems(scale: RiskScale) -> list[Problem]:
    out = []
    if len(scale.colours) != len(BANDS):
        return [Problem(INVALID_COLOUR, "colours", N_("Each of the three bands needs colours."),
                        {})]
    for band, colour in zip(BANDS, scale.colours, strict=True):
        field = f"colours.{band}"
        try:
            ratio = contrast_ratio(colour.text, colour.background)
        except RiskError as error:
            out.append(Problem(error.code, field, error.message, error.params))
            continue
        if ratio < AA_NORMAL:
            out.append(Problem(LOW_CONTRAST, field,
                               N_("The text colour %(text)s on %(background)s has a contrast of "
                                  "%(ratio)s:1; WCAG AA needs at least 4.5:1."),
                               {"text": colour.text, "background": colour.background,
                                "ratio": f"{ratio:.2f}"}))
    return out


def scale_problems(scale: RiskScale) -> tuple[Problem, ...]:
    """Everything wrong with a scale, in field order; empty when it can be used.

    Sizes 2–10 on both axes, one non-blank label per level, 1 ≤ low_max < medium_max < the
    highest score, every band reachable by some likelihood × impact, valid colours and text that
    meets WCAG AA (4.5:1) on each band's colour.
    """
    sizes = _size_problems(scale)
    thresholds = [] if sizes else _threshold_problems(scale)
    return tuple([*sizes, *thresholds, *_colour_problems(scale)])


def validate_scale(scale: RiskScale) -> RiskScale:
    """Return the scale, or raise the first of its problems as a ``RiskError``."""
    problems = scale_problems(scale)
    if problems:
        raise problems[0].error()
    return scale


# --- Scores and priority ----------------------------------------------------------------------


def _band(score: int, low_max: int, medium_max: int) -> str:
    if score <= low_max:
        return LOW
    return MEDIUM if score <= medium_max else HIGH


def _level(value: object, top: int, code: str, field: str, key: str | None = None) -> int:
    if not _is_int(value) or not 1 <= value <= top:
        message = (N_("The likelihood must be a whole number from 1 to %(max)s.")
                   if code == LIKELIHOOD_OUT_OF_RANGE
                   else N_("The impact must be a whole number from 1 to %(max)s."))
        raise RiskError(code, message, field, max=top, key=key or "")
    return value  # type: ignore[return-value]


def score(likelihood: int, impact: int, scale: RiskScale = DEFAULT_SCALE) -> int:
    """Return likelihood × impact, each checked against the scale."""
    first = _level(likelihood, scale.likelihood_max, LIKELIHOOD_OUT_OF_RANGE, "likelihood")
    second = _level(impact, scale.impact_max, IMPACT_OUT_OF_RANGE, "impact")
    return first * second


def priority(value: int, scale: RiskScale = DEFAULT_SCALE) -> str:
    """Return the band of a score: ``LOW`` at or below ``low_max``, ``MEDIUM`` at or below
    ``medium_max``, else ``HIGH``."""
    if not _is_int(value) or not 1 <= value <= scale.max_score:
        raise RiskError(SCORE_OUT_OF_RANGE,
                        N_("The score must be a whole number from 1 to %(max)s."), "score",
                        max=scale.max_score)
    return _band(value, scale.low_max, scale.medium_max)


def assess(likelihood: int, impact: int, scale: RiskScale = DEFAULT_SCALE) -> tuple[int, str]:
    """Return ``(score, priority)``."""
    value = score(likelihood, impact, scale)
    return value, priority(value, scale)


# --- Heat map ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskItem:
    key: str
    likelihood: int
    impact: int
    kind: str = THREAT
    status: str = OPEN


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    score: int
    band: str
    #: Keys of the threats and of the opportunities in the cell, in the order given.
    threats: tuple[str, ...]
    opportunities: tuple[str, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return self.threats + self.opportunities

    @property
    def count(self) -> int:
        """Threats and opportunities together."""
        return len(self.threats) + len(self.opportunities)

    @property
    def threat_count(self) -> int:
        return len(self.threats)

    @property
    def opportunity_count(self) -> int:
        return len(self.opportunities)


def _checked(risks: Iterable[RiskItem], scale: RiskScale) -> list[RiskItem]:
    seen: set[str] = set()
    out = []
    for risk in risks:
        if risk.key in seen:
            raise RiskError(DUPLICATE_KEY, N_("The risk %(key)s is listed twice."), "key",
                            key=risk.key)
        seen.add(risk.key)
        if risk.kind not in KINDS:
            raise RiskError(UNKNOWN_KIND, N_("The risk %(key)s is neither a threat nor an "
                                             "opportunity."), "kind", key=risk.key)
        if risk.status not in STATUSES:
            raise RiskError(UNKNOWN_STATUS, N_("The risk %(key)s is neither open nor closed."),
                            "status", key=risk.key)
        _level(risk.likelihood, scale.likelihood_max, LIKELIHOOD_OUT_OF_RANGE, "likelihood",
               risk.key)
        _level(risk.impact, scale.impact_max, IMPACT_OUT_OF_RANGE, "impact", risk.key)
        out.append(risk)
    return out


def heat_map(risks: Iterable[RiskItem], scale: RiskScale = DEFAULT_SCALE, *,
             include_closed: bool = False) -> tuple[tuple[HeatCell, ...], ...]:
    """Return the grid as rows, the highest likelihood first; each row's cells by impact, lowest
    first. Every cell is present, empty or not; closed risks are left out unless asked for."""
    placed: dict[tuple[int, int], tuple[list[str], list[str]]] = {}
    for risk in _checked(risks, scale):
        if risk.status == CLOSED and not include_closed:
            continue
        cell = placed.setdefault((risk.likelihood, risk.impact), ([], []))
        cell[0 if risk.kind == THREAT else 1].append(risk.key)
    rows = []
    for likelihood in range(scale.likelihood_max, 0, -1):
        row = []
        for impact in range(1, scale.impact_max + 1):
            threats, opportunities = placed.get((likelihood, impact), ([], []))
            value = likelihood * impact
            row.append(HeatCell(likelihood, impact, value,
                                _band(value, scale.low_max, scale.medium_max),
                                tuple(threats), tuple(opportunities)))
        rows.append(tuple(row))
    return tuple(rows)


def count_by_band(risks: Iterable[RiskItem], scale: RiskScale = DEFAULT_SCALE, *,
                  kind: str = THREAT, include_closed: bool = False) -> dict[str, int]:
    """The number of risks of one kind per band, every band present, low first."""
    counts = dict.fromkeys(BANDS, 0)
    for risk in _checked(risks, scale):
        if risk.kind == kind and (include_closed or risk.status == OPEN):
            counts[_band(risk.likelihood * risk.impact, scale.low_max, scale.medium_max)] += 1
    return counts
