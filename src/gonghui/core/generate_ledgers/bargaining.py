"""集体合同: single agreements for most employers with a union (renewed when they end), a regional
agreement per town for the small employers, industry agreements, coverage and filings."""

import datetime as dt
from collections import defaultdict

from gonghui.core.dates import add_months

from . import County, day_between

TOPICS = [("comprehensive", "集体合同", 6), ("wage", "工资专项集体合同", 3), ("women", "女职工权益保护专项集体合同", 1)]  # fmt: skip
INDUSTRY_DEALS = ("纺织", "陶瓷")


def generate(county: County) -> None:
    from gonghui.bargaining import models as m

    rng = county.rng("bargaining")
    agreements = county.table(
        m.Agreement,
        ["title", "scope", "topic", "union_id", "employer_id", "employer_side", "industry",
         "signed", "starts", "ends", "employees_covered", "vote_body", "vote_date",
         "vote_eligible", "vote_present", "vote_for", "renewal_of_id", "renewal"],
    )  # fmt: skip
    coverages = county.table(m.Coverage, ["agreement_id", "employer_id"])
    filings = county.table(
        m.Filing, ["agreement_id", "filed", "authority", "outcome", "decided", "objection_text"]
    )
    today = county.today
    first_year = county.years[0] - 2

    def add(*, title, scope, topic, union, employer, side, industry, signed, covered, renewal_of):
        starts = signed
        ends = add_months(starts, 36) - dt.timedelta(days=1)
        eligible = rng.randint(20, 200)
        present = eligible - rng.randint(0, eligible // 10)
        pk = agreements.add(
            title=title,
            scope=scope,
            topic=topic,
            union_id=union,
            employer_id=employer,
            employer_side=side,
            industry=industry,
            signed=signed,
            starts=starts,
            ends=ends,
            employees_covered=sum(e["employees"] for e in covered),
            vote_body="regional_congress" if scope != "single" else "congress",
            vote_date=signed - dt.timedelta(days=rng.randint(1, 15)),
            vote_eligible=eligible,
            vote_present=present,
            vote_for=present - rng.randint(0, present // 10),
            renewal_of_id=renewal_of,
            renewal=renewal_of is not None
            or (signed.year < county.years[0] and rng.random() < 0.7),
        )
        for e in covered:
            coverages.add(agreement_id=pk, employer_id=e["id"])
        _filing(rng, filings, pk, signed, topic == "wage", today)
        return pk, ends

    def chain(*, first, make) -> None:
        """An agreement and its renewals while the one before has ended (most are renewed)."""
        pk, ends = make(first, None)
        while ends < today and rng.random() < 0.9:
            pk, ends = make(ends + dt.timedelta(days=1), pk)

    for e in county.employers:
        if e["union_id"] is None or rng.random() > 0.9:
            continue
        topic = rng.choices(TOPICS, [t[2] for t in TOPICS])[0]
        chain(
            first=day_between(rng, dt.date(first_year, 1, 1), today),
            make=lambda signed, before, e=e, topic=topic: add(
                title=f"{e['name']}{signed.year}年{topic[1]}",
                scope="single",
                topic=topic[0],
                union=e["union_id"],
                employer=e["id"],
                side="",
                industry=e["industry"],
                signed=signed,
                covered=[e],
                renewal_of=before,
            ),
        )
    small = defaultdict(list)
    for e in county.employers:
        if e["union_id"] is None:
            small[e["org_id"]].append(e)
    for town in county.towns:
        pool = small.get(town["id"], [])
        if not pool:
            continue
        short = town["short_name"]
        regional = [e for e in pool if rng.random() < 0.85]
        chain(
            first=day_between(rng, dt.date(first_year, 1, 1), dt.date(first_year + 1, 12, 31)),
            make=lambda signed, before, short=short, town=town, regional=regional: add(
                title=f"{short}{signed.year}年区域性工资专项集体合同",
                scope="regional",
                topic="wage",
                union=town["id"],
                employer=None,
                side=f"{short}企业联合会",
                industry="",
                signed=signed,
                covered=regional,
                renewal_of=before,
            ),
        )
        for industry in INDUSTRY_DEALS:
            members = [e for e in pool if e["industry"] == industry and rng.random() < 0.6]
            if members:
                add(
                    title=f"{short}{industry}行业{county.years[1]}年工资专项集体合同",
                    scope="industry",
                    topic="wage",
                    union=town["id"],
                    employer=None,
                    side=f"{short}{industry}行业协会",
                    industry=industry,
                    signed=day_between(rng, *county.window(county.years[1])),
                    covered=members,
                    renewal_of=None,
                )
    agreements.flush()
    coverages.flush()
    filings.flush()


def _filing(rng, filings, agreement: int, signed: dt.date, wage: bool, today: dt.date) -> None:
    """Most are filed within the 7 or 10 days; the answer comes within 15 days, or never."""
    if rng.random() > 0.92:
        return
    filed = signed + dt.timedelta(days=rng.randint(1, 12 if wage else 14))
    if filed > today:
        return
    outcome, decided, text = "", None, ""
    answer = filed + dt.timedelta(days=rng.randint(3, 14))
    if answer <= today:
        roll = rng.random()
        if roll < 0.7:
            outcome, decided = "approved", answer
        elif roll < 0.72:
            outcome, decided, text = (
                "objection",
                answer,
                "工资条款低于当地最低工资标准，请修改后重新报送",
            )
    filings.add(
        agreement_id=agreement,
        filed=filed,
        authority="人力资源和社会保障局",
        outcome=outcome,
        decided=decided,
        objection_text=text,
    )
