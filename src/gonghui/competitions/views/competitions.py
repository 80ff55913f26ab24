"""The organiser's pages: list, set-up, the hand-ins board, findings, ranking, 双挂钩 export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.orgs.access import get_visible_org, is_staff_role, placement_of, require_placement
from gonghui.orgs.models import Organization

from .. import rules, selectors, services
from ..access import can_manage, get_competition, require_manage
from ..exports import double_link_xlsx
from ..forms import (
    CompetitionForm,
    LeadingMemberForm,
    MonthlyForm,
    RequirementForm,
    RubricItemForm,
)
from ..models import Competition


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def competition_list(request):
    placement = require_placement(request.user)
    competitions = (
        Competition.objects.visible_to(request.user)
        .select_related("organiser")
        .order_by("-start_date", "name")
    )
    from django.db.models import Count

    competitions = competitions.annotate(units=Count("participants"))
    mine = set(
        Competition.objects.visible_to(request.user)
        .filter(participants__org__path__startswith=placement.org.path)
        .values_list("id", flat=True)
    )
    return render(
        request,
        "competitions/list.html",
        {
            "competitions": competitions,
            "mine": mine,
            "can_create": is_staff_role(request.user),
            "nav": "competitions",
        },
    )


@login_required
def competition_create(request):
    placement = require_placement(request.user)
    if not is_staff_role(request.user):
        raise PermissionDenied("只有工会工作人员可以创建竞赛")
    form = CompetitionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                comp = services.competition_create(
                    by=request.user,
                    **{k: data[k] for k in form.Meta.fields},
                )
                if data["add_standard_documents"]:
                    services.requirements_add_standard(
                        by=request.user, competition=comp, first_due=data["first_due"]
                    )
                if data["add_standard_rubric"]:
                    services.rubric_add_standard(by=request.user, competition=comp)
                added = 0
                if data["assign_all_units"]:
                    added = services.participants_assign_all(
                        by=request.user, competition=comp, under=comp.organiser
                    )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"已创建“{comp.name}”，参赛单位 {added} 家")
            return redirect(comp)
    elif request.method != "POST":
        form.initial.setdefault("organiser", placement.org.pk)
    return render(request, "competitions/new.html", {"form": form, "nav": "competitions"})


@login_required
def competition_detail(request, pk):
    comp = get_competition(request.user, pk)
    today = timezone.localdate()
    placement = placement_of(request.user)
    manage = can_manage(request.user, comp)
    # a unit's own entry (the organiser's staff reach every unit through the board instead)
    own = (
        []
        if manage
        else list(
            selectors.participants_of(comp).filter(org__path__startswith=placement.org.path)[:20]
        )
    )
    may_register = (
        comp.self_registration
        and not own
        and placement.org.kind == Organization.Kind.GRASSROOTS
        and placement.can_write
        and placement.org.is_within(comp.organiser)
    )
    return render(
        request,
        "competitions/detail.html",
        {
            "c": comp,
            "manage": manage,
            "own": own,
            "may_register": may_register,
            "counts": selectors.handin_counts(competition=comp, today=today),
            "scores": selectors.score_figures(competition=comp),
            "contest": selectors.contest_figures(competition=comp),
            "requirements": comp.requirements.all(),
            "rubric": comp.rubric.all(),
            "leading_group": comp.leading_group.all(),
            "requirement_form": RequirementForm(),
            "monthly_form": MonthlyForm(),
            "rubric_form": RubricItemForm(),
            "leading_form": LeadingMemberForm(),
            "candidates": Organization.objects.within(comp.organiser)
            .unions()
            .exclude(competition_entries__competition=comp)
            .order_by("path")[:500]
            if manage
            else [],
            "nav": "competitions",
        },
    )


@login_required
def competition_board(request, pk):
    """The organiser's board: every unit × every required document, state from the due dates."""
    comp = get_competition(request.user, pk)
    require_manage(request.user, comp)
    today = timezone.localdate()
    state = request.GET.get("state", "")
    if state not in rules.STATE_LABELS:
        state = ""
    requirements, rows = selectors.handin_board(competition=comp, today=today, state=state)
    context = {
        "c": comp,
        "requirements": requirements,
        "rows": rows,
        "state": state,
        "states": rules.STATE_LABELS,
        "counts": selectors.handin_counts(competition=comp, today=today),
        "today": today,
        "manage": True,
        "nav": "competitions",
    }
    template = "competitions/board.html#grid" if request.htmx else "competitions/board.html"
    return render(request, template, context)


@login_required
def competition_findings(request, pk):
    comp = get_competition(request.user, pk)
    require_manage(request.user, comp)
    today = timezone.localdate()
    return render(
        request,
        "competitions/findings.html",
        {
            "c": comp,
            "f": selectors.competition_findings(competition=comp, today=today),
            "manage": True,
            "nav": "competitions",
        },
    )


@login_required
def competition_ranking(request, pk):
    comp = get_competition(request.user, pk)
    require_manage(request.user, comp)
    return render(
        request,
        "competitions/ranking.html",
        {
            "c": comp,
            "ranked": selectors.ranking(competition=comp),
            "scores": selectors.score_figures(competition=comp),
            "manage": True,
            "nav": "competitions",
        },
    )


@login_required
def competition_export(request, pk):
    """双挂钩: scores, ranks and awards per unit, for appraisal and funding."""
    comp = get_competition(request.user, pk)
    require_manage(request.user, comp)
    content = double_link_xlsx(competition=comp, today=timezone.localdate())
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(comp.name + '-双挂钩结果.xlsx')}"
    )
    return response


@login_required
@require_POST
def competition_setup(request, pk, what):
    """The organiser's small set-up forms on the detail page (one POST each)."""
    comp = get_competition(request.user, pk)
    require_manage(request.user, comp)
    by = request.user
    try:
        if what == "requirement":
            form = RequirementForm(request.POST)
            if form.is_valid():
                services.requirement_add(by=by, competition=comp, **form.cleaned_data)
                messages.success(request, "已添加报送要求")
        elif what == "monthly":
            form = MonthlyForm(request.POST)
            if form.is_valid():
                made = services.requirements_add_monthly(
                    by=by, competition=comp, **form.cleaned_data
                )
                messages.success(request, f"已添加 {len(made)} 个月的班组计划报送要求")
        elif what == "rubric":
            form = RubricItemForm(request.POST)
            if form.is_valid():
                services.rubric_item_add(by=by, competition=comp, **form.cleaned_data)
                messages.success(request, "已添加考核项目")
        elif what == "leading":
            form = LeadingMemberForm(request.POST)
            if form.is_valid():
                services.leading_group_add(by=by, competition=comp, **form.cleaned_data)
                messages.success(request, "已添加领导小组成员")
        elif what == "participants":
            if request.POST.get("all"):
                n = services.participants_assign_all(by=by, competition=comp, under=comp.organiser)
                messages.success(request, f"已添加 {n} 家参赛单位")
            else:
                form = None
                org = get_visible_org(request.user, request.POST.get("org"))
                services.participant_add(by=by, competition=comp, org=org)
                messages.success(request, f"已添加参赛单位 {org.name}")
        else:
            raise PermissionDenied("未知操作")
        if what != "participants" and not form.is_valid():
            for field, errs in form.errors.items():
                for e in errs:
                    messages.error(request, f"{field}: {e}" if field != "__all__" else e)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(comp)


@login_required
@require_POST
def competition_register(request, pk):
    """A grassroots union signs itself up."""
    comp = get_competition(request.user, pk)
    placement = require_placement(request.user)
    if not placement.can_write or placement.org.kind != Organization.Kind.GRASSROOTS:
        raise PermissionDenied("只有基层工会可以自行报名")
    try:
        part = services.participant_register(by=request.user, competition=comp, org=placement.org)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(comp)
    messages.success(request, "报名成功")
    return redirect(part)
