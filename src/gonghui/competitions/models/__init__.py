from .awards import Award, AwardCheck
from .base import Competition, LeadingGroupMember, Participant, ancestor_paths
from .handins import Reminder, Requirement, Submission
from .proposals import Proposal
from .scoring import Inspection, InspectionPhoto, ItemScore, RubricItem
from .skills import Contestant, Grade, GradeRise, Round, RoundScore, Trade
from .teams import TeamActivity, TeamPlan

__all__ = [
    "Award",
    "AwardCheck",
    "Competition",
    "Contestant",
    "Grade",
    "GradeRise",
    "Inspection",
    "InspectionPhoto",
    "ItemScore",
    "LeadingGroupMember",
    "Participant",
    "Proposal",
    "Reminder",
    "Requirement",
    "Round",
    "RoundScore",
    "RubricItem",
    "Submission",
    "TeamActivity",
    "TeamPlan",
    "Trade",
    "ancestor_paths",
]
