from decimal import Decimal as D

import pytest

from gonghui.assistance.rules import (
    State,
    Tier,
    hardship_tier,
    household_key,
    monthly_per_capita,
    refusal,
)

DIBAO = D("800")


def tier(income, rigid, size, **kw):
    return hardship_tier(
        annual_income=D(income),
        rigid_spending=D(rigid),
        household_size=size,
        dibao_monthly=DIBAO,
        **kw,
    )


def test_monthly_per_capita_is_income_less_rigid_over_12_over_size():
    assert monthly_per_capita(
        annual_income=D("36000"), rigid_spending=D("6000"), household_size=3
    ) == D("833.33")


@pytest.mark.parametrize(
    ("income", "rigid", "size", "expected"),
    [
        ("28799.64", "0", 3, Tier.DEEP),  # 799.99 per person and month
        ("28800", "0", 3, Tier.RELATIVE),  # exactly the standard is not below it
        ("57599.64", "0", 3, Tier.RELATIVE),  # 1599.99 < 2 × 800
        ("57600", "0", 3, ""),  # exactly twice: not in hardship
        ("60000", "24000", 4, Tier.DEEP),  # rigid spending counts: 36000 / 48 = 750
        ("10000", "20000", 2, Tier.DEEP),  # negative after spending
    ],
)
def test_tiers_against_the_dibao_standard(income, rigid, size, expected):
    assert tier(income, rigid, size) == expected


def test_sudden_event_above_80_percent_of_income_is_accident_tier():
    assert tier("100000", "0", 3, sudden_event=True, sudden_costs=D("80001")) == Tier.ACCIDENT
    assert tier("100000", "0", 3, sudden_event=True, sudden_costs=D("80000")) == ""
    assert tier("100000", "0", 3, sudden_event=False, sudden_costs=D("90000")) == ""


def test_household_size_must_be_positive():
    with pytest.raises(ValueError):
        monthly_per_capita(annual_income=D("1"), rigid_spending=D("0"), household_size=0)


def test_refusal_names_the_state_and_what_is_allowed():
    assert refusal("approve", State.REPORTED) is None
    msg = refusal("approve", State.SUBMITTED, "张三")
    assert msg == ("“张三”的申请当前状态为“已申请”，不能批准：只有“已上报”的申请可以批准。")


def test_household_key_prefers_the_file():
    assert household_key(person_id=5, file_id=9) == "F9"
    assert household_key(person_id=5, file_id=None) == "P5"
