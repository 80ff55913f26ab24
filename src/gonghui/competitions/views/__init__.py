from .competitions import (
    competition_board,
    competition_create,
    competition_detail,
    competition_export,
    competition_findings,
    competition_list,
    competition_ranking,
    competition_register,
    competition_setup,
)
from .contests import contest_setup, round_scores
from .records import (
    award_detail,
    award_list,
    contest,
    proposal_create,
    proposal_detail,
    proposal_list,
)
from .units import handin_download, handin_upload, inspection_form, participant_detail, team_record

__all__ = [
    "award_detail",
    "award_list",
    "competition_board",
    "competition_create",
    "competition_detail",
    "competition_export",
    "competition_findings",
    "competition_list",
    "competition_ranking",
    "competition_register",
    "competition_setup",
    "contest",
    "contest_setup",
    "handin_download",
    "handin_upload",
    "inspection_form",
    "participant_detail",
    "proposal_create",
    "proposal_detail",
    "proposal_list",
    "round_scores",
    "team_record",
]
