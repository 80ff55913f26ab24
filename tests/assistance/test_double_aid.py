import datetime as dt

import pytest

from gonghui.assistance import services as svc
from gonghui.assistance.models import Campaign
from gonghui.assistance.rules import Category
from gonghui.assistance.services import AidError
from tests.assistance.helpers import D, apply, fetch, make_campaign, set_dibao
from tests.factories import make_member, make_person


@pytest.fixture
def campaign(world):
    set_dibao(world.town)
    return make_campaign(world)


def test_same_household_twice_in_one_campaign(world, campaign):
    person = make_person("王五")
    apply(world, campaign, person=person)
    with pytest.raises(AidError) as err:
        apply(world, campaign, person=person, org=world.union_b)
    assert err.value.messages == ["同一户已在“2026年两节送温暖”中申请，不能重复申请"]


def test_household_members_share_the_household(world, campaign):
    head, spouse = make_person("赵六"), make_person("钱七")
    svc.hardship_file_open(
        org=world.union_a,
        head=head,
        by=world.clerk,
        cause="illness",
        annual_income=D("12000"),
        household_size=2,
        opened=dt.date(2025, 3, 1),
        members=[{"name": "钱七", "relation": "spouse", "person": spouse}],
    )
    first = apply(world, campaign, person=head)
    assert first.household_key.startswith("F")
    with pytest.raises(AidError, match="同一户已在"):
        apply(world, campaign, person=spouse)


def test_a_rejected_application_frees_the_household(world, campaign):
    person = make_person("孙八")
    app = apply(world, campaign, person=person)
    svc.application_reject(applications=fetch([app]), by=world.clerk, reason="材料不全")
    assert apply(world, campaign, person=person).status == "submitted"


def test_campaigns_that_exclude_each_other(world, campaign):
    study_a = make_campaign(world, name="2026年金秋助学（镇）", kind=Campaign.Kind.STUDY_AID)
    study_b = make_campaign(
        world, name="2026年金秋助学（县）", kind=Campaign.Kind.STUDY_AID, org=world.county
    )
    study_a.excludes.add(study_b)
    person = make_person("周九")
    apply(world, study_a, person=person, category=Category.STUDENT)
    with pytest.raises(AidError) as err:
        apply(world, study_b, person=person, category=Category.STUDENT)
    assert err.value.messages == [
        "该户已在互斥的活动“2026年金秋助学（镇）”中申请，不能同时享受“2026年金秋助学（县）”"
    ]


def test_yearly_cap_per_household(world, campaign):
    temporary = make_campaign(
        world,
        name="2026年临时救助",
        kind=Campaign.Kind.TEMPORARY,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        yearly_cap=D("3000"),
    )
    campaign.start = dt.date(2026, 1, 2)
    campaign.save()
    person = make_person("吴十")
    apply(world, campaign, person=person)  # 200 + 80
    with pytest.raises(AidError) as err:
        apply(world, temporary, person=person, category=Category.ILLNESS)  # 3000
    assert err.value.messages == [
        "该户2026年已获救助 280.00 元，加上本次 3000.00 元超过每户年度上限 3000.00 元"
    ]
    ok = apply(world, temporary, person=person, category=Category.OTHER, cash=D("2720"))
    assert ok.cash == D("2720")


def test_a_barred_household_cannot_apply_until_the_bar_ends(world, campaign):
    person = make_person("郑十一")
    app = apply(world, campaign, person=person)
    svc.application_disqualify(
        applications=fetch([app]), by=world.clerk, reason="隐瞒收入", today=dt.date(2026, 1, 10)
    )
    other = make_campaign(
        world,
        name="2026年临时救助",
        kind=Campaign.Kind.TEMPORARY,
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 12, 31),
    )
    with pytest.raises(AidError) as err:
        apply(world, other, person=person, today=dt.date(2026, 5, 1))
    assert err.value.messages == ["该户因申报不实被取消申报资格，2027年01月10日前不能申请"]
    assert apply(world, other, person=person, today=dt.date(2027, 1, 10)).status == "submitted"


def test_members_only_campaign_refuses_residents(world, campaign):
    campaign.recipients = Campaign.Recipients.MEMBERS
    campaign.save()
    with pytest.raises(AidError, match="仅限在册会员"):
        apply(world, campaign, name="居民甲")
    member = make_member(world.union_a, "会员乙")
    assert apply(world, campaign, person=member.person).status == "submitted"


def test_deadline(world, campaign):
    campaign.deadline = dt.date(2026, 1, 10)
    campaign.save()
    with pytest.raises(AidError, match="已于2026年01月10日截止"):
        apply(world, campaign, today=dt.date(2026, 1, 11))
