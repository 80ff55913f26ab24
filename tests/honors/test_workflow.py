"""Model workers: the stored category drives the retirement month; the 到龄退休申报 steps; the
highest-tier allowance; the yearly check; care records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.dates import Period
from gonghui.core.models import ChangeRecord
from gonghui.honors import selectors, services
from gonghui.honors.models import ModelWorker, RetirementFiling
from tests.honors.helpers import make_worker


def test_category_not_sex_fixes_the_month(world):
    # Two women born the same month; one a worker (原50), one a manager (原55).
    born = dt.date(1975, 3, 9)
    worker = make_worker(world, name="甲", birth=born, female=True, category="female50")
    manager = make_worker(world, name="乙", birth=born, female=True, category="female55")
    assert worker.statutory_retirement == dt.date(2025, 5, 1)  # RULES §1 vector 11
    # 原55: k = 62 months since 1970-01, delay = 62 // 4 + 1 = 16 → 1975-03 + 55y16m.
    assert manager.statutory_retirement == dt.date(2031, 7, 1)
    assert str(manager.retirement()) == "2031-07" and manager.retirement().delay_months == 16
    # Changing the category moves the stored month.
    services.modelworker_update(by=world.clerk, worker=worker, category="female55")
    worker.refresh_from_db()
    assert worker.statutory_retirement == dt.date(2031, 7, 1)


def test_rules_vector_through_the_model(world):
    w = make_worker(world, birth=dt.date(1965, 5, 20), category="male")
    assert w.statutory_retirement == dt.date(2025, 7, 1)  # vector 3
    assert ModelWorker.objects.get(pk=w.pk).retirement().age_label == "60岁2个月"


def test_reminder_states(world, settings):
    settings.HONORS_REMINDER_MONTHS = 6
    w = make_worker(world, birth=dt.date(1966, 6, 15), category="male")
    # 1966-06: k = 17, delay = 5 → 2026-11.
    assert w.statutory_retirement == dt.date(2026, 11, 1)
    assert w.reminder_on() == dt.date(2026, 5, 1)
    assert w.reminder_state(dt.date(2026, 4, 30)) == "later"
    assert w.reminder_state(dt.date(2026, 5, 1)) == "due"
    assert w.reminder_state(dt.date(2026, 11, 1)) == "reached"
    due = selectors.retirement_reminders(org=world.town, today=dt.date(2026, 5, 1))
    assert list(due) == [w]
    assert not selectors.retirement_reminders(org=world.town, today=dt.date(2026, 4, 30)).exists()
    assert not selectors.retirement_reminders(org=world.union_b, today=dt.date(2026, 5, 1)).exists()


def test_filing_needs_every_document(world):
    w = make_worker(world)
    services.filing_checklist_update(
        by=world.chair_a,
        worker=w,
        has_certificate=True,
        has_retirement_approval=True,
        has_honour_proof=False,
    )
    with pytest.raises(ValidationError, match="保持荣誉证明"):
        services.filing_submit(by=world.chair_a, worker=w, on=dt.date(2026, 6, 1))
    services.filing_checklist_update(
        by=world.chair_a,
        worker=w,
        has_certificate=True,
        has_retirement_approval=True,
        has_honour_proof=True,
    )
    filing = services.filing_submit(by=world.chair_a, worker=w, on=dt.date(2026, 6, 1))
    assert filing.state == RetirementFiling.State.SUBMITTED
    with pytest.raises(ValidationError):
        services.filing_checklist_update(
            by=world.chair_a,
            worker=w,
            has_certificate=False,
            has_retirement_approval=True,
            has_honour_proof=True,
        )
    with pytest.raises(PermissionDenied):
        services.filing_approve(by=world.chair_a, filing=filing, on=dt.date(2026, 6, 10))
    services.filing_return(by=world.approver, filing=filing, note="退休审批表缺盖章")
    assert filing.state == RetirementFiling.State.RETURNED
    services.filing_submit(by=world.chair_a, worker=w, on=dt.date(2026, 6, 12))
    services.filing_approve(by=world.approver, filing=filing, on=dt.date(2026, 6, 20))
    filing.refresh_from_db()
    assert filing.state == RetirementFiling.State.APPROVED
    assert filing.allowance_from == w.statutory_retirement
    assert w.reminder_state(dt.date(2027, 1, 1)) == "filed"
    assert ChangeRecord.objects.filter(model="honors.retirementfiling").count() == 6


def test_revoked_honour_cannot_be_filed(world):
    w = make_worker(world)
    services.honour_revoke(by=world.clerk, honour=w.honours.get(), on=dt.date(2026, 1, 5))
    services.filing_checklist_update(
        by=world.clerk,
        worker=w,
        has_certificate=True,
        has_retirement_approval=True,
        has_honour_proof=True,
    )
    with pytest.raises(ValidationError, match="没有仍保持的荣誉称号"):
        services.filing_submit(by=world.clerk, worker=w, on=dt.date(2026, 6, 1))


def _approve(world, worker):
    services.filing_checklist_update(
        by=world.clerk,
        worker=worker,
        has_certificate=True,
        has_retirement_approval=True,
        has_honour_proof=True,
    )
    filing = services.filing_submit(by=world.clerk, worker=worker, on=dt.date(2026, 6, 1))
    services.filing_approve(by=world.approver, filing=filing, on=dt.date(2026, 6, 5))


def test_only_the_highest_tier_is_paid(world, settings):
    settings.HONORS_ALLOWANCE = {"national": "150", "provincial": "120", "city": "80"}
    both = make_worker(world, name="双料", level="city", title="市劳动模范", year=2008)
    services.honour_add(
        by=world.clerk, worker=both, level="provincial", title="省劳动模范", year=2015
    )
    city_only = make_worker(world, name="市级", level="city", title="市劳动模范")
    national = make_worker(world, name="全国", level="national", title="全国劳动模范", year=2020)
    not_filed = make_worker(world, name="未申报", level="national", title="全国劳动模范")
    for w in (both, city_only, national):
        _approve(world, w)
    assert both.monthly_allowance() == Decimal("120")
    assert not_filed.monthly_allowance() == Decimal("150")
    figures = selectors.honours_figures(org=world.town, period=Period.year(2026))
    assert figures["workers"] == 4
    assert figures["by_level"] == {"national": 2, "provincial": 1, "city": 1}
    assert figures["allowance"]["by_level"] == {"national": 1, "provincial": 1, "city": 1}
    assert figures["allowance"]["monthly_total"] == Decimal("350")
    assert figures["filings_submitted"] == 3 and figures["filings_approved"] == 3


def test_yearly_check_and_care(world):
    w = make_worker(world)
    other = make_worker(world, name="王五")
    services.honour_check_record(
        by=world.clerk, worker=w, year=2026, still_held=True, checked_on=dt.date(2026, 3, 1)
    )
    # A second check in the same year updates the first.
    services.honour_check_record(
        by=world.clerk,
        worker=w,
        year=2026,
        still_held=True,
        checked_on=dt.date(2026, 3, 9),
        note="复核",
    )
    assert w.checks.count() == 1
    services.care_record_add(
        by=world.clerk, worker=w, kind="visit", date=dt.date(2026, 2, 1), amount=Decimal("500")
    )
    services.care_record_add(
        by=world.clerk,
        worker=other,
        kind="sanatorium",
        date=dt.date(2026, 9, 1),
        end_date=dt.date(2026, 9, 7),
        place="太湖疗休养基地",
    )
    with pytest.raises(ValidationError):
        services.care_record_add(
            by=world.clerk,
            worker=other,
            kind="sanatorium",
            date=dt.date(2026, 9, 1),
            end_date=dt.date(2026, 8, 7),
        )
    figures = selectors.honours_figures(
        org=world.town, period=Period.year(2026), today=dt.date(2026, 11, 26)
    )
    assert figures["unchecked_this_year"] == 1
    assert figures["care"] == {"sanatorium": 1, "visit": 1}


def test_pian5_one_provincial_model_worker_filed(world):
    """篇5: 1 provincial model worker reached retirement age and was filed for the allowance."""
    w = make_worker(world, birth=dt.date(1966, 1, 10), category="male")
    assert w.statutory_retirement == dt.date(2026, 5, 1)  # 60岁4个月
    make_worker(world, name="未到龄", birth=dt.date(1975, 1, 1), level="city", title="市劳动模范")
    _approve(world, w)
    figures = selectors.honours_figures(org=world.town, period=Period.half(2026, 1))
    assert figures["reaching_retirement"] == 1
    assert figures["filings_submitted"] == 1
    assert figures["by_level"]["provincial"] == 1
