"""劳模 pages: the ledger with its retirement reminders, one worker's file, and the filing steps."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gonghui.orgs.access import (
    can_write,
    placement_of,
    require_placement,
    require_write,
    scope_of,
    visible_orgs,
)
from gonghui.orgs.models import Employer, Placement

from . import selectors, services
from .forms import (
    ApproveForm,
    CareRecordForm,
    ChecklistForm,
    HonourCheckForm,
    HonourForm,
    ModelWorkerCreateForm,
    ModelWorkerEditForm,
    ReturnForm,
    RevokeForm,
    SubmitForm,
)
from .models import LEVEL_ORDER, Honour, ModelWorker, RetirementFiling, reminder_months

PAGE_SIZE = 50


def _worker(user, pk) -> ModelWorker:
    return get_object_or_404(
        ModelWorker.objects.visible_to(user).select_related("person", "org", "employer"), pk=pk
    )


def _may_approve(user) -> bool:
    placement = placement_of(user)
    return placement is not None and placement.role in (
        Placement.Role.APPROVER,
        Placement.Role.STAFF,
    )


@login_required
def worker_list(request):
    placement = require_placement(request.user)
    today = dt.date.today()
    level = request.GET.get("level", "")
    level = level if level in {lvl.value for lvl in LEVEL_ORDER} else ""
    due_only = request.GET.get("due") == "1"
    org = scope_of(request, placement)
    workers = selectors.modelworker_list(org=org, level=level, due_only=due_only, today=today)
    page = Paginator(workers, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(w, w.reminder_state(today), w.highest_held()) for w in page]
    context = {
        "page": page,
        "rows": rows,
        "level": level,
        "due_only": due_only,
        "levels": LEVEL_ORDER,
        "reminders": selectors.retirement_reminders(org=org, today=today),
        "narrowed_to": org if org != placement.org else None,
        "reminder_months": reminder_months(),
        "can_write": can_write(request.user),
        "today": today,
        "nav": "honors",
    }
    template = "honors/list.html#table" if request.htmx else "honors/list.html"
    return render(request, template, context)


@login_required
def worker_create(request):
    require_write(request.user)
    orgs = visible_orgs(request.user)
    employers = Employer.objects.visible_to(request.user)
    form = ModelWorkerCreateForm(request.POST or None, orgs=orgs, employers=employers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            worker = services.modelworker_enrol(by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已将 {worker} 登记到劳模台账")
            return redirect(worker)
    return render(request, "honors/form.html", {"form": form, "title": "登记劳模", "nav": "honors"})


def _detail_context(request, worker, **forms):
    today = dt.date.today()
    filing = RetirementFiling.objects.filter(worker=worker).first()
    honours = list(worker.honours.all())
    worker._prefetched_objects_cache = {"honours": honours}
    initial = {}
    if filing:
        initial = {k: getattr(filing, k) for k, _ in RetirementFiling.CHECKLIST}
        initial["note"] = filing.note
    return {
        "worker": worker,
        "retirement": worker.retirement(),
        "reminder": worker.reminder_state(today),
        "reminder_label": worker.reminder_label(today),
        "honours": honours,
        "highest": worker.highest_held(),
        "allowance": worker.monthly_allowance(),
        "filing": filing,
        "checks": worker.checks.all(),
        "care_records": worker.care_records.all(),
        "checklist_form": forms.get("checklist_form") or ChecklistForm(initial=initial),
        "submit_form": forms.get("submit_form") or SubmitForm(initial={"on": today}),
        "approve_form": forms.get("approve_form") or ApproveForm(initial={"on": today}),
        "return_form": forms.get("return_form") or ReturnForm(),
        "honour_form": forms.get("honour_form") or HonourForm(),
        "check_form": forms.get("check_form") or HonourCheckForm(),
        "care_form": forms.get("care_form") or CareRecordForm(),
        "revoke_form": RevokeForm(initial={"on": today}),
        "can_write": can_write(request.user),
        "may_approve": _may_approve(request.user),
        "nav": "honors",
    }


@login_required
def worker_detail(request, pk):
    worker = _worker(request.user, pk)
    return render(request, "honors/detail.html", _detail_context(request, worker))


@login_required
def worker_edit(request, pk):
    worker = _worker(request.user, pk)
    require_write(request.user)
    form = ModelWorkerEditForm(
        request.POST or None,
        instance=worker,
        orgs=visible_orgs(request.user),
        employers=Employer.objects.visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        fresh = ModelWorker.objects.get(pk=worker.pk)
        services.modelworker_update(by=request.user, worker=fresh, **changes)
        messages.success(request, "已保存")
        return redirect(fresh)
    return render(
        request,
        "honors/form.html",
        {"form": form, "title": f"修改劳模信息：{worker}", "worker": worker, "nav": "honors"},
    )


def _rerender(request, worker, fragment, **forms):
    template = f"honors/detail.html#{fragment}" if request.htmx else "honors/detail.html"
    return render(request, template, _detail_context(request, worker, **forms), status=200)


def _done(request, worker, fragment, message):
    if request.htmx:
        return _rerender(request, worker, fragment)
    messages.success(request, message)
    return redirect(worker)


@require_POST
@login_required
def honour_add(request, pk):
    worker = _worker(request.user, pk)
    require_write(request.user)
    form = HonourForm(request.POST, instance=Honour(worker=worker))
    if not form.is_valid():
        return _rerender(request, worker, "honours", honour_form=form)
    services.honour_add(by=request.user, worker=worker, **form.cleaned_data)
    return _done(request, worker, "honours", "已添加荣誉称号")


@require_POST
@login_required
def honour_revoke(request, pk, honour_pk):
    worker = _worker(request.user, pk)
    require_write(request.user)
    honour = get_object_or_404(worker.honours, pk=honour_pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写撤销日期")
        return redirect(worker)
    try:
        services.honour_revoke(by=request.user, honour=honour, on=form.cleaned_data["on"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(worker)
    return _done(request, worker, "honours", "已登记撤销")


@require_POST
@login_required
def check_add(request, pk):
    worker = _worker(request.user, pk)
    require_write(request.user)
    form = HonourCheckForm(request.POST)
    if not form.is_valid():
        return _rerender(request, worker, "checks", check_form=form)
    services.honour_check_record(by=request.user, worker=worker, **form.cleaned_data)
    return _done(request, worker, "checks", "已记录年度核查")


@require_POST
@login_required
def filing_checklist(request, pk):
    worker = _worker(request.user, pk)
    require_write(request.user)
    form = ChecklistForm(request.POST)
    form.is_valid()
    try:
        services.filing_checklist_update(by=request.user, worker=worker, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(worker)
    return _done(request, worker, "filing", "已更新申报材料")


@require_POST
@login_required
def filing_submit(request, pk):
    worker = _worker(request.user, pk)
    require_write(request.user)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return _rerender(request, worker, "filing", submit_form=form)
    try:
        services.filing_submit(by=request.user, worker=worker, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(worker)
    return _done(request, worker, "filing", "已上报到龄退休申报")


def _filing_for_decision(request, pk) -> RetirementFiling:
    worker = _worker(request.user, pk)
    if not _may_approve(request.user):
        raise PermissionDenied("只有审批人或工会工作人员可以审批")
    return get_object_or_404(RetirementFiling.objects.select_related("worker"), worker=worker)


@require_POST
@login_required
def filing_approve(request, pk):
    filing = _filing_for_decision(request, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _rerender(request, filing.worker, "filing", approve_form=form)
    try:
        services.filing_approve(by=request.user, filing=filing, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(filing.worker)
    return _done(request, filing.worker, "filing", "已批准，荣誉津贴起发")


@require_POST
@login_required
def filing_return(request, pk):
    filing = _filing_for_decision(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _rerender(request, filing.worker, "filing", return_form=form)
    try:
        services.filing_return(by=request.user, filing=filing, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(filing.worker)
    return _done(request, filing.worker, "filing", "已退回")


@require_POST
@login_required
def care_add(request, pk):
    worker = _worker(request.user, pk)
    require_write(request.user)
    form = CareRecordForm(request.POST)
    if not form.is_valid():
        return _rerender(request, worker, "care", care_form=form)
    try:
        services.care_record_add(by=request.user, worker=worker, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(worker)
    return _done(request, worker, "care", "已添加关爱记录")


@login_required
def worker_export(request):
    from .ledger import modelworkers_export

    placement = require_placement(request.user)
    data = modelworkers_export(user=request.user, org=placement.org)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"劳模台账-{dt.date.today():%Y%m%d}.xlsx"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
