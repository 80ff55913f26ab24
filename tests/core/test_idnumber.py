import datetime as dt

import pytest

from gonghui.core import idnumber
from gonghui.core.idnumber import IdNumberError

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("value", "birth", "sex"),
    [
        ("11010519491231002X", dt.date(1949, 12, 31), "F"),
        ("440524188001010014", None, None),  # century 18: refused for manual review
        ("320102199003070017", dt.date(1990, 3, 7), "M"),
        ("320102198506150022", dt.date(1985, 6, 15), "F"),
        ("440305200002290037", dt.date(2000, 2, 29), "M"),
    ],
)
def test_rules_vectors_valid(value, birth, sex):
    if birth is None:
        with pytest.raises(IdNumberError, match="1900"):
            idnumber.parse(value, today=TODAY)
        assert idnumber.check_char(value[:17]) == value[17]
        return
    parsed = idnumber.parse(value, today=TODAY)
    assert (parsed.value, parsed.birth_date, parsed.sex) == (value, birth, sex)


def test_fifteen_digit_conversion():
    parsed = idnumber.parse("320102850615002", today=TODAY)
    assert parsed.value == "320102198506150022"
    assert parsed.converted_from_15


def test_wrong_check_character_names_the_right_one():
    with pytest.raises(IdNumberError, match="最后一位应为 X"):
        idnumber.parse("340524198001010013", today=TODAY)


def test_month_13_is_not_a_date():
    with pytest.raises(IdNumberError, match="不是真实日期"):
        idnumber.parse("320102199013070010", today=TODAY)


def test_lowercase_x_fullwidth_and_spaces_are_normalised():
    assert idnumber.parse(" １１０１０５ 19491231002x ", today=TODAY).value == "11010519491231002X"


def test_excel_mangled_values():
    with pytest.raises(IdNumberError, match="科学计数法"):
        idnumber.parse("3.20102E+17", today=TODAY)
    with pytest.raises(IdNumberError, match="000"):
        idnumber.parse("320102199003070000", today=TODAY)


def test_bad_province_and_future_birth():
    with pytest.raises(IdNumberError, match="省级"):
        idnumber.parse("990102199003070017", today=TODAY)
    future = "32010220270101001"
    with pytest.raises(IdNumberError, match="之后"):
        idnumber.parse(future + idnumber.check_char(future), today=TODAY)


def test_mask():
    assert idnumber.mask("32010219900307001X") == "3201**********001X"


@pytest.mark.parametrize(
    "value",
    [
        "320102199003070017",  # valid
        "11010519491231002X",  # valid, X
        "340524198001010013",  # wrong check character
        "990102199003070017",  # no such province
        "320102199002300017",  # no such day
        "320102203003070017",  # born in the future
        "320102189003070017",  # before 1900
        "320102199003070010",  # check character 0 where 7 is right
    ],
)
def test_quick_agrees_with_parse(value):
    """quick() (the big-import fast path) accepts what parse() accepts, with the same answer."""
    today = dt.date(2026, 6, 1)
    try:
        parsed = idnumber.parse(value, today=today)
    except IdNumberError:
        assert idnumber.quick(value, today) is None
    else:
        assert idnumber.quick(value, today) == (parsed.birth_date, parsed.sex)


def test_digits_of_other_scripts_are_not_digits():
    with pytest.raises(IdNumberError, match="前 17 位须为数字"):
        idnumber.parse("32010219900307001٣")
    with pytest.raises(IdNumberError, match="前 17 位须为数字"):
        idnumber.parse("３２０１０２１９９００３０７００１²")
