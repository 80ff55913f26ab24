"""常年帮扶 (recurring support) on the application page: set up a schedule, produce what is due.

Thin views over services.schedule_create / schedule_generate; writers in scope only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.dates import add_months
from gonghui.orgs.access import require_write

from . import services as svc
from .forms import ScheduleForm, ScheduleGoodsFormSet
from .models import Application, SupportSchedule
from .rules import State
from .selectors import schedules_of
from .views import _fail, get_application

GOODS_PREFIX = "sg"
OPEN_STATES = (State.APPROVED, State.DISBURSED)


def schedule_context(app, *, can_write: bool) -> dict:
    """What the application page shows of its schedules (and the form, for writers)."""
    today = timezone.localdate()
    schedules = list(schedules_of(app))
    for schedule in schedules:
        schedule.finished = schedule.produced >= schedule.months
        schedule.next_date = (
            None if schedule.finished else add_months(schedule.first, schedule.produced)
        )
        schedule.due = schedule.next_date is not None and schedule.next_date <= today
    context = {"schedules": schedules}
    if can_write and app.status in OPEN_STATES:
        context["schedule_form"] = ScheduleForm(initial={"first": today, "months": 12}, prefix="sc")
        context["schedule_goods"] = ScheduleGoodsFormSet(prefix=GOODS_PREFIX)
    return context


def _get_schedule(user, pk) -> SupportSchedule:
    try:
        return (
            SupportSchedule.objects.filter(application__in=Application.objects.visible_to(user))
            .select_related("application", "application__person", "application__org")
            .get(pk=pk)
        )
    except (SupportSchedule.DoesNotExist, ValueError):
        raise Http404("没有找到该帮扶计划") from None


def _errors(form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}{errors[0]}")
    return "；".join(parts)


@login_required
@require_POST
def schedule_new(request, pk):
    require_write(request.user)
    app = get_application(request.user, pk)
    back = redirect("assistance:application", pk=app.pk)
    form = ScheduleForm(request.POST, prefix="sc")
    goods = ScheduleGoodsFormSet(request.POST, prefix=GOODS_PREFIX)
    if not form.is_valid() or not goods.is_valid():
        problems = [_errors(form)] if form.errors else []
        problems += [_errors(g) for g in goods if g.errors]
        problems += list(goods.non_form_errors())
        messages.error(request, "帮扶计划信息有误：" + "；".join(p for p in problems if p))
        return back
    data = form.cleaned_data
    lines = [
        {
            "item": g.cleaned_data["item"],
            "quantity": g.cleaned_data.get("quantity") or 0,
            "unit": g.cleaned_data.get("unit") or "份",
            "value": g.cleaned_data.get("value") or 0,
        }
        for g in goods
        if g.cleaned_data.get("item")
    ]
    if not data["cash"] and not lines:
        messages.error(request, "帮扶计划须有每期现金或物资")
        return back
    try:
        schedule = svc.schedule_create(
            application=app,
            by=request.user,
            description=data["description"],
            first=data["first"],
            months=data["months"],
            cash=data["cash"],
            goods=lines,
            method=data["method"],
        )
    except svc.AidError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request, f"已制定常年帮扶计划“{schedule.description}”，共 {schedule.months} 期"
        )
    return back


@login_required
@require_POST
def schedule_generate(request, pk):
    """生成到期发放: every period due up to today that has not been produced yet (idempotent)."""
    require_write(request.user)
    schedule = _get_schedule(request.user, pk)
    back = redirect("assistance:application", pk=schedule.application_id)
    today = timezone.localdate()
    try:
        with transaction.atomic():
            # Two presses at once: the second waits here, then finds the periods already made.
            SupportSchedule.objects.select_for_update().filter(pk=schedule.pk).first()
            made = svc.schedule_generate(schedule=schedule, by=request.user, through=today)
    except svc.AidError as exc:
        _fail(request, exc)
        return back
    except IntegrityError:
        messages.warning(request, "该计划正在由他人生成发放，请刷新后查看")
        return back
    if made:
        first, last = made[0], made[-1]
        span = f"第{first.schedule_index}期" + (
            f"至第{last.schedule_index}期" if len(made) > 1 else ""
        )
        messages.success(request, f"已生成 {len(made)} 期发放（{span}）")
    else:
        messages.info(request, f"截至 {today:%Y-%m-%d} 没有新的到期发放")
    return back
