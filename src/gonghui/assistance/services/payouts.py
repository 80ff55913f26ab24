"""Disbursements (cash and goods), recurring support schedules, and visits (慰问走访)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from gonghui.core.audit import record_change, record_create, snapshot
from gonghui.core.dates import add_months
from gonghui.core.models import ChangeRecord

from ..models import Disbursement, GoodsLine, SupportSchedule, Visit
from ..rules import State
from .applications import _move
from .errors import AidError


def _snapshot(disbursement) -> dict:
    # A FileField is not JSON: keep the stored name.
    data = snapshot(
        disbursement,
        [f.name for f in Disbursement._meta.concrete_fields if f.name != "receipt_scan"],
    )
    data["receipt_scan"] = disbursement.receipt_scan.name or ""
    return data


def _goods_lines(lines) -> list[GoodsLine]:
    result = []
    for line in lines or []:
        item = (line.get("item") or "").strip()
        if not item:
            continue
        quantity = Decimal(str(line.get("quantity") or 0))
        value = Decimal(str(line.get("value") or 0))
        if quantity < 0 or value < 0:
            raise AidError(f"物资“{item}”的数量和折价不能为负数")
        result.append(
            GoodsLine(item=item, quantity=quantity, unit=(line.get("unit") or "份"), value=value)
        )
    return result


@transaction.atomic
def disbursement_record(
    *,
    application,
    by,
    date: dt.date,
    method: str,
    cash: Decimal = Decimal("0"),
    goods_lines: list[dict] | None = None,
    handled_by: str = "",
    receipt_signed: bool = False,
    receipt_scan=None,
    note: str = "",
    schedule=None,
    schedule_index=None,
) -> Disbursement:
    """发放: only to an approved application; the first payout moves it to 已发放."""
    if application.status not in (State.APPROVED, State.DISBURSED):
        raise AidError(
            f"“{application.person.name}”的申请当前状态为“{application.get_status_display()}”，"
            "只有已批准的申请才能发放"
        )
    if method not in Disbursement.Method.values:
        raise AidError("请选择发放方式（银行转账或当面发放）")
    cash = Decimal(cash or 0)
    if cash < 0:
        raise AidError("现金金额不能为负数")
    lines = _goods_lines(goods_lines)
    if cash == 0 and not lines:
        raise AidError("发放记录须有现金或物资")
    disbursement = Disbursement(
        application=application,
        org=application.org,
        date=date,
        method=method,
        cash=cash,
        handled_by=handled_by,
        receipt_signed=receipt_signed,
        note=note,
        schedule=schedule,
        schedule_index=schedule_index,
    )
    if receipt_scan:
        disbursement.receipt_scan = receipt_scan
    disbursement.save()
    for line in lines:
        line.disbursement = disbursement
    GoodsLine.objects.bulk_create(lines)
    record_change(
        user=by,
        instance=disbursement,
        action=ChangeRecord.Action.CREATE,
        after=_snapshot(disbursement),
        org=application.org,
    )
    if application.status == State.APPROVED:
        _move([application], action="disburse", by=by, note=f"{date:%Y-%m-%d} 发放")
    return disbursement


@transaction.atomic
def schedule_create(
    *,
    application,
    by,
    description: str,
    first: dt.date,
    months: int,
    cash: Decimal = Decimal("0"),
    goods: list[dict] | None = None,
    method: str = Disbursement.Method.IN_PERSON,
) -> SupportSchedule:
    """常年帮扶 (e.g. a year of rice, oil, water and electricity) for an approved application."""
    if application.status not in (State.APPROVED, State.DISBURSED):
        raise AidError("只有已批准的申请才能制定常年帮扶计划")
    if months < 1:
        raise AidError("期数至少为 1")
    lines = [
        {"item": g.item, "quantity": str(g.quantity), "unit": g.unit, "value": str(g.value)}
        for g in _goods_lines(goods)
    ]
    schedule = SupportSchedule.objects.create(
        application=application,
        description=description,
        first=first,
        months=months,
        cash=cash,
        goods=lines,
        method=method,
    )
    record_create(user=by, instance=schedule, org=application.org)
    return schedule


@transaction.atomic
def schedule_generate(*, schedule, by, through: dt.date) -> list[Disbursement]:
    """Produce the disbursements due up to `through`; running it again adds nothing twice."""
    done = set(schedule.disbursements.values_list("schedule_index", flat=True))
    created = []
    for index in range(schedule.months):
        day = add_months(schedule.first, index)
        if day > through:
            break
        if index + 1 in done:
            continue
        created.append(
            disbursement_record(
                application=schedule.application,
                by=by,
                date=day,
                method=schedule.method,
                cash=schedule.cash,
                goods_lines=schedule.goods,
                note=f"{schedule.description} 第{index + 1}期",
                schedule=schedule,
                schedule_index=index + 1,
            )
        )
    return created


@transaction.atomic
def visit_record(*, by, **fields) -> Visit:
    visit = Visit.objects.create(**fields)
    record_create(user=by, instance=visit, org=visit.org)
    return visit


@transaction.atomic
def disbursement_sign(*, disbursement, by, receipt_scan=None) -> Disbursement:
    """签收: the recipient signed the receipt; a scan may be attached."""
    before = _snapshot(disbursement)
    disbursement.receipt_signed = True
    if receipt_scan:
        disbursement.receipt_scan = receipt_scan
    disbursement.save()
    record_change(
        user=by,
        instance=disbursement,
        action=ChangeRecord.Action.UPDATE,
        before=before,
        after=_snapshot(disbursement),
        org=disbursement.org,
    )
    return disbursement
