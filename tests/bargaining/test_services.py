"""Registering agreements, filing them and recording the review, with the audit trail."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gonghui.bargaining.models import Agreement, Coverage, Filing
from gonghui.bargaining.services import (
    agreement_register,
    employers_match,
    filing_decide,
    filing_record,
)
from gonghui.core.models import ChangeRecord
from gonghui.orgs.models import Employer
from tests.bargaining.helpers import make_agreement, make_employer

SIGNED = dt.date(2026, 3, 1)


def _register(world, **overrides):
    fields = dict(
        by=world.clerk,
        title="太华镇2026年区域性工资集体协议",
        scope=Agreement.Scope.REGIONAL,
        topic=Agreement.Topic.WAGE,
        union=world.town,
        employers=[world.employer_a],
        signed=SIGNED,
        starts=dt.date(2026, 3, 1),
        ends=dt.date(2027, 2, 28),
        vote_body=Agreement.VoteBody.REGIONAL_CONGRESS,
        vote_date=dt.date(2026, 2, 20),
        vote_eligible=90,
        vote_present=60,
        vote_for=46,
        today=dt.date(2026, 3, 2),
    )
    fields.update(overrides)
    return agreement_register(**fields)


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_register_regional_binds_each_employer_and_is_audited(world):
    others = [make_employer(world.town, employees=10) for _ in range(59)]
    agreement = _register(world, employers=[world.employer_a, *others])
    assert agreement.coverages.count() == 60
    assert agreement.employees_covered == 60 + 59 * 10
    assert agreement.kind_label == "新签"
    record = ChangeRecord.objects.get(model="bargaining.agreement", object_id=str(agreement.pk))
    assert record.user == world.clerk
    assert len(record.after["employers"]) == 60


def test_single_agreement_covers_its_employer(world):
    agreement = _register(
        world,
        scope=Agreement.Scope.SINGLE,
        employer=world.employer_a,
        employers=[],
        union=world.union_a,
    )
    assert list(agreement.employers.all()) == [world.employer_a]


def test_scope_needs_the_right_parties(world):
    with pytest.raises(ValidationError) as exc:
        _register(world, scope=Agreement.Scope.SINGLE, employers=[])
    assert "employer" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _register(world, employers=[])
    assert "employers" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _register(world, scope=Agreement.Scope.INDUSTRY, industry="")
    assert "industry" in _errors(exc)


def test_term_and_vote_are_checked_at_registration(world):
    with pytest.raises(ValidationError) as exc:
        _register(world, ends=dt.date(2027, 2, 27))
    assert "不足一年" in _errors(exc)["ends"][0]
    _register(world, ends=dt.date(2029, 2, 28), title="三年整")
    with pytest.raises(ValidationError) as exc:
        _register(world, ends=dt.date(2029, 3, 1))
    assert "超过三年" in _errors(exc)["ends"][0]
    with pytest.raises(ValidationError) as exc:
        _register(world, vote_present=59)  # 59*3 = 177 < 180
    assert "三分之二" in _errors(exc)["vote_for"][0]
    with pytest.raises(ValidationError) as exc:
        _register(world, vote_for=45)  # half of 90 is not more than half
    assert "半数" in _errors(exc)["vote_for"][0]
    with pytest.raises(ValidationError) as exc:
        _register(world, vote_date=SIGNED + dt.timedelta(days=1))
    assert "vote_date" in _errors(exc)
    assert Agreement.objects.count() == 1


def test_renewal_chain(world):
    first = make_agreement(
        union=world.town, employers=[world.employer_a], signed=dt.date(2023, 3, 1)
    )
    second = _register(world, renewal_of=first)
    assert second.renewal and second.kind_label == "续签"
    assert first.renewed_by == second
    with pytest.raises(ValidationError) as exc:
        _register(world, renewal_of=first, title="再续一次")
    assert "已经续签过" in _errors(exc)["renewal_of"][0]


def _filed(world, filed, *, topic=Agreement.Topic.WAGE):
    agreement = _register(world, topic=topic)
    return filing_record(by=world.clerk, agreement=agreement, filed=filed, today=filed)


def test_filing_clock_boundaries_wage_seven_days(world):
    agreement = _register(world)
    assert agreement.filing_due == dt.date(2026, 3, 8)
    assert agreement.review_status(dt.date(2026, 3, 8)) == "unfiled"
    assert agreement.review_status(dt.date(2026, 3, 9)) == "overdue"
    filing = filing_record(
        by=world.clerk, agreement=agreement, filed=dt.date(2026, 3, 8), today=dt.date(2026, 3, 8)
    )
    assert not filing.late


def test_filing_clock_boundaries_other_ten_days(world):
    agreement = _register(world, topic=Agreement.Topic.COMPREHENSIVE)
    assert agreement.filing_due == dt.date(2026, 3, 11)
    assert agreement.review_status(dt.date(2026, 3, 11)) == "unfiled"
    assert agreement.review_status(dt.date(2026, 3, 12)) == "overdue"
    filing = filing_record(
        by=world.clerk, agreement=agreement, filed=dt.date(2026, 3, 12), today=dt.date(2026, 3, 12)
    )
    assert filing.late


def test_deemed_effective_is_computed_at_the_boundary(world):
    filing = _filed(world, dt.date(2026, 3, 5))
    assert filing.review_deadline == dt.date(2026, 3, 20)
    assert filing.status(dt.date(2026, 3, 20)) == "reviewing"
    assert filing.status(dt.date(2026, 3, 21)) == "deemed"
    assert filing.agreement.review_status_label(dt.date(2026, 3, 21)) == "视为生效"
    assert Filing.objects.get().outcome == ""  # never typed


def test_objection_only_within_the_review_period(world):
    filing = _filed(world, dt.date(2026, 3, 5))
    with pytest.raises(ValidationError) as exc:
        filing_decide(
            by=world.clerk,
            filing=filing,
            outcome=Filing.Outcome.OBJECTION,
            decided=dt.date(2026, 3, 21),
            objection_text="工资增长幅度条款不明确",
            today=dt.date(2026, 3, 25),
        )
    assert "视为生效" in _errors(exc)["decided"][0]
    with pytest.raises(ValidationError):
        filing_decide(
            by=world.clerk,
            filing=filing,
            outcome=Filing.Outcome.OBJECTION,
            decided=dt.date(2026, 3, 20),
            objection_text="  ",
            today=dt.date(2026, 3, 25),
        )
    filing = filing_decide(
        by=world.clerk,
        filing=filing,
        outcome=Filing.Outcome.OBJECTION,
        decided=dt.date(2026, 3, 20),
        objection_text="工资增长幅度条款不明确",
        today=dt.date(2026, 3, 25),
    )
    assert filing.status(dt.date(2026, 4, 1)) == "objection"
    assert not Agreement.objects.in_force_on(dt.date(2026, 4, 1)).exists()
    assert ChangeRecord.objects.filter(model="bargaining.filing", action="update").count() == 1


def test_approval_and_double_answers(world):
    filing = _filed(world, dt.date(2026, 3, 5))
    filing = filing_decide(
        by=world.clerk,
        filing=filing,
        outcome=Filing.Outcome.APPROVED,
        decided=dt.date(2026, 3, 10),
        today=dt.date(2026, 3, 10),
    )
    assert filing.agreement.review_status(dt.date(2026, 3, 11)) == "approved"
    with pytest.raises(ValidationError):
        filing_decide(
            by=world.clerk,
            filing=filing,
            outcome=Filing.Outcome.APPROVED,
            decided=dt.date(2026, 3, 11),
            today=dt.date(2026, 3, 11),
        )
    with pytest.raises(ValidationError):
        filing_record(
            by=world.clerk,
            agreement=filing.agreement,
            filed=dt.date(2026, 3, 6),
            today=dt.date(2026, 3, 6),
        )


def test_filing_dates_are_checked(world):
    agreement = _register(world)
    with pytest.raises(ValidationError):
        filing_record(
            by=world.clerk,
            agreement=agreement,
            filed=dt.date(2026, 2, 28),
            today=dt.date(2026, 3, 2),
        )
    with pytest.raises(ValidationError):
        filing_record(
            by=world.clerk,
            agreement=agreement,
            filed=dt.date(2026, 3, 3),
            today=dt.date(2026, 3, 2),
        )


def test_employers_match_by_credit_code_or_name(world):
    second = make_employer(world.town, name="杭坑织造厂")
    text = f"{world.employer_a.credit_code.lower()}\n杭坑织造厂，不存在的公司\n杭坑织造厂"
    found, missing = employers_match(queryset=Employer.objects.within(world.town), text=text)
    assert found == [world.employer_a, second]
    assert missing == ["不存在的公司"]


def test_coverage_is_unique_per_agreement(world):
    agreement = _register(world, employers=[world.employer_a, world.employer_a])
    assert Coverage.objects.filter(agreement=agreement).count() == 1


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0), tick=False)
def test_default_today_rejects_future_signing(world):
    with pytest.raises(ValidationError) as exc:
        _register(world, signed=dt.date(2026, 3, 3), today=None)
    assert "signed" in _errors(exc)
