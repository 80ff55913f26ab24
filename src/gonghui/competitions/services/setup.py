"""Setting a competition up: the competition, its leading group, documents, rubric and units."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import record_create, record_update, snapshot
from gonghui.core.dates import add_months
from gonghui.orgs.models import Organization

from .. import rules
from ..models import Competition, LeadingGroupMember, Participant, Requirement, RubricItem


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def competition_create(
    *,
    by,
    name: str,
    kind: str,
    organiser: Organization,
    start_date: dt.date,
    end_date: dt.date,
    description: str = "",
    co_organisers: str = "",
    award_threshold: Decimal = Decimal("95"),
    late_record_days: int = 7,
    reminder_days: int = 3,
    self_registration: bool = True,
    double_link: bool = False,
) -> Competition:
    competition = Competition(
        name=name.strip(),
        kind=kind,
        organiser=organiser,
        start_date=start_date,
        end_date=end_date,
        description=description,
        co_organisers=co_organisers,
        award_threshold=award_threshold,
        late_record_days=late_record_days,
        reminder_days=reminder_days,
        self_registration=self_registration,
        double_link=double_link,
    )
    problems = competition.cycle_problems()
    if problems:
        raise ValidationError(problems)
    if Competition.objects.filter(name=competition.name).exists():
        raise ValidationError(f"已有名为“{competition.name}”的竞赛")
    competition.save()
    record_create(user=by, instance=competition, org=organiser)
    return competition


@transaction.atomic
def leading_group_add(
    *, by, competition: Competition, name: str, role: str, position: str = ""
) -> LeadingGroupMember:
    member = LeadingGroupMember.objects.create(
        competition=competition,
        name=name,
        role=role,
        position=position,
        order=competition.leading_group.count() + 1,
    )
    record_create(user=by, instance=member, org=competition.organiser)
    return member


@transaction.atomic
def requirement_add(
    *,
    by,
    competition: Competition,
    kind: str,
    name: str,
    due_date: dt.date,
    month: dt.date | None = None,
    note: str = "",
) -> Requirement:
    if competition.requirements.filter(name=name).exists():
        raise ValidationError(f"已有名为“{name}”的报送要求")
    requirement = Requirement.objects.create(
        competition=competition, kind=kind, name=name, due_date=due_date, month=month, note=note
    )
    record_create(user=by, instance=requirement, org=competition.organiser)
    return requirement


@transaction.atomic
def requirements_add_monthly(
    *, by, competition: Competition, first_month: dt.date, months: int, due_day: int = 5
) -> list[Requirement]:
    """班组月度计划: one requirement per month, due on `due_day` of that month."""
    created = []
    month = rules.month_start(first_month)
    for _ in range(months):
        created.append(
            requirement_add(
                by=by,
                competition=competition,
                kind=Requirement.Kind.TEAM_PLAN,
                name=f"{month.year}年{month.month}月班组计划",
                due_date=month.replace(day=min(due_day, 28)),
                month=month,
            )
        )
        month = add_months(month, 1)
    return created


@transaction.atomic
def requirements_add_standard(
    *, by, competition: Competition, first_due: dt.date | None = None
) -> list[Requirement]:
    """报名表, 活动方案, 考核细则 a month in; 自评报告 and 工作总结 before the end."""
    first_due = first_due or add_months(competition.start_date, 1)
    end = competition.end_date
    plan = [
        (Requirement.Kind.REGISTRATION, "参赛报名表", first_due),
        (Requirement.Kind.PLAN, "竞赛活动方案", first_due),
        (Requirement.Kind.RULES, "考核细则", first_due),
        (Requirement.Kind.SELF_ASSESSMENT, "自评报告", add_months(end, -2)),
        (Requirement.Kind.SUMMARY, "竞赛工作总结", add_months(end, -1)),
    ]
    return [
        requirement_add(by=by, competition=competition, kind=kind, name=name, due_date=due)
        for kind, name, due in plan
    ]


@transaction.atomic
def rubric_item_add(
    *, by, competition: Competition, group: str, name: str, max_points: Decimal
) -> RubricItem:
    if max_points <= 0:
        raise ValidationError("满分必须大于 0")
    if competition.rubric.filter(group=group, name=name).exists():
        raise ValidationError(f"考核细则中已有“{group}·{name}”")
    item = RubricItem.objects.create(
        competition=competition,
        group=group,
        name=name,
        max_points=max_points,
        order=competition.rubric.count() + 1,
    )
    record_create(user=by, instance=item, org=competition.organiser)
    return item


@transaction.atomic
def rubric_add_standard(*, by, competition: Competition) -> list[RubricItem]:
    """全国安康杯特色工作评分表: 形式 20 + 内容 5×10 + 效果 30 (RULES.md §8)."""
    return [
        rubric_item_add(by=by, competition=competition, group=g, name=n, max_points=p)
        for g, n, p in rules.STANDARD_SAFETY_RUBRIC
    ]


def _check_unit(competition: Competition, org: Organization) -> None:
    if not org.is_within(competition.organiser):
        raise ValidationError(f"{org.name} 不在主办工会 {competition.organiser.name} 的范围内")


@transaction.atomic
def participant_add(
    *,
    by,
    competition: Competition,
    org: Organization,
    employer=None,
    joined: str = Participant.Joined.ASSIGNED,
    joined_on: dt.date | None = None,
    contact: str = "",
) -> Participant:
    _check_unit(competition, org)
    existing = competition.participants.filter(org=org, employer=employer)
    if existing.exists():
        raise ValidationError(f"{employer.name if employer else org.name} 已在参赛名单中")
    participant = Participant.objects.create(
        competition=competition,
        org=org,
        employer=employer,
        joined=joined,
        joined_on=joined_on or _today(),
        contact=contact,
    )
    record_create(user=by, instance=participant, org=org)
    return participant


@transaction.atomic
def participant_register(*, by, competition: Competition, org: Organization) -> Participant:
    """A grassroots union signs itself up (自行报名)."""
    if not competition.self_registration:
        raise ValidationError("本竞赛不接受自行报名，请联系主办工会")
    if _today() > competition.end_date:
        raise ValidationError("竞赛已结束，不能报名")
    return participant_add(
        by=by, competition=competition, org=org, joined=Participant.Joined.REGISTERED
    )


@transaction.atomic
def participants_assign_all(*, by, competition: Competition, under: Organization) -> int:
    """Every grassroots union in `under`'s subtree not yet taking part."""
    _check_unit(competition, under)
    taken = competition.participants.filter(employer__isnull=True).values("org_id")
    added = 0
    for org in Organization.objects.within(under).unions().exclude(pk__in=taken):
        participant_add(by=by, competition=competition, org=org)
        added += 1
    return added


@transaction.atomic
def competition_update(*, by, competition: Competition, **fields) -> Competition:
    before = snapshot(competition)
    for key, value in fields.items():
        setattr(competition, key, value)
    problems = competition.cycle_problems()
    if problems:
        raise ValidationError(problems)
    competition.save()
    record_update(user=by, instance=competition, before=before, org=competition.organiser)
    return competition
