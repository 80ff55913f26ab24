import datetime as dt

import pytest
import time_machine

from gonghui.assistance.models import Application, ApplicationEvent, PublicNotice
from gonghui.assistance.rules import Category, State
from tests.assistance.helpers import D, make_campaign, set_dibao
from tests.factories import make_id_number, make_person


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def campaign(world):
    set_dibao(world.town)
    return make_campaign(world)


def _many(world, campaign, n, status=State.REVIEWED):
    persons = [
        make_person(f"户{i}", id_number=make_id_number(dt.date(1961, 1, 1) + dt.timedelta(days=i)))
        for i in range(n)
    ]
    Application.objects.bulk_create(
        [
            Application(
                campaign=campaign,
                person=p,
                org=world.union_a if i % 2 else world.union_b,
                category=Category.DIBAO,
                household_key=f"P{p.pk}",
                status=status,
                cash=D("200"),
            )
            for i, p in enumerate(persons)
        ]
    )


def test_campaign_page_queries_do_not_grow_with_rows(
    world, campaign, client, django_assert_max_num_queries
):
    _many(world, campaign, 5)
    client.force_login(world.clerk)
    client.get(f"/assistance/campaigns/{campaign.pk}/")  # warm the session
    with django_assert_max_num_queries(30) as few:
        client.get(f"/assistance/campaigns/{campaign.pk}/")
    _many(world, campaign, 80)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/assistance/campaigns/{campaign.pk}/")
    assert response.content.decode().count('name="ids"') == 85


def test_chair_sees_only_their_union(world, campaign, client):
    _many(world, campaign, 6)
    client.force_login(world.chair_a)
    html = client.get(f"/assistance/campaigns/{campaign.pk}/").content.decode()
    assert html.count('name="ids"') == 3


def test_300_on_notice_in_one_post(world, campaign, client):
    _many(world, campaign, 300)
    client.force_login(world.clerk)
    response = client.post(
        f"/assistance/campaigns/{campaign.pk}/batch/?state=reviewed",
        {"action": "put_on_notice", "all": "1", "nt-starts": "2026-01-05", "nt-days": ""},
    )
    notice = PublicNotice.objects.get()
    assert response["Location"] == f"/assistance/notices/{notice.pk}/"
    assert (notice.starts, notice.ends) == (dt.date(2026, 1, 5), dt.date(2026, 1, 11))
    assert Application.objects.filter(status=State.ON_NOTICE, notice=notice).count() == 300
    assert client.get(f"/assistance/notices/{notice.pk}/").status_code == 200


def test_clerk_journey_and_an_illegal_step(world, campaign, client):
    client.force_login(world.chair_a)
    response = client.post(
        f"/assistance/campaigns/{campaign.pk}/apply/",
        {
            "name": "张三丰",
            "id_number": "320102199003070017",
            "org": world.union_a.pk,
            "category": "dibao",
            "household_size": "2",
            "reason": "因病致困",
        },
    )
    app = Application.objects.get()
    assert response["Location"] == f"/assistance/applications/{app.pk}/"
    act = f"/assistance/applications/{app.pk}/act/"
    response = client.post(act, {"action": "report_up"}, follow=True)
    assert "不能上报审批：只有“公示无异议”的申请可以上报审批" in response.content.decode()
    assert client.post(act, {"action": "approve"}).status_code == 403  # a chair does not approve
    client.post(
        act,
        {"action": "review", "visit_date": "2026-01-05", "visitors": "李主席", "findings": "属实"},
    )
    assert Application.objects.get().status == State.REVIEWED
    again = client.post(
        f"/assistance/campaigns/{campaign.pk}/apply/",
        {
            "name": "张三丰",
            "id_number": "320102199003070017",
            "org": world.union_a.pk,
            "category": "dibao",
            "household_size": "2",
        },
    )
    assert "同一户已在“2026年两节送温暖”中申请" in again.content.decode()
    assert ApplicationEvent.objects.filter(application=app).count() == 2


def test_disbursement_with_goods_and_receipt_scan(world, campaign, client):
    person = make_person("王五")
    app = Application.objects.create(
        campaign=campaign,
        person=person,
        org=world.union_a,
        category="dibao",
        household_key=f"P{person.pk}",
        status=State.APPROVED,
        cash=D("200"),
    )
    client.force_login(world.clerk)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        f"/assistance/applications/{app.pk}/disburse/",
        {
            "date": "2026-01-20",
            "method": "in_person",
            "cash": "200",
            "item": "毛毯",
            "quantity": "1",
            "unit": "床",
            "value": "80",
            "handled_by": "李四",
            "receipt_signed": "on",
            "receipt_scan": SimpleUploadedFile("签收单.pdf", b"%PDF-1.4 scan", "application/pdf"),
        },
    )
    app.refresh_from_db()
    assert app.status == State.DISBURSED
    d = app.disbursements.get()
    assert (d.cash, d.receipt_signed, d.goods_lines.get().item) == (D("200"), True, "毛毯")
    assert d.receipt_scan.name.endswith(".pdf")
    client.post(f"/assistance/applications/{app.pk}/act/", {"action": "close"})
    app.refresh_from_db()
    assert app.status == State.CLOSED


def test_hardship_pages_are_staff_only(world, client):
    set_dibao(world.town)
    client.force_login(world.clerk)
    response = client.post(
        "/assistance/hardship/new/",
        {
            "name": "褚十四",
            "id_number": "320102198506150022",
            "org": world.union_a.pk,
            "cause": "illness",
            "annual_income": "12000",
            "rigid_spending": "0",
            "household_size": "3",
            "sudden_costs": "0",
            "opened": "2025-06-01",
            "spouse": "卫十五",
            "children": "褚小一、褚小二",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "深度困难" in page and "褚小二（子女）" in page
    client.force_login(world.chair_a)
    assert client.get(response["Location"]).status_code == 403
