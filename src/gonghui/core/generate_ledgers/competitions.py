"""竞赛: county and town competitions with participants, leading groups, requirements and hand-ins,
rubrics and scored inspections; a skills contest with trades, contestants, scores and grade rises;
proposals (合理化建议) and awards."""

import datetime as dt
from decimal import Decimal as D

from gonghui.competitions.rules import STANDARD_SAFETY_RUBRIC

from ..synthetic import person_name
from . import County, day_between

LABOUR_RUBRIC = [
    ("组织", "组织领导", D(20)),
    ("内容", "竞赛内容", D(40)),
    ("效果", "竞赛成效", D(40)),
]
REQUIREMENTS = [("registration", "报名表", 20), ("plan", "活动方案", 30), ("rules", "考核细则", 30)]
TRADES = ["机电一体化设备组装与调试", "电工", "焊工", "中式烹饪"]
PROPOSALS = [
    "关于优化{}生产线排班的建议", "关于降低{}车间能耗的建议", "关于改进{}设备点检制度的建议",
    "关于{}仓储物流流程再造的建议", "关于加强{}安全生产培训的建议", "关于{}废料回收利用的建议",
]  # fmt: skip
PROPOSAL_STATUS = [("submitted", 15), ("evaluating", 10), ("adopted", 35), ("rejected", 20), ("implemented", 20)]  # fmt: skip


def generate(county: County) -> None:
    from gonghui.competitions import models as m

    rng = county.rng("competitions")
    t = {
        "competitions": county.table(
            m.Competition,
            [
                "name",
                "kind",
                "organiser_id",
                "co_organisers",
                "start_date",
                "end_date",
                "description",
                "double_link",
            ],
        ),  # fmt: skip
        "group": county.table(
            m.LeadingGroupMember, ["competition_id", "name", "position", "role", "order"]
        ),  # fmt: skip
        "participants": county.table(
            m.Participant, ["competition_id", "org_id", "employer_id", "joined", "joined_on"]
        ),
        "requirements": county.table(m.Requirement, ["competition_id", "kind", "name", "due_date"]),
        "submissions": county.table(
            m.Submission,
            [
                "requirement_id",
                "participant_id",
                "submitted_on",
                "published_on",
                "submitted_by",
            ],  # fmt: skip
        ),
        "rubric": county.table(
            m.RubricItem, ["competition_id", "group", "name", "max_points", "order"]
        ),  # fmt: skip
        "inspections": county.table(
            m.Inspection, ["participant_id", "kind", "inspected_on", "inspectors", "total"]
        ),  # fmt: skip
        "scores": county.table(m.ItemScore, ["inspection_id", "item_id", "points"]),
        "trades": county.table(m.Trade, ["competition_id", "name"]),
        "rounds": county.table(m.Round, ["trade_id", "name", "order", "held_on"]),
        "contestants": county.table(
            m.Contestant,
            ["trade_id", "participant_id", "person_id", "grade_before", "grade_reached"],
        ),
        "round_scores": county.table(m.RoundScore, ["contestant_id", "round_id", "score"]),
        "rises": county.table(
            m.GradeRise,
            [
                "person_id",
                "org_id",
                "competition_id",
                "grade_from",
                "grade_to",
                "certified_on",
                "via",
            ],  # fmt: skip
        ),
        "proposals": county.table(
            m.Proposal,
            [
                "org_id",
                "employer_id",
                "competition_id",
                "title",
                "proposer_name",
                "person_id",
                "on_behalf",
                "submitted_on",
                "status",
                "decided_on",
                "reject_reason",
                "implemented_on",
                "estimated_benefit",
            ],
        ),  # fmt: skip
        "awards": county.table(
            m.Award,
            [
                "title",
                "competition_id",
                "year",
                "level",
                "org_id",
                "employer_id",
                "person_id",
                "achievement",
                "status",
                "decided_on",
            ],  # fmt: skip
        ),
    }
    employer_of = {e["union_id"]: e for e in county.employers if e["union_id"]}
    members = county.members_of()
    enterprise = [u for u in county.unions if u["id"] in employer_of]
    short = county.root["short_name"]
    first, last = county.years
    plans = [
        (f"{first}—{last}年度{short}“安康杯”竞赛", "safety", county.root, dt.date(first, 3, 1),
         dt.date(last, 11, 30), enterprise, 0.15, STANDARD_SAFETY_RUBRIC),
    ]  # fmt: skip
    for year in county.years:
        plans.append((f"{year}年{short}“建功立业”主题劳动竞赛", "labour", county.root,
                      dt.date(year, 3, 1), dt.date(year, 11, 30), enterprise, 0.1, LABOUR_RUBRIC))  # fmt: skip
        plans.append((f"{year}年{short}职工技能竞赛", "skills", county.root, dt.date(year, 5, 1),
                      dt.date(year, 10, 31), enterprise, 0.05, []))  # fmt: skip
        for town in county.towns:
            plans.append((f"{year}年{town['short_name']}劳动竞赛", "labour", town,
                          dt.date(year, 4, 1), dt.date(year, 10, 31), county.unions_of(town), 0.3,
                          LABOUR_RUBRIC))  # fmt: skip
    labour_of_year = {}
    for name, kind, org, start, end, pool, share, rubric in plans:
        competition = t["competitions"].add(
            name=name,
            kind=kind,
            organiser_id=org["id"],
            co_organisers="县人社局、县应急管理局" if org is county.root else "",
            start_date=start,
            end_date=end,
            description="",
            double_link=kind == "labour",
        )
        if kind == "labour" and org is county.root:
            labour_of_year[start.year] = competition
        for order, (role, position) in enumerate(
            [
                ("leader", "县总工会主席"),
                ("deputy", "县总工会副主席"),
                ("member", "经济工作部部长"),
                ("office", "办公室主任"),
            ]  # fmt: skip
        ):
            t["group"].add(
                competition_id=competition,
                name=person_name(rng, female=rng.random() < 0.4),
                position=position,
                role=role,
                order=order,
            )
        if start > county.today:
            continue
        units = rng.sample(pool, max(1, round(len(pool) * share)))
        participants = []
        for union in units:
            employer = employer_of.get(union["id"])
            participants.append(
                (
                    t["participants"].add(
                        competition_id=competition,
                        org_id=union["id"],
                        employer_id=employer["id"] if employer else None,
                        joined="registered" if rng.random() < 0.3 else "assigned",
                        joined_on=start + dt.timedelta(days=rng.randint(0, 14)),
                    ),
                    union,
                )
            )
        _handins(rng, t, county, competition, start, end, participants)
        _inspections(rng, t, county, competition, start, end, participants, rubric)
        if kind == "skills":
            _contest(rng, t, county, competition, start, end, participants, members)
    _proposals(rng, t, county, employer_of, labour_of_year)
    for table in t.values():
        table.flush()


def _handins(rng, t, county, competition, start, end, participants) -> None:
    requirements = [
        (
            t["requirements"].add(
                competition_id=competition,
                kind=kind,
                name=name,
                due_date=start + dt.timedelta(days=days),
            ),
            start + dt.timedelta(days=days),
        )  # fmt: skip
        for kind, name, days in REQUIREMENTS
    ]
    summary_due = end - dt.timedelta(days=15)
    requirements.append(
        (
            t["requirements"].add(
                competition_id=competition, kind="summary", name="工作总结", due_date=summary_due
            ),
            summary_due,
        )  # fmt: skip
    )
    for participant, _union in participants:
        for requirement, due in requirements:
            if rng.random() > 0.85:
                continue
            on_time = rng.random() < 0.8
            day = due - dt.timedelta(days=rng.randint(0, 10)) if on_time else due + dt.timedelta(days=rng.randint(1, 20))  # fmt: skip
            if day > county.today:
                continue
            t["submissions"].add(
                requirement_id=requirement,
                participant_id=participant,
                submitted_on=day,
                published_on=day if rng.random() < 0.5 else None,
                submitted_by=person_name(rng, female=rng.random() < 0.5),
            )


def _inspections(rng, t, county, competition, start, end, participants, rubric) -> None:
    if not rubric:
        return
    items = [
        (t["rubric"].add(competition_id=competition, group=g, name=n, max_points=p, order=i), p)
        for i, (g, n, p) in enumerate(rubric)
    ]
    for participant, _union in participants:
        for kind, share in (("self", 0.6), ("spot", 0.25)):
            on = day_between(rng, start + dt.timedelta(days=90), min(end, county.today))
            if rng.random() > share or on > county.today:
                continue
            points = [(item, (most * D(rng.randint(60, 100)) / 100).quantize(D("0.5"))) for item, most in items]  # fmt: skip
            inspection = t["inspections"].add(
                participant_id=participant,
                kind=kind,
                inspected_on=on,
                inspectors="" if kind == "self" else "县总工会检查组",
                total=sum(p for _, p in points),
            )
            for item, value in points:
                t["scores"].add(inspection_id=inspection, item_id=item, points=value)


def _contest(rng, t, county, competition, start, end, participants, members) -> None:
    held = min(end - dt.timedelta(days=30), county.today)
    trades = []
    for name in TRADES:
        trade = t["trades"].add(competition_id=competition, name=name)
        final = t["rounds"].add(trade_id=trade, name="决赛", order=1, held_on=held)
        trades.append((trade, final))
    for participant, union in participants:
        people = members.get(union["id"], [])
        for person in rng.sample(people, min(len(people), rng.randint(1, 6))):
            trade, final = rng.choice(trades)
            before = rng.choice((None, 1, 2, 3))
            reached = min(5, (before or 1) + rng.choice((0, 0, 1, 2)))
            contestant = t["contestants"].add(
                trade_id=trade,
                participant_id=participant,
                person_id=person,
                grade_before=before,
                grade_reached=reached,
            )
            t["round_scores"].add(
                contestant_id=contestant, round_id=final, score=D(rng.randint(550, 980)) / 10
            )
            if before is None or reached > before:
                t["rises"].add(
                    person_id=person,
                    org_id=union["id"],
                    competition_id=competition,
                    grade_from=before,
                    grade_to=reached,
                    certified_on=held + dt.timedelta(days=20),
                    via="contest",
                )


def _proposals(rng, t, county, employer_of, labour_of_year) -> None:
    """合理化建议: about four per hundred members a year; awards for the best units and ideas."""
    statuses = [s for s, _ in PROPOSAL_STATUS]
    weights = [w for _, w in PROPOSAL_STATUS]
    for year in county.years:
        start, until = county.window(year)
        for person, org in rng.sample(county.members, len(county.members) * 4 // 100):
            employer = employer_of.get(org)
            submitted = day_between(rng, start, until)
            status = rng.choices(statuses, weights)[0]
            decided = submitted + dt.timedelta(days=rng.randint(5, 60))
            implemented = decided + dt.timedelta(days=rng.randint(10, 90))
            if status != "submitted" and decided > county.today:
                status = "evaluating"
            if status == "implemented" and implemented > county.today:
                status = "adopted"
            done = status in ("adopted", "rejected", "implemented")
            t["proposals"].add(
                org_id=org,
                employer_id=employer["id"] if employer else None,
                competition_id=labour_of_year.get(year) if rng.random() < 0.3 else None,
                title=rng.choice(PROPOSALS).format(employer["industry"] if employer else "村办"),
                proposer_name=person_name(rng, female=rng.random() < 0.45),
                person_id=person,
                on_behalf=rng.random() < 0.1,
                submitted_on=submitted,
                status=status,
                decided_on=decided if done else None,
                reject_reason="投入较大，暂不具备实施条件" if status == "rejected" else "",
                implemented_on=implemented if status == "implemented" else None,
                estimated_benefit=D(rng.randint(1, 500) * 1000)
                if status in ("adopted", "implemented")
                else None,  # fmt: skip
            )
        for union in rng.sample(county.unions, max(1, len(county.unions) // 50)):
            employer = employer_of.get(union["id"])
            t["awards"].add(
                title=rng.choice(("pioneer", "winning_unit", "golden_idea")),
                competition_id=labour_of_year.get(year),
                year=year,
                level="county",
                org_id=union["id"],
                employer_id=employer["id"] if employer else None,
                person_id=None,
                achievement="",
                status="awarded",
                decided_on=until,
            )
