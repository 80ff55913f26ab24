"""Rankings from inspections and contest rounds, computed in SQL (window functions)."""

from django.db.models import Avg, Count, F, Max, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import Rank

from ..models import Competition, Contestant, Inspection, ItemScore, RoundScore
from .handins import participants_of


def _total(kind: str):
    return Subquery(
        Inspection.objects.filter(participant=OuterRef("pk"), kind=kind).values("total")[:1]
    )


def ranking(*, competition: Competition):
    """Participants with self and spot totals, ranked by the organiser's spot check.

    Units not yet spot-checked come last (rank is meaningful only where spot_total is set).
    """
    return (
        participants_of(competition)
        .annotate(self_total=_total("self"), spot_total=_total("spot"))
        .annotate(
            rank=Window(Rank(), order_by=F("spot_total").desc(nulls_last=True)),
        )
        .order_by(F("spot_total").desc(nulls_last=True), "unit_name")
    )


def score_figures(*, competition: Competition) -> dict:
    agg = Inspection.objects.filter(participant__competition=competition).aggregate(
        self_count=Count("id", filter=Q(kind="self")),
        spot_count=Count("id", filter=Q(kind="spot")),
        self_avg=Avg("total", filter=Q(kind="self")),
        spot_avg=Avg("total", filter=Q(kind="spot")),
        eligible=Count("id", filter=Q(kind="spot", total__gte=competition.award_threshold)),
    )
    items = (
        ItemScore.objects.filter(
            inspection__participant__competition=competition, inspection__kind="spot"
        )
        .values("item__group", "item__name", "item__max_points", "item__order")
        .annotate(avg=Avg("points"))
        .order_by("item__order")
    )
    max_total = competition.rubric.aggregate(s=Sum("max_points"))["s"]

    def r(x):
        return None if x is None else round(float(x), 2)

    return {
        "rubric_max": r(max_total),
        "self_assessed": agg["self_count"],
        "spot_checked": agg["spot_count"],
        "self_average": r(agg["self_avg"]),
        "spot_average": r(agg["spot_avg"]),
        "threshold": r(competition.award_threshold),
        "eligible": agg["eligible"],
        "items": [
            {
                "group": i["item__group"],
                "name": i["item__name"],
                "max": r(i["item__max_points"]),
                "average": r(i["avg"]),
            }
            for i in items
        ],
    }


def contest_ranking(*, trade):
    """Contestants of one trade ranked by their score in the last round held."""
    last = trade.rounds.order_by("-order").first()
    final = Subquery(
        RoundScore.objects.filter(contestant=OuterRef("pk"), round=last).values("score")[:1]
    )
    return (
        Contestant.objects.filter(trade=trade)
        .select_related("person", "participant__org", "participant__employer")
        .annotate(final_score=final, best=Max("scores__score"))
        .annotate(rank=Window(Rank(), order_by=F("final_score").desc(nulls_last=True)))
        .order_by(F("final_score").desc(nulls_last=True), "person__name")
    )
