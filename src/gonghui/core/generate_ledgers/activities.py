"""活动: events of the county, the towns and some unions, with entries and results; practice
returns; trainings with trainees; articles and the outlets that used them."""

import datetime as dt

from . import County, day_between

EVENTS = [
    ("sports", "职工篮球赛", True), ("culture", "职工文艺汇演", True), ("speech", "职工演讲比赛", True),
    ("lecture", "安全生产知识讲座", False), ("festival", "“三八”妇女节活动", False),
    ("volunteer", "学雷锋志愿服务活动", False), ("practice", "“工会进万家”主题实践活动", False),
    ("sports", "职工拔河比赛", True),
]  # fmt: skip
AWARDS = ["一等奖", "二等奖", "三等奖"]
COURSES = [("工会干部业务培训班", "市总工会", ""), ("劳动争议调解员培训班", "市人社局", "劳动争议调解员职业资格证书")]  # fmt: skip


def generate(county: County) -> None:
    from gonghui.activities import models as m
    from gonghui.activities.services import outlets_ensure_defaults

    rng = county.rng("activities")
    events = county.table(
        m.Event,
        ["org_id", "kind", "name", "start_date", "end_date", "place", "contestants", "audience",
         "audience_approximate"],
    )  # fmt: skip
    entries = county.table(m.EventEntry, ["event_id", "name", "org_id", "members", "rank", "award"])
    returns = county.table(m.PracticeReturn, ["event_id", "kind", "submitter", "received_on", "quantity"])  # fmt: skip
    trainings = county.table(
        m.Training, ["org_id", "course", "organiser", "start_date", "end_date", "certificate_name"]
    )
    trainees = county.table(m.Trainee, ["training_id", "person_id", "role", "certified", "certificate_no"])  # fmt: skip
    articles = county.table(m.Article, ["org_id", "title", "author", "date", "outlet_id", "used"])
    outlets_ensure_defaults()
    outlets = list(m.Outlet.objects.filter(active=True).values_list("pk", flat=True))
    members = county.members_of()

    def event(org, kind, name, teams, year):
        start, until = county.window(year)
        day = day_between(rng, start, until)
        pk = events.add(
            org_id=org["id"],
            kind=kind,
            name=f"{year}年{org['short_name']}{name}",
            start_date=day,
            end_date=day,
            place="",
            contestants=sum(u[1] for u in teams) or rng.randint(20, 200),
            audience=rng.randint(5, 60) * 10,
            audience_approximate=rng.random() < 0.5,
        )
        for rank, (union, size) in enumerate(teams, start=1):
            entries.add(
                event_id=pk,
                name=union["short_name"],
                org_id=union["id"],
                members=size,
                rank=rank if rank <= 3 else None,
                award=AWARDS[rank - 1] if rank <= 3 else "",
            )
        if kind == "practice":
            for kind_, quantity in (("record_card", rng.randint(50, 400)), ("summary", rng.randint(5, 40))):  # fmt: skip
                returns.add(event_id=pk, kind=kind_, submitter="", received_on=day, quantity=quantity)  # fmt: skip

    for year in county.years:
        if dt.date(year, 1, 1) > county.today:
            continue
        for kind, name, _contest in EVENTS[:3]:
            event(county.root, kind, name, [], year)
        for town in county.towns:
            unions = county.unions_of(town)
            for kind, name, contest in EVENTS:
                teams = rng.sample(unions, min(len(unions), rng.randint(6, 15))) if contest else []
                event(town, kind, name, [(u, rng.randint(5, 12)) for u in teams], year)
            for course, organiser, certificate in COURSES:
                start = day_between(rng, *county.window(year))
                training = trainings.add(
                    org_id=town["id"],
                    course=f"{year}年{course}",
                    organiser=organiser,
                    start_date=start,
                    end_date=start + dt.timedelta(days=2),
                    certificate_name=certificate,
                )
                pool = [p for u in unions for p in members.get(u["id"], [])[:5]]
                for person in rng.sample(pool, min(len(pool), rng.randint(10, 40))):
                    certified = bool(certificate) and rng.random() < 0.7
                    trainees.add(
                        training_id=training,
                        person_id=person,
                        role="基层工会干部",
                        certified=certified,
                        certificate_no=f"T{training:05d}{person:08d}" if certified else "",
                    )
        for union in rng.sample(county.unions, len(county.unions) // 20):
            kind, name, _ = rng.choice(EVENTS[3:7])
            event(union, kind, name, [], year)
        writers = county.towns + rng.sample(county.unions, len(county.unions) // 5)
        for _ in range(len(county.members) // 100):
            org = rng.choice(writers)
            used = rng.random() < 0.6 and bool(outlets)
            articles.add(
                org_id=org["id"],
                title=f"{org['short_name']}工会工作动态",
                author="",
                date=day_between(rng, *county.window(year)),
                outlet_id=rng.choice(outlets) if used else None,
                used=used,
            )
    for table in (events, entries, returns, trainings, trainees, articles):
        table.flush()
