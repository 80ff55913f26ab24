"""The organiser's skills-contest pages: trades, rounds and the round score grid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import services
from ..access import get_competition, require_manage
from ..forms import RoundForm, RoundScoresForm, TradeForm
from ..models import Contestant, Round, RoundScore


def _form_errors(request, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errs:
            messages.error(request, f"{label}：{e}" if label else e)


@login_required
@require_POST
def contest_setup(request, pk, what):
    """Add a trade (with its rounds) or one more round to a trade; back to the contest page."""
    comp = get_competition(request.user, pk)
    require_manage(request.user, comp)
    if what == "trade":
        form = TradeForm(request.POST)
    elif what == "round":
        form = RoundForm(request.POST, trades=comp.trades.all())
    else:
        raise Http404("未知操作")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("competitions:contest", pk=comp.pk)
    d = form.cleaned_data
    try:
        if what == "trade":
            trade = services.trade_add(
                by=request.user, competition=comp, name=d["name"], rounds=d["rounds"]
            )
            messages.success(request, f"已添加竞赛项目 {trade.name}（{'、'.join(d['rounds'])}）")
        else:
            row = services.round_add(
                by=request.user, trade=d["trade"], name=d["name"], held_on=d["held_on"]
            )
            messages.success(request, f"已添加轮次 {row}")
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect("competitions:contest", pk=comp.pk)


@login_required
def round_scores(request, pk, round):
    """The score grid of one round: one input per contestant of its trade."""
    comp = get_competition(request.user, pk)
    require_manage(request.user, comp)
    try:
        rnd = Round.objects.select_related("trade").get(pk=round, trade__competition=comp)
    except Round.DoesNotExist:
        raise Http404("没有找到该轮次") from None
    contestants = (
        Contestant.objects.filter(trade=rnd.trade)
        .select_related("person", "participant__org", "participant__employer")
        .order_by("participant_id", "person__name", "id")
    )
    scores = dict(RoundScore.objects.filter(round=rnd).values_list("contestant_id", "score"))
    data = request.POST if request.method == "POST" else None
    form = RoundScoresForm(data, contestants=contestants, scores=scores)
    if request.method == "POST" and form.is_valid():
        entered = form.entered()
        try:
            with transaction.atomic():
                for contestant, score in entered:
                    services.round_score_record(
                        by=request.user, contestant=contestant, round=rnd, score=score
                    )
        except ValidationError as exc:
            for m in exc.messages:
                form.add_error(None, m)
        else:
            messages.success(request, f"已保存 {rnd} 的 {len(entered)} 名选手成绩")
            return redirect(reverse("competitions:contest", kwargs={"pk": comp.pk}))
    return render(
        request,
        "competitions/round_scores.html",
        {
            "c": comp,
            "round": rnd,
            "rounds": rnd.trade.rounds.all(),
            "form": form,
            "manage": True,
            "nav": "competitions",
        },
    )
