"""Reports over data loaded with the source's figures state them exactly (SOURCE-FIGURES.md).

The data builders are the ones each module's own tests use to reproduce its figures; here the
whole chain runs: ledgers → selectors → sections → the sentences of the summary.
"""

import datetime as dt
import io

import pytest
import time_machine
from docx import Document

from gonghui.competitions import samples
from gonghui.core.dates import Period
from gonghui.reports.builder import build_report
from gonghui.reports.context import context_for
from gonghui.reports.render import to_docx
from tests.activities.source_data import (
    enter_pian1,
    enter_pian5_events,
    enter_pian5_training,
    enter_pian7,
)
from tests.assistance.helpers import make_campaign
from tests.assistance.test_figures import load_pian3
from tests.bargaining.test_source_figures import build_source_five


def text_of(built, rounded=False) -> str:
    lines = [built.title]
    for section in built.sections:
        lines.append(section.number + section.title)
        lines += [p.text(rounded) for p in section.paragraphs]
    return "\n".join(lines)


def report(kind, org, period, today, subject="", rounded=False):
    ctx = context_for(
        kind=kind, org=org, period=period, subject=subject, rounded=rounded, today=today
    )
    return build_report(ctx)


@time_machine.travel(dt.datetime(2026, 7, 5, 10, 0), tick=False)
def test_pian5_half_year(world):
    build_source_five(world)
    enter_pian5_events(by=world.clerk, org=world.town, union_a=world.union_a, union_b=world.union_b)
    enter_pian5_training(by=world.clerk, org=world.town)
    built = report("half-year", world.town, Period.half(2026, 1), dt.date(2026, 7, 5))
    text = text_of(built)
    assert (
        "今年我镇续签企业194家，新增企业5家，共计签订199家，其中单独签订39家，纺织行业执行协议59家"
        in text
    )
    assert "覆盖率100%，审查鉴证率100%。" in text
    assert (
        "桥涯村十番锣鼓队获金锣奖，杭坑村十番锣鼓队获银锣奖，乾元村十番锣鼓队、胥锦村十番锣鼓队获铜锣奖"
        in text
    )
    assert (
        "举办元宵拔河比赛，14支队伍参赛，海福工会获一等奖，机关工会获二等奖，博大工会获三等奖。"
        in text
    )
    assert "选派4名人员参加市劳动争议调解员培训班，4人取得证书。" in text
    assert built.title == "太华镇总工会2026年上半年工作总结及下半年工作打算"
    unlinked = [f.text() for f in built.figures() if not f.link]
    assert not unlinked, f"figures without a drill-down link: {unlinked}"
    assert built.sections[-1].title == "下半年工作打算"


@time_machine.travel(dt.datetime(2026, 12, 31, 10, 0), tick=False)
def test_pian1_annual(world):
    enter_pian1(by=world.clerk, org=world.town)
    built = report("annual", world.town, Period.year(2026), dt.date(2026, 12, 31))
    text = text_of(built)
    assert (
        "全年共被各级媒体采用信息54篇，其中市门户网站采用39篇，《工会》采用10篇，工会手机报采用5篇。"
        in text
    )
    assert "13名选手参赛，90余人现场观摩" in text


def test_pian3_festival_exact_and_rounded(world):
    campaign = make_campaign(world, name="2026年双节慰问")
    load_pian3(world, campaign)
    built = report(
        "festival", world.town, Period.year(2026), dt.date(2026, 2, 10), subject="2026年双节慰问"
    )
    text = text_of(built)
    assert (
        "此次活动共慰问低保户313户，孤寡空巢老人21户，困难党员、特困下岗职工、贫困残疾人员、劳动模范247户，"
        "低保边缘户15户，单亲家庭8户，大病家庭6户，同时走访慰问了养老院（敬老院）1所、驻地部队1个，"
        "共慰问821人，发放慰问金和慰问物资共计139850元。"
    ) in text
    assert all(f.link for f in built.figures())
    rounded = text_of(built, rounded=True)
    assert "共慰问八百余人，发放慰问金和慰问物资共计13万余元。" in rounded


def test_pian2_competition(world):
    with time_machine.travel(dt.datetime(2026, 12, 20, 9, 0), tick=False):
        competition = samples.load_pian2(parent=world.county, by=world.county_clerk)
    built = report(
        "competition",
        world.county,
        Period.year(2026),
        dt.date(2026, 12, 31),
        subject=competition.name,
    )
    text = text_of(built)
    assert (
        "举办机电一体化设备组装与调试、中式烹饪2个工种的职工技能竞赛，来自53家企业的93名选手参赛，其中70人达到高级工水平。"
        in text
    )
    assert "通过竞赛，123名职工的技能等级得到提升。" in text
    assert "共征集合理化建议4150条，其中被采纳1198条。" in text
    assert "实行“双挂钩”" in text
    assert "张映雪任组长" in text


def test_pian6_inspection(world):
    with time_machine.travel(dt.datetime(2026, 6, 15, 9, 0), tick=False):
        competition = samples.load_pian6(parent=world.county, by=world.county_clerk)
    built = report(
        "inspection",
        world.county,
        Period.year(2026),
        samples.PIAN6_INSPECTION,
        subject=competition.name,
    )
    text = text_of(built)
    assert "只有7个单位按时上报了活动方案、考核细则和报名表" in text
    assert "检查前，只有4个单位在内网公布了活动方案和考核细则。" in text
    assert [s.title for s in built.sections][-2:] == ["存在的问题", "整改建议"]
    problems = next(s for s in built.sections if s.title == "存在的问题")
    assert any("未按时上报" in hint for hint in problems.suggestions)


def test_pian7_practice(world):
    enter_pian7(by=world.clerk, org=world.town)
    built = report("practice", world.town, Period.year(2026), dt.date(2026, 3, 10))
    text = text_of(built)
    assert "共收回服务记录卡141张，总结、调查报告、心得体会142篇。" in text


@pytest.mark.parametrize("rounded", [False, True])
def test_pian3_docx_states_the_same(world, rounded):
    campaign = make_campaign(world, name="2026年双节慰问")
    load_pian3(world, campaign)
    built = report(
        "festival",
        world.town,
        Period.year(2026),
        dt.date(2026, 2, 10),
        subject="2026年双节慰问",
        rounded=rounded,
    )
    doc = "\n".join(p.text for p in Document(io.BytesIO(to_docx(built))).paragraphs)
    assert ("八百余人" if rounded else "821人") in doc


def test_warmth_section_numbers_campaigns_and_names_goods(world):
    campaign = make_campaign(world, name="2026年双节慰问")
    load_pian3(world, campaign)
    built = report("annual", world.town, Period.year(2026), dt.date(2026, 12, 31))
    section = next(s for s in built.sections if s.title == "以送温暖为载体，开展帮扶慰问活动")
    assert section.paragraphs[0].heading == "1、2026年双节慰问。"
    assert "和大米6100kg" in section.paragraphs[0].text()
