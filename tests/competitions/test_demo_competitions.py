"""The demo's competitions: 篇6's bulletin and 篇2's summary render from the demo county's own
data, with the source's findings (7 units on time, a plan without its 考核细则, …)."""

import datetime as dt

import pytest
import time_machine

from gonghui.competitions.models import Competition, GradeRise
from gonghui.core.dates import Period
from gonghui.core.demo import COUNTY_NAME, load_demo
from gonghui.orgs.models import Organization
from gonghui.reports.builder import build_report
from gonghui.reports.context import context_for

TODAY = dt.date(2026, 3, 1)


def _text(kind, org, subject) -> str:
    ctx = context_for(
        kind=kind, org=org, period=Period.year(2026), subject=subject, rounded=False, today=TODAY
    )
    built = build_report(ctx)
    lines = [built.title]
    for section in built.sections:
        lines += [section.title, *(p.text(False) for p in section.paragraphs)]
    return "\n".join(lines)


@pytest.fixture
def demo(db):
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0), tick=False):
        return load_demo(today=TODAY, members=400)


def test_inspection_bulletin_from_the_demo(demo):
    town = Organization.objects.get(name="太华镇总工会")
    comp = Competition.objects.get(organiser=town, kind="safety")
    text = _text("inspection", town, comp.name)
    assert f"关于{comp.name}检查情况的通报" in text
    assert "本次竞赛共有12个单位参加，只有7个单位按时上报了活动方案、考核细则和报名表" in text
    assert "龙池村工会仅有考核细则而没有活动方案" in text
    assert "检查前，只有4个单位在内网公布了活动方案和考核细则。" in text
    assert "1条活动记录在活动7天以后才补填" in text


def test_competition_summary_from_the_demo(demo):
    county = Organization.objects.get(name=COUNTY_NAME)
    comp = Competition.objects.get(organiser=county, kind="labour")
    text = _text("competition", county, comp.name)
    rose = GradeRise.objects.filter(competition=comp).values("person").distinct().count()
    assert rose > 0
    assert "实行“双挂钩”" in text
    assert "县委常委、县总工会主席" in text and "任组长" in text
    assert "中式烹饪2个工种的职工技能竞赛" in text
    assert f"通过竞赛，{rose}名职工的技能等级得到提升。" in text
    assert "共征集合理化建议180条" in text
    assert "评选表彰职工技术操作能手2个。" in text
