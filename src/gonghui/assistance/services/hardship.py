"""困难职工档案: filing (建档), yearly review (复核) and exit (撤档)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from gonghui.core.audit import record_create, record_update, snapshot
from gonghui.core.dates import add_months

from ..models import AidSetting, HardshipFile, HardshipReview, HouseholdMember
from ..rules import hardship_tier
from .errors import AidError


def aid_setting_for(org) -> AidSetting | None:
    """The organisation's own setting, or its nearest ancestor's."""
    paths = [org.path[:i] for i in range(4, len(org.path) + 1, 4)]
    return AidSetting.objects.filter(org__path__in=paths).order_by("-org__depth").first()


def _dibao(org) -> Decimal:
    setting = aid_setting_for(org)
    if setting is None:
        raise AidError(f"“{org}”及其上级都没有设置当地低保标准，请先在帮扶设置中填写")
    return setting.dibao_monthly


@transaction.atomic
def hardship_file_open(
    *,
    org,
    head,
    by,
    cause: str,
    annual_income: Decimal,
    household_size: int,
    opened: dt.date,
    rigid_spending: Decimal = Decimal("0"),
    sudden_event: bool = False,
    sudden_costs: Decimal = Decimal("0"),
    cause_detail: str = "",
    address: str = "",
    bank_account: str = "",
    members: list[dict] | None = None,
) -> HardshipFile:
    """建档: one open file per household; the tier is computed, never typed."""
    if HardshipFile.objects.open().filter(head=head).exists():
        raise AidError(f"{head.name}户已有在档的困难职工档案（一户一档），不能重复建档")
    if HouseholdMember.objects.filter(person=head, file__status="open").exists():
        raise AidError(f"{head.name}已是另一户在档档案的家庭成员（一户一档），不能重复建档")
    dibao = _dibao(org)
    tier = hardship_tier(
        annual_income=annual_income,
        rigid_spending=rigid_spending,
        household_size=household_size,
        dibao_monthly=dibao,
        sudden_event=sudden_event,
        sudden_costs=sudden_costs,
    )
    if not tier:
        raise AidError(
            "按（家庭收入−刚性支出）÷12÷家庭人口计算，该户人均月收入不低于低保标准的 2 倍，"
            "且不属于意外致困，不符合建档条件"
        )
    file = HardshipFile.objects.create(
        org=org,
        head=head,
        cause=cause,
        cause_detail=cause_detail,
        annual_income=annual_income,
        rigid_spending=rigid_spending,
        household_size=household_size,
        sudden_event=sudden_event,
        sudden_costs=sudden_costs,
        dibao_monthly=dibao,
        tier=tier,
        address=address,
        bank_account=bank_account,
        opened=opened,
        review_due=add_months(opened, 12),
    )
    HouseholdMember.objects.bulk_create(
        [HouseholdMember(file=file, **member) for member in (members or [])]
    )
    record_create(user=by, instance=file, org=org)
    return file


@transaction.atomic
def hardship_file_review(
    *,
    file,
    by,
    date: dt.date,
    reviewer: str,
    annual_income: Decimal,
    household_size: int,
    rigid_spending: Decimal = Decimal("0"),
    sudden_event: bool = False,
    sudden_costs: Decimal = Decimal("0"),
    note: str = "",
) -> HardshipFile:
    """年度复核: recompute the tier with today's 低保 standard; the next review is due in a year.
    A household that no longer qualifies keeps its file until it is closed with 脱困."""
    if file.status != HardshipFile.Status.OPEN:
        raise AidError("已撤档的档案不能复核")
    before = snapshot(file)
    file.dibao_monthly = _dibao(file.org)
    file.annual_income = annual_income
    file.rigid_spending = rigid_spending
    file.household_size = household_size
    file.sudden_event = sudden_event
    file.sudden_costs = sudden_costs
    file.tier = hardship_tier(
        annual_income=annual_income,
        rigid_spending=rigid_spending,
        household_size=household_size,
        dibao_monthly=file.dibao_monthly,
        sudden_event=sudden_event,
        sudden_costs=sudden_costs,
    )
    file.review_due = add_months(date, 12)
    file.save()
    HardshipReview.objects.create(
        file=file, date=date, reviewer=reviewer, tier=file.tier, note=note
    )
    record_update(user=by, instance=file, before=before, org=file.org)
    return file


@transaction.atomic
def hardship_file_close(*, file, by, date: dt.date, reason: str, note: str = "") -> HardshipFile:
    """撤档 (解困脱困, retirement, moving away, death); the file is kept, never deleted."""
    if file.status != HardshipFile.Status.OPEN:
        raise AidError("该档案已撤档")
    if reason not in HardshipFile.ExitReason.values:
        raise AidError("请选择撤档原因")
    if date < file.opened:
        raise AidError("撤档日期不能早于建档日期")
    before = snapshot(file)
    file.status = HardshipFile.Status.CLOSED
    file.closed = date
    file.exit_reason = reason
    file.exit_note = note[:200]
    file.save()
    record_update(user=by, instance=file, before=before, org=file.org)
    return file
