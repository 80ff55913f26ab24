"""The roster over the API: the same scoping, masking and audit as the pages."""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gonghui.core.models import AuditEvent, ChangeRecord, imported_row
from gonghui.members.models import Membership, Person
from gonghui.members.services import member_transfer
from tests.factories import make_member

MEMBERS = "/api/v1/members"
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def roster(world):
    """Two members in union_a, one in union_b, one who left union_a, one in the other town."""
    return {
        "zhang": make_member(
            world.union_a,
            "张三",
            joined=dt.date(2019, 3, 5),
            id_number="320102199003070017",
            mobile="13812345678",
        ),
        "li": make_member(
            world.union_a,
            "李四",
            joined=dt.date(2022, 7, 1),
            id_number="320102198506150022",
        ),
        "wang": make_member(
            world.union_b, "王五", joined=dt.date(2021, 1, 10), id_number="440305200002290037"
        ),
        "left": _left(make_member(world.union_a, "钱七", joined=dt.date(2018, 1, 1))),
        "far": make_member(world.union_c, "赵六", joined=dt.date(2020, 5, 5)),
    }


def _left(membership):
    membership.status = Membership.Status.LEFT
    membership.ended = dt.date(2024, 12, 31)
    membership.save()
    return membership


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


# ---- list and filters -------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_list_is_scoped_to_the_subtree(world, roster, client, bearer):
    assert names(client.get(MEMBERS, headers=bearer(world.clerk))) == ["李四", "王五", "张三"]
    assert names(client.get(MEMBERS, headers=bearer(world.chair_a))) == ["李四", "张三"]
    assert names(client.get(MEMBERS, headers=bearer(world.chair_b))) == ["王五"]
    county = client.get(MEMBERS, headers=bearer(world.county_clerk))
    assert sorted(names(county)) == ["张三", "李四", "王五", "赵六"]


@time_machine.travel(TODAY, tick=False)
def test_filters(world, roster, client, bearer):
    h = bearer(world.clerk)

    def get(**params):
        return names(client.get(MEMBERS, params, headers=h))

    assert get(q="张") == ["张三"]
    assert get(q="320102199003070017") == ["张三"]
    assert get(q="32010219900307001７") == ["张三"]  # full-width digits as typed on a phone
    assert get(q="320102199003070018") == []  # a wrong check digit is no number: a name search
    assert get(q="3201 0219 9003 0700 17") == ["张三"]  # spaces as clerks type them
    assert get(q="13812345678") == ["张三"]
    assert get(q="1381234") == []  # partial numbers never match
    assert get(org=world.union_b.pk) == ["王五"]
    assert get(org=world.town.pk) == ["李四", "王五", "张三"]
    assert get(sex="F") == ["李四"]
    assert get(sex="M") == ["王五", "张三"]
    # Ages on 2026-06-15: 张三 36, 李四 41 (born 1985-06-15, birthday today), 王五 26.
    assert get(age_min=36, age_max=40) == ["张三"]
    assert get(age_min=41) == ["李四"]
    assert get(age_max=26) == ["王五"]
    assert get(joined_from="2021-01-10", joined_to="2022-06-30") == ["王五"]
    assert get(status="left") == ["钱七"]
    assert get(status="all") == ["李四", "王五", "张三", "钱七"]


@time_machine.travel(TODAY, tick=False)
def test_leap_day_birthday_counts_from_the_first_of_march(world, client, bearer):
    # 王五 was born 2000-02-29; on 2026-02-28 he is still 25, on 2026-03-01 he is 26.
    make_member(world.union_b, "王五", id_number="440305200002290037")
    h = bearer(world.clerk)
    with time_machine.travel(dt.date(2026, 2, 28), tick=False):
        assert names(client.get(MEMBERS, {"age_min": 26}, headers=h)) == []
        assert client.get(MEMBERS, headers=h).json()["items"][0]["age"] == 25
    with time_machine.travel(dt.date(2026, 3, 1), tick=False):
        assert names(client.get(MEMBERS, {"age_min": 26}, headers=h)) == ["王五"]


def test_org_filter_outside_the_subtree_is_404(world, roster, client, bearer):
    h = bearer(world.chair_a)
    for org in (world.union_b, world.town, world.union_c):
        response = client.get(MEMBERS, {"org": org.pk}, headers=h)
        assert response.status_code == 404
        assert response.json() == {"detail": "没有找到该组织"}


def test_bad_filters_are_422_per_field_in_chinese(world, client, bearer):
    response = client.get(
        MEMBERS,
        {"age_min": "-1", "sex": "X", "joined_from": "去年", "limit": "1000", "status": "gone"},
        headers=bearer(world.clerk),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "提交的数据有误，请按字段逐项修改"
    assert body["errors"] == {
        "age_min": ["不能小于 0"],
        "sex": ["取值应为 M、F 之一"],
        "joined_from": ["日期格式应为 YYYY-MM-DD"],
        "limit": ["不能大于 500"],
        "status": ["取值应为 active、transferred、left、deceased、all 之一"],
    }


@time_machine.travel(TODAY, tick=False)
def test_pagination_with_total(world, client, bearer):
    for i in range(7):
        make_member(world.union_a, f"会员{i}", joined=dt.date(2020, 1, 1 + i))
    h = bearer(world.viewer)
    first = client.get(MEMBERS, {"limit": 3}, headers=h).json()
    assert (first["total"], first["limit"], first["offset"]) == (7, 3, 0)
    assert [m["name"] for m in first["items"]] == ["会员6", "会员5", "会员4"]
    last = client.get(MEMBERS, {"limit": 3, "offset": 6}, headers=h).json()
    assert [m["name"] for m in last["items"]] == ["会员0"]
    assert last["total"] == 7


@pytest.mark.parametrize("size", [1, 25])
def test_list_runs_a_fixed_number_of_queries(
    world, client, bearer, django_assert_num_queries, size
):
    for i in range(25):
        make_member(world.union_a, f"会员{i}")
    h = bearer(world.clerk)
    # token lookup, token last_used, placement, COUNT, page, one audit event (clerk unmasks)
    with django_assert_num_queries(6):
        response = client.get(MEMBERS, {"limit": size, "q": "会员"}, headers=h)
    assert len(response.json()["items"]) == size


# ---- masking and its audit --------------------------------------------------------------


def test_masked_for_roles_that_may_not_see_numbers(world, roster, client, bearer):
    for user in (world.viewer, world.approver):
        body = client.get(MEMBERS, {"q": "张三"}, headers=bearer(user)).json()
        assert body["masked"] is True
        item = body["items"][0]
        assert item["id_number"] == "3201**********0017"
        assert item["mobile"] == "138****5678"
        one = client.get(f"{MEMBERS}/{roster['zhang'].pk}", headers=bearer(user)).json()
        assert one["id_number"] == "3201**********0017"
    assert not AuditEvent.objects.filter(kind__in=["reveal", "export"]).exists()


def test_unmasked_lists_are_audited_once_with_the_count(world, roster, client, bearer):
    body = client.get(MEMBERS, headers=bearer(world.clerk)).json()
    assert body["masked"] is False
    numbers = {m["name"]: m["id_number"] for m in body["items"]}
    assert numbers["张三"] == "320102199003070017"
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert event.user == world.clerk and event.org == world.town
    assert event.detail["count"] == 3 and event.detail["via"] == "api"
    assert sorted(event.detail["person_ids"]) == sorted(
        m.person_id for m in (roster["zhang"], roster["li"], roster["wang"])
    )
    # An empty page reveals nothing and records nothing.
    client.get(MEMBERS, {"q": "没有这个人"}, headers=bearer(world.clerk))
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).count() == 1


def test_unmasked_detail_is_audited_as_a_reveal(world, roster, client, bearer):
    response = client.get(f"{MEMBERS}/{roster['zhang'].pk}", headers=bearer(world.chair_a))
    assert response.status_code == 200
    body = response.json()
    assert body["id_number"] == "320102199003070017"
    assert body["mobile"] == "13812345678"
    assert body["org"] == {"id": world.union_a.pk, "name": "桥涯村工会", "short_name": "桥涯村"}
    assert (body["sex"], body["birth_date"], body["status"]) == ("M", "1990-03-07", "active")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.REVEAL)
    assert event.user == world.chair_a and event.detail["count"] == 1


def test_unmask_roles_are_a_setting(world, roster, client, bearer, settings):
    settings.UNMASK_ROLES = ["staff"]
    body = client.get(f"{MEMBERS}/{roster['zhang'].pk}", headers=bearer(world.chair_a)).json()
    assert body["id_number"] == "3201**********0017"
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.REVEAL).exists()


# ---- get --------------------------------------------------------------------------------


def test_sibling_chair_cannot_get_union_a_member(world, roster, client, bearer):
    response = client.get(f"{MEMBERS}/{roster['zhang'].pk}", headers=bearer(world.chair_b))
    assert response.status_code == 404
    assert response.json() == {"detail": "没有找到该会员"}


def test_history_stays_visible_where_it_happened(world, roster, client, bearer):
    # 钱七 left union_a: chair_a still finds the closed membership with its end date.
    body = client.get(f"{MEMBERS}/{roster['left'].pk}", headers=bearer(world.chair_a)).json()
    assert (body["status"], body["status_label"], body["ended"]) == ("left", "已退会", "2024-12-31")


# ---- create -----------------------------------------------------------------------------


def post(client, headers, body):
    return client.post(MEMBERS, json.dumps(body), content_type="application/json", headers=headers)


NEW = {
    "id_number": "320102850615002",  # 15 digits: stored as 320102198506150022
    "name": "孙八",
    "joined": "2023年3月5日",
    "mobile": "138 1234 0000",
    "education": "大学本科",
}


@time_machine.travel(TODAY, tick=False)
def test_create_is_audited(world, client, bearer):
    response = post(client, bearer(world.chair_a), {**NEW, "org": world.union_a.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id_number"] == "320102198506150022"
    assert (body["joined"], body["mobile"], body["sex"]) == ("2023-03-05", "13812340000", "F")
    membership = Membership.objects.get(pk=body["id"])
    assert membership.org == world.union_a and membership.person.name == "孙八"
    records = ChangeRecord.objects.filter(user=world.chair_a).order_by("id")
    assert [(r.action, r.model) for r in records] == [
        ("create", "members.person"),
        ("create", "members.membership"),
    ]
    assert records[0].after["id_number"] == "320102198506150022"
    assert all(r.org == world.union_a for r in records)


def test_create_outside_the_subtree_is_404_and_writes_nothing(world, client, bearer):
    response = post(client, bearer(world.chair_b), {**NEW, "org": world.union_a.pk})
    assert response.status_code == 404
    assert not Person.objects.exists() and not ChangeRecord.objects.exists()


def test_create_by_a_reader_is_403(world, client, bearer):
    response = post(client, bearer(world.viewer), {**NEW, "org": world.union_a.pk})
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_create_rejects_bad_fields_each_by_name(world, client, bearer):
    response = post(
        client,
        bearer(world.clerk),
        {
            "id_number": "340524198001010013",
            "name": "",
            "org": world.union_a.pk,
            "joined": "2019-02-30",
            "mobile": "12345",
            "hobby": "钓鱼",
        },
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["id_number"] == ["身份证号码校验位不符：最后一位应为 X，录入的是 3"]
    assert errors["name"] == ["至少 1 个字符"]
    assert errors["joined"] == ["日期“2019-02-30”不存在（2019年2月30日）"]
    assert errors["mobile"] == ["手机号码 12345 无效：应为 1 开头的 11 位数字"]
    assert errors["hobby"] == ["不认识的字段"]
    assert "org" not in errors
    missing = post(client, bearer(world.clerk), {"name": "孙八"})
    assert missing.json()["errors"] == {
        "id_number": ["此项必填"],
        "org": ["此项必填"],
        "joined": ["此项必填"],
    }


def test_create_rules_of_the_roster_come_back_as_422(world, roster, client, bearer):
    h = bearer(world.clerk)
    twice = post(client, h, {**NEW, "id_number": "320102199003070017", "org": world.union_b.pk})
    assert twice.status_code == 422
    assert twice.json() == {
        "detail": "该职工已在其他工会在册，不能重复入会；请由原工会办理转会",
        "errors": {"id_number": ["该职工已在其他工会在册，不能重复入会；请由原工会办理转会"]},
    }
    town = post(client, h, {**NEW, "org": world.town.pk})
    assert town.status_code == 422
    assert town.json()["errors"] == {"org": ["太华镇总工会 不是基层工会，会员只能加入基层工会"]}


def test_body_that_is_not_json_is_400(world, client, bearer):
    response = client.post(
        MEMBERS, "{name: 孙八", content_type="application/json", headers=bearer(world.clerk)
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("请求体不是有效的 JSON")


# ---- update -----------------------------------------------------------------------------


def patch(client, headers, pk, body):
    return client.patch(
        f"{MEMBERS}/{pk}", json.dumps(body), content_type="application/json", headers=headers
    )


def test_update_changes_only_what_is_sent_and_is_audited(world, roster, client, bearer):
    zhang = roster["zhang"]
    response = patch(
        client, bearer(world.chair_a), zhang.pk, {"mobile": "13900001111", "workplace": "桥涯纺织"}
    )
    assert response.status_code == 200, response.content
    person = Person.objects.get(pk=zhang.person_id)
    assert (person.name, person.mobile, person.workplace) == ("张三", "13900001111", "桥涯纺织")
    record = ChangeRecord.objects.get(action="update", model="members.person")
    assert record.user == world.chair_a and record.org == world.union_a
    changed = {k: (b, a) for k, b, a in record.changed_fields()}
    assert changed["mobile"] == ("13812345678", "13900001111")
    assert changed["workplace"] == ("", "桥涯纺织")
    assert set(changed) <= {"mobile", "workplace", "updated"}
    assert response.json()["mobile"] == "13900001111"


def test_update_scoping_and_roles(world, roster, client, bearer):
    zhang = roster["zhang"]
    assert patch(client, bearer(world.chair_b), zhang.pk, {"name": "张叁"}).status_code == 404
    refused = patch(client, bearer(world.viewer), zhang.pk, {"name": "张叁"})
    assert refused.status_code == 403
    assert Person.objects.get(pk=zhang.person_id).name == "张三"
    assert not ChangeRecord.objects.exists()


def test_update_rejects_bad_values_and_the_key(world, roster, client, bearer):
    h = bearer(world.clerk)
    pk = roster["zhang"].pk
    bad = patch(client, h, pk, {"mobile": "110", "id_number": "320102199003070017"})
    assert bad.status_code == 422
    assert bad.json()["errors"] == {
        "mobile": ["手机号码 110 无效：应为 1 开头的 11 位数字"],
        "id_number": ["不认识的字段"],
    }
    assert not ChangeRecord.objects.exists()


def test_a_member_who_moved_away_is_edited_by_the_new_union(world, roster, client, bearer):
    zhang = roster["zhang"]
    member_transfer(by=world.county_clerk, membership=zhang, to_org=world.union_c, date=TODAY)
    response = patch(client, bearer(world.clerk), zhang.pk, {"name": "张叁"})
    assert response.status_code == 403
    assert response.json() == {"detail": "该职工现已在其他工会在册，只能由其现所在工会修改"}


# ---- import -----------------------------------------------------------------------------


def roster_xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["太华镇会员名册"])
    sheet.append(["姓名", "身份证号", "所在工会", "入会日期", "手机号码"])
    for row in rows:
        sheet.append(row)
    for cell in sheet["B"]:
        cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        "名册.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


ROWS = [
    ["周九", "320102199003070017", "桥涯村", "2020.3.5", "13800000001"],
    ["吴十", "320102198506150022", "桥涯村工会", "2021年4月1日", ""],
    ["郑一", "340524198001010013", "桥涯村", "2020-01-01", ""],
    ["冯二", "440305200002290037", "杭坑村", "2020-01-01", ""],
]


@time_machine.travel(TODAY, tick=False)
def test_import_check_then_commit(world, client, bearer):
    h = bearer(world.chair_a)
    url = f"{MEMBERS}/import"
    checked = client.post(url, {"file": roster_xlsx(ROWS)}, headers=h)
    assert checked.status_code == 200, checked.content
    body = checked.json()
    assert (body["accepted"], body["created"], body["rejected"]) == (2, 2, 2)
    assert body["committed"] is False
    by_row = {e["row"]: e for e in body["errors"]}
    assert set(by_row) == {5, 6}
    assert by_row[5]["column"] == "身份证号" and "校验位" in by_row[5]["reason"]
    assert by_row[6]["column"] == "所在工会"  # 杭坑村 is outside chair_a's union
    assert not Person.objects.exists()

    committed = client.post(f"{url}?commit=true", {"file": roster_xlsx(ROWS)}, headers=h)
    assert committed.status_code == 200
    body = committed.json()
    assert (body["created"], body["rejected"], body["committed"]) == (2, 2, True)
    assert sorted(Membership.objects.values_list("person__name", flat=True)) == ["吴十", "周九"]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.IMPORT)
    assert event.user == world.chair_a and event.detail["file"] == "名册.xlsx"
    zhou = Person.objects.get(name="周九")
    assert imported_row("members.person", zhou.pk)["event"] == event  # its history: this import

    again = client.post(f"{url}?commit=true", {"file": roster_xlsx(ROWS)}, headers=h).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)


def test_import_file_problems_are_400_and_write_nothing(world, client, bearer):
    response = client.post(
        f"{MEMBERS}/import?commit=true",
        {"file": SimpleUploadedFile("名册.xlsx", b"")},
        headers=bearer(world.clerk),
    )
    assert response.status_code == 400
    assert "是空的" in response.json()["detail"]
    not_a_sheet = client.post(
        f"{MEMBERS}/import",
        {"file": SimpleUploadedFile("名册.xlsx", b"PK\x03\x04 broken zip")},
        headers=bearer(world.clerk),
    )
    assert not_a_sheet.status_code == 400
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.IMPORT).exists()


def test_import_scoping(world, client, bearer):
    url = f"{MEMBERS}/import"
    viewer = client.post(url, {"file": roster_xlsx(ROWS)}, headers=bearer(world.viewer))
    assert viewer.status_code == 403
    outside = client.post(
        url, {"file": roster_xlsx(ROWS), "org": world.union_a.pk}, headers=bearer(world.chair_b)
    )
    assert outside.status_code == 404
    missing = client.post(url, {}, headers=bearer(world.clerk))
    assert missing.status_code == 422
    assert missing.json()["errors"] == {"file": ["此项必填"]}


@time_machine.travel(TODAY, tick=False)
def test_import_into_a_named_union(world, client, bearer):
    # With org given, rows without a union column go there.
    book = Workbook()
    book.active.append(["姓名", "公民身份号码", "入会日期"])
    book.active.append(["周九", "320102199003070017", "2020-03-05"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        f"{MEMBERS}/import?commit=true",
        {"file": SimpleUploadedFile("m.xlsx", buffer.getvalue()), "org": world.union_b.pk},
        headers=bearer(world.clerk),
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1
    assert Membership.objects.get().org == world.union_b


# ---- orgs -------------------------------------------------------------------------------


def test_orgs_are_the_visible_subtree_flat(world, client, bearer):
    rows = client.get("/api/v1/orgs", headers=bearer(world.clerk)).json()
    assert [(o["name"], o["depth"]) for o in rows] == [
        ("太华镇总工会", 2),
        ("桥涯村工会", 3),
        ("杭坑村工会", 3),
    ]
    by_name = {o["name"]: o for o in rows}
    assert by_name["太华镇总工会"]["parent_id"] is None  # the county is outside the view
    assert by_name["桥涯村工会"]["parent_id"] == world.town.pk
    assert by_name["桥涯村工会"]["kind"] == "grassroots"
    chair = client.get("/api/v1/orgs", headers=bearer(world.chair_b)).json()
    assert [o["name"] for o in chair] == ["杭坑村工会"]
    county = client.get("/api/v1/orgs", headers=bearer(world.approver)).json()
    assert len(county) == 6 and county[0]["parent_id"] is None


def test_reversed_ranges_are_422(world, client, bearer):
    h = bearer(world.clerk)
    ages = client.get(MEMBERS, {"age_min": 40, "age_max": 30}, headers=h)
    assert ages.status_code == 422
    assert ages.json()["errors"] == {"__all__": ["年龄下限不能大于上限"]}
    dates = client.get(MEMBERS, {"joined_from": "2024-02-01", "joined_to": "2024-01-01"}, headers=h)
    assert dates.json()["errors"] == {"__all__": ["入会日期的起始日期不能晚于截止日期"]}
