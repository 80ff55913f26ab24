from decimal import Decimal

from gonghui.core.numbers import chinese_small, count_rounded, exact, money_rounded, percent


def test_exact():
    assert exact(194) == "194"
    assert exact(Decimal("21623.00")) == "21623"
    assert exact(Decimal("2.50")) == "2.5"


def test_money_rounded_as_the_source_writes():
    assert money_rounded(24000) == "2.4万"  # 篇5: 2.4万元
    assert money_rounded(131234) == "13万余"  # 篇3: 13万余元
    assert money_rounded(120000) == "12万"  # 篇1: 12万元
    assert money_rounded(5000) == "5000"


def test_count_rounded():
    assert count_rounded(812) == "八百余"  # 篇3: 八百余人
    assert count_rounded(800) == "八百"
    assert count_rounded(93) == "93"
    assert count_rounded(1234) == "一千二百余"
    assert chinese_small(35) == "三十五"
    assert chinese_small(105) == "一百零五"


def test_percent():
    assert percent(199, 199) == "100%"
    assert percent(1, 3) == "33.3%"
    assert percent(1, 0) == "—"
