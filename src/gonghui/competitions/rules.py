"""The competition rules as plain functions (no database): hand-in state, scores, cycles."""

import datetime as dt
from decimal import Decimal

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
DUE_SOON = "due_soon"
PENDING = "pending"

STATE_LABELS = {
    ON_TIME: "按时报送",
    LATE: "逾期报送",
    MISSING: "逾期未报",
    DUE_SOON: "即将到期",
    PENDING: "未到期",
}


def handin_state(
    *, due: dt.date, submitted_on: dt.date | None, today: dt.date, reminder_days: int = 3
) -> str:
    """On time if handed in on or before the due date; missing once the due date has passed."""
    if submitted_on is not None:
        return ON_TIME if submitted_on <= due else LATE
    if today > due:
        return MISSING
    if (due - today).days <= reminder_days:
        return DUE_SOON
    return PENDING


def days_late(*, due: dt.date, submitted_on: dt.date) -> int:
    return max((submitted_on - due).days, 0)


def score_problems(*, points: Decimal, max_points: Decimal) -> str | None:
    if points < 0:
        return "得分不能为负数"
    if points > max_points:
        return f"得分 {points:g} 超过该项满分 {max_points:g}"
    return None


def may_apply_for_award(total: Decimal | None, threshold: Decimal) -> bool:
    """RULES.md §8: e.g. Henan construction apply only with >= 95/100."""
    return total is not None and total >= threshold


def recorded_after_the_fact(
    *, activity_date: dt.date, recorded_on: dt.date, late_record_days: int
) -> bool:
    """A record typed in more than N days after the activity (为了活动而补记录)."""
    return (recorded_on - activity_date).days > late_record_days


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def adoption_rate(adopted: int, submitted: int) -> Decimal | None:
    """Adopted / submitted as a percentage with one decimal, None when nothing was submitted."""
    if not submitted:
        return None
    return (Decimal(adopted) * 100 / Decimal(submitted)).quantize(Decimal("0.1"))


# 全国安康杯 特色工作评分表 (RULES.md §8): 形式 20, 内容 5 × 10, 效果 30 = 100.
STANDARD_SAFETY_RUBRIC = [
    ("形式", "组织形式", Decimal(20)),
    ("内容", "检查考核表", Decimal(10)),
    ("内容", "班组安全建设", Decimal(10)),
    ("内容", "职业安全卫生知识竞赛", Decimal(10)),
    ("内容", "“战高温”竞赛", Decimal(10)),
    ("内容", "征文", Decimal(10)),
    ("效果", "活动效果", Decimal(30)),
]
