"""Adding one contestant on the contest page (by ID number, or by name in the chosen unit),
withdrawing one, and the web import of contestants behind the page's button."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.competitions import services
from gonghui.competitions.models import Competition, Contestant
from gonghui.core.models import ChangeRecord
from gonghui.members.models import Person
from tests.factories import make_id_number, make_member, make_person


@pytest.fixture
def skills(world):
    comp = services.competition_create(
        by=world.clerk,
        name="太华镇2026年职工技能竞赛",
        kind=Competition.Kind.SKILLS,
        organiser=world.town,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 11, 30),
    )
    for org in (world.union_a, world.union_b):
        services.participant_add(by=world.clerk, competition=comp, org=org)
    services.trade_add(by=world.clerk, competition=comp, name="中式烹饪", rounds=("决赛",))
    return comp


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _add(client, comp, **data):
    url = reverse("competitions:contest_setup", kwargs={"pk": comp.pk, "what": "contestant"})
    return client.post(url, data, follow=True)


def test_organiser_adds_by_id_number_and_by_name_in_the_unit(world, client, skills):
    trade = skills.trades.get()
    part_a = skills.participants.get(org=world.union_a)
    part_b = skills.participants.get(org=world.union_b)
    make_member(world.union_a, name="陈明")
    make_member(world.union_b, name="陈明")  # the same name in the sibling union
    client.force_login(world.clerk)
    page = client.get(reverse("competitions:contest", kwargs={"pk": skills.pk}))
    html = page.content.decode()
    assert "添加选手" in html
    assert reverse("competitions:contestants_import", kwargs={"pk": skills.pk}) in html

    new_id = make_id_number()
    response = _add(
        client,
        skills,
        trade=trade.pk,
        participant=part_a.pk,
        id_number=new_id,
        person_name="王强",
        grade_before="2",
    )
    assert "已添加选手 王强（桥涯村工会，中式烹饪）" in _messages(response)
    wang = Contestant.objects.get(person__id_number=new_id)
    assert (wang.participant, wang.grade_before) == (part_a, 2)
    # by name: found among union A's members only, so the namesake of union B is no clash
    response = _add(client, skills, trade=trade.pk, participant=part_a.pk, person_name="陈明")
    chen = Contestant.objects.get(person__name="陈明")
    assert chen.person.memberships.get().org == world.union_a
    assert "王强" in response.content.decode() and "陈明" in response.content.decode()
    assert (
        ChangeRecord.objects.filter(model="competitions.contestant", action="create").count() == 2
    )
    # the same person twice in one trade is refused
    response = _add(client, skills, trade=trade.pk, participant=part_b.pk, id_number=new_id)
    assert "王强 已报名 中式烹饪" in _messages(response)
    assert Contestant.objects.count() == 2


@pytest.mark.parametrize(
    "data,error",
    [
        ({"person_name": "查无此人"}, "本单位没有名为“查无此人”的在册会员，请填写身份证号码"),
        ({"id_number": "NEW"}, "系统中没有该身份证号码的人员，请同时填写姓名"),
        ({"id_number": "KNOWN", "person_name": "别名"}, "该身份证号码登记的姓名是“李娜”"),
        ({}, "请填写身份证号码，或本单位在册会员的姓名"),
        ({"id_number": "3201"}, "身份证号码"),
    ],
)
def test_bad_contestant_input_is_named_in_chinese_and_writes_nothing(
    world, client, skills, data, error
):
    known = make_person("李娜")
    data = dict(data)
    if data.get("id_number") == "NEW":
        data["id_number"] = make_id_number()
    elif data.get("id_number") == "KNOWN":
        data["id_number"] = known.id_number
    client.force_login(world.clerk)
    response = _add(
        client,
        skills,
        trade=skills.trades.get().pk,
        participant=skills.participants.get(org=world.union_a).pk,
        **data,
    )
    assert any(error in m for m in _messages(response)), _messages(response)
    assert not Contestant.objects.exists()
    assert Person.objects.count() == 1


def test_withdraw_removes_contestant_and_scores_with_audit(world, client, skills):
    trade = skills.trades.get()
    part_a = skills.participants.get(org=world.union_a)
    c = services.contestant_add(
        by=world.clerk, trade=trade, participant=part_a, person=make_person("王强")
    )
    services.round_score_record(by=world.clerk, contestant=c, round=trade.rounds.get(), score=88)
    url = reverse("competitions:contestant_remove", kwargs={"pk": skills.pk, "contestant": c.pk})
    client.force_login(world.chair_a)  # a unit's chair does not run the contest
    assert client.post(url).status_code == 403
    client.force_login(world.clerk)
    response = client.post(url, follow=True)
    assert "已将 王强 从 中式烹饪 中移除（含其各轮成绩）" in _messages(response)
    assert not Contestant.objects.exists()
    record = ChangeRecord.objects.get(model="competitions.contestant", action="delete")
    assert record.before["scores"] == {"决赛": "88.00"}
    assert client.post(url).status_code == 404


def test_sibling_chair_and_outsiders_cannot_add(world, client, skills):
    data = {
        "trade": skills.trades.get().pk,
        "participant": skills.participants.get(org=world.union_a).pk,
        "id_number": make_id_number(),
        "person_name": "外人",
    }
    url = reverse("competitions:contest_setup", kwargs={"pk": skills.pk, "what": "contestant"})
    client.force_login(world.chair_b)
    assert client.post(url, data).status_code == 403
    client.force_login(world.approver)  # above the town, not staff
    assert client.post(url, data).status_code == 403
    assert not Contestant.objects.exists()


def test_web_import_of_contestants(world, client, skills):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "公民身份号码", "参赛单位", "竞赛项目", "赛前等级", "决赛成绩", "达到等级"])
    ws.append(["王强", make_id_number(), "桥涯村工会", "中式烹饪", "中级工", 91, "高级工"])
    ws.append(["李娜", make_id_number(), "桥涯村工会", "中式烹饪", "中级工", -1, ""])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(world.clerk)
    url = reverse("competitions:contestants_import", kwargs={"pk": skills.pk})
    assert "下载导入模板" in client.get(url).content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("选手.xlsx", buf.getvalue())})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    result = preview.context["result"]
    assert (result.created, result.rejected) == (1, 1)
    assert result.errors[0].row == 3 and result.errors[0].column == "决赛成绩"
    assert "成绩不能为负数" in preview.content.decode()
    done = client.post(response["Location"] + "commit/", follow=True)
    assert "已导入 选手.xlsx：新增 1 名" in " ".join(_messages(done))
    assert Contestant.objects.get().grade_reached == 3
    # a chair may not import into the organiser's contest
    client.force_login(world.chair_a)
    assert client.get(url).status_code == 403
