"""Demo competitions, dates relative to today so that every state shows:

- a county 安康杯 for every grassroots union (hand-ins arriving against due dates,
  self-assessments and spot checks, team records, a record entered after the fact);
- 篇6 at demo size: 太华镇's own 安康杯 for twelve of its unions, with exactly the hand-in
  pattern of the source's bulletin (samples.PIAN6_UNITS: 7 units on time, a plan without its
  考核细则, units with nothing, teams without plans, a record filled in 48 days late), so that
  `gonghui report inspection` has its findings;
- 篇2 at demo size: the county's 主题劳动竞赛 with 双挂钩, a leading group, the county's
  enterprises taking part, a skills contest in the source's two trades, workers whose grade
  rose, 合理化建议 and awards, so that `gonghui report competition` reads like the source.

The sources' full-size data (samples.load_pian2/load_pian6) stay with the tests: here the
people, unions and employers are the demo county's own, so the member roster stays consistent.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import F

from gonghui.core.dates import add_months
from gonghui.core.demo import COUNTY_NAME, DemoContext
from gonghui.core.synthetic import person_name
from gonghui.members.models import Membership
from gonghui.orgs.models import Employer, Organization, Team

from . import samples, services
from .models import (
    Award,
    Competition,
    Grade,
    GradeRise,
    Inspection,
    Proposal,
    Requirement,
    TeamActivity,
)


def load(context: DemoContext) -> None:
    _county_safety(context)
    _pian6(context)
    _pian2(context)


def _county_safety(context: DemoContext) -> None:
    rng = context.rng
    today = context.today
    by = context.users.get("admin")
    county = context.org(COUNTY_NAME)
    start = add_months(today, -4)
    comp = services.competition_create(
        by=by,
        name=f"示范县{start.year}—{start.year + 1}年度安康杯竞赛",
        kind=Competition.Kind.SAFETY,
        organiser=county,
        start_date=start,
        end_date=dt.date(start.year + 1, 12, 31),
        description="以班组为重点，开展安全教育、反违章、“十个一”和工作票月度分析",
    )
    for name, role, position in (
        ("周国平", "leader", "县总工会主席"),
        ("邵建新", "deputy", "县应急管理局副局长"),
        ("蒋秀英", "deputy", "县卫健委副主任"),
    ):
        services.leading_group_add(by=by, competition=comp, name=name, role=role, position=position)
    first_due = today - dt.timedelta(days=60)
    services.requirements_add_standard(by=by, competition=comp, first_due=first_due)
    services.requirement_add(
        by=by,
        competition=comp,
        kind=Requirement.Kind.OTHER,
        name="安全生产月活动小结",
        due_date=today + dt.timedelta(days=2),
    )
    services.rubric_add_standard(by=by, competition=comp)
    services.participants_assign_all(by=by, competition=comp, under=county)
    participants = list(comp.participants.select_related("org").order_by("org__path"))
    early = [r for r in comp.requirements.all() if r.due_date <= today]
    for i, part in enumerate(participants):
        for req in early:
            roll = rng.random()
            if roll < 0.62:
                day = req.due_date - dt.timedelta(days=rng.randint(0, 12))
            elif roll < 0.82:
                day = min(req.due_date + dt.timedelta(days=rng.randint(1, 25)), today)
            else:
                continue
            services.submission_record(
                by=by,
                participant=part,
                requirement=req,
                submitted_on=day,
                published_on=day + dt.timedelta(days=5) if i % 4 == 0 else None,
            )
    items = list(comp.rubric.all())
    for n, part in enumerate(participants[:14]):
        spot_low = 0.96 if n < 4 else 0.75  # a few units above the 95-point line
        for kind, low in ((Inspection.Kind.SELF, 0.85), (Inspection.Kind.SPOT, spot_low)):
            scores = {
                item.id: (
                    (item.max_points * Decimal(str(round(rng.uniform(low, 1.0), 2)))).quantize(
                        Decimal("0.5")
                    ),
                    "",
                )
                for item in items
            }
            services.inspection_score(
                by=by,
                participant=part,
                kind=kind,
                inspected_on=today - dt.timedelta(days=10 if kind == "self" else 3),
                scores=scores,
                inspectors="县总工会检查组" if kind == "spot" else "本单位工会",
            )
    month = add_months(today.replace(day=1), -2)
    for part in participants[:6]:
        for n, team_name in enumerate(("运行一班", "检修班")):
            team, _ = Team.objects.get_or_create(org=part.org, name=team_name)
            if n == 0 or rng.random() < 0.5:
                services.team_plan_record(
                    by=by,
                    competition=comp,
                    team=team,
                    month=month,
                    content="安全教育两次、反违章自查、十个一活动",
                    recorded_on=month,
                )
            services.team_activity_record(
                by=by,
                competition=comp,
                team=team,
                kind=TeamActivity.Kind.SAFETY_EDUCATION,
                activity_date=month + dt.timedelta(days=7),
                content="安全规程学习",
                recorded_on=month + dt.timedelta(days=7 + (20 if n == 1 else 0)),
            )
    context.notes.append(f"劳动竞赛：{comp.name}，{len(participants)} 家参赛单位")


def _pian6(context: DemoContext) -> None:
    """篇6's bulletin at demo size: the source's hand-in pattern on twelve of 太华镇's unions.

    The source's dates (due 3-31, inspection 6-15) move so that the inspection is today."""
    today = context.today
    by = context.users.get("taihua") or context.users.get("admin")
    town = context.org("太华镇总工会")
    units = list(Organization.objects.get_children(town).filter(kind="grassroots")[:12])
    if len(units) < 12:
        return
    shift = today - samples.PIAN6_INSPECTION
    inspected = samples.PIAN6_INSPECTION
    month_shift = (today.year - inspected.year) * 12 + today.month - inspected.month

    def moved(day: dt.date) -> dt.date:
        return day + shift

    start = moved(dt.date(2026, 3, 1))
    comp = services.competition_create(
        by=by,
        name=f"太华镇{start.year}—{start.year + 1}年度安康杯竞赛",
        kind=Competition.Kind.SAFETY,
        organiser=town,
        start_date=start,
        end_date=dt.date(start.year + 1, 12, 31),
        description="职工安全教育、群众性安全监督、反违章作业、安全活动月和日常安全管理",
        late_record_days=7,
    )
    for role, position in (("leader", "镇党委副书记、镇总工会主席"), ("deputy", "镇安监办主任")):
        name = person_name(context.rng, female=context.rng.random() < 0.3)
        services.leading_group_add(by=by, competition=comp, name=name, role=role, position=position)
    reqs = {
        r.kind: r
        for r in services.requirements_add_standard(
            by=by, competition=comp, first_due=moved(samples.PIAN6_DUE)
        )
    }
    services.rubric_add_standard(by=by, competition=comp)
    parts = {}
    for unit, pattern in zip(units, samples.PIAN6_UNITS.values(), strict=False):
        parts[unit] = services.participant_add(by=by, competition=comp, org=unit, joined_on=start)
        for kind, (submitted_on, published_on) in pattern.items():
            services.submission_record(
                by=by,
                participant=parts[unit],
                requirement=reqs[kind],
                submitted_on=moved(submitted_on),
                published_on=moved(published_on) if published_on else None,
            )
    # teams as in the source: two units with monthly plans, one with a team and no plan
    team_names = iter(("安全生产一班", "安全生产二班", "设备维修班", "综合服务班", "巡查班"))
    teams = []
    for unit, unit_teams in zip(units, samples.PIAN6_TEAMS.values(), strict=False):
        for months in unit_teams.values():
            team, _ = Team.objects.get_or_create(
                org=unit, name=next(team_names), defaults={"members_count": 12}
            )
            teams.append(team)
            for month in months:
                first = add_months(dt.date(2026, month, 1), month_shift)
                services.team_plan_record(
                    by=by,
                    competition=comp,
                    team=team,
                    month=first,
                    content="安全教育、反违章、十个一活动安排",
                    recorded_on=first + dt.timedelta(days=2),
                )
    for team in teams[:2]:
        for month in (3, 4, 5):
            day = moved(dt.date(2026, month, 28))
            services.team_activity_record(
                by=by,
                competition=comp,
                team=team,
                kind=TeamActivity.Kind.TICKET_ANALYSIS,
                activity_date=day,
                content="已执行工作票月度分析",
                recorded_on=day,
            )
    # 为了活动而补记录: entered 48 days after the activity
    services.team_activity_record(
        by=by,
        competition=comp,
        team=teams[3],
        kind=TeamActivity.Kind.SAFETY_EDUCATION,
        activity_date=moved(dt.date(2026, 4, 2)),
        content="安全教育",
        participants_count=10,
        recorded_on=moved(dt.date(2026, 5, 20)),
    )
    context.notes.append(f"劳动竞赛：{comp.name}（篇6 检查通报的情形），12 家参赛单位")


TRADES = tuple(samples.PIAN2_CONTESTANTS)  # 机电一体化设备组装与调试, 中式烹饪


def _pian2(context: DemoContext) -> None:
    """篇2 at demo size: the county's thematic labour competition this year."""
    rng = context.rng
    today = context.today
    by = context.users.get("xian") or context.users.get("admin")
    county = context.org(COUNTY_NAME)
    year_start = today.replace(month=1, day=1)
    comp = services.competition_create(
        by=by,
        name=f"{today.year}年示范县主题劳动竞赛",
        kind=Competition.Kind.LABOUR,
        organiser=county,
        start_date=year_start,
        end_date=today.replace(month=12, day=31),
        co_organisers="县人社局、县工商联",
        description="树立典型、现场观摩、服务企业；工人先锋号、职工技术操作能手、"
        "职工技术创新成果、十佳金点子四个评比",
        double_link=True,
    )
    for role, position in (
        ("leader", "县委常委、县总工会主席"),
        ("deputy", "县人社局局长"),
        ("deputy", "县总工会党组书记"),
    ):
        name = person_name(rng, female=rng.random() < 0.3)
        services.leading_group_add(by=by, competition=comp, name=name, role=role, position=position)
    # 篇2: 53 enterprises; here the enterprises with a union first, then the largest others
    employers = list(
        Employer.objects.filter(org__path__startswith=county.path)
        .select_related("union", "org")
        .order_by(F("union").asc(nulls_last=True), "-employees", "name")[
            : samples.PIAN2_ENTERPRISES
        ]
    )
    parts = [
        services.participant_add(
            by=by,
            competition=comp,
            org=e.union or e.org,
            employer=e,
            joined_on=year_start,
        )
        for e in employers
    ]
    # contestants: members of the enterprises' unions, two per enterprise in each trade
    taken = set()
    n = 0
    for trade_name in TRADES:
        trade = services.trade_add(by=by, competition=comp, name=trade_name)
        final = trade.rounds.get(name="决赛")
        for part in parts:
            if part.employer is None or part.employer.union_id is None:
                continue
            people = [
                m.person
                for m in Membership.objects.active()
                .filter(org=part.employer.union)
                .select_related("person")
                .order_by("id")[:8]
                if m.person_id not in taken
            ][:2]
            for person in people:
                taken.add(person.pk)
                c = services.contestant_add(
                    by=by, trade=trade, participant=part, person=person, grade_before=Grade.MIDDLE
                )
                services.round_score_record(
                    by=by,
                    contestant=c,
                    round=final,
                    score=Decimal(rng.randint(600, 985)) / 10,
                )
                reached = Grade.SENIOR if rng.random() < 0.75 else Grade.MIDDLE
                services.contestant_certify(by=by, contestant=c, grade=reached)
                n += 1
    # workers whose grade rose through the union's training during the competition
    pool = list(
        Membership.objects.active()
        .filter(org__path__startswith=county.path)
        .exclude(person__in=taken)
        .order_by("id")
        .values_list("id", flat=True)
    )
    chosen = rng.sample(pool, min(36, len(pool)))
    rises = list(
        Membership.objects.filter(id__in=chosen).select_related("person", "org").order_by("id")
    )
    span = max((today - year_start).days, 1)
    for i, m in enumerate(rises):
        grade_from = Grade.JUNIOR if i % 3 else Grade.MIDDLE
        services.grade_rise_record(
            by=by,
            person=m.person,
            org=m.org,
            competition=comp if i % 6 else None,  # a few rose outside the competition
            grade_from=grade_from,
            grade_to=grade_from + 1,
            certified_on=year_start + dt.timedelta(days=rng.randrange(span)),
            via=GradeRise.Via.TRAINING,
        )
    # 合理化建议 from the county's unions, about 30% adopted
    unions = list(Organization.objects.within(county).unions())
    proposals = []
    for i in range(180):
        roll = rng.random()
        status = (
            Proposal.Status.ADOPTED
            if roll < 0.24
            else Proposal.Status.IMPLEMENTED
            if roll < 0.30
            else Proposal.Status.REJECTED
            if roll < 0.45
            else Proposal.Status.EVALUATING
        )
        submitted = year_start + dt.timedelta(days=rng.randrange(span))
        decided = min(submitted + dt.timedelta(days=20), today)
        proposals.append(
            Proposal(
                org=rng.choice(unions),
                competition=comp,
                title=f"{rng.choice(IDEAS)}（第{i + 1}号）",
                proposer_name=f"职工{i % 90 + 1:02d}",
                submitted_on=submitted,
                status=status,
                decided_on=decided if status != Proposal.Status.EVALUATING else None,
                reject_reason="现有条件下暂不具备实施条件"
                if status == Proposal.Status.REJECTED
                else "",
                implemented_on=decided if status == Proposal.Status.IMPLEMENTED else None,
                estimated_benefit=Decimal(rng.randint(5, 80) * 1000)
                if status == Proposal.Status.IMPLEMENTED
                else None,
                on_behalf=i % 10 == 0,
            )
        )
    services.proposals_bulk_create(by=by, proposals=proposals, batch="演示")
    # awards: the best contestant of each trade, checked and granted
    for trade in comp.trades.all():
        best = trade.contestants.order_by("-scores__score").select_related("participant").first()
        if best is None:
            continue
        award = services.award_propose(
            by=by,
            title=Award.Title.OPERATOR,
            year=today.year,
            level=Award.Level.COUNTY,
            org=best.participant.org,
            competition=comp,
            employer=best.participant.employer,
            person=best.person,
            achievement=f"{trade.name}第一名",
        )
        for kind in services.REQUIRED_CHECKS:
            services.award_check_confirm(by=by, award=award, kind=kind, found=False)
        services.award_grant(by=by, award=award, on=today)
    context.notes.append(
        f"劳动竞赛：{comp.name}（篇2），{len(parts)} 家企业参赛，{n} 名选手，"
        f"{len(rises)} 名职工技能等级提升，{len(proposals)} 条合理化建议"
    )


IDEAS = (
    "空压机余热回收",
    "络筒工序节能改造",
    "食堂错峰就餐",
    "仓库货位编码",
    "设备点检表电子化",
    "照明改用LED灯",
    "废料分类回收",
    "班组交接班记录规范",
)
