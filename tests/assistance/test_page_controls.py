"""The application and campaign pages offer only what will work: 批准 / 不予批准 to whom the
service lets approve, the disbursement form filled from the application, the notice period's
default named."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gonghui.assistance import services as svc
from gonghui.assistance.models import Application, Campaign
from gonghui.assistance.rules import Category, State
from tests.assistance.helpers import D, make_campaign, set_dibao
from tests.factories import make_person

APPROVE = 'name="action" value="approve"'
REJECT = 'name="action" value="reject"'
BATCH_APPROVE = '<option value="approve">批准</option>'


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)):
        yield


def _app(world, campaign, status, **fields):
    person = make_person("张三丰")
    fields.setdefault("cash", D("200"))
    return Application.objects.create(
        campaign=campaign,
        person=person,
        org=world.union_a,
        category=Category.DIBAO,
        household_key=f"P{person.pk}",
        status=status,
        **fields,
    )


def _page(client, user, app) -> str:
    client.force_login(user)
    return client.get(reverse("assistance:application", args=[app.pk])).content.decode()


def test_upper_approval_hides_approve_and_decline_from_the_organiser(world, client):
    set_dibao(world.town)
    campaign = make_campaign(world, approval=Campaign.Approval.UPPER)
    app = _app(world, campaign, State.REPORTED)
    # The rule the service enforces, exposed for the pages.
    assert not svc.may_approve(campaign=campaign, by=world.clerk)
    assert svc.may_approve(campaign=campaign, by=world.approver)
    assert svc.may_approve(campaign=campaign, by=world.county_clerk)
    clerk = _page(client, world.clerk, app)
    assert APPROVE not in clerk and REJECT not in clerk
    assert 'value="disqualify"' in clerk  # 取消资格 stays: the service lets the clerk do it
    approver = _page(client, world.approver, app)
    assert APPROVE in approver and REJECT in approver  # the county decides either way
    # What the page no longer offers, the server still refuses.
    client.force_login(world.clerk)
    act = reverse("assistance:application_act", args=[app.pk])
    client.post(act, {"action": "approve"})
    client.post(act, {"action": "reject", "reason": "不符合"})
    app.refresh_from_db()
    assert app.status == State.REPORTED
    # The campaign's batch form does not offer 批准 to the organiser either.
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert BATCH_APPROVE not in page and '<option value="reject">不予批准</option>' in page


def test_organiser_approval_offers_both_to_the_town_clerk(world, client):
    set_dibao(world.town)
    campaign = make_campaign(world)  # 主办工会审批 (the town)
    app = _app(world, campaign, State.REPORTED)
    clerk = _page(client, world.clerk, app)
    assert APPROVE in clerk and REJECT in clerk
    assert BATCH_APPROVE in client.get(campaign.get_absolute_url()).content.decode()
    chair = _page(client, world.chair_a, app)  # a chair writes but never approves
    assert APPROVE not in chair and REJECT not in chair
    # Before the report, 不予批准 is the writer's own step.
    earlier = _app(world, campaign, State.REVIEWED)
    assert REJECT in _page(client, world.chair_a, earlier)
    client.force_login(world.clerk)
    client.post(reverse("assistance:application_act", args=[app.pk]), {"action": "approve"})
    app.refresh_from_db()
    assert app.status == State.APPROVED


def test_disbursement_form_is_filled_with_the_applications_cash_and_goods(world, client):
    set_dibao(world.town)
    campaign = make_campaign(world)
    app = _app(world, campaign, State.APPROVED, goods="大米、食用油", goods_value=D("80"))
    client.force_login(world.clerk)
    response = client.get(reverse("assistance:application", args=[app.pk]))
    form = response.context["disburse_form"]
    assert {k: form[k].value() for k in ("cash", "item", "quantity", "unit", "value")} == {
        "cash": D("200"),
        "item": "大米、食用油",
        "quantity": 1,
        "unit": "份",
        "value": D("80"),
    }
    html = response.content.decode()
    assert 'name="item" value="大米、食用油"' in html and 'name="value" value="80.00"' in html
    # Submitted as shown, it records one goods line worth 80.
    client.post(
        reverse("assistance:disburse", args=[app.pk]),
        {
            "date": "2026-01-05",
            "method": "in_person",
            **{k: form[k].value() for k in ("cash", "item", "quantity", "unit", "value")},
        },
    )
    line = app.disbursements.get().goods_lines.get()
    assert (line.item, line.quantity, line.unit, line.value) == ("大米、食用油", 1, "份", D("80"))
    # A second instalment starts from what is left, and the goods are not offered again.
    Application.objects.filter(pk=app.pk).update(cash=D("500"))
    form = client.get(reverse("assistance:application", args=[app.pk])).context["disburse_form"]
    assert (form["cash"].value(), form["item"].value()) == (D("300"), None)


def test_cash_only_application_leaves_the_goods_empty(world, client):
    set_dibao(world.town)
    app = _app(world, make_campaign(world), State.APPROVED)
    client.force_login(world.clerk)
    form = client.get(reverse("assistance:application", args=[app.pk])).context["disburse_form"]
    assert (form["item"].value(), form["value"].value()) == (None, None)


def test_notice_days_placeholder_names_the_default(world, client):
    set_dibao(world.town, days=10)
    campaign = make_campaign(world)
    client.force_login(world.clerk)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'placeholder="默认 10 天"' in page
    campaign.notice_days = 5  # the campaign's own period wins over the setting
    campaign.save()
    assert 'placeholder="默认 5 天"' in client.get(campaign.get_absolute_url()).content.decode()


def test_the_upper_approver_declines_with_a_reason(world, client):
    set_dibao(world.town)
    campaign = make_campaign(world, approval=Campaign.Approval.UPPER)
    app = _app(world, campaign, State.REPORTED)
    client.force_login(world.approver)  # read-only role that approves
    act = reverse("assistance:application_act", args=[app.pk])
    client.post(act, {"action": "reject", "reason": ""})
    app.refresh_from_db()
    assert app.status == State.REPORTED  # a decline needs its reason
    client.post(act, {"action": "reject", "reason": "家庭收入超过标准"})
    app.refresh_from_db()
    assert app.status == State.REJECTED
    assert client.post(act, {"action": "close"}).status_code == 403  # and writes nothing else
