"""The hand-ins board and its counts: state computed from due dates, in a bounded number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from .. import rules
from ..models import Competition, Participant, Requirement, Submission


def participants_of(competition: Competition):
    """Participants with their display name as SQL (企业名 or 工会名), ordered by it."""
    return (
        Participant.objects.filter(competition=competition)
        .select_related("org", "employer")
        .annotate(unit_name=Coalesce("employer__name", "org__name"))
        .order_by("unit_name", "id")
    )


@dataclass
class Cell:
    requirement: Requirement
    state: str
    submission: Submission | None = None

    @property
    def label(self) -> str:
        return rules.STATE_LABELS[self.state]


@dataclass
class BoardRow:
    participant: Participant
    cells: list[Cell] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for c in self.cells if c.state == state)


def handin_board(
    *, competition: Competition, today: dt.date, participants=None, state: str = ""
) -> tuple[list[Requirement], list[BoardRow]]:
    """One grid: participants × requirements. Three queries whatever the size."""
    requirements = list(competition.requirements.all())
    if participants is None:
        participants = participants_of(competition)
    participants = list(participants)
    submissions = {
        (s.participant_id, s.requirement_id): s
        for s in Submission.objects.filter(
            requirement__competition=competition, participant__in=[p.id for p in participants]
        ).only("id", "participant_id", "requirement_id", "submitted_on", "file", "published_on")
    }
    rows = []
    for participant in participants:
        row = BoardRow(participant)
        for requirement in requirements:
            sub = submissions.get((participant.id, requirement.id))
            row.cells.append(
                Cell(
                    requirement,
                    rules.handin_state(
                        due=requirement.due_date,
                        submitted_on=sub.submitted_on if sub else None,
                        today=today,
                        reminder_days=competition.reminder_days,
                    ),
                    sub,
                )
            )
        if not state or any(c.state == state for c in row.cells):
            rows.append(row)
    return requirements, rows


def handin_counts(*, competition: Competition, today: dt.date) -> dict:
    """On time, late and missing over every (unit, document) whose due date has passed.

    on_time_rate = on time / documents due so far, as a percentage (one decimal).
    """
    units = competition.participants.count()
    due = competition.requirements.filter(due_date__lt=today).count()
    agg = Submission.objects.filter(requirement__competition=competition).aggregate(
        submitted=Count("id"),
        on_time=Count("id", filter=Q(submitted_on__lte=F("requirement__due_date"))),
        late=Count("id", filter=Q(submitted_on__gt=F("requirement__due_date"))),
        due_handed=Count("id", filter=Q(requirement__due_date__lt=today)),
    )
    expected = units * due
    missing = expected - agg["due_handed"]
    on_time_due = Submission.objects.filter(
        requirement__competition=competition,
        requirement__due_date__lt=today,
        submitted_on__lte=F("requirement__due_date"),
    ).count()
    return {
        "units": units,
        "requirements": competition.requirements.count(),
        "requirements_due": due,
        "expected": expected,
        "submitted": agg["submitted"],
        "on_time": agg["on_time"],
        "late": agg["late"],
        "missing": missing,
        "on_time_rate": rules.adoption_rate(on_time_due, expected),
    }


def handin_totals(*, competitions, today: dt.date) -> dict:
    """On-time rate over several competitions at once, in three queries whatever their number.

    expected = Σ units × documents due so far; on_time = documents due so far handed in by their
    due date; on_time_rate as in handin_counts (one decimal), None when nothing is due yet.
    """
    units = dict(
        Participant.objects.filter(competition__in=competitions)
        .values_list("competition")
        .annotate(n=Count("id"))
        .order_by()
    )
    due = dict(
        Requirement.objects.filter(competition__in=competitions, due_date__lt=today)
        .values_list("competition")
        .annotate(n=Count("id"))
        .order_by()
    )
    expected = sum(units.get(c, 0) * n for c, n in due.items())
    on_time = Submission.objects.filter(
        requirement__competition__in=competitions,
        requirement__due_date__lt=today,
        submitted_on__lte=F("requirement__due_date"),
    ).count()
    return {
        "expected": expected,
        "on_time": on_time,
        "on_time_rate": rules.adoption_rate(on_time, expected),
    }


def handins_due_soon(*, competition: Competition, today: dt.date) -> list[tuple]:
    """(participant, requirement) pairs not handed in and due within reminder_days."""
    horizon = today + dt.timedelta(days=competition.reminder_days)
    requirements = list(competition.requirements.filter(due_date__gte=today, due_date__lte=horizon))
    if not requirements:
        return []
    handed = set(
        Submission.objects.filter(requirement__in=requirements).values_list(
            "participant_id", "requirement_id"
        )
    )
    return [
        (p, r)
        for p in participants_of(competition)
        for r in requirements
        if (p.id, r.id) not in handed
    ]


def unit_handins(*, participant: Participant, today: dt.date) -> list[Cell]:
    competition = participant.competition
    subs = {s.requirement_id: s for s in participant.submissions.all()}
    return [
        Cell(
            r,
            rules.handin_state(
                due=r.due_date,
                submitted_on=subs[r.id].submitted_on if r.id in subs else None,
                today=today,
                reminder_days=competition.reminder_days,
            ),
            subs.get(r.id),
        )
        for r in competition.requirements.all()
    ]
