import datetime as dt

import time_machine
from django.urls import reverse

from gonghui.accounts.models import ApiToken
from gonghui.competitions import samples
from gonghui.competitions.models import Proposal


def _bearer(user):
    _, key = ApiToken.issue(user=user, name="测试")
    return {"Authorization": f"Bearer {key}"}


def test_competition_figures_and_findings_over_the_api(world, client):
    with time_machine.travel(dt.datetime(2026, 6, 15, 9, 0), tick=False):
        comp = samples.load_pian6(parent=world.county, by=world.county_clerk)
    headers = _bearer(world.county_clerk)
    listed = client.get(reverse("api:competitions"), headers=headers).json()
    assert [c["name"] for c in listed] == [comp.name]
    url = reverse("api:competition_findings", kwargs={"competition_id": comp.pk})
    found = client.get(url, {"on": "2026-06-15"}, headers=headers).json()
    assert found["on_time_count"] == 7
    figures = client.get(
        reverse("api:competition", kwargs={"competition_id": comp.pk}),
        {"on": "2026-06-15"},
        headers=headers,
    ).json()
    assert figures["handins"]["on_time_rate"] == "44.4"
    board = client.get(
        reverse("api:competition_board", kwargs={"competition_id": comp.pk}), headers=headers
    ).json()
    assert len(board) == 12 and len(board[0]["cells"]) == 5
    # the clerk of another town sees nothing of it
    assert client.get(url, headers=_bearer(world.clerk)).status_code == 404


def test_submit_a_proposal_over_the_api(world, client):
    headers = _bearer(world.chair_a)
    response = client.post(
        reverse("api:proposals_create"),
        {"org": world.union_a.pk, "title": "空压机余热回收", "proposer_name": "陈明"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    assert Proposal.objects.get().org == world.union_a
    response = client.post(
        reverse("api:proposals_create"),
        {"org": world.union_a.pk, "title": "x", "proposer_name": "y"},
        content_type="application/json",
        headers=_bearer(world.chair_b),
    )
    assert response.status_code == 404
    figures = client.get(reverse("api:proposal_figures"), headers=headers).json()
    assert figures["submitted"] == 1 and figures["adopted"] == 0
