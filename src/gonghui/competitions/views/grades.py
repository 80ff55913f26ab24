"""职工技能等级提升: the list in the user's scope with its count, and the form to record one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.dates import DateError, Period, parse_date
from gonghui.orgs.access import get_visible_org, require_placement

from .. import selectors, services
from ..forms import GradeRiseForm
from ..models import Competition, GradeRise


def _filters(request, placement):
    """The list's filters from the query string: org (in scope), competition, period."""
    org = placement.org
    if request.GET.get("org"):
        org = get_visible_org(request.user, request.GET["org"])
    competition = None
    if request.GET.get("competition"):
        competition = (
            Competition.objects.visible_to(request.user)
            .filter(pk=request.GET["competition"])
            .first()
            if request.GET["competition"].isdigit()
            else None
        )
    period, first, last = None, request.GET.get("from", ""), request.GET.get("to", "")
    try:
        first_day = parse_date(first, allow_future=True) if first else None
        last_day = parse_date(last, allow_future=True) if last else None
    except DateError:
        first_day = last_day = None
    if first_day or last_day:
        last_day = last_day or first_day.replace(month=12, day=31)
        first_day = first_day or last_day.replace(month=1, day=1)
        if last_day >= first_day:
            period = Period.inclusive(first_day, last_day)
    return org, competition, period


@login_required
def grade_rise_list(request):
    placement = require_placement(request.user)
    org, competition, period = _filters(request, placement)
    form = GradeRiseForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not placement.can_write:
            raise PermissionDenied("您的角色只能查看，不能登记")
        if form.is_valid():
            d = form.cleaned_data
            try:
                with transaction.atomic():
                    person = d["person"]
                    if isinstance(person, tuple):
                        person = services.person_ensure(
                            by=request.user, id_number=person[0], name=person[1], org=d["org"]
                        )
                    rise = services.grade_rise_record(
                        by=request.user,
                        person=person,
                        org=d["org"],
                        grade_from=d["grade_from"],
                        grade_to=d["grade_to"],
                        certified_on=d["certified_on"],
                        via=d["via"],
                        competition=d["competition"],
                    )
            except ValidationError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
            else:
                messages.success(
                    request,
                    f"已登记：{rise.person.name} 提升为{rise.get_grade_to_display()}（{rise.org.name}）",
                )
                return redirect(request.get_full_path())
    elif placement.can_write:
        form.initial.update({"org": placement.org.name})
        if competition is not None:
            form.initial.update({"competition": competition.pk, "via": GradeRise.Via.CONTEST})
    qs = selectors.grade_rises_visible(
        request.user, org=org, competition=competition, period=period
    )
    rows = qs.select_related("person", "org", "competition").order_by("-certified_on", "-id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "competitions/grade_rises.html",
        {
            "page": page,
            "org": org,
            "competition": competition,
            "competitions": Competition.objects.visible_to(request.user).order_by(
                "-start_date", "name"
            ),
            "period": period,
            "first": request.GET.get("from", ""),
            "last": request.GET.get("to", ""),
            "figures": selectors.grade_rise_figures(qs),
            "form": form if placement.can_write else None,
            "query": query.urlencode(),
            "import_url": reverse("competitions:grades_import") if placement.can_write else "",
            "nav": "competitions",
        },
    )


@login_required
def grades_export(request):
    """The rows of the list, as filtered, in the import's columns."""
    from gonghui.core.import_views import xlsx_response

    from ..ledger_grades import grade_rises_workbook

    placement = require_placement(request.user)
    org, competition, period = _filters(request, placement)
    qs = selectors.grade_rises_visible(
        request.user, org=org, competition=competition, period=period
    )
    data = grade_rises_workbook(user=request.user, rises=qs, scope=org)
    return xlsx_response(data, f"{org.name}职工技能等级提升.xlsx")
