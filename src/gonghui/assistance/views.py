"""Campaigns and applications: thin views over services and selectors, scoped by the tree."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.audit import record_create
from gonghui.members.models import Person
from gonghui.orgs.access import (
    can_unmask,
    require_placement,
    require_staff,
    require_write,
    scope_of,
)
from gonghui.orgs.models import Organization

from . import services as svc
from .forms import (
    ApplicationForm,
    CampaignForm,
    DisbursementForm,
    NoticeForm,
    ReasonForm,
    ReviewForm,
    StandardForm,
    VisitForm,
)
from .models import Application, Campaign, CampaignStandard, Disbursement
from .rules import TRANSITIONS, State
from .selectors import aid_figures

PAGE_SIZE = 100


def get_campaign(user, pk) -> Campaign:
    try:
        return Campaign.objects.visible_to(user).select_related("org").get(pk=pk)
    except (Campaign.DoesNotExist, ValueError):
        raise Http404("没有找到该活动") from None


def get_application(user, pk) -> Application:
    try:
        return (
            Application.objects.visible_to(user)
            .select_related("person", "org", "campaign", "campaign__org", "notice")
            .get(pk=pk)
        )
    except (Application.DoesNotExist, ValueError):
        raise Http404("没有找到该申请") from None


def _fail(request, exc: svc.AidError):
    for message in exc.messages[:20]:
        messages.error(request, message)
    if len(exc.messages) > 20:
        messages.error(request, f"……共 {len(exc.messages)} 条问题")


@login_required
def campaign_list(request):
    placement = require_placement(request.user)
    org = scope_of(request, placement)
    campaigns = Campaign.objects.visible_to(request.user).select_related("org")
    if org != placement.org:
        campaigns = campaigns.within(org)
    narrowed_to = org if org != placement.org else None
    context = {"campaigns": campaigns, "narrowed_to": narrowed_to, "nav": "aid"}
    return render(request, "assistance/campaign_list.html", context)


@login_required
def campaign_create(request):
    placement = require_staff(request.user)
    others = Campaign.objects.visible_to(request.user)
    form = CampaignForm(request.POST or None, campaigns=others)
    standard = StandardForm(request.POST or None, prefix="std")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            campaign = form.save(commit=False)
            campaign.org = placement.org
            campaign.save()
            form.save_m2m()
            if standard.is_valid():
                CampaignStandard.objects.create(
                    campaign=campaign,
                    category=standard.cleaned_data["category"],
                    cash=standard.cleaned_data["cash"],
                    goods=standard.cleaned_data["goods"],
                    goods_value=standard.cleaned_data["goods_value"] or 0,
                )
            record_create(user=request.user, instance=campaign, org=placement.org)
        messages.success(request, f"已创建活动“{campaign.name}”")
        return redirect(campaign)
    return render(
        request,
        "assistance/campaign_form.html",
        {"form": form, "standard": standard, "nav": "aid"},
    )


def _campaign_applications(request, campaign):
    apps = (
        Application.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("person", "org")
        .order_by("org__path", "id")
    )
    state = request.GET.get("state", "")
    if state in State.values:
        apps = apps.filter(status=state)
    return apps, state


def campaign_context(request, campaign, *, revealed=False) -> dict:
    """The campaign page; `revealed` shows the full ID numbers of the current page's rows."""
    placement = require_placement(request.user)
    apps, state = _campaign_applications(request, campaign)
    page = Paginator(apps, PAGE_SIZE).get_page(request.GET.get("page"))
    figures = aid_figures(org=placement.org, campaign=campaign)
    return {
        "campaign": campaign,
        "page": page,
        "state": state,
        "states": State.choices,
        "figures": figures,
        "standards": campaign.standards.all(),
        "notices": campaign.notices.within(placement.org).select_related("org"),
        "visits": campaign.visits.within(placement.org),
        "can_unmask": can_unmask(request.user),
        "revealed": revealed,
        "can_write": placement.can_write,
        # Offer 批准 in the batch only to whom the service lets approve this campaign.
        "can_approve": svc.may_approve(campaign=campaign, by=request.user),
        # One batch form serves several actions: the server checks what each action needs.
        "review_form": ReviewForm(
            initial={"visit_date": timezone.localdate()}, prefix="rv", use_required_attribute=False
        ),
        "notice_form": NoticeForm(
            initial={"starts": timezone.localdate()},
            prefix="nt",
            use_required_attribute=False,
            default_days=svc.notice_days_for(campaign),
        ),
        "visit_form": VisitForm(initial={"date": timezone.localdate()}),
        "nav": "aid",
    }


@login_required
def campaign_detail(request, pk):
    campaign = get_campaign(request.user, pk)
    context = campaign_context(request, campaign)
    if request.htmx:
        return render(request, "assistance/campaign_detail.html#applications", context)
    return render(request, "assistance/campaign_detail.html", context)


@login_required
@require_POST
def campaign_batch(request, pk):
    """One action on the ticked applications, or on every one of the current filter."""
    placement = require_write(request.user)
    campaign = get_campaign(request.user, pk)
    action = request.POST.get("action", "")
    apps, _state = _campaign_applications(request, campaign)
    if request.POST.get("all") != "1":
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        apps = apps.filter(pk__in=ids)
    apps = list(apps.select_related("campaign", "campaign__org"))
    back = redirect(f"{campaign.get_absolute_url()}?state={request.GET.get('state', '')}")
    try:
        if action == "review":
            form = ReviewForm(request.POST, prefix="rv")
            if not form.is_valid():
                messages.error(request, "入户审核须填写走访日期、走访人和核实情况")
                return back
            svc.application_review(applications=apps, by=request.user, **form.cleaned_data)
        elif action == "put_on_notice":
            form = NoticeForm(request.POST, prefix="nt")
            if not form.is_valid():
                messages.error(request, "请填写公示开始日期")
                return back
            org = placement.org if placement.org.is_within(campaign.org) else campaign.org
            notice = svc.notice_publish(
                campaign=campaign,
                org=org,
                applications=apps,
                by=request.user,
                starts=form.cleaned_data["starts"],
                days=form.cleaned_data["days"],
            )
            messages.success(request, f"已将 {len(apps)} 份申请张榜公示")
            return redirect("assistance:notice", pk=notice.pk)
        elif action == "clear_notice":
            svc.notice_clear(applications=apps, by=request.user)
        elif action == "report_up":
            svc.application_report_up(applications=apps, by=request.user)
        elif action == "approve":
            svc.application_approve(applications=apps, by=request.user)
        elif action == "reject":
            svc.application_reject(
                applications=apps, by=request.user, reason=request.POST.get("reason", "")
            )
        else:
            messages.error(request, "请选择要执行的操作")
            return back
    except svc.AidError as exc:
        _fail(request, exc)
        return back
    messages.success(request, f"已处理 {len(apps)} 份申请")
    return back


@login_required
def application_new(request, pk):
    placement = require_write(request.user)
    campaign = get_campaign(request.user, pk)
    orgs = Organization.objects.within(placement.org)
    form = ApplicationForm(request.POST or None, orgs=orgs, initial={"org": placement.org})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = Person.objects.filter(id_number=data["id_number"]).first()
                if person is None:
                    person = Person.objects.create(id_number=data["id_number"], name=data["name"])
                    record_create(user=request.user, instance=person, org=data["org"])
                app = svc.application_create(
                    campaign=campaign,
                    person=person,
                    org=data["org"],
                    category=data["category"],
                    by=request.user,
                    household_size=data["household_size"],
                    cash=data["cash"],
                    goods=data["goods"] or None,
                    goods_value=data["goods_value"],
                    reason=data["reason"],
                    submit=not data["draft"],
                )
        except svc.AidError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"已登记“{person.name}”的申请")
            return redirect("assistance:application", pk=app.pk)
    return render(
        request,
        "assistance/application_form.html",
        {"form": form, "campaign": campaign, "nav": "aid"},
    )


def application_context(request, app, *, revealed=False) -> dict:
    """The application page; `revealed` shows the applicant's full ID number."""
    placement = require_placement(request.user)
    reported = app.status == State.REPORTED
    # 批准 / 不予批准 of a reported application: only for whom the service will let approve it.
    may_approve = reported and svc.may_approve(campaign=app.campaign, by=request.user)
    # What is still to be paid: a second disbursement (instalments) does not pay it all again.
    paid = app.disbursements.aggregate(n=Count("pk"), cash=Sum("cash"))
    remaining = max(app.cash - (paid["cash"] or 0), 0)
    goods = (
        {"item": app.goods, "quantity": 1, "unit": "份", "value": app.goods_value}
        if app.goods and not paid["n"]
        else {}
    )
    context = {
        "app": app,
        "events": app.events.all(),
        "objections": app.objections.all(),
        "disbursements": app.disbursements.prefetch_related("goods_lines"),
        "can_unmask": can_unmask(request.user),
        "revealed": revealed,
        "can_write": placement.can_write,
        "can_approve": may_approve,
        # a reported application is declined beside 批准 (by whoever may approve it)
        "can_decline": app.status in TRANSITIONS["reject"].sources and not reported,
        "review_form": ReviewForm(initial={"visit_date": timezone.localdate()}),
        "reason_form": ReasonForm(),
        # The application's cash and goods (the campaign standard, or as filed) as the default.
        "disburse_form": DisbursementForm(
            initial={"date": timezone.localdate(), "cash": remaining, "method": "bank", **goods}
        ),
        "nav": "aid",
    }
    from .views_schedule import schedule_context

    context.update(schedule_context(app, can_write=placement.can_write))
    return context


@login_required
def application_detail(request, pk):
    app = get_application(request.user, pk)
    return render(request, "assistance/application_detail.html", application_context(request, app))


@login_required
@require_POST
def application_act(request, pk):
    """One transition of one application; the service says no when the state does not allow it."""
    action = request.POST.get("action", "")
    app = get_application(request.user, pk)
    if action == "approve" or (action == "reject" and app.status == State.REPORTED):
        # 上报审批: the approver role (the upper federation) approves or declines a reported
        # application but writes nothing else; the service checks the campaign's approval level.
        placement = require_placement(request.user)
        if placement.role not in ("staff", "approver"):
            raise PermissionDenied("只有工会工作人员或审批人可以审批")
    else:
        require_write(request.user)
    reason = request.POST.get("reason", "")
    try:
        if action == "submit":
            svc.application_submit(applications=[app], by=request.user)
        elif action == "review":
            form = ReviewForm(request.POST)
            if not form.is_valid():
                raise svc.AidError("入户审核须填写走访日期、走访人和核实情况")
            svc.application_review(applications=[app], by=request.user, **form.cleaned_data)
        elif action == "clear_notice":
            svc.notice_clear(applications=[app], by=request.user)
        elif action == "report_up":
            svc.application_report_up(applications=[app], by=request.user)
        elif action == "approve":
            svc.application_approve(applications=[app], by=request.user, note=reason)
        elif action == "reject":
            svc.application_reject(applications=[app], by=request.user, reason=reason)
        elif action == "disqualify":
            svc.application_disqualify(applications=[app], by=request.user, reason=reason)
        elif action == "close":
            svc.application_close(applications=[app], by=request.user)
        else:
            raise svc.AidError("未知的操作")
    except svc.AidError as exc:
        _fail(request, exc)
    else:
        messages.success(request, f"“{app.person.name}”的申请：{app.get_status_display()}")
    return redirect("assistance:application", pk=app.pk)


@login_required
@require_POST
def application_disburse(request, pk):
    require_write(request.user)
    app = get_application(request.user, pk)
    form = DisbursementForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            "发放信息不完整："
            + "；".join(
                f"{form.fields[f].label if f in form.fields else ''}{e[0]}"
                for f, e in form.errors.items()
            ),
        )
        return redirect("assistance:application", pk=app.pk)
    data = form.cleaned_data
    try:
        svc.disbursement_record(
            application=app,
            by=request.user,
            date=data["date"],
            method=data["method"],
            cash=data["cash"],
            goods_lines=form.goods_lines(),
            handled_by=data["handled_by"],
            receipt_signed=data["receipt_signed"],
            receipt_scan=data["receipt_scan"],
        )
    except svc.AidError as exc:
        _fail(request, exc)
    else:
        messages.success(request, "已登记发放")
    return redirect("assistance:application", pk=app.pk)


@login_required
@require_POST
def disbursement_sign(request, pk):
    require_write(request.user)
    try:
        disbursement = Disbursement.objects.visible_to(request.user).get(pk=pk)
    except (Disbursement.DoesNotExist, ValueError):
        raise Http404("没有找到该发放记录") from None
    svc.disbursement_sign(
        disbursement=disbursement, by=request.user, receipt_scan=request.FILES.get("receipt_scan")
    )
    messages.success(request, "已登记签收")
    return redirect("assistance:application", pk=disbursement.application_id)


@login_required
@require_POST
def campaign_visit(request, pk):
    placement = require_write(request.user)
    campaign = get_campaign(request.user, pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        svc.visit_record(by=request.user, campaign=campaign, org=placement.org, **form.cleaned_data)
        messages.success(request, "已登记慰问走访")
    else:
        messages.error(request, "走访信息不完整，请检查日期、对象和名称")
    return redirect(campaign)


@login_required
def campaign_export(request, pk):
    require_placement(request.user)
    campaign = get_campaign(request.user, pk)
    from .ledger import aid_export

    data = aid_export(user=request.user, org=None, options={"campaign": campaign.name})
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(campaign.name)}.xlsx"
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(f"{text}台账")
