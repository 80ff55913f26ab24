"""The aid rules as plain functions and tables (RULES.md §4): tiers, states, transitions."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models


class Category(models.TextChoices):
    """慰问对象类别, as the source's lists name them."""

    DIBAO = "dibao", "低保户"
    DIBAO_EDGE = "dibao_edge", "低保边缘户"
    ELDERLY_ALONE = "elderly_alone", "孤寡空巢老人"
    PARTY_MEMBER = "party_member", "困难党员"
    LAID_OFF = "laid_off", "特困下岗职工"
    DISABLED = "disabled", "贫困残疾人员"
    MODEL_WORKER = "model_worker", "劳动模范"
    SINGLE_PARENT = "single_parent", "单亲家庭"
    ILLNESS = "illness", "大病家庭"
    HARDSHIP_WORKER = "hardship_worker", "特困职工"
    STUDENT = "student", "困难职工子女（助学）"
    OTHER = "other", "其他"


# How 篇3 reports its counts: four categories are stated together.
CATEGORY_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("低保户", (Category.DIBAO,)),
    ("孤寡空巢老人", (Category.ELDERLY_ALONE,)),
    (
        "困难党员、特困下岗职工、贫困残疾人员、劳动模范",
        (Category.PARTY_MEMBER, Category.LAID_OFF, Category.DISABLED, Category.MODEL_WORKER),
    ),
    ("低保边缘户", (Category.DIBAO_EDGE,)),
    ("单亲家庭", (Category.SINGLE_PARENT,)),
    ("大病家庭", (Category.ILLNESS,)),
    ("特困职工", (Category.HARDSHIP_WORKER,)),
    ("困难职工子女", (Category.STUDENT,)),
    ("其他", (Category.OTHER,)),
]


class Tier(models.TextChoices):
    DEEP = "deep", "深度困难"
    RELATIVE = "relative", "相对困难"
    ACCIDENT = "accident", "意外致困"


# Qingdao's number for 意外致困 (◐): costs in the year above 80% of the family's annual income.
SUDDEN_COST_SHARE = Decimal("0.8")


def monthly_per_capita(
    *, annual_income: Decimal, rigid_spending: Decimal, household_size: int
) -> Decimal:
    """(family income − rigid spending) ÷ 12 ÷ household size, to the fen."""
    if household_size < 1:
        raise ValueError("家庭人口至少为 1")
    value = (Decimal(annual_income) - Decimal(rigid_spending)) / 12 / household_size
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def hardship_tier(
    *,
    annual_income: Decimal,
    rigid_spending: Decimal,
    household_size: int,
    dibao_monthly: Decimal,
    sudden_event: bool = False,
    sudden_costs: Decimal = Decimal("0"),
    sudden_share: Decimal = SUDDEN_COST_SHARE,
) -> str:
    """深度 below the 低保 standard, 相对 below twice it, 意外致困 for a sudden event whose
    costs exceed the share of annual income; "" when the household does not qualify."""
    per_capita = monthly_per_capita(
        annual_income=annual_income, rigid_spending=rigid_spending, household_size=household_size
    )
    if per_capita < dibao_monthly:
        return Tier.DEEP
    if per_capita < 2 * dibao_monthly:
        return Tier.RELATIVE
    if sudden_event and Decimal(sudden_costs) > sudden_share * Decimal(annual_income):
        return Tier.ACCIDENT
    return ""


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已申请"
    REVIEWED = "reviewed", "已入户审核"
    ON_NOTICE = "on_notice", "公示中"
    CLEARED = "cleared", "公示无异议"
    REPORTED = "reported", "已上报"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"
    DISQUALIFIED = "disqualified", "取消资格"
    DISBURSED = "disbursed", "已发放"
    CLOSED = "closed", "已办结"


# An application in these states holds the household's place in its campaign.
ACTIVE_STATES = (
    State.SUBMITTED,
    State.REVIEWED,
    State.ON_NOTICE,
    State.CLEARED,
    State.REPORTED,
    State.APPROVED,
    State.DISBURSED,
    State.CLOSED,
)
# States in which the aid counts as given (figures, yearly cap counts all ACTIVE_STATES).
AIDED_STATES = (State.DISBURSED, State.CLOSED)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", "提交申请", (State.DRAFT,), State.SUBMITTED),
        Transition("review", "入户审核", (State.SUBMITTED,), State.REVIEWED),
        Transition("put_on_notice", "张榜公示", (State.REVIEWED,), State.ON_NOTICE),
        Transition("clear_notice", "公示期满无异议", (State.ON_NOTICE,), State.CLEARED),
        Transition("report_up", "上报审批", (State.CLEARED,), State.REPORTED),
        Transition("approve", "批准", (State.REPORTED,), State.APPROVED),
        Transition(
            "reject",
            "不予批准",
            (State.SUBMITTED, State.REVIEWED, State.ON_NOTICE, State.CLEARED, State.REPORTED),
            State.REJECTED,
        ),
        Transition(
            "disqualify",
            "取消资格",
            (
                State.SUBMITTED,
                State.REVIEWED,
                State.ON_NOTICE,
                State.CLEARED,
                State.REPORTED,
                State.APPROVED,
            ),
            State.DISQUALIFIED,
        ),
        Transition("disburse", "发放", (State.APPROVED,), State.DISBURSED),
        Transition("close", "办结", (State.DISBURSED,), State.CLOSED),
    )
}


def refusal(action: str, current: str, who: str = "") -> str | None:
    """None when the move is legal, else the Chinese sentence a clerk reads."""
    transition = TRANSITIONS[action]
    if current in transition.sources:
        return None
    allowed = "、".join(f"“{State(s).label}”" for s in transition.sources)
    subject = f"“{who}”的申请" if who else "该申请"
    return (
        f"{subject}当前状态为“{State(current).label}”，不能{transition.label}："
        f"只有{allowed}的申请可以{transition.label}。"
    )


def household_key(*, person_id: int, file_id: int | None) -> str:
    """A household is its hardship file when it has one (一户一档), else the applicant."""
    return f"F{file_id}" if file_id else f"P{person_id}"
