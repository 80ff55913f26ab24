"""Statutory retirement (RULES.md §1): every vector of the table, and properties over 1950–2000."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.retirement import (
    RULES,
    Category,
    delay_months,
    flexible_window,
    retirement_for,
    statutory_retirement,
)

M, F55, F50 = Category.MALE, Category.FEMALE55, Category.FEMALE50

# (#, category, birth, delay, age, retire) exactly as RULES.md §1 prints them.
VECTORS = [
    (1, M, "1964-12", 0, "60岁", "2024-12"),
    (2, M, "1965-01", 1, "60岁1个月", "2025-02"),
    (3, M, "1965-05", 2, "60岁2个月", "2025-07"),
    (4, M, "1965-12", 3, "60岁3个月", "2026-03"),
    (5, M, "1976-08", 35, "62岁11个月", "2039-07"),
    (6, M, "1976-09", 36, "63岁", "2039-09"),
    (7, F55, "1970-01", 1, "55岁1个月", "2025-02"),
    (8, F55, "1971-04", 4, "55岁4个月", "2026-08"),
    (9, F55, "1981-09", 36, "58岁", "2039-09"),
    (10, F50, "1975-01", 1, "50岁1个月", "2025-02"),
    (11, F50, "1975-03", 2, "50岁2个月", "2025-05"),
    (12, F50, "1975-11", 6, "50岁6个月", "2026-05"),
    (13, F50, "1984-11", 60, "55岁", "2039-11"),
]


@pytest.mark.parametrize("number,category,birth,delay,age,retire", VECTORS, ids=lambda v: str(v))
def test_rules_vectors(number, category, birth, delay, age, retire):
    year, month = (int(x) for x in birth.split("-"))
    result = statutory_retirement(category, year, month)
    assert result.delay_months == delay
    assert result.age_label == age
    assert str(result) == retire
    # The same answer from a birth date anywhere in the month.
    assert retirement_for(category, dt.date(year, month, 28)) == result


def test_news_examples():
    # Men born in 1965 retire between 2025-02 and 2026-03.
    months = [str(statutory_retirement(M, 1965, m)) for m in range(1, 13)]
    assert months[0] == "2025-02" and months[-1] == "2026-03"
    # Reaching the caps exactly where RULES.md says.
    assert delay_months(M, 1976, 8) == 35 and delay_months(M, 1976, 9) == 36
    assert delay_months(F55, 1981, 8) == 35 and delay_months(F55, 1981, 9) == 36
    assert delay_months(F50, 1984, 10) == 59 and delay_months(F50, 1984, 11) == 60


def test_category_is_never_guessed():
    with pytest.raises(ValueError, match="未知的退休类别"):
        statutory_retirement("female", 1970, 1)
    with pytest.raises(ValueError, match="出生月份"):
        statutory_retirement(M, 1970, 13)
    assert statutory_retirement("female50", 1975, 1).category is F50


def test_labels_and_first_day():
    r = statutory_retirement(F55, 1971, 4)
    assert r.label == "2026年8月"
    assert r.first_day == dt.date(2026, 8, 1)
    assert r.age_months == 55 * 12 + 4


def test_flexible_window_never_below_original_age():
    # 1965-01 man: statutory 2025-02 (60y1m); early at most back to 60y = 2025-01.
    assert flexible_window(M, 1965, 1) == (dt.date(2025, 1, 1), dt.date(2028, 2, 1))
    # At the cap: 63y, so early down to 60y and late up to 66y.
    assert flexible_window(M, 1980, 1) == (dt.date(2040, 1, 1), dt.date(2046, 1, 1))


# ---- properties -------------------------------------------------------------------------------

categories = st.sampled_from(list(Category))
birth_months = st.tuples(st.integers(1950, 2000), st.integers(1, 12))


def _index(year, month):
    return year * 12 + month - 1


def _independent(category, year, month):
    """The 对照表 read another way: count the steps begun since the start month, capped."""
    rule = RULES[category]
    k = _index(year, month) - _index(rule.start_year, rule.start_month)
    if k < 0:
        delay = 0
    else:
        delay = min(-(-(k + 1) // rule.step), rule.cap)  # ceil((k+1)/step)
    retire = _index(year, month) + rule.base_years * 12 + delay
    return delay, divmod(retire, 12)


@given(categories, birth_months)
def test_matches_the_formula(category, birth):
    year, month = birth
    result = statutory_retirement(category, year, month)
    delay, (ry, rm0) = _independent(category, year, month)
    assert result.delay_months == delay
    assert (result.year, result.month) == (ry, rm0 + 1)


@given(categories, birth_months)
def test_delay_within_cap_and_monotone(category, birth):
    year, month = birth
    rule = RULES[category]
    result = statutory_retirement(category, year, month)
    assert 0 <= result.delay_months <= rule.cap
    nxt_index = _index(year, month) + 1
    nxt = statutory_retirement(category, nxt_index // 12, nxt_index % 12 + 1)
    # One month later born never retires earlier, and never gets a smaller delay.
    assert _index(nxt.year, nxt.month) > _index(result.year, result.month)
    assert nxt.delay_months >= result.delay_months


@given(categories, birth_months)
def test_step_boundaries(category, birth):
    """Within a step the retirement month moves with the birth month; at the first month of each
    step (k % step == 0, before the cap) it jumps one extra month; before the start and after the
    cap it moves one for one."""
    year, month = birth
    rule = RULES[category]
    k = _index(year, month) - _index(rule.start_year, rule.start_month)
    here = statutory_retirement(category, year, month)
    prev_index = _index(year, month) - 1
    prev = statutory_retirement(category, prev_index // 12, prev_index % 12 + 1)
    gap = _index(here.year, here.month) - _index(prev.year, prev.month)
    steps_begun = k // rule.step + 1 if k >= 0 else 0
    if k >= 0 and k % rule.step == 0 and steps_begun <= rule.cap:
        assert gap == 2
        assert here.delay_months == prev.delay_months + 1
    else:
        assert gap == 1
        assert here.delay_months == prev.delay_months


@pytest.mark.parametrize("category", list(Category))
def test_every_step_boundary_exhaustively(category):
    """The boundaries of every step, from one year before the start to one year after the cap."""
    rule = RULES[category]
    start = _index(rule.start_year, rule.start_month)
    last_step = start + (rule.cap - 1) * rule.step
    for index in range(start - 12, last_step + 12):
        r = statutory_retirement(category, index // 12, index % 12 + 1)
        k = index - start
        expected = 0 if k < 0 else min(k // rule.step + 1, rule.cap)
        assert r.delay_months == expected, (category, index // 12, index % 12 + 1)
    # The first month at the cap, and the month before it.
    cap_index = last_step
    assert delay_months(category, cap_index // 12, cap_index % 12 + 1) == rule.cap
    before = cap_index - 1
    assert delay_months(category, before // 12, before % 12 + 1) == rule.cap - 1
