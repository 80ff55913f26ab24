"""The source's activity facts (SOURCE-FIGURES.md 篇1, 篇5, 篇7), entered through the services.

Shared by the selector tests, the page tests and the figures command test.
"""

import datetime as dt

from gonghui.activities import services
from gonghui.activities.models import Article, Event, Outlet, PracticeReturn, Training
from tests.factories import make_person

# 篇5: 十番锣鼓 of 8 village teams; 桥涯 金锣奖, 杭坑 银锣奖, 乾元 and 胥锦 铜锣奖.
GONGS = [
    ("桥涯村十番锣鼓队", 1, "金锣奖"),
    ("杭坑村十番锣鼓队", 2, "银锣奖"),
    ("乾元村十番锣鼓队", 3, "铜锣奖"),
    ("胥锦村十番锣鼓队", 3, "铜锣奖"),
    ("东山村十番锣鼓队", None, ""),
    ("西坝村十番锣鼓队", None, ""),
    ("南岭村十番锣鼓队", None, ""),
    ("北港村十番锣鼓队", None, ""),
]
VILLAGES = ["桥涯村", "杭坑村", "乾元村", "胥锦村", "东山村", "西坝村", "南岭村", "北港村"]
# 拔河: 14 teams from the 8 villages, 3 enterprise unions and the office union (as the source
# counts them); 1 海福工会, 2 机关工会, 3 博大工会.
TUG_TEAMS = [
    *(f"{v}工会" for v in VILLAGES),
    "海福工会",
    "博大工会",
    "华新工会",
    "机关工会",
    "中学工会",
    "卫生院工会",
]
TUG_RESULTS = {"海福工会": (1, "一等奖"), "机关工会": (2, "二等奖"), "博大工会": (3, "三等奖")}


def enter_pian5_events(*, by, org, union_a=None, union_b=None):
    gongs = services.event_create(
        by=by,
        org=org,
        kind=Event.Kind.CULTURE,
        name="元宵十番锣鼓大赛",
        start_date=dt.date(2026, 3, 3),
        place="鼎球广场",
        co_organisers="文化站",
    )
    for name, _rank, _award in GONGS:
        org_of = {"桥涯村十番锣鼓队": union_a, "杭坑村十番锣鼓队": union_b}.get(name)
        services.event_entry_add(by=by, event=gongs, name=name, org=org_of)
    ids = {e.name: e.pk for e in gongs.entries.all()}
    services.event_results_record(
        by=by,
        event=gongs,
        results={ids[name]: (rank, award) for name, rank, award in GONGS if rank},
    )
    tug = services.event_create(
        by=by,
        org=org,
        kind=Event.Kind.SPORTS,
        name="元宵拔河比赛",
        start_date=dt.date(2026, 3, 3),
        place="中学操场",
    )
    for name in TUG_TEAMS:
        rank, award = TUG_RESULTS.get(name, (None, ""))
        services.event_entry_add(by=by, event=tug, name=name, rank=rank, award=award)
    return gongs, tug


def enter_pian1(*, by, org):
    """篇1: speech contest (13 contestants, over 90 in the audience) and 54 articles used."""
    speech = services.event_create(
        by=by,
        org=org,
        kind=Event.Kind.SPEECH,
        name="“践行群众路线。争做优秀职工”演讲比赛",
        theme="践行群众路线。争做优秀职工",
        start_date=dt.date(2026, 5, 20),
        contestants=13,
        audience=90,
        audience_approximate=True,
    )
    portal = Outlet.objects.get(name="市门户网站")
    paper = Outlet.objects.get(name="《工会》")
    mobile = Outlet.objects.get(name="工会手机报")
    rows = []
    for outlet, count in ((portal, 39), (paper, 10), (mobile, 5)):
        for i in range(count):
            rows.append(
                Article(
                    org=org,
                    title=f"{outlet.name}用稿{i + 1}",
                    date=dt.date(2026, 1 + i % 12, 10),
                    outlet=outlet,
                    used=True,
                )
            )
    # Two submitted but not used: they must not count.
    rows.append(Article(org=org, title="未采用稿件一", date=dt.date(2026, 6, 1)))
    rows.append(Article(org=org, title="未采用稿件二", date=dt.date(2026, 7, 1)))
    Article.objects.bulk_create(rows)
    return speech


def enter_pian5_training(*, by, org):
    """4 enterprise union officers sent to the city's mediators' course, with certificates."""
    training = Training.objects.create(
        org=org,
        course="市劳动争议调解员培训班",
        organiser="市人社局",
        start_date=dt.date(2026, 4, 8),
        certificate_name="劳动争议调解员职业资格证书",
    )
    for i, name in enumerate(["周强", "吴敏", "郑伟", "王芳"]):
        services.trainee_add(
            by=by,
            training=training,
            person=make_person(name),
            role="企业工会干部",
            certified=True,
            certificate_no=f"TJ2026{i:03d}",
        )
    return training


def enter_pian7(*, by, org):
    """141 service record cards; over 140 summaries, survey reports and reflections."""
    practice = services.event_create(
        by=by,
        org=org,
        kind=Event.Kind.PRACTICE,
        name="春节主题实践活动",
        start_date=dt.date(2026, 2, 1),
        end_date=dt.date(2026, 3, 1),
    )
    for group, cards in (("一年级", 40), ("二年级", 35), ("三年级", 36), ("四年级", 30)):
        services.practice_return_add(
            by=by,
            event=practice,
            kind=PracticeReturn.Kind.RECORD_CARD,
            received_on=dt.date(2026, 3, 2),
            quantity=cards,
            submitter=group,
        )
    for kind, n in (("summary", 60), ("survey", 30), ("reflection", 52)):
        services.practice_return_add(
            by=by, event=practice, kind=kind, received_on=dt.date(2026, 3, 2), quantity=n
        )
    return practice
