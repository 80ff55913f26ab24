"""Figures of the member roster, as SQL aggregates (dashboard, reports, API and CLI share them)."""

from django.db.models import Count, Q, Sum

from gonghui.core.dates import Period
from gonghui.orgs.models import Organization

from .models import Membership


def _rate(numerator: int, denominator: int) -> float | None:
    """入会率 in percent, one decimal; None when there is no denominator."""
    if not denominator:
        return None
    return round(numerator * 100 / denominator, 1)


def _member_on(prefix: str, period: Period | None) -> Q:
    """A membership counted as a member: active now, or (for a period) on the period's last day."""
    if period is None:
        return Q(**{f"{prefix}status": Membership.Status.ACTIVE})
    last = period.last_day
    return Q(**{f"{prefix}joined__lte": last}) & (
        Q(**{f"{prefix}ended__isnull": True}) | Q(**{f"{prefix}ended__gt": last})
    )


def _new_in(prefix: str, period: Period) -> Q:
    """A first membership (not a transfer in) that began in the period."""
    return Q(
        **{
            f"{prefix}joined__gte": period.start,
            f"{prefix}joined__lt": period.end,
            f"{prefix}previous__isnull": True,
        }
    )


def member_count(org: Organization, period: Period | None = None) -> int:
    """Members of the subtree now, or on the period's last day (one COUNT)."""
    return Membership.objects.within(org).filter(_member_on("", period)).count()


def member_figures(org: Organization, period: Period | None = None) -> dict:
    """Members, new members in the period, 入会率 (members ÷ employees of the grassroots unions in the
    subtree, RULES.md §6: numerator and denominator kept), and the same per union."""
    memberships = Membership.objects.within(org)
    counts = {"members": Count("pk", filter=_member_on("", period))}
    if period is not None:
        counts["new_members"] = Count("pk", filter=_new_in("", period))
    totals = memberships.aggregate(**counts)
    unions = Organization.objects.within(org).unions()
    employees = unions.aggregate(total=Sum("employees"))["total"] or 0
    per_union = {"members": Count("memberships", filter=_member_on("memberships__", period))}
    if period is not None:
        per_union["new_members"] = Count("memberships", filter=_new_in("memberships__", period))
    rows = unions.annotate(**per_union).values(
        "pk", "name", "short_name", "employees", *per_union.keys()
    )
    return {
        "org": org.name,
        "period": {"from": period.start, "to": period.last_day} if period else None,
        "members": totals["members"],
        "new_members": totals.get("new_members"),  # None without a period
        "membership_rate": {
            "numerator": totals["members"],
            "denominator": employees,
            "percent": _rate(totals["members"], employees),
        },
        "unions": [
            {
                "id": r["pk"],
                "name": r["name"],
                "short_name": r["short_name"],
                "members": r["members"],
                "new_members": r.get("new_members"),
                "employees": r["employees"],
                "membership_rate_percent": _rate(r["members"], r["employees"]),
            }
            for r in rows
        ],
    }


def figures(*, user, org, period=None, options=None) -> dict:
    """The ledger's figures (CONTRACT.md), restricted to the user's subtree."""
    if user is not None:
        from django.core.exceptions import PermissionDenied

        from gonghui.orgs.access import require_placement

        placement = require_placement(user)
        if not org.is_within(placement.org):
            raise PermissionDenied("只能查看您所在组织及其下级组织的统计")
    return member_figures(org, period)
