"""The source's competitions as data: 篇6 (a 安康杯 that went badly) and 篇2 (a district's
labour competition). Used by the tests that check the figures and by the demo.

Every write goes through the services, as a clerk's would.
"""

import datetime as dt
import itertools
from decimal import Decimal

from gonghui.core import idnumber
from gonghui.members.models import Person
from gonghui.orgs.models import Employer, Organization, Team

from . import services
from .models import Competition, Grade, GradeRise, Proposal, TeamActivity

D = dt.date

# 篇6: the bureau's units, what each handed in (document kind → (submitted_on, published_on)).
PIAN6_DUE = D(2026, 3, 31)
PIAN6_INSPECTION = D(2026, 6, 15)
_ON = D(2026, 3, 28)
_PUB = D(2026, 4, 20)
PIAN6_UNITS = {
    "变电工区工会": {"plan": (_ON, _PUB), "rules": (_ON, _PUB), "registration": (_ON, None)},
    "输电工区工会": {"plan": (_ON, _PUB), "rules": (_ON, None), "registration": (_ON, None)},
    "配电工区工会": {"plan": (_ON, _PUB), "rules": (_ON, None), "registration": (_ON, None)},
    "调度中心工会": {"plan": (_ON, None), "registration": (_ON, None)},
    "营销中心工会": {"plan": (_ON, None)},
    "信息通信分公司工会": {"rules": (_ON, _PUB), "registration": (_ON, None)},
    "检修分公司工会": {"plan": (_ON, None), "rules": (_ON, None)},
    "物资供应站工会": {
        "plan": (D(2026, 4, 20), None),
        "rules": (D(2026, 4, 20), None),
        "registration": (D(2026, 4, 20), None),
    },
    "后勤服务中心工会": {"plan": (D(2026, 5, 8), None)},
    "多种经营公司工会": {},
    "培训中心工会": {},
    "客户服务中心工会": {},
}
# teams: unit → team → months (1-based, 2026) with a plan
PIAN6_TEAMS = {
    "变电工区工会": {"变电运维一班": (3, 4, 5), "变电检修班": (3, 4, 5)},
    "输电工区工会": {"输电运检班": (3, 4, 5), "电缆班": (3, 4)},
    "配电工区工会": {"配电运维一班": ()},
}


def _id_numbers(area: str, start: int):
    for n in itertools.count(start):
        birth = D(1970 + n % 30, 1 + n % 12, 1 + n % 28)
        first17 = f"{area}{birth:%Y%m%d}{n % 1000:03d}"
        yield first17 + idnumber.check_char(first17)


def load_pian6(*, parent: Organization, by=None) -> Competition:
    """篇6: a bureau's 安康杯 in its first spring; as of PIAN6_INSPECTION the bulletin's facts hold."""
    tree = Organization.objects
    bureau = tree.add_child(parent, dict(name="供电局工会", short_name="供电局", kind="town"))
    units = {
        name: tree.add_child(
            bureau,
            dict(
                name=name,
                short_name=name.removesuffix("工会"),
                kind="grassroots",
                unit_type="enterprise",
            ),
        )
        for name in PIAN6_UNITS
    }
    bureau.refresh_from_db()
    comp = services.competition_create(
        by=by,
        name="供电局2026—2027年度安康杯竞赛",
        kind=Competition.Kind.SAFETY,
        organiser=bureau,
        start_date=D(2026, 3, 1),
        end_date=D(2027, 12, 31),
        description="职工安全教育、群众性安全监督、反违章作业、三标一体贯标、安全活动月和日常安全管理",
        late_record_days=7,
    )
    reqs = {
        r.kind: r
        for r in services.requirements_add_standard(by=by, competition=comp, first_due=PIAN6_DUE)
    }
    services.rubric_add_standard(by=by, competition=comp)
    participants = {}
    for name, org in units.items():
        participants[name] = services.participant_add(
            by=by, competition=comp, org=org, joined_on=D(2026, 3, 1)
        )
    for name, handed in PIAN6_UNITS.items():
        for kind, (submitted_on, published_on) in handed.items():
            services.submission_record(
                by=by,
                participant=participants[name],
                requirement=reqs[kind],
                submitted_on=submitted_on,
                published_on=published_on,
            )
    teams = {}
    for unit, unit_teams in PIAN6_TEAMS.items():
        for team_name, months in unit_teams.items():
            team = Team.objects.create(org=units[unit], name=team_name, members_count=12)
            teams[team_name] = team
            for month in months:
                services.team_plan_record(
                    by=by,
                    competition=comp,
                    team=team,
                    month=D(2026, month, 1),
                    content="安全教育、反违章、十个一活动安排",
                    recorded_on=D(2026, month, 3),
                )
    for team_name in ("变电运维一班", "变电检修班"):
        for month in (3, 4, 5):
            day = D(2026, month, 28)
            services.team_activity_record(
                by=by,
                competition=comp,
                team=teams[team_name],
                kind=TeamActivity.Kind.TICKET_ANALYSIS,
                activity_date=day,
                content="已执行工作票月度分析",
                recorded_on=day,
            )
    services.team_activity_record(
        by=by,
        competition=comp,
        team=teams["变电运维一班"],
        kind=TeamActivity.Kind.SAFETY_EDUCATION,
        activity_date=D(2026, 4, 8),
        content="春查安全规程学习",
        discussion="逐条讨论本班组违章案例",
        participants_count=12,
        recorded_on=D(2026, 4, 8),
    )
    # 为了活动而补记录: entered 48 days after the activity
    services.team_activity_record(
        by=by,
        competition=comp,
        team=teams["电缆班"],
        kind=TeamActivity.Kind.SAFETY_EDUCATION,
        activity_date=D(2026, 4, 2),
        content="安全教育",
        participants_count=10,
        recorded_on=D(2026, 5, 20),
    )
    # exactly 7 days later: within the setting, not flagged
    services.team_activity_record(
        by=by,
        competition=comp,
        team=teams["配电运维一班"],
        kind=TeamActivity.Kind.ANTI_VIOLATION,
        activity_date=D(2026, 5, 6),
        content="反违章自查",
        recorded_on=D(2026, 5, 13),
    )
    return comp


# 篇2's figures
PIAN2_ENTERPRISES = 53
PIAN2_CONTESTANTS = {"机电一体化设备组装与调试": 51, "中式烹饪": 42}  # 93
PIAN2_SENIOR = 70
PIAN2_GRADE_ROSE = 123
PIAN2_PROPOSALS = 4150
PIAN2_ADOPTED = 1198  # the source: "近1200条得到行政采纳"


def load_pian2(*, parent: Organization, by=None, year: int = 2026) -> Competition:
    """篇2: the district's thematic labour competition, its skills contest and proposals."""
    tree = Organization.objects
    district = tree.add_child(parent, dict(name="xx区总工会", short_name="xx区", kind="town"))
    unions = [
        tree.add_child(
            district,
            dict(
                name=f"xx区{label}工会",
                short_name=f"xx区{label}",
                kind="grassroots",
                unit_type="joint",
            ),
        )
        for label in ("东港镇", "开发区", "教育系统")
    ]
    district.refresh_from_db()
    comp = services.competition_create(
        by=by,
        name=f"{year}年xx区主题劳动竞赛",
        kind=Competition.Kind.LABOUR,
        organiser=district,
        start_date=D(year, 1, 1),
        end_date=D(year, 12, 31),
        co_organisers="区人社局、区工商联",
        description="树立典型、现场观摩、服务企业；工人先锋号、职工技术操作能手、职工技术创新成果、十佳金点子四个评比",
        double_link=True,
    )
    for name, role, position in (
        ("张映雪", "leader", "区委常委、区总工会主席"),
        ("孙军伟", "deputy", "区人社局局长"),
        ("方宏伟", "deputy", "区总党组书记"),
    ):
        services.leading_group_add(by=by, competition=comp, name=name, role=role, position=position)
    enterprises = []
    for i in range(PIAN2_ENTERPRISES):
        employer = Employer.objects.create(
            name=f"xx区参赛企业{i + 1:02d}有限公司", industry="制造业", employees=80, org=district
        )
        enterprises.append(
            services.participant_add(
                by=by, competition=comp, org=district, employer=employer, joined_on=D(year, 3, 1)
            )
        )
    ids = _id_numbers("320205", 1)
    n = 0
    for trade_name, count in PIAN2_CONTESTANTS.items():
        trade = services.trade_add(by=by, competition=comp, name=trade_name)
        final = trade.rounds.get(name="决赛")
        for _ in range(count):
            person = Person.objects.create(name=f"选手{n + 1:03d}", id_number=next(ids))
            contestant = services.contestant_add(
                by=by,
                trade=trade,
                participant=enterprises[n % PIAN2_ENTERPRISES],
                person=person,
                grade_before=Grade.MIDDLE,
            )
            services.round_score_record(
                by=by, contestant=contestant, round=final, score=Decimal(60 + n % 40)
            )
            grade = Grade.SENIOR if n < PIAN2_SENIOR else Grade.MIDDLE
            services.contestant_certify(by=by, contestant=contestant, grade=grade)
            n += 1
    for i in range(PIAN2_GRADE_ROSE):
        person = Person.objects.create(name=f"学员{i + 1:03d}", id_number=next(ids))
        services.grade_rise_record(
            by=by,
            person=person,
            org=unions[i % 3],
            competition=comp,
            grade_from=Grade.JUNIOR,
            grade_to=Grade.MIDDLE,
            certified_on=D(year, 10, 1),
            via=GradeRise.Via.TRAINING,
        )
    proposals = []
    for i in range(PIAN2_PROPOSALS):
        adopted = i < PIAN2_ADOPTED
        rejected = not adopted and i % 2 == 0
        proposals.append(
            Proposal(
                org=unions[i % 3],
                competition=comp,
                title=f"合理化建议第{i + 1}号",
                proposer_name=f"职工{i % 500 + 1:03d}",
                submitted_on=D(year, 1 + i % 11, 1 + i % 28),
                status=(
                    Proposal.Status.ADOPTED
                    if adopted
                    else Proposal.Status.REJECTED
                    if rejected
                    else Proposal.Status.EVALUATING
                ),
                decided_on=D(year, 12, 1) if adopted or rejected else None,
                reject_reason="现有条件下暂不具备实施条件" if rejected else "",
                on_behalf=i % 10 == 0,
            )
        )
    services.proposals_bulk_create(by=by, proposals=proposals, batch="篇2")
    return comp
