"""The dashboard (figures of a subtree and period beside the same period last year) and reminders."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.shortcuts import render

from gonghui.core.dates import Period
from gonghui.orgs.access import get_visible_org, require_placement

from .registry import DASHBOARD_SOURCES, REMINDER_SOURCES


def _period_from(request, today: dt.date) -> Period:
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
    part = request.GET.get("part", "year")
    if part in ("h1", "h2"):
        return Period.half(year, int(part[1]))
    if part in ("q1", "q2", "q3", "q4"):
        return Period.quarter(year, int(part[1]))
    return Period.year(year)


def dashboard_figures(*, org, period: Period):
    previous = period.shifted_years(-1)
    figures = []
    for source in DASHBOARD_SOURCES:
        figures.extend(source(org=org, period=period, previous=previous))
    return figures


@login_required
def dashboard(request):
    placement = require_placement(request.user)
    org = (
        get_visible_org(request.user, request.GET["org"])
        if request.GET.get("org")
        else placement.org
    )
    today = dt.date.today()
    period = _period_from(request, today)
    figures = dashboard_figures(org=org, period=period)
    charts = [{"id": f"chart-{f.key}", "title": f.label, **f.chart} for f in figures if f.chart]
    return render(
        request,
        "reports/dashboard.html",
        {
            "org": org,
            "period": period,
            "figures": figures,
            "charts": charts,
            "echarts_available": finders.find("echarts/echarts.min.js") is not None,
            "year": period.start.year,
            "part": request.GET.get("part", "year"),
            "years": range(today.year, today.year - 6, -1),
            "nav": "dashboard",
        },
    )


def collect_reminders(*, org, today: dt.date):
    found = []
    for source in REMINDER_SOURCES:
        found.extend(source(org=org, today=today))
    order = {"danger": 0, "warning": 1, "info": 2}
    found.sort(key=lambda r: (order.get(r.level, 3), r.due or dt.date.max, r.category))
    return found


@login_required
def reminders(request):
    placement = require_placement(request.user)
    items = collect_reminders(org=placement.org, today=dt.date.today())
    categories: dict[str, list] = {}
    for item in items:
        categories.setdefault(item.category, []).append(item)
    return render(
        request,
        "reports/reminders.html",
        {"categories": categories, "total": len(items), "nav": "reminders"},
    )
