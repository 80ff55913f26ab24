"""Demo aid data, as the source document counts it.

- 缸窑街道 (篇3): this winter's 双节慰问, closed: 313 低保户, 21 孤寡空巢老人, 247 困难党员/特困下岗职工/
  贫困残疾人员/劳动模范, 15 低保边缘户, 8 单亲家庭, 6 大病家庭, plus the old people's home and the army
  unit; over 800 people and over 130,000 yuan.
- 太华镇 (篇5): 30 特困职工 given 24,000 yuan and 30 blankets; 16 key recipients on a year of rice, oil,
  water and electricity; 6 大病帮扶 cases of 3,000 yuan reported up to the county.
- 太华镇: a 临时救助 campaign in progress (applications at every gate, a notice on the board today),
  and a few hardship files.
"""

import datetime as dt
from decimal import Decimal

from gonghui.core.demo import DemoContext
from gonghui.core.synthetic import IdNumbers, person_name
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from .models import (
    AidSetting,
    Application,
    ApplicationEvent,
    Campaign,
    CampaignStandard,
    Disbursement,
    GoodsLine,
    HardshipFile,
    PublicNotice,
    SupportSchedule,
    Visit,
)
from .rules import Category, State

D = Decimal
PIAN3 = [  # category, households, persons each, cash, goods value, goods
    (Category.DIBAO, 313, 1, D("150"), D("50"), "大米、食用油"),
    (Category.ELDERLY_ALONE, 21, 1, D("200"), D("50"), "大米、食用油"),
    (Category.PARTY_MEMBER, 96, 1, D("150"), D("50"), "大米、食用油"),
    (Category.LAID_OFF, 82, 1, D("150"), D("50"), "大米、食用油"),
    (Category.DISABLED, 51, 1, D("150"), D("50"), "大米、食用油"),
    (Category.MODEL_WORKER, 18, 1, D("200"), D("50"), "大米、食用油"),
    (Category.DIBAO_EDGE, 15, 2, D("150"), D("50"), "大米、食用油"),
    (Category.SINGLE_PARENT, 8, 2, D("200"), D("50"), "大米、食用油"),
    (Category.ILLNESS, 6, 3, D("500"), D("100"), "大米、食用油、牛奶"),
]


def _people(context, ids, n):
    """Recipients: members first (drawn without repeats), then residents who are not members."""
    pool = context.aid_pool
    people = [pool.pop() for _ in range(min(n, len(pool)))]
    if not context.aid_full:
        return people  # a small demo: only as many recipients as there are members
    new = []
    for _ in range(n - len(people)):
        female = context.rng.random() < 0.5
        person = Person(
            id_number=ids.next(female=female), name=person_name(context.rng, female=female)
        )
        person.derive_from_id()
        new.append(person)
    return people + Person.objects.bulk_create(new)


def _apps(campaign, people, orgs, specs, status):
    apps = Application.objects.bulk_create(
        [
            Application(
                campaign=campaign,
                person=p,
                org=orgs[i % len(orgs)],
                category=c,
                household_key=f"P{p.pk}",
                household_size=size,
                cash=cash,
                goods=goods,
                goods_value=value,
                status=status,
            )
            for i, (p, (c, size, cash, value, goods)) in enumerate(zip(people, specs, strict=False))
        ]
    )
    ApplicationEvent.objects.bulk_create(
        [
            ApplicationEvent(
                application=a, action="import", to_state=status, by_name="演示数据", note="演示数据"
            )
            for a in apps
        ]
    )
    return apps


def _pay(apps, day, item, unit="份"):
    ds = Disbursement.objects.bulk_create(
        [
            Disbursement(
                application=a,
                org=a.org,
                date=day,
                method="in_person",
                cash=a.cash,
                receipt_signed=True,
                handled_by="工会经办人",
            )
            for a in apps
        ]
    )
    GoodsLine.objects.bulk_create(
        [
            GoodsLine(
                disbursement=d,
                item=item,
                quantity=D("1"),
                unit=unit,
                value=d.application.goods_value,
            )
            for d in ds
            if d.application.goods_value
        ]
    )


def load(context: DemoContext) -> None:
    today = context.today
    county = context.org("示范县总工会")
    taihua = context.org("太华镇总工会")
    gangyao = context.org("缸窑街道总工会")
    AidSetting.objects.create(org=county, dibao_monthly=D("800"), objection_phone="0512-87654321")
    AidSetting.objects.create(org=taihua, dibao_monthly=D("850"), objection_phone="0512-87120001")
    ids = IdNumbers(context.rng, born_from=1940, born_to=1990)
    context.aid_full = context.members >= 1500
    context.aid_pool = list(Person.objects.order_by("id"))
    context.rng.shuffle(context.aid_pool)
    winter = today.year - 1 if today.month >= 3 else today.year - 2  # the last winter done

    # 篇3: 缸窑街道's festival condolences, done (only in a full-size demo: 610 households).
    pian3 = Campaign.objects.create(
        name=f"{winter + 1}年元旦春节双节慰问（缸窑街道）",
        kind="warmth",
        org=gangyao,
        start=dt.date(winter, 12, 20),
        end=dt.date(winter + 1, 2, 10),
        budget=D("140000"),
    )
    CampaignStandard.objects.bulk_create(
        [
            CampaignStandard(campaign=pian3, category=c, cash=cash, goods=g, goods_value=v)
            for c, _, _, cash, v, g in PIAN3
        ]
    )
    communities = list(
        Organization.objects.filter(path__startswith=gangyao.path, kind="grassroots").order_by(
            "path"
        )[:2]
    )
    specs = [(c, size, cash, v, g) for c, n, size, cash, v, g in PIAN3 for _ in range(n)]
    specs = specs if context.aid_full else specs[::20]
    apps = apps_pian3 = _apps(
        pian3, _people(context, ids, len(specs)), communities, specs, State.CLOSED
    )
    _pay(apps, dt.date(winter + 1, 1, 25), "大米、食用油")
    Visit.objects.bulk_create(
        [
            Visit(
                campaign=pian3,
                org=gangyao,
                date=dt.date(winter + 1, 1, 28),
                kind="elderly_home",
                place="缸窑街道敬老院",
                leaders="街道党工委书记、工会主席",
                people_reached=96,
                cash=D("3000"),
                goods="毛毯、牛奶",
                goods_value=D("2000"),
            ),
            Visit(
                campaign=pian3,
                org=gangyao,
                date=dt.date(winter + 1, 2, 3),
                kind="army_unit",
                place="驻街部队",
                leaders="街道办事处主任",
                people_reached=80,
                cash=D("5000"),
                goods_value=D("3000"),
            ),
        ]
    )

    # 篇5: 太华镇's 送温暖, done, and its 大病帮扶 reported up.
    warmth = Campaign.objects.create(
        name=f"{winter + 1}年送温暖（太华镇）",
        kind="warmth",
        org=taihua,
        start=dt.date(winter + 1, 1, 5),
        end=dt.date(winter + 1, 6, 30),
        budget=D("60000"),
    )
    villages = list(
        Organization.objects.filter(path__startswith=taihua.path, kind="grassroots").order_by(
            "path"
        )[:8]
    )
    spec = (Category.HARDSHIP_WORKER, 3, D("800"), D("0"), "毛毯")
    apps = _apps(warmth, _people(context, ids, 30), villages, [spec] * 30, State.CLOSED)
    ds = Disbursement.objects.bulk_create(
        [
            Disbursement(
                application=a,
                org=a.org,
                date=dt.date(winter + 1, 1, 20),
                method="in_person",
                cash=a.cash,
                receipt_signed=True,
            )
            for a in apps
        ]
    )
    GoodsLine.objects.bulk_create(
        [
            GoodsLine(disbursement=d, item="毛毯", quantity=D("1"), unit="床", value=D("0"))
            for d in ds
        ]
    )
    key = _apps(
        warmth,
        _people(context, ids, 16),
        villages,
        [(Category.HARDSHIP_WORKER, 2, D("0"), D("0"), "米、油、水电")] * 16,
        State.APPROVED,
    )
    SupportSchedule.objects.bulk_create(
        [
            SupportSchedule(
                application=a,
                description="一年的米、油、水、电",
                months=12,
                first=dt.date(winter + 1, 1, 15),
                cash=D("60"),
                goods=[
                    {"item": "大米", "quantity": "10", "unit": "公斤", "value": "50"},
                    {"item": "食用油", "quantity": "1", "unit": "桶", "value": "40"},
                ],
            )
            for a in key
        ]
    )
    illness = Campaign.objects.create(
        name=f"{winter + 1}年大病帮扶（太华镇）",
        kind="illness_aid",
        org=taihua,
        approval="upper",
        start=dt.date(winter + 1, 3, 1),
        end=dt.date(winter + 1, 12, 31),
    )
    CampaignStandard.objects.create(campaign=illness, category=Category.ILLNESS, cash=D("3000"))
    _apps(
        illness,
        _people(context, ids, 6),
        villages,
        [(Category.ILLNESS, 3, D("3000"), D("0"), "")] * 6,
        State.REPORTED,
    )

    # 太华镇: a 临时救助 in progress, and a notice on the board today.
    temporary = Campaign.objects.create(
        name=f"{today.year}年临时救助（太华镇）",
        kind="temporary",
        org=taihua,
        start=today - dt.timedelta(days=20),
        end=today + dt.timedelta(days=60),
        deadline=today + dt.timedelta(days=30),
        budget=D("30000"),
        yearly_cap=D("5000"),
    )
    CampaignStandard.objects.bulk_create(
        [
            CampaignStandard(
                campaign=temporary,
                category=Category.DIBAO,
                cash=D("500"),
                goods="大米、食用油",
                goods_value=D("150"),
            ),
            CampaignStandard(campaign=temporary, category=Category.ILLNESS, cash=D("2000")),
        ]
    )
    states = [State.SUBMITTED] * 6 + [State.REVIEWED] * 8 + [State.ON_NOTICE] * 10
    people = _people(context, ids, len(states))
    listed = []
    for state in (State.SUBMITTED, State.REVIEWED, State.ON_NOTICE):
        group = [p for p, s in zip(people, states, strict=False) if s == state]
        listed += _apps(
            temporary,
            group,
            villages,
            [(Category.DIBAO, 3, D("500"), D("150"), "大米、食用油")] * len(group),
            state,
        )
    notice = PublicNotice.objects.create(
        campaign=temporary,
        org=taihua,
        title=f"太华镇总工会{today.year}年临时救助拟救助对象公示",
        starts=today - dt.timedelta(days=2),
        ends=today + dt.timedelta(days=4),
        phone="0512-87120001",
    )
    Application.objects.filter(campaign=temporary, status=State.ON_NOTICE).update(notice=notice)
    files = _people(context, ids, 12)
    HardshipFile.objects.bulk_create(
        [
            HardshipFile(
                org=villages[i % len(villages)],
                head=p,
                cause="illness" if i % 3 else "unemployment",
                annual_income=D(18000 + 1500 * i),
                household_size=3,
                dibao_monthly=D("850"),
                tier="deep" if 18000 + 1500 * i < 30600 else "relative",
                opened=today - dt.timedelta(days=300 + 20 * i),
                review_due=today + dt.timedelta(days=65 - 20 * i),
            )
            for i, p in enumerate(files)
        ]
    )
    # 篇4: a bureau's Spring Festival pairing visits: leaders at the paired households' homes.
    bureau = context.org("示范县质量技术监督局工会")
    pairing = Campaign.objects.create(
        name=f"{winter + 1}年春节结对帮扶走访（质监局）",
        kind="warmth",
        org=bureau,
        start=dt.date(winter + 1, 1, 10),
        end=dt.date(winter + 1, 2, 5),
        budget=D("5000"),
    )
    Visit.objects.bulk_create(
        [
            Visit(
                campaign=pairing,
                org=bureau,
                date=dt.date(winter + 1, 1, 20 + i // 4),
                kind="household",
                place=f"结对帮扶村困难户{i + 1}",
                leaders="局长、工会主席",
                people_reached=3,
                cash=D("500"),
                goods="质量技术咨询资料",
            )
            for i in range(10)
        ]
    )
    context.notes.append(
        f"帮扶：缸窑街道双节慰问 {len(apps_pian3)} 户（篇3），太华镇送温暖 30 户、"
        f"常年帮扶 16 户、大病帮扶 6 例待县总审批（篇5），临时救助进行中（公示 /public/aid/"
        f"{notice.token}/），困难职工档案 12 户"
    )
