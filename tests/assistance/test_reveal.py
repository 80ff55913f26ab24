"""Issue 2 on the aid pages: ID numbers are masked; 显示完整号码 (a POST, for the roles that may
unmask) shows them and records one reveal event naming whose numbers were shown."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gonghui.assistance import services as svc
from gonghui.assistance.models import Application, HardshipFile
from gonghui.assistance.rules import Category, State
from gonghui.core.models import AuditEvent
from tests.assistance.helpers import D, make_campaign, set_dibao
from tests.factories import make_person

ID_A = "320102199003070017"  # 张三丰, of union_a
ID_B = "320102198506150022"  # 李四娘, of union_b
MASK_A = "3201**********0017"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def campaign(world):
    set_dibao(world.town)
    return make_campaign(world)


@pytest.fixture
def apps(world, campaign):
    def app(name, id_number, org):
        person = make_person(name, id_number=id_number)
        return Application.objects.create(
            campaign=campaign,
            person=person,
            org=org,
            category=Category.DIBAO,
            household_key=f"P{person.pk}",
            status=State.SUBMITTED,
            cash=D("200"),
        )

    return app("张三丰", ID_A, world.union_a), app("李四娘", ID_B, world.union_b)


def _reveals():
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.REVEAL))


def test_campaign_table_is_masked_for_everyone_by_default(world, campaign, apps, client):
    for user in (world.clerk, world.chair_a, world.viewer):
        client.force_login(user)
        body = client.get(campaign.get_absolute_url()).content.decode()
        assert ID_A not in body and MASK_A in body
    assert _reveals() == []


def test_campaign_reveal_shows_the_page_and_logs_once(world, campaign, apps, client):
    client.force_login(world.clerk)
    body = client.get(campaign.get_absolute_url()).content.decode()
    assert "显示完整号码" in body
    url = reverse("assistance:campaign_reveal", args=[campaign.pk]) + "?state=&page=1"
    response = client.post(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html  # the table fragment only
    assert ID_A in html and ID_B in html and "显示完整号码" not in html
    assert "已显示本页 2 人的完整号码（已记录查看）" in html
    [event] = _reveals()
    assert (event.user, event.org) == (world.clerk, world.town)
    assert event.summary == "查看“2026年两节送温暖”第 1 页 2 人的完整身份证号码：张三丰、李四娘"
    assert event.detail == {
        "campaign": campaign.pk,
        "page": 1,
        "persons": [apps[0].person_id, apps[1].person_id],
    }
    # Looking again is masked again: the full numbers are not sticky.
    again = client.get(campaign.get_absolute_url()).content.decode()
    assert ID_A not in again and MASK_A in again
    assert len(_reveals()) == 1


def test_campaign_reveal_of_a_chair_names_only_their_rows(world, campaign, apps, client):
    client.force_login(world.chair_a)
    url = reverse("assistance:campaign_reveal", args=[campaign.pk])
    page = client.post(url + "?state=submitted").content.decode()
    assert "<html" in page  # without htmx: the whole page, links back to the GET page
    assert ID_A in page and ID_B not in page and "李四娘" not in page
    assert f'href="{campaign.get_absolute_url()}?state=reviewed"' in page
    [event] = _reveals()
    assert (event.user, event.org) == (world.chair_a, world.union_a)
    assert event.detail["persons"] == [apps[0].person_id]


def test_campaign_reveal_of_an_empty_page_logs_nothing(world, campaign, apps, client):
    client.force_login(world.clerk)
    url = reverse("assistance:campaign_reveal", args=[campaign.pk]) + "?state=approved"
    assert client.post(url).status_code == 200
    assert _reveals() == []


def test_roles_without_unmask_get_no_button_and_403(world, campaign, apps, client):
    app = apps[0]
    for user in (world.viewer, world.approver):
        client.force_login(user)
        for url in (campaign.get_absolute_url(), reverse("assistance:application", args=[app.pk])):
            body = client.get(url).content.decode()
            assert "显示完整号码" not in body and ID_A not in body
        assert (
            client.post(reverse("assistance:campaign_reveal", args=[campaign.pk])).status_code
            == 403
        )
        assert (
            client.post(reverse("assistance:application_reveal", args=[app.pk])).status_code == 403
        )
    assert _reveals() == []


def test_application_masked_then_revealed_and_logged(world, campaign, apps, client):
    app = apps[0]
    client.force_login(world.chair_a)
    body = client.get(reverse("assistance:application", args=[app.pk])).content.decode()
    assert ID_A not in body and MASK_A in body and "显示完整号码" in body
    response = client.post(
        reverse("assistance:application_reveal", args=[app.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert ID_A in html and "<html" not in html and "（已记录查看）" in html
    [event] = _reveals()
    assert (event.user, event.org) == (world.chair_a, world.union_a)
    assert event.summary == "查看“2026年两节送温暖”申请人的完整身份证号码：张三丰"
    assert event.detail == {"application": app.pk, "persons": [app.person_id]}
    # chair_b cannot reach union_a's application at all.
    client.force_login(world.chair_b)
    assert client.post(reverse("assistance:application_reveal", args=[app.pk])).status_code == 404
    assert len(_reveals()) == 1


def test_hardship_head_masked_then_revealed_and_logged(world, client, settings):
    set_dibao(world.town)
    file = svc.hardship_file_open(
        org=world.union_a,
        head=make_person("冯十二", id_number=ID_A),
        by=world.clerk,
        cause="illness",
        annual_income=D("8000"),
        household_size=3,
        opened=dt.date(2025, 6, 1),
    )
    HardshipFile.objects.filter(pk=file.pk).update(bank_account="6222021234567890")
    url = reverse("assistance:hardship_file", args=[file.pk])
    client.force_login(world.clerk)
    body = client.get(url).content.decode()
    assert (
        ID_A not in body
        and f'冯十二（<span id="id-number"><span class="id-number">{MASK_A}' in body
    )
    assert "6222021234567890" not in body and "************7890" in body  # 金融账户 too
    response = client.post(reverse("assistance:hardship_reveal", args=[file.pk]))
    revealed = response.content.decode()
    assert response.status_code == 200 and ID_A in revealed and "6222021234567890" in revealed
    [event] = _reveals()
    assert event.summary == "查看困难职工档案户主的完整身份证号码和银行账号：冯十二"
    assert (event.user, event.org) == (world.clerk, world.union_a)
    assert event.detail == {"hardship_file": file.pk, "persons": [file.head_id]}
    # A deployment where staff may not unmask: no button, and the POST is refused.
    settings.UNMASK_ROLES = ["chair"]
    body = client.get(url).content.decode()
    assert "显示完整号码" not in body and ID_A not in body
    assert client.post(reverse("assistance:hardship_reveal", args=[file.pk])).status_code == 403
    assert len(_reveals()) == 1
