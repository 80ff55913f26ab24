"""Sections of the work summaries for aid: 送温暖 (篇1, 篇5), 节日慰问 (篇3), 结对帮扶 (篇4)."""

import datetime as dt

from gonghui.reports.links import link
from gonghui.reports.registry import (
    DashboardFigure,
    F,
    P,
    Reminder,
    Suggestion,
    dashboard_source,
    money,
    reminder_source,
    scope_resolver,
    section,
    suggester,
)

from . import selectors
from .models import Campaign, HardshipFile, PublicNotice, Visit
from .rules import State


@scope_resolver("campaign")
def find_campaign(*, org, name):
    return Campaign.objects.within(org).filter(name=name).first()


def _category_parts(figures: dict, url: str) -> list:
    parts = []
    for group in figures["by_group"]:
        if group["households"]:
            parts += (["，"] if parts else []) + [
                group["label"],
                F(group["households"], "户", link=url),
            ]
    return parts


def _visit_parts(figures: dict, url: str) -> list:
    parts = []
    for v in figures["visits"]:
        if v["kind"] != Visit.Kind.HOUSEHOLD and v["units"]:
            unit = {"elderly_home": "所", "army_unit": "个"}.get(v["kind"], "个")
            parts += (["、"] if parts else []) + [v["label"], F(v["units"], unit, link=url)]
    return parts


def _campaign_paragraphs(ctx, campaign) -> list[P]:
    figures = selectors.aid_figures(org=ctx.org, campaign=campaign)
    url = link("assistance:campaign", campaign.pk)
    paragraphs = []
    apps = figures["applications"]
    received = figures["applications_total"] - apps.get(State.DRAFT, 0)
    if received:
        noticed = sum(
            n for s, n in apps.items() if s not in (State.DRAFT, State.SUBMITTED, State.REVIEWED)
        )
        objections = sum(figures["objections"].values())
        disqualified = apps.get(State.DISQUALIFIED, 0)
        parts = [
            "严格执行“自愿申请、民主评议、上报审批”三道程序：共受理申请",
            F(received, "户", link=url),
            "，经民主评议张榜公布",
            F(noticed, "户", link=url),
            "，接受群众监督",
        ]
        if objections:
            parts += ["，公示期间收到异议", F(objections, "件", link=url)]
        else:
            parts += ["，公示期间未收到异议"]
        if disqualified:
            parts += ["，因情况不实取消申报资格", F(disqualified, "户", link=url)]
        parts.append("。")
        paragraphs.append(P(*parts))
    categories = _category_parts(figures, url)
    visits = _visit_parts(figures, url)
    if categories or visits or figures["households_visited"]:
        parts = ["此次活动共慰问"]
        parts += categories
        if figures["households_visited"] and not categories:
            parts += ["困难家庭", F(figures["households_visited"], "户", link=url)]
        if visits:
            parts += ["，同时走访慰问了" if len(parts) > 1 else "", *visits]
        parts += [
            "，共慰问",
            F(figures["people_reached"], "人", link=url),
            "，发放慰问金和慰问物资共计",
            money(figures["total_value"], link=url),
            "。",
        ]
        paragraphs.append(P(*parts))
    return paragraphs


@section("assistance.campaign", title="慰问活动开展情况", kinds=["festival"], order=20)
def festival(ctx):
    if ctx.campaign is None:
        return []
    return _campaign_paragraphs(ctx, ctx.campaign)


@section("assistance.pairing", title="结对帮扶走访情况", kinds=["pairing"], order=20)
def pairing(ctx):
    if ctx.campaign is None:
        return []
    figures = selectors.aid_figures(org=ctx.org, campaign=ctx.campaign)
    url = link("assistance:campaign", ctx.campaign.pk)
    if not (figures["households_visited"] or figures["households"]):
        return []
    households = figures["households_visited"] or figures["households"]
    return [
        P(
            "领导干部深入结对帮扶的困难户家中走访慰问",
            F(households, "户", link=url),
            "，与困难群众面对面交流，了解生产生活情况，共送去帮扶资金",
            money(figures["cash"], link=url),
            *(
                ["及物资折价", money(figures["goods_value"], link=url)]
                if figures["goods_value"]
                else []
            ),
            "。",
        )
    ]


@section(
    "assistance.warmth",
    title="以送温暖为载体，开展帮扶慰问活动",
    kinds=["annual", "half-year"],
    order=20,
)
def warmth(ctx):
    campaigns = (
        Campaign.objects.within(ctx.org)
        .filter(start__lt=ctx.period.end, end__gte=ctx.period.start)
        .order_by("start", "pk")[:20]
    )
    campaigns = list(campaigns)
    by_campaign = selectors.campaign_figures(org=ctx.org, campaigns=campaigns)
    paragraphs = []
    for index, campaign in enumerate(campaigns, start=1):
        figures = by_campaign[campaign.pk]
        if not (figures["households"] or figures["people_reached"]):
            continue
        url = link("assistance:campaign", campaign.pk)
        if figures["households"]:
            parts = ["为"] + (
                _category_parts(figures, url)
                or [F(figures["households"], "户", link=url), "困难职工群众"]
            )
            parts += ["送去慰问金", money(figures["cash"], link=url)]
        else:  # visits only (old people's homes, army units, posts): people, not households
            parts = ["走访慰问", F(figures["people_reached"], "人", link=url)]
            parts += ["，送去慰问金", money(figures["cash"], link=url)]
        for n, item in enumerate(figures["goods"][:5]):
            parts += [
                "和" if n == 0 else "、",
                item["item"],
                F(item["quantity"], item["unit"], link=url),
            ]
        if figures["goods_value"]:
            parts += ["，物资折价", money(figures["goods_value"], link=url)]
        parts.append("。")
        paragraphs.append(P(*parts, heading=f"{index}、{campaign.name}。"))
    return paragraphs


@suggester
def aid_suggestions(ctx):
    found = []
    if ctx.kind in ("annual", "half-year"):
        due = HardshipFile.objects.within(ctx.org).review_due(ctx.today).count()
        if due:
            found.append(
                Suggestion(
                    "shortcomings", f"{due}份困难职工档案已到年度复核时间，动态管理有待加强。"
                )
            )
            found.append(Suggestion("next_steps", f"完成{due}份困难职工档案的年度复核。"))
    return found


@reminder_source
def aid_reminders(*, org, today):
    items = []
    files = HardshipFile.objects.within(org).review_due(today).order_by("review_due")[:200]
    for hardship in files:
        items.append(
            Reminder(
                "困难档案复核",
                str(hardship),
                hardship.review_due,
                link=link("assistance:hardship_file", hardship.pk),
                level="danger" if hardship.review_due < today else "warning",
            )
        )
    # Notices on the board that end within three days: objections must be resolved before then.
    notices = PublicNotice.objects.filter(
        org__path__startswith=org.path, ends__gte=today, ends__lte=today + dt.timedelta(days=3)
    ).order_by("ends")[:50]
    for notice in notices:
        items.append(
            Reminder(
                "公示即将结束", notice.title, notice.ends, link=link("assistance:notice", notice.pk)
            )
        )
    return items


@dashboard_source
def aid_dashboard(*, org, period, previous):
    now = selectors.aid_figures(org=org, period=period)
    before = selectors.aid_figures(org=org, period=previous)
    chart = {
        "type": "bar",
        "labels": [g["label"] for g in now["by_group"] if g["households"]],
        "values": [g["households"] for g in now["by_group"] if g["households"]],
    }
    return [
        DashboardFigure(
            "aid_households",
            "帮扶慰问户数",
            now["households"],
            before["households"],
            "户",
            link("assistance:campaigns", org=org.pk),
            chart=chart if chart["values"] else None,
        ),
        DashboardFigure(
            "aid_value",
            "慰问金及物资",
            now["total_value"],
            before["total_value"],
            "元",
            link("assistance:campaigns", org=org.pk),
        ),
    ]
