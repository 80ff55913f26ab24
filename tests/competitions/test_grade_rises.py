"""职工技能等级提升: the page (list, counts, filters, add form), the import (CLI and web), the
export, the figures and the API; a sibling union's chair sees and adds nothing of union A."""

import datetime as dt
import io
import json

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.models import ApiToken
from gonghui.competitions import services
from gonghui.competitions.ledger_grades import graderises_import
from gonghui.competitions.models import Competition, Grade, GradeRise
from gonghui.core.models import AuditEvent, ChangeRecord
from gonghui.members.models import Person
from tests.factories import make_id_number, make_member, make_person

TODAY = dt.datetime(2026, 11, 20, 9, 0)
HEADERS = ["姓名", "公民身份号码", "所在工会", "原等级", "新等级", "取证日期", "途径", "相关竞赛"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def contest(world):
    return services.competition_create(
        by=world.clerk,
        name="太华镇2026年职工技能竞赛",
        kind=Competition.Kind.SKILLS,
        organiser=world.town,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 11, 30),
    )


def _rise(world, org, name, *, grade_to=Grade.MIDDLE, on=dt.date(2026, 10, 1), competition=None):
    return services.grade_rise_record(
        by=world.clerk,
        person=make_person(name),
        org=org,
        grade_from=grade_to - 1,
        grade_to=grade_to,
        certified_on=on,
        via=GradeRise.Via.CONTEST if competition else GradeRise.Via.TRAINING,
        competition=competition,
    )


def _xlsx(rows, headers=HEADERS) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# -- the page


def test_chair_records_by_id_number_and_by_name_and_sees_the_count(world, client):
    member = make_member(world.union_a, name="陈明")
    client.force_login(world.chair_a)
    url = reverse("competitions:grade_rises")
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["org"] == "桥涯村工会"
    new_id = make_id_number()
    response = client.post(
        url,
        {
            "org": "桥涯村工会",
            "id_number": new_id.lower(),
            "person_name": "王强",
            "grade_from": "2",
            "grade_to": "3",
            "certified_on": "2026-10-01",
            "via": "training",
        },
        follow=True,
    )
    assert "已登记：王强 提升为高级工（桥涯村工会）" in _messages(response)
    wang = Person.objects.get(id_number=new_id)  # created, normalised
    rise = GradeRise.objects.get(person=wang)
    assert (rise.org, rise.grade_from, rise.grade_to) == (world.union_a, 2, 3)
    assert ChangeRecord.objects.filter(model="competitions.graderise", action="create").count() == 1
    # by name: an active member of the union
    response = client.post(
        url,
        {
            "org": "桥涯村",
            "person_name": "陈明",
            "grade_to": "2",
            "certified_on": "2026-09-01",
            "via": "training",
        },
        follow=True,
    )
    assert GradeRise.objects.get(person=member.person).grade_to == 2
    assert response.context["figures"]["people"] == 2
    html = response.content.decode()
    assert '<div class="fs-3" id="grade-people">2 <span class="fs-6">人</span></div>' in html
    assert "陈明" in html and wang.id_number not in html  # masked in the list


@pytest.mark.parametrize(
    "data,error",
    [
        ({"person_name": "查无此人"}, "本单位没有名为“查无此人”的在册会员，请填写身份证号码"),
        ({"id_number": "320102198506151234"}, "校验"),
        ({"id_number": "NEW"}, "系统中没有该身份证号码的人员，请同时填写姓名"),
        ({"person_name": "陈明", "grade_from": "3", "grade_to": "2"}, "新等级必须高于原等级"),
        ({"person_name": "陈明", "certified_on": "2026-12-01"}, "取证日期不能晚于今天"),
        (
            {"person_name": "陈明", "org": "杭坑村工会"},
            "在您管辖的范围内没有名为“杭坑村工会”的工会",
        ),
        ({}, "请填写身份证号码，或本单位在册会员的姓名"),
    ],
)
def test_bad_input_gets_a_chinese_error_and_writes_nothing(world, client, data, error):
    make_member(world.union_a, name="陈明")
    client.force_login(world.chair_a)
    if data.get("id_number") == "NEW":
        data = {**data, "id_number": make_id_number()}
    body = {
        "org": "桥涯村工会",
        "grade_to": "2",
        "certified_on": "2026-10-01",
        "via": "training",
        **data,
    }
    response = client.post(reverse("competitions:grade_rises"), body)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(error in e for errs in form.errors.values() for e in errs), form.errors
    assert error.split("，")[0] in response.content.decode() or error == "校验"
    assert not GradeRise.objects.exists()


def test_the_same_rise_twice_is_refused(world, client):
    make_member(world.union_a, name="陈明")
    client.force_login(world.chair_a)
    body = {
        "org": "桥涯村工会",
        "person_name": "陈明",
        "grade_to": "2",
        "certified_on": "2026-10-01",
        "via": "training",
    }
    client.post(reverse("competitions:grade_rises"), body)
    response = client.post(reverse("competitions:grade_rises"), body)
    assert "陈明 已于 2026-10-01 登记提升为中级工（桥涯村工会）" in response.content.decode()
    assert GradeRise.objects.count() == 1


def test_scoping_filters_and_a_fixed_number_of_queries(world, client, contest):
    for i in range(3):
        _rise(world, world.union_a, f"甲{i}", competition=contest)
    _rise(world, world.union_a, "甲培训", on=dt.date(2025, 6, 1))
    _rise(world, world.union_b, "乙一", competition=contest)
    url = reverse("competitions:grade_rises")
    # the sibling chair sees only union B, cannot ask for union A, cannot record for it
    client.force_login(world.chair_b)
    page = client.get(url)
    assert [r.person.name for r in page.context["page"]] == ["乙一"]
    assert client.get(url, {"org": world.union_a.pk}).status_code == 404
    response = client.post(
        url,
        {
            "org": "桥涯村工会",
            "id_number": make_id_number(),
            "person_name": "外人",
            "grade_to": "2",
            "certified_on": "2026-10-01",
            "via": "training",
        },
    )
    assert "在您管辖的范围内没有名为“桥涯村工会”的工会" in response.content.decode()
    assert not GradeRise.objects.filter(person__name="外人").exists()
    # the town clerk sees all five, filters by competition, by period and by union
    client.force_login(world.clerk)
    assert client.get(url).context["figures"]["people"] == 5
    by_comp = client.get(url, {"competition": contest.pk}).context["figures"]
    assert (by_comp["people"], by_comp["by_via"]) == (4, {"技能竞赛": 4})
    in_2025 = client.get(url, {"from": "2025-01-01", "to": "2025-12-31"}).context
    assert [r.person.name for r in in_2025["page"]] == ["甲培训"]
    assert client.get(url, {"org": world.union_b.pk}).context["figures"]["people"] == 1
    # the viewer reads but may not write
    client.force_login(world.viewer)
    assert client.get(url).context["form"] is None
    assert client.post(url, {}).status_code == 403
    # the list runs a fixed number of queries, however many rows
    client.force_login(world.clerk)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(6):
        _rise(world, world.union_b, f"乙多{i}", competition=contest)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# -- import, export, figures


def test_import_checks_writes_and_reimports_nothing(world, contest, capsys, tmp_path):
    ids = [make_id_number() for _ in range(5)]
    make_person("李娜", id_number=ids[3])
    rows = [
        ["王强", ids[0], "桥涯村工会", "中级工", "高级工", "2026-10-01", "技能竞赛", contest.name],
        ["赵六", ids[1], "桥涯村", "", "三级", "2026-09-15", "", ""],
        ["钱七", ids[2], "杭坑村工会", "初级", "中级工", "2026-09-15", "培训", ""],
        ["李四", ids[3], "桥涯村工会", "", "中级工", "2026-09-15", "", ""],  # name mismatch
        ["孙八", ids[4], "不存在工会", "", "中级工", "2026-09-15", "", ""],
        ["周九", "12345", "桥涯村工会", "", "中级工", "2026-09-15", "", ""],
        ["吴十", make_id_number(), "桥涯村工会", "高级工", "中级工", "2026-09-15", "", ""],
        ["郑一", make_id_number(), "桥涯村工会", "", "大师", "2026-09-15", "", ""],
        ["王强", ids[0], "桥涯村工会", "", "高级工", "2026-10-02", "", ""],  # duplicate of row 2
        ["冯二", make_id_number(), "桥涯村工会", "", "中级工", "2027-01-01", "", ""],
        ["陈三", make_id_number(), "桥涯村工会", "", "中级工", "2026-09-15", "", "某竞赛"],
    ]
    path = tmp_path / "等级提升.xlsx"
    path.write_bytes(_xlsx(rows))
    capsys.readouterr()
    with pytest.raises(SystemExit):  # exit status 1: some rows were rejected
        call_command("import", "graderises", str(path), "--user", "clerk", "--json")
    checked = json.loads(capsys.readouterr().out)
    assert (checked["accepted"], checked["rejected"], checked["committed"]) == (3, 8, False)
    reasons = {(e["row"], e["column"]): e["reason"] for e in checked["errors"]}
    assert reasons[(5, "姓名")] == "该身份证号码已登记为“李娜”"
    assert "没有名为“不存在工会”的工会" in reasons[(6, "所在工会")]
    assert (7, "公民身份号码") in reasons
    assert reasons[(8, "新等级")] == "新等级必须高于原等级"
    assert "“新等级”不能填“大师”" in reasons[(9, "新等级")]
    assert "与第 2 行重复" in reasons[(10, "公民身份号码")]
    assert (11, "取证日期") in reasons
    assert "没有找到名为“某竞赛”的竞赛" in reasons[(12, "相关竞赛")]
    assert not GradeRise.objects.exists()

    with pytest.raises(SystemExit):
        call_command("import", "graderises", str(path), "--user", "clerk", "--commit", "--json")
    done = json.loads(capsys.readouterr().out)
    assert (done["created"], done["committed"]) == (3, True)
    wang = GradeRise.objects.get(person__name="王强")
    assert (wang.competition, wang.via, wang.grade_from) == (contest, "contest", 2)
    zhao = GradeRise.objects.get(person__name="赵六")
    assert (zhao.org, zhao.grade_to, zhao.via) == (world.union_a, 3, "training")
    assert AuditEvent.objects.filter(kind="import", detail__ledger="graderises").count() == 1
    assert ChangeRecord.objects.filter(model="competitions.graderise").count() == 3

    with pytest.raises(SystemExit):
        call_command("import", "graderises", str(path), "--user", "clerk", "--commit", "--json")
    again = json.loads(capsys.readouterr().out)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert GradeRise.objects.count() == 3 and Person.objects.filter(name="王强").count() == 1

    # figures: the competition's count comes from these rows
    call_command("figures", "competition", "--competition", contest.name, "--json")
    assert json.loads(capsys.readouterr().out)["contest"]["grade_rose"] == 1
    call_command("figures", "graderises", "--org", "太华镇总工会", "--json")
    figures = json.loads(capsys.readouterr().out)
    assert (figures["people"], figures["by_grade"]) == (3, {"中级工": 1, "高级工": 2})

    # export: the same columns, full ID numbers for staff, logged; imports back unchanged
    out = tmp_path / "导出.xlsx"
    call_command("export", "graderises", "-o", str(out), "--user", "clerk")
    exported = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(exported) if r[0] == "姓名")
    assert list(exported[header_at]) == HEADERS
    assert len(exported) - header_at - 1 == 3
    assert AuditEvent.objects.filter(kind="export", detail__ledger="graderises").exists()
    back = graderises_import(user=world.clerk, source=out, filename="导出.xlsx", commit=True)
    assert (back.unchanged, back.created, back.updated, back.rejected) == (3, 0, 0, 0)


def test_import_updates_a_corrected_row_and_keeps_to_the_users_subtree(world, contest):
    some = make_id_number()
    graderises_import(
        user=world.clerk,
        source=_xlsx([["王强", some, "桥涯村工会", "", "中级工", "2026-09-01", "", ""]]),
        filename="a.xlsx",
        commit=True,
    )
    fixed = graderises_import(
        user=world.clerk,
        source=_xlsx([["王强", some, "桥涯村工会", "", "中级工", "2026-09-05", "", ""]]),
        filename="b.xlsx",
        commit=True,
    )
    assert fixed.updated == 1
    assert GradeRise.objects.get().certified_on == dt.date(2026, 9, 5)
    # the sibling chair can neither move it nor name union A
    other = graderises_import(
        user=world.chair_b,
        source=_xlsx(
            [
                ["王强", some, "", "", "中级工", "2026-09-05", "", ""],
                ["赵六", make_id_number(), "桥涯村工会", "", "中级工", "2026-09-05", "", ""],
            ]
        ),
        filename="c.xlsx",
        commit=True,
    )
    assert (other.accepted, other.rejected) == (0, 2)
    reasons = [e.reason for e in other.errors]
    assert "该职工提升为此等级已由“桥涯村工会”登记，不在您的范围内" in reasons
    assert "在您管辖的范围内没有名为“桥涯村工会”的工会" in reasons[1]
    assert GradeRise.objects.get().org == world.union_a


def test_web_import_upload_preview_commit(world, client, contest):
    client.force_login(world.chair_a)
    page = client.get(reverse("competitions:grades_import"))
    assert "下载导入模板" in page.content.decode()
    template = client.get(reverse("competitions:grades_import_template"))
    headers = [
        c.value for c in next(openpyxl.load_workbook(io.BytesIO(template.content)).active.rows)
    ]
    assert headers[:2] == ["姓名", "公民身份号码"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _xlsx(
        [
            ["王强", make_id_number(), "", "", "中级工", "2026-09-01", "", ""],
            ["赵六", "123", "", "", "中级工", "2026-09-01", "", ""],
        ]
    )
    response = client.post(
        reverse("competitions:grades_import"),
        {"file": SimpleUploadedFile("提升.xlsx", data)},
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.context["result"].created == 1 and preview.context["result"].rejected == 1
    assert "公民身份号码" in html and "未通过的行" in html
    assert not GradeRise.objects.exists()
    commit = response["Location"] + "commit/"
    done = client.post(commit, follow=True)
    assert "已导入 提升.xlsx：新增 1 人次" in " ".join(_messages(done))
    assert GradeRise.objects.get().org == world.union_a  # no union column: the chair's own
    # another user cannot open the job
    client.force_login(world.clerk)
    assert client.get(response["Location"]).status_code == 404


# -- API


def _bearer(user):
    _, key = ApiToken.issue(user=user, name="测试")
    return {"Authorization": f"Bearer {key}"}


def test_api_lists_and_creates_within_scope(world, client, contest):
    _rise(world, world.union_a, "甲一", competition=contest)
    _rise(world, world.union_b, "乙一")
    make_member(world.union_a, name="陈明")
    url = reverse("api:grade_rises")
    listed = client.get(url, headers=_bearer(world.clerk)).json()
    assert (listed["people"], len(listed["items"])) == (2, 2)
    only = client.get(url, {"competition": contest.pk}, headers=_bearer(world.clerk)).json()
    assert [i["name"] for i in only["items"]] == ["甲一"]
    mine = client.get(url, headers=_bearer(world.chair_b)).json()
    assert [i["name"] for i in mine["items"]] == ["乙一"]
    assert (
        client.get(url, {"org": world.union_a.pk}, headers=_bearer(world.chair_b)).status_code
        == 404
    )

    create = reverse("api:grade_rises_create")
    body = {
        "org": world.union_a.pk,
        "name": "陈明",
        "grade_from": 1,
        "grade_to": 2,
        "certified_on": "2026-10-01",
        "via": "contest",
        "competition": contest.pk,
    }
    response = client.post(
        create, body, content_type="application/json", headers=_bearer(world.chair_a)
    )
    assert response.status_code == 201, response.content
    assert response.json()["grade_to_label"] == "中级工"
    assert ChangeRecord.objects.filter(model="competitions.graderise", action="create").count() == 3
    again = client.post(
        create, body, content_type="application/json", headers=_bearer(world.chair_a)
    )
    assert again.status_code == 400 and "已于 2026-10-01 登记提升为中级工" in again.json()["detail"]
    sibling = client.post(
        create,
        {**body, "grade_to": 3},
        content_type="application/json",
        headers=_bearer(world.chair_b),
    )
    assert sibling.status_code == 404
    viewer = client.post(
        create,
        {**body, "grade_to": 3},
        content_type="application/json",
        headers=_bearer(world.viewer),
    )
    assert viewer.status_code == 403
    assert GradeRise.objects.filter(person__name="陈明").count() == 1
