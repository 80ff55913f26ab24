"""Demo events, trainings, publicity and practice returns with the source's figures: 篇5's
十番锣鼓 and 拔河 results, the 三八 lecture and 五一 cooking contest, 4 officers at the mediators'
course; 篇1's speech contest (13 contestants, 90余人), basketball friendlies, the old people's games
and 54 articles used (39 / 10 / 5); 篇7's 141 record cards and 140余 reports."""

import datetime as dt

from gonghui.core.demo import DemoContext
from gonghui.core.synthetic import HOME_AREA, id_number, person_name
from gonghui.members.services import member_create

from . import services
from .models import Article, Event, Outlet, PracticeReturn, Training

GONGS = [
    ("桥涯村十番锣鼓队", "桥涯村工会", 1, "金锣奖"),
    ("杭坑村十番锣鼓队", "杭坑村工会", 2, "银锣奖"),
    ("乾元村十番锣鼓队", "乾元村工会", 3, "铜锣奖"),
    ("胥锦村十番锣鼓队", "胥锦村工会", 3, "铜锣奖"),
    ("太华村十番锣鼓队", "太华村工会", None, ""),
    ("龙池村十番锣鼓队", "龙池村工会", None, ""),
    ("省庄村十番锣鼓队", "省庄村工会", None, ""),
    ("茗岭村十番锣鼓队", "茗岭村工会", None, ""),
]
# 14 teams as the source counts them: 8 villages, 3 enterprise unions, the office union (and two
# more enterprise teams to make up its fourteen).
TUG = [
    *((f"{g[1].removesuffix('工会')}队", g[1], None, "") for g in GONGS),
    ("海福工会", "海福纺织有限公司工会", 1, "一等奖"),
    ("机关工会", "太华镇机关工会", 2, "二等奖"),
    ("博大工会", "博大纺织有限公司工会", 3, "三等奖"),
    ("荣信纺织队", "荣信纺织有限公司工会", None, ""),
    ("华威纺织队", "华威纺织有限公司工会", None, ""),
    ("鼎球工会队", "鼎球实业有限公司工会", None, ""),
]


def _year_date(context: DemoContext, month: int, day: int) -> dt.date:
    """A date this year, or last year if it would be after today."""
    day_this_year = dt.date(context.today.year, month, day)
    if day_this_year <= context.today:
        return day_this_year
    return day_this_year.replace(year=context.today.year - 1)


def _event(context, by, org, kind, name, month, day, entries=(), **fields):
    event = services.event_create(
        by=by, org=org, kind=kind, name=name, start_date=_year_date(context, month, day), **fields
    )
    for team, union, rank, award in entries:
        services.event_entry_add(
            by=by, event=event, name=team, org=context.orgs.get(union), rank=rank, award=award
        )
    return event


def load(context: DemoContext) -> None:
    by = context.users.get("taihua")
    town = context.org("太华镇总工会")
    _event(
        context,
        by,
        town,
        Event.Kind.CULTURE,
        "元宵十番锣鼓大赛",
        2,
        12,
        GONGS,
        place="鼎球广场",
        co_organisers="文化站",
        contestants=96,
        audience=2000,
        audience_approximate=True,
    )
    _event(context, by, town, Event.Kind.SPORTS, "元宵拔河比赛", 2, 12, TUG, place="中学操场")
    _event(
        context, by, town, Event.Kind.LECTURE, "庆“三八”女职工心理健康专题讲座", 3, 8, audience=120
    )
    _event(
        context,
        by,
        town,
        Event.Kind.SPORTS,
        "“五一”职工厨艺比赛（红烧鲫鱼）",
        4,
        29,
        contestants=24,
    )
    _event(
        context,
        by,
        town,
        Event.Kind.SPEECH,
        "“践行群众路线。争做优秀职工”演讲比赛",
        6,
        18,
        theme="践行群众路线。争做优秀职工",
        contestants=13,
        audience=90,
        audience_approximate=True,
    )
    _event(
        context,
        by,
        town,
        Event.Kind.SPORTS,
        "镇际篮球友谊赛",
        9,
        20,
        [("太华镇代表队", "太华镇总工会", None, ""), ("新庄镇代表队", "新庄镇总工会", None, "")],
    )
    _event(context, by, town, Event.Kind.SPORTS, "首届“卫生杯”老年人运动会", 10, 9, contestants=180)

    training = Training.objects.create(
        org=town,
        course="市劳动争议调解员培训班",
        organiser="市人社局",
        start_date=_year_date(context, 4, 8),
        certificate_name="劳动争议调解员职业资格证书",
    )
    rng = context.rng
    for seq, union in enumerate(
        [
            "海福纺织有限公司工会",
            "博大纺织有限公司工会",
            "荣信纺织有限公司工会",
            "鼎球实业有限公司工会",
        ]
    ):
        female = seq % 2 == 1
        born = dt.date(1975 + seq * 3, 1 + seq, 10)
        membership = member_create(
            by=by,
            org=context.org(union),
            id_number=id_number(HOME_AREA, born, 700 + seq * 2 + (0 if female else 1)),
            name=person_name(rng, female=female),
            joined=dt.date(2015, 3, 1),
        )
        person = membership.person
        services.trainee_add(
            by=by,
            training=training,
            person=person,
            role="企业工会干部",
            certified=True,
            certificate_no=f"TJ{born:%Y}{seq:03d}",
        )

    services.outlets_ensure_defaults()
    outlets = {o.name: o for o in Outlet.objects.all()}
    articles = []
    last = context.today
    for outlet_name, count in (("市门户网站", 39), ("《工会》", 10), ("工会手机报", 5)):
        for i in range(count):
            month = 1 + i % last.month
            articles.append(
                Article(
                    org=town,
                    title=f"太华镇工会工作动态（{outlet_name}第{i + 1}篇）",
                    date=dt.date(last.year, month, min(10 + i % 15, 28)),
                    outlet=outlets[outlet_name],
                    used=True,
                )
            )
    articles += [
        Article(org=town, title="太华镇开展职工书屋读书月活动", date=dt.date(last.year, 1, 5)),
        Article(org=town, title="桥涯村工会慰问困难职工", date=dt.date(last.year, 1, 6)),
    ]
    Article.objects.bulk_create([a for a in articles if a.date <= context.today])

    school = context.orgs.get("示范县教育局工会", town)
    practice = _event(
        context,
        by,
        school,
        Event.Kind.PRACTICE,
        "春节主题实践活动",
        1,
        20,
    )
    practice.end_date = practice.start_date + dt.timedelta(days=39)
    practice.save(update_fields=["end_date"])
    for group, cards in (("一年级", 40), ("二年级", 35), ("三年级", 36), ("四年级", 30)):
        services.practice_return_add(
            by=by,
            event=practice,
            kind=PracticeReturn.Kind.RECORD_CARD,
            received_on=practice.end_date,
            quantity=cards,
            submitter=group,
        )
    for kind, n in (("summary", 60), ("survey", 30), ("reflection", 52)):
        services.practice_return_add(
            by=by, event=practice, kind=kind, received_on=practice.end_date, quantity=n
        )
    context.notes.append("文体活动：十番锣鼓、拔河、演讲比赛等 8 项；培训 1 期 4 人；用稿 54 篇")
