"""Reminders (expiry, overdue filing, lapsed, no wage negotiation) and union building figures."""

import datetime as dt

from gonghui.bargaining import selectors
from gonghui.bargaining.services import filing_record
from gonghui.core.dates import Period
from gonghui.orgs.models import Organization
from tests.bargaining.helpers import make_agreement, make_employer
from tests.factories import make_member


def test_overdue_filing_boundary_wage_and_other(world):
    wage = make_agreement(
        union=world.town, employers=[world.employer_a], signed=dt.date(2026, 3, 1)
    )
    other = make_agreement(
        union=world.town,
        employers=[make_employer(world.town)],
        signed=dt.date(2026, 3, 1),
        topic="comprehensive",
    )

    def overdue(day):
        return set(selectors.filings_overdue(org=world.town, today=day))

    assert overdue(dt.date(2026, 3, 8)) == set()
    assert overdue(dt.date(2026, 3, 9)) == {wage}
    assert overdue(dt.date(2026, 3, 11)) == {wage}
    assert overdue(dt.date(2026, 3, 12)) == {wage, other}
    filing_record(
        by=world.clerk, agreement=wage, filed=dt.date(2026, 3, 12), today=dt.date(2026, 3, 12)
    )
    assert overdue(dt.date(2026, 3, 12)) == {other}
    assert wage.filing.late


def test_expiring_within_months_setting(world, settings):
    a = make_agreement(
        union=world.town, employers=[world.employer_a], signed=dt.date(2025, 1, 1), years=1
    )  # ends 2025-12-31
    assert list(selectors.agreements_expiring(org=world.town, today=dt.date(2025, 9, 30))) == []
    assert list(selectors.agreements_expiring(org=world.town, today=dt.date(2025, 10, 1))) == [a]
    assert list(selectors.agreements_expiring(org=world.town, today=dt.date(2025, 12, 31))) == [a]
    assert list(selectors.agreements_expiring(org=world.town, today=dt.date(2026, 1, 1))) == []
    settings.BARGAINING_EXPIRY_WARNING_MONTHS = 6
    assert list(selectors.agreements_expiring(org=world.town, today=dt.date(2025, 7, 1))) == [a]
    # renewed: no longer a reminder
    make_agreement(
        union=world.town, employers=[world.employer_a], signed=dt.date(2025, 11, 1), renewal_of=a
    )
    assert list(selectors.agreements_expiring(org=world.town, today=dt.date(2025, 10, 1))) == []
    # chair_b's union sees nothing of the town's agreements
    assert list(selectors.agreements_expiring(org=world.union_b, today=dt.date(2025, 10, 1))) == []


def test_lapsed_and_no_wage_negotiation(world):
    second = make_employer(world.town, name="杭坑织造厂")
    never = make_employer(world.town, name="从未签订厂")
    make_agreement(
        union=world.town, employers=[world.employer_a, second], signed=dt.date(2024, 1, 1), years=1
    )
    make_agreement(union=world.town, employers=[second], signed=dt.date(2025, 6, 1), years=1)
    lapsed = set(selectors.employers_lapsed(org=world.town, today=dt.date(2025, 7, 1)))
    assert lapsed == {world.employer_a}
    lapsed = set(selectors.employers_lapsed(org=world.town, today=dt.date(2026, 6, 1)))
    assert lapsed == {world.employer_a, second}
    no_wage = set(selectors.employers_without_wage_negotiation(org=world.town, year=2025))
    assert no_wage == {world.employer_a, never}
    make_agreement(
        union=world.town, employers=[never], signed=dt.date(2025, 3, 1), topic="comprehensive"
    )
    no_wage = set(selectors.employers_without_wage_negotiation(org=world.town, year=2025))
    assert no_wage == {world.employer_a, never}  # only wage agreements count


def test_union_building_figures(world):
    make_employer(world.town, name="二十五人厂", employees=25)
    make_employer(world.town, name="二十四人厂", employees=24)
    make_employer(world.town, name="有工会厂", employees=100, union=world.union_a)
    # employer_a has 60 staff and no union
    to_unionise = [e.name for e in selectors.employers_to_unionise(org=world.town)]
    assert to_unionise == ["桥涯纺织有限公司", "二十五人厂"]
    for i in range(30):
        make_member(
            world.union_a, f"会员{i}", joined=dt.date(2026, 1, 1) if i < 4 else dt.date(2020, 1, 1)
        )
    make_member(world.union_b, "乙", joined=dt.date(2026, 2, 1))
    Organization.objects.filter(pk=world.union_a.pk).update(term_end=dt.date(2026, 12, 31))
    Organization.objects.filter(pk=world.union_b.pk).update(term_end=dt.date(2026, 5, 31))
    f = selectors.union_building_figures(
        org=world.town, period=Period.year(2026), today=dt.date(2026, 7, 1)
    )
    assert f["unionisation_rate"] == {
        "numerator": 1,
        "denominator": 3,
        "percent": selectors.rate(1, 3)["percent"],
    }
    assert f["employers_to_unionise"] == 2
    assert f["membership_rate"]["numerator"] == 31
    assert f["membership_rate"]["denominator"] == 70  # 40 + 30 employees of the two unions
    assert f["new_members"] == 5
    assert (f["terms_overdue"], f["terms_due"]) == (1, 1)
    by_union = {
        r["union"].name: (r["numerator"], r["denominator"])
        for r in selectors.membership_by_union(org=world.town)
    }
    assert by_union == {"桥涯村工会": (30, 40), "杭坑村工会": (1, 30)}
    due = list(selectors.unions_term_due(org=world.town, today=dt.date(2026, 7, 1)))
    assert [u.name for u in due] == ["杭坑村工会", "桥涯村工会"]
    # 6 months: 2026-12-31 is within 6 months of 2026-07-01, not of 2026-06-30
    due = list(selectors.unions_term_due(org=world.town, today=dt.date(2026, 6, 30)))
    assert [u.name for u in due] == ["杭坑村工会"]
