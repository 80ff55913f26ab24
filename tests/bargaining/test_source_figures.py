"""篇5 from data: 续签194家，新增5家，共计199家，其中单独签订39家，纺织行业执行协议59家，覆盖率100%，审查鉴证率100%.

How the source's numbers fit together, as the selectors count them (employers, not agreements):
- 199 employers of the town were bound by a wage agreement signed in the first half of 2026:
  39 by agreements they signed singly, 59 by the textile industry agreement, and the other 101 by
  the town's regional agreement; each employer is bound by exactly one.
- 194 were renewals: each employer was bound by the agreement (of 2023) that its 2026 agreement
  renews. 5 are new: the regional agreement of 2026 renews that of 2023, which bound 96 employers;
  it now binds 101, so 5 employers came under an agreement for the first time.
- 覆盖率 = employers bound by an agreement in force at the end of the half ÷ all employers of the
  town (the default base "all") = 199 ÷ 199.
- 审查鉴证率 = agreements signed in the half whose review concluded ÷ agreements signed =
  41 ÷ 41 (39 single + 1 industry + 1 regional); some were approved, the others deemed effective
  15 days after filing with no objection.
"""

import datetime as dt

import pytest
import time_machine

from gonghui.bargaining import selectors
from gonghui.bargaining.models import Agreement, Filing
from gonghui.bargaining.services import filing_decide, filing_record
from gonghui.core.dates import Period
from gonghui.orgs.models import Organization
from tests.bargaining.helpers import make_agreement, make_employer

SENTENCE = "续签194家，新增5家，共计199家，其中单独签订39家，纺织行业执行协议59家，覆盖率100%，审查鉴证率100%"
H1 = Period.half(2026, 1)
OLD = dt.date(2023, 1, 10)
NEW = dt.date(2026, 1, 15)


def build_source_five(world):
    town = world.town
    singles = []
    for i in range(39):
        union = Organization.objects.add_child(
            Organization.objects.get(pk=town.pk),
            dict(
                name=f"单签企业{i:02d}工会", kind="grassroots", unit_type="enterprise", employees=50
            ),
        )
        singles.append(make_employer(town, industry="机械", employees=50, union=union))
    textile = [world.employer_a] + [
        make_employer(town, industry="纺织", employees=40) for _ in range(58)
    ]
    regional_old = [make_employer(town, industry="服务", employees=12) for _ in range(96)]
    regional_new = [make_employer(town, industry="服务", employees=8) for _ in range(5)]

    def file_and_maybe_approve(agreement, approve):
        filing = filing_record(
            by=world.clerk,
            agreement=agreement,
            filed=agreement.signed + dt.timedelta(days=5),
            today=agreement.signed + dt.timedelta(days=5),
        )
        if approve:
            filing_decide(
                by=world.clerk,
                filing=filing,
                outcome=Filing.Outcome.APPROVED,
                decided=filing.filed + dt.timedelta(days=3),
                today=filing.filed + dt.timedelta(days=3),
            )

    for i, employer in enumerate(singles):
        old = make_agreement(
            union=employer.union,
            employers=[employer],
            scope=Agreement.Scope.SINGLE,
            signed=OLD,
            starts=dt.date(2023, 1, 1),
        )
        new = make_agreement(
            union=employer.union,
            employers=[employer],
            scope=Agreement.Scope.SINGLE,
            signed=NEW,
            starts=dt.date(2026, 1, 1),
            renewal_of=old,
        )
        file_and_maybe_approve(new, approve=i % 2 == 0)
    old_textile = make_agreement(
        union=town,
        employers=textile,
        scope=Agreement.Scope.INDUSTRY,
        industry="纺织",
        signed=OLD,
        starts=dt.date(2023, 1, 1),
    )
    file_and_maybe_approve(
        make_agreement(
            union=town,
            employers=textile,
            scope=Agreement.Scope.INDUSTRY,
            industry="纺织",
            signed=NEW,
            starts=dt.date(2026, 1, 1),
            renewal_of=old_textile,
        ),
        approve=True,
    )
    old_regional = make_agreement(
        union=town, employers=regional_old, signed=OLD, starts=dt.date(2023, 1, 1)
    )
    file_and_maybe_approve(
        make_agreement(
            union=town,
            employers=regional_old + regional_new,
            signed=NEW,
            starts=dt.date(2026, 1, 1),
            renewal_of=old_regional,
        ),
        approve=False,  # deemed effective on 2026-02-06
    )


@time_machine.travel(dt.datetime(2026, 7, 5, 10, 0), tick=False)
def test_source_five_sentence_from_data(world):
    build_source_five(world)
    figures = selectors.figures(org=world.town, period=H1)
    assert figures["sentence"] == SENTENCE
    e = figures["employers"]
    assert (e["renewed"], e["new"], e["total"]) == (194, 5, 199)
    assert (e["single"], e["industry"], e["regional"]) == (39, 59, 101)
    assert e["by_industry"] == [{"industry": "纺织", "employers": 59}]
    assert figures["coverage_by_employers"] == {
        "numerator": 199,
        "denominator": 199,
        "percent": 100,
    }
    assert figures["review_rate"]["numerator"] == figures["review_rate"]["denominator"] == 41
    assert figures["agreements"] == {
        "signed": 41,
        "renewed": 41,
        "new": 0,
        "single": 39,
        "industry": 1,
        "regional": 1,
        "filed": 41,
        "reviewed": 41,
        "objected": 0,
    }
    employees = 39 * 50 + 60 + 58 * 40 + 96 * 12 + 5 * 8
    assert figures["coverage_by_employees"]["numerator"] == employees
    assert figures["coverage_by_employees"]["denominator"] == employees
    # 建制率 over unionised employers: the 39 with their own union
    assert figures["establishment_rate"]["denominator"] == 39
    assert figures["establishment_rate"]["percent"] == 100


@time_machine.travel(dt.datetime(2026, 7, 5, 10, 0), tick=False)
def test_source_five_per_subtree_industry_and_period(world):
    build_source_five(world)
    # the textile industry alone
    textile = selectors.agreement_figures(org=world.town, period=H1, industry="纺织")
    assert textile["employers"]["total"] == 59
    assert textile["employers"]["industry"] == 59
    # the county sees the same employers; the other town none
    county = selectors.agreement_figures(org=world.county, period=H1)
    assert county["employers"]["total"] == 199
    other = selectors.agreement_figures(org=world.other_town, period=H1)
    assert other["employers"]["total"] == 0
    assert other["coverage_by_employers"]["percent"] is None
    # the half before: nothing signed, the 2023 agreements still running on 2025-12-31
    before = selectors.agreement_figures(org=world.town, period=Period.half(2025, 2))
    assert before["employers"]["total"] == 0
    assert before["coverage_by_employers"]["numerator"] == 194
    # 2023: all 194 were first agreements
    first = selectors.agreement_figures(org=world.town, period=Period.year(2023))
    assert (first["employers"]["renewed"], first["employers"]["new"]) == (0, 194)


@time_machine.travel(dt.datetime(2026, 1, 31, 10, 0), tick=False)
def test_review_rate_before_the_deemed_day(world):
    """On 2026-01-31 the regional agreement filed on 2026-01-20 is still under review."""
    build_source_five(world)
    figures = selectors.agreement_figures(org=world.town, period=H1)
    assert figures["period"]["as_of"] == dt.date(2026, 1, 31)
    # 20 singles + textile approved; 19 singles + the regional one still under review
    assert figures["review_rate"]["numerator"] == 21
    assert figures["review_rate"]["denominator"] == 41


@pytest.mark.parametrize("base, denominator", [("unionised", 39), ("threshold", 39 + 59)])
@time_machine.travel(dt.datetime(2026, 7, 5, 10, 0), tick=False)
def test_coverage_base_is_a_setting(world, settings, base, denominator):
    settings.BARGAINING_COVERAGE_BASE = base
    build_source_five(world)
    figures = selectors.agreement_figures(org=world.town, period=H1)
    assert figures["coverage_by_employers"]["denominator"] == denominator
    assert figures["definitions"]["bargaining_coverage_base"] == base
