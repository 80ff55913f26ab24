"""Figures for reports, the dashboard, the API and `gonghui figures`: SQL aggregates only."""

import datetime as dt

from django.db.models import Count, Q, Sum

from gonghui.core.dates import Period

from .. import rules
from ..models import Award, Competition, Contestant, Grade, GradeRise, Participant, Proposal
from .handins import handin_counts
from .scores import score_figures


def contest_figures(*, competition: Competition) -> dict:
    """Trades, contestants (people, enterprises), the qualifications reached and grade rises."""
    contestants = Contestant.objects.filter(trade__competition=competition)
    agg = contestants.aggregate(
        contestants=Count("id"),
        people=Count("person", distinct=True),
        units=Count("participant", distinct=True),
        enterprises=Count(
            "participant", distinct=True, filter=Q(participant__employer__isnull=False)
        ),
        senior_or_above=Count("id", filter=Q(grade_reached__gte=Grade.SENIOR)),
    )
    by_grade = dict(
        contestants.filter(grade_reached__isnull=False)
        .values_list("grade_reached")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_trade = list(
        competition.trades.annotate(n=Count("contestants")).values("name", "n").order_by("id")
    )
    rises = GradeRise.objects.filter(competition=competition)
    return {
        "trades": [t["name"] for t in by_trade],
        "trade_count": len(by_trade),
        "contestants_by_trade": {t["name"]: t["n"] for t in by_trade},
        "contestants": agg["contestants"],
        "people": agg["people"],
        "units": agg["units"],
        "enterprises": agg["enterprises"],
        "reached": {Grade(g).label: by_grade[g] for g in sorted(by_grade)},
        "reached_senior_or_above": agg["senior_or_above"],
        "grade_rose": rises.aggregate(n=Count("person", distinct=True))["n"],
    }


def grade_rises_visible(user, *, org, competition=None, period=None):
    """The user's GradeRise rows within org, optionally of one competition and period."""
    qs = GradeRise.objects.visible_to(user).within(org)
    if competition is not None:
        qs = qs.filter(competition=competition)
    if period is not None:
        qs = qs.filter(certified_on__gte=period.start, certified_on__lt=period.end)
    return qs


def grade_rise_figures(rises) -> dict:
    """职工技能等级提升 over already-scoped GradeRise rows: rows, workers, by new grade and route.

    篇2 counts workers ("123名职工的技能等级得到提升"), so `people` counts each person once."""
    agg = rises.aggregate(rows=Count("id"), people=Count("person", distinct=True))
    by_grade = dict(rises.values_list("grade_to").annotate(n=Count("id")).order_by())
    by_via = dict(rises.values_list("via").annotate(n=Count("id")).order_by())
    return {
        "rows": agg["rows"],
        "people": agg["people"],
        "by_grade": {Grade(g).label: by_grade[g] for g in sorted(by_grade)},
        "by_via": {GradeRise.Via(v).label: n for v, n in sorted(by_via.items())},
    }


def competition_figures(*, competition: Competition, today: dt.date) -> dict:
    """Everything a report says of one competition, as of `today`."""
    joined = dict(competition.participants.values_list("joined").annotate(n=Count("id")).order_by())
    awards = dict(
        Award.objects.filter(competition=competition, status=Award.Status.AWARDED)
        .values_list("title")
        .annotate(n=Count("id"))
        .order_by()
    )
    proposals = Proposal.objects.filter(competition=competition).aggregate(
        submitted=Count("id"), adopted=Count("id", filter=Q(status__in=Proposal.ADOPTED))
    )
    return {
        "competition": competition.name,
        "kind": competition.get_kind_display(),
        "organiser": competition.organiser.name,
        "cycle": competition.cycle_label,
        "start_date": competition.start_date.isoformat(),
        "end_date": competition.end_date.isoformat(),
        "double_link": competition.double_link,
        "leading_group": [
            {"name": m.name, "role": m.get_role_display(), "position": m.position}
            for m in competition.leading_group.all()
        ],
        "units": sum(joined.values()),
        "units_assigned": joined.get(Participant.Joined.ASSIGNED, 0),
        "units_registered": joined.get(Participant.Joined.REGISTERED, 0),
        "handins": handin_counts(competition=competition, today=today),
        "scores": score_figures(competition=competition),
        "awards": {Award.Title(t).label: n for t, n in sorted(awards.items())},
        "awards_total": sum(awards.values()),
        "contest": contest_figures(competition=competition),
        "proposals": {
            **proposals,
            "adoption_rate": rules.adoption_rate(proposals["adopted"], proposals["submitted"]),
        },
    }


def proposal_figures(*, org, period: Period | None = None, by_unit: bool = True) -> dict:
    """合理化建议 in org's subtree submitted in period: submitted, adopted, rate, by unit.

    by_unit=False leaves out the per-unit rows (a county has thousands) when only totals are
    wanted (work summaries, the dashboard)."""
    qs = Proposal.objects.within(org)
    if period is not None:
        qs = qs.filter(submitted_on__gte=period.start, submitted_on__lt=period.end)
    adopted = Q(status__in=Proposal.ADOPTED)
    agg = qs.aggregate(
        submitted=Count("id"),
        adopted=Count("id", filter=adopted),
        rejected=Count("id", filter=Q(status=Proposal.Status.REJECTED)),
        implemented=Count("id", filter=Q(status=Proposal.Status.IMPLEMENTED)),
        pending=Count("id", filter=Q(status__in=["submitted", "evaluating"])),
        on_behalf=Count("id", filter=Q(on_behalf=True)),
        benefit=Sum("estimated_benefit"),
    )
    by_unit = (
        qs.values("org__name")
        .annotate(submitted=Count("id"), adopted=Count("id", filter=adopted))
        .order_by("-submitted", "org__name")
        if by_unit
        else []
    )
    return {
        "org": org.name,
        "period": str(period) if period else "",
        **{k: v for k, v in agg.items() if k != "benefit"},
        "adoption_rate": rules.adoption_rate(agg["adopted"], agg["submitted"]),
        "estimated_benefit": agg["benefit"],
        "by_unit": [
            {
                "unit": u["org__name"],
                "submitted": u["submitted"],
                "adopted": u["adopted"],
                "adoption_rate": rules.adoption_rate(u["adopted"], u["submitted"]),
            }
            for u in by_unit
        ],
    }


def competitions_overview(*, org, period: Period) -> dict:
    """For a work summary of org over period: competitions run, units and people, awards."""
    comps = Competition.objects.within(org).filter(
        start_date__lt=period.end, end_date__gte=period.start
    )
    by_kind = dict(comps.values_list("kind").annotate(n=Count("id")).order_by())
    participants = Participant.objects.filter(competition__in=comps)
    awards = (
        Award.objects.within(org)
        .awarded()
        .filter(decided_on__gte=period.start, decided_on__lt=period.end)
    )
    return {
        "competitions": sum(by_kind.values()),
        "by_kind": {Competition.Kind(k).label: n for k, n in by_kind.items()},
        "units": participants.values("org", "employer").distinct().count(),
        "contestants": Contestant.objects.filter(trade__competition__in=comps).count(),
        "grade_rose": GradeRise.objects.within(org)
        .filter(certified_on__gte=period.start, certified_on__lt=period.end)
        .aggregate(n=Count("person", distinct=True))["n"],
        "awards": dict(
            (Award.Title(t).label, n)
            for t, n in awards.values_list("title").annotate(n=Count("id")).order_by()
        ),
        "proposals": proposal_figures(org=org, period=period, by_unit=False),
    }
