"""The source's two competitions, loaded as data, give back exactly the source's facts."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from gonghui.competitions import samples
from gonghui.competitions.selectors import (
    competition_figures,
    competition_findings,
    proposal_figures,
)
from gonghui.core.dates import Period
from gonghui.orgs.models import Organization


@pytest.fixture
def pian6(world):
    with time_machine.travel(dt.datetime(2026, 6, 15, 9, 0), tick=False):
        return samples.load_pian6(parent=world.county, by=world.county_clerk)


def test_pian6_only_seven_units_on_time(pian6):
    found = competition_findings(competition=pian6, today=samples.PIAN6_INSPECTION)
    assert found["units"] == 12
    assert found["on_time_count"] == 7
    assert sorted(found["on_time_units"]) == sorted(
        [
            "变电工区工会",
            "输电工区工会",
            "配电工区工会",
            "调度中心工会",
            "营销中心工会",
            "信息通信分公司工会",
            "检修分公司工会",
        ]
    )


def test_pian6_which_units_lack_which_document(pian6):
    found = competition_findings(competition=pian6, today=samples.PIAN6_INSPECTION)
    # among units that reported anything of plan / rules / registration (on time or late)
    assert sorted(found["plan_without_rules"]) == sorted(
        ["调度中心工会", "营销中心工会", "后勤服务中心工会"]
    )
    assert found["rules_without_plan"] == ["信息通信分公司工会"]
    assert sorted(found["without_registration"]) == sorted(
        ["营销中心工会", "检修分公司工会", "后勤服务中心工会"]
    )
    no_unit = ["培训中心工会", "多种经营公司工会", "客户服务中心工会"]
    assert sorted(found["missing"]["考核细则"]) == sorted(
        ["调度中心工会", "营销中心工会", "后勤服务中心工会", *no_unit]
    )
    assert sorted(found["missing"]["竞赛活动方案"]) == sorted(["信息通信分公司工会", *no_unit])
    assert sorted(found["missing"]["参赛报名表"]) == sorted(
        ["营销中心工会", "检修分公司工会", "后勤服务中心工会", *no_unit]
    )
    # 自评报告 and 总结 are not due yet: not missing
    assert set(found["missing"]) == {"参赛报名表", "竞赛活动方案", "考核细则"}
    late = {(x["unit"], x["document"]): x["days_late"] for x in found["late"]}
    assert late == {
        ("物资供应站工会", "参赛报名表"): 20,
        ("物资供应站工会", "竞赛活动方案"): 20,
        ("物资供应站工会", "考核细则"): 20,
        ("后勤服务中心工会", "竞赛活动方案"): 38,
    }


def test_pian6_four_published_before_the_inspection(pian6):
    found = competition_findings(competition=pian6, today=samples.PIAN6_INSPECTION)
    assert found["published_count"] == 4
    assert sorted(found["published"]) == sorted(
        ["变电工区工会", "输电工区工会", "配电工区工会", "信息通信分公司工会"]
    )
    # a day before the first publication nobody had published
    early = competition_findings(competition=pian6, today=dt.date(2026, 4, 19))
    assert early["published_count"] == 0


def test_pian6_teams(pian6):
    found = competition_findings(competition=pian6, today=samples.PIAN6_INSPECTION)
    assert found["teams_without_plan"] == [
        {"unit": "输电工区工会", "team": "电缆班", "months": ["2026-05"]},
        {
            "unit": "配电工区工会",
            "team": "配电运维一班",
            "months": ["2026-03", "2026-04", "2026-05"],
        },
    ]
    assert [(x["unit"], x["team"]) for x in found["teams_without_ticket_analysis"]] == [
        ("输电工区工会", "电缆班"),
        ("输电工区工会", "输电运检班"),
        ("配电工区工会", "配电运维一班"),
    ]
    assert found["after_the_fact"] == [
        {
            "unit": "输电工区工会",
            "team": "电缆班",
            "kind": "安全教育",
            "activity_date": "2026-04-02",
            "recorded_on": "2026-05-20",
            "days": 48,
        }
    ]
    # activities not broken down to teams: every unit without any team record
    assert "变电工区工会" not in found["units_without_teams"]
    assert len(found["units_without_teams"]) == 9


def test_pian6_after_the_fact_follows_the_setting(pian6):
    pian6.late_record_days = 6
    pian6.save()
    found = competition_findings(competition=pian6, today=samples.PIAN6_INSPECTION)
    assert [x["team"] for x in found["after_the_fact"]] == ["电缆班", "配电运维一班"]


def test_pian6_on_time_rate(pian6):
    figures = competition_figures(competition=pian6, today=samples.PIAN6_INSPECTION)
    h = figures["handins"]
    # 12 units × 3 documents due; 16 on time, 4 late, 16 missing
    assert (h["expected"], h["on_time"], h["late"], h["missing"]) == (36, 16, 4, 16)
    assert h["on_time_rate"] == Decimal("44.4")


@pytest.fixture
def pian2(world):
    with time_machine.travel(dt.datetime(2026, 12, 20, 9, 0), tick=False):
        return samples.load_pian2(parent=world.county, by=world.county_clerk)


def test_pian2_figures_exactly(pian2):
    figures = competition_figures(competition=pian2, today=dt.date(2026, 12, 31))
    contest = figures["contest"]
    assert contest["trade_count"] == 2
    assert contest["trades"] == ["机电一体化设备组装与调试", "中式烹饪"]
    assert contest["contestants"] == 93
    assert contest["enterprises"] == 53
    assert contest["reached"]["高级工"] == 70
    assert contest["reached_senior_or_above"] == 70
    assert contest["grade_rose"] == 123
    assert figures["double_link"] is True
    assert [(m["name"], m["role"]) for m in figures["leading_group"]] == [
        ("张映雪", "组长"),
        ("孙军伟", "副组长"),
        ("方宏伟", "副组长"),
    ]
    assert figures["proposals"]["submitted"] == 4150
    assert figures["proposals"]["adopted"] == samples.PIAN2_ADOPTED == 1198


def test_pian2_proposal_figures_by_org_and_period(pian2):
    district = Organization.objects.get(name="xx区总工会")
    year = proposal_figures(org=district, period=Period.year(2026))
    assert year["submitted"] == 4150
    assert year["adopted"] == 1198
    assert year["adoption_rate"] == Decimal("28.9")
    assert sum(u["submitted"] for u in year["by_unit"]) == 4150
    assert len(year["by_unit"]) == 3
    first_half = proposal_figures(org=district, period=Period.half(2026, 1))
    second_half = proposal_figures(org=district, period=Period.half(2026, 2))
    assert first_half["submitted"] + second_half["submitted"] == 4150
    assert first_half["adopted"] + second_half["adopted"] == 1198
