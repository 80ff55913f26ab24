import datetime as dt

import pytest
import time_machine

from gonghui.accounts.models import ApiToken
from gonghui.assistance.models import Application, PublicNotice
from tests.assistance.helpers import make_campaign, set_dibao


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)):
        yield


def _auth(user):
    _, key = ApiToken.issue(user=user, name="测试")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_campaign_run_over_the_api(world, client):
    set_dibao(world.town)
    clerk, chair = _auth(world.clerk), _auth(world.chair_a)
    response = client.post(
        "/api/v1/aid/campaigns",
        {
            "name": "2026年临时救助",
            "kind": "temporary",
            "start": "2026-01-01",
            "end": "2026-12-31",
        },
        content_type="application/json",
        **clerk,
    )
    assert response.status_code == 201, response.json()
    cid = response.json()["id"]
    assert (
        client.post(
            "/api/v1/aid/campaigns",
            {"name": "x", "kind": "warmth", "start": "2026-01-01", "end": "2026-01-02"},
            content_type="application/json",
            **chair,
        ).status_code
        == 403
    )
    response = client.post(
        f"/api/v1/aid/campaigns/{cid}/applications",
        {
            "name": "张三丰",
            "id_number": "320102199003070017",
            "org": world.union_a.pk,
            "category": "illness",
            "household_size": 3,
            "cash": "3000",
        },
        content_type="application/json",
        **chair,
    )
    assert response.status_code == 201, response.json()
    app = response.json()
    assert (app["status"], app["id_number"]) == ("submitted", "320102199003070017")
    again = client.post(
        f"/api/v1/aid/campaigns/{cid}/applications",
        {
            "name": "张三丰",
            "id_number": "320102199003070017",
            "org": world.union_a.pk,
            "category": "illness",
        },
        content_type="application/json",
        **chair,
    )
    assert again.status_code == 409
    assert "同一户已在" in again.json()["detail"]

    def move(action, who=clerk, **extra):
        return client.post(
            "/api/v1/aid/transitions",
            {"action": action, "ids": [app["id"]], **extra},
            content_type="application/json",
            **who,
        )

    illegal = move("approve")
    assert illegal.status_code == 409
    assert "不能批准：只有“已上报”的申请可以批准" in illegal.json()["detail"]
    assert (
        move("review", chair, visit_date="2026-01-05", visitors="李", findings="属实").status_code
        == 200
    )
    noticed = move("put_on_notice", starts="2025-12-20").json()
    assert noticed["public_url"].endswith(f"/public/aid/{PublicNotice.objects.get().token}/")
    assert move("clear_notice").json()["status"] == "cleared"
    assert move("report_up").json()["status"] == "reported"
    refused = move("approve", chair)
    assert (refused.status_code, refused.json()["detail"]) == (
        409,
        "只有工会工作人员或审批人可以审批",
    )
    assert move("approve").json()["status"] == "approved"
    response = client.post(
        f"/api/v1/aid/applications/{app['id']}/disbursements",
        {
            "date": "2026-01-05",
            "method": "bank",
            "cash": "3000",
            "receipt_signed": True,
            "goods": [{"item": "食用油", "quantity": "2", "unit": "桶", "value": "120"}],
        },
        content_type="application/json",
        **clerk,
    )
    assert response.status_code == 201
    assert response.json()["goods_value"] in ("120.00", "120")
    assert Application.objects.get().status == "disbursed"
    figures = client.get(f"/api/v1/aid/figures?campaign={cid}", **clerk).json()
    assert (figures["households"], figures["cash"], figures["goods_value"]) == (
        1,
        "3000.00",
        "120.00",
    )
    # chair_b sees neither the application nor its figures
    other = _auth(world.chair_b)
    assert client.get(f"/api/v1/aid/applications/{app['id']}", **other).status_code == 404
    assert client.get(f"/api/v1/aid/figures?campaign={cid}", **other).json()["households"] == 0


def test_viewer_reads_masked(world, client):
    campaign = make_campaign(world)
    from tests.assistance.helpers import apply

    apply(world, campaign)
    rows = client.get(
        f"/api/v1/aid/campaigns/{campaign.pk}/applications", **_auth(world.viewer)
    ).json()
    assert rows[0]["id_number"].count("*") == 10
