"""Reads that aggregate: the board, rankings, figures and the inspection findings."""

from .figures import (
    competition_figures,
    competitions_overview,
    contest_figures,
    grade_rise_figures,
    grade_rises_visible,
    proposal_figures,
)
from .findings import competition_findings
from .handins import (
    handin_board,
    handin_counts,
    handin_totals,
    handins_due_soon,
    participants_of,
    unit_handins,
)
from .scores import contest_ranking, ranking, score_figures

__all__ = [
    "competition_figures",
    "competition_findings",
    "competitions_overview",
    "contest_figures",
    "contest_ranking",
    "grade_rise_figures",
    "grade_rises_visible",
    "handin_board",
    "handin_counts",
    "handin_totals",
    "handins_due_soon",
    "participants_of",
    "proposal_figures",
    "ranking",
    "score_figures",
    "unit_handins",
]
