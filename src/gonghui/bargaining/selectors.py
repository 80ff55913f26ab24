"""Figures of collective bargaining and union building, as SQL aggregates, for pages, API and reports.

Every rate is returned as a dict {"numerator", "denominator", "percent"} so that reports can state
either form and the figure can be checked. What each denominator means is a setting (conf.py).

A subtree's agreement figures count the employers of the subtree (Employer.org under the node) and
the agreements binding at least one of them; a regional agreement of the county thus counts in
every town whose employers it binds.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, Max, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from gonghui.core.dates import Period, add_months
from gonghui.members.models import Membership
from gonghui.orgs.models import Employer, Organization

from . import conf, rules
from .models import Agreement, Coverage, Filing


def rate(numerator: int, denominator: int) -> dict:
    """{"numerator", "denominator", "percent"}: percent as a Decimal with one place, None if 0/0."""
    numerator, denominator = int(numerator or 0), int(denominator or 0)
    percent = None
    if denominator:
        percent = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    return {"numerator": numerator, "denominator": denominator, "percent": percent}


def percent_text(r: dict) -> str:
    """100%, 96.1%, or — when there is no denominator."""
    p = r["percent"]
    if p is None:
        return "—"
    return f"{int(p)}%" if p == p.to_integral_value() else f"{p}%"


def as_of_for(period: Period, today: dt.date | None = None) -> dt.date:
    """Rates "at the end of the period", or today while the period is still running."""
    today = today or timezone.localdate()
    return min(period.last_day, today)


def _base_q(base: str, prefix: str = "") -> Q:
    if base == "unionised":
        return Q(**{f"{prefix}union__isnull": False})
    if base == "threshold":
        return Q(**{f"{prefix}employees__gte": conf.get("UNIONISE_THRESHOLD")})
    if base == "all":
        return Q()
    raise ValueError(f"unknown base {base!r}; choose one of {conf.BASES}")


def _employers(org: Organization, industry: str | None):
    qs = Employer.objects.within(org)
    if industry:
        qs = qs.filter(industry=industry)
    return qs


def _in_force(day: dt.date):
    """Coverage rows of agreements running on day and not struck by an objection."""
    return Coverage.objects.filter(agreement__starts__lte=day, agreement__ends__gte=day).exclude(
        agreement__filing__outcome=Filing.Outcome.OBJECTION
    )


def _reviewed_q(as_of: dt.date, prefix: str = "") -> Q:
    """Review concluded by as_of: an answer was recorded, or 15 days passed without objection."""
    deemed_by = as_of - dt.timedelta(days=rules.REVIEW_DAYS + 1)
    return Q(**{f"{prefix}filing__isnull": False}) & (
        ~Q(**{f"{prefix}filing__outcome": ""}) | Q(**{f"{prefix}filing__filed__lte": deemed_by})
    )


def agreement_figures(
    *,
    org: Organization,
    period: Period,
    industry: str | None = None,
    topic: str | None = None,
    today: dt.date | None = None,
) -> dict:
    """Agreements signed in the period and coverage at its end, for org's subtree.

    Employer counts are distinct employers of the subtree (optionally of one industry):
    renewed = bound by a renewal (续签) that also bound them before (or whose predecessor is not
    in the system), new = the others; single / industry / regional = bound by an agreement of
    that scope signed in the period. Coverage, 建制率 and review rate follow conf.py.
    """
    as_of = as_of_for(period, today)
    in_subtree = {"employer__org__path__startswith": org.path}
    if industry:
        in_subtree["employer__industry"] = industry

    # Per employer of the subtree bound by an agreement signed in the period: which kinds of
    # agreement bind it, from its coverage rows (a few thousand), then counted. (Seven EXISTS
    # probes for every employer of a county took most of the report's SQL time.)
    signed = Coverage.objects.filter(
        agreement__signed__gte=period.start, agreement__signed__lt=period.end, **in_subtree
    )
    if topic:
        signed = signed.filter(agreement__topic=topic)
    predecessor_bound = Coverage.objects.filter(
        agreement=OuterRef("agreement__renewal_of"), employer=OuterRef("employer")
    )
    renewed = Q(agreement__renewal=True) & (
        Q(agreement__renewal_of__isnull=True) | Exists(predecessor_bound)
    )

    def flag(condition: Q):
        if not condition:  # the base "all": every employer
            return Max(Value(1))
        return Max(Case(When(condition, then=1), default=0))

    row = (
        signed.values("employer")
        .annotate(
            f_renewed=flag(renewed),
            f_single=flag(Q(agreement__scope=Agreement.Scope.SINGLE)),
            f_industry=flag(Q(agreement__scope=Agreement.Scope.INDUSTRY)),
            f_regional=flag(Q(agreement__scope=Agreement.Scope.REGIONAL)),
            # reviewed unless every agreement binding it was (an exclude(): NULL is "not")
            f_unreviewed=Max(Case(When(_reviewed_q(as_of, "agreement__"), then=0), default=1)),
            f_employees=Max("employer__employees"),
        )
        .order_by()
        .aggregate(
            total=Count("employer"),
            renewed=Coalesce(Sum("f_renewed"), 0),
            single=Coalesce(Sum("f_single"), 0),
            industry=Coalesce(Sum("f_industry"), 0),
            regional=Coalesce(Sum("f_regional"), 0),
            unreviewed=Coalesce(Sum("f_unreviewed"), 0),
            employees_signed=Sum("f_employees"),
        )
    )
    # Covered: bound by an agreement in force at the end of the period, again counted from the
    # coverage rows (each employer once), beside the bases counted from the employers.
    coverage_base = _base_q(conf.get("BARGAINING_COVERAGE_BASE"))
    establishment_base = _base_q(conf.get("BARGAINING_ESTABLISHMENT_BASE"))
    row |= _employers(org, industry).aggregate(
        cov_base=Count("pk", filter=coverage_base),
        cov_emp_base=Sum("employees", filter=coverage_base),
        est_base=Count("pk", filter=establishment_base),
    )

    def employees_if(condition: Q):
        if not condition:
            return Max("employer__employees")
        return Max(Case(When(condition, then="employer__employees"), default=0))

    in_cov = _base_q(conf.get("BARGAINING_COVERAGE_BASE"), "employer__")
    in_est = _base_q(conf.get("BARGAINING_ESTABLISHMENT_BASE"), "employer__")
    row |= (
        _in_force(as_of)
        .filter(**in_subtree)
        .values("employer")
        .annotate(f_cov=flag(in_cov), f_est=flag(in_est), f_cov_emp=employees_if(in_cov))
        .order_by()
        .aggregate(
            cov_num=Coalesce(Sum("f_cov"), 0),
            cov_emp_num=Coalesce(Sum("f_cov_emp"), 0),
            est_num=Coalesce(Sum("f_est"), 0),
        )
    )
    row["reviewed_employers"] = row["total"] - row["unreviewed"]

    # Agreements signed in the period that bind an employer of the subtree (one query). The
    # subtree is a join, not `employer__in=<subquery>`: inside the correlated EXISTS, SQLite
    # rebuilt the list of the subtree's employers for every agreement (2 s for a county).
    agreements = Agreement.objects.signed_in(period).filter(
        Exists(Coverage.objects.filter(agreement=OuterRef("pk"), **in_subtree))
    )
    if topic:
        agreements = agreements.filter(topic=topic)
    counts = agreements.aggregate(
        signed=Count("pk"),
        renewals=Count("pk", filter=Q(renewal=True)),
        single=Count("pk", filter=Q(scope=Agreement.Scope.SINGLE)),
        industry=Count("pk", filter=Q(scope=Agreement.Scope.INDUSTRY)),
        regional=Count("pk", filter=Q(scope=Agreement.Scope.REGIONAL)),
        filed=Count("pk", filter=Q(filing__isnull=False)),
        reviewed=Count("pk", filter=_reviewed_q(as_of)),
        objected=Count("pk", filter=Q(filing__outcome=Filing.Outcome.OBJECTION)),
    )
    by_industry = list(
        Coverage.objects.filter(
            agreement__in=agreements.filter(scope=Agreement.Scope.INDUSTRY), **in_subtree
        )
        .values("agreement__industry")
        .annotate(employers=Count("employer", distinct=True))
        .order_by("-employers", "agreement__industry")
    )
    if conf.get("BARGAINING_REVIEW_BASE") == "employers":
        review = rate(row["reviewed_employers"], row["total"])
    else:
        review = rate(counts["reviewed"], counts["signed"])
    return {
        "period": {"start": period.start, "end": period.end, "as_of": as_of},
        "org": org.name,
        "industry": industry or "",
        "topic": topic or "",
        "employers": {
            "total": row["total"],
            "renewed": row["renewed"],
            "new": row["total"] - row["renewed"],
            "single": row["single"],
            "industry": row["industry"],
            "regional": row["regional"],
            "by_industry": [
                {"industry": r["agreement__industry"], "employers": r["employers"]}
                for r in by_industry
            ],
            "employees": row["employees_signed"] or 0,
        },
        "agreements": {
            "signed": counts["signed"],
            "renewed": counts["renewals"],
            "new": counts["signed"] - counts["renewals"],
            "single": counts["single"],
            "industry": counts["industry"],
            "regional": counts["regional"],
            "filed": counts["filed"],
            "reviewed": counts["reviewed"],
            "objected": counts["objected"],
        },
        "coverage_by_employers": rate(row["cov_num"], row["cov_base"]),
        "coverage_by_employees": rate(row["cov_emp_num"], row["cov_emp_base"]),
        "establishment_rate": rate(row["est_num"], row["est_base"]),
        "review_rate": review,
        "definitions": conf.definitions(),
    }


def agreement_sentence(figures: dict) -> str:
    """The report's sentence, in 篇5's words: 续签194家，新增5家，共计199家，其中单独签订39家，…"""
    e = figures["employers"]
    parts = [f"续签{e['renewed']}家", f"新增{e['new']}家", f"共计{e['total']}家"]
    detail = [f"单独签订{e['single']}家"] if e["single"] else []
    detail += [f"{r['industry']}行业执行协议{r['employers']}家" for r in e["by_industry"]]
    if detail:
        parts.append("其中" + "，".join(detail))
    parts.append(f"覆盖率{percent_text(figures['coverage_by_employers'])}")
    parts.append(f"审查鉴证率{percent_text(figures['review_rate'])}")
    return "，".join(parts)


def coverage_by_industry(*, org: Organization, day: dt.date) -> list[dict]:
    """Coverage per employer industry on one day: [{"industry", numerator, denominator, percent}]."""
    base = _base_q(conf.get("BARGAINING_COVERAGE_BASE"))
    rows = (
        Employer.objects.within(org)
        .filter(base)
        .annotate(covered=Exists(_in_force(day).filter(employer=OuterRef("pk"))))
        .values("industry")
        .annotate(n=Count("pk"), c=Count("pk", filter=Q(covered=True)))
        .order_by("industry")
    )
    return [{"industry": r["industry"] or "未填行业", **rate(r["c"], r["n"])} for r in rows]


# Reminders ---------------------------------------------------------------------------------


def agreements_expiring(*, org: Organization, today: dt.date, months: int | None = None):
    """Agreements of the subtree ending within N months (a setting) and not yet renewed."""
    months = conf.get("BARGAINING_EXPIRY_WARNING_MONTHS") if months is None else months
    return (
        Agreement.objects.within(org)
        .filter(ends__gte=today, ends__lte=add_months(today, months), renewed_by__isnull=True)
        .exclude(filing__outcome=Filing.Outcome.OBJECTION)
        .select_related("union", "employer")
        .annotate(n_employers=Count("coverages"))
        .order_by("ends", "pk")
    )


def filings_overdue(*, org: Organization, today: dt.date):
    """Running agreements not filed by their due day (10 days; wage agreements 7).

    An agreement that has already ended is no longer worth filing and is left out."""
    wage_by = today - dt.timedelta(days=rules.FILING_DAYS_WAGE)
    other_by = today - dt.timedelta(days=rules.FILING_DAYS)
    return (
        Agreement.objects.within(org)
        .filter(filing__isnull=True, ends__gte=today)
        .filter(
            Q(topic=Agreement.Topic.WAGE, signed__lt=wage_by)
            | (~Q(topic=Agreement.Topic.WAGE) & Q(signed__lt=other_by))
        )
        .select_related("union", "employer")
        .order_by("signed", "pk")
    )


def employers_lapsed(*, org: Organization, today: dt.date):
    """Employers once bound by an agreement that has ended, and bound by none running today."""
    ended = Coverage.objects.filter(employer=OuterRef("pk"), agreement__ends__lt=today)
    running = _in_force(today).filter(employer=OuterRef("pk"))
    return (
        Employer.objects.within(org)
        .filter(Exists(ended))
        .exclude(Exists(running))
        .select_related("union")
        .order_by("name", "pk")
    )


def employers_without_wage_negotiation(*, org: Organization, year: int):
    """Employers bound by no wage agreement signed in the year (工资集体协商一般每年进行一次)."""
    period = Period.year(year)
    wage = Coverage.objects.filter(
        employer=OuterRef("pk"),
        agreement__topic=Agreement.Topic.WAGE,
        agreement__signed__gte=period.start,
        agreement__signed__lt=period.end,
    )
    return (
        Employer.objects.within(org).exclude(Exists(wage)).select_related("union").order_by("name")
    )


def reminder_counts(*, org: Organization, today: dt.date) -> dict:
    return {
        "expiring": agreements_expiring(org=org, today=today).count(),
        "filings_overdue": filings_overdue(org=org, today=today).count(),
        "employers_lapsed": employers_lapsed(org=org, today=today).count(),
        "employers_without_wage_negotiation": employers_without_wage_negotiation(
            org=org, year=today.year
        ).count(),
    }


# Union building (建会入会, RULES.md §6) -----------------------------------------------------


def employers_to_unionise(*, org: Organization):
    """Employers of the subtree with 25 or more staff (a setting) and no union."""
    return (
        Employer.objects.within(org)
        .should_unionise(conf.get("UNIONISE_THRESHOLD"))
        .order_by("-employees", "name")
    )


def unions_term_due(*, org: Organization, today: dt.date, months: int | None = None):
    """Grassroots unions whose term has ended (overdue) or ends within N months (换届)."""
    months = conf.get("BARGAINING_TERM_WARNING_MONTHS") if months is None else months
    return (
        Organization.objects.within(org)
        .unions()
        .filter(term_end__isnull=False, term_end__lte=add_months(today, months))
        .order_by("term_end", "path")
    )


def membership_by_union(*, org: Organization):
    """入会率 per grassroots union: active members ÷ the union's employees."""
    rows = (
        Organization.objects.within(org)
        .unions()
        .annotate(
            members=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
        )
        .order_by("path")
    )
    return [{"union": u, **rate(u.members, u.employees)} for u in rows]


def union_building_figures(
    *, org: Organization, period: Period, today: dt.date | None = None
) -> dict:
    """建会率, 入会率 (subtree), new members in the period, 换届 and unionise counts."""
    today = today or timezone.localdate()
    threshold = conf.get("UNIONISE_THRESHOLD")
    months = conf.get("BARGAINING_TERM_WARNING_MONTHS")
    employers = Employer.objects.within(org).aggregate(
        required=Count("pk", filter=Q(employees__gte=threshold)),
        unionised_required=Count("pk", filter=Q(employees__gte=threshold, union__isnull=False)),
        unionised=Count("pk", filter=Q(union__isnull=False)),
        total=Count("pk"),
    )
    unions = (
        Organization.objects.within(org)
        .unions()
        .aggregate(
            n=Count("pk"),
            employees=Sum("employees"),
            overdue=Count("pk", filter=Q(term_end__lt=today)),
            due=Count("pk", filter=Q(term_end__gte=today, term_end__lte=add_months(today, months))),
        )
    )
    members = Membership.objects.within(org).aggregate(
        active=Count("pk", filter=Q(status=Membership.Status.ACTIVE)),
        joined=Count("pk", filter=Q(joined__gte=period.start, joined__lt=period.end)),
    )
    return {
        "unions": unions["n"],
        "employers": employers["total"],
        "employers_unionised": employers["unionised"],
        "employers_to_unionise": employers["required"] - employers["unionised_required"],
        "unionisation_rate": rate(employers["unionised_required"], employers["required"]),
        "membership_rate": rate(members["active"], unions["employees"] or 0),
        "new_members": members["joined"],
        "terms_overdue": unions["overdue"],
        "terms_due": unions["due"],
    }


def new_members(*, org: Organization, period: Period) -> int:
    """Members who joined in the period (union_building_figures' "new_members" alone)."""
    return (
        Membership.objects.within(org)
        .filter(joined__gte=period.start, joined__lt=period.end)
        .count()
    )


def figures(*, org: Organization, period: Period, industry=None, topic=None, today=None) -> dict:
    """Everything `gonghui figures bargaining` prints: agreements, sentence, reminders, building."""
    today = today or timezone.localdate()
    agreements = agreement_figures(
        org=org, period=period, industry=industry, topic=topic, today=today
    )
    return {
        **agreements,
        "sentence": agreement_sentence(agreements),
        "coverage_by_industry": coverage_by_industry(org=org, day=agreements["period"]["as_of"]),
        "reminders": reminder_counts(org=org, today=today),
        "union_building": union_building_figures(org=org, period=period, today=today),
    }
