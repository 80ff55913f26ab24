"""Hand-ins, reminders, inspections and team records."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import record_create, record_update, snapshot

from .. import rules
from ..models import (
    Inspection,
    InspectionPhoto,
    ItemScore,
    Participant,
    Reminder,
    Requirement,
    Submission,
    TeamActivity,
    TeamPlan,
)


def _who(by) -> str:
    return by.get_username() if by is not None and by.is_authenticated else "命令行"


@transaction.atomic
def submission_record(
    *,
    by,
    participant: Participant,
    requirement: Requirement,
    file=None,
    submitted_on: dt.date | None = None,
    published_on: dt.date | None = None,
    note: str = "",
) -> Submission:
    """Record a unit's hand-in; a later upload replaces the file but keeps the first date."""
    if requirement.competition_id != participant.competition_id:
        raise ValidationError("该材料不属于此竞赛")
    today = timezone.localdate()
    submitted_on = submitted_on or today
    if submitted_on > today:
        raise ValidationError("报送日期不能晚于今天")
    existing = Submission.objects.filter(requirement=requirement, participant=participant).first()
    if existing is None:
        submission = Submission(
            requirement=requirement,
            participant=participant,
            submitted_on=submitted_on,
            published_on=published_on,
            note=note,
            submitted_by=_who(by),
        )
        if file is not None:
            submission.file = file
        submission.full_clean(exclude=["file"] if file is None else None)
        submission.save()
        record_create(user=by, instance=submission, org=participant.org)
        return submission
    before = snapshot(existing)
    if file is not None:
        existing.file = file
    if published_on is not None:
        existing.published_on = published_on
    if note:
        existing.note = note
    existing.submitted_by = _who(by)
    existing.full_clean()
    existing.save()
    record_update(user=by, instance=existing, before=before, org=participant.org)
    return existing


@transaction.atomic
def reminders_send(*, competition, today: dt.date | None = None) -> list[Reminder]:
    """Note a reminder for every unit still owing a document due within reminder_days.

    Each (unit, document) is reminded once; the list returned is what to notify now.
    """
    from ..selectors.handins import handins_due_soon

    today = today or timezone.localdate()
    sent = []
    for participant, requirement in handins_due_soon(competition=competition, today=today):
        reminder, created = Reminder.objects.get_or_create(
            requirement=requirement, participant=participant, defaults={"sent_on": today}
        )
        if created:
            sent.append(reminder)
    return sent


@transaction.atomic
def inspection_score(
    *,
    by,
    participant: Participant,
    kind: str,
    inspected_on: dt.date,
    scores: dict[int, tuple[Decimal, str]],
    inspectors: str = "",
    remarks: str = "",
    photos: list | None = None,
) -> Inspection:
    """Score every rubric item (自评 by the unit, then 抽查 by the organiser)."""
    competition = participant.competition
    items = list(competition.rubric.all())
    if not items:
        raise ValidationError("主办工会尚未制定考核细则，不能评分")
    if kind == Inspection.Kind.SPOT and not participant.inspections.filter(kind="self").exists():
        raise ValidationError("该单位尚未自评，请先完成自评再抽查")
    errors = []
    for item in items:
        if item.id not in scores:
            errors.append(f"“{item.group}·{item.name}”未评分")
            continue
        problem = rules.score_problems(points=scores[item.id][0], max_points=item.max_points)
        if problem:
            errors.append(f"“{item.group}·{item.name}”{problem}")
    if errors:
        raise ValidationError(errors)
    inspection, created = Inspection.objects.get_or_create(
        participant=participant, kind=kind, defaults={"inspected_on": inspected_on}
    )
    before = None if created else snapshot(inspection)
    inspection.inspected_on = inspected_on
    inspection.inspectors = inspectors
    inspection.remarks = remarks
    inspection.total = sum((scores[item.id][0] for item in items), Decimal(0))
    inspection.save()
    inspection.scores.all().delete()
    ItemScore.objects.bulk_create(
        ItemScore(
            inspection=inspection, item=item, points=scores[item.id][0], remark=scores[item.id][1]
        )
        for item in items
    )
    for photo in photos or []:
        InspectionPhoto.objects.create(inspection=inspection, image=photo)
    if created:
        record_create(user=by, instance=inspection, org=participant.org)
    else:
        record_update(user=by, instance=inspection, before=before, org=participant.org)
    return inspection


@transaction.atomic
def team_plan_record(
    *, by, competition, team, month: dt.date, content: str, recorded_on: dt.date | None = None
) -> TeamPlan:
    if not competition.participants.filter(org=team.org_id).exists():
        raise ValidationError(f"{team.org.name} 未参加本竞赛")
    month = rules.month_start(month)
    if TeamPlan.objects.filter(competition=competition, team=team, month=month).exists():
        raise ValidationError(f"{team} 已有 {month:%Y年%m月} 的计划")
    plan = TeamPlan.objects.create(
        competition=competition,
        team=team,
        month=month,
        content=content,
        recorded_on=recorded_on or timezone.localdate(),
    )
    record_create(user=by, instance=plan, org=team.org)
    return plan


@transaction.atomic
def team_activity_record(
    *,
    by,
    competition,
    team,
    kind: str,
    activity_date: dt.date,
    content: str = "",
    discussion: str = "",
    participants_count: int = 0,
    recorded_on: dt.date | None = None,
) -> TeamActivity:
    """The entry date is today's date: that is what reveals records filled in afterwards.

    `recorded_on` is only for loading records kept elsewhere (the date they were entered there);
    the web form never sets it.
    """
    if not competition.participants.filter(org=team.org_id).exists():
        raise ValidationError(f"{team.org.name} 未参加本竞赛")
    today = timezone.localdate()
    if activity_date > today:
        raise ValidationError("活动日期不能晚于今天")
    activity = TeamActivity.objects.create(
        competition=competition,
        team=team,
        kind=kind,
        activity_date=activity_date,
        recorded_on=recorded_on or today,
        content=content,
        discussion=discussion,
        participants_count=participants_count,
    )
    record_create(user=by, instance=activity, org=team.org)
    return activity
