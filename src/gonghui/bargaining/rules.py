"""The rules of collective agreements (RULES.md §5), as plain functions without the database.

Day counting follows 民法典 第二百零一条: the day of the event is not counted, the period starts the
next day, and its last day is the deadline. So "within 10 days of signing" on 1 March ends on
11 March, and "15 days after filing" on 1 March ends on 16 March.
"""

import datetime as dt

from gonghui.core.dates import add_months

# 集体合同规定 第四十二条; 工资集体协商试行办法 第二十一条 (wage agreements: 7 days).
FILING_DAYS = 10
FILING_DAYS_WAGE = 7
# 劳动合同法 第五十四条: 劳动行政部门自收到文本之日起十五日内未提出异议的，集体合同即行生效.
REVIEW_DAYS = 15
TERM_MIN_YEARS = 1
TERM_MAX_YEARS = 3


def filing_due(signed: dt.date, *, wage: bool) -> dt.date:
    """The last day on which the signed agreement may be filed with the labour authority."""
    return signed + dt.timedelta(days=FILING_DAYS_WAGE if wage else FILING_DAYS)


def review_deadline(filed: dt.date) -> dt.date:
    """The last day on which the labour authority may send an objection (审查意见书)."""
    return filed + dt.timedelta(days=REVIEW_DAYS)


def deemed_effective_on(filed: dt.date) -> dt.date:
    """With no objection by the review deadline, the agreement takes effect the day after it."""
    return review_deadline(filed) + dt.timedelta(days=1)


def term_last_day(starts: dt.date, years: int) -> dt.date:
    """The last day of a term of whole years starting on `starts` (2026-01-01, 1 → 2026-12-31)."""
    return add_months(starts, 12 * years) - dt.timedelta(days=1)


def term_problem(starts: dt.date, ends: dt.date) -> str | None:
    """集体合同或专项集体合同期限一般为一至三年 (集体合同规定 第三十八条)."""
    if ends < term_last_day(starts, TERM_MIN_YEARS):
        return "合同期限不足一年（集体合同期限为一至三年）"
    if ends > term_last_day(starts, TERM_MAX_YEARS):
        return "合同期限超过三年（集体合同期限为一至三年）"
    return None


def vote_problems(*, eligible: int, present: int, in_favour: int) -> list[str]:
    """职代会或全体职工讨论: 应有三分之二以上出席, 经全体代表或全体职工半数以上同意方获通过."""
    problems = []
    if eligible <= 0:
        return ["应到人数必须大于零"]
    if present > eligible:
        problems.append("实到人数不能多于应到人数")
    if in_favour > present:
        problems.append("同意人数不能多于实到人数")
    if problems:
        return problems
    if present * 3 < eligible * 2:
        problems.append(f"出席 {present} 人，不足应到 {eligible} 人的三分之二")
    if in_favour * 2 <= eligible:
        problems.append(f"同意 {in_favour} 人，未超过全体 {eligible} 人的半数")
    return problems
