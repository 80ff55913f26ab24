"""Demo data of the agreements ledger: 篇5's town, so that its sentence comes out of the ledger.

太华镇 gets 199 employers in all (those the orgs loader made, topped up): 39 bound by agreements
they signed singly, 59 textile employers under the textile industry agreement, and 101 under the
town's regional agreement. In 2023 every one of them but 5 signed; at the start of 2026 all
renewed (续签194家), the regional agreement took in the 5 (新增5家), and all were filed and
reviewed. So the figures for the first half of 2026 read 续签194家，新增5家，共计199家，其中单独签订
39家，纺织行业执行协议59家，覆盖率100%，审查鉴证率100%. One women's agreement of 太华镇 ends within
three months of the demo's today, for the expiry reminder.
"""

import datetime as dt

from gonghui.core.dates import add_months
from gonghui.core.synthetic import CreditCodes
from gonghui.orgs.models import Employer, Organization

from . import rules
from .models import Agreement, Coverage, Filing

TOWN = "太华镇总工会"
SINGLE, TEXTILE, REGIONAL, NEW = 39, 59, 101, 5
OLD_SIGNED, NEW_SIGNED = dt.date(2023, 1, 10), dt.date(2026, 1, 15)
WORDS = "华兴永昌盛达鑫源宏伟信恒荣鼎泰丰博海福瑞祥金玉锦润天宇新嘉"
TRADES = [
    ("机械制造有限公司", "机械"),
    ("电子科技有限公司", "电子"),
    ("建材有限公司", "建材"),
    ("食品有限公司", "食品"),
    ("物流有限公司", "物流"),
    ("印务有限公司", "印刷"),
]


def _name(i: int, suffix: str) -> str:
    return f"太华{WORDS[i % len(WORDS)]}{WORDS[(i // len(WORDS) + 7) % len(WORDS)]}{suffix}"


def _codes(context) -> CreditCodes:
    codes = CreditCodes(context.rng)
    codes.seen.update(
        Employer.objects.exclude(credit_code="").values_list("credit_code", flat=True)
    )
    codes.seen.update(
        Organization.objects.exclude(credit_code="").values_list("credit_code", flat=True)
    )
    return codes


def _employers(context, town):
    """Split the town's employers into single / textile / regional groups, topping each up."""
    rng, codes = context.rng, _codes(context)
    existing = list(Employer.objects.filter(org=town).order_by("pk"))
    textile = [e for e in existing if e.industry == "纺织"][:TEXTILE]
    rest = [e for e in existing if e not in textile]
    single = [e for e in rest if e.union_id][:SINGLE]
    regional = [e for e in rest if e not in single][:REGIONAL]
    made = 0

    def make(name, industry, staff):
        nonlocal made
        made += 1
        return Employer(
            name=name,
            credit_code=codes.next(),
            industry=industry,
            employees=staff,
            org=town,
            address=f"太华镇工业园区{rng.randint(1, 300)}号",
        )

    # The firms topped up here are small (under 25 staff): 工会法 requires a union from 25, and the
    # agreements that cover small firms are industry and regional ones (a single agreement in a
    # firm without a union is signed by elected worker representatives, 劳动合同法 第五十一条).
    # So the town's 建会率 stays what the orgs loader made it (its 应建未建 examples), not 6/163.
    new_textile, more_single, more_regional = [], [], []
    i = 0
    for _ in range(TEXTILE - len(textile)):
        new_textile.append(make(_name(i, "纺织有限公司"), "纺织", rng.randint(8, 24)))
        i += 1
    for _ in range(SINGLE - len(single)):
        suffix, industry = TRADES[i % len(TRADES)]
        more_single.append(make(_name(i, suffix), industry, rng.randint(12, 24)))
        i += 1
    for _ in range(REGIONAL - len(regional)):
        suffix, industry = TRADES[i % len(TRADES)]
        more_regional.append(make(_name(i, suffix), industry, rng.randint(6, 24)))
        i += 1
    Employer.objects.bulk_create(new_textile + more_single + more_regional)
    return textile + new_textile, single + more_single, regional + more_regional, made


def _agreement(town, *, title, scope, employers, signed, starts, years, renewal_of=None, **extra):
    eligible = max(9, min(120, sum(e.employees for e in employers) // 10))
    agreement = Agreement.objects.create(
        title=title,
        scope=scope,
        topic=extra.pop("topic", Agreement.Topic.WAGE),
        union=extra.pop("union", town),
        employer=employers[0] if scope == Agreement.Scope.SINGLE else None,
        signed=signed,
        starts=starts,
        ends=rules.term_last_day(starts, years),
        employees_covered=sum(e.employees for e in employers),
        vote_body=Agreement.VoteBody.CONGRESS
        if scope == Agreement.Scope.SINGLE
        else Agreement.VoteBody.REGIONAL_CONGRESS,
        vote_date=signed - dt.timedelta(days=5),
        vote_eligible=eligible,
        vote_present=eligible - eligible // 6,
        vote_for=eligible - eligible // 5,
        renewal_of=renewal_of,
        renewal=renewal_of is not None,
        **extra,
    )
    Coverage.objects.bulk_create([Coverage(agreement=agreement, employer=e) for e in employers])
    return agreement


def _file(agreement, *, days: int, approve: bool):
    Filing.objects.create(
        agreement=agreement,
        filed=agreement.signed + dt.timedelta(days=days),
        outcome=Filing.Outcome.APPROVED if approve else "",
        decided=agreement.signed + dt.timedelta(days=days + 6) if approve else None,
    )


def load(context) -> None:
    town = context.org(TOWN)
    textile, single, regional, made = _employers(context, town)
    old_start, new_start = dt.date(2023, 1, 1), dt.date(2026, 1, 1)
    for n, employer in enumerate(single):
        union = employer.union or town
        kw = dict(scope=Agreement.Scope.SINGLE, employers=[employer], union=union)
        old = _agreement(
            town,
            title=f"{employer.name}2023年工资专项集体合同",
            signed=OLD_SIGNED,
            starts=old_start,
            years=3,
            **kw,
        )
        _file(old, days=4, approve=True)
        new = _agreement(
            town,
            title=f"{employer.name}2026年工资专项集体合同",
            signed=NEW_SIGNED,
            starts=new_start,
            years=3,
            renewal_of=old,
            **kw,
        )
        _file(new, days=3 + n % 4, approve=n % 3 != 0)
    kw = dict(
        scope=Agreement.Scope.INDUSTRY,
        employers=textile,
        industry="纺织",
        employer_side="太华镇纺织行业协会",
    )
    old = _agreement(
        town,
        title="太华镇纺织行业2023年工资集体协议",
        signed=OLD_SIGNED,
        starts=old_start,
        years=3,
        **kw,
    )
    _file(old, days=5, approve=True)
    _file(
        _agreement(
            town,
            title="太华镇纺织行业2026年工资集体协议",
            signed=NEW_SIGNED,
            starts=new_start,
            years=3,
            renewal_of=old,
            **kw,
        ),
        days=5,
        approve=True,
    )
    kw = dict(scope=Agreement.Scope.REGIONAL, employer_side="太华镇企业联合会")
    old = _agreement(
        town,
        title="太华镇2023年区域性工资集体协议",
        signed=OLD_SIGNED,
        starts=old_start,
        years=3,
        employers=regional[:-NEW],
        **kw,
    )
    _file(old, days=5, approve=True)
    _file(
        _agreement(
            town,
            title="太华镇2026年区域性工资集体协议",
            signed=NEW_SIGNED,
            starts=new_start,
            years=3,
            renewal_of=old,
            employers=regional,
            **kw,
        ),
        days=5,
        approve=False,  # deemed effective 15 days after filing
    )
    expiring = _expiring(context)
    context.notes.append(
        f"集体合同：太华镇 {len(single) + len(textile) + len(regional)} 家企业"
        f"（新建 {made} 家），2026年上半年续签194家、新增5家；{expiring}"
    )


def _expiring(context) -> str:
    """A women's agreement of 太华镇 ending two months after the demo's today (signed long before
    2026, so the half-year figures do not change), for the expiry reminder."""
    town = context.org(TOWN)
    employers = list(Employer.objects.filter(org=town).order_by("-employees", "pk")[:8])
    ends = add_months(context.today, 2)
    starts = add_months(ends, -36) + dt.timedelta(days=1)
    agreement = _agreement(
        town,
        title=f"{town.short_name or town.name}区域性女职工权益保护专项集体合同",
        scope=Agreement.Scope.REGIONAL,
        employers=employers,
        signed=starts,
        starts=starts,
        years=3,
        topic=Agreement.Topic.WOMEN,
        employer_side=f"{town.short_name}企业联合会",
    )
    _file(agreement, days=6, approve=True)
    return f"{agreement.title} 将于 {agreement.ends:%Y-%m-%d} 到期"
