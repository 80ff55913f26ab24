"""Aid figures for a subtree, a campaign and/or a period; every number is an SQL aggregate.

The pages, the API, `gonghui figures aid` and the work-summary reports all call `aid_figures`.
"""

from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import (
    Application,
    Disbursement,
    GoodsLine,
    HardshipFile,
    Objection,
    SupportSchedule,
    Visit,
)
from .rules import AIDED_STATES, CATEGORY_GROUPS, Category, State, Tier

ZERO = Decimal("0")


def _money(field):
    return Coalesce(Sum(field), ZERO)


def aid_figures(*, org, period=None, campaign=None) -> dict:
    """Households and persons by category, cash and goods value, units visited, applications by
    state and objections, for `org`'s subtree.

    - `campaign` limits everything to one campaign (visits linked to it).
    - `period` (core.dates.Period, half-open) counts the aid given in it: households with a
      disbursement dated in the period, disbursements and visits dated in it, applications and
      objections of campaigns that overlap it.
    - Households are applications in 已发放/已办结; persons are their household sizes.
      `people_reached` adds the people reached by visits (养老院, 部队 …), as 篇3 counts them.
    Returns plain ints and Decimals.
    """
    apps = Application.objects.within(org)
    disbursements = Disbursement.objects.within(org)
    visits = Visit.objects.within(org)
    objections = Objection.objects.filter(application__org__path__startswith=org.path) | (
        Objection.objects.filter(application__isnull=True, notice__org__path__startswith=org.path)
    )
    if campaign is not None:
        apps = apps.filter(campaign=campaign)
        disbursements = disbursements.filter(application__campaign=campaign)
        visits = visits.filter(campaign=campaign)
        objections = objections.filter(notice__campaign=campaign)
    all_apps = apps
    if period is not None:
        overlap = Q(campaign__start__lt=period.end, campaign__end__gte=period.start)
        all_apps = apps.filter(overlap)
        objections = objections.filter(
            notice__campaign__start__lt=period.end, notice__campaign__end__gte=period.start
        )
        disbursements = disbursements.filter(date__gte=period.start, date__lt=period.end)
        visits = visits.filter(date__gte=period.start, date__lt=period.end)
        apps = apps.filter(
            pk__in=disbursements.values("application_id"),
        )
    aided = apps.filter(status__in=AIDED_STATES)

    by_category = {
        row["category"]: {"households": row["households"], "persons": row["persons"] or 0}
        for row in aided.values("category").annotate(
            households=Count("id"), persons=Sum("household_size")
        )
    }
    categories = [
        {
            "category": value,
            "label": label,
            "households": by_category.get(value, {}).get("households", 0),
            "persons": by_category.get(value, {}).get("persons", 0),
        }
        for value, label in Category.choices
    ]
    groups = [
        {
            "label": label,
            "households": sum(by_category.get(c, {}).get("households", 0) for c in members),
            "persons": sum(by_category.get(c, {}).get("persons", 0) for c in members),
        }
        for label, members in CATEGORY_GROUPS
    ]
    money = disbursements.aggregate(cash=_money("cash"))
    goods = GoodsLine.objects.filter(disbursement__in=disbursements).aggregate(
        value=_money("value")
    )
    visit_rows = {
        row["kind"]: row
        for row in visits.values("kind").annotate(
            units=Count("id"),
            people=Coalesce(Sum("people_reached"), 0),
            cash=_money("cash"),
            goods=_money("goods_value"),
        )
    }
    visits_by_kind = [
        {
            "kind": value,
            "label": label,
            "units": visit_rows.get(value, {}).get("units", 0),
            "people": visit_rows.get(value, {}).get("people", 0),
        }
        for value, label in Visit.Kind.choices
    ]
    visit_cash = sum((r["cash"] for r in visit_rows.values()), ZERO)
    visit_goods = sum((r["goods"] for r in visit_rows.values()), ZERO)
    states = dict(all_apps.values_list("status").annotate(n=Count("id")))
    objection_states = dict(objections.values_list("status").annotate(n=Count("id")))
    households = sum(c["households"] for c in categories)
    persons = sum(c["persons"] for c in categories)
    visit_people = sum(v["people"] for v in visits_by_kind)
    cash = money["cash"] + visit_cash
    goods_value = goods["value"] + visit_goods
    return {
        "households": households,
        "persons": persons,
        "people_reached": persons + visit_people,
        "by_category": categories,
        "by_group": groups,
        "cash": cash,
        "goods_value": goods_value,
        "total_value": cash + goods_value,
        "disbursed_cash": money["cash"],
        "disbursed_goods_value": goods["value"],
        "visits": visits_by_kind,
        "units_visited": sum(
            v["units"] for v in visits_by_kind if v["kind"] != Visit.Kind.HOUSEHOLD
        ),
        "households_visited": next(
            v["units"] for v in visits_by_kind if v["kind"] == Visit.Kind.HOUSEHOLD
        ),
        "visit_cash": visit_cash,
        "visit_goods_value": visit_goods,
        "applications": {value: states.get(value, 0) for value in State.values},
        "applications_total": sum(states.values()),
        "objections": {value: objection_states.get(value, 0) for value in Objection.Status.values},
    }


def campaign_figures(*, org, campaigns) -> dict[int, dict]:
    """The figures of several campaigns at once, for `org`'s subtree: {campaign id: {"households",
    "persons", "people_reached", "by_group", "cash", "goods_value", "goods"}}, each the same as
    `aid_figures(org=org, campaign=c)` (and `goods_items(org=org, campaign=c)` for "goods") would
    give, in four grouped queries whatever the number of campaigns (the annual report's 送温暖)."""
    ids = [c.pk for c in campaigns]
    aided = Application.objects.within(org).filter(campaign_id__in=ids, status__in=AIDED_STATES)
    categories: dict[int, dict] = {}
    for row in aided.values("campaign_id", "category").annotate(
        households=Count("id"), persons=Sum("household_size")
    ):
        categories.setdefault(row["campaign_id"], {})[row["category"]] = row
    disbursements = Disbursement.objects.within(org).filter(application__campaign_id__in=ids)
    cash = dict(
        disbursements.values_list("application__campaign_id")
        .annotate(cash=_money("cash"))
        .order_by()
    )
    visits: dict[int, dict] = {}
    for row in (
        Visit.objects.within(org)
        .filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(
            people=Coalesce(Sum("people_reached"), 0),
            cash=_money("cash"),
            goods=_money("goods_value"),
        )
        .order_by()
    ):
        visits[row["campaign_id"]] = row
    # Goods by item and unit; their values add up to the campaign's goods value.
    items: dict[int, list[dict]] = {}
    goods: dict[int, Decimal] = {}
    for r in (
        GoodsLine.objects.filter(disbursement__in=disbursements)
        .values("disbursement__application__campaign_id", "item", "unit")
        .annotate(quantity=Sum("quantity"), total=_money("value"))
        .order_by("disbursement__application__campaign_id", "-total", "item")
    ):
        pk = r["disbursement__application__campaign_id"]
        items.setdefault(pk, []).append(
            {"item": r["item"], "unit": r["unit"], "quantity": r["quantity"], "value": r["total"]}
        )
        goods[pk] = goods.get(pk, ZERO) + r["total"]
    found = {}
    for pk in ids:
        by_category = categories.get(pk, {})
        households = sum(r["households"] for r in by_category.values())
        persons = sum(r["persons"] or 0 for r in by_category.values())
        visit = visits.get(pk, {"people": 0, "cash": ZERO, "goods": ZERO})
        groups = [
            {
                "label": label,
                "households": sum(
                    by_category[c]["households"] for c in members if c in by_category
                ),
                "persons": sum(by_category[c]["persons"] or 0 for c in members if c in by_category),
            }
            for label, members in CATEGORY_GROUPS
        ]
        found[pk] = {
            "households": households,
            "persons": persons,
            "people_reached": persons + visit["people"],
            "by_group": groups,
            "cash": cash.get(pk, ZERO) + visit["cash"],
            "goods_value": goods.get(pk, ZERO) + visit["goods"],
            "goods": items.get(pk, []),
        }
    return found


def hardship_figures(*, org, day) -> dict:
    """Open files by tier, reviews due by `day`, and files closed, for the subtree."""
    files = HardshipFile.objects.within(org)
    tiers = dict(files.open().values_list("tier").annotate(n=Count("id")))
    return {
        "open": sum(tiers.values()),
        "by_tier": {value: tiers.get(value, 0) for value in Tier.values},
        "review_due": files.review_due(day).count(),
        "closed": files.filter(status=HardshipFile.Status.CLOSED).count(),
    }


def to_json(value):
    """Decimals as strings with two places, recursively, for JSON output."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def goods_items(*, org, campaign=None, period=None) -> list[dict]:
    """Goods given, by item and unit: [{"item", "unit", "quantity", "value"}] (毛毯 30 床 …)."""
    lines = GoodsLine.objects.filter(disbursement__org__path__startswith=org.path)
    if campaign is not None:
        lines = lines.filter(disbursement__application__campaign=campaign)
    if period is not None:
        lines = lines.filter(
            disbursement__date__gte=period.start, disbursement__date__lt=period.end
        )
    rows = (
        lines.values("item", "unit")
        .annotate(quantity=Sum("quantity"), total=_money("value"))
        .order_by("-total", "item")
    )
    return [
        {"item": r["item"], "unit": r["unit"], "quantity": r["quantity"], "value": r["total"]}
        for r in rows
    ]


def schedules_of(application):
    """The application's 常年帮扶计划 with what each has produced so far (SQL sums, no loops):
    `produced` (disbursements), `produced_cash`, `produced_goods_value`; each schedule's
    disbursements prefetched with their goods lines, by period."""
    mine = Disbursement.objects.filter(schedule=OuterRef("pk")).order_by().values("schedule")
    goods = GoodsLine.objects.filter(disbursement__schedule=OuterRef("pk")).order_by()
    return (
        SupportSchedule.objects.filter(application=application)
        .annotate(
            produced=Coalesce(Subquery(mine.annotate(n=Count("pk")).values("n")), 0),
            produced_cash=Coalesce(Subquery(mine.annotate(s=Sum("cash")).values("s")), ZERO),
            produced_goods_value=Coalesce(
                Subquery(
                    goods.values("disbursement__schedule").annotate(s=Sum("value")).values("s")
                ),
                ZERO,
            ),
        )
        .prefetch_related(
            Prefetch(
                "disbursements",
                queryset=Disbursement.objects.order_by("schedule_index").prefetch_related(
                    "goods_lines"
                ),
            )
        )
        .order_by("id")
    )
