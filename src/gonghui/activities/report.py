"""Sections of the work summaries for events, trainings, publicity and practice (篇1, 篇5, 篇7)."""

from gonghui.core import numbers
from gonghui.orgs.models import Organization
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


def _listed_kinds(ctx) -> tuple[set | None, tuple]:
    """(kinds kept, kinds left out) of the events section: practice summaries tell the practice
    and volunteer events, the others every event but trainings (they have their own section)."""
    if ctx.kind == "practice":
        return {Event.Kind.PRACTICE, Event.Kind.VOLUNTEER}, ()
    return None, (Event.Kind.TRAINING,)


@section(
    "activities.events",
    title="抓活动载体，增强工会活力",
    kinds=["annual", "half-year", "festival", "practice"],
    order=40,
)
def events(ctx):
    if ctx.org.kind == Organization.Kind.FEDERATION:
        return _events_by_branch(ctx)
    kinds, exclude = _listed_kinds(ctx)
    summaries = selectors.event_summaries(org=ctx.org, period=ctx.period)
    results = selectors.results_by_event(org=ctx.org, period=ctx.period)
    paragraphs = []
    for event in summaries:
        if kinds and event["kind"] not in kinds:
            continue
        if event["kind"] in exclude:
            continue
        paragraphs.append(
            _event_paragraph(
                event, results.get(event["id"], []), link("activities:event_detail", event["id"])
            )
        )
    return paragraphs


def _events_by_branch(ctx) -> list[P]:
    """Above town level a report cannot list thousands of events: it counts them by kind, and
    per town (each child of the union, and the union itself), in two paragraphs."""
    kinds, exclude = _listed_kinds(ctx)
    branches = selectors.events_by_branch(
        org=ctx.org, period=ctx.period, kinds=kinds, exclude=exclude
    )
    if not branches:
        return []
    labels = dict(Event.Kind.choices)
    kind_query = {"kind": Event.Kind.PRACTICE} if ctx.kind == "practice" else {}

    def by_kind(counts: dict, url: str) -> list:
        parts = []
        for kind, n in counts.items():
            parts += (["、"] if parts else []) + [labels[kind], F(n, "场", link=url)]
        return parts

    totals = {kind: sum(b["by_kind"].get(kind, 0) for b in branches) for kind in labels}
    totals = {kind: n for kind, n in totals.items() if n}  # in the order of Event.Kind
    url = link("activities:index", **kind_query, **period_query(ctx))
    total = F(sum(b["events"] for b in branches), "场", link=url)
    if len(totals) > 1:
        parts = [ctx.we, "各级工会共举办各类活动", total, "，其中", *by_kind(totals, url)]
    else:
        parts = [ctx.we, "各级工会共举办", labels[next(iter(totals))], total]
    teams = sum(b["teams"] for b in branches)
    contestants = sum(b["contestants"] for b in branches)
    audience = sum(b["audience"] for b in branches)
    if teams:
        parts += ["，参赛队伍", F(teams, "支", link=url)]
    if contestants:
        parts += ["，参赛选手", F(contestants, "名", link=url)]
    if audience:
        approximate = any(b["audience_approximate"] for b in branches)
        # 2210余人, but 二千二百余人 when the rounded form already says 余
        said = ctx.rounded and numbers.count_rounded(audience).endswith("余")
        unit = "余人" if approximate and not said else "人"
        parts += ["，现场观摩", F(audience, unit, link=url)]
    lines = []
    for b in branches:
        org = b["org"]
        url = link("activities:index", **kind_query, **{**period_query(ctx), "org": org.pk})
        name = org.short_name or org.name
        name = f"{name}本级" if org.pk == ctx.org.pk else name
        lines += (["，"] if lines else []) + [name, F(b["events"], "场", link=url)]
    return [P(*parts, "。"), P("分单位看：", *lines, "。")]


@section("activities.trainings", title="加强工会干部培训", kinds=["annual", "half-year"], order=45)
def trainings(ctx):
    if ctx.org.kind == Organization.Kind.FEDERATION:
        return _trainings_by_course(ctx)
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


def _trainings_by_course(ctx) -> list[P]:
    """Above town level: one line per course (its sessions together), not one per session."""
    url = link("activities:trainings", **period_query(ctx))
    paragraphs = []
    for course in selectors.training_by_course(org=ctx.org, period=ctx.period):
        parts = ["选派", F(course["trainees"], "名", link=url), f"人员参加{course['course']}"]
        if course["sessions"] > 1:
            parts += ["（", F(course["sessions"], "期", link=url), "）"]
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
