"""What an inspection bulletin needs to say, with names (篇6), computed before the inspection."""

import datetime as dt
from collections import defaultdict

from django.db.models import F

from gonghui.core.dates import add_months
from gonghui.orgs.models import Team

from .. import rules
from ..models import Competition, Requirement, Submission, TeamActivity, TeamPlan
from .handins import participants_of

BULLETIN_KINDS = (Requirement.Kind.PLAN, Requirement.Kind.RULES, Requirement.Kind.REGISTRATION)


def _months(competition: Competition, today: dt.date) -> list[dt.date]:
    """Months of the cycle that have ended by today (plans are owed for every one of them)."""
    months = []
    month = rules.month_start(competition.start_date)
    last = min(rules.month_start(today), rules.month_start(competition.end_date))
    while month < last:
        months.append(month)
        month = add_months(month, 1)
    return months


def competition_findings(*, competition: Competition, today: dt.date) -> dict:
    """The inspection bulletin's findings as of `today`, naming units, teams and documents.

    - on_time_units: units that handed in plan / rules / registration, every one of them on time
    - missing: per document past its due date, the units that have not handed it in
    - late: units that handed a document in after its due date, with the days late
    - plan_without_rules / rules_without_plan / without_registration: among units that handed in
      any of plan, rules and registration (篇6: "有的仅制订上报了方案而没有考核细则 …")
    - published: units that had published their plan or rules on the intranet by today
    - units_without_teams: units with no team activity at all (not broken down to teams)
    - teams_without_plan: per team, the ended months without a monthly plan
    - teams_without_ticket_analysis: per team, the ended months without a work-ticket analysis
    - after_the_fact: activity records entered more than late_record_days after the activity
    """
    participants = list(participants_of(competition))
    names = {p.id: p.unit_name for p in participants}
    requirements = list(competition.requirements.all())
    subs = list(
        Submission.objects.filter(requirement__competition=competition).values(
            "participant_id",
            "requirement_id",
            "submitted_on",
            "published_on",
            kind=F("requirement__kind"),
            due=F("requirement__due_date"),
        )
    )
    handed: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    handed_pairs = set()
    for s in subs:
        handed[s["participant_id"]][s["kind"]].append(s)
        handed_pairs.add((s["participant_id"], s["requirement_id"]))

    on_time_units, late = [], []
    for p in participants:
        group = [s for k in BULLETIN_KINDS for s in handed[p.id].get(k, [])]
        if group and all(s["submitted_on"] <= s["due"] for s in group):
            on_time_units.append(names[p.id])
    req_names = {r.id: r.name for r in requirements}
    for s in sorted(subs, key=lambda s: (names[s["participant_id"]], s["due"])):
        if s["submitted_on"] > s["due"]:
            late.append(
                {
                    "unit": names[s["participant_id"]],
                    "document": req_names[s["requirement_id"]],
                    "days_late": rules.days_late(due=s["due"], submitted_on=s["submitted_on"]),
                }
            )
    missing = {}
    for r in requirements:
        if r.due_date < today:
            units = [names[p.id] for p in participants if (p.id, r.id) not in handed_pairs]
            if units:
                missing[r.name] = units

    def has(pid, kind):
        return bool(handed[pid].get(kind))

    reported = [p.id for p in participants if any(has(p.id, k) for k in BULLETIN_KINDS)]
    plan_without_rules = [
        names[i] for i in reported if has(i, Requirement.Kind.PLAN) and not has(i, "rules")
    ]
    rules_without_plan = [
        names[i] for i in reported if has(i, Requirement.Kind.RULES) and not has(i, "plan")
    ]
    without_registration = [names[i] for i in reported if not has(i, "registration")]
    published = [
        names[p.id]
        for p in participants
        if any(
            s["published_on"] is not None and s["published_on"] <= today
            for k in (Requirement.Kind.PLAN, Requirement.Kind.RULES)
            for s in handed[p.id].get(k, [])
        )
    ]

    teams = list(
        Team.objects.filter(org__in={p.org_id for p in participants})
        .select_related("org")
        .order_by("org__name", "name")
    )
    months = _months(competition, today)
    plans = set(TeamPlan.objects.filter(competition=competition).values_list("team_id", "month"))
    tickets = set(
        (team_id, rules.month_start(day))
        for team_id, day in TeamActivity.objects.filter(
            competition=competition, kind=TeamActivity.Kind.TICKET_ANALYSIS
        ).values_list("team_id", "activity_date")
    )
    active_orgs = set(
        TeamActivity.objects.filter(competition=competition).values_list("team__org_id", flat=True)
    )

    def team_gaps(done: set) -> list[dict]:
        gaps = []
        for team in teams:
            absent = [m for m in months if (team.id, m) not in done]
            if absent:
                gaps.append(
                    {
                        "unit": team.org.name,
                        "team": team.name,
                        "months": [f"{m:%Y-%m}" for m in absent],
                    }
                )
        return gaps

    threshold = dt.timedelta(days=competition.late_record_days)
    after = (
        TeamActivity.objects.filter(competition=competition)
        .filter(recorded_on__gt=F("activity_date") + threshold)
        .select_related("team__org")
        .order_by("team__org__name", "team__name", "activity_date")
    )
    return {
        "as_of": today.isoformat(),
        "units": len(participants),
        "on_time_units": on_time_units,
        "on_time_count": len(on_time_units),
        "missing": missing,
        "late": late,
        "plan_without_rules": plan_without_rules,
        "rules_without_plan": rules_without_plan,
        "without_registration": without_registration,
        "published": published,
        "published_count": len(published),
        "units_without_teams": [
            names[p.id]
            for p in participants
            if p.employer_id is None and p.org_id not in active_orgs
        ],
        "teams_without_plan": team_gaps(plans),
        "teams_without_ticket_analysis": team_gaps(tickets),
        "after_the_fact": [
            {
                "unit": a.team.org.name,
                "team": a.team.name,
                "kind": a.get_kind_display(),
                "activity_date": a.activity_date.isoformat(),
                "recorded_on": a.recorded_on.isoformat(),
                "days": (a.recorded_on - a.activity_date).days,
            }
            for a in after
        ],
        "late_record_days": competition.late_record_days,
    }
