"""Demo competition: a county 安康杯 for every grassroots union (hand-ins arriving against due
dates, self-assessments and spot checks, team records, a record entered after the fact).
Dates are relative to today so the board shows every state. The source's two competitions (篇2,
篇6) are in competitions.samples, loaded by the tests; they stay out of the demo so that the demo's
people and tree remain the county's own."""

import datetime as dt
from decimal import Decimal

from gonghui.core.dates import add_months
from gonghui.core.demo import COUNTY_NAME, DemoContext
from gonghui.orgs.models import Team

from . import services
from .models import Competition, Inspection, Requirement, TeamActivity


def load(context: DemoContext) -> None:
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
        ("县总工会主席", "leader", "县总工会主席"),
        ("县应急管理局副局长", "deputy", "县应急管理局"),
        ("县卫健委副主任", "deputy", "县卫健委"),
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
