"""A participating unit's pages: its hand-ins, inspections and team records."""

import mimetypes
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.dates import DateError, parse_date
from gonghui.orgs.models import Team

from .. import rules, selectors, services
from ..access import can_manage, can_write_unit, get_participant, require_write_unit
from ..forms import TeamActivityForm, TeamPlanForm, UploadForm
from ..models import Inspection, Submission, TeamActivity, TeamPlan


@login_required
def participant_detail(request, pk):
    part = get_participant(request.user, pk)
    comp = part.competition
    today = timezone.localdate()
    teams = Team.objects.filter(org=part.org).order_by("name")
    inspections = {
        i.kind: i
        for i in part.inspections.prefetch_related("scores__item", "photos").order_by("kind")
    }
    activities = list(
        TeamActivity.objects.filter(competition=comp, team__org=part.org)
        .select_related("team")
        .order_by("-activity_date")[:50]
    )
    for a in activities:  # the 50 rows shown, flagged as the findings flag them
        a.after_the_fact = rules.recorded_after_the_fact(
            activity_date=a.activity_date,
            recorded_on=a.recorded_on,
            late_record_days=comp.late_record_days,
        )
    context = {
        "p": part,
        "c": comp,
        "cells": selectors.unit_handins(participant=part, today=today),
        "write": can_write_unit(request.user, part),
        "manage": can_manage(request.user, comp),
        "inspections": inspections,
        "upload_form": UploadForm(),
        "plan_form": TeamPlanForm(teams=teams),
        "activity_form": TeamActivityForm(teams=teams),
        "plans": TeamPlan.objects.filter(competition=comp, team__org=part.org)
        .select_related("team")
        .order_by("-month", "team__name")[:50],
        "activities": activities,
        "late_days": comp.late_record_days,
        "nav": "competitions",
    }
    return render(request, "competitions/participant.html", context)


@login_required
@require_POST
def handin_upload(request, pk, requirement):
    part = get_participant(request.user, pk)
    require_write_unit(request.user, part)
    req = get_object_or_404(part.competition.requirements, pk=requirement)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        submitted_on = data["submitted_on"]
        if submitted_on and not can_manage(request.user, part.competition):
            raise PermissionDenied("只有主办方可以登记收到日期")
        if (
            not data["file"]
            and not submitted_on
            and not part.submissions.filter(requirement=req).exists()
        ):
            messages.error(request, "请选择要上传的文件")
        else:
            try:
                services.submission_record(
                    by=request.user,
                    participant=part,
                    requirement=req,
                    file=data["file"],
                    submitted_on=submitted_on,
                    published_on=data["published_on"],
                    note=data["note"],
                )
                messages.success(request, f"已报送“{req.name}”")
            except ValidationError as exc:
                for m in exc.messages:
                    messages.error(request, m)
    else:
        messages.error(request, "文件或日期有误")
    return redirect(part)


@login_required
def handin_download(request, pk):
    require_write_or_read = Submission.objects.visible_to(request.user)
    try:
        sub = require_write_or_read.select_related("requirement").get(pk=pk)
    except (Submission.DoesNotExist, ValueError):
        raise Http404("没有找到该材料") from None
    if not sub.file:
        raise Http404("该材料没有上传文件（纸质报送）")
    content_type = mimetypes.guess_type(sub.filename)[0] or "application/octet-stream"
    return FileResponse(
        sub.file.open("rb"), as_attachment=True, filename=sub.filename, content_type=content_type
    )


@login_required
def inspection_form(request, pk, kind):
    """自评 by the unit's writers; 抽查 by the organiser. Each rubric item scored with a remark."""
    part = get_participant(request.user, pk)
    comp = part.competition
    if kind not in Inspection.Kind.values:
        raise Http404("没有这种考核方式")
    if kind == Inspection.Kind.SPOT:
        if not can_manage(request.user, comp):
            raise PermissionDenied("抽查由主办工会进行")
    else:
        require_write_unit(request.user, part)
    items = list(comp.rubric.all())
    existing = part.inspections.filter(kind=kind).prefetch_related("scores").first()
    previous = {s.item_id: s for s in existing.scores.all()} if existing else {}
    errors = []
    if request.method == "POST":
        scores = {}
        for item in items:
            raw = request.POST.get(f"points_{item.id}", "").strip()
            try:
                scores[item.id] = (Decimal(raw), request.POST.get(f"remark_{item.id}", "")[:300])
            except InvalidOperation:
                errors.append(f"“{item.group}·{item.name}”得分不是数字")
        try:
            inspected_on = parse_date(request.POST.get("inspected_on", ""))
        except DateError as exc:
            errors.append(str(exc))
        if not errors:
            try:
                services.inspection_score(
                    by=request.user,
                    participant=part,
                    kind=kind,
                    inspected_on=inspected_on,
                    scores=scores,
                    inspectors=request.POST.get("inspectors", "")[:150],
                    remarks=request.POST.get("remarks", ""),
                    photos=request.FILES.getlist("photos"),
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                messages.success(request, f"{Inspection.Kind(kind).label}得分已保存")
                return redirect(part)
    rows = [
        {
            "item": item,
            "points": request.POST.get(f"points_{item.id}")
            if request.method == "POST"
            else (previous[item.id].points if item.id in previous else ""),
            "remark": request.POST.get(f"remark_{item.id}")
            if request.method == "POST"
            else (previous[item.id].remark if item.id in previous else ""),
        }
        for item in items
    ]
    return render(
        request,
        "competitions/inspect.html",
        {
            "p": part,
            "c": comp,
            "kind": kind,
            "kind_label": Inspection.Kind(kind).label,
            "rows": rows,
            "existing": existing,
            "errors": errors,
            "today": timezone.localdate(),
            "nav": "competitions",
        },
    )


@login_required
@require_POST
def team_record(request, pk, what):
    part = get_participant(request.user, pk)
    require_write_unit(request.user, part)
    teams = Team.objects.filter(org=part.org)
    form_class = TeamPlanForm if what == "plan" else TeamActivityForm
    if what not in ("plan", "activity"):
        raise Http404("未知记录类型")
    form = form_class(request.POST, teams=teams)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect(part)
    data = form.cleaned_data
    try:
        if what == "plan":
            services.team_plan_record(
                by=request.user,
                competition=part.competition,
                team=data["team"],
                month=data["month"],
                content=data["content"],
            )
        else:
            services.team_activity_record(by=request.user, competition=part.competition, **data)
        messages.success(request, "已记录")
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect(part)
