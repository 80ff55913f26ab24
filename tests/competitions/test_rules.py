import datetime as dt
from decimal import Decimal

from gonghui.competitions import rules

DUE = dt.date(2026, 3, 31)


def test_handin_on_the_due_date_is_on_time():
    assert rules.handin_state(due=DUE, submitted_on=DUE, today=dt.date(2026, 5, 1)) == "on_time"


def test_handin_a_day_after_is_late():
    assert rules.handin_state(due=DUE, submitted_on=dt.date(2026, 4, 1), today=DUE) == "late"
    assert rules.days_late(due=DUE, submitted_on=dt.date(2026, 4, 3)) == 3


def test_nothing_handed_in():
    assert rules.handin_state(due=DUE, submitted_on=None, today=DUE) == "due_soon"
    assert rules.handin_state(due=DUE, submitted_on=None, today=dt.date(2026, 4, 1)) == "missing"
    assert rules.handin_state(due=DUE, submitted_on=None, today=dt.date(2026, 3, 28)) == "due_soon"
    assert rules.handin_state(due=DUE, submitted_on=None, today=dt.date(2026, 3, 27)) == "pending"


def test_standard_safety_rubric_is_20_50_30():
    groups = {}
    for group, _name, points in rules.STANDARD_SAFETY_RUBRIC:
        groups[group] = groups.get(group, 0) + points
    assert groups == {"形式": 20, "内容": 50, "效果": 30}


def test_award_threshold_boundary():
    assert rules.may_apply_for_award(Decimal("95"), Decimal("95"))
    assert not rules.may_apply_for_award(Decimal("94.99"), Decimal("95"))
    assert not rules.may_apply_for_award(None, Decimal("95"))


def test_score_over_the_item_maximum():
    assert rules.score_problems(points=Decimal(21), max_points=Decimal(20))
    assert rules.score_problems(points=Decimal(20), max_points=Decimal(20)) is None


def test_record_after_the_fact_boundary():
    day = dt.date(2026, 4, 1)
    assert not rules.recorded_after_the_fact(
        activity_date=day, recorded_on=day + dt.timedelta(days=7), late_record_days=7
    )
    assert rules.recorded_after_the_fact(
        activity_date=day, recorded_on=day + dt.timedelta(days=8), late_record_days=7
    )


def test_adoption_rate():
    assert rules.adoption_rate(1198, 4150) == Decimal("28.9")
    assert rules.adoption_rate(0, 0) is None
