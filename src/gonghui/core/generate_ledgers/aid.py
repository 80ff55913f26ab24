"""帮扶: hardship files, campaigns with standards, applications through the gates, notices,
objections, disbursements with goods lines, and visits (assistance models)."""

import datetime as dt
from decimal import Decimal as D

from gonghui.assistance.rules import AIDED_STATES, Category, State, hardship_tier, household_key

from ..synthetic import person_name
from . import County, day_between

DIBAO = D("1130")  # 宜兴 城乡低保标准（元/人·月）
# category → (cash per household, goods, goods value), after 篇3's lists
STANDARDS = {
    Category.DIBAO: (D("500"), "大米、食用油", D("150")),
    Category.DIBAO_EDGE: (D("400"), "大米、食用油", D("150")),
    Category.ELDERLY_ALONE: (D("300"), "牛奶、毛毯", D("200")),
    Category.PARTY_MEMBER: (D("500"), "", D("0")),
    Category.LAID_OFF: (D("600"), "大米、食用油", D("150")),
    Category.DISABLED: (D("500"), "大米、食用油", D("150")),
    Category.MODEL_WORKER: (D("1000"), "", D("0")),
    Category.SINGLE_PARENT: (D("500"), "", D("0")),
    Category.ILLNESS: (D("2000"), "", D("0")),
    Category.HARDSHIP_WORKER: (D("800"), "大米、食用油", D("150")),
}
STUDY = {Category.STUDENT: (D("1500"), "", D("0"))}
GOODS_UNITS = {
    "大米": ("袋", D("1")),
    "食用油": ("桶", D("1")),
    "牛奶": ("箱", D("2")),
    "毛毯": ("床", D("1")),
}
# status → share; the rest of the gates happen on the way
STATUSES = [
    (State.DISBURSED, 55),
    (State.CLOSED, 25),
    (State.APPROVED, 4),
    (State.REJECTED, 5),
    (State.DISQUALIFIED, 2),
    (State.SUBMITTED, 3),
    (State.REVIEWED, 2),
    (State.ON_NOTICE, 4),
]
NOTICED = {State.ON_NOTICE, State.CLEARED, State.REPORTED, State.APPROVED, State.DISQUALIFIED}
NOTICED |= set(AIDED_STATES)
CAUSES = ["illness", "disability", "schooling", "unemployment", "accident", "low_income", "other"]


def generate(county: County) -> None:
    from gonghui.assistance import models as m

    rng = county.rng("aid")
    files = county.table(
        m.HardshipFile,
        ["org_id", "head_id", "cause", "annual_income", "rigid_spending", "household_size",
         "dibao_monthly", "tier", "address", "opened", "review_due", "status"],
    )  # fmt: skip
    campaigns = county.table(
        m.Campaign, ["name", "kind", "org_id", "start", "end", "deadline", "budget", "recipients"]
    )
    standards = county.table(
        m.CampaignStandard, ["campaign_id", "category", "cash", "goods", "goods_value"]
    )
    notices = county.table(
        m.PublicNotice, ["campaign_id", "org_id", "token", "title", "starts", "ends", "phone"]
    )
    apps = county.table(
        m.Application,
        ["campaign_id", "person_id", "org_id", "hardship_file_id", "household_key", "category",
         "household_size", "cash", "goods", "goods_value", "status", "visit_date", "visitors",
         "notice_id"],
    )  # fmt: skip
    objections = county.table(
        m.Objection, ["notice_id", "application_id", "text", "status", "resolution"]
    )
    disbursements = county.table(
        m.Disbursement,
        ["application_id", "org_id", "date", "method", "cash", "handled_by", "receipt_signed"],
    )
    goods_lines = county.table(
        m.GoodsLine, ["disbursement_id", "item", "quantity", "unit", "value"]
    )
    visits = county.table(
        m.Visit,
        ["campaign_id", "org_id", "date", "kind", "place", "leaders", "people_reached", "cash",
         "goods", "goods_value"],
    )  # fmt: skip

    # 困难职工档案: about one member in a hundred heads a household on file.
    heads: dict[int, int] = {}
    for person, org in rng.sample(county.members, len(county.members) // 100):
        size = rng.randint(1, 5)
        per_capita = DIBAO * D(rng.randint(50, 195)) / 100
        rigid = D(rng.choice((0, 0, 3000, 8000, 20000)))
        income = (per_capita * 12 * size + rigid).quantize(D("1"))
        opened = day_between(rng, county.today - dt.timedelta(days=1500), county.today)
        tier = hardship_tier(
            annual_income=income, rigid_spending=rigid, household_size=size, dibao_monthly=DIBAO
        )
        heads[person] = files.add(
            org_id=org,
            head_id=person,
            cause=rng.choice(CAUSES),
            annual_income=income,
            rigid_spending=rigid,
            household_size=size,
            dibao_monthly=DIBAO,
            tier=tier,
            address="",
            opened=opened,
            review_due=_next_anniversary(opened, county.today - dt.timedelta(days=60)),
            status="open",
        )
    by_town = {t["id"]: [] for t in county.towns}
    town_of = {}
    for town in county.towns:
        for union in county.unions_of(town):
            town_of[union["id"]] = town
    for person, org in county.members:
        if org in town_of:
            by_town[town_of[org]["id"]].append((person, org))

    leaders = [person_name(rng, female=rng.random() < 0.3) for _ in range(30)]
    county_short = county.root["short_name"]
    for year in county.years:
        plans = [
            (f"{year}年{county_short}两节送温暖活动", "warmth", county.root, dt.date(year, 1, 5),
             dt.date(year, 2, 28), county.members, 0.02, STANDARDS),
            (f"{year}年{county_short}金秋助学活动", "study_aid", county.root, dt.date(year, 8, 1),
             dt.date(year, 9, 30), county.members, 0.005, STUDY),
        ]  # fmt: skip
        for town in county.towns:
            plans.append(
                (f"{year}年{town['short_name']}中秋国庆慰问", "warmth", town, dt.date(year, 9, 1),
                 dt.date(year, 10, 20), by_town[town["id"]], 0.025, STANDARDS)
            )  # fmt: skip
        for name, kind, org, start, end, pool, share, table in plans:
            count = min(len(pool), round(len(pool) * share))
            budget = sum(table[c][0] + table[c][2] for c in table) * count // len(table)
            campaign = campaigns.add(
                name=name,
                kind=kind,
                org_id=org["id"],
                start=start,
                end=end,
                deadline=start + dt.timedelta(days=15),
                budget=D(budget),
                recipients="residents",
            )
            for category, (cash, goods, value) in table.items():
                standards.add(
                    campaign_id=campaign,
                    category=category,
                    cash=cash,
                    goods=goods,
                    goods_value=value,
                )
            if start > county.today:
                continue
            notice_start = start + dt.timedelta(days=16)
            notice = notices.add(
                campaign_id=campaign,
                org_id=org["id"],
                token=f"{rng.getrandbits(128):032x}",
                title=f"{name}拟救助对象公示",
                starts=notice_start,
                ends=notice_start + dt.timedelta(days=6),
                phone="0510-87654321",
            )
            paid_until = min(end, county.today)
            categories = list(table)
            for person, org_id in rng.sample(pool, count):
                category = rng.choice(categories)
                cash, goods, value = table[category]
                status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
                if notice_start > county.today and status in NOTICED:
                    status = State.SUBMITTED
                file_id = heads.get(person)
                app = apps.add(
                    campaign_id=campaign,
                    person_id=person,
                    org_id=org_id,
                    hardship_file_id=file_id,
                    household_key=household_key(person_id=person, file_id=file_id),
                    category=category,
                    household_size=rng.randint(1, 5),
                    cash=cash,
                    goods=goods,
                    goods_value=value,
                    status=status,
                    visit_date=None if status == State.SUBMITTED else start + dt.timedelta(days=8),
                    visitors="" if status == State.SUBMITTED else rng.choice(leaders),
                    notice_id=notice if status in NOTICED else None,
                )
                if status in NOTICED and rng.random() < 0.01:
                    upheld = status == State.DISQUALIFIED
                    objections.add(
                        notice_id=notice,
                        application_id=app,
                        text="反映该户家庭收入情况与申报不符",
                        status="upheld" if upheld else "dismissed",
                        resolution="经入户核实情况属实" if upheld else "经入户核实，申报情况属实",
                    )
                if status not in AIDED_STATES:
                    continue
                paid = disbursements.add(
                    application_id=app,
                    org_id=org_id,
                    date=day_between(
                        rng, min(notice_start + dt.timedelta(days=7), paid_until), paid_until
                    ),
                    method="bank" if rng.random() < 0.6 else "in_person",
                    cash=cash,
                    handled_by=rng.choice(leaders),
                    receipt_signed=True,
                )
                items = [g for g in goods.split("、") if g]
                for index, item in enumerate(items):
                    unit, quantity = GOODS_UNITS[item]
                    share = value / len(items)
                    goods_lines.add(
                        disbursement_id=paid,
                        item=item,
                        quantity=quantity,
                        unit=unit,
                        value=share if index else value - share * (len(items) - 1),
                    )
            _visits(rng, visits, campaign, org, start, paid_until, leaders, kind, county)
    for table in (files, campaigns, standards, notices, apps, objections, disbursements):
        table.flush()
    goods_lines.flush()
    visits.flush()


def _visits(rng, visits, campaign, org, start, until, leaders, kind, county) -> None:
    """Leaders' visits: old people's homes and army units for the county, households in towns."""
    if kind != "warmth":
        return
    if org["id"] == county.root["id"]:
        plan = [("elderly_home", "敬老院", 2 * len(county.towns), (30, 120), D("3000")),
                ("army_unit", "驻地部队", max(1, len(county.towns) // 4), (50, 200), D("5000"))]  # fmt: skip
    else:
        plan = [("household", "户", 20, (1, 5), D("1000"))]
    for visit_kind, suffix, count, (low, high), cash in plan:
        for index in range(count):
            place = (
                f"{person_name(rng, female=rng.random() < 0.5)}{suffix}"
                if visit_kind == "household"
                else f"第{index + 1}{suffix}"
            )
            visits.add(
                campaign_id=campaign,
                org_id=org["id"],
                date=day_between(rng, start, until),
                kind=visit_kind,
                place=place,
                leaders="、".join(rng.sample(leaders, 2)),
                people_reached=rng.randint(low, high),
                cash=cash,
                goods="慰问品",
                goods_value=D("500"),
            )


def _next_anniversary(opened: dt.date, after: dt.date) -> dt.date:
    """The yearly review: the first anniversary of opening after a given day."""
    year = max(opened.year + 1, after.year)
    while True:
        day = dt.date(year, opened.month, min(opened.day, 28))
        if day > after:
            return day
        year += 1
