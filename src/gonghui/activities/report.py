"""Sections of the work summaries for events, trainings, publicity and practice (篇1, 篇5, 篇7)."""

from gonghui.reports.links import link, period_query
from gonghui.reports.registry import DashboardFigure, F, P, dashboard_source, section

from . import selectors
from .models import Event


def _results_text(results: list[dict]) -> str:
    """金锣奖 桥涯村，银锣奖 杭坑村，铜锣奖 乾元村、胥锦村 — or by rank: 第一名 海福工会 …"""
    if not results:
        return ""
    groups: dict[str, list[str]] = {}
    for r in results:
        label = r["award"] or (f"第{r['rank']}名" if r["rank"] else "")
        groups.setdefault(label, []).append(r["name"])
    return "，".join(f"{'、'.join(names)}获{label}" for label, names in groups.items() if label)


def _event_paragraph(event: dict, results: list[dict], url: str) -> P:
    parts = [f"举办{event['name']}"]
    if event["teams"]:
        parts += ["，", F(event["teams"], "支队伍", link=url), "参赛"]
    elif event["contestants"]:
        parts += ["，", F(event["contestants"], "名选手", link=url), "参赛"]
    if event["audience"]:
        parts += [
            "，",
            F(event["audience"], "余人" if event["audience_approximate"] else "人", link=url),
            "现场观摩",
        ]
    text = _results_text(results)
    if text:
        parts += ["，", text]
    parts.append("。")
    return P(*parts)


@section(
    "activities.events",
    title="抓活动载体，增强工会活力",
    kinds=["annual", "half-year", "festival", "practice"],
    order=40,
)
def events(ctx):
    kinds = None
    if ctx.kind == "practice":
        kinds = {Event.Kind.PRACTICE, Event.Kind.VOLUNTEER}
    summaries = selectors.event_summaries(org=ctx.org, period=ctx.period)
    results = selectors.results_by_event(org=ctx.org, period=ctx.period)
    paragraphs = []
    for event in summaries:
        if kinds and event["kind"] not in kinds:
            continue
        if ctx.kind != "practice" and event["kind"] in (Event.Kind.TRAINING,):
            continue
        paragraphs.append(
            _event_paragraph(
                event, results.get(event["id"], []), link("activities:event_detail", event["id"])
            )
        )
    return paragraphs


@section("activities.trainings", title="加强工会干部培训", kinds=["annual", "half-year"], order=45)
def trainings(ctx):
    figures = selectors.training_figures(org=ctx.org, period=ctx.period)
    paragraphs = []
    for course in figures["courses"]:
        url = link("activities:trainings", **period_query(ctx))
        parts = ["选派", F(course["trainees"], "名", link=url), f"人员参加{course['course']}"]
        if course["certified"]:
            parts += ["，", F(course["certified"], "人", link=url), "取得证书"]
        parts.append("。")
        paragraphs.append(P(*parts))
    return paragraphs


@section("activities.publicity", title="强化信息宣传工作", kinds=["annual", "half-year"], order=60)
def publicity(ctx):
    figures = selectors.publicity_figures(org=ctx.org, period=ctx.period)
    if not figures["used"]:
        return []
    url = link("activities:articles", **period_query(ctx))
    parts = [
        "全年" if ctx.kind == "annual" else "本期",
        "共被各级媒体采用信息",
        F(figures["used"], "篇", link=url),
    ]
    outlets = [o for o in figures["by_outlet"] if o["used"]]
    if outlets:
        parts.append("，其中")
        for index, o in enumerate(outlets):
            parts += (["，"] if index else []) + [o["outlet"], "采用", F(o["used"], "篇", link=url)]
    parts.append("。")
    return [P(*parts)]


@section("activities.practice", title="实践活动成果", kinds=["practice"], order=30)
def practice(ctx):
    figures = selectors.practice_figures(org=ctx.org, period=ctx.period)
    if not (figures["record_cards"] or figures["reports"]):
        return []
    url = link("activities:index", kind="practice", **period_query(ctx))
    return [
        P(
            "活动结束后，共收回服务记录卡",
            F(figures["record_cards"], "张", link=url),
            "，总结、调查报告、心得体会",
            F(figures["reports"], "篇", link=url),
            "。",
        )
    ]


@dashboard_source
def activities_dashboard(*, org, period, previous):
    now = selectors.events_figures(org=org, period=period)
    before = selectors.events_figures(org=org, period=previous)
    pub_now = selectors.publicity_figures(org=org, period=period)
    pub_before = selectors.publicity_figures(org=org, period=previous)
    chart = {
        "type": "pie",
        "labels": [o["outlet"] for o in pub_now["by_outlet"] if o["used"]],
        "values": [o["used"] for o in pub_now["by_outlet"] if o["used"]],
    }
    return [
        DashboardFigure(
            "events", "举办活动", now["events"], before["events"], "场", link("activities:index")
        ),
        DashboardFigure(
            "articles",
            "信息被采用",
            pub_now["used"],
            pub_before["used"],
            "篇",
            link("activities:articles"),
            chart=chart if chart["values"] else None,
        ),
    ]
