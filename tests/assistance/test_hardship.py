import datetime as dt

import pytest
from django.db.models import ProtectedError

from gonghui.assistance import services as svc
from gonghui.assistance.models import HardshipFile
from gonghui.assistance.services import AidError
from tests.assistance.helpers import D, set_dibao
from tests.factories import make_person


def _open(world, name="冯十二", income="20000", size=3, **kw):
    return svc.hardship_file_open(
        org=world.union_a,
        head=make_person(name),
        by=world.clerk,
        cause="illness",
        annual_income=D(income),
        household_size=size,
        opened=dt.date(2025, 3, 1),
        **kw,
    )


def test_tier_uses_the_nearest_dibao_setting(world):
    set_dibao(world.county, "700")
    set_dibao(world.town, "800")
    file = _open(world, income="30000", size=3)  # 833.33: 相对 under 800, would be 相对 too
    assert file.tier == "relative" and file.dibao_monthly == D("800")
    deep = _open(world, name="陈十三", income="30000", size=3, rigid_spending=D("2000"))
    assert deep.tier == "deep"  # 777.78 < 800
    assert file.review_due == dt.date(2026, 3, 1)


def test_without_a_setting_filing_is_refused(world):
    with pytest.raises(AidError, match="没有设置当地低保标准"):
        _open(world)


def test_one_file_per_household_and_never_deleted(world):
    set_dibao(world.town)
    file = _open(world)
    with pytest.raises(AidError, match="一户一档"):
        svc.hardship_file_open(
            org=world.union_a,
            head=file.head,
            by=world.clerk,
            cause="illness",
            annual_income=D("1000"),
            household_size=1,
            opened=dt.date(2025, 4, 1),
        )
    with pytest.raises(ProtectedError):
        file.delete()


def test_not_eligible_household_is_not_filed(world):
    set_dibao(world.town)
    with pytest.raises(AidError, match="不符合建档条件"):
        _open(world, income="100000", size=2)


def test_review_and_exit(world):
    set_dibao(world.town)
    file = _open(world)
    svc.hardship_file_review(
        file=file,
        by=world.clerk,
        date=dt.date(2026, 2, 20),
        reviewer="李",
        annual_income=D("60000"),
        household_size=3,
    )
    file.refresh_from_db()
    assert file.tier == "" and file.review_due == dt.date(2027, 2, 20)
    assert file.reviews.count() == 1
    assert HardshipFile.objects.review_due(dt.date(2027, 2, 20)).count() == 1
    with pytest.raises(AidError, match="撤档原因"):
        svc.hardship_file_close(file=file, by=world.clerk, date=dt.date(2026, 3, 1), reason="x")
    svc.hardship_file_close(
        file=file, by=world.clerk, date=dt.date(2026, 3, 1), reason="not_eligible", note="已就业"
    )
    file.refresh_from_db()
    assert file.status == "closed" and file.keep_until == dt.date(2036, 3, 1)


def test_files_are_confidential_to_staff_of_the_subtree(world):
    set_dibao(world.town)
    _open(world)
    assert HardshipFile.objects.visible_to(world.clerk).count() == 1
    assert HardshipFile.objects.visible_to(world.county_clerk).count() == 1
    for user in (world.chair_a, world.chair_b, world.viewer, world.approver):
        assert HardshipFile.objects.visible_to(user).count() == 0
