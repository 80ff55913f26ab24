"""Compose a report: the kind's sections from the registry, numbered, plus the narrative parts."""

import datetime as dt
from dataclasses import dataclass, field

from gonghui.core.numbers import chinese_small

from .registry import KINDS, SUGGESTERS, P, ReportContext, sections_for


@dataclass
class BuiltSection:
    number: str  # 一、二、…
    title: str
    paragraphs: list[P] = field(default_factory=list)
    narrative_key: str = ""
    narrative_text: str = ""
    suggestions: list[str] = field(default_factory=list)

    @property
    def narrative_paragraphs(self) -> list[str]:
        return [line.strip() for line in self.narrative_text.splitlines() if line.strip()]


@dataclass
class BuiltReport:
    kind: str
    title: str
    org_name: str
    period_text: str
    date: dt.date
    rounded: bool
    sections: list[BuiltSection]

    def figures(self):
        for s in self.sections:
            for p in s.paragraphs:
                yield from p.figures()


def subject_of(ctx: ReportContext) -> str:
    target = ctx.campaign or ctx.competition
    if target is not None:
        return str(target)
    return f"{ctx.period.start:%Y}年" if ctx.period else ""


def _place_of(name: str) -> str:
    """示范县总工会 → 示范县, 桥涯村工会 → 桥涯村: the place a union's name starts with."""
    for suffix in ("总工会", "工会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def title_for(ctx: ReportContext) -> str:
    kind = KINDS[ctx.kind]
    subject = subject_of(ctx)
    org = ctx.org.name
    # (a one-character place such as 县 of 县总工会 would match any subject)
    places = {p for p in (_place_of(org), _place_of(ctx.org.short_name or "")) if len(p) > 1}
    # A campaign listed as 2026年春节结对帮扶走访（质监局）: the bracket tells campaigns apart in a
    # list; under the union's own name it says the same thing twice.
    for place in places:
        subject = subject.removesuffix(f"（{place}）")
    # A competition or campaign named after its organiser (示范县2026—2027年度安康杯竞赛, or
    # 2026年示范县主题劳动竞赛, of 示范县总工会) already says whose it is: the title does not
    # name the organiser twice.
    if subject.startswith(org) or any(place in subject for place in places):
        org = ""
    return kind.title.format(org=org, year=ctx.period.start.year, subject=subject)


def suggestions_for(ctx: ReportContext) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for suggest in SUGGESTERS:
        for item in suggest(ctx):
            found.setdefault(item.narrative, []).append(item.text)
    return found


def build_report(ctx: ReportContext, narratives: dict[str, str] | None = None) -> BuiltReport:
    narratives = narratives or {}
    kind = KINDS[ctx.kind]
    built: list[BuiltSection] = []
    for sec in sections_for(ctx.kind):
        paragraphs = [p for p in sec.build(ctx) if p is not None]
        if paragraphs:
            built.append(BuiltSection(number="", title=sec.title, paragraphs=paragraphs))
    hints = suggestions_for(ctx)
    for narrative in kind.narratives:
        built.append(
            BuiltSection(
                number="",
                title=narrative.title,
                narrative_key=narrative.key,
                narrative_text=narratives.get(narrative.key, ""),
                suggestions=hints.get(narrative.key, []),
            )
        )
    for index, sec in enumerate(built, start=1):
        sec.number = chinese_small(index) + "、"
    return BuiltReport(
        kind=ctx.kind,
        title=title_for(ctx),
        org_name=ctx.org.name,
        period_text=str(ctx.period),
        date=ctx.today,
        rounded=ctx.rounded,
        sections=built,
    )
