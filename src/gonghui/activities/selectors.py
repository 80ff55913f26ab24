"""Figures of events, trainings, publicity and practice returns, for pages, reports and the API.

Every function takes (*, org, period) and counts rows of org's subtree whose date falls in the
half-open period; all numbers are SQL aggregates.
"""

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import Coalesce, Substr

from gonghui.core.dates import Period
from gonghui.orgs.models import Organization

from .models import Article, Event, EventEntry, Outlet, PracticeReturn, Trainee, Training


def _in(period: Period | None, field: str) -> Q:
    if period is None:
        return Q()
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def events_in(*, org, period: Period | None = None, kind: str = ""):
    qs = Event.objects.within(org).filter(_in(period, "start_date"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def event_results(*, event) -> list[dict]:
    """The ranked entries of one event, best first (ties share a rank): [{"name", "rank",
    "award", "org"}]; entries without a result are left out."""
    rows = (
        EventEntry.objects.filter(event=event)
        .filter(Q(rank__isnull=False) | ~Q(award=""))
        .order_by("rank", "id")
        .values("name", "rank", "award", "org__name")
    )
    return [
        {"name": r["name"], "rank": r["rank"], "award": r["award"], "org": r["org__name"]}
        for r in rows
    ]


def event_summaries(*, org, period: Period | None = None, kind: str = "") -> list[dict]:
    """One line per event: name, kind, dates, place, theme, entries, contestants, audience."""
    qs = (
        events_in(org=org, period=period, kind=kind)
        .annotate(teams=Count("entries"))
        .order_by("start_date", "id")
        .values(
            "id",
            "name",
            "kind",
            "theme",
            "place",
            "start_date",
            "end_date",
            "contestants",
            "audience",
            "audience_approximate",
            "teams",
            "org__name",
        )
    )
    return [{**row, "organiser": row.pop("org__name")} for row in qs]


def events_figures(*, org, period: Period | None = None) -> dict:
    """{"events": n, "by_kind": {kind: {"events", "contestants", "audience", "teams"}}}."""
    rows = (
        events_in(org=org, period=period)
        .values("kind")
        .annotate(
            events=Count("pk", distinct=True),
            contestants=Coalesce(Sum("contestants"), 0),
            audience=Coalesce(Sum("audience"), 0),
        )
        .order_by("kind")
    )
    teams = dict(
        EventEntry.objects.within(org)
        .filter(_in(period, "event__start_date"))
        .values_list("event__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_kind = {
        r["kind"]: {
            "events": r["events"],
            "contestants": r["contestants"],
            "audience": r["audience"],
            "teams": teams.get(r["kind"], 0),
        }
        for r in rows
    }
    return {"events": sum(v["events"] for v in by_kind.values()), "by_kind": by_kind}


def events_by_branch(*, org, period: Period | None = None, kinds=None, exclude=()) -> list[dict]:
    """Events of org's subtree counted per branch (each child of org, and org itself), for
    reports above town level that cannot list every event: [{"org", "events", "by_kind":
    {kind: n}, "teams", "contestants", "audience", "audience_approximate"}] in tree order.
    `kinds` keeps only those kinds, `exclude` leaves some out. Two grouped queries and the
    names, whatever the number of events."""
    width = len(org.path) + Organization.steplen
    events = events_in(org=org, period=period).exclude(kind__in=exclude)
    if kinds:
        events = events.filter(kind__in=kinds)
    rows = (
        events.annotate(branch=Substr("org__path", 1, width))
        .values("branch", "kind")
        .annotate(
            n=Count("pk"),
            contestants=Coalesce(Sum("contestants"), 0),
            audience=Coalesce(Sum("audience"), 0),
            approximate=Count("pk", filter=Q(audience_approximate=True)),
        )
        .order_by("branch", "kind")
    )
    teams = dict(
        EventEntry.objects.filter(event__in=events.values("pk"))
        .annotate(branch=Substr("event__org__path", 1, width))
        .values_list("branch")
        .annotate(n=Count("pk"))
        .order_by()
    )
    branches: dict[str, dict] = {}
    for r in rows:
        b = branches.setdefault(
            r["branch"],
            {"events": 0, "by_kind": {}, "contestants": 0, "audience": 0, "approximate": 0},
        )
        b["events"] += r["n"]
        b["by_kind"][r["kind"]] = r["n"]
        b["contestants"] += r["contestants"]
        b["audience"] += r["audience"]
        b["approximate"] += r["approximate"]
    orgs = {
        o.path: o
        for o in Organization.objects.filter(path__in=branches).only("name", "short_name", "path")
    }
    order = [k for k, _ in Event.Kind.choices]
    return [
        {
            "org": orgs[path],
            "events": b["events"],
            "by_kind": {k: b["by_kind"][k] for k in order if k in b["by_kind"]},
            "teams": teams.get(path, 0),
            "contestants": b["contestants"],
            "audience": b["audience"],
            "audience_approximate": b["approximate"] > 0,
        }
        for path, b in sorted(branches.items())
    ]


def publicity_figures(*, org, period: Period | None = None) -> dict:
    """{"submitted", "used", "by_outlet": [{"outlet", "medium", "level", "used"}]} — every
    configured outlet is listed (0 when it used nothing), in the configured order."""
    articles = Article.objects.within(org).filter(_in(period, "date"))
    totals = articles.aggregate(submitted=Count("pk"), used=Count("pk", filter=Q(used=True)))
    used_here = Q(articles__used=True) & Q(articles__org__path__startswith=org.path)
    if period is not None:
        used_here &= Q(articles__date__gte=period.start, articles__date__lt=period.end)
    outlets = (
        Outlet.objects.annotate(n=Count("articles", filter=used_here))
        .filter(Q(active=True) | Q(n__gt=0))
        .order_by("position", "id")
        .values("name", "medium", "level", "n")
    )
    return {
        "submitted": totals["submitted"],
        "used": totals["used"],
        "by_outlet": [
            {"outlet": o["name"], "medium": o["medium"], "level": o["level"], "used": o["n"]}
            for o in outlets
        ],
    }


def training_figures(*, org, period: Period | None = None) -> dict:
    """{"trainings", "trainees", "certified", "courses": [{"course", "organiser", "start_date",
    "trainees", "certified"}]}."""
    trainings = (
        Training.objects.within(org)
        .filter(_in(period, "start_date"))
        .annotate(
            n=Count("trainees"),
            certified_n=Count("trainees", filter=Q(trainees__certified=True)),
        )
        .order_by("start_date", "id")
        .values("course", "organiser", "start_date", "n", "certified_n")
    )
    courses = [
        {
            "course": t["course"],
            "organiser": t["organiser"],
            "start_date": t["start_date"],
            "trainees": t["n"],
            "certified": t["certified_n"],
        }
        for t in trainings
    ]
    totals = (
        Trainee.objects.within(org)
        .filter(_in(period, "training__start_date"))
        .aggregate(
            trainees=Count("person", distinct=True), certified=Count("pk", filter=Q(certified=True))
        )
    )
    return {"trainings": len(courses), **totals, "courses": courses}


def training_by_course(*, org, period: Period | None = None) -> list[dict]:
    """Trainings of the subtree counted per course, for reports above town level: [{"course",
    "sessions", "trainees", "certified"}], in the order the courses first ran (one query)."""
    rows = (
        Training.objects.within(org)
        .filter(_in(period, "start_date"))
        .values("course")
        .annotate(
            sessions=Count("pk", distinct=True),
            n=Count("trainees"),
            certified_n=Count("trainees", filter=Q(trainees__certified=True)),
            first=Min("start_date"),
        )
        .order_by("first", "course")
    )
    return [
        {
            "course": r["course"],
            "sessions": r["sessions"],
            "trainees": r["n"],
            "certified": r["certified_n"],
        }
        for r in rows
    ]


def practice_figures(*, org, period: Period | None = None, event=None) -> dict:
    """Returns collected in practice activities (or in one of them): {kind: copies}, and
    "reports" = every kind other than the record cards (总结, 调查报告, 心得体会 together, as 篇7
    counts them)."""
    returns = PracticeReturn.objects.within(org).filter(_in(period, "event__start_date"))
    if event is not None:
        returns = returns.filter(event=event)
    rows = returns.values("kind").annotate(n=Sum("quantity")).order_by("kind")
    by_kind = {kind.value: 0 for kind in PracticeReturn.Kind}
    by_kind.update({r["kind"]: r["n"] for r in rows})
    reports = sum(n for kind, n in by_kind.items() if kind != PracticeReturn.Kind.RECORD_CARD)
    return {"by_kind": by_kind, "record_cards": by_kind["record_card"], "reports": reports}


def results_by_event(*, org, period: Period | None = None) -> dict[int, list[dict]]:
    """event_results for every event of the subtree and period, in one query."""
    rows = (
        EventEntry.objects.within(org)
        .filter(_in(period, "event__start_date"))
        .filter(Q(rank__isnull=False) | ~Q(award=""))
        .order_by("event_id", "rank", "id")
        .values("event_id", "name", "rank", "award", "org__name")
    )
    results: dict[int, list[dict]] = {}
    for r in rows:
        results.setdefault(r["event_id"], []).append(
            {"name": r["name"], "rank": r["rank"], "award": r["award"], "org": r["org__name"]}
        )
    return results


def activities_figures(*, org, period: Period | None = None) -> dict:
    """Everything `gonghui figures activities` prints, JSON-ready apart from dates."""
    results = results_by_event(org=org, period=period)
    return {
        "org": org.name,
        "period": None if period is None else [period.start, period.last_day],
        **events_figures(org=org, period=period),
        "event_list": [
            {**e, "results": results.get(e["id"], [])}
            for e in event_summaries(org=org, period=period)
        ],
        "trainings": training_figures(org=org, period=period),
        "publicity": publicity_figures(org=org, period=period),
        "practice": practice_figures(org=org, period=period),
    }
