"""Checks that stop double aid, loaded once for a set of households (entry and import alike)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Sum

from gonghui.members.models import Membership

from ..models import Application, HardshipFile, HouseholdBar, HouseholdMember
from ..rules import ACTIVE_STATES, household_key


def household_keys_for(person_ids) -> dict[int, tuple[str, int | None]]:
    """person id → (household key, open hardship file id) in two queries."""
    person_ids = list(set(person_ids))
    files = dict(
        HardshipFile.objects.open().filter(head_id__in=person_ids).values_list("head_id", "id")
    )
    for person_id, file_id in HouseholdMember.objects.filter(
        person_id__in=person_ids, file__status=HardshipFile.Status.OPEN
    ).values_list("person_id", "file_id"):
        files.setdefault(person_id, file_id)
    return {
        pid: (household_key(person_id=pid, file_id=files.get(pid)), files.get(pid))
        for pid in person_ids
    }


@dataclass
class AidChecks:
    """What is already known about the households of one campaign; `problems` gives reasons."""

    campaign: object
    today: dt.date
    taken: set[str] = field(default_factory=set)
    excluded: dict[str, str] = field(default_factory=dict)
    barred: dict[str, dt.date] = field(default_factory=dict)
    year_totals: dict[str, Decimal] = field(default_factory=dict)
    members: set[int] = field(default_factory=set)

    def problems(self, *, key: str, person_id: int, amount: Decimal) -> list[str]:
        campaign = self.campaign
        found = []
        if key in self.taken:
            found.append(f"同一户已在“{campaign.name}”中申请，不能重复申请")
        if key in self.excluded:
            found.append(
                f"该户已在互斥的活动“{self.excluded[key]}”中申请，不能同时享受“{campaign.name}”"
            )
        if key in self.barred:
            found.append(f"该户因申报不实被取消申报资格，{self.barred[key]:%Y年%m月%d日}前不能申请")
        if campaign.yearly_cap is not None:
            before = Decimal(self.year_totals.get(key) or 0)
            if before + amount > campaign.yearly_cap:
                found.append(
                    f"该户{campaign.start.year}年已获救助 {before:.2f} 元，"
                    f"加上本次 {amount:.2f} 元超过每户年度上限 {campaign.yearly_cap:.2f} 元"
                )
        if campaign.recipients == "members" and person_id not in self.members:
            found.append(f"“{campaign.name}”仅限在册会员申请，申请人不是在册会员")
        return found

    def add(self, *, key: str, amount: Decimal) -> None:
        """Count an accepted row, so later rows of the same file are checked against it."""
        self.taken.add(key)
        self.year_totals[key] = self.year_totals.get(key, Decimal("0")) + amount


def load_checks(*, campaign, keys, person_ids=(), today=None, exclude_pk=None) -> AidChecks:
    """Five queries for any number of households."""
    keys = list(set(keys))
    today = today or dt.date.today()
    active = Application.objects.filter(status__in=ACTIVE_STATES, household_key__in=keys)
    if exclude_pk is not None:
        active = active.exclude(pk=exclude_pk)
    checks = AidChecks(campaign=campaign, today=today)
    checks.taken = set(active.filter(campaign=campaign).values_list("household_key", flat=True))
    if campaign.pk:
        exclusive_ids = list(campaign.excludes.values_list("id", flat=True))
        for key, name in active.filter(campaign_id__in=exclusive_ids).values_list(
            "household_key", "campaign__name"
        ):
            checks.excluded.setdefault(key, name)
    for key, until in HouseholdBar.objects.filter(
        household_key__in=keys, until__gt=today
    ).values_list("household_key", "until"):
        checks.barred[key] = max(until, checks.barred.get(key, until))
    if campaign.yearly_cap is not None:
        checks.year_totals = {
            row["household_key"]: row["total"]
            for row in active.filter(campaign__start__year=campaign.start.year)
            .values("household_key")
            .annotate(total=Sum(F("cash") + F("goods_value")))
        }
    if campaign.recipients == "members":
        checks.members = set(
            Membership.objects.active()
            .filter(person_id__in=list(person_ids))
            .values_list("person_id", flat=True)
        )
    return checks
