"""Sections of the work summary for collective bargaining and union building (篇1, 篇5)."""

from gonghui.members.selectors import member_count
from gonghui.reports.links import link, period_query
from gonghui.reports.registry import (
    DashboardFigure,
    F,
    P,
    Reminder,
    Suggestion,
    dashboard_source,
    pct,
    reminder_source,
    section,
    suggester,
)

from . import selectors


def _rate(r: dict, url: str = "") -> F:
    return pct(r["numerator"], r["denominator"], link=url)


@section(
    "bargaining.agreements", title="深入推进工资集体协商", kinds=["annual", "half-year"], order=30
)
def agreements(ctx):
    figures = selectors.agreement_figures(org=ctx.org, period=ctx.period, today=ctx.today)
    e = figures["employers"]
    if not e["total"]:
        return []
    url = link("bargaining:list", **period_query(ctx))
    parts = [
        "今年",
        ctx.we,
        "续签企业",
        F(e["renewed"], "家", link=url),
        "，新增企业",
        F(e["new"], "家", link=url),
        "，共计签订",
        F(e["total"], "家", link=url),
    ]
    detail = []
    if e["single"]:
        detail += ["单独签订", F(e["single"], "家", link=url)]
    for row in e["by_industry"]:
        detail += (["，"] if detail else []) + [
            f"{row['industry']}行业执行协议",
            F(row["employers"], "家", link=url),
        ]
    if e["regional"]:
        detail += (["，"] if detail else []) + ["区域性协议覆盖", F(e["regional"], "家", link=url)]
    if detail:
        parts += ["，其中", *detail]
    parts += [
        "，覆盖率",
        _rate(figures["coverage_by_employers"], link("bargaining:figures", **period_query(ctx))),
        "，审查鉴证率",
        _rate(figures["review_rate"], url),
        "。",
    ]
    return [P(*parts)]


def _building(ctx) -> dict:
    """Union-building figures of the report, read once for the section and the suggestions."""
    return ctx.once(
        "bargaining.building",
        lambda: selectors.union_building_figures(org=ctx.org, period=ctx.period, today=ctx.today),
    )


@section(
    "bargaining.building", title="加强基层工会组织建设", kinds=["annual", "half-year"], order=10
)
def building(ctx):
    b = _building(ctx)
    if not b["unions"]:
        return []
    tree = link("orgs:detail", ctx.org.pk)
    paragraphs = [
        P(
            ctx.we,
            "现有基层工会",
            F(b["unions"], "个", link=tree),
            "，会员",
            F(
                b["membership_rate"]["numerator"],
                "人",
                link=link("members:list", org=ctx.org.pk, status="active"),
            ),
            "，入会率",
            _rate(b["membership_rate"], tree),
            "；本期新发展会员",
            F(
                b["new_members"],
                "人",
                link=link(
                    "members:list",
                    org=ctx.org.pk,
                    joined_from=ctx.period.start,
                    joined_to=ctx.period.last_day,
                    status="all",
                ),
            ),
            "。",
        )
    ]
    if b["unionisation_rate"]["denominator"]:
        paragraphs.append(
            P(
                "职工25人以上的用人单位",
                F(
                    b["unionisation_rate"]["denominator"],
                    "家",
                    link=link("orgs:employers", org=ctx.org.pk),
                ),
                "，已建会",
                F(
                    b["unionisation_rate"]["numerator"],
                    "家",
                    link=link("orgs:employers", has_union="yes", org=ctx.org.pk),
                ),
                "，建会率",
                _rate(
                    b["unionisation_rate"],
                    link("orgs:employers", has_union="should", org=ctx.org.pk),
                ),
                "；尚有",
                F(
                    b["employers_to_unionise"],
                    "家",
                    link=link("orgs:employers", has_union="should", org=ctx.org.pk),
                ),
                "应建未建。",
            )
        )
    return paragraphs


@suggester
def bargaining_suggestions(ctx):
    found = []
    if ctx.kind not in ("annual", "half-year"):
        return found
    b = _building(ctx)
    if b["employers_to_unionise"]:
        found.append(
            Suggestion(
                "shortcomings",
                f"尚有{b['employers_to_unionise']}家职工25人以上的单位未建立工会，工会组织覆盖面有待扩大。",
            )
        )
    rate = b["membership_rate"]
    if rate["denominator"] and rate["numerator"] * 100 < 90 * rate["denominator"]:
        found.append(
            Suggestion("shortcomings", f"入会率为{selectors.percent_text(rate)}，入会面不够广。")
        )
    if b["terms_overdue"]:
        found.append(Suggestion("shortcomings", f"{b['terms_overdue']}个基层工会任期已满未换届。"))
    if b["terms_due"]:
        found.append(
            Suggestion("next_steps", f"督促{b['terms_due']}个任期即将届满的基层工会按期换届。")
        )
    expiring = selectors.agreements_expiring(org=ctx.org, today=ctx.today).count()
    if expiring:
        found.append(Suggestion("next_steps", f"做好{expiring}份即将到期集体合同的续签工作。"))
    overdue = selectors.filings_overdue(org=ctx.org, today=ctx.today).count()
    if overdue:
        found.append(Suggestion("shortcomings", f"{overdue}份集体合同未按期报送审查鉴证。"))
    return found


@reminder_source
def bargaining_reminders(*, org, today):
    items = []
    for agreement in selectors.agreements_expiring(org=org, today=today)[:200]:
        items.append(
            Reminder("集体合同即将到期", str(agreement), agreement.ends, link=_url(agreement))
        )
    for agreement in selectors.filings_overdue(org=org, today=today)[:200]:
        items.append(
            Reminder(
                "集体合同备案逾期",
                str(agreement),
                agreement.filing_due,
                link=_url(agreement),
                level="danger",
            )
        )
    for union in selectors.unions_term_due(org=org, today=today)[:200]:
        overdue = union.term_end < today
        items.append(
            Reminder(
                "基层工会换届",
                f"{union.name}（{'已超期' if overdue else '即将届满'}）",
                union.term_end,
                link=link("orgs:detail", union.pk),
                level="danger" if overdue else "warning",
            )
        )
    return items


def _url(agreement) -> str:
    return agreement.get_absolute_url() if hasattr(agreement, "get_absolute_url") else ""


@dashboard_source
def bargaining_dashboard(*, org, period, previous):
    now = selectors.agreement_figures(org=org, period=period)
    before = selectors.agreement_figures(org=org, period=previous)
    b_now = selectors.union_building_figures(org=org, period=period)
    new_before = selectors.new_members(org=org, period=previous)  # all the dashboard compares
    return [
        DashboardFigure(
            "members",
            "在册会员",
            b_now["membership_rate"]["numerator"],
            member_count(org, previous),  # members on the last day of the same period last year
            "人",
            link("members:list", org=org.pk),
        ),
        DashboardFigure(
            "membership_rate",
            "入会率",
            selectors.percent_text(b_now["membership_rate"]),
            None,
            "",
            link("orgs:detail", org.pk),
        ),
        DashboardFigure(
            "new_members",
            "新发展会员",
            b_now["new_members"],
            new_before,
            "人",
            link("members:list", org=org.pk),
        ),
        DashboardFigure(
            "unionisation_rate",
            "建会率",
            selectors.percent_text(b_now["unionisation_rate"]),
            None,
            "",
            link("orgs:employers", org=org.pk),
        ),
        DashboardFigure(
            "agreements",
            "签订集体合同（家）",
            now["employers"]["total"],
            before["employers"]["total"],
            "家",
            link("bargaining:list", org=org.pk),
        ),
        DashboardFigure(
            "coverage",
            "集体合同覆盖率",
            selectors.percent_text(now["coverage_by_employers"]),
            selectors.percent_text(before["coverage_by_employers"]),
            "",
            link("bargaining:figures", org=org.pk),
        ),
    ]
