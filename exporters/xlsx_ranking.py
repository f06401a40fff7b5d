"""The sheet ``Rangordning`` of the portfolio workbook: each fund's ranking of proposals.

One table with a row per proposal (stage proposal or prioritised), the funds by name and each
fund's proposals in ranking order (``models.scoring.rank_for_fund``): fund, rank, proposal,
weighted score, budget request, where it stands against the fund's money, whether it is tied,
its status, the explanation, and one column per weighted criterion with the points it gives.

The workbook may be downloaded by any role, so a proposal's scores are shown only when the reader
may see them (``models.scoring.may_see_scores``). Elsewhere the rank, score, cut line, tie,
explanation and points say "hidden", and those proposals follow the visible ones by title, so
that their place does not give their rank away. Below the table each fund's money: available,
within the cut line and remaining (the last two only when every proposal of the fund is visible).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from exporters.xlsx_common import (
    BOLD,
    HEADER_FILL,
    HEADING_FONT,
    INTEGER,
    MONEY,
    TOP,
    WRAP_TOP,
    Translate,
    Value,
    label,
    set_widths,
    setup_print,
    stream_value,
)
from models.domain import N_
from models.domain.ranking import CUT_LABELS, STATUS_LABELS, CriterionSpec, RankedProposal
from models.scoring import FundRanking, may_see_scores
from models.user import User

SHEET_TITLE = "Rangordning"
#: Scores and points, one decimal.
POINTS = "0.0"

#: Formats one sentence of an explanation: (msgid, params) → text in the reader's language.
Sentence = Callable[[str, Mapping[str, Any]], str]

HEADERS = (
    (N_("Fund"), 26),
    (N_("Rank"), 7),
    (N_("Proposal"), 36),
    (N_("Weighted score"), 11),
    (N_("Budget request"), 15),
    (N_("Against the money"), 24),
    (N_("Tied"), 8),
    (N_("Status"), 18),
    (N_("Explanation"), 70),
)
CRITERION_WIDTH = 14
SUMMARY_HEADERS = (N_("Fund"), N_("Available"), N_("Within the available money"),
                   N_("Remaining"), N_("Proposals"))


@dataclass(frozen=True)
class RankingSheet:
    """What the sheet needs: each fund's ranking, who reads it, and how sentences read."""

    rankings: Sequence[FundRanking]
    viewer: User
    #: None: each sentence is its translated msgid filled with the plain parameters.
    sentence: Sentence | None = None


def _weighted(rankings: Sequence[FundRanking]) -> list[CriterionSpec]:
    """The weighted criteria of every ranking, in order, each once."""
    seen: dict[str, CriterionSpec] = {}
    for data in rankings:
        if data.ranking is None:
            continue
        for criterion in data.ranking.criteria:
            if not criterion.must and criterion.key not in seen:
                seen[criterion.key] = criterion
    return list(seen.values())


def write_ranking_sheet(wb: Workbook, sheet: RankingSheet, t: Translate) -> None:
    """Add the sheet ``Rangordning`` to ``wb`` (see the module docstring)."""
    sentence = sheet.sentence or (lambda msgid, params: t(msgid) % params if params else t(msgid))
    criteria = _weighted(sheet.rankings)
    ws = wb.create_sheet(SHEET_TITLE)
    # A write-only sheet writes its views and columns before the first row.
    ws.freeze_panes = "D2"
    set_widths(ws, [w for _h, w in HEADERS] + [CRITERION_WIDTH] * len(criteria))
    setup_print(ws, landscape=True, title_rows="1:1")

    def value(v: Value, fmt: str | None = None, **style: Any) -> Any:
        return stream_value(ws, v, fmt, alignment=WRAP_TOP if isinstance(v, str) else TOP,
                            **style)

    header = [t(h) for h, _w in HEADERS] + [
        f"{c.label} ({t(N_('points'))})" for c in criteria
    ]
    ws.append([stream_value(ws, h, font=BOLD, fill=HEADER_FILL, alignment=WRAP_TOP)
               for h in header])
    hidden = t(N_("hidden"))
    count = 0
    summaries = []
    for data in sorted(sheet.rankings, key=lambda d: (d.fund.name.casefold(), d.fund.id)):
        fund = data.fund.name
        if data.ranking is None:
            problem = sentence(data.problem[0], data.problem[1]) if data.problem else ""
            for project in sorted(data.projects.values(), key=lambda p: (p.title, p.key)):
                ws.append([value(fund), None, value(project.title), None,
                           value(project.budget_request, MONEY), None, None,
                           value(t(N_("Cannot be ranked"))), value(problem)])
                count += 1
            summaries.append((fund, None, None, None, len(data.projects), True))
            continue
        ranking = data.ranking
        visible = {key for key, project in data.projects.items()
                   if may_see_scores(sheet.viewer, project)}
        shown = [p for p in ranking.proposals if p.key in visible]
        withheld = sorted((p for p in ranking.proposals if p.key not in visible),
                          key=lambda p: (p.title.casefold(), p.title, p.key))
        for proposal in shown:
            ws.append(_visible_row(value, fund, proposal, ranking.cut_at, criteria, t,
                                   sentence))
            count += 1
        for proposal in withheld:
            ws.append([value(fund), value(hidden), value(proposal.title), value(hidden),
                       value(proposal.budget_request, MONEY), value(hidden), value(hidden),
                       value(t(STATUS_LABELS[proposal.status])), value(hidden),
                       *(value(hidden) for _c in criteria)])
            count += 1
        summaries.append((fund, ranking.available, ranking.within, ranking.remaining,
                          len(ranking.proposals), not withheld))
    last_column = get_column_letter(len(header))
    if count:
        ws.auto_filter.ref = f"A1:{last_column}{count + 1}"
    else:
        ws.append([value(t(N_("No proposals to rank.")))])

    ws.append([])
    ws.append([stream_value(ws, t(N_("The funds' money")), font=HEADING_FONT)])
    ws.append([stream_value(ws, t(h), font=BOLD, fill=HEADER_FILL, alignment=WRAP_TOP)
               for h in SUMMARY_HEADERS])
    for fund, available, within, remaining, proposals, all_visible in summaries:
        ws.append([
            value(fund),
            value(available, MONEY),
            value(within, MONEY) if all_visible else value(hidden),
            value(remaining, MONEY) if all_visible else value(hidden),
            value(proposals, INTEGER),
        ])
    if not summaries:
        ws.append([value(t(N_("No funds yet.")))])


def _visible_row(value: Callable[..., Any], fund: str, p: RankedProposal, cut_at: str | None,
                 criteria: Sequence[CriterionSpec], t: Translate, sentence: Sentence
                 ) -> list[Any]:
    cut = label(CUT_LABELS, p.cut, t)
    if cut_at == p.key:
        cut = f"{cut} ({t(N_('the money runs out here'))})"
    points = {c.criterion: c.contribution for c in p.criteria}
    return [
        value(fund),
        value(p.rank, INTEGER),
        value(p.title),
        value(p.score, POINTS),
        value(p.budget_request, MONEY),
        value(cut or None),
        value(t(N_("Yes"))) if p.tied else None,
        value(t(STATUS_LABELS[p.status])),
        value(" ".join(sentence(msgid, params) for msgid, params in p.explanation) or None),
        *(value(points.get(c.key), POINTS) for c in criteria),
    ]
