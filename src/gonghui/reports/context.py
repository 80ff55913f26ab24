from gonghui.core.dates import Period

from .registry import KINDS, ReportContext, resolve_scope


def context_for(
    *, kind, org, period: Period, user=None, subject: str = "", rounded=False, today=None
):
    """Build the context a report's sections read; the campaign or competition is found by name."""
    scope = KINDS[kind].scope
    extra = {}
    if subject and scope in ("campaign", "competition"):
        extra[scope] = resolve_scope(scope, org=org, name=subject)
    ctx = ReportContext(kind=kind, org=org, period=period, user=user, rounded=rounded, **extra)
    if today is not None:
        ctx.today = today
    return ctx


def context_of_report(report, *, user=None):
    return context_for(
        kind=report.kind,
        org=report.org,
        period=Period(report.start, report.end),
        user=user,
        subject=report.subject,
        rounded=report.rounded,
    )
