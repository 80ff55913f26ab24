"""RULES.md §5 at its boundaries: filing clocks, the review clock, term limits, vote rules."""

import datetime as dt

import pytest

from gonghui.bargaining import rules


def test_filing_due_is_ten_days_after_signing_seven_for_wage_agreements():
    signed = dt.date(2026, 3, 1)
    assert rules.filing_due(signed, wage=False) == dt.date(2026, 3, 11)
    assert rules.filing_due(signed, wage=True) == dt.date(2026, 3, 8)
    # across a month end
    assert rules.filing_due(dt.date(2026, 2, 25), wage=True) == dt.date(2026, 3, 4)


def test_review_deadline_and_deemed_effective_day():
    filed = dt.date(2026, 3, 1)
    assert rules.review_deadline(filed) == dt.date(2026, 3, 16)
    assert rules.deemed_effective_on(filed) == dt.date(2026, 3, 17)


@pytest.mark.parametrize(
    "starts, ends, ok",
    [
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31), True),  # exactly one year
        (dt.date(2026, 1, 1), dt.date(2026, 12, 30), False),  # one day short
        (dt.date(2026, 1, 1), dt.date(2028, 12, 31), True),  # exactly three years
        (dt.date(2026, 1, 1), dt.date(2029, 1, 1), False),  # one day over
        (dt.date(2026, 3, 15), dt.date(2027, 3, 14), True),
        (dt.date(2026, 3, 15), dt.date(2027, 3, 13), False),
        (dt.date(2026, 3, 15), dt.date(2029, 3, 14), True),
        (dt.date(2026, 3, 15), dt.date(2029, 3, 15), False),
        (dt.date(2024, 2, 29), dt.date(2027, 2, 27), True),  # leap day start, clamped anniversary
    ],
)
def test_term_is_one_to_three_years(starts, ends, ok):
    assert (rules.term_problem(starts, ends) is None) is ok


def test_term_problem_names_the_side():
    assert "不足一年" in rules.term_problem(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert "超过三年" in rules.term_problem(dt.date(2026, 1, 1), dt.date(2030, 1, 1))


@pytest.mark.parametrize(
    "eligible, present, in_favour, ok",
    [
        (30, 20, 16, True),  # exactly two thirds attend, 16 > 15
        (30, 19, 16, False),  # one short of two thirds
        (30, 20, 15, False),  # exactly half of all is not more than half
        (31, 21, 16, True),  # 21*3 = 63 >= 62; 16*2 = 32 > 31
        (31, 20, 16, False),  # 20*3 = 60 < 62
        (31, 21, 15, False),  # 15*2 = 30 <= 31
        (3, 2, 2, True),
        (3, 2, 1, False),
        (100, 67, 51, True),
        (100, 66, 51, False),
        (100, 100, 50, False),  # half of all, even with everyone present
    ],
)
def test_vote_two_thirds_attend_more_than_half_of_all_approve(eligible, present, in_favour, ok):
    assert (not rules.vote_problems(eligible=eligible, present=present, in_favour=in_favour)) is ok


def test_vote_counts_must_be_consistent():
    assert rules.vote_problems(eligible=30, present=31, in_favour=20) == [
        "实到人数不能多于应到人数"
    ]
    assert rules.vote_problems(eligible=30, present=25, in_favour=26) == [
        "同意人数不能多于实到人数"
    ]
    assert rules.vote_problems(eligible=0, present=0, in_favour=0) == ["应到人数必须大于零"]


def test_vote_messages_say_which_rule_failed():
    (attendance,) = rules.vote_problems(eligible=30, present=19, in_favour=19)
    assert "三分之二" in attendance
    (approval,) = rules.vote_problems(eligible=30, present=30, in_favour=15)
    assert "半数" in approval
