"""Figures of the organisation tree, per displayed node, as a bounded number of grouped queries.

A node's subtree is every organisation whose materialized path starts with the node's path, so the
figures of all nodes at one depth come from one GROUP BY over the path prefix of that length
(two queries in all, whatever the number of nodes or members).
"""

import datetime as dt
import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Func, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Substr
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


def _grouped(common: str, length: int, today: dt.date) -> dict[str, NodeFigures]:
    """Figures of the subtree under common, grouped by the first length characters of the path.

    Two queries: organisations (unions, employees, 换届 flags, and active members counted per
    union by an index-only subquery on (org, status), which beats joining 500,000 memberships to
    their union), and employers that should unionise.
    """
    from gonghui.members.models import Membership

    # COUNT(*) without GROUP BY, so the planner answers from the (org, status) index alone.
    members_of_org = (
        Membership.objects.filter(org=OuterRef("pk"), status=Membership.Status.ACTIVE)
        .order_by()
        .annotate(n=Func(template="COUNT(*)", output_field=IntegerField()))
        .values("n")
    )
    grassroots = Q(kind=Organization.Kind.GRASSROOTS)
    rows = (
        Organization.objects.filter(path__startswith=common)
        .annotate(prefix=Substr("path", 1, length), m=Coalesce(Subquery(members_of_org), 0))
        .order_by()
        .values("prefix")
        .annotate(
            unions=Count("id", filter=grassroots),
            employees=Sum("employees", filter=grassroots),
            members=Sum("m"),
            overdue=Count("id", filter=grassroots & Q(term_end__lt=today)),
            due=Count(
                "id",
                filter=grassroots & Q(term_end__gte=today, term_end__lte=add_months(today, 6)),
            ),
        )
    )
    groups: dict[str, NodeFigures] = {}
    for row in rows:
        groups[row["prefix"]] = NodeFigures(
            unions=row["unions"],
            members=row["members"] or 0,
            employees=row["employees"] or 0,
            terms_overdue=row["overdue"],
            terms_due=row["due"],
        )
    employers = (
        Employer.objects.should_unionise(UNIONISE_THRESHOLD)
        .filter(org__path__startswith=common)
        .annotate(prefix=Substr("org__path", 1, length))
        .order_by()
        .values("prefix")
        .annotate(n=Count("id"))
    )
    for row in employers:
        groups.setdefault(row["prefix"], NodeFigures()).employers_to_unionise = row["n"]
    return groups


def node_figures(
    orgs: list[Organization], *, today: dt.date | None = None
) -> dict[int, NodeFigures]:
    """Figures for each org's subtree; all orgs must sit at the same depth (e.g. siblings)."""
    orgs = list(orgs)
    if not orgs:
        return {}
    if len({o.depth for o in orgs}) != 1:
        raise ValueError("node_figures needs organisations of one depth")
    groups = _grouped(_common_prefix(orgs), len(orgs[0].path), today or timezone.localdate())
    return {o.pk: groups.get(o.path, NodeFigures()) for o in orgs}


def tree_figures(
    root: Organization, children: list[Organization], *, today: dt.date | None = None
) -> tuple[NodeFigures, dict[int, NodeFigures]]:
    """The root's figures and its children's, from one grouping of the root's subtree.

    Grouping by the children's path length puts every row under its child; rows of the root
    itself form a group of their own, and the root's figures are the sum of all groups.
    """
    groups = _grouped(
        root.path, len(root.path) + Organization.steplen, today or timezone.localdate()
    )
    total = NodeFigures()
    for fig in groups.values():
        total.unions += fig.unions
        total.members += fig.members
        total.employees += fig.employees
        total.terms_overdue += fig.terms_overdue
        total.terms_due += fig.terms_due
        total.employers_to_unionise += fig.employers_to_unionise
    return total, {c.pk: groups.get(c.path, NodeFigures()) for c in children}


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
