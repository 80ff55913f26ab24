"""劳模 figures for pages, reports and the API. All counts are SQL aggregates."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from gonghui.core.dates import Period, add_months

from .models import (
    LEVEL_ORDER,
    CareRecord,
    Honour,
    HonourCheck,
    Level,
    ModelWorker,
    RetirementFiling,
    allowance_for,
    reminder_months,
)


def _held(level: str):
    return Exists(
        Honour.objects.filter(worker=OuterRef("pk"), level=level, status=Honour.Status.HELD)
    )


def top_level_filters() -> dict[str, Q]:
    """For each level, the workers whose highest honour still held is that level."""
    national, provincial, city = (_held(level) for level in LEVEL_ORDER)
    return {
        Level.NATIONAL: Q(national),
        Level.PROVINCIAL: Q(provincial) & ~Q(national),
        Level.CITY: Q(city) & ~Q(provincial) & ~Q(national),
    }


def modelworker_list(*, org, level: str = "", due_only: bool = False, today=None):
    """The ledger's rows for one subtree, with what each row shows (no N+1)."""
    today = today or dt.date.today()
    qs = (
        ModelWorker.objects.within(org)
        .select_related("person", "org", "employer", "filing")
        .prefetch_related("honours")
    )
    if level:
        qs = qs.filter(top_level_filters()[level])
    if due_only:
        qs = qs.reminder_due(today)
    return qs


def retirement_reminders(*, org, today: dt.date | None = None):
    """Workers in the reminder window or past their retirement month, not yet filed (approved)."""
    today = today or dt.date.today()
    return (
        ModelWorker.objects.within(org)
        .reminder_due(today)
        .select_related("person", "org", "filing")
        .order_by("statutory_retirement", "id")
    )


def honours_figures(*, org, period: Period | None = None, today: dt.date | None = None) -> dict:
    """Model workers of one subtree.

    Returns {"workers", "by_level": {level: workers whose highest held honour is that level},
    "reminders" (due now), "reaching_retirement" (statutory month inside the period),
    "filings_submitted", "filings_approved" (in the period), "allowance": {"recipients",
    "monthly_total" (Decimal yuan, highest tier only), "by_level"}, "unchecked_this_year",
    "care": {kind: count in the period}}.
    """
    today = today or dt.date.today()
    workers = ModelWorker.objects.within(org)
    levels = top_level_filters()
    counts = workers.aggregate(
        workers=Count("pk"),
        **{f"top_{level}": Count("pk", filter=q) for level, q in levels.items()},
        reminders=Count(
            "pk",
            filter=Q(statutory_retirement__lte=add_months(today, reminder_months()))
            & Q(retired_on__isnull=True)
            & ~Q(filing__state=RetirementFiling.State.APPROVED),
        ),
        **{
            f"paid_{level}": Count(
                "pk", filter=q & Q(filing__state=RetirementFiling.State.APPROVED)
            )
            for level, q in levels.items()
        },
        unchecked=Count(
            "pk",
            filter=~Q(Exists(HonourCheck.objects.filter(worker=OuterRef("pk"), year=today.year))),
        ),
    )
    by_level = {level.value: counts[f"top_{level}"] for level in LEVEL_ORDER}
    paid = {level.value: counts[f"paid_{level}"] for level in LEVEL_ORDER}
    monthly_total = sum((allowance_for(level) * n for level, n in paid.items()), start=Decimal("0"))
    result = {
        "workers": counts["workers"],
        "by_level": by_level,
        "reminders": counts["reminders"],
        "unchecked_this_year": counts["unchecked"],
        "allowance": {
            "recipients": sum(paid.values()),
            "by_level": paid,
            "monthly_total": monthly_total,
        },
    }
    if period is not None:
        filings = RetirementFiling.objects.filter(worker__org__path__startswith=org.path)
        result["reaching_retirement"] = workers.filter(
            statutory_retirement__gte=period.start, statutory_retirement__lt=period.end
        ).count()
        result.update(
            filings.aggregate(
                filings_submitted=Count(
                    "pk", filter=Q(submitted_on__gte=period.start, submitted_on__lt=period.end)
                ),
                filings_approved=Count(
                    "pk", filter=Q(approved_on__gte=period.start, approved_on__lt=period.end)
                ),
            )
        )
        care = (
            CareRecord.objects.within(org)
            .filter(date__gte=period.start, date__lt=period.end)
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by("kind")
        )
        result["care"] = {row["kind"]: row["n"] for row in care}
    return result
