"""Skills contests (contestants, rounds, grades) and awards with their exclusion checks."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import record_change, record_create, record_update, snapshot
from gonghui.core.models import ChangeRecord

from .. import rules
from ..models import Award, AwardCheck, Contestant, GradeRise, Round, RoundScore, Trade

# RULES.md §8 (全国工人先锋号): checks the organiser confirms before any award is granted.
REQUIRED_CHECKS = [
    AwardCheck.Kind.WAGE_ARREARS,
    AwardCheck.Kind.INSURANCE_ARREARS,
    AwardCheck.Kind.NO_UNION,
    AwardCheck.Kind.NO_CONGRESS,
    AwardCheck.Kind.NO_AGREEMENT,
    AwardCheck.Kind.SAFETY_ACCIDENT,
    AwardCheck.Kind.MASS_INCIDENT,
]


@transaction.atomic
def trade_add(*, by, competition, name: str, rounds: tuple[str, ...] = ("初赛", "决赛")) -> Trade:
    name = name.strip()
    if not name:
        raise ValidationError("请填写竞赛项目（工种）名称")
    if competition.trades.filter(name=name).exists():
        raise ValidationError(f"本竞赛已有项目“{name}”")
    if len(set(rounds)) != len(rounds):
        raise ValidationError("轮次名称不能重复")
    trade = Trade.objects.create(competition=competition, name=name)
    for order, round_name in enumerate(rounds, start=1):
        Round.objects.create(trade=trade, name=round_name, order=order)
    record_create(user=by, instance=trade, org=competition.organiser)
    return trade


@transaction.atomic
def round_add(*, by, trade: Trade, name: str, held_on: dt.date | None = None) -> Round:
    """One more round (轮次) of a trade, after the rounds it already has."""
    name = name.strip()
    if not name:
        raise ValidationError("请填写轮次名称")
    if trade.rounds.filter(name=name).exists():
        raise ValidationError(f"{trade.name} 已有轮次“{name}”")
    last = trade.rounds.order_by("-order").values_list("order", flat=True).first() or 0
    row = Round.objects.create(trade=trade, name=name, order=last + 1, held_on=held_on)
    record_create(user=by, instance=row, org=trade.competition.organiser)
    return row


@transaction.atomic
def contestant_add(
    *, by, trade: Trade, participant, person, grade_before: int | None = None
) -> Contestant:
    if participant.competition_id != trade.competition_id:
        raise ValidationError("参赛单位不属于此竞赛")
    if Contestant.objects.filter(trade=trade, person=person).exists():
        raise ValidationError(f"{person.name} 已报名 {trade.name}")
    contestant = Contestant.objects.create(
        trade=trade, participant=participant, person=person, grade_before=grade_before
    )
    record_create(user=by, instance=contestant, org=participant.org)
    return contestant


@transaction.atomic
def contestant_remove(*, by, contestant: Contestant) -> None:
    """Withdraw a contestant (退赛 or entered by mistake): the row and its round scores go; the
    audit keeps its last state with the scores it had."""
    before = snapshot(contestant)
    before["scores"] = {
        name: str(score)
        for name, score in contestant.scores.values_list("round__name", "score").order_by(
            "round__order"
        )
    }
    record_change(
        user=by,
        instance=contestant,
        action=ChangeRecord.Action.DELETE,
        before=before,
        org=contestant.participant.org,
    )
    contestant.delete()


def people_named(name: str, *, members, also=None) -> list:
    """Up to two people called `name` among `members` (a Membership queryset) and `also` (a
    Person queryset): one means found, none or two means the caller asks for the ID number."""
    from django.db.models import Q

    from gonghui.members.models import Person

    found = Q(pk__in=members.filter(person__name=name).values("person"))
    if also is not None:
        found |= Q(pk__in=also.filter(name=name).values("pk"))
    return list(Person.objects.filter(found).distinct()[:2])


@transaction.atomic
def person_ensure(*, by, id_number: str, name: str, org=None):
    """The person with this (normalised) ID number, created with `name` if the system has none.

    Contestants and workers whose grade rose need not be union members yet."""
    from gonghui.members.models import Person

    person = Person.objects.filter(id_number=id_number).first()
    if person is not None:
        if name and person.name != name:
            raise ValidationError(f"该身份证号码登记的姓名是“{person.name}”，不是“{name}”")
        return person
    if not name:
        raise ValidationError("系统中没有该身份证号码的人员，请同时填写姓名")
    person = Person.objects.create(id_number=id_number, name=name)
    record_create(user=by, instance=person, org=org)
    return person


@transaction.atomic
def round_score_record(*, by, contestant: Contestant, round: Round, score: Decimal) -> RoundScore:
    if round.trade_id != contestant.trade_id:
        raise ValidationError("轮次与选手的竞赛项目不一致")
    if score < 0:
        raise ValidationError("成绩不能为负数")
    row, created = RoundScore.objects.update_or_create(
        contestant=contestant, round=round, defaults={"score": score}
    )
    record_create(user=by, instance=row, org=contestant.participant.org)
    return row


@transaction.atomic
def contestant_certify(*, by, contestant: Contestant, grade: int) -> Contestant:
    """The qualification a contestant reached in the contest (达到高级工 …).

    Grade rises through the union's training are recorded apart (grade_rise_record), so the two
    figures of 篇2 (70 reached 高级工; 123 workers' grade rose) stay two figures.
    """
    before = snapshot(contestant)
    contestant.grade_reached = grade
    contestant.save(update_fields=["grade_reached"])
    record_update(user=by, instance=contestant, before=before, org=contestant.participant.org)
    return contestant


@transaction.atomic
def grade_rise_record(
    *,
    by,
    person,
    org,
    grade_to: int,
    certified_on: dt.date,
    via: str,
    grade_from: int | None = None,
    competition=None,
) -> GradeRise:
    if grade_from is not None and grade_to <= grade_from:
        raise ValidationError("新等级必须高于原等级")
    if certified_on > timezone.localdate():
        raise ValidationError("取证日期不能晚于今天")
    if competition is not None and not org.path.startswith(competition.organiser.path):
        raise ValidationError(f"{org.name} 不在“{competition.name}”主办工会的范围内")
    same = GradeRise.objects.filter(person=person, grade_to=grade_to).select_related("org").first()
    if same is not None:
        raise ValidationError(
            f"{person.name} 已于 {same.certified_on:%Y-%m-%d} 登记提升为"
            f"{same.get_grade_to_display()}（{same.org.name}）"
        )
    rise = GradeRise.objects.create(
        person=person,
        org=org,
        competition=competition,
        grade_from=grade_from,
        grade_to=grade_to,
        certified_on=certified_on,
        via=via,
    )
    record_create(user=by, instance=rise, org=org)
    return rise


@transaction.atomic
def award_propose(
    *,
    by,
    title: str,
    year: int,
    level: str,
    org,
    competition=None,
    employer=None,
    team=None,
    person=None,
    achievement: str = "",
) -> Award:
    if team is not None and person is not None:
        raise ValidationError("表彰对象只能是单位、班组或个人之一")
    award = Award.objects.create(
        title=title,
        year=year,
        level=level,
        org=org,
        competition=competition,
        employer=employer,
        team=team,
        person=person,
        achievement=achievement,
    )
    record_create(user=by, instance=award, org=org)
    return award


@transaction.atomic
def award_check_confirm(*, by, award: Award, kind: str, found: bool, note: str = "") -> AwardCheck:
    if award.status != Award.Status.PROPOSED:
        raise ValidationError("只有推荐中的表彰可以核查")
    check, _ = AwardCheck.objects.update_or_create(
        award=award,
        kind=kind,
        defaults={
            "found": found,
            "note": note,
            "confirmed_by": by if by is not None and by.is_authenticated else None,
            "confirmed_on": timezone.localdate(),
        },
    )
    record_create(user=by, instance=check, org=award.org)
    return check


def award_problems(award: Award) -> list[str]:
    """Why the award cannot be granted yet: unconfirmed checks, exclusions found, low score."""
    problems = []
    checks = {c.kind: c for c in award.checks.all()}
    for kind in REQUIRED_CHECKS:
        label = AwardCheck.Kind(kind).label
        if kind not in checks:
            problems.append(f"尚未核查“{label}”")
        elif checks[kind].found:
            problems.append(f"存在“{label}”情形")
    if award.competition_id and award.title == Award.Title.WINNING_UNIT:
        from ..models import Inspection

        spot = Inspection.objects.filter(
            participant__competition=award.competition_id,
            participant__org=award.org_id,
            participant__employer=award.employer_id,
            kind=Inspection.Kind.SPOT,
        ).first()
        threshold = award.competition.award_threshold
        if not rules.may_apply_for_award(spot.total if spot else None, threshold):
            got = f"{spot.total:g}分" if spot else "无抽查得分"
            problems.append(f"抽查得分未达 {threshold:g} 分（{got}）")
    return problems


@transaction.atomic
def award_grant(*, by, award: Award, on: dt.date | None = None) -> Award:
    if award.status != Award.Status.PROPOSED:
        raise ValidationError("只有推荐中的表彰可以授予")
    problems = award_problems(award)
    if problems:
        raise ValidationError(problems)
    before = snapshot(award)
    award.status = Award.Status.AWARDED
    award.decided_on = on or timezone.localdate()
    award.save()
    record_update(user=by, instance=award, before=before, org=award.org)
    return award


@transaction.atomic
def award_block(*, by, award: Award, reason: str) -> Award:
    if not reason.strip():
        raise ValidationError("请填写不予授予的原因")
    before = snapshot(award)
    award.status = Award.Status.BLOCKED
    award.decision_note = reason.strip()
    award.decided_on = timezone.localdate()
    award.save()
    record_update(user=by, instance=award, before=before, org=award.org)
    return award
