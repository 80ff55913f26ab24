"""Sections of the work summaries for model workers (篇5: 到龄退休申报 so the allowance is paid on time)."""

from gonghui.reports.links import link
from gonghui.reports.registry import F, P, Reminder, Suggestion, reminder_source, section, suggester

from . import selectors
from .models import Level


@section(
    "honors.modelworkers", title="做好劳模管理服务工作", kinds=["annual", "half-year"], order=50
)
def modelworkers(ctx):
    figures = selectors.honours_figures(org=ctx.org, period=ctx.period, today=ctx.today)
    if not figures["workers"]:
        return []
    url = link("honors:list", org=ctx.org.pk)
    levels = [
        [
            label,
            F(
                figures["by_level"][value],
                "名",
                link=link("honors:list", level=value, org=ctx.org.pk),
            ),
        ]
        for value, label in Level.choices
        if figures["by_level"].get(value)
    ]
    parts = [ctx.we, "现有劳动模范", F(figures["workers"], "名", link=url)]
    if levels:
        parts.append("，其中")
        for index, item in enumerate(levels):
            parts += (["、"] if index else []) + item
    parts.append("。")
    paragraphs = [P(*parts)]
    reaching = figures.get("reaching_retirement", 0)
    filed = figures.get("filings_submitted", 0)
    if reaching or filed:
        paragraphs.append(
            P(
                "认真核查劳模年龄，本期",
                F(reaching, "名", link=link("honors:list", due="1", org=ctx.org.pk)),
                "劳模达到法定退休年龄，已为",
                F(filed, "名", link=url),
                "劳模办理到龄退休申报，确保荣誉津贴按时发放。",
            )
        )
    return paragraphs


@suggester
def honours_suggestions(ctx):
    if ctx.kind not in ("annual", "half-year"):
        return []
    figures = selectors.honours_figures(org=ctx.org, today=ctx.today)
    found = []
    if figures["reminders"]:
        found.append(
            Suggestion(
                "next_steps", f"为{figures['reminders']}名即将或已经到龄的劳模办理到龄退休申报。"
            )
        )
    return found


@reminder_source
def retirement_reminders(*, org, today):
    items = []
    for worker in selectors.retirement_reminders(org=org, today=today)[:200]:
        due = worker.statutory_retirement
        items.append(
            Reminder(
                "劳模到龄退休",
                f"{worker.person.name}（{worker.org.short_name or worker.org.name}）",
                due,
                link=link("honors:detail", worker.pk),
                level="danger" if due and due <= today else "warning",
            )
        )
    return items
