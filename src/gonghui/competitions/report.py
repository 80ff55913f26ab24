"""Sections of the work summaries for competitions: 篇2 (thematic competition), 篇6 (安康杯 bulletin)."""

import datetime as dt

from gonghui.reports.links import link, period_query
from gonghui.reports.registry import (
    DashboardFigure,
    F,
    P,
    Reminder,
    Suggestion,
    dashboard_source,
    reminder_source,
    scope_resolver,
    section,
    suggester,
)

from .models import Competition
from .selectors.figures import competition_figures, competitions_overview, proposal_figures
from .selectors.findings import competition_findings
from .selectors.handins import handin_totals, handins_due_soon


@scope_resolver("competition")
def find_competition(*, org, name):
    return Competition.objects.within(org).filter(name=name).first()


def _names(names: list[str], limit: int = 12) -> str:
    shown = "、".join(names[:limit])
    return shown + (f"等{len(names)}个单位" if len(names) > limit else "")


@section(
    "competitions.organisation", title="加强组织领导，健全工作机制", kinds=["competition"], order=10
)
def organisation(ctx):
    if ctx.competition is None:
        return []
    f = competition_figures(competition=ctx.competition, today=ctx.today)
    group = f["leading_group"]
    paragraphs = []
    if group:
        leaders = [m for m in group if m["role"] == "组长"]
        deputies = [m for m in group if m["role"] == "副组长"]
        text = (
            f"成立了由{'、'.join(m['position'] + m['name'] for m in leaders) or '主要领导'}任组长"
        )
        if deputies:
            text += f"，{'、'.join(m['position'] + m['name'] for m in deputies)}任副组长"
        text += "的竞赛活动领导小组，加强对竞赛活动的组织领导。"
        paragraphs.append(P(text))
    if f["double_link"]:
        paragraphs.append(
            P("实行“双挂钩”，把竞赛结果与单位考核和经费挂钩，充分调动参赛单位和职工的积极性。")
        )
    url = link("competitions:detail", ctx.competition.pk)
    if f["units"]:
        paragraphs.append(P("共有", F(f["units"], "个单位", link=url), "参加竞赛。"))
    return paragraphs


@section(
    "competitions.contest",
    title="广泛开展技能竞赛和合理化建议活动",
    kinds=["competition"],
    order=20,
)
def contest(ctx):
    if ctx.competition is None:
        return []
    f = competition_figures(competition=ctx.competition, today=ctx.today)
    c = f["contest"]
    url = link("competitions:contest", ctx.competition.pk)
    paragraphs = []
    if c["contestants"]:
        parts = [
            f"举办{'、'.join(c['trades'])}",
            F(c["trade_count"], "个工种", link=url),
            "的职工技能竞赛，来自",
            F(c["enterprises"] or c["units"], "家企业", link=url),
            "的",
            F(c["contestants"], "名选手", link=url),
            "参赛",
        ]
        if c["reached_senior_or_above"]:
            parts += ["，其中", F(c["reached_senior_or_above"], "人", link=url), "达到高级工水平"]
        parts.append("。")
        paragraphs.append(P(*parts))
    if c["grade_rose"]:
        paragraphs.append(
            P(
                "通过竞赛，",
                F(
                    c["grade_rose"],
                    "名",
                    link=link("competitions:grade_rises", competition=ctx.competition.pk),
                ),
                "职工的技能等级得到提升。",
            )
        )
    p = f["proposals"]
    if p["submitted"]:
        purl = link("competitions:proposals", org=ctx.org.pk)
        paragraphs.append(
            P(
                "深入开展合理化建议活动，共征集合理化建议",
                F(p["submitted"], "条", link=purl),
                "，其中被采纳",
                F(p["adopted"], "条", link=purl),
                "。",
            )
        )
    if f["awards"]:
        aurl = link("competitions:awards", ctx.competition.pk)
        parts = ["评选表彰"]
        for index, (title, n) in enumerate(f["awards"].items()):
            parts += (["、"] if index else []) + [title, F(n, "个", link=aurl)]
        parts.append("。")
        paragraphs.append(P(*parts))
    return paragraphs


@section("competitions.findings", title="检查发现的情况", kinds=["inspection"], order=10)
def findings(ctx):
    if ctx.competition is None:
        return []
    f = competition_findings(competition=ctx.competition, today=ctx.today)
    url = link("competitions:findings", ctx.competition.pk)
    board = link("competitions:board", ctx.competition.pk)
    paragraphs = [
        P(
            "本次竞赛共有",
            F(f["units"], "个单位", link=board),
            "参加，只有",
            F(f["on_time_count"], "个单位", link=board),
            "按时上报了活动方案、考核细则和报名表",
            f"（{_names(f['on_time_units'])}）。" if f["on_time_units"] else "。",
            heading="1、",
        )
    ]
    gaps = []
    if f["plan_without_rules"]:
        gaps.append(f"{_names(f['plan_without_rules'])}仅上报了活动方案而没有考核细则")
    if f["rules_without_plan"]:
        gaps.append(f"{_names(f['rules_without_plan'])}仅有考核细则而没有活动方案")
    if f["without_registration"]:
        gaps.append(f"{_names(f['without_registration'])}没有报送报名表")
    if gaps:
        paragraphs.append(P("在上报的单位中，" + "；".join(gaps) + "。", heading="2、"))
    for document, units in f["missing"].items():
        paragraphs.append(P(f"截至检查时，{_names(units)}尚未上报{document}。"))
    paragraphs.append(
        P(
            "检查前，只有",
            F(f["published_count"], "个单位", link=url),
            "在内网公布了活动方案和考核细则。",
            heading="3、",
        )
    )
    team_lines = []
    if f["units_without_teams"]:
        team_lines.append(f"{_names(f['units_without_teams'])}的活动没有分解到班组")
    if f["teams_without_plan"]:
        team_lines.append(
            "、".join(f"{g['unit']}{g['team']}" for g in f["teams_without_plan"][:10])
            + (
                f"等{len(f['teams_without_plan'])}个班组"
                if len(f["teams_without_plan"]) > 10
                else ""
            )
            + "没有月度计划"
        )
    if f["after_the_fact"]:
        team_lines.append(
            f"{len(f['after_the_fact'])}条活动记录在活动{f['late_record_days']}天以后才补填"
        )
    if f["teams_without_ticket_analysis"]:
        team_lines.append(f"{len(f['teams_without_ticket_analysis'])}个班组没有按月分析工作票")
    if team_lines:
        paragraphs.append(P("班组层面，" + "；".join(team_lines) + "。", heading="4、"))
    return paragraphs


@section(
    "competitions.overview",
    title="深入开展劳动竞赛和合理化建议活动",
    kinds=["annual", "half-year"],
    order=35,
)
def overview(ctx):
    o = competitions_overview(org=ctx.org, period=ctx.period)
    paragraphs = []
    url = link("competitions:list")
    if o["competitions"]:
        parts = ["组织开展各类竞赛", F(o["competitions"], "项", link=url)]
        if o["units"]:
            parts += ["，参赛单位", F(o["units"], "个", link=url)]
        if o["contestants"]:
            parts += ["，参赛选手", F(o["contestants"], "名", link=url)]
        parts.append("。")
        paragraphs.append(P(*parts))
    if o["grade_rose"]:
        gurl = link("competitions:grade_rises", **period_query(ctx))
        paragraphs.append(P(F(o["grade_rose"], "名", link=gurl), "职工的技能等级得到提升。"))
    p = o["proposals"]
    if p["submitted"]:
        purl = link("competitions:proposals", **period_query(ctx))
        paragraphs.append(
            P(
                "征集合理化建议",
                F(p["submitted"], "条", link=purl),
                "，采纳",
                F(p["adopted"], "条", link=purl),
                "。",
            )
        )
    return paragraphs


@suggester
def competition_suggestions(ctx):
    if ctx.competition is None:
        return []
    f = competition_findings(competition=ctx.competition, today=ctx.today)
    found = []
    late_or_missing = f["units"] - f["on_time_count"]
    if late_or_missing:
        found.append(
            Suggestion(
                "problems",
                f"{late_or_missing}个单位未按时上报活动方案、考核细则和报名表，部分单位重视不够。",
            )
        )
        found.append(
            Suggestion(
                "recommendations",
                "各单位要高度重视，按时上报活动方案、考核细则和报名表，并在内网公布。",
            )
        )
    if f["teams_without_plan"] or f["units_without_teams"]:
        found.append(Suggestion("problems", "活动没有分解到班组，部分班组没有月度计划。"))
        found.append(
            Suggestion(
                "recommendations", "把竞赛活动分解落实到班组，每月制订班组计划并按月分析工作票。"
            )
        )
    if f["after_the_fact"]:
        found.append(Suggestion("problems", "部分活动记录系事后补填，台账不真实。"))
        found.append(Suggestion("recommendations", "活动记录要随做随记，杜绝事后补填。"))
    if ctx.kind == "competition" and f["missing"]:
        found.append(Suggestion("shortcomings", "部分参赛单位的资料未按时上报。"))
    return found


@reminder_source
def handin_reminders(*, org, today):
    items = []
    running = Competition.objects.within(org).filter(start_date__lte=today, end_date__gte=today)
    for competition in running[:20]:
        for participant, requirement in handins_due_soon(competition=competition, today=today)[
            :200
        ]:
            items.append(
                Reminder(
                    "竞赛资料待上报",
                    f"{participant.unit_name}：{requirement.name}（{competition.name}）",
                    requirement.due_date,
                    link=link("competitions:participant", participant.pk),
                )
            )
    return items


@dashboard_source
def competitions_dashboard(*, org, period, previous):
    now = proposal_figures(org=org, period=period, by_unit=False)
    before = proposal_figures(org=org, period=previous, by_unit=False)
    figures = [
        DashboardFigure(
            "proposals_adopted",
            "合理化建议采纳",
            now["adopted"],
            before["adopted"],
            "条",
            link("competitions:proposals", org=org.pk),
        ),
    ]
    running = Competition.objects.within(org).filter(
        start_date__lt=period.end, end_date__gte=period.start
    )
    today = min(dt.date.today(), period.last_day)
    totals = handin_totals(competitions=running, today=today)  # three queries, any number of them
    if totals["expected"]:
        rate = totals["on_time_rate"]
        figures.append(
            DashboardFigure(
                "handins_on_time",
                "竞赛资料按时上报率",
                f"{rate}%",
                None,
                "",
                link("competitions:list"),
            )
        )
    return figures
