import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.models import ChangeRecord
from gonghui.members import services
from gonghui.members.models import Membership, Person
from tests.factories import make_member

ID_MALE = "320102199003070017"  # RULES.md §2: valid, 1990-03-07, male
ID_FEMALE = "320102198506150022"  # valid, female; the 15-digit 320102850615002 converts to it


def _changes(instance):
    return ChangeRecord.objects.filter(
        model=instance._meta.label_lower, object_id=str(instance.pk)
    ).order_by("id")


def test_create_makes_person_and_membership_audited(world):
    m = services.member_create(
        by=world.chair_a,
        org=world.union_a,
        id_number=ID_MALE,
        name="赵六",
        joined=dt.date(2024, 5, 1),
        mobile="138 1234 5678",
        education="大学本科",
    )
    person = m.person
    assert (person.sex, person.birth_date) == ("M", dt.date(1990, 3, 7))
    assert person.mobile == "13812345678"
    assert m.status == Membership.Status.ACTIVE and m.org == world.union_a
    [p_rec] = _changes(person)
    [m_rec] = _changes(m)
    assert p_rec.action == m_rec.action == ChangeRecord.Action.CREATE
    assert p_rec.org == m_rec.org == world.union_a
    assert p_rec.user == world.chair_a and p_rec.after["name"] == "赵六"


def test_fifteen_digit_id_is_converted_and_reuses_the_person(world):
    first = services.member_create(
        by=world.clerk,
        org=world.union_a,
        id_number=ID_FEMALE,
        name="钱七",
        joined=dt.date(2010, 1, 1),
    )
    services.member_leave(by=world.clerk, membership=first, date=dt.date(2015, 1, 1), status="left")
    again = services.member_create(
        by=world.clerk,
        org=world.union_b,
        id_number="320102850615002",
        name="钱七",
        joined=dt.date(2020, 1, 1),
        workplace="杭坑纺织厂",
    )
    assert again.person_id == first.person_id
    assert Person.objects.count() == 1
    assert again.person.workplace == "杭坑纺织厂"
    update = _changes(again.person).filter(action=ChangeRecord.Action.UPDATE).get()
    assert update.before["workplace"] == "" and update.after["workplace"] == "杭坑纺织厂"
    assert update.org == world.union_b


def test_lower_case_x_is_normalised(world):
    m = services.member_create(
        by=world.clerk,
        org=world.union_a,
        id_number="11010519491231002x",
        name="孙八",
        joined=dt.date(2000, 1, 1),
    )
    assert m.person.id_number == "11010519491231002X"


def test_refuses_an_active_member_of_another_union(world):
    make_member(world.union_b, "周九", id_number=ID_MALE)
    with pytest.raises(ValidationError) as exc:
        services.member_create(
            by=world.chair_a,
            org=world.union_a,
            id_number=ID_MALE,
            name="周九",
            joined=dt.date(2024, 1, 1),
        )
    assert "转会" in str(exc.value)
    # The refusal does not name the other union to a chair who cannot see it.
    assert "杭坑" not in str(exc.value)
    assert Membership.objects.count() == 1


def test_refuses_twice_in_the_same_union(world):
    make_member(world.union_a, "周九", id_number=ID_MALE)
    with pytest.raises(ValidationError, match="已是桥涯村工会的在册会员"):
        services.member_create(
            by=world.chair_a,
            org=world.union_a,
            id_number=ID_MALE,
            name="周九",
            joined=dt.date(2024, 1, 1),
        )


@pytest.mark.parametrize(
    ("id_number", "mobile", "field"),
    [
        ("340524198001010013", "", "id_number"),  # check character should be X
        ("320102199013070010", "", "id_number"),  # month 13
        (ID_MALE, "12345", "mobile"),
    ],
)
def test_bad_input_is_refused_per_field(world, id_number, mobile, field):
    with pytest.raises(ValidationError) as exc:
        services.member_create(
            by=world.clerk,
            org=world.union_a,
            id_number=id_number,
            name="吴十",
            joined=dt.date(2024, 1, 1),
            mobile=mobile,
        )
    assert field in exc.value.error_dict
    assert not Person.objects.exists()


def test_members_join_grassroots_unions_only(world):
    with pytest.raises(ValidationError, match="不是基层工会"):
        services.member_create(
            by=world.clerk,
            org=world.town,
            id_number=ID_MALE,
            name="吴十",
            joined=dt.date(2024, 1, 1),
        )


def test_update_records_before_and_after(world):
    m = make_member(world.union_a, "王小红", mobile="13812345678")
    services.member_update(by=world.chair_a, person=m.person, name="王晓红", mobile="13900001111")
    m.person.refresh_from_db()
    assert (m.person.name, m.person.mobile) == ("王晓红", "13900001111")
    rec = _changes(m.person).get()
    assert rec.action == ChangeRecord.Action.UPDATE and rec.org == world.union_a
    changed = {k: (b, a) for k, b, a in rec.changed_fields()}
    assert changed["name"] == ("王小红", "王晓红")
    assert changed["mobile"] == ("13812345678", "13900001111")


def test_update_refuses_a_bad_mobile(world):
    m = make_member(world.union_a, "王小红")
    with pytest.raises(ValidationError):
        services.member_update(by=world.chair_a, person=m.person, mobile="1381234")
    assert not _changes(m.person).exists()


def test_transfer_keeps_the_history(world):
    old = make_member(world.union_a, "李四", joined=dt.date(2018, 3, 1))
    new = services.member_transfer(
        by=world.clerk, membership=old, to_org=world.union_b, date=dt.date(2025, 3, 1), note="调动"
    )
    old.refresh_from_db()
    assert old.status == Membership.Status.TRANSFERRED and old.ended == dt.date(2025, 3, 1)
    assert old.end_note == "调动"
    assert new.status == Membership.Status.ACTIVE and new.org == world.union_b
    assert new.joined == dt.date(2025, 3, 1) and new.previous == old
    third = services.member_transfer(
        by=world.county_clerk, membership=new, to_org=world.union_c, date=dt.date(2026, 1, 1)
    )
    chain = list(old.person.memberships.order_by("joined").values_list("org__name", "status"))
    assert chain == [
        ("桥涯村工会", "transferred"),
        ("杭坑村工会", "transferred"),
        ("缸窑社区工会", "active"),
    ]
    assert third.previous.previous == old
    closed = _changes(old).get()
    assert closed.before["status"] == "active" and closed.after["status"] == "transferred"
    assert closed.org == world.union_a
    assert _changes(new).filter(action="create").get().org == world.union_b


@pytest.mark.parametrize(
    ("target", "date", "message"),
    [("union_a", dt.date(2025, 1, 1), "相同"), ("union_b", dt.date(2017, 1, 1), "早于入会日期")],
)
def test_transfer_refusals(world, target, date, message):
    m = make_member(world.union_a, "李四", joined=dt.date(2018, 3, 1))
    with pytest.raises(ValidationError, match=message):
        services.member_transfer(
            by=world.clerk, membership=m, to_org=getattr(world, target), date=date
        )
    m.refresh_from_db()
    assert m.status == Membership.Status.ACTIVE and Membership.objects.count() == 1


def test_a_closed_membership_cannot_be_transferred_or_left(world):
    m = make_member(world.union_a, "李四")
    services.member_leave(
        by=world.chair_a, membership=m, date=dt.date(2024, 1, 1), status="deceased"
    )
    with pytest.raises(ValidationError, match="已去世"):
        services.member_transfer(
            by=world.clerk, membership=m, to_org=world.union_b, date=dt.date(2025, 1, 1)
        )
    with pytest.raises(ValidationError):
        services.member_leave(by=world.clerk, membership=m, date=dt.date(2025, 1, 1), status="left")


def test_leave_closes_and_audits(world):
    m = make_member(world.union_a, "李四", joined=dt.date(2018, 3, 1))
    services.member_leave(
        by=world.chair_a, membership=m, date=dt.date(2025, 6, 30), status="left", note="本人申请"
    )
    m.refresh_from_db()
    assert (m.status, m.ended, m.end_note) == ("left", dt.date(2025, 6, 30), "本人申请")
    rec = _changes(m).get()
    assert rec.org == world.union_a and rec.after["status"] == "left"


def test_leave_status_must_be_left_or_deceased(world):
    m = make_member(world.union_a, "李四")
    with pytest.raises(ValidationError):
        services.member_leave(
            by=world.chair_a, membership=m, date=dt.date(2025, 6, 30), status="transferred"
        )
