"""Statutory retirement under the gradual reform (渐进式延迟法定退休年龄), RULES.md §1.

Source: 全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》(2024-09-13) and 国务院《办法》第一条:
from 2025-01-01, men and women whose original age was 55 retire 1 month later for every 4 months
of birth, up to 63 and 58; women whose original age was 50 retire 1 month later for every
2 months, up to 55. The category is a fact about the job (干部/管理技术岗 or 工人), never derived
from sex, so callers always pass it explicitly.

Everything is counted in months; no Django here.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    MALE = "male"
    FEMALE55 = "female55"  # 原法定退休年龄55周岁的女职工（干部、管理技术岗）
    FEMALE50 = "female50"  # 原法定退休年龄50周岁的女职工（工人）


CATEGORY_LABELS = {
    Category.MALE: "男职工（原60周岁）",
    Category.FEMALE55: "女职工（原55周岁）",
    Category.FEMALE50: "女职工（原50周岁）",
}


@dataclass(frozen=True)
class Rule:
    base_years: int
    start_year: int
    start_month: int
    step: int  # months of birth per month of delay
    cap: int  # maximum delay in months


RULES = {
    Category.MALE: Rule(60, 1965, 1, 4, 36),
    Category.FEMALE55: Rule(55, 1970, 1, 4, 36),
    Category.FEMALE50: Rule(50, 1975, 1, 2, 60),
}

# 弹性提前/延迟退休: at most 3 years either way (办法 第二条、第三条).
FLEXIBLE_MONTHS = 36


@dataclass(frozen=True)
class Retirement:
    category: Category
    birth_year: int
    birth_month: int
    delay_months: int
    year: int
    month: int

    @property
    def age_months(self) -> int:
        return RULES[self.category].base_years * 12 + self.delay_months

    @property
    def age_label(self) -> str:
        years, months = divmod(self.age_months, 12)
        return f"{years}岁{months}个月" if months else f"{years}岁"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def first_day(self) -> dt.date:
        """The first day of the retirement month (how a year-month is stored as a date)."""
        return dt.date(self.year, self.month, 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _category(value) -> Category:
    try:
        return Category(value)
    except ValueError:
        raise ValueError(f"未知的退休类别：{value!r}（应为 male、female55 或 female50）") from None


def delay_months(category, birth_year: int, birth_month: int) -> int:
    """Months by which the statutory age is raised for one birth month."""
    if not 1 <= birth_month <= 12:
        raise ValueError(f"出生月份 {birth_month} 不存在")
    rule = RULES[_category(category)]
    k = (birth_year - rule.start_year) * 12 + (birth_month - rule.start_month)
    if k < 0:
        return 0
    return min(k // rule.step + 1, rule.cap)


def statutory_retirement(category, birth_year: int, birth_month: int) -> Retirement:
    """The statutory retirement year-month: birth year-month + base age + delay (RULES.md §1)."""
    category = _category(category)
    rule = RULES[category]
    delay = delay_months(category, birth_year, birth_month)
    index = birth_year * 12 + (birth_month - 1) + rule.base_years * 12 + delay
    year, month0 = divmod(index, 12)
    return Retirement(
        category=category,
        birth_year=birth_year,
        birth_month=birth_month,
        delay_months=delay,
        year=year,
        month=month0 + 1,
    )


def retirement_for(category, birth_date: dt.date) -> Retirement:
    return statutory_retirement(category, birth_date.year, birth_date.month)


def flexible_window(category, birth_year: int, birth_month: int) -> tuple[dt.date, dt.date]:
    """Earliest and latest month for 弹性退休: up to 3 years either side of the statutory month,
    but never earlier than the original age (办法 第二条). Returned as first days of months."""
    retirement = statutory_retirement(category, birth_year, birth_month)
    rule = RULES[retirement.category]
    statutory_index = retirement.year * 12 + retirement.month - 1
    original_index = birth_year * 12 + birth_month - 1 + rule.base_years * 12
    earliest = max(statutory_index - FLEXIBLE_MONTHS, original_index)
    latest = statutory_index + FLEXIBLE_MONTHS

    def as_date(index: int) -> dt.date:
        year, month0 = divmod(index, 12)
        return dt.date(year, month0 + 1, 1)

    return as_date(earliest), as_date(latest)
