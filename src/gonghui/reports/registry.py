"""Report kinds, the section registry, and the small document model sections write into.

A kind is an ordered list of section keys. Apps register sections in their own report.py:

    from gonghui.reports.registry import F, P, section

    @section("members.organisation", title="加强基层组织建设", kinds=["annual", "half-year"], order=10)
    def organisation(ctx):
        figures = member_figures(org=ctx.org, period=ctx.period)
        return [P("全镇共有基层工会", F(figures["unions"], "个", link=...), "。")]

A section returns paragraphs (P) of text and figures (F); a figure keeps its number, unit and the
link to the rows behind it, so the HTML preview links it and the .docx states it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.core import numbers
from gonghui.core.dates import Period


@dataclass
class F:
    """A figure: value, unit, the link to its rows, and how to round it when asked."""

    value: int | Decimal
    unit: str = ""
    link: str = ""
    kind: str = "count"  # count | money | percent | text
    exact_text: str = ""  # for kind=percent or text: the text to show

    def text(self, rounded: bool = False) -> str:
        if self.kind in ("percent", "text"):
            return self.exact_text + self.unit
        if rounded and self.kind == "money":
            return numbers.money_rounded(self.value) + self.unit
        if rounded and self.kind == "count":
            return numbers.count_rounded(int(self.value)) + self.unit
        return numbers.exact(self.value) + self.unit


def money(value, unit="元", link="") -> F:
    return F(Decimal(value), unit, link, kind="money")


def pct(numerator, denominator, link="") -> F:
    return F(
        Decimal(0), "", link, kind="percent", exact_text=numbers.percent(numerator, denominator)
    )


@dataclass
class P:
    """A paragraph: strings and figures; optional lead-in numbered heading (1、2、…)."""

    parts: list = field(default_factory=list)
    heading: str = ""

    def __init__(self, *parts, heading: str = ""):
        self.parts = list(parts)
        self.heading = heading

    def text(self, rounded: bool = False) -> str:
        return "".join(p.text(rounded) if isinstance(p, F) else str(p) for p in self.parts)

    def figures(self) -> list[F]:
        return [p for p in self.parts if isinstance(p, F)]


@dataclass
class ReportContext:
    kind: str
    org: object
    period: Period
    user: object = None
    campaign: object = None
    competition: object = None
    rounded: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    # Figures computed once per report and shared by sections and suggesters (see `once`).
    computed: dict = field(default_factory=dict, repr=False, compare=False)

    def once(self, key, compute: Callable[[], object]):
        """compute() the first time key is asked for in this report, the same result after."""
        if key not in self.computed:
            self.computed[key] = compute()
        return self.computed[key]

    @property
    def org_short(self) -> str:
        return getattr(self.org, "short_name", "") or getattr(self.org, "name", "")

    @property
    def we(self) -> str:
        """我镇 / 我街道 / 我县: how a union refers to its own area."""
        name = self.org_short
        for suffix in ("街道", "镇", "乡", "县", "区", "市"):
            if suffix in name:
                return "我" + suffix
        return "我会"


@dataclass
class Section:
    key: str
    title: str
    kinds: frozenset
    order: int
    build: Callable[[ReportContext], list[P]]


@dataclass(frozen=True)
class Narrative:
    key: str
    title: str


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    title: str  # document title pattern: {org} {period}
    narratives: tuple[Narrative, ...]
    scope: str = "period"  # period | campaign | competition
    intro: str = ""


THOUGHTS = Narrative("thoughts", "工作思路")
SHORTCOMINGS = Narrative("shortcomings", "存在的不足")
NEXT_STEPS = Narrative("next_steps", "下一步工作")
FEATURES = Narrative("features", "主要特点")
PROBLEMS = Narrative("problems", "存在的问题")
RECOMMENDATIONS = Narrative("recommendations", "整改建议")
PLAN = Narrative("next_steps", "下半年工作打算")

KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind(
            "annual",
            "年度工作总结",
            "{org}{year}年度工作总结",
            (THOUGHTS, SHORTCOMINGS, NEXT_STEPS),
        ),
        Kind(
            "competition",
            "主题劳动竞赛总结",
            "{org}{subject}活动总结",
            (THOUGHTS, SHORTCOMINGS, NEXT_STEPS),
            scope="competition",
        ),
        Kind(
            "festival",
            "节日慰问活动总结",
            "{org}{subject}工作总结",
            (FEATURES, SHORTCOMINGS),
            scope="campaign",
        ),
        Kind(
            "pairing", "结对帮扶走访总结", "{org}{subject}活动总结", (FEATURES,), scope="campaign"
        ),
        Kind(
            "half-year",
            "半年工作总结及下半年打算",
            "{org}{year}年上半年工作总结及下半年工作打算",
            (SHORTCOMINGS, PLAN),
        ),
        Kind(
            "inspection",
            "安康杯检查情况通报",
            "关于{subject}检查情况的通报",
            (PROBLEMS, RECOMMENDATIONS),
            scope="competition",
        ),
        Kind(
            "practice", "社会实践活动总结", "{org}{subject}实践活动总结", (FEATURES, SHORTCOMINGS)
        ),
    ]
}

SECTIONS: dict[str, Section] = {}


def section(key: str, *, title: str, kinds, order: int):
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown report kinds: {unknown}")

    def register(func):
        SECTIONS[key] = Section(
            key=key, title=title, kinds=frozenset(kinds), order=order, build=func
        )
        return func

    return register


def sections_for(kind: str) -> list[Section]:
    return sorted((s for s in SECTIONS.values() if kind in s.kinds), key=lambda s: (s.order, s.key))


@dataclass
class Suggestion:
    """A data-drawn hint for the narrative (coverage below target, hand-ins missing, …)."""

    narrative: str  # key of the narrative it belongs to
    text: str


SUGGESTERS: list[Callable[[ReportContext], list[Suggestion]]] = []


def suggester(func):
    SUGGESTERS.append(func)
    return func


@dataclass
class Reminder:
    category: str  # 换届到期, 协议到期, …
    title: str
    due: dt.date | None
    link: str = ""
    level: str = "warning"  # danger | warning | info


REMINDER_SOURCES: list[Callable] = []


def reminder_source(func):
    """func(*, org, today) -> list[Reminder]; feeds the reminders centre."""
    REMINDER_SOURCES.append(func)
    return func


@dataclass
class DashboardFigure:
    key: str
    label: str
    value: object
    last_year: object
    unit: str = ""
    link: str = ""
    chart: dict | None = None  # {"type": "bar", "labels": [...], "values": [...]}


DASHBOARD_SOURCES: list[Callable] = []


def dashboard_source(func):
    """func(*, org, period, previous) -> list[DashboardFigure]."""
    DASHBOARD_SOURCES.append(func)
    return func


# "campaign" / "competition" → func(*, org, name) -> object or None; registered by the app that owns them.
SCOPE_RESOLVERS: dict[str, Callable] = {}


def scope_resolver(scope: str):
    def register(func):
        SCOPE_RESOLVERS[scope] = func
        return func

    return register


def resolve_scope(scope: str, *, org, name: str):
    if not name:
        return None
    resolver = SCOPE_RESOLVERS.get(scope)
    if resolver is None:
        raise LookupError(f"本系统尚未提供“{scope}”类台账，无法按名称“{name}”生成总结")
    found = resolver(org=org, name=name)
    if found is None:
        label = {"campaign": "慰问活动", "competition": "竞赛"}.get(scope, scope)
        raise LookupError(f"在 {org} 及下级中没有找到名为“{name}”的{label}")
    return found
