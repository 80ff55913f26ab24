import datetime as dt

import pytest

from gonghui.core.dates import DateError, Period, add_months, parse_date
from gonghui.core.masking import mask_mobile, mask_name
from gonghui.core.phone import PhoneError, parse_mobile

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    "raw",
    [
        "2019.3.5",
        "2019/03/05",
        "2019-3-5",
        "2019年3月5日",
        "20190305",
        dt.date(2019, 3, 5),
        dt.datetime(2019, 3, 5, 0, 0),
        43529,
        "２０１９．３．５",
        "2019-03-05 00:00:00",
        20190305,
    ],
)
def test_parse_date_forms(raw):
    assert parse_date(raw, today=TODAY) == dt.date(2019, 3, 5)


@pytest.mark.parametrize("raw", ["2019.2.30", "2019-13-01", "三月五日", "2027-01-01"])
def test_parse_date_rejects(raw):
    with pytest.raises(DateError):
        parse_date(raw, today=TODAY)


def test_period_is_half_open():
    half = Period.half(2026, 1)
    assert dt.date(2026, 6, 30) in half and dt.date(2026, 7, 1) not in half
    assert Period.quarter(2026, 4).end == dt.date(2027, 1, 1)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


def test_mask_name_and_mobile():
    assert [mask_name(n) for n in ("张三", "张三丰", "欧阳修锋")] == ["张*", "张*丰", "欧**锋"]
    assert mask_mobile("13812341234") == "138****1234"


def test_mobile():
    assert parse_mobile("+86 138-1234-1234") == "13812341234"
    with pytest.raises(PhoneError):
        parse_mobile("12812341234")
