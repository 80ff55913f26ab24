"""Demo model workers for 太华镇 (篇5: one provincial model worker reached retirement and was filed
for the allowance). Birth months are chosen relative to today so the reminders show: one filed and
approved, one past the retirement month and not yet filed, one inside the reminder window, the rest
later."""

import datetime as dt

from gonghui.core.dates import add_months
from gonghui.core.demo import DemoContext
from gonghui.core.retirement import statutory_retirement
from gonghui.core.synthetic import HOME_AREA, id_number
from gonghui.members.services import member_create
from gonghui.orgs.models import Employer

from . import services
from .models import ModelWorker

# (name, female, category, union, months from today to the statutory month, honours, filing)
WORKERS = [
    (
        "周建华",
        False,
        "male",
        "海福纺织有限公司工会",
        -2,
        [("provincial", "江苏省劳动模范", 2012)],
        "approved",
    ),
    (
        "吴美芳",
        True,
        "female50",
        "博大纺织有限公司工会",
        -1,
        [("city", "市劳动模范", 2016)],
        "preparing",
    ),
    (
        "陈国强",
        False,
        "male",
        "桥涯村工会",
        3,
        [("city", "市劳动模范", 2009), ("provincial", "江苏省劳动模范", 2017)],
        None,
    ),
    (
        "沈丽娟",
        True,
        "female55",
        "太华镇卫生院工会",
        5,
        [("provincial", "全国卫生系统先进工作者", 2019)],
        None,
    ),
    ("钱伟", False, "male", "鼎球实业有限公司工会", 30, [("national", "全国劳动模范", 2020)], None),
    ("孙红梅", True, "female50", "荣信纺织有限公司工会", 70, [("city", "市劳动模范", 2021)], None),
    ("王志刚", False, "male", "杭坑村工会", 140, [("city", "市劳动模范", 2023)], None),
]


def _birth_for(category: str, target: dt.date) -> dt.date:
    """The birth month whose statutory retirement month is the first at or after `target`."""
    for months_back in range(40 * 12, 75 * 12):
        born = add_months(target.replace(day=1), -months_back)
        r = statutory_retirement(category, born.year, born.month)
        if r.first_day <= target.replace(day=1):
            return born.replace(day=15)
    raise ValueError(target)


def load(context: DemoContext) -> None:
    by = context.users.get("taihua")
    employers = {e.union_id: e for e in Employer.objects.filter(union__isnull=False)}
    for seq, (name, female, category, union, months, honours, filing) in enumerate(WORKERS):
        org = context.org(union)
        target = add_months(context.today.replace(day=1), months)
        born = _birth_for(category, target)
        number = id_number(HOME_AREA, born, 900 + seq * 2 % 100 + (0 if female else 1))
        # Model workers are members of their union like anyone else.
        member_create(by=by, org=org, id_number=number, name=name, joined=dt.date(2008, 5, 1))
        first_level, first_title, first_year = honours[0]
        worker = services.modelworker_enrol(
            by=by,
            org=org,
            id_number=number,
            name=name,
            category=category,
            employer=employers.get(org.pk),
            level=first_level,
            title=first_title,
            year=first_year,
        )
        for level, title, year in honours[1:]:
            services.honour_add(by=by, worker=worker, level=level, title=title, year=year)
        services.honour_check_record(
            by=by,
            worker=worker,
            year=context.today.year,
            still_held=True,
            checked_on=dt.date(context.today.year, 3, 1),
            checked_by="太华镇总工会",
        )
        services.care_record_add(
            by=by,
            worker=worker,
            kind="visit",
            date=dt.date(context.today.year, 1, 20),
            amount=500,
            note="春节走访慰问",
        )
        if filing:
            services.filing_checklist_update(
                by=by,
                worker=worker,
                has_certificate=True,
                has_retirement_approval=filing == "approved",
                has_honour_proof=True,
            )
        if filing == "approved":
            services.filing_submit(by=by, worker=worker, on=add_months(target, -1))
            services.filing_approve(by=context.users.get("shenpi"), filing=worker.filing, on=target)
    worker = ModelWorker.objects.get(person__name="钱伟")
    services.care_record_add(
        by=by,
        worker=worker,
        kind="sanatorium",
        date=dt.date(context.today.year, 5, 10),
        end_date=dt.date(context.today.year, 5, 16),
        place="太湖劳模疗休养基地",
    )
    context.notes.append(f"劳模：{len(WORKERS)} 名（到龄提醒、到龄退休申报、荣誉津贴）")
