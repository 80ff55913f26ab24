"""Figures of the organisation tree, per displayed node, as a bounded number of grouped queries.

A node's subtree is every organisation whose materialized path starts with the node's path, so the
figures of all nodes at one depth come from one GROUP BY over the path prefix of that length
(three queries in all, whatever the number of nodes or members).
"""

import datetime as dt
import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from gonghui.core.dates import add_months

from .models import Employer, Organization

# 工会法 第十一条: 二十五人以上的用人单位应当建立基层工会委员会.
UNIONISE_THRESHOLD = 25


@dataclass
class NodeFigures:
    unions: int = 0
    members: int = 0
    employees: int = 0
    terms_overdue: int = 0
    terms_due: int = 0  # ending within 6 months, not yet overdue
    employers_to_unionise: int = 0

    @property
    def membership_rate(self) -> Decimal | None:
        """入会率 in percent = active members ÷ employees of the unionised units (RULES.md §6)."""
        if not self.employees:
            return None
        return (Decimal(self.members) * 100 / Decimal(self.employees)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def _common_prefix(orgs: list[Organization]) -> str:
    prefix = os.path.commonprefix([o.path for o in orgs])
    steplen = Organization.steplen
    return prefix[: len(prefix) - len(prefix) % steplen]


def node_figures(
    orgs: list[Organization], *, today: dt.date | None = None
) -> dict[int, NodeFigures]:
    """Figures for each org's subtree; all orgs must sit at the same depth (e.g. siblings)."""
    from gonghui.members.models import Membership

    orgs = list(orgs)
    if not orgs:
        return {}
    depths = {o.depth for o in orgs}
    if len(depths) != 1:
        raise ValueError("node_figures needs organisations of one depth")
    length = len(orgs[0].path)
    paths = [o.path for o in orgs]
    common = _common_prefix(orgs)
    today = today or timezone.localdate()
    by_path = {o.path: NodeFigures() for o in orgs}

    unions = (
        Organization.objects.filter(path__startswith=common, kind=Organization.Kind.GRASSROOTS)
        .annotate(prefix=Substr("path", 1, length))
        .filter(prefix__in=paths)
        .order_by()
        .values("prefix")
        .annotate(
            n=Count("id"),
            employees=Sum("employees"),
            overdue=Count("id", filter=Q(term_end__lt=today)),
            due=Count("id", filter=Q(term_end__gte=today, term_end__lte=add_months(today, 6))),
        )
    )
    for row in unions:
        fig = by_path[row["prefix"]]
        fig.unions = row["n"]
        fig.employees = row["employees"] or 0
        fig.terms_overdue = row["overdue"]
        fig.terms_due = row["due"]

    members = (
        Membership.objects.filter(status=Membership.Status.ACTIVE, org__path__startswith=common)
        .annotate(prefix=Substr("org__path", 1, length))
        .filter(prefix__in=paths)
        .order_by()
        .values("prefix")
        .annotate(n=Count("id"))
    )
    for row in members:
        by_path[row["prefix"]].members = row["n"]

    employers = (
        Employer.objects.should_unionise(UNIONISE_THRESHOLD)
        .filter(org__path__startswith=common)
        .annotate(prefix=Substr("org__path", 1, length))
        .filter(prefix__in=paths)
        .order_by()
        .values("prefix")
        .annotate(n=Count("id"))
    )
    for row in employers:
        by_path[row["prefix"]].employers_to_unionise = row["n"]

    return {o.pk: by_path[o.path] for o in orgs}


def children_of(org: Organization):
    """The direct children, by path range (indexed), in tree order."""
    return Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1).order_by(
        "path"
    )


def industries(employers) -> list[str]:
    """The industries named in a set of employers, for a filter."""
    return list(
        employers.exclude(industry="")
        .order_by("industry")
        .values_list("industry", flat=True)
        .distinct()
    )


def ancestors_within(org: Organization, top: Organization) -> list[Organization]:
    """org's ancestors from top (included) down, excluding org: the breadcrumb within a scope."""
    steplen = Organization.steplen
    paths = [
        org.path[: i * steplen]
        for i in range(1, org.depth)
        if org.path[: i * steplen].startswith(top.path)
    ]
    if not paths:
        return []
    return list(Organization.objects.filter(path__in=paths).order_by("path"))
