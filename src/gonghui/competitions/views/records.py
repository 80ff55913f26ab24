"""Skills contests, awards (with their exclusion checks) and 合理化建议."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.core.dates import DateError, Period, parse_date
from gonghui.orgs.access import (
    get_visible_org,
    placement_of,
    require_placement,
    require_staff,
    require_write,
)

from .. import selectors, services
from ..access import can_manage, get_competition, require_manage
from ..forms import (
    AwardForm,
    ContestantForm,
    ProposalDecisionForm,
    ProposalForm,
    RoundForm,
    TradeForm,
)
from ..models import Award, AwardCheck, Proposal


@login_required
def contest(request, pk):
    comp = get_competition(request.user, pk)
    manage = can_manage(request.user, comp)
    trades = [
        (trade, list(selectors.contest_ranking(trade=trade)[:200]))
        for trade in comp.trades.prefetch_related("rounds")
    ]
    return render(
        request,
        "competitions/contest.html",
        {
            "c": comp,
            "trades": trades,
            "figures": selectors.contest_figures(competition=comp),
            "manage": manage,
            "trade_form": TradeForm() if manage else None,
            "round_form": RoundForm(trades=comp.trades.all()) if manage else None,
            "contestant_form": (
                ContestantForm(competition=comp, participants=selectors.participants_of(comp))
                if manage
                else None
            ),
            "nav": "competitions",
        },
    )


@login_required
def award_list(request, pk):
    """A competition's awards: propose, confirm the exclusion checks, grant or block."""
    comp = get_competition(request.user, pk)
    manage = can_manage(request.user, comp)
    participants = selectors.participants_of(comp)
    form = AwardForm(request.POST or None, participants=participants)
    if request.method == "POST":
        require_manage(request.user, comp)
        if form.is_valid():
            d = form.cleaned_data
            part = d["participant"]
            try:
                award = services.award_propose(
                    by=request.user,
                    title=d["title"],
                    level=d["level"],
                    year=d["year"],
                    org=part.org,
                    employer=part.employer,
                    team=d["team_obj"],
                    person=d["person"],
                    competition=comp,
                    achievement=d["achievement"],
                )
            except ValidationError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
            else:
                messages.success(request, f"已推荐 {award}，请逐项核查排除条件")
                return redirect("competitions:award", pk=award.pk)
    awards = (
        Award.objects.visible_to(request.user)
        .filter(competition=comp)
        .select_related("org", "employer", "team__org", "person")
        .order_by("title", "id")
    )
    form.initial.setdefault("year", timezone.localdate().year)
    return render(
        request,
        "competitions/awards.html",
        {"c": comp, "awards": awards, "form": form, "manage": manage, "nav": "competitions"},
    )


@login_required
def award_detail(request, pk):
    try:
        award = (
            Award.objects.visible_to(request.user)
            .select_related("competition__organiser", "org", "employer", "team", "person")
            .get(pk=pk)
        )
    except (Award.DoesNotExist, ValueError):
        raise Http404("没有找到该表彰") from None
    manage = award.competition is not None and can_manage(request.user, award.competition)
    if award.competition is None:
        require_placement(request.user)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("只有主办工会的工作人员可以核查和授予")
        action = request.POST.get("action")
        try:
            if action == "check":
                kind = request.POST.get("kind")
                if kind not in AwardCheck.Kind.values:
                    raise ValidationError("未知的核查项目")
                services.award_check_confirm(
                    by=request.user,
                    award=award,
                    kind=kind,
                    found=request.POST.get("found") == "1",
                    note=request.POST.get("note", "")[:300],
                )
            elif action == "grant":
                services.award_grant(by=request.user, award=award)
                messages.success(request, "已授予")
            elif action == "block":
                services.award_block(
                    by=request.user, award=award, reason=request.POST.get("reason", "")
                )
                messages.success(request, "已决定不予授予")
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        return redirect("competitions:award", pk=award.pk)
    checks = {c.kind: c for c in award.checks.all()}
    rows = [
        (kind, AwardCheck.Kind(kind).label, checks.get(kind)) for kind in services.REQUIRED_CHECKS
    ]
    return render(
        request,
        "competitions/award.html",
        {
            "a": award,
            "rows": rows,
            "problems": services.award_problems(award) if award.status == "proposed" else [],
            "manage": manage,
            "nav": "competitions",
        },
    )


def _period(request) -> Period | None:
    try:
        first = parse_date(request.GET.get("from", ""), allow_future=True)
        last = parse_date(request.GET.get("to", ""), allow_future=True)
    except DateError:
        return None
    return Period.inclusive(first, last) if last >= first else None


@login_required
def proposal_list(request):
    placement = require_placement(request.user)
    org = placement.org
    if request.GET.get("org"):
        org = get_visible_org(request.user, request.GET["org"])
    period = _period(request)
    if period is None:
        year = timezone.localdate().year
        period = Period.year(year)
    qs = (
        Proposal.objects.visible_to(request.user)
        .within(org)
        .filter(submitted_on__gte=period.start, submitted_on__lt=period.end)
        .select_related("org")
        .order_by("-submitted_on", "-id")
    )
    status = request.GET.get("status", "")
    if status in Proposal.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "competitions/proposals.html",
        {
            "page": page,
            "org": org,
            "period": period,
            "first": period.start,
            "last": period.last_day,
            "status": status,
            "statuses": Proposal.Status.choices,
            "figures": selectors.proposal_figures(org=org, period=period),
            "can_write": placement.can_write,
            "nav": "proposals",
        },
    )


@login_required
def proposal_create(request):
    placement = require_write(request.user)
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            proposal = services.proposal_submit(by=request.user, **d)
        except ValidationError as exc:
            for m in exc.messages:
                form.add_error(None, m)
        else:
            messages.success(request, "建议已登记")
            return redirect("competitions:proposal", pk=proposal.pk)
    elif request.method != "POST":
        form.initial.update({"org": placement.org.pk, "submitted_on": timezone.localdate()})
    return render(request, "competitions/proposal_new.html", {"form": form, "nav": "proposals"})


@login_required
def proposal_detail(request, pk):
    try:
        proposal = Proposal.objects.visible_to(request.user).select_related("org").get(pk=pk)
    except (Proposal.DoesNotExist, ValueError):
        raise Http404("没有找到该建议") from None
    placement = placement_of(request.user)
    form = ProposalDecisionForm(request.POST or None)
    if request.method == "POST":
        require_staff(request.user)
        if form.is_valid():
            d = form.cleaned_data
            on = d["on"] or timezone.localdate()
            try:
                if d["action"] == "evaluate":
                    services.proposal_evaluate(
                        by=request.user, proposal=proposal, evaluation=d["text"]
                    )
                elif d["action"] == "adopt":
                    services.proposal_adopt(
                        by=request.user, proposal=proposal, on=on, evaluation=d["text"]
                    )
                elif d["action"] == "reject":
                    services.proposal_reject(
                        by=request.user, proposal=proposal, reason=d["text"], on=on
                    )
                else:
                    services.proposal_implement(
                        by=request.user,
                        proposal=proposal,
                        on=on,
                        estimated_benefit=d["estimated_benefit"],
                    )
            except ValidationError as exc:
                for m in exc.messages:
                    messages.error(request, m)
            else:
                messages.success(request, "已保存")
            return redirect("competitions:proposal", pk=proposal.pk)
    return render(
        request,
        "competitions/proposal.html",
        {
            "p": proposal,
            "form": form,
            "can_decide": placement.role == "staff",
            "back": reverse("competitions:proposals"),
            "nav": "proposals",
        },
    )
