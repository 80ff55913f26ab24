"""The organiser's skills-contest pages: trades, rounds, contestants and the round score grid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import get_competition, require_manage
from ..forms import ContestantForm, RoundForm, RoundScoresForm, TradeForm
from ..models import Contestant, Round, RoundScore


def _form_errors(request, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errs:
            messages.error(request, f"{label}：{e}" if label else e)


@login_required
@require_POST
def contest_setup(request, pk, what):
    """Add a trade (with its rounds), one more round, or one contestant; back to the contest page."""
    comp = get_competition(request.user, pk)
    require_manage(request.user, comp)
    if what == "contestant":
        return _contestant_add(request, comp)
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


def _contestant_add(request, comp):
    form = ContestantForm(
        request.POST, competition=comp, participants=selectors.participants_of(comp)
    )
    back = redirect("competitions:contest", pk=comp.pk)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    d = form.cleaned_data
    try:
        with transaction.atomic():
            person = d["person"]
            if isinstance(person, tuple):
                person = services.person_ensure(
                    by=request.user, id_number=person[0], name=person[1], org=d["participant"].org
                )
            contestant = services.contestant_add(
                by=request.user,
                trade=d["trade"],
                participant=d["participant"],
                person=person,
                grade_before=d["grade_before"],
            )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return back
    messages.success(
        request,
        f"已添加选手 {contestant.person.name}（{d['participant'].name}，{contestant.trade.name}）",
    )
    return redirect("competitions:contest", pk=comp.pk)


@login_required
@require_POST
def contestant_remove(request, pk, contestant):
    """Withdraw one contestant (退赛, or entered by mistake); their round scores go with them."""
    comp = get_competition(request.user, pk)
    require_manage(request.user, comp)
    try:
        row = Contestant.objects.select_related("person", "trade", "participant__org").get(
            pk=contestant, trade__competition=comp
        )
    except Contestant.DoesNotExist:
        raise Http404("没有找到该选手") from None
    name, trade = row.person.name, row.trade.name
    services.contestant_remove(by=request.user, contestant=row)
    messages.success(request, f"已将 {name} 从 {trade} 中移除（含其各轮成绩）")
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
